"""Pages of the caseload: the list, a member's case page (needs over time, referrals, ETE, places,
panels), the forms that record them, panel meetings, and the overlap matrix's drill-down."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from saferplaces.audit.justification import JustificationForm
from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.core import suppression
from saferplaces.core.listing import Listing, Sort
from saferplaces.directory.forms_contracts import ServiceSearchForm
from saferplaces.directory.search_referrals import need_choices, service_for_referral, services_for_referral
from saferplaces.offenders import caseload as reads
from saferplaces.offenders import casework, overlap, selectors, services
from saferplaces.offenders.forms import (
    CaseloadForm,
    CaseManagementForm,
    EteForm,
    InterventionForm,
    NeedsForm,
    OutcomeForm,
    PanelActionForm,
    PanelAttendanceForm,
    PanelCaseForm,
    PanelForm,
    PlaceForm,
)
from saferplaces.offenders.models import (
    SHORT,
    Cohort,
    CohortMembership,
    Intervention,
    Panel,
    PanelCase,
)
from saferplaces.offenders.views import _period, page_of_people
from saferplaces.policy import access
from saferplaces.policy.gate import view_with_justification
from saferplaces.policy.rules import may, require_permission

CASELOAD_SORTS = {
    "person": Sort("Person", ("person__surname", "person__forename")),
    "cohort": Sort("Cohort", ("cohort", "strand")),
    "risk": Sort("Risk", ("risk_rank",), descending_first=True),
    "lead": Sort("Lead agency", ("lead_agency__short_name",)),
    "review": Sort("Next review", ("last_assessed",)),
}


def caseload(request):
    """Current cohort members the viewer may see, one row per membership, with strand, lead, risk, needs
    and next review; filtered, sorted and paged; each page logged as a search with its reason."""
    require_permission(request.user, "personal.search")
    form = CaseloadForm(request.GET or None)
    listing, rows = None, []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        queryset = reads.caseload(request.user, cohort=data["cohort"], strand=data["strand"],
                                  risk_level=data["risk_level"], lead_agency=data["lead_agency"])
        listing = Listing(request, queryset, sorts=CASELOAD_SORTS, default="review")
        access_record(actor=request.user, action=AccessAction.SEARCH, record_type="offenders.cohortmembership",
                      reason=data["reason"], justification=data["justification"], path=request.path,
                      detail={**listing.filters("cohort", "strand", "risk_level", "lead_agency"),
                              "rows": listing.page.total, "page": listing.page.number,
                              "ids": [m.pk for m in listing.page.object_list]})
        rows = [{"m": m, "needs": reads.needs_summary(m), "review": reads.next_review(m.last_assessed)}
                for m in listing.page.object_list]
    return render(request, "offenders/caseload.html", {
        "form": form, "listing": listing, "page": listing.page if listing else None, "rows": rows,
        "query": listing.page_query if listing else "", "today": timezone.localdate()})


def _membership(request, pk, action="view"):
    return access.fetch(request.user, CohortMembership.objects.select_related("person", "owner_agency",
                                                                               "lead_agency"), pk, action)


def _case_url(membership) -> str:
    return reverse("offenders:case", kwargs={"pk": membership.pk})


def case(request, pk):
    """A member's case: case management beside the suggested lead, needs as change over time, referrals
    and outcomes, ETE status over time, programme places and the panels that discussed them. The records
    shown are part of the membership's case file: seen by exactly those who may see the membership."""
    membership = _membership(request, pk)

    def show():
        today = timezone.localdate()
        assessments = list(membership.needs.order_by("assessed_on", "pk"))
        person_memberships = list(selectors.visible_memberships(request.user, people=[membership.person]))
        return render(request, "offenders/case.html", {
            "m": membership, "can_change": access.can(request.user, "change", membership),
            "suggestion": selectors.suggestion_for(person_memberships, today),
            "assessments": assessments, "needs": reads.needs_change(assessments),
            "next_review": reads.next_review(assessments[-1].assessed_on if assessments else membership.started_on),
            "interventions": membership.interventions.all(), "ete": membership.ete.all(),
            "places": membership.places.select_related("programme"),
            "panel_cases": membership.panel_cases.select_related("panel").prefetch_related("actions"),
        })

    return view_with_justification(request, membership, show)


