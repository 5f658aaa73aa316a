from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from saferplaces.audit.justification import record_key
from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.people import selectors, services
from saferplaces.people.forms import PersonForm, PersonSearchForm
from saferplaces.people.offer import similar_offer
from saferplaces.people.sections import person_chronology, person_sections
from saferplaces.policy import access
from saferplaces.policy.gate import shown_with, view_with_justification
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
        # The reason given for the main record covers the records shown with it; each is logged as
        # its own access event.
        linked, hidden = selectors.linked_records(actor=request.user, person=person)
        decisions = shown_with(request, person, linked)
        decision = access.decide(request.user, [person])[person]
        logged = {record_key(other) for other in linked}

        def fresh(records):
            # One view event per record per page: the chronology shows records a section showed too.
            new = [r for r in records if record_key(r) not in logged]
            logged.update(record_key(r) for r in new)
            return new

        def shown(records):
            records = list(records)
            new = fresh(records)
            if len(new) == len(records):
                return shown_with(request, person, records)
            if new:
                shown_with(request, person, new)
            return access.decide(request.user, records)

        def log_fresh(records):
            new = fresh(records)
            if new:
                shown_with(request, person, new)

        sections = person_sections(request.user, person, linked, shown)
        return render(
            request,
            "people/person_detail.html",
            {
                "person": person,
                "reasons": decision.reasons(),
                "can_grant": decision.allows("grant"),
                "person_key": selectors.person_key(person),
                "linked": [{"person": other, "reasons": decisions[other].reasons()} for other in linked],
                "hidden_count": hidden,
                "extra_sections": sections,
                "chronology": person_chronology(request.user, person, linked, log_fresh),
            },
        )

    return view_with_justification(request, person, show)


def person_create(request):
    """Record a person, after offering the similar records the actor may see (``people.offer``):
    choosing one opens it instead."""
    require_permission(request.user, "personal.change")
    form = PersonForm(request.POST or None)
    offer = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        offer = similar_offer(request, forename=data["forename"], surname=data["surname"],
                              date_of_birth=data["date_of_birth"], postcode=data["postcode"])
        if offer.chosen is not None:
            return redirect("people:detail", pk=offer.chosen.pk)
        if offer.new:
            person = services.person_create(actor=request.user, **data)
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, **(offer.context() if offer else {})})
