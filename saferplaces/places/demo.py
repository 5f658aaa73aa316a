"""Demo priority areas (simple hand-drawn outlines around the strategy's three priority areas, not
the real ward boundaries), and two tasking meetings with their actions (the plan's KPIs read
this module's measures through ``plans/kpi_sources.py``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from saferplaces.accounts.models import Agency, User
from saferplaces.places import services
from saferplaces.places.boundaries import Boundary
from saferplaces.places.models import ActionStatus, AreaSource, PriorityArea, TaskingMeeting

#: name → (description, outline as (longitude, latitude) corners). Rough, hand-made, for the demo only.
AREAS = {
    "Church Street": ("Church Street ward: the market, the estates around it and Lisson Green.",
                      [(-0.1780, 51.5190), (-0.1640, 51.5190), (-0.1640, 51.5290), (-0.1780, 51.5290)]),
    "Queen's Park": ("Queen's Park ward: the Mozart estate and the Harrow Road.",
                     [(-0.2150, 51.5250), (-0.1980, 51.5250), (-0.1980, 51.5360), (-0.2150, 51.5360)]),
    "West End": ("The West End's night-time economy: Soho and Leicester Square (across the West End and "
                 "St James's wards).",
                 [(-0.1430, 51.5080), (-0.1220, 51.5080), (-0.1220, 51.5170), (-0.1430, 51.5170)]),
}

#: (meeting index, agenda item index or None, description, agency short name, username or None,
#:  due in days after the meeting, status, area name or None, (longitude, latitude) or None, where)
ACTIONS = [
    (0, 0, "Demo: joint patrols at the Church Street market on Friday and Saturday evenings", "MPS",
     "caseworker.mps", 28, ActionStatus.DONE, "Church Street", None, "Church Street market"),
    (0, 0, "Demo: fix the broken lighting in the Lisson Green car park", "CWH", "partner.cwh", 14,
     ActionStatus.OPEN, "Church Street", None, "Lisson Green car park"),
    (0, 1, "Demo: visit the businesses on the Harrow Road about the closure order", "WCC", "caseworker.wcc", 21,
     ActionStatus.IN_PROGRESS, None, (-0.2050, 51.5300), "Harrow Road shops"),
    (0, None, "Demo: review CCTV coverage at Edgware Road station", "WCC", None, 42, ActionStatus.OPEN, None,
     (-0.1630, 51.5200), "Edgware Road"),
    (1, 2, "Demo: licensing visits to late-night venues in Soho", "WCC", "manager.wcc", 30, ActionStatus.OPEN,
     "West End", None, "Soho"),
    (1, 2, "Demo: fire safety checks of Leicester Square venues", "LFB", "partner.lfb", 35, ActionStatus.OPEN,
     None, (-0.1300, 51.5103), "Leicester Square"),
    (1, None, "Demo: cleansing of the rough-sleeping site near Victoria station", "WCC", None, 14,
     ActionStatus.DONE, None, (-0.1440, 51.4960), "Victoria"),
    (1, None, "Demo: report on ASB calls across the borough to the next meeting", "MPS", "manager.mps", 21,
     ActionStatus.OPEN, None, None, ""),
]

def _polygon(corners):
    ring = [list(c) for c in corners] + [list(corners[0])]
    return {"type": "Polygon", "coordinates": [ring]}


def load(out) -> None:
    coordinator = User.objects.filter(username="coordinator.wcc").first()
    if coordinator is None:
        out.write("  places: skipped (no demo users)")
        return
    for name, (description, corners) in AREAS.items():
        if not PriorityArea.objects.filter(name=name).exists():
            services.priority_area_create(actor=coordinator, name=name, description=description,
                                          boundary=Boundary(_polygon(corners), (), ()), source=AreaSource.DEMO)
    areas = {area.name: area for area in PriorityArea.objects.all()}
    users = {user.username: user for user in User.objects.all()}
    agencies = {agency.short_name: agency for agency in Agency.objects.all()}
    today = timezone.localdate()
    if TaskingMeeting.objects.filter(title__startswith="Demo:").exists():
        out.write(f"  {len(AREAS)} priority areas; demo tasking meetings already loaded")
        return
    # One meeting last quarter and one this month, so that the report and overdue list have content.
    first = services.tasking_meeting_create(
        actor=coordinator, title="Demo: North Westminster problem-solving and tasking",
        held_on=today - dt.timedelta(days=95), chair=coordinator,
        attendees=[users[u] for u in ("caseworker.mps", "caseworker.wcc", "partner.cwh") if u in users],
        notes="Demo meeting.")
    second = services.tasking_meeting_create(
        actor=coordinator, title="Demo: West End problem-solving and tasking", held_on=today - dt.timedelta(days=10),
        chair=users.get("manager.mps"), attendees=[users[u] for u in ("manager.wcc", "partner.lfb") if u in users],
        notes="Demo meeting.")
    meetings = [first, second]
    items = [
        services.agenda_item_add(actor=coordinator, meeting=first, title="Drug dealing around the market",
                                 priority_area=areas["Church Street"]),
        services.agenda_item_add(actor=coordinator, meeting=first, title="ASB at the Harrow Road shops",
                                 priority_area=areas["Queen's Park"]),
        services.agenda_item_add(actor=coordinator, meeting=second, title="Night-time economy in Soho",
                                 priority_area=areas["West End"]),
    ]
    for meeting, item, text, agency, username, due, status, area, point, where in ACTIONS:
        action = services.tasking_action_create(
            actor=coordinator, meeting=meetings[meeting], agenda_item=items[item] if item is not None else None,
            description=text, owner_agency=agencies[agency], owner_user=users.get(username) if username else None,
            due_on=meetings[meeting].held_on + dt.timedelta(days=due), priority_area=areas.get(area) if area else None,
            longitude=point[0] if point else None, latitude=point[1] if point else None, location_description=where)
        if status != ActionStatus.OPEN:
            services.tasking_action_update(
                actor=coordinator, action=action, status=status,
                outcome="Demo: done as agreed." if status == ActionStatus.DONE else "",
                completed_on=action.due_on - dt.timedelta(days=2) if status == ActionStatus.DONE else None)
    out.write(f"  {len(AREAS)} priority areas, {len(meetings)} tasking meetings, {len(ACTIONS)} actions")
