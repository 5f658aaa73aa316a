from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from saferplaces.core.forms import query_id
from saferplaces.core.listing import Listing, Sort
from saferplaces.meetings import forms, selectors, services
from saferplaces.meetings.models import Kind, RiskKind, RiskStatus
from saferplaces.plans.models import DeliveryGroup
from saferplaces.policy.rules import may, require_permission

MEETING_SORTS = {"date": Sort("Date", ("held_on",), descending_first=True)}
RISK_SORTS = {"review": Sort("Review date", ("review_on",)),
              "score": Sort("Score", ("likelihood", "impact"), descending_first=True)}


def _form_page(request, form, *, heading, caption, back_url, button="Save"):
    return render(request, "meetings/form.html", {"form": form, "heading": heading, "caption": caption,
                                                  "back_url": back_url, "button": button})


def meeting_list(request):
    meetings = selectors.visible_meetings(request.user)
    kind = request.GET.get("kind", "")
    if kind and kind not in Kind.values:
        raise Http404("No such kind of meeting")
    if kind:
        meetings = meetings.filter(kind=kind)
    listing = Listing(request, meetings, sorts=MEETING_SORTS, default="-date")
    return render(request, "meetings/meeting_list.html", {
        "listing": listing, "page": listing.page, "query": listing.page_query, "kind": kind, "kinds": Kind.choices,
        "attendance": selectors.attendance_by_agency(meetings)})


def meeting_create(request):
    require_permission(request.user, "meetings.manage")
    form = forms.MeetingForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        except services.MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Meeting recorded")
            return redirect(meeting.get_absolute_url())
    return _form_page(request, form, heading="Record a meeting", caption="Partnership meetings",
                      back_url=reverse("meetings:list"), button="Record the meeting")


def meeting_detail(request, pk):
    meeting = selectors.meeting_access(actor=request.user, meeting_id=pk)
    return render(request, "meetings/meeting_detail.html", {
        "meeting": meeting, "agenda": selectors.agenda_of(meeting), "attendance": selectors.attendance_of(meeting),
        "decisions": meeting.decisions.select_related("agenda_item"), "actions": selectors.actions_of(meeting),
        "today": timezone.localdate()})


def _managed(request, pk):
    require_permission(request.user, "meetings.manage")
    return selectors.meeting_access(actor=request.user, meeting_id=pk)


def attendance(request, pk):
    meeting = _managed(request, pk)
    form = forms.AttendanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(actor=request.user, meeting=meeting, **form.cleaned_data)
        except services.MeetingError as error:
            form.add_error("status", str(error))
        else:
            messages.success(request, "Attendance recorded")
            return redirect(meeting.get_absolute_url())
    return _form_page(request, form, heading="Record attendance", caption=str(meeting),
                      back_url=meeting.get_absolute_url())


def agenda_add(request, pk):
    meeting = _managed(request, pk)
    form = forms.AgendaItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        services.agenda_item_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        messages.success(request, "Agenda item added")
        return redirect(meeting.get_absolute_url())
    return _form_page(request, form, heading="Add an agenda item", caption=str(meeting),
                      back_url=meeting.get_absolute_url())


def decision_add(request, pk):
    meeting = _managed(request, pk)
    form = forms.DecisionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        services.decision_record(actor=request.user, meeting=meeting, **form.cleaned_data)
        messages.success(request, "Decision recorded")
        return redirect(meeting.get_absolute_url())
    return _form_page(request, form, heading="Record a decision", caption=str(meeting),
                      back_url=meeting.get_absolute_url())


def minutes_edit(request, pk):
    meeting = _managed(request, pk)
    form = forms.MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        services.minutes_save(actor=request.user, meeting=meeting, **form.cleaned_data)
        messages.success(request, "Minutes saved")
        return redirect(meeting.get_absolute_url())
    return _form_page(request, form, heading="Minutes", caption=str(meeting), back_url=meeting.get_absolute_url())


def action_add(request, pk):
    meeting = _managed(request, pk)
    form = forms.MeetingActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_action_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except services.MeetingError as error:
            form.add_error("due_on", str(error))
        else:
            messages.success(request, "Action added")
            return redirect(meeting.get_absolute_url())
    return _form_page(request, form, heading="Add an action", caption=str(meeting),
                      back_url=meeting.get_absolute_url())


def action_update(request, pk):
    action = selectors.action_access(actor=request.user, action_id=pk)
    require_permission(request.user, "meetings.update_action", action)
    form = forms.MeetingActionUpdateForm(request.POST or None, initial={"status": action.status,
                                                                        "due_on": action.due_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_action_update(actor=request.user, action=action, **form.cleaned_data)
        except services.MeetingError as error:
            form.add_error("due_on", str(error))
        else:
            messages.success(request, "Action updated")
            return redirect(action.meeting.get_absolute_url())
    return _form_page(request, form, heading="Update the meeting action", caption=str(action),
                      back_url=action.meeting.get_absolute_url())


def risk_list(request):
    risks = selectors.risks(actor=request.user)
    kind, status = request.GET.get("kind", ""), request.GET.get("status", RiskStatus.OPEN)
    if (kind and kind not in RiskKind.values) or (status and status not in RiskStatus.values):
        raise Http404("No such filter")
    group_id, owner = query_id(request, "group"), request.GET.get("owner") == "me"
    if kind:
        risks = risks.filter(kind=kind)
    if status:
        risks = risks.filter(status=status)
    if group_id:
        risks = risks.filter(group_id=group_id)
    if owner:
        risks = risks.filter(owner=request.user)
    listing = Listing(request, risks, sorts=RISK_SORTS, default="review")
    return render(request, "meetings/risk_list.html", {
        "listing": listing, "page": listing.page, "query": listing.page_query, "kind": kind, "status": status,
        "group_id": group_id, "mine": owner, "kinds": RiskKind.choices, "statuses": RiskStatus.choices,
        "groups": DeliveryGroup.objects.filter(risks__isnull=False).distinct(), "today": timezone.localdate()})


def risk_detail(request, pk):
    risk = selectors.risk_access(actor=request.user, risk_id=pk)
    return render(request, "meetings/risk_detail.html", {"risk": risk, "can_manage": may(request.user,
                                                                                          "meetings.manage")})


def _risk_form(request, risk=None):
    require_permission(request.user, "meetings.manage")
    initial = {"kind": RiskKind.RISK, "status": RiskStatus.OPEN}
    if risk is not None:
        initial = {name: getattr(risk, name) for name in services.RISK_FIELDS}
        initial["plan_actions"] = list(risk.plan_actions.all())
    form = forms.RiskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        plan_actions = data.pop("plan_actions")
        try:
            risk = services.risk_save(actor=request.user, risk=risk, plan_actions=plan_actions, **data)
        except services.MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Risk log saved")
            return redirect(risk.get_absolute_url())
    return _form_page(request, form, heading="Change the risk or issue" if risk else "Add a risk or issue",
                      caption="Risk and issue log",
                      back_url=risk.get_absolute_url() if risk else reverse("meetings:risks"))


def risk_create(request):
    return _risk_form(request)


def risk_edit(request, pk):
    require_permission(request.user, "meetings.manage")
    return _risk_form(request, selectors.risk_access(actor=request.user, risk_id=pk))
