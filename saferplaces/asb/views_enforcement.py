"""Pages for warnings and notices, the partners' CPN portal and its export, and case reviews."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from saferplaces.asb import enforcement, selectors, services
from saferplaces.asb.forms import (
    ContributionForm,
    DecisionForm,
    NoticeForm,
    NoticeStatusForm,
    PortalSearchForm,
    ReviewStartForm,
    StepForm,
    WarningForm,
)
from saferplaces.asb.models import NoticeKind, PartyRole
from saferplaces.asb.views_cases import form_page
from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.core.listing import Listing, Sort, csv_response
from saferplaces.policy import access
from saferplaces.policy.gate import view_with_justification
from saferplaces.policy.rules import may, require_permission

#: the register's sort keys: each is backed by an index on ``ProtectionNotice``
PORTAL_SORTS = {
    "issued": Sort("Dates", ("issued_on",), descending_first=True),
    "recipient": Sort("Recipient and address", ("recipient_name",)),
    "status": Sort("Status", ("status", "-issued_on")),
}
PORTAL_FILTERS = ("q", "kind", "status")


def _notice_form(request, record, form, save, *, title, heading, button, success, intro="", back=None):
    """A form about a case or a notice: it shows the record (a warning form names the recipients), so
    it asks for the reason as the record's page does and logs the view."""

    def show():
        if request.method == "POST" and form.is_valid():
            try:
                result = save(form)
            except enforcement.EnforcementError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, success)
                return redirect(result.get_absolute_url() if hasattr(result, "get_absolute_url")
                                else record.get_absolute_url())
        return form_page(request, form, title=title, heading=heading, caption=str(record), intro=intro, button=button,
                         extra={"back": back or record.get_absolute_url()})

    return view_with_justification(request, record, show)


def warning_create(request, pk):
    case = selectors.case_access(actor=request.user, case_id=pk, action="change")
    parties = selectors.parties_of(case, request.user, role=PartyRole.PERPETRATOR)
    form = WarningForm(request.POST or None, parties=parties, initial={"issued_on": timezone.localdate()})
    policy = services.policy()
    return _notice_form(
        request, case, form,
        lambda f: enforcement.warning_issue(actor=request.user, case=case, party=f.parties[f.cleaned_data["party"]],
                                            conduct=f.cleaned_data["conduct"], conditions=f.cleaned_data["conditions"],
                                            issued_on=f.cleaned_data["issued_on"]),
        title="Issue a Community Protection Warning", heading="Issue a Community Protection Warning",
        button="Issue the warning", success="Warning issued",
        intro=f"The written warning required by section 43(5) of the Anti-social Behaviour, Crime and Policing Act "
              f"2014. It gives the recipient {policy.comply_days} days to stop; a notice may follow after that. "
              "Recipients must be 16 or over, or a business. Add the alleged perpetrator as a party first.")


def notice_create(request, pk):
    """Escalate a warning to a Community Protection Notice."""
    warning = selectors.notice_access(actor=request.user, notice_id=pk, action="change")
    if warning.kind != NoticeKind.WARNING:
        raise Http404("Only a warning can be escalated")
    form = NoticeForm(request.POST or None, initial={"issued_on": timezone.localdate(), "conduct": warning.conduct,
                                                     "conditions": warning.conditions})
    policy = services.policy()
    return _notice_form(
        request, warning, form,
        lambda f: enforcement.notice_issue(actor=request.user, warning=warning, **f.cleaned_data),
        title="Issue a Community Protection Notice", heading="Issue a Community Protection Notice",
        button="Issue the notice", success="Notice issued",
        intro=f"The recipient may appeal to a magistrates' court within {policy.appeal_days} days (section 46). The "
              f"notice lasts {policy.cpn_months} months (local policy).")


def step_add(request, pk):
    notice = selectors.notice_access(actor=request.user, notice_id=pk, action="change")
    form = StepForm(request.POST or None, initial={"on": timezone.localdate()})
    return _notice_form(
        request, notice, form,
        lambda f: enforcement.step_record(actor=request.user, notice=notice, **f.cleaned_data),
        title="Record a breach, appeal or sanction", heading="Record a breach, appeal or sanction",
        button="Record it", success="Recorded",
        intro="A fixed penalty, prosecution, remedial action or forfeiture follows a recorded breach.")


def notice_status(request, pk):
    notice = selectors.notice_access(actor=request.user, notice_id=pk, action="change")
    form = NoticeStatusForm(request.POST or None)
    return _notice_form(
        request, notice, form,
        lambda f: enforcement.notice_set_status(actor=request.user, notice=notice, status=f.cleaned_data["status"]),
        title="Change the status", heading="Change the status", button="Change the status", success="Status changed")


def _visible(actor, record):
    return record if record is not None and access.can(actor, "view", record) else None


def notice_detail(request, pk):
    notice = selectors.notice_access(actor=request.user, notice_id=pk)

    def show():
        case_visible = notice.case is not None and access.can(request.user, "view", notice.case)
        return render(request, "asb/notice_detail.html", {
            "notice": notice, "reasons": access.explain(request.user, notice), "steps": notice.steps.all(),
            "can_change": access.can(request.user, "change", notice), "case_visible": case_visible,
            "case_changeable": case_visible and access.can(request.user, "change", notice.case),
            # The warning and notice of one chain may be held by different agencies: link only what may be seen.
            "escalation": _visible(request.user, getattr(notice, "notice", None)
                                   if notice.kind == NoticeKind.WARNING else None),
            "warning": _visible(request.user, notice.warning),
            "today": timezone.localdate(),
        })

    return view_with_justification(request, notice, show)


