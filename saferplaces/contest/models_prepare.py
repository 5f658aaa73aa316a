"""Prepare: the resilience plans register, exercises and their lessons, and the London Local
Authority Gold rota.

A Category 1 responder must maintain plans to carry on its functions and to respond to an
emergency, and exercise them (Civil Contingencies Act 2004, section 2(1)(c) and (d); the Civil
Contingencies Act 2004 (Contingency Planning) Regulations 2005 ask that plans include provision for
exercises and training). Business continuity plans are reviewed at planned intervals and tested by an
exercise programme (ISO 22301:2019, clauses 8.5 and 8.6). The plans and the exercises' lessons are
counter-terrorism records: the Terrorism (Protection of Premises) Act 2025 itself restricts the
disclosure of premises' plans, so they are counter-terrorism records
(:class:`~saferplaces.contest.base.ContestRecord`) and every view is logged. The rota names council officers only.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from saferplaces.contest.base import ContestRecord
from saferplaces.core.tracked import Tracked
from saferplaces.meetings.models import ActionStatus


class PlanKind(models.TextChoices):
    EMERGENCY_RESPONSE = "emergency_response", "Emergency response plan"
    DISASTER_MORTUARY = "disaster_mortuary", "Disaster mortuary plan"
    CEREMONIAL = "ceremonial", "Ceremonial plan"
    BUSINESS_CONTINUITY = "business_continuity", "Business continuity plan"
    EBIA = "ebia", "Executive Business Impact Assessment"


class ResiliencePlan(ContestRecord):
    """One plan of the register: who owns it (the agency holding it and a named officer), its
    version and its review dates. A review is due on ``next_review_on``; after it, the plan is
    overdue until a review is recorded."""

    kind = models.CharField(max_length=20, choices=PlanKind.choices)
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              help_text="The officer who keeps the plan up to date")
    version = models.CharField(max_length=20)
    last_reviewed_on = models.DateField("Last reviewed")
    next_review_on = models.DateField("Next review due")
    is_sample = models.BooleanField(default=False)

    class Meta:
        verbose_name = "resilience plan"
        ordering = ["next_review_on", "pk"]
        indexes = [models.Index(fields=["next_review_on", "id"], name="ct_plan_list_review"),
                   models.Index(fields=["title", "id"], name="ct_plan_list_title"),
                   models.Index(fields=["owner", "next_review_on"], name="ct_plan_owner_review")]
        constraints = [models.CheckConstraint(condition=models.Q(next_review_on__gt=models.F("last_reviewed_on")),
                                              name="ct_plan_review_after_last")]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    @property
    def reference(self) -> str:
        return f"PLAN-{self.pk:04d}"

    def get_absolute_url(self):
        return reverse("contest:plan_detail", args=[self.pk])

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return self.next_review_on < (on or timezone.localdate())


class ExerciseKind(models.TextChoices):
    TABLETOP = "tabletop", "Tabletop exercise"
    LIVE = "live", "Live exercise"
    SPECIFIC = "specific", "Specific exercise (e.g. of the disaster mortuary plan)"
    ALL_SERVICES = "all_services", "Annual all-services exercise"


class Exercise(ContestRecord):
    """An exercise held (or planned): its objectives, the agencies taking part and the plans it tests."""

    kind = models.CharField(max_length=20, choices=ExerciseKind.choices)
    title = models.CharField(max_length=200)
    held_on = models.DateField("Date")
    objectives = models.TextField()
    agencies = models.ManyToManyField("accounts.Agency", related_name="+", blank=True)
    plans = models.ManyToManyField(ResiliencePlan, related_name="exercises", blank=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on", "id"], name="ct_exercise_list_date")]

    def __str__(self):
        return f"{self.title}, {self.held_on:%-d %B %Y}"

    @property
    def reference(self) -> str:
        return f"EX-{self.pk:04d}"

    def get_absolute_url(self):
        return reverse("contest:exercise_detail", args=[self.pk])


class Lesson(Tracked):
    """A lesson the exercise identified; closed once every action it needed is done or dropped."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="lessons")
    text = models.TextField()
    identified_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["exercise", "pk"]
        indexes = [models.Index(fields=["closed_on"], name="ct_lesson_closed")]

    def __str__(self):
        return self.text[:80]


class LessonAction(Tracked):
    """An action a lesson needs, with its owner and due date (statuses of ``meetings.ActionStatus``)."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="ct_lesson_action_owner")]

    def __str__(self):
        return self.text[:80]


class Duty(models.TextChoices):
    PRIMARY = "primary", "Primary"
    RESERVE = "reserve", "Reserve"


class RotaWeek(Tracked):
    """One week of the London Local Authority Gold on-call rota, from Monday to the next Monday: the
    primary officer on call and the reserve. Changes are kept in the change history, so past weeks
    show who was on call, and each swap is its own record."""

    starts_on = models.DateField("Week starting", unique=True)
    primary = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    reserve = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(primary=models.F("reserve")), name="rota_two_officers"),
        ]

    def __str__(self):
        return f"Week starting {self.starts_on:%-d %B %Y}"

    @property
    def ends_on(self) -> dt.date:
        """The Monday the week hands over (exclusive)."""
        return self.starts_on + dt.timedelta(days=7)

    def officer(self, duty: str):
        return self.primary if duty == Duty.PRIMARY else self.reserve


class SwapStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the rota manager"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class RotaSwap(Tracked):
    """An officer's request that a colleague cover their duty for a week; the rota manager approves
    (and the week changes) or refuses it. Kept whatever the answer."""

    week = models.ForeignKey(RotaWeek, on_delete=models.PROTECT, related_name="swaps")
    duty = models.CharField(max_length=10, choices=Duty.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cover = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              help_text="The colleague who takes the duty")
    reason = models.TextField(blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=SwapStatus.choices, default=SwapStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["week", "duty"], condition=models.Q(status="pending"),
                                               name="rota_one_pending_swap")]

    def __str__(self):
        return f"{self.get_duty_display()} duty, {self.week}: {self.requested_by} to {self.cover}"
