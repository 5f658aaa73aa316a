import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from saferplaces.accounts.models import Agency
from saferplaces.core.forms import query_id
from saferplaces.places import boundaries, selectors, services
from saferplaces.places.forms import ActionForm, ActionUpdateForm, AgendaItemForm, AreaEditForm, AreaForm, MeetingForm
from saferplaces.places.models import ActionStatus, PriorityArea
from saferplaces.plans.quarters import Quarter
from saferplaces.policy.rules import require_permission
from saferplaces.tabular import csv_text


def area_list(request):
    areas = selectors.priority_areas(actor=request.user)
    today = timezone.localdate()
    return render(request, "places/area_list.html", {
        "areas": areas,
        "overdue": selectors.actions(actor=request.user, overdue_only=True, on=today).count(),
        "open": selectors.actions(actor=request.user, status="open").count(),
        "my_open": selectors.actions(actor=request.user, status="open", owner_user=request.user).count(),
        "meetings": selectors.meetings(actor=request.user)[:3]})


def area_create(request):
    require_permission(request.user, "places.manage")
    form = AreaForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.priority_area_create(actor=request.user, name=form.cleaned_data["name"],
                                                 description=form.cleaned_data["description"],
                                                 boundary=form.cleaned_data["parsed"])
        except services.TaskingError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"Priority area {area.name} added")
            return redirect(area.get_absolute_url())
    return render(request, "places/area_form.html", {
        "form": form, "heading": "Add a priority area", "button": "Check and add", "back_url": reverse("places:areas")})


def area_detail(request, pk):
    area = selectors.area_access(actor=request.user, area_id=pk)
    outline, view_box = boundaries.svg_outline(area.geometry)
    return render(request, "places/area_detail.html", {
        "area": area, "outline": outline, "view_box": view_box, "today": timezone.localdate(),
        "actions": selectors.area_actions(actor=request.user, area=area)})


def area_edit(request, pk):
    require_permission(request.user, "places.manage")
    area = selectors.area_access(actor=request.user, area_id=pk)
    form = AreaEditForm(request.POST or None, initial={"name": area.name, "description": area.description,
                                                       "active": area.active})
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_area_update(actor=request.user, area=area, **form.cleaned_data)
        except services.TaskingError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"{area.name} updated")
            return redirect(area.get_absolute_url())
    return render(request, "places/area_edit.html", {
        "form": form, "area": area, "heading": "Change the priority area", "caption": area.name,
        "back_url": area.get_absolute_url()})


