"""Writes for Prepare: the plans register and exercises (``contest.manage``, within the agency that
holds the record), and the Gold rota (the rota manager, ``contest.rota``, sets weeks and decides
swaps; an officer on a week asks for a swap of their own duty)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from saferplaces.contest.models_prepare import (
    ActionStatus,
    Duty,
    Exercise,
    Lesson,
    LessonAction,
    ResiliencePlan,
    RotaSwap,
    RotaWeek,
    SwapStatus,
)
from saferplaces.contest.rota import monday_of
from saferplaces.core.context import acting_as
from saferplaces.policy.rules import may, require_permission


class PrepareError(ValueError):
    """A change that cannot be made as given; the message says what to fix."""


PLAN_FIELDS = ("kind", "title", "owner", "version", "last_reviewed_on", "next_review_on")


def _check_change(actor, record) -> None:
    require_permission(actor, "contest.manage")
    if record is not None and not may(actor, "change", record):
        raise PrepareError("Only the agency that holds the record may change it")


@transaction.atomic
def plan_save(*, actor, plan: ResiliencePlan | None = None, is_sample: bool = False, **fields) -> ResiliencePlan:
    """Add a plan to the register (held by the actor's agency) or change one, a review included:
    a review records the new version and the dates; the change history keeps the earlier ones."""
    _check_change(actor, plan)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"Not a part of a plan: {', '.join(sorted(unknown))}")
    merged = {**({name: getattr(plan, name) for name in PLAN_FIELDS} if plan else {}), **fields}
    if merged["next_review_on"] <= merged["last_reviewed_on"]:
        raise PrepareError("The next review must be after the last one")
    if not merged["owner"].is_active:
        raise PrepareError(f"{merged['owner'].display_name}'s account is not active: choose someone else")
    with acting_as(actor):
        if plan is None:
            return ResiliencePlan.objects.create(owner_agency=actor.agency, is_sample=is_sample, **fields)
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.save()
    return plan


@transaction.atomic
def exercise_record(*, actor, kind: str, title: str, held_on: dt.date, objectives: str, agencies=(), plans=(),
                    is_sample: bool = False) -> Exercise:
    require_permission(actor, "contest.manage")
    if not objectives.strip():
        raise PrepareError("Enter the exercise's objectives")
    with acting_as(actor):
        exercise = Exercise.objects.create(owner_agency=actor.agency, kind=kind, title=title.strip(), held_on=held_on,
                                           objectives=objectives.strip(), is_sample=is_sample)
        exercise.agencies.set(agencies)
        exercise.plans.set(plans)
    return exercise


@transaction.atomic
def lesson_add(*, actor, exercise: Exercise, text: str) -> Lesson:
    _check_change(actor, exercise)
    if not text.strip():
        raise PrepareError("Enter the lesson")
    with acting_as(actor):
        return Lesson.objects.create(exercise=exercise, text=text.strip(), identified_on=exercise.held_on)


@transaction.atomic
def lesson_action_add(*, actor, lesson: Lesson, text: str, owner, due_on: dt.date) -> LessonAction:
    _check_change(actor, lesson.exercise)
    if lesson.closed_on is not None:
        raise PrepareError("The lesson is closed: record the action on an open lesson")
    if not owner.is_active:
        raise PrepareError(f"{owner.display_name}'s account is not active: choose someone else")
    if due_on < lesson.identified_on:
        raise PrepareError("The action is due before the exercise that identified it")
    with acting_as(actor):
        return LessonAction.objects.create(lesson=lesson, text=text.strip(), owner=owner, due_on=due_on)


@transaction.atomic
def lesson_action_update(*, actor, action: LessonAction, status: str, on: dt.date | None = None) -> LessonAction:
    _check_change(actor, action.lesson.exercise)
    if status not in ActionStatus.values:
        raise PrepareError("Choose the action's status")
    with acting_as(actor):
        action.status = status
        action.completed_on = (on or timezone.localdate()) if status == ActionStatus.DONE else None
        action.save()
    return action


@transaction.atomic
def lesson_close(*, actor, lesson: Lesson, on: dt.date | None = None) -> Lesson:
    """Close a lesson once none of its actions is open: a lesson is learnt when its actions are done."""
    _check_change(actor, lesson.exercise)
    if lesson.closed_on is not None:
        raise PrepareError("The lesson is already closed")
    if lesson.actions.filter(status=ActionStatus.OPEN).exists():
        raise PrepareError("Finish or drop the lesson's open actions before closing it")
    with acting_as(actor):
        lesson.closed_on = on or timezone.localdate()
        lesson.save()
    return lesson


# --- the Gold rota -------------------------------------------------------------------------------

@transaction.atomic
def rota_week_set(*, actor, starts_on: dt.date, primary=None, reserve=None, is_sample: bool = False) -> RotaWeek:
    """Put officers on a week (either may be left empty: the week is then a gap)."""
    require_permission(actor, "contest.rota")
    if starts_on != monday_of(starts_on):
        raise PrepareError("A rota week starts on a Monday")
    if primary is not None and primary == reserve:
        raise PrepareError("The reserve must be another officer than the primary")
    for officer in (primary, reserve):
        if officer is not None and not officer.is_active:
            raise PrepareError(f"{officer.display_name}'s account is not active: choose someone else")
    with acting_as(actor):
        week, _ = RotaWeek.objects.update_or_create(starts_on=starts_on, defaults={
            "primary": primary, "reserve": reserve, "is_sample": is_sample})
    return week


@transaction.atomic
def swap_request(*, actor, week: RotaWeek, duty: str, cover, reason: str = "", is_sample: bool = False,
                 on: dt.date | None = None) -> RotaSwap:
    """The officer holding ``duty`` on ``week`` asks that ``cover`` takes it; the rota manager decides."""
    week = RotaWeek.objects.select_for_update().get(pk=week.pk)
    if duty not in Duty.values:
        raise PrepareError("Choose the duty to swap")
    if week.officer(duty) != actor:
        raise PrepareError("Only the officer on that duty may ask for it to be swapped")
    if week.ends_on <= (on or timezone.localdate()):
        raise PrepareError("The week is over: it cannot be swapped")
    if cover == actor or not cover.is_active:
        raise PrepareError("Choose an active colleague to take the duty")
    if cover in (week.primary, week.reserve):
        raise PrepareError(f"{cover.display_name} is already on call that week")
    if week.swaps.filter(duty=duty, status=SwapStatus.PENDING).exists():
        raise PrepareError("A swap of that duty is already waiting for the rota manager")
    with acting_as(actor):
        return RotaSwap.objects.create(week=week, duty=duty, requested_by=actor, cover=cover, reason=reason.strip(),
                                       is_sample=is_sample)


@transaction.atomic
def swap_decide(*, actor, swap: RotaSwap, approve: bool, note: str = "") -> RotaSwap:
    """The rota manager approves (the cover takes the duty) or refuses a waiting swap."""
    require_permission(actor, "contest.rota")
    swap = RotaSwap.objects.select_for_update().select_related("week").get(pk=swap.pk)
    if swap.status != SwapStatus.PENDING:
        raise PrepareError("The swap has already been decided")
    week = swap.week
    if approve:
        if week.officer(swap.duty) != swap.requested_by:
            raise PrepareError("The rota has changed since the request: the officer no longer holds the duty")
        if swap.cover in (week.primary, week.reserve):
            raise PrepareError(f"{swap.cover.display_name} is already on call that week")
    with acting_as(actor):
        if approve:
            setattr(week, swap.duty, swap.cover)
            week.save()
        swap.status = SwapStatus.APPROVED if approve else SwapStatus.REFUSED
        swap.decided_by, swap.decided_at, swap.decision_note = actor, timezone.now(), note.strip()
        swap.save()
    return swap
