from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from saferplaces.audit.justification import JustificationForm
from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.core import suppression
from saferplaces.core.importpage import import_page
from saferplaces.core.listing import PAGE_SIZE, Listing, Page, Sort, csv_response, requested_page
from saferplaces.offenders import board, charts, leads, overlap, selectors, services, views_gangs
from saferplaces.offenders.exports_registry import export_recorded
from saferplaces.offenders.forms import EndForm, MembershipForm
from saferplaces.offenders.models import SHORT, Cohort, CohortMembership, CohortNote
from saferplaces.people import notes
from saferplaces.people.selectors import person_access
from saferplaces.policy import access
from saferplaces.policy.gate import view_with_justification
from saferplaces.policy.rules import may, require_permission
from saferplaces.tabular import csv_text


def _period(request, *, months: bool):
    """The period asked for; months only for those who see exact figures (see core.suppression)."""
    period = selectors.parse_period(request.GET.get("period"))
    if period is None or (not months and "Q" not in period.code):
        raise Http404("No such period")
    return period


def overlap_report(request):
    """Overlap of the cohorts in a month or quarter: matrix, UpSet chart and the lead-agency rules.
    Those who do not work the cases see quarters only, suppressed as in the export."""
    require_permission(request.user, "evidence.view")
    exact = may(request.user, suppression.EXACT_PERMISSION)
    period = _period(request, months=exact)
    result = selectors.partnership_overlap(period)
    shown = None if exact else overlap.published(result)
    labels = {c: SHORT[c] for c in result.cohorts}

    def pair(a, b):
        key = (a, b) if (a, b) in result.pairs else (b, a)
        return result.pairs.get(key) if exact else shown.pairs.get(key)

    matrix = [{"cohort": a, "label": labels[a],
               "cells": [(b, labels[b], (result.sizes[a] if exact else shown.sizes[a]) if a == b else pair(a, b))
                         for b in result.cohorts]} for a in result.cohorts]
    counts = result.intersections if exact else shown.intersections
    intersections = [{"names": " + ".join(labels[c] for c in result.cohorts if c in combo), "count": n,
                      "size": len(combo)} for combo, n in counts]
    chart = charts.upset_svg(list(result.cohorts), labels, result.intersections) if exact else ""
    periods = [p for p in selectors.period_choices() if exact or "Q" in p.code]
    return render(request, "offenders/overlap.html", {
        "period": period, "periods": periods, "people": result.people if exact else shown.people,
        "labels": labels, "matrix": matrix, "intersections": intersections, "exact": exact,
        "note": suppression.NOTE,
        "chart": mark_safe(chart),  # noqa: S308 - built from escaped text
        "rules": leads.RULES, "full_names": dict(Cohort.choices),
    })


def overlap_export(request):
    """The overlap report as CSV for a quarter, small numbers suppressed so that it may leave the
    partnership (no months: a month's figures could be subtracted from its quarter's)."""
    require_permission(request.user, "evidence.view")
    period = _period(request, months=False)
    result = selectors.partnership_overlap(period)
    rows = board.overlap_rows(result)
    body = csv_text([f"cohort overlap {period.label}", "cohorts", "people"], rows + [["note", "", suppression.NOTE]])
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cohort-overlap-{period.code}.csv"'
    return response


#: the cohort members' sort keys: the people are grouped, sorted and paged in the database
#: (``selectors.members_page``), by the fields it names; the descending order reverses every field
MEMBER_SORTS = {
    "person": Sort("Person", ("surname", "forename", "member_key")),
    "cohorts": Sort("Cohorts", ("cohorts", "surname", "forename", "member_key"), descending_first=True),
}


