from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from saferplaces.audit.justification import record_key, remembered
from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.people import selectors, services
from saferplaces.people.forms import PersonForm, PersonSearchForm
from saferplaces.people.sections import person_sections
from saferplaces.policy import access
from saferplaces.policy.gate import view_with_justification
from saferplaces.policy.rules import require_permission
from saferplaces.tabular import csv_text

RESULTS_SHOWN = 50


def person_list(request):
    """Search people; every search is logged with its reason."""
    require_permission(request.user, "personal.search")
    form = PersonSearchForm(request.GET or None)
    results = None
    total = 0
    if form.is_bound and form.is_valid():
        people = selectors.person_search(actor=request.user, query=form.cleaned_data["q"])
        total = people.count()
        results = list(people[:RESULTS_SHOWN])
        access_record(
            actor=request.user,
            action=AccessAction.SEARCH,
            record_type="people.person",
            reason=form.cleaned_data["reason"],
            justification=form.cleaned_data["justification"],
            path=request.path,
            detail={"query": form.cleaned_data["q"], "results": total},
        )
    return render(
        request,
        "people/person_list.html",
        {
            "form": form,
            "results": results,
            "total": total,
            "shown": RESULTS_SHOWN,
        },
    )


def person_export(request):
    """CSV of the people a search finds that the actor may export; logged with its reason."""
    require_permission(request.user, "personal.export")
    form = PersonSearchForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        return render(request, "people/person_list.html", {"form": form, "results": None}, status=400)
    people = list(selectors.person_search(actor=request.user, query=form.cleaned_data["q"], action="export"))
    access_record(
        actor=request.user,
        action=AccessAction.EXPORT,
        record_type="people.person",
        reason=form.cleaned_data["reason"],
        justification=form.cleaned_data["justification"],
        path=request.path,
        detail={"query": form.cleaned_data["q"], "rows": len(people), "ids": [p.pk for p in people]},
    )
    body = csv_text(
        ["id", "agency", "forename", "surname", "date_of_birth", "sex", "postcode", "address", "reference"],
        (
            [p.pk, p.owner_agency.name, p.forename, p.surname, p.date_of_birth or "", p.sex, p.postcode, p.address,
             p.source_reference]
            for p in people
        ),
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="people-{stamp}.csv"'
    return response


def person_detail(request, pk):
    person = selectors.person_access(actor=request.user, person_id=pk)

    def show():
        # The reason given for the main record covers the linked records shown with it; each is
        # logged as its own access event.
        reason = remembered(request.session, record_key(person))
        linked, hidden = selectors.linked_records(actor=request.user, person=person)
        linked_rows = []

        def log(record):
            access_record(actor=request.user, action=AccessAction.VIEW, record=record, reason=reason["reason"],
                          justification=reason["justification"], basis=access.basis_text(request.user, record),
                          path=request.path, detail={"shown_with": person.pk})

        for other in linked:
            log(other)
            linked_rows.append({"person": other, "reasons": access.explain(request.user, other)})
        return render(
            request,
            "people/person_detail.html",
            {
                "person": person,
                "reasons": access.explain(request.user, person),
                "can_grant": access.can(request.user, "grant", person),
                "person_key": selectors.person_key(person),
                "linked": linked_rows,
                "hidden_count": hidden,
                "extra_sections": person_sections(request.user, person, [row["person"] for row in linked_rows], log),
            },
        )

    return view_with_justification(request, person, show)


def person_create(request):
    require_permission(request.user, "personal.change")
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = services.person_create(actor=request.user, **form.cleaned_data)
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form})
