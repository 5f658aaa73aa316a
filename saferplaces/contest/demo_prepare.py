"""Sample Prepare records (fictional, marked as samples): five plans held by the council, one overdue
for review; three exercises with lessons and actions; and the London Local Authority Gold rota for the
demo year, with a gap in the next four weeks, a swap approved and one waiting for the rota manager.
The rota's officers are the demo's council accounts (a real rota names the council's chief officers)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from saferplaces.accounts.models import Agency, User
from saferplaces.contest import rota, services_prepare
from saferplaces.contest.models_prepare import (
    ActionStatus,
    Duty,
    Exercise,
    ExerciseKind,
    PlanKind,
    ResiliencePlan,
    RotaSwap,
    RotaWeek,
)
from saferplaces.core.context import acting_as

LEAD = "ctlead.wcc"
OFFICERS = ["manager.wcc", "coordinator.wcc", "analyst.wcc", "admin.wcc", LEAD]

#: kind, title, version, months since the last review, months until the next (negative: overdue)
PLANS = [
    (PlanKind.EMERGENCY_RESPONSE, "Westminster emergency response plan (sample)", "4.2", 5, 7),
    (PlanKind.DISASTER_MORTUARY, "Local disaster mortuary plan (sample)", "2.0", 14, -2),
    (PlanKind.CEREMONIAL, "Royal ceremonial events: council service plan (sample)", "3.1", 2, 4),
    (PlanKind.BUSINESS_CONTINUITY, "Environment and City Management business continuity plan (sample)", "1.3", 3,
     9),
    (PlanKind.EBIA, "Executive Business Impact Assessment: Adult Services (sample)", "1.0", 6, 6),
]


def _months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def clear(out) -> None:
    lead = User.objects.filter(username=LEAD).first()
    with acting_as(lead):
        RotaSwap.objects.filter(is_sample=True).delete()
        RotaWeek.objects.filter(is_sample=True).delete()
        Exercise.objects.filter(is_sample=True).delete()
        ResiliencePlan.objects.filter(is_sample=True).delete()


def _plans(lead, today) -> list[ResiliencePlan]:
    return [services_prepare.plan_save(actor=lead, kind=kind, title=title, owner=lead, version=version,
                                       last_reviewed_on=_months(today, -since),
                                       next_review_on=_months(today, due), is_sample=True)
            for kind, title, version, since, due in PLANS]


def _exercises(lead, plans, agencies, officers, today) -> None:
    annual = services_prepare.exercise_record(
        actor=lead, kind=ExerciseKind.ALL_SERVICES, title="Exercise Northern Lights: all-services exercise (sample)",
        held_on=_months(today, -3), is_sample=True,
        objectives="Test the council's emergency response plan with every service area.\n"
                   "Rehearse setting up the Borough Emergency Control Centre.",
        agencies=[agencies[a] for a in ("WCC", "MPS", "LFB") if a in agencies], plans=[plans[0], plans[3]])
    lesson = services_prepare.lesson_add(actor=lead, exercise=annual,
                                         text="The emergency centre's call-out list was out of date (sample).")
    action = services_prepare.lesson_action_add(actor=lead, lesson=lesson, owner=officers[1],
                                                text="Refresh the call-out list each quarter (sample)",
                                                due_on=_months(today, -2))
    services_prepare.lesson_action_update(actor=lead, action=action, status=ActionStatus.DONE, on=_months(today, -2))
    services_prepare.lesson_close(actor=lead, lesson=lesson, on=_months(today, -2))
    lesson = services_prepare.lesson_add(actor=lead, exercise=annual,
                                         text="Rest centre staff did not know where the logs are kept (sample).")
    services_prepare.lesson_action_add(actor=lead, lesson=lesson, owner=lead, due_on=_months(today, 1),
                                       text="Brief rest centre managers on the logs (sample)")
    mortuary = services_prepare.exercise_record(
        actor=lead, kind=ExerciseKind.SPECIFIC, title="Disaster mortuary activation tabletop (sample)",
        held_on=_months(today, -8), objectives="Walk through activating the local disaster mortuary plan.",
        agencies=[agencies[a] for a in ("WCC", "MPS") if a in agencies], plans=[plans[1]], is_sample=True)
    lesson = services_prepare.lesson_add(actor=lead, exercise=mortuary,
                                         text="The plan names a site no longer available (sample).")
    services_prepare.lesson_action_add(actor=lead, lesson=lesson, owner=lead, due_on=_months(today, -1),
                                       text="Agree a second site with the coroner (sample)")
    services_prepare.exercise_record(
        actor=lead, kind=ExerciseKind.TABLETOP, title="Ceremonial route tabletop with service leads (sample)",
        held_on=_months(today, -5), objectives="Check each service's part in the ceremonial plan.",
        agencies=[agencies["WCC"]] if "WCC" in agencies else [], plans=[plans[2]], is_sample=True)


def _rota(lead, officers, today) -> None:
    """Every week of the demo year, officers in turn; the week three weeks ahead has no reserve (a gap
    flagged on the rota and on the lead's My work); a swap in the past approved, one ahead waiting."""
    first = rota.monday_of(dt.date(today.year, 1, 1))
    last = max(dt.date(today.year, 12, 31), today + dt.timedelta(weeks=8))  # the swap and gap ahead fit in December
    weeks = []
    monday, turn = first, 0
    gap = rota.monday_of(today) + dt.timedelta(weeks=3)
    while monday <= last:
        primary, reserve = officers[turn % len(officers)], officers[(turn + 1) % len(officers)]
        weeks.append(services_prepare.rota_week_set(actor=lead, starts_on=monday, primary=primary,
                                                    reserve=None if monday == gap else reserve, is_sample=True))
        monday, turn = monday + dt.timedelta(weeks=1), turn + 1
    by_monday = {week.starts_on: week for week in weeks}
    past = by_monday.get(rota.monday_of(today) - dt.timedelta(weeks=6))
    if past is not None:  # asked before the week began: swaps are for weeks not yet over
        swap = services_prepare.swap_request(actor=past.primary, week=past, duty=Duty.PRIMARY,
                                             cover=next(o for o in officers if o not in (past.primary, past.reserve)),
                                             reason="Annual leave (sample)", is_sample=True,
                                             on=past.starts_on - dt.timedelta(days=7))
        services_prepare.swap_decide(actor=lead, swap=swap, approve=True, note="Approved (sample)")
    ahead = by_monday.get(rota.monday_of(today) + dt.timedelta(weeks=5))
    if ahead is not None:
        services_prepare.swap_request(actor=ahead.primary, week=ahead, duty=Duty.PRIMARY,
                                      cover=next(o for o in officers if o not in (ahead.primary, ahead.reserve)),
                                      reason="A family commitment (sample)", is_sample=True)


def load(out) -> None:
    lead = User.objects.filter(username=LEAD).first()
    officers = list(User.objects.filter(username__in=OFFICERS))
    if lead is None or len(officers) < 3:
        return
    officers.sort(key=lambda user: OFFICERS.index(user.username))
    clear(out)
    today = timezone.localdate()
    agencies = {a.short_name: a for a in Agency.objects.all()}
    plans = _plans(lead, today)
    _exercises(lead, plans, agencies, officers, today)
    _rota(lead, officers, today)
    out.write(f"  Prepare: {len(plans)} plans (one overdue for review), 3 exercises, "
              f"{RotaWeek.objects.filter(is_sample=True).count()} Gold rota weeks, 2 swaps (sample)")
