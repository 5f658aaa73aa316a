"""Reads of priority areas, tasking meetings and actions, and the priority-area report."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone

from saferplaces.places import boundaries, report
from saferplaces.places.models import PriorityArea, TaskingAction, TaskingMeeting
from saferplaces.plans.quarters import Quarter
from saferplaces.policy.access import can
from saferplaces.policy.rules import require_permission


def priority_areas(*, actor, include_retired: bool = True):
    require_permission(actor, "places.view")
    areas = PriorityArea.objects.all()
    return areas if include_retired else areas.filter(active=True)


def area_access(*, actor, area_id: int) -> PriorityArea:
    require_permission(actor, "places.view")
    return get_object_or_404(PriorityArea, pk=area_id)


def meetings(*, actor):
    require_permission(actor, "places.view")
    return TaskingMeeting.objects.select_related("chair").prefetch_related("agencies")


def meeting_access(*, actor, meeting_id: int) -> TaskingMeeting:
    require_permission(actor, "places.view")
    return get_object_or_404(TaskingMeeting.objects.select_related("chair"), pk=meeting_id)


def action_access(*, actor, action_id: int) -> TaskingAction:
    require_permission(actor, "places.view")
    return get_object_or_404(
        TaskingAction.objects.select_related("meeting", "owner_agency", "owner_user", "priority_area",
                                             "agenda_item"), pk=action_id)


def actions(*, actor, status: str = "", agency_id: int | None = None, area_id: int | None = None,
            overdue_only: bool = False, on: dt.date | None = None, owner_user=None):
    """The actions list, filtered; overdue actions are open ones past their due date."""
    require_permission(actor, "places.view")
    queryset = TaskingAction.objects.select_related("meeting", "owner_agency", "owner_user", "priority_area")
    if overdue_only:
        queryset = queryset.overdue(on)
    elif status == "open":
        queryset = queryset.open()
    elif status:
        queryset = queryset.filter(status=status)
    if agency_id:
        queryset = queryset.filter(owner_agency_id=agency_id)
    if area_id:
        queryset = queryset.filter(priority_area_id=area_id)
    if owner_user is not None:
        queryset = queryset.filter(owner_user=owner_user)
    return queryset


def locate(action_rows, areas: dict[str, dict]) -> list[report.LocatedAction]:
    """Where each action is: its priority area, else the active area holding its point, else none."""
    rows = list(action_rows)
    pointed = [i for i, (_, area, lon, lat) in enumerate(rows) if not area and lon is not None and lat is not None]
    placed = dict(zip(pointed, boundaries.AreaIndex(areas).locate_many([rows[i][2] for i in pointed],
                                                                        [rows[i][3] for i in pointed]), strict=True))
    out = []
    for index, (raised_on, area_name, _longitude, _latitude) in enumerate(rows):
        if area_name:
            out.append(report.LocatedAction(raised_on, area_name, True))
        elif index in placed:
            out.append(report.LocatedAction(raised_on, placed[index], True))
        else:
            out.append(report.LocatedAction(raised_on, None, False))
    return out


def _located_actions(start: dt.date, end: dt.date) -> tuple[list[report.LocatedAction], list[str]]:
    active = {a.name: a.geometry for a in PriorityArea.objects.filter(active=True)}
    rows = (TaskingAction.objects.filter(raised_on__range=(start, end))
            .values_list("raised_on", "priority_area__name", "longitude", "latitude"))
    return locate(rows, active), list(active)


def counts_between(start: dt.date, end: dt.date) -> report.PeriodCounts:
    """Partnership-wide counts (no personal data): for measures, which run without a user."""
    located, names = _located_actions(start, end)
    return report.counts_between(located, start, end, names)


def priority_area_report(*, actor, last: Quarter | None = None, count: int = 4) -> tuple[report.PeriodCounts, ...]:
    require_permission(actor, "places.view")
    last = last or Quarter.containing(timezone.localdate())
    quarters = report.quarters_ending(last, count)
    located, names = _located_actions(quarters[0].start, quarters[-1].end)
    return report.by_quarter(located, quarters, names)


def area_actions(*, actor, area: PriorityArea):
    """Actions of the area: given it, or at a point inside it (active areas)."""
    require_permission(actor, "places.view")
    explicit = list(actions(actor=actor, area_id=area.pk))
    pointed = list(actions(actor=actor).filter(priority_area__isnull=True, longitude__isnull=False))
    index = boundaries.AreaIndex({area.pk: area.geometry})
    keys = index.locate_many([a.longitude for a in pointed], [a.latitude for a in pointed])
    inside = [a for a, key in zip(pointed, keys, strict=True) if key is not None]
    return sorted(explicit + inside, key=lambda a: (a.due_on, a.pk))


def agenda(*, actor, meeting: TaskingMeeting) -> list:
    """The meeting's agenda items, each with ``case_visible``: whether the viewer may see its ASB case.

    A case the viewer may not see is shown only as "a case held by" its lead agency, never by title.
    """
    items = list(meeting.agenda.select_related("priority_area", "asb_case", "asb_case__owner_agency"))
    for item in items:
        item.case_visible = item.asb_case is not None and can(actor, "view", item.asb_case)
    return items
