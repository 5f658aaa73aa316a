"""Pages of the civil toolkit: record a closure notice, injunction, CBO or contract from a case, the
court's decision on a closure notice, the steps that follow, each order's page with its clocks and
legal tests, and the register of orders with filters. (PSPOs, about places, are pages of ``places``.)"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from saferplaces.asb import civil, civil_rules, selectors
from saferplaces.asb.forms_civil import FORMS, CivilListForm, CivilStepForm, ClosureOrderForm, default_times
from saferplaces.asb.models import CivilKind, PartyRole
from saferplaces.asb.views_enforcement import _notice_form, _visible
from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.core.dates import add_months
from saferplaces.policy import access
from saferplaces.policy.gate import view_with_justification
from saferplaces.policy.rules import require_permission

LIST_SHOWN = 100

#: kind → (page heading, button, the Act's test in a sentence, for the form's introduction)
CREATE_TEXT = {
    CivilKind.CLOSURE_NOTICE: (
        "Issue a closure notice", "Issue the notice",
        "Section 76 of the Anti-social Behaviour, Crime and Policing Act 2014: a police inspector or above, or the "
        "local authority, may close premises for up to 24 hours (48 with a superintendent or the chief executive's "
        "designate, section 77). Inform the occupiers and anyone with an interest, and consult as appropriate "
        "(section 76(6)-(7)). An application for a closure order must then be heard by the magistrates within 48 "
        "hours of service (section 80(3)). Crack house closures are a priority of the strategy."),
    CivilKind.INJUNCTION: (
        "Record a civil injunction", "Record the injunction",
        "Part 1 of the 2014 Act: the county court (a youth court for under-18s) may grant an injunction against "
        "someone aged 10 or over if satisfied on the balance of probabilities that they have engaged or threaten to "
        "engage in anti-social behaviour, and that it is just and convenient to grant it (section 1). Applicants are "
        "those listed in section 5; for a respondent under 18 the youth offending team must be consulted first "
        "(section 14)."),
    CivilKind.CBO: (
        "Record a Criminal Behaviour Order", "Record the order",
        "Part 2 of the 2014 Act: on the prosecution's application, the court that convicts an offender may make an "
        "order in addition to the sentence (section 22). It lasts 1 to 3 years for under-18s, whose order the police "
        "review every 12 months (section 28), and at least 2 years (or indefinitely) for adults (section 25)."),
    CivilKind.ABC: (
        "Record an Acceptable Behaviour Contract", "Record the contract",
        "A voluntary written agreement between the person and the agencies, with no statutory basis: it lists what "
        "they agree not to do and the support offered, typically for 6 months."),
}


def civil_create(request, pk, kind):
    """Record one of the person- or premises-based tools from a case."""
    if kind not in FORMS:
        raise Http404("No such kind of order")
    case = selectors.case_access(actor=request.user, case_id=pk, action="change")
    form_class = FORMS[kind]
    heading, button, intro = CREATE_TEXT[kind]
    if kind == CivilKind.CLOSURE_NOTICE:
        form = form_class(request.POST or None, initial={**default_times(), "address": case.location,
                                                         "postcode": case.postcode})

        def save(f):
            return civil.closure_notice_issue(actor=request.user, case=case, **f.cleaned_data)
    else:
        parties = selectors.parties_of(case, request.user, role=PartyRole.PERPETRATOR)
        today = timezone.localdate()
        initial = {"applied_on": today, "made_on": today}
        if kind == CivilKind.ABC:
            initial["expires_on"] = add_months(today, civil_rules.ABC_MONTHS)
        form = form_class(request.POST or None, parties=parties, initial=initial)

        def save(f):
            data = dict(f.cleaned_data)
            party = f.parties[data.pop("party")]
            data.pop("granted", None)
            return civil.civil_order_record(actor=request.user, case=case, kind=kind, party=party, **data)
    return _notice_form(request, case, form, save, title=heading, heading=heading, button=button,
                        success=f"{CivilKind(kind).label.split(' (')[0]} recorded", intro=intro)


def closure_order_create(request, pk):
    """The magistrates' decision on the application that follows a closure notice."""
    notice = selectors.civil_access(actor=request.user, order_id=pk, action="change")
    if notice.kind != CivilKind.CLOSURE_NOTICE:
        raise Http404("A closure order follows a closure notice")
    form = ClosureOrderForm(request.POST or None, initial={
        "made_on": timezone.localdate(), "grounds": notice.grounds, "terms": notice.terms})
    hearing = civil_rules.closure_hearing_by(timezone.localtime(notice.served_at))
    return _notice_form(
        request, notice, form,
        lambda f: civil.closure_order_record(actor=request.user, notice=notice, **f.cleaned_data),
        title="Record the closure order hearing", heading="Record the court's decision", button="Record the decision",
        success="Decision recorded",
        intro=f"The application had to be heard by {hearing:%H:%M on %-d %B %Y} (48 hours after service, section "
              "80(3)); the court may adjourn for up to 14 days (section 81). An order lasts at most 3 months "
              "(section 80(6)) and may be extended to 6 months in all (section 82).")


