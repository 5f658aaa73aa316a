"""Writes for problem solving and tasking: priority areas, meetings, agenda items and actions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from saferplaces.core.context import acting_as
from saferplaces.places import boundaries
from saferplaces.places.models import ActionStatus, AgendaItem, AreaSource, PriorityArea, TaskingAction, TaskingMeeting
from saferplaces.policy.access import can
from saferplaces.policy.rules import require_permission


class TaskingError(ValueError):
    """A change that cannot be made as given; the message says what to fix."""


@transaction.atomic
def priority_area_create(*, actor, name: str, boundary: boundaries.Boundary, description: str = "",
                         source: str = AreaSource.FILE) -> PriorityArea:
    """Make a priority area from a boundary read by :func:`boundaries.parse_boundary`."""
    require_permission(actor, "places.manage")
    name = name.strip()
    if not name:
        raise TaskingError("Enter the area's name")
    if PriorityArea.objects.filter(name__iexact=name).exists():
        raise TaskingError(f"There is already a priority area called {name}")
    if boundary.ward_codes:
        source = AreaSource.WARDS
    with acting_as(actor):
        return PriorityArea.objects.create(name=name, description=description, geometry=boundary.geometry,
                                           source=source, ward_codes=list(boundary.ward_codes),
                                           ward_names=list(boundary.ward_names))


@transaction.atomic
def priority_area_update(*, actor, area: PriorityArea, description: str, active: bool, name: str | None = None,
                         reason: str = "") -> PriorityArea:
    """Change the area's name, description or whether it is current; ``reason`` (optional: an area is not
    personal data) is kept with the change."""
    require_permission(actor, "places.manage")
    if name is not None:
        name = name.strip()
        if not name:
            raise TaskingError("Enter the area's name")
        if PriorityArea.objects.filter(name__iexact=name).exclude(pk=area.pk).exists():
            raise TaskingError(f"There is already a priority area called {name}")
    with acting_as(actor, reason=reason):
        area.description, area.active = description, active
        if name is not None:
            area.name = name
        area.save()
    return area


@transaction.atomic
def tasking_meeting_create(*, actor, title: str, held_on: dt.date, chair=None, attendees=(), agencies=(),
                           notes: str = "") -> TaskingMeeting:
    require_permission(actor, "places.manage")
    with acting_as(actor):
        meeting = TaskingMeeting.objects.create(title=title, held_on=held_on, chair=chair, notes=notes)
        meeting.attendees.set(attendees)
        # The agencies of those who attended were represented, whether or not listed.
        meeting.agencies.set({*agencies, *(user.agency for user in attendees), *([chair.agency] if chair else [])})
    return meeting


@transaction.atomic
def agenda_item_add(*, actor, meeting: TaskingMeeting, title: str, priority_area: PriorityArea | None = None,
                    notes: str = "", asb_case=None) -> AgendaItem:
    require_permission(actor, "places.manage")
    if asb_case is not None and not can(actor, "view", asb_case):
        raise TaskingError("You cannot list a case you may not see")
    order = meeting.agenda.count() + 1
    with acting_as(actor):
        return AgendaItem.objects.create(meeting=meeting, title=title, priority_area=priority_area, notes=notes,
                                         asb_case=asb_case, order=order)


def _check_location(priority_area, longitude, latitude) -> None:
    if (longitude is None) != (latitude is None):
        raise TaskingError("Give both longitude and latitude, or neither")
    if longitude is None:
        return
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise TaskingError("Longitude must be between -180 and 180 and latitude between -90 and 90")
    if priority_area is not None and boundaries.area_containing(
            {priority_area.pk: priority_area.geometry}, longitude, latitude) is None:
        raise TaskingError(f"The point is outside {priority_area.name}: correct the point or the area")


@transaction.atomic
def tasking_action_create(*, actor, meeting: TaskingMeeting, description: str, owner_agency, due_on: dt.date,
                          owner_user=None, agenda_item: AgendaItem | None = None,
                          priority_area: PriorityArea | None = None, longitude: float | None = None,
                          latitude: float | None = None, location_description: str = "",
                          raised_on: dt.date | None = None) -> TaskingAction:
    """Give an action to an agency (and one of its officers), with a due date and a location."""
    require_permission(actor, "places.manage")
    raised_on = raised_on or meeting.held_on
    if not description.strip():
        raise TaskingError("Describe the action")
    if owner_user is not None and owner_user.agency_id != owner_agency.pk:
        raise TaskingError(f"{owner_user.display_name} does not work for {owner_agency.name}")
    if due_on < raised_on:
        raise TaskingError("The due date cannot be before the action was raised")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise TaskingError("The agenda item belongs to another meeting")
    _check_location(priority_area, longitude, latitude)
    if priority_area is None and agenda_item is not None and agenda_item.priority_area is not None:
        # The agenda item's area is a default, not a choice: it is taken when the action has no point or
        # its point lies in that area; a point elsewhere locates the action itself (and is no error
        # about an area nobody chose).
        inherited = agenda_item.priority_area
        if longitude is None or boundaries.area_containing({inherited.pk: inherited.geometry}, longitude,
                                                           latitude) is not None:
            priority_area = inherited
    with acting_as(actor):
        return TaskingAction.objects.create(
            meeting=meeting, agenda_item=agenda_item, description=description, owner_agency=owner_agency,
            owner_user=owner_user, raised_on=raised_on, due_on=due_on, priority_area=priority_area,
            longitude=longitude, latitude=latitude, location_description=location_description)


@transaction.atomic
def tasking_action_update(*, actor, action: TaskingAction, status: str, outcome: str = "",
                          due_on: dt.date | None = None, completed_on: dt.date | None = None) -> TaskingAction:
    """Record progress: the status, a new due date, and the outcome when done."""
    # The action's owner and tasking managers.
    require_permission(actor, "places.update_action", action)
    if status not in ActionStatus.values:
        raise TaskingError(f"Unknown status {status!r}")
    if status == ActionStatus.DONE and not outcome.strip():
        raise TaskingError("Describe the outcome of the completed action")
    due_on = due_on or action.due_on
    if due_on < action.raised_on:
        raise TaskingError("The due date cannot be before the action was raised")
    with acting_as(actor):
        action.status, action.outcome, action.due_on = status, outcome, due_on
        if status == ActionStatus.DONE:
            action.completed_on = completed_on or action.completed_on or timezone.localdate()
            if action.completed_on < action.raised_on:
                raise TaskingError("The completion date cannot be before the action was raised")
        else:
            action.completed_on = None
        action.save()
    return action