def _form_page(request, *, form, title: str, caption: str, back: str, save, done: str):
    """A form page: on a valid POST run ``save(cleaned_data)`` and go back, or show the service's refusal."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except services.MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect(back)
    return render(request, "offenders/form.html", {"form": form, "title": title, "caption": caption, "back": back})


def _member_form(request, pk, *, make_form, title: str, done: str, save):
    membership = _membership(request, pk, "change")

    def show():
        return _form_page(request, form=make_form(membership), title=title, caption=str(membership.person),
                          back=_case_url(membership), done=done, save=lambda data: save(membership, data))

    return view_with_justification(request, membership, show)


def manage(request, pk):
    return _member_form(
        request, pk, title="Strand, risk and lead", done="Case management saved",
        make_form=lambda m: CaseManagementForm(request.POST or None, cohort=m.cohort, initial={
            "strand": m.strand, "risk_level": m.risk_level, "lead_agency": m.lead_agency,
            "lead_officer": m.lead_officer, "lead_reason": m.lead_reason, "iom_lead": m.iom_lead}),
        save=lambda m, data: services.membership_update(actor=request.user, membership=m, **data))


def needs_add(request, pk):
    def save(m, data):
        form_scores = {code: data[code] for code in data if code not in ("assessed_on", "notes")}
        casework.needs_record(actor=request.user, membership=m, assessed_on=data["assessed_on"],
                              scores=form_scores, notes=data["notes"])

    return _member_form(request, pk, title="Record needs", done="Needs recorded", save=save,
                        make_form=lambda m: NeedsForm(request.POST or None))


def intervention_find(request, pk):
    """Find the service in the directory by need and words (the victims' referral search, reused); each
    result leads to the referral form filled in from that service."""
    membership = _membership(request, pk, "change")

    def show():
        form = ServiceSearchForm(request.GET or None, needs=need_choices())
        choices = None
        if form.is_bound and form.is_valid():
            add = reverse("offenders:intervention_add", kwargs={"pk": membership.pk})
            found = services_for_referral(need=form.cleaned_data["need"], words=form.cleaned_data["q"])
            choices = [(service, f"{add}?service={service.pk}") for service in found]
        return render(request, "offenders/intervention_find.html",
                      {"form": form, "m": membership, "choices": choices})

    return view_with_justification(request, membership, show)


def _directory_service(service_id: str):
    if not service_id:
        return None
    try:
        return service_for_referral(uuid.UUID(service_id))
    except ValueError:
        raise Http404("No such service") from None


def intervention_add(request, pk):
    """The referral form: typed in, or (``?service=``) filled in from the directory's service and linked
    to it. The name and provider are copied, so the record reads the same if the service leaves."""
    service = _directory_service(request.GET.get("service", ""))
    initial = {"referred_on": timezone.localdate()}
    if service is not None:
        initial.update(service_name=service.name[:200], provider=service.organization.name[:200])
    title = f"Refer to {service.name} (from the directory)" if service is not None else "Refer to a service"
    return _member_form(request, pk, title=title, done="Referral recorded",
                        make_form=lambda m: InterventionForm(request.POST or None, initial=initial),
                        save=lambda m, data: casework.intervention_create(actor=request.user, membership=m,
                                                                          directory_service=service, **data))


def ete_add(request, pk):
    return _member_form(request, pk, title="Record education, training or employment", done="Status recorded",
                        make_form=lambda m: EteForm(request.POST or None),
                        save=lambda m, data: casework.ete_record(actor=request.user, membership=m, **data))


def place_add(request, pk):
    return _member_form(request, pk, title="Give a place on a programme", done="Place given",
                        make_form=lambda m: PlaceForm(request.POST or None),
                        save=lambda m, data: services.place_take(actor=request.user, membership=m, **data))


def intervention_outcome(request, pk):
    intervention = access.fetch(request.user, Intervention.objects.select_related("membership__person"), pk, "change")

    def show():
        return _form_page(request, form=OutcomeForm(request.POST or None, initial={"outcome": intervention.outcome}),
                          title="Outcome of the referral", caption=str(intervention),
                          back=_case_url(intervention.membership), done="Outcome recorded",
                          save=lambda data: casework.intervention_outcome(actor=request.user,
                                                                          intervention=intervention, **data))

    return view_with_justification(request, intervention, show)


# --- panels ---------------------------------------------------------------------------------------

def panels(request):
    """Panel meetings, newest first, with their attendance by agency: no personal data on this page."""
    require_permission(request.user, "personal.view")
    panel_list = Panel.objects.select_related("chair_agency").prefetch_related("attendances__agency")[:100]
    return render(request, "offenders/panels.html", {"panels": panel_list})


def panel_create(request):
    require_permission(request.user, "personal.change")
    form = PanelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        panel = casework.panel_create(actor=request.user, **form.cleaned_data)
        messages.success(request, "Panel recorded")
        return redirect("offenders:panel", pk=panel.pk)
    return render(request, "offenders/form.html", {"form": form, "title": "Record a panel meeting",
                                                   "caption": "Panels", "back": reverse("offenders:panels")})


def _panel(pk) -> Panel:
    return get_object_or_404(Panel.objects.select_related("chair_agency"), pk=pk)


def panel(request, pk):
    """A panel: attendance by agency, and (once the viewer says why) the members discussed whose
    membership the viewer may see, with actions; that list is logged like a search."""
    require_permission(request.user, "personal.view")
    panel = _panel(pk)
    form = JustificationForm(request.GET or None)
    cases = None
    if form.is_bound and form.is_valid():
        visible = selectors.visible_memberships(request.user)
        cases = list(PanelCase.objects.filter(panel=panel, membership__in=visible)
                     .select_related("membership__person", "membership__owner_agency")
                     .prefetch_related("actions__action_agency"))
        access_record(actor=request.user, action=AccessAction.SEARCH, record_type="offenders.panelcase",
                      reason=form.cleaned_data["reason"], justification=form.cleaned_data["justification"],
                      path=request.path, detail={"panel": panel.pk, "ids": [c.membership_id for c in cases]})
    can_change = may(request.user, "personal.change")
    return render(request, "offenders/panel.html", {
        "panel": panel, "attendances": panel.attendances.select_related("agency"), "form": form, "cases": cases,
        "can_change": can_change})


def panel_attendance(request, pk):
    require_permission(request.user, "personal.change")
    panel = _panel(pk)
    form = PanelAttendanceForm(request.POST or None)
    return _form_page(request, form=form, title="Record attendance", caption=str(panel),
                      back=reverse("offenders:panel", kwargs={"pk": panel.pk}), done="Attendance recorded",
                      save=lambda data: casework.panel_attendance_record(actor=request.user, panel=panel, **data))


def panel_case_add(request, pk):
    """Add a member the viewer's agency holds in the panel's cohort to the panel's list."""
    require_permission(request.user, "personal.change")
    panel = _panel(pk)
    choices = access.scope(request.user, CohortMembership.objects.filter(cohort=panel.kind, ended_on__isnull=True)
                           .select_related("person"), "change").order_by("person__surname", "pk")
    form = PanelCaseForm(request.POST or None, memberships=choices)
    return _form_page(request, form=form, title="Add a member discussed", caption=str(panel),
                      back=reverse("offenders:panel", kwargs={"pk": panel.pk}), done="Member added",
                      save=lambda data: casework.panel_case_add(actor=request.user, panel=panel, **data))


def panel_action_add(request, pk):
    case = access.fetch(request.user, PanelCase.objects.select_related("panel", "membership__person"), pk, "change")

    def show():
        return _form_page(request, form=PanelActionForm(request.POST or None), title="Add a panel action",
                          caption=f"{case.membership.person}: {case.panel}",
                          back=reverse("offenders:panel", kwargs={"pk": case.panel_id}), done="Action added",
                          save=lambda data: casework.panel_action_create(actor=request.user, case=case, **data))

    return view_with_justification(request, case, show)


# --- overlap drill-down -----------------------------------------------------------------------

def _without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def overlap_cell(request):
    """The people in one cell of the overlap matrix whom the viewer may see, a page at a time (grouped,
    sorted and paged in the database: ``selectors.cell_page``); each page is logged as a search naming
    the memberships it shows. The page repeats the cell's
    figure exactly as the matrix shows it to this viewer (suppressed for those who do not work the
    cases) and adds only the length of the list it shows: never how many are hidden."""
    require_permission(request.user, "personal.search")
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if a not in Cohort.values or b not in Cohort.values:
        raise Http404("No such cohort")
    exact = may(request.user, suppression.EXACT_PERMISSION)
    period = _period(request, months=exact)
    result = selectors.partnership_overlap(period)
    if a == b:
        figure = result.sizes[a] if exact else overlap.published(result).sizes[a]
    else:
        key = (a, b) if (a, b) in result.pairs else (b, a)
        figure = result.pairs[key] if exact else overlap.published(result).pairs[key]
    form = JustificationForm(request.GET if "reason" in request.GET else None)
    page = None
    if form.is_bound and form.is_valid():
        page = page_of_people(request, lambda start, size: selectors.cell_page(
            actor=request.user, period=period, a=a, b=b, start=start, size=size))
        # The page's memberships: the people on other pages are logged when their page is shown.
        access_record(actor=request.user, action=AccessAction.SEARCH, record_type="offenders.cohortmembership",
                      reason=form.cleaned_data["reason"], justification=form.cleaned_data["justification"],
                      path=request.path, detail={"cell": [a, b], "period": period.code, "people": page.total,
                                                 "page": page.number,
                                                 "ids": [m.pk for row in page for m in row.memberships]})
    names = SHORT[Cohort(a)] if a == b else f"{SHORT[Cohort(a)]} and {SHORT[Cohort(b)]}"
    return render(request, "offenders/overlap_cell.html", {
        "a": a, "b": b, "names": names, "period": period, "figure": figure, "exact": exact, "form": form,
        "page": page, "rows": None if page is None else page.object_list, "query": _without_page(request)})