def notice_print(request, pk):
    """The warning letter or the notice, from its template, as a printable page."""
    notice = selectors.notice_access(actor=request.user, notice_id=pk)
    template = "asb/print_warning.html" if notice.kind == NoticeKind.WARNING else "asb/print_notice.html"
    return view_with_justification(request, notice, lambda: render(request, template, {
        "notice": notice, "policy": services.policy()}))


def portal(request):
    """The partners' register of warnings and notices; every search is logged with its reason."""
    require_permission(request.user, "personal.search")
    form = PortalSearchForm(request.GET or None)
    listing, results = None, None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        notices = selectors.portal_search(actor=request.user, query=data["q"], kind=data["kind"],
                                          status=data["status"])
        listing = Listing(request, notices, sorts=PORTAL_SORTS, default="-issued")
        shown = listing.page.object_list
        decisions = access.decide(request.user, shown)
        results = [(n, decisions[n].reasons()) for n in shown]
        access_record(actor=request.user, action=AccessAction.SEARCH, record_type="asb.protectionnotice",
                      reason=data["reason"], justification=data["justification"], path=request.path,
                      detail={**listing.filters(*PORTAL_FILTERS), "query": data["q"], "page": listing.page.number,
                              "results": listing.page.total, "results_capped": listing.page.total_capped,
                              "shown": [n.pk for n in shown]})
    return render(request, "asb/portal.html", {
        "form": form, "results": results, "listing": listing, "page": listing.page if listing else None,
        "query": listing.page_query if listing else "", "today": timezone.localdate()})


def portal_export(request):
    """CSV of the warnings and notices a portal search finds that the viewer may export; logged."""
    require_permission(request.user, "personal.export")
    form = PortalSearchForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        return render(request, "asb/portal.html", {"form": form, "results": None}, status=400)
    data = form.cleaned_data
    notices = list(selectors.portal_search(actor=request.user, query=data["q"], kind=data["kind"],
                                           status=data["status"], action="export"))
    access_record(actor=request.user, action=AccessAction.EXPORT, record_type="asb.protectionnotice",
                  reason=data["reason"], justification=data["justification"], path=request.path,
                  detail={"query": data["q"], "rows": len(notices), "ids": [n.pk for n in notices]})
    return csv_response(
        "cpn-register",
        ["reference", "type", "issued_by_agency", "recipient", "business", "address", "postcode", "conduct",
         "conditions", "issued_on", "comply_by", "appeal_by", "expires_on", "status"],
        ([n.reference, n.get_kind_display(), n.owner_agency.name, n.recipient_name, "yes" if n.is_business else "no",
          n.address, n.postcode, n.conduct, n.conditions, n.issued_on, n.comply_by, n.appeal_by or "", n.expires_on,
          n.get_status_display()] for n in notices))


# --- ASB case review (Community Trigger) ------------------------------------------------------

def review(request, pk):
    case = selectors.case_access(actor=request.user, case_id=pk)

    def show():
        item = getattr(case, "review", None) if hasattr(case, "review") else None
        return render(request, "asb/review.html", {
            "case": case, "review": item, "policy": services.policy(), "today": timezone.localdate(),
            "contributions": item.contributions.select_related("agency", "author") if item else [],
            "can_change": access.can(request.user, "change", case),
            "reasons": access.explain(request.user, case),
        })

    return view_with_justification(request, case, show)


def _review_form(request, pk, form_class, save, *, action, title, button, success, intro=""):
    case = selectors.case_access(actor=request.user, case_id=pk, action=action)
    if not may(request.user, "personal.change"):
        raise Http404("No such record")  # a page about one record: refusals look like a missing record
    item = getattr(case, "review", None) if hasattr(case, "review") else None
    form = form_class(request.POST or None, initial={"requested_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            save(case, item, form)
        except services.CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return redirect("asb:review", pk=case.pk)
    return form_page(request, form, title=title, heading=title, caption=str(case), intro=intro, button=button,
                     extra={"back": reverse("asb:review", kwargs={"pk": case.pk})})


def _need_review(item):
    if item is None:
        raise services.CaseError("No case review has been requested for this case")
    return item


def review_start(request, pk):
    policy = services.policy()
    return _review_form(
        request, pk, ReviewStartForm,
        lambda case, item, form: services.review_start(actor=request.user, case=case, **form.cleaned_data),
        action="change", title="Record a case review request", button="Record the request",
        success="Case review request recorded",
        intro=f"The threshold is {policy.trigger_complaints} complaints in {policy.trigger_months} months. The "
              f"applicant hears the outcome within {policy.review_days} days.")


def review_contribute(request, pk):
    return _review_form(
        request, pk, ContributionForm,
        lambda case, item, form: services.review_contribute(actor=request.user, review=_need_review(item),
                                                            **form.cleaned_data),
        action="view", title="Contribute to the case review", button="Send the contribution",
        success="Contribution recorded",
        intro="What your agency knows about the case and the people in it, what it has done, and what it proposes.")


def review_decide(request, pk):
    return _review_form(
        request, pk, DecisionForm,
        lambda case, item, form: services.review_decide(actor=request.user, review=_need_review(item),
                                                        **form.cleaned_data),
        action="change", title="Record the review's decision", button="Record the decision",
        success="Decision recorded")
