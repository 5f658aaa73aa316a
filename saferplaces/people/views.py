from django.shortcuts import redirect, render

from saferplaces.audit.justification import record_key
from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.core.listing import Listing, Sort, csv_response
from saferplaces.people import selectors, services
from saferplaces.people.forms import PersonForm, PersonSearchForm
from saferplaces.people.offer import similar_offer
from saferplaces.people.sections import person_chronology, person_sections
from saferplaces.policy import access
from saferplaces.policy.gate import shown_with, view_with_justification
from saferplaces.policy.rules import require_permission

#: the people list's sort keys: each is backed by an index on ``Person`` (see its ``Meta.indexes``)
PERSON_SORTS = {
    "name": Sort("Name", ("surname", "forename")),
    "born": Sort("Date of birth", ("date_of_birth",)),
    "postcode": Sort("Postcode", ("postcode",)),
}
#: the same sorts for a search that finds few records: the name through ``selectors.sorted_apart``
FEW_SORTS = {**PERSON_SORTS, "name": Sort("Name", ("_surname", "_forename"))}


def person_list(request):
    """Search people, one sorted page at a time; every page of results is logged with its reason."""
    require_permission(request.user, "personal.search")
    form = PersonSearchForm(request.GET or None)
    listing = None
    if form.is_bound and form.is_valid():
        people = selectors.person_search(actor=request.user, query=form.cleaned_data["q"])
        few = selectors.sorted_apart(people)
        listing = Listing(request, people if few is None else few, sorts=PERSON_SORTS if few is None else FEW_SORTS,
                          default="name")
        access_record(
            actor=request.user,
            action=AccessAction.SEARCH,
            record_type="people.person",
            reason=form.cleaned_data["reason"],
            justification=form.cleaned_data["justification"],
            path=request.path,
            detail={**listing.filters("q"), "query": form.cleaned_data["q"], "page": listing.page.number,
                    "results": listing.page.total,
                    "results_capped": listing.page.total_capped, "shown": [p.pk for p in listing.page]},
        )
    return render(
        request,
        "people/person_list.html",
        {
            "form": form,
            "listing": listing,
            "page": listing.page if listing else None,
            "query": listing.page_query if listing else "",
        },
    )


def person_export(request):
    """CSV of the people a search finds that the actor may export; logged with its reason."""
    require_permission(request.user, "personal.export")
    form = PersonSearchForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        return render(request, "people/person_list.html", {"form": form, "listing": None}, status=400)
    people = list(selectors.person_search(actor=request.user, query=form.cleaned_data["q"], action="export")
                  .order_by("surname", "forename", "pk"))
    access_record(
        actor=request.user,
        action=AccessAction.EXPORT,
        record_type="people.person",
        reason=form.cleaned_data["reason"],
        justification=form.cleaned_data["justification"],
        path=request.path,
        detail={"query": form.cleaned_data["q"], "rows": len(people), "ids": [p.pk for p in people]},
    )
    return csv_response(
        "people",
        ["id", "agency", "forename", "surname", "date_of_birth", "sex", "postcode", "address", "reference"],
        (
            [p.pk, p.owner_agency.name, p.forename, p.surname, p.date_of_birth or "", p.sex, p.postcode, p.address,
             p.source_reference]
            for p in people
        ),
    )


def person_detail(request, pk):
    person = selectors.person_access(actor=request.user, person_id=pk)

    def show():
        # The reason given for the main record covers the records shown with it; each is logged as
        # its own access event. Policy decides on each record once in the request (a GET remembers its
        # decisions: policy.access.remembering_agreements), so asking again below costs no query.
        key = selectors.person_key(person)
        linked, hidden = selectors.linked_records(actor=request.user, person=person, key=key or "")
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
        chronology = person_chronology(request.user, person, linked, log_fresh)
        return render(
            request,
            "people/person_detail.html",
            {
                "person": person,
                "reasons": decision.reasons(),
                "can_grant": decision.allows("grant"),
                "person_key": key,
                "linked": [{"person": other, "reasons": decisions[other].reasons()} for other in linked],
                "hidden_count": hidden,
                "extra_sections": sections,
                "chronology": chronology,
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
