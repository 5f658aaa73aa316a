"""Reads for Prepare. Plans and exercises are counter-terrorism records: read through policy
(``access.scope`` / ``access.fetch``: 404 for missing and forbidden alike). The rota names council
officers only: ``contest.view`` reads it, and every officer reads their own weeks."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from saferplaces.accounts.models import User
from saferplaces.audit.models import ChangeRecord
from saferplaces.contest import rota
from saferplaces.contest.models_prepare import (
    ActionStatus,
    Exercise,
    Lesson,
    LessonAction,
    PlanKind,
    ResiliencePlan,
    RotaSwap,
    RotaWeek,
    SwapStatus,
)
from saferplaces.policy import access
from saferplaces.policy.rules import may, require_permission


def plans(actor) -> QuerySet:
    require_permission(actor, "contest.view")
    return access.scope(actor, ResiliencePlan.objects.select_related("owner", "owner_agency"))


def plan_access(*, actor, plan_id: int, action: str = "view") -> ResiliencePlan:
    """The plan, or 404 whether it is missing or not the actor's to ``action`` (a role without the
    permission included)."""
    return access.fetch(actor, ResiliencePlan.objects.select_related("owner", "owner_agency"), plan_id, action)


def exercises(actor) -> QuerySet:
    require_permission(actor, "contest.view")
    return access.scope(actor, Exercise.objects.select_related("owner_agency"))


def exercise_access(*, actor, exercise_id: int, action: str = "view") -> Exercise:
    return access.fetch(actor, Exercise.objects.select_related("owner_agency"), exercise_id, action)


def lessons_of(exercise: Exercise) -> list[Lesson]:
    return list(exercise.lessons.prefetch_related("actions__owner"))


def lesson_of(exercise: Exercise, lesson_id: int) -> Lesson:
    return get_object_or_404(exercise.lessons, pk=lesson_id)


def action_of(exercise: Exercise, action_id: int) -> LessonAction:
    return get_object_or_404(LessonAction.objects.filter(lesson__exercise=exercise).select_related("lesson"),
                             pk=action_id)


def overdue_plans(*, actor, on: dt.date) -> list[ResiliencePlan]:
    """The plans the actor owns whose review is overdue (for My work), through policy."""
    return list(access.scope(actor, ResiliencePlan.objects.filter(owner=actor, next_review_on__lt=on))
                .order_by("next_review_on", "pk"))


def overdue_by_kind(on: dt.date) -> list[dict]:
    """For the board pack: of each kind of plan, how many the register holds and how many are overdue
    for review on ``on``. Counts only: the board pack circulates beyond the counter-terrorism readers."""
    counts = {row["kind"]: row for row in ResiliencePlan.objects.values("kind").order_by().annotate(
        held=Count("pk"), overdue=Count("pk", filter=Q(next_review_on__lt=on)))}
    return [{"kind": label, "held": counts[value]["held"], "overdue": counts[value]["overdue"]}
            for value, label in PlanKind.choices if value in counts]


def my_lesson_actions(*, actor) -> list[LessonAction]:
    return list(LessonAction.objects.filter(owner=actor, status=ActionStatus.OPEN)
                .select_related("lesson__exercise").order_by("due_on", "pk")[:20])


# --- the Gold rota -------------------------------------------------------------------------------

def rota_weeks(*, actor, first: dt.date, count: int, today: dt.date) -> list[rota.WeekRow]:
    require_permission(actor, "contest.view")
    last = rota.monday_of(first) + dt.timedelta(weeks=count)
    weeks = RotaWeek.objects.filter(starts_on__gte=rota.monday_of(first), starts_on__lt=last).select_related(
        "primary", "reserve")
    return rota.rows(weeks, first, count, today)


def rota_gaps(*, today: dt.date) -> list[dt.date]:
    horizon = rota.flag_horizon(today)
    weeks = RotaWeek.objects.filter(starts_on__gte=rota.monday_of(today), starts_on__lte=horizon)
    return rota.gaps_ahead(weeks, today)


def officer_weeks(officer, *, since: dt.date | None = None) -> QuerySet:
    weeks = RotaWeek.objects.filter(Q(primary=officer) | Q(reserve=officer)).select_related("primary", "reserve")
    return weeks.filter(starts_on__gte=since) if since else weeks


def week_history(week: RotaWeek | None) -> list[dict]:
    """Who was put on the week, when and by whom, newest first: read from the change history, which
    keeps every save of the week (a swap approved included)."""
    if week is None:
        return []
    changes = list(ChangeRecord.objects.filter(record_type=week._meta.label_lower, record_id=str(week.pk))
                   .select_related("actor"))
    ids = {(change.after or {}).get(f"{duty}_id") for change in changes for duty in ("primary", "reserve")}
    names = {user.pk: user.display_name for user in User.objects.filter(pk__in=ids - {None})}
    return [{"at": change.at,
             "by": change.actor.display_name if change.actor else change.actor_username or "The system",
             "primary": names.get((change.after or {}).get("primary_id"), "Nobody"),
             "reserve": names.get((change.after or {}).get("reserve_id"), "Nobody")} for change in changes]


def swaps(*, actor, status: str | None = None) -> QuerySet:
    """The rota's swaps: every swap for the rota manager and ``contest.view``, an officer's own otherwise."""
    queryset = RotaSwap.objects.select_related("week", "requested_by", "cover", "decided_by")
    if not may(actor, "contest.view"):
        queryset = queryset.filter(Q(requested_by=actor) | Q(cover=actor))
    return queryset.filter(status=status) if status else queryset


def swap_access(*, actor, swap_id: int) -> RotaSwap:
    require_permission(actor, "contest.rota")
    return get_object_or_404(swaps(actor=actor), pk=swap_id)


def pending_swaps() -> QuerySet:
    return RotaSwap.objects.filter(status=SwapStatus.PENDING).select_related("week", "requested_by", "cover")


def my_work(*, actor, on: dt.date) -> dict:
    """What Prepare puts on My work: the actor's plans overdue for review and their open exercise
    actions; for the rota manager (``contest.rota``), the rota's gaps in the next four weeks and the swaps waiting."""
    if not may(actor, "contest.view"):
        return {}
    manager = may(actor, "contest.rota")
    return {
        "overdue_plans": overdue_plans(actor=actor, on=on),
        "lesson_actions": my_lesson_actions(actor=actor),
        "rota_gaps": rota_gaps(today=on) if manager else [],
        "pending_swaps": list(pending_swaps()[:20]) if manager else [],
    }


def board_section(quarter) -> dict:
    """The board pack's section on the plans register: counts by kind, as the register stands today
    (it keeps each plan's current review dates, not those it had at the quarter's end)."""
    today = timezone.localdate()
    return {"on": today, "rows": overdue_by_kind(today)}