def page_of_people(request, read) -> Page:
    """The page the request asks for of a list of people grouped in the database: ``read(start=, size=)``
    returns that slice's rows and the number of people in all (counted with the grouping, so the total
    shown is exact at no extra cost). As before every page can be reached (the grouping costs the same
    whatever the offset); a page past the last shows the last."""
    number = requested_page(request)
    got = read(start=(number - 1) * PAGE_SIZE, size=PAGE_SIZE)
    if not got.rows and number > 1:  # past the end: the slice says nothing of the total, so ask for it
        total = read(start=0, size=1).total
        number = max(1, -(-total // PAGE_SIZE))
        got = read(start=(number - 1) * PAGE_SIZE, size=PAGE_SIZE)
    return Page(got.rows, number, number * PAGE_SIZE < got.total, got.total, False)


class MemberListing(Listing):
    """:class:`Listing`'s sort headers and query strings over the people ``selectors.members_page`` groups
    in the database; ``cohort`` narrows the people to that cohort's members."""

    def __init__(self, request, *, cohort: str = ""):  # noqa: D107 - Listing's reading of sort, then the page
        self._read_sort(request, MEMBER_SORTS, "-cohorts", PAGE_SIZE)
        self.page = page_of_people(request, lambda start, size: selectors.members_page(
            actor=request.user, fields=self.sorts[self.key].fields, descending=self.descending, start=start,
            size=size, cohort=cohort))


class MembersForm(JustificationForm):
    cohort = forms.ChoiceField(label="Cohort", required=False, choices=[("", "Every cohort")] + list(Cohort.choices))
    field_order = ["cohort", "reason", "justification"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].widget.attrs["class"] = "govuk-select"


def _members_asked(request, form):
    """Every member the filters find (the export): the list page reads one page (:class:`MemberListing`)."""
    rows = selectors.members(actor=request.user)
    cohort = form.cleaned_data["cohort"]
    if cohort:
        rows = [row for row in rows if any(m.cohort == cohort for m in row.memberships)]
    return rows


def members(request):
    """Current cohort members the viewer may see, with suggested lead agency, sorted and paged in the
    database; each page is logged as a search with its reason, naming the memberships it shows (the
    page's, not every member's: the others are not shown until their page is)."""
    require_permission(request.user, "personal.search")
    form = MembersForm(request.GET or None)
    listing = None
    if form.is_bound and form.is_valid():
        listing = MemberListing(request, cohort=form.cleaned_data["cohort"])
        access_record(actor=request.user, action=AccessAction.SEARCH, record_type="offenders.cohortmembership",
                      reason=form.cleaned_data["reason"], justification=form.cleaned_data["justification"],
                      path=request.path, detail={**listing.filters("cohort"), "people": listing.page.total,
                                                 "page": listing.page.number,
                                                 "ids": [m.pk for row in listing.page for m in row.memberships]})
    return render(request, "offenders/members.html", {
        "form": form, "listing": listing, "page": listing.page if listing else None,
        "query": listing.page_query if listing else "", "today": timezone.localdate(),
        "export_query": listing.query(page=None, sort=None) if listing else ""})


def members_export(request):
    """The cohort members the filters find, as CSV: one row per membership the viewer may export;
    logged as an export with its reason."""
    require_permission(request.user, "personal.export")
    form = MembersForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        return render(request, "offenders/members.html", {"form": form, "listing": None}, status=400)
    rows = _members_asked(request, form)
    memberships = [m for row in rows for m in row.memberships]
    exportable = access.decide(request.user, memberships)
    memberships = [m for m in memberships if exportable[m].allows("export")]
    access_record(actor=request.user, action=AccessAction.EXPORT, record_type="offenders.cohortmembership",
                  reason=form.cleaned_data["reason"], justification=form.cleaned_data["justification"],
                  path=request.path, detail={"cohort": form.cleaned_data["cohort"], "rows": len(memberships),
                                             "ids": [m.pk for m in memberships]})
    lead = {m.pk: row.suggestion.lead if row.suggestion else "" for row in rows for m in row.memberships}
    # Registered, so that removing a gangs-cohort member lists this download for recall (offenders.gangs).
    export_recorded(actor=request.user, kind="offenders:members_export", records=memberships)
    return csv_response("cohort-members", ["person_id", "forename", "surname", "held_by", "cohort", "since",
                                           "membership_agency", "suggested_lead", "gangs_mark"],
                        ([m.person_id, m.person.forename, m.person.surname, m.person.owner_agency.short_name,
                          m.get_cohort_display(), m.started_on, m.owner_agency.short_name, lead[m.pk],
                          views_gangs.mark_label(m) if m.cohort == Cohort.GANGS else ""]
                         for m in memberships))


def membership_create(request, person_pk):
    """Add a person held by the viewer's agency to a cohort."""
    person = person_access(actor=request.user, person_id=person_pk, action="change")

    def show():  # the form shows the person: asked and logged as their page is
        form = MembershipForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.membership_create(actor=request.user, person=person, **form.cleaned_data)
            except services.MembershipError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Added to the cohort")
                return redirect("people:detail", pk=person.pk)
        return render(request, "offenders/membership_form.html", {"form": form, "person": person})

    return view_with_justification(request, person, show)


def membership_end(request, pk):
    membership = access.fetch(request.user, CohortMembership.objects.select_related("person"), pk, "change")

    def show():  # the form shows the membership and its person: asked and logged as a record page is
        form = EndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.membership_end(actor=request.user, membership=membership, **form.cleaned_data)
            except services.MembershipError as error:
                form.add_error("ended_on", str(error))
            else:
                messages.success(request, "Membership ended")
                return redirect("people:detail", pk=membership.person_id)
        return render(request, "offenders/membership_end.html", {"form": form, "membership": membership})

    return view_with_justification(request, membership, show)


def membership_import(request):
    """Import a cohort list (CSV) for the viewer's agency: every row checked, all or nothing."""
    require_permission(request.user, "personal.change")
    return import_page(request, title="Import a cohort list", file_label="CSV file of cohort memberships",
                       noun="membership", columns=services.IMPORT_COLUMNS, allowed={"Cohorts": Cohort.values},
                       run=lambda text: services.memberships_import(actor=request.user, text=text))


# --- notes on a cohort membership --------------------------------------------------------------

def _membership(request, pk, action="view"):
    return access.fetch(request.user, CohortMembership.objects.select_related("person", "owner_agency",
                                                                               "lead_agency"), pk, action)


def _notes_url(membership) -> str:
    return reverse("offenders:membership_notes", kwargs={"pk": membership.pk})


def membership_notes(request, pk):
    """A cohort membership and its notes: every contact with or about the member in the cohort."""
    membership = _membership(request, pk)
    summary = [("Cohort", membership.get_cohort_display()), ("From", f"{membership.started_on:%d %B %Y}"),
               ("To", f"{membership.ended_on:%d %B %Y}" if membership.ended_on else "Current"),
               ("Held by", membership.owner_agency.name)]
    if membership.iom_lead:
        summary.append(("IOM lead", membership.get_iom_lead_display()))
    if membership.strand:
        summary.append(("Strand", membership.get_strand_display()))
    if membership.risk_level:
        summary.append(("Risk of serious harm", membership.get_risk_level_display()))
    if membership.lead_agency_id:
        officer = f", {membership.lead_officer}" if membership.lead_officer else ""
        summary.append(("Lead (decided)", f"{membership.lead_agency.short_name}{officer}: {membership.lead_reason}"))
    if membership.exit_reason:
        summary.append(("Why it ended", membership.get_exit_reason_display()))
    if membership.notes:
        summary.append(("Notes on joining", membership.notes))
    summary += views_gangs.membership_summary(membership)
    return notes.record_notes_page(
        request, model=CohortNote, parent=membership, heading=str(membership), caption="Cohort membership",
        summary=summary, back=reverse("people:detail", kwargs={"pk": membership.person_id}),
        add_url=reverse("offenders:note_add", kwargs={"pk": membership.pk}), file_url="offenders:note_file",
        correct_url="offenders:note_correct")


def note_add(request, pk):
    membership = _membership(request, pk, "change")
    return notes.note_add_page(request, model=CohortNote, parent=membership, back=_notes_url(membership),
                               caption=str(membership))


def note_correct(request, pk):
    return notes.note_correct_page(request, model=CohortNote, note_id=pk,
                                   back=lambda n: _notes_url(n.membership), caption=lambda n: str(n.membership))


def note_file(request, pk):
    return notes.note_file_page(request, model=CohortNote, note_id=pk)
