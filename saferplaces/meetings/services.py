"""Writes for partnership meetings and the risk and issue log: coordinators (``meetings.manage``)
record them; an action's owner records its progress (``meetings.update_action``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from saferplaces.core.context import acting_as
from saferplaces.meetings.models import (
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    Kind,
    Meeting,
    MeetingAction,
    Risk,
)
from saferplaces.policy.rules import require_permission


class MeetingError(ValueError):
    """A change that cannot be made as given; the message says what to fix."""


@transaction.atomic
def meeting_create(*, actor, kind: str, held_on: dt.date, place: str, group=None, agencies=(),
                   is_sample: bool = False) -> Meeting:
    """A meeting with the agencies expected at it (its members, who may read it)."""
    require_permission(actor, "meetings.manage")
    if kind == Kind.BOARD:
        group = None
    elif group is None:
        raise MeetingError("Choose the group that is meeting")
    elif group.is_executive != (kind == Kind.EXECUTIVE):
        raise MeetingError("Choose the Executive Group for its meetings, and a delivery group for theirs")
    with acting_as(actor):
        meeting = Meeting.objects.create(kind=kind, group=group, held_on=held_on, place=place.strip(),
                                         is_sample=is_sample)
        for agency in {*agencies}:
            Attendance.objects.create(meeting=meeting, agency=agency)
    return meeting


@transaction.atomic
def attendance_record(*, actor, meeting: Meeting, agency, status: str, attendee: str = "") -> Attendance:
    """Put an agency on the meeting's list, or record whether it attended."""
    require_permission(actor, "meetings.manage")
    if status not in AttendanceStatus.values:
        raise MeetingError("Choose whether the agency was present, sent apologies or was absent")
    if status != AttendanceStatus.EXPECTED and meeting.held_on > timezone.localdate():
        raise MeetingError("The meeting has not been held yet: record who attended on or after its date")
    with acting_as(actor):
        attendance, _ = Attendance.objects.update_or_create(
            meeting=meeting, agency=agency, defaults={"status": status, "attendee": attendee.strip()})
    return attendance


@transaction.atomic
def agenda_item_add(*, actor, meeting: Meeting, title: str, notes: str = "", plan_actions=(),
                    kpis=()) -> AgendaItem:
    require_permission(actor, "meetings.manage")
    if not title.strip():
        raise MeetingError("Enter the agenda item")
    with acting_as(actor):
        item = AgendaItem.objects.create(meeting=meeting, title=title.strip(), notes=notes,
                                         order=meeting.agenda.count() + 1)
        item.plan_actions.set(plan_actions)
        item.kpis.set(kpis)
    return item


@transaction.atomic
def decision_record(*, actor, meeting: Meeting, text: str, agenda_item: AgendaItem | None = None) -> Decision:
    require_permission(actor, "meetings.manage")
    if not text.strip():
        raise MeetingError("Enter the decision")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise MeetingError("The agenda item belongs to another meeting")
    with acting_as(actor):
        return Decision.objects.create(meeting=meeting, agenda_item=agenda_item, text=text.strip())


@transaction.atomic
def minutes_save(*, actor, meeting: Meeting, minutes: str) -> Meeting:
    require_permission(actor, "meetings.manage")
    with acting_as(actor):
        meeting.minutes = minutes
        meeting.save()
    return meeting


@transaction.atomic
def meeting_action_add(*, actor, meeting: Meeting, text: str, owner, due_on: dt.date) -> MeetingAction:
    """An action the meeting gives to a member of staff: it appears on their My work until done."""
    require_permission(actor, "meetings.manage")
    if not text.strip():
        raise MeetingError("Describe the action")
    if not owner.is_active:
        raise MeetingError(f"{owner.display_name}'s account is not active: choose someone else")
    if due_on < meeting.held_on:
        raise MeetingError("The action is due before the meeting that agreed it")
    with acting_as(actor):
        return MeetingAction.objects.create(meeting=meeting, text=text.strip(), owner=owner, due_on=due_on)


@transaction.atomic
def meeting_action_update(*, actor, action: MeetingAction, status: str, due_on: dt.date | None = None,
                          on: dt.date | None = None) -> MeetingAction:
    """Record progress on an action: its owner or a coordinator."""
    require_permission(actor, "meetings.update_action", action)
    if status not in ActionStatus.values:
        raise MeetingError("Choose the action's status")
    due_on = due_on or action.due_on
    if due_on < action.meeting.held_on:
        raise MeetingError("The action is due before the meeting that agreed it")
    with acting_as(actor):
        action.status, action.due_on = status, due_on
        action.completed_on = (on or timezone.localdate()) if status == ActionStatus.DONE else None
        action.save()
    return action


RISK_FIELDS = ("kind", "title", "description", "group", "owner", "likelihood", "impact", "mitigation", "status",
               "review_on")


def _check_risk(fields: dict) -> None:
    for name in ("likelihood", "impact"):
        if not 1 <= int(fields[name]) <= 5:
            raise MeetingError(f"The {name} must be from 1 to 5")
    if not fields["title"].strip():
        raise MeetingError("Enter the risk or issue")


@transaction.atomic
def risk_save(*, actor, risk: Risk | None = None, plan_actions=None, is_sample: bool = False, **fields) -> Risk:
    """Add a risk or issue to the log (``risk`` None) or change one; the change history keeps every
    earlier score and status."""
    require_permission(actor, "meetings.manage")
    unknown = set(fields) - set(RISK_FIELDS)
    if unknown:
        raise ValueError(f"Not a part of a risk: {', '.join(sorted(unknown))}")
    current = {name: getattr(risk, name) for name in RISK_FIELDS} if risk else {}
    _check_risk({**current, **fields})
    with acting_as(actor):
        if risk is None:
            risk = Risk.objects.create(is_sample=is_sample, **fields)
        else:
            for name, value in fields.items():
                setattr(risk, name, value)
            risk.save()
        if plan_actions is not None:
            risk.plan_actions.set(plan_actions)
    return risk