def area_geojson(request, pk):
    area = selectors.area_access(actor=request.user, area_id=pk)
    feature = {"type": "Feature", "properties": {"name": area.name, "ward_codes": area.ward_codes},
               "geometry": area.geometry}
    response = HttpResponse(json.dumps({"type": "FeatureCollection", "features": [feature]}),
                            content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="priority-area-{area.pk}.geojson"'
    return response


def meeting_list(request):
    return render(request, "places/meeting_list.html", {
        "meetings": selectors.meetings(actor=request.user)})


def meeting_create(request):
    require_permission(request.user, "places.manage")
    form = MeetingForm(request.POST or None, initial={"held_on": timezone.localdate(), "chair": request.user})
    if request.method == "POST" and form.is_valid():
        meeting = services.tasking_meeting_create(actor=request.user, **form.cleaned_data)
        messages.success(request, "Meeting recorded")
        return redirect(meeting.get_absolute_url())
    return render(request, "places/meeting_form.html", {
        "form": form, "heading": "Record a tasking meeting", "back_url": reverse("places:meetings")})


def meeting_detail(request, pk):
    meeting = selectors.meeting_access(actor=request.user, meeting_id=pk)
    return render(request, "places/meeting_detail.html", {
        "meeting": meeting, "agenda": selectors.agenda(actor=request.user, meeting=meeting),
        "actions": meeting.actions.select_related("owner_agency", "owner_user", "priority_area", "agenda_item"),
        "attendees": meeting.attendees.select_related("agency"), "agencies": meeting.agencies.all(),
        "today": timezone.localdate()})


def agenda_add(request, pk):
    require_permission(request.user, "places.manage")
    meeting = selectors.meeting_access(actor=request.user, meeting_id=pk)
    form = AgendaItemForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except services.TaskingError as error:
            form.add_error("asb_case", str(error))
        else:
            messages.success(request, "Agenda item added")
            return redirect(meeting.get_absolute_url())
    return render(request, "places/agenda_form.html", {
        "form": form, "meeting": meeting, "heading": "Add an agenda item", "caption": str(meeting),
        "back_url": meeting.get_absolute_url()})


def action_create(request, pk):
    require_permission(request.user, "places.manage")
    meeting = selectors.meeting_access(actor=request.user, meeting_id=pk)
    form = ActionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.tasking_action_create(actor=request.user, meeting=meeting, **form.action_kwargs())
        except services.TaskingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Action added")
            return redirect(meeting.get_absolute_url())
    return render(request, "places/action_form.html", {
        "form": form, "meeting": meeting, "heading": "Add an action", "caption": str(meeting),
        "back_url": meeting.get_absolute_url()})


# "open" filters to every action not done or dropped (open or in progress): the status of that name is
# not offered again under the same value, which the list once did (two "Open" options, one unreachable).
STATUS_FILTERS = [("open", "Open or in progress"), ("overdue", "Overdue"),
                  *[(value, label) for value, label in ActionStatus.choices if value != ActionStatus.OPEN],
                  ("", "All")]


def action_list(request):
    today = timezone.localdate()
    status = request.GET.get("status", "open")
    if status not in dict(STATUS_FILTERS):
        raise Http404("No such filter")
    agency_id, area_id = query_id(request, "agency"), query_id(request, "area")
    mine = request.GET.get("owner") == "me"
    actions = selectors.actions(actor=request.user, status="" if status == "overdue" else status,
                                overdue_only=status == "overdue", agency_id=agency_id, area_id=area_id, on=today,
                                owner_user=request.user if mine else None)
    return render(request, "places/action_list.html", {
        "actions": actions, "today": today, "status": status, "filters": STATUS_FILTERS,
        "agencies": Agency.objects.filter(tasking_actions__isnull=False).distinct(), "agency_id": agency_id,
        "areas": PriorityArea.objects.all(), "area_id": area_id, "mine": mine,
        "overdue_count": selectors.actions(actor=request.user, overdue_only=True, on=today).count()})


def action_detail(request, pk):
    action = selectors.action_access(actor=request.user, action_id=pk)
    return render(request, "places/action_detail.html", {
        "action": action, "today": timezone.localdate()})


def action_update(request, pk):
    action = selectors.action_access(actor=request.user, action_id=pk)
    require_permission(request.user, "places.update_action", action)
    form = ActionUpdateForm(request.POST or None, initial={"status": action.status, "due_on": action.due_on,
                                                          "outcome": action.outcome})
    if request.method == "POST" and form.is_valid():
        try:
            services.tasking_action_update(actor=request.user, action=action, **form.cleaned_data)
        except services.TaskingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Action updated")
            return redirect(action.get_absolute_url())
    return render(request, "places/action_update.html", {
        "form": form, "action": action, "heading": "Update the tasking action", "caption": str(action),
        "back_url": action.get_absolute_url()})


def _last_quarter(request) -> Quarter:
    try:
        return Quarter.parse(request.GET["quarter"]) if request.GET.get("quarter") else \
            Quarter.containing(timezone.localdate())
    except ValueError:
        raise Http404("Not a quarter") from None


def area_report(request):
    last = _last_quarter(request)
    periods = selectors.priority_area_report(actor=request.user, last=last)
    return render(request, "places/report.html", {
        "periods": periods, "last": last, "previous": last.previous(), "next": last.next(),
        "area_names": [name for name, _ in periods[-1].by_area] if periods else []})


REPORT_HEADER = ["Quarter", "From", "To", "In priority areas", "Elsewhere", "No location", "Total",
                 "Share in priority areas (%)"]


def report_rows(periods):
    names = [name for name, _ in periods[-1].by_area] if periods else []
    header = REPORT_HEADER + [f"In {name}" for name in names]
    rows = []
    for p in periods:
        counts = dict(p.by_area)
        rows.append([p.label, p.start.isoformat(), p.end.isoformat(), p.in_areas, p.elsewhere, p.no_location,
                     p.total, "" if p.share is None else f"{100 * p.share:.1f}"] + [counts.get(n, 0) for n in names])
    return header, rows


def area_report_csv(request):
    last = _last_quarter(request)
    header, rows = report_rows(selectors.priority_area_report(actor=request.user, last=last))
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tasking-actions-by-area-{last}.csv"'
    return response
