"""Pages for MARAC meetings. A meeting, a case or an action the viewer may not reach answers 404
(``policy.access.fetch``); every page showing a meeting or a case asks for the reason first and
logs each view, with the records shown alongside it (``policy.gate``)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.core import suppression
from saferplaces.marac import rules, selectors, services
from saferplaces.marac.forms import ActionForm, AttendanceForm, CaseForm, MeetingForm, MeetingListForm, ResearchForm
from saferplaces.marac.models import AgeBand, Ethnicity, Gender, Orientation, YesNoUnknown
from saferplaces.plans.quarters import Quarter
from saferplaces.policy import access
from saferplaces.policy.gate import shown_with, view_with_justification
from saferplaces.policy.rules import may, require_permission


def _form_page(request, form, *, title, heading, back, caption="", intro="", button="Save"):
    return render(request, "marac/form.html", {"form": form, "title": title, "heading": heading, "back": back,
                                               "caption": caption, "intro": intro, "button": button})


def _coordinator_only(request, meeting):
    """The case list, attendance list and actions are the coordinating agency's to keep: anyone
    else reaching these forms (an attending agency) gets the answer a hidden record gets."""
    if request.user.agency_id != meeting.owner_agency_id:
        raise access.refuse(request.user, meeting, "change")


def meetings(request):
    """Meetings the viewer may see; opening the list is logged as a search with its reason."""
    require_permission(request.user, "personal.search")
    form = MeetingListForm(request.GET or None)
    found = None
    if form.is_bound and form.is_valid():
        found = list(selectors.visible_meetings(request.user)[:200])
        access_record(actor=request.user, action=AccessAction.SEARCH, record_type="marac.maracmeeting",
                      reason=form.cleaned_data["reason"], justification=form.cleaned_data["justification"],
                      path=request.path, detail={"results": len(found)})
    return render(request, "marac/meetings.html", {"form": form, "meetings": found})


def meeting_create(request):
    require_permission(request.user, "personal.change")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        messages.success(request, "Meeting recorded")
        return redirect("marac:meeting_detail", pk=meeting.pk)
    return _form_page(request, form, title="Record a MARAC meeting", heading="Record a MARAC meeting",
                      back="marac:meetings", button="Record the meeting",
                      intro="Your agency holds the meeting: it keeps the case list, the attendance and the actions.")


def meeting_detail(request, pk):
    meeting = selectors.meeting_access(actor=request.user, meeting_id=pk)

    def show():
        cases = selectors.cases_of(meeting, request.user)
        research = selectors.research_of(cases, request.user)
        actions = selectors.actions_of(cases, request.user)
        # The cases, research and actions shown with the meeting: each view is logged as its own event.
        shown_with(request, meeting, [*cases, *research, *actions])
        attendance = selectors.attendance_of(meeting)
        by_case = {case.pk: {"case": case, "research": [], "actions": []} for case in cases}
        for item in research:
            by_case[item.case_id]["research"].append(item)
        for item in actions:
            by_case[item.case_id]["actions"].append(item)
        listed = [a.agency for a in attendance]
        for entry in by_case.values():
            done = {r.owner_agency_id for r in entry["research"]}
            entry["awaiting"] = [agency for agency in listed if agency.pk not in done]
        return render(request, "marac/meeting_detail.html", {
            "meeting": meeting, "reasons": access.explain(request.user, meeting), "cases": list(by_case.values()),
            "attendance": attendance, "is_coordinator": request.user.agency_id == meeting.owner_agency_id
            and may(request.user, "personal.change"), "today": timezone.localdate(),
        })

    return view_with_justification(request, meeting, show)


def case_add(request, pk):
    meeting = selectors.meeting_access(actor=request.user, meeting_id=pk, action="change")
    _coordinator_only(request, meeting)

    def show():  # the form shows the meeting: asked and logged as its page is
        form = CaseForm(request.POST or None, referrals=selectors.referrals_to_hear(actor=request.user,
                                                                                   meeting=meeting))
        if request.method == "POST" and form.is_valid():
            try:
                case = services.case_add(actor=request.user, meeting=meeting, **form.cleaned_data)
            except services.MaracError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Repeat case added" if case.repeat else "Case added")
                return redirect("marac:meeting_detail", pk=meeting.pk)
        return _form_page(request, form, title="Add a case", heading="Add a case to the meeting",
                          caption=str(meeting), back=meeting.get_absolute_url(), button="Add the case",
                          intro="Choose a MARAC referral you may see. Whether it is a repeat (referred again within "
                                "12 months of the last referral, SafeLives' definition) is worked out for you. "
                                "The other questions are the SafeLives Marac data fields.")

    return view_with_justification(request, meeting, show)


def case_detail(request, pk):
    case = selectors.case_access(actor=request.user, case_id=pk)

    def show():
        research = selectors.research_of([case], request.user)
        actions = selectors.actions_of([case], request.user)
        referral_decision = access.decide(request.user, [case.referral])[case.referral]
        shown = [*research, *actions] + ([case.referral] if referral_decision.allows("view") else [])
        shown_with(request, case, shown)
        own = next((r for r in research if r.owner_agency_id == request.user.agency_id), None)
        return render(request, "marac/case_detail.html", {
            "case": case, "meeting": case.meeting, "reasons": access.explain(request.user, case),
            "research": research, "actions": actions, "own_research": own,
            "referral_visible": referral_decision.allows("view"),
            "can_research": may(request.user, "personal.change"),
            "is_coordinator": request.user.agency_id == case.meeting.owner_agency_id
            and may(request.user, "personal.change"),
            "agency_id": request.user.agency_id, "today": timezone.localdate(),
        })

    return view_with_justification(request, case, show)


def research_submit(request, pk):
    """Each agency writes its own research on a case it may see (and replaces it by submitting again)."""
    case = selectors.case_access(actor=request.user, case_id=pk)
    if not may(request.user, "personal.change"):
        raise Http404("No such record")  # a page about one record: refusals look like a missing record

    def show():
        existing = case.research.filter(owner_agency=request.user.agency).first()
        form = ResearchForm(request.POST or None, initial={"text": existing.text if existing else ""})
        if request.method == "POST" and form.is_valid():
            try:
                services.research_submit(actor=request.user, case=case, text=form.cleaned_data["text"])
            except services.MaracError as error:
                form.add_error("text", str(error))
            else:
                messages.success(request, "Research submitted")
                return redirect("marac:case_detail", pk=case.pk)
        return _form_page(request, form, title="Submit research", heading=f"Research by {request.user.agency.name}",
                          caption=f"{case.victim_name}, {case.meeting}", back=case.get_absolute_url(),
                          button="Submit the research",
                          intro="What your agency's records show about the victim, the perpetrator and any children: "
                                "only what is relevant and proportionate to the risk. Other agencies at the "
                                "meeting will read it.")

    return view_with_justification(request, case, show)


def action_add(request, pk):
    case = selectors.case_access(actor=request.user, case_id=pk, action="change")
    _coordinator_only(request, case.meeting)

    def show():
        form = ActionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.action_add(actor=request.user, case=case, **form.cleaned_data)
            except services.MaracError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Action added")
                return redirect("marac:case_detail", pk=case.pk)
        return _form_page(request, form, title="Add an action", heading="Add an action",
                          caption=f"{case.victim_name}, {case.meeting}", back=case.get_absolute_url(),
                          button="Add the action")

    return view_with_justification(request, case, show)


@require_POST
def action_done(request, pk):
    action = selectors.action_access(actor=request.user, action_id=pk)
    try:
        services.action_complete(actor=request.user, action=action)
    except services.MaracError as error:
        if action.done_on is None:  # not the actor's to complete: as if it were not there
            raise access.refuse(request.user, action, "change") from error
        messages.info(request, str(error))
    else:
        messages.success(request, "Action marked done")
    return redirect("marac:case_detail", pk=action.case_id)


def attendance(request, pk):
    meeting = selectors.meeting_access(actor=request.user, meeting_id=pk, action="change")
    _coordinator_only(request, meeting)

    def show():
        form = AttendanceForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.attendance_record(actor=request.user, meeting=meeting, **form.cleaned_data)
            except services.MaracError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Attendance recorded")
                return redirect("marac:meeting_detail", pk=meeting.pk)
        return _form_page(request, form, title="Record attendance", heading="Record attendance",
                          caption=str(meeting), back=meeting.get_absolute_url(), button="Save",
                          intro="Putting an agency on the list lets it see the meeting's cases, research and actions; "
                                "an agency marked absent no longer does.")

    return view_with_justification(request, meeting, show)


def _suppressed(q: rules.QuarterlyReturn) -> dict:
    """The return's figures with small numbers suppressed (core.suppression), for those who do not work the cases."""
    values = {key: count for key, _label, count in q.headline()}
    values["first"] = q.cases - q.repeats
    groups = [suppression.Group(("repeats", "first"), "cases"), suppression.Group(("police", "other"), "cases")]
    shown = suppression.suppress(values, groups)
    return {"headline": [(label, shown[key]) for key, label, _count in q.headline()],
            "rate": suppression.percent(shown["repeats"], q.repeats, q.cases)}