def civil_step_add(request, pk):
    order = selectors.civil_access(actor=request.user, order_id=pk, action="change")
    kinds = civil.steps_available(order)
    if not kinds:
        raise Http404("Nothing more can be recorded against it")
    form = CivilStepForm(request.POST or None, kinds=kinds, initial={"on": timezone.localdate()})
    return _notice_form(
        request, order, form,
        lambda f: civil.civil_step_record(actor=request.user, order=order, **f.cleaned_data),
        title="Record what happened", heading="Record what happened", button="Record it", success="Recorded",
        intro="A court's decision, an extension, a breach, a review or the order's end.")


def civil_detail(request, pk):
    order = selectors.civil_access(actor=request.user, order_id=pk)

    def show():
        now = timezone.now()
        followed = getattr(order, "followed_by", None) if hasattr(order, "followed_by") else None
        hearing = civil.closure_hearing_due(order)
        youth = order.subject_dob is not None and order.made_on is not None and civil_rules.age_on(
            order.subject_dob, order.applied_on or order.made_on) < civil_rules.ADULT
        return render(request, "asb/civil_detail.html", {
            "order": order, "reasons": access.explain(request.user, order), "steps": order.steps.all(),
            "can_change": access.can(request.user, "change", order),
            "case_visible": access.can(request.user, "view", order.case),
            "follows": _visible(request.user, order.follows), "followed_by": _visible(request.user, followed),
            "hearing_by": hearing, "hearing_late": hearing is not None and hearing < now,
            "hours": (civil_rules.hours_counted(timezone.localtime(order.served_at), timezone.localtime(order.ends_at))
                      if order.kind == CivilKind.CLOSURE_NOTICE else None),
            "reviews": civil.cbo_reviews(order), "youth": youth,
            "expired": order.expired(now), "today": timezone.localdate(),
            "can_step": bool(civil.steps_available(order)),
        })

    return view_with_justification(request, order, show)


def civil_print(request, pk):
    """The closure notice as a document to serve and fix to the premises, with what section 76(5)
    says it must contain."""
    order = selectors.civil_access(actor=request.user, order_id=pk)
    if order.kind != CivilKind.CLOSURE_NOTICE:
        raise Http404("Only a closure notice has a printable document here")
    return view_with_justification(request, order, lambda: render(request, "asb/print_closure_notice.html", {
        "order": order, "advice": settings.ASB["CLOSURE_ADVICE"],
        "authority": civil_rules.CLOSURE_AUTHORITIES.get(order.authority, ("",))[0].split(" (")[0]}))


def civil_list(request):
    """The register of closure notices and orders, injunctions, CBOs and contracts the viewer may see;
    every search is logged with its reason."""
    require_permission(request.user, "personal.search")
    form = CivilListForm(request.GET or None)
    results, total = None, 0
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        orders = selectors.civil_search(actor=request.user, query=data["q"], kind=data["kind"], status=data["status"])
        total = orders.count()
        shown = list(orders[:LIST_SHOWN])
        decisions = access.decide(request.user, shown)
        results = [(o, decisions[o].reasons()) for o in shown]
        access_record(actor=request.user, action=AccessAction.SEARCH, record_type="asb.civilorder",
                      reason=data["reason"], justification=data["justification"], path=request.path,
                      detail={"query": data["q"], "kind": data["kind"], "status": data["status"], "results": total})
    return render(request, "asb/civil_list.html", {
        "form": form, "results": results, "total": total, "shown": LIST_SHOWN, "now": timezone.now(),
        "pspo_url": reverse("places:pspos")})
