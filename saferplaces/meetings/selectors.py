"""Reads of partnership meetings and the risk and issue log.

Who reads a meeting is the rule ``meetings.view_meeting`` in ``policy/rules.py``: coordinators read
every meeting, other staff those their agency is listed for; :func:`visible_meetings` asks the same
question of many meetings in one query. The risk and issue log is read by every role with
``meetings.view``: it names staff and plan actions, not people the partnership works with.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from saferplaces.meetings.models import (
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingAction,
    Risk,
)
from saferplaces.policy.rules import may, require_permission


def visible_meetings(actor) -> QuerySet:
    require_permission(actor, "meetings.view")
    queryset = Meeting.objects.select_related("group")
    if may(actor, "meetings.manage"):
        return queryset
    return queryset.filter(pk__in=Attendance.objects.filter(agency_id=actor.agency_id).values("meeting_id"))


def meeting_access(*, actor, meeting_id: int) -> Meeting:
    """The meeting, if the actor may read it; 404 whether it is missing or not theirs."""
    return get_object_or_404(visible_meetings(actor), pk=meeting_id)


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.agenda.prefetch_related("plan_actions", "kpis"))


def attendance_of(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendances.select_related("agency"))


def actions_of(meeting: Meeting) -> list[MeetingAction]:
    return list(meeting.actions.select_related("owner__agency"))


def action_access(*, actor, action_id: int) -> MeetingAction:
    """A meeting action, read through its meeting, or by its owner (whose agency may not sit on the
    meeting that gave it); 404 otherwise."""
    visible = visible_meetings(actor).values("pk")
    return get_object_or_404(MeetingAction.objects.filter(Q(meeting__in=visible) | Q(owner=actor))
                             .select_related("meeting__group", "owner"), pk=action_id)


def my_open_actions(*, actor, limit: int | None = None) -> list[MeetingAction]:
    """Open meeting actions the actor owns, soonest due first (for My work)."""
    queryset = (MeetingAction.objects.filter(owner=actor, status=ActionStatus.OPEN)
                .select_related("meeting__group").order_by("due_on", "pk"))
    return list(queryset[:limit] if limit else queryset)


def attendance_by_agency(meetings) -> list[dict]:
    """For each agency listed at ``meetings``: how often it was present, sent apologies or was absent,
    and its attendance rate (present of the meetings held, i.e. not merely expected)."""
    rows = (Attendance.objects.filter(meeting__in=meetings).values("agency__name", "status")
            .annotate(n=Count("pk")).order_by())
    counts: dict[str, Counter] = {}
    for row in rows:
        counts.setdefault(row["agency__name"], Counter())[row["status"]] += row["n"]
    out = []
    for agency, count in sorted(counts.items()):
        held = count[AttendanceStatus.PRESENT] + count[AttendanceStatus.APOLOGIES] + count[AttendanceStatus.ABSENT]
        out.append({"agency": agency, "present": count[AttendanceStatus.PRESENT],
                    "apologies": count[AttendanceStatus.APOLOGIES], "absent": count[AttendanceStatus.ABSENT],
                    "rate": round(100 * count[AttendanceStatus.PRESENT] / held) if held else None})
    return out


def risks(*, actor) -> QuerySet:
    require_permission(actor, "meetings.view")
    return Risk.objects.select_related("group", "owner")


def risk_access(*, actor, risk_id: int) -> Risk:
    return get_object_or_404(risks(actor=actor).prefetch_related("plan_actions"), pk=risk_id)