#: breakdown field → its heading and the labels of its values
_BREAKDOWNS = {
    "age_band": ("Age", dict(AgeBand.choices)),
    "gender": ("Gender", dict(Gender.choices)),
    "transgender": ("Trans", dict(YesNoUnknown.choices)),
    "ethnicity": ("Ethnicity", dict(Ethnicity.choices)),
    "disability": ("Disability", dict(YesNoUnknown.choices)),
    "sexual_orientation": ("Sexual orientation", dict(Orientation.choices)),
    "pregnant": ("Pregnant", dict(YesNoUnknown.choices)),
}


def _breakdowns(q: rules.QuarterlyReturn) -> list[tuple[str, list[tuple[str, int]]]]:
    return [(heading, [(labels.get(value, value), count) for value, count in q.breakdowns[field]])
            for field, (heading, labels) in _BREAKDOWNS.items()]


def quarterly(request):
    """The SafeLives quarterly return: exact for those who work the cases, suppressed for everyone else."""
    require_permission(request.user, "evidence.view")
    try:
        latest = Quarter.parse(request.GET["quarter"]) if request.GET.get("quarter") else \
            Quarter.containing(timezone.localdate())
    except ValueError:
        raise Http404("Not a quarter") from None
    returns = selectors.quarterly_returns(on=latest.start)
    earlier = latest.previous().previous().previous().previous()
    exact = may(request.user, suppression.EXACT_PERMISSION)
    return render(request, "marac/quarterly.html", {
        "returns": [(q, None if exact else _suppressed(q), _breakdowns(q) if exact else None) for q in returns],
        "exact": exact, "earlier": earlier,
        "later": latest.next().next().next().next() if latest < Quarter.containing(timezone.localdate()) else None,
        "national": settings.MARAC["NATIONAL_REPEAT_RATE"], "national_source": settings.MARAC["NATIONAL_REPEAT_SOURCE"],
        "westminster": rules.WESTMINSTER_STRATEGY_RATE, "westminster_source": rules.WESTMINSTER_STRATEGY_SOURCE,
        "note": suppression.NOTE,
    })
