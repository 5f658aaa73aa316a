"""Partnership governance: meetings of the Board, the Executive Group and the delivery groups, and the
Executive Group's risk and issue log.

The strategy's governance is "performance managed quarterly": the delivery groups report to the
Executive Group, which is to "challenge performance… risks and issues", and the Board holds the
partnership to account (Safer Westminster Partnership Strategy 2017–2020, governance section). These
records are about the partnership's work, not about people: they name staff and agencies only.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from saferplaces.core.tracked import Tracked


class Kind(models.TextChoices):
    BOARD = "board", "Board"
    EXECUTIVE = "executive", "Executive Group"
    DELIVERY = "delivery", "Delivery group"
    # A body below a delivery group: the Contest group's Business Continuity Champions (plan action
    # PREPARE4.2, "Hold regular Business Continuity Champions Meetings"); its group is the Contest group.
    BC_CHAMPIONS = "champions", "Business Continuity Champions"


class Meeting(Tracked):
    """One meeting. A Board meeting has no group; the Executive Group's and a delivery group's meeting
    name their ``plans.DeliveryGroup`` (the Executive Group is the one with ``is_executive``), and a
    Business Continuity Champions meeting the delivery group it reports to."""

    kind = models.CharField(max_length=10, choices=Kind.choices)
    group = models.ForeignKey("plans.DeliveryGroup", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="meetings")
    held_on = models.DateField("Date")
    place = models.CharField(max_length=200)
    minutes = models.TextField(blank=True)
    is_sample = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on", "id"], name="meeting_list_date")]
        constraints = [models.CheckConstraint(
            condition=models.Q(kind="board", group__isnull=True) | (~models.Q(kind="board")
                                                                     & models.Q(group__isnull=False)),
            name="meeting_group_unless_board")]

    def __str__(self):
        return f"{self.body} meeting, {self.held_on:%-d %B %Y}"

    @property
    def body(self) -> str:
        if self.kind == Kind.BC_CHAMPIONS:
            return f"Business Continuity Champions ({self.group.name})"
        return "Board" if self.kind == Kind.BOARD else self.group.name

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])


class AgendaItem(Tracked):
    """An item of the agenda, with the plan actions and KPIs it reviews."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    title = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    plan_actions = models.ManyToManyField("plans.Action", blank=True, related_name="agenda_items")
    kpis = models.ManyToManyField("plans.KPI", blank=True, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self):
        return self.title


class AttendanceStatus(models.TextChoices):
    EXPECTED = "expected", "Expected"
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Absent"


class Attendance(Tracked):
    """One agency's place at a meeting: boards count attendance by agency. An agency on the list is a
    member of the meeting: its staff may read it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.EXPECTED)
    attendee = models.CharField(max_length=200, blank=True, help_text="Name and role of who attended")

    class Meta:
        ordering = ["meeting", "agency__short_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "agency"], name="meeting_attendance_once")]

    def __str__(self):
        return f"{self.agency} at {self.meeting}: {self.get_status_display()}"


class Decision(Tracked):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="decisions")
    text = models.TextField()

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self):
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class MeetingAction(Tracked):
    """An action a meeting gives to a named member of staff."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_actions")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="meeting_action_owner")]

    def __str__(self):
        return self.text[:80]

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < (on or timezone.localdate())


class RiskKind(models.TextChoices):
    RISK = "risk", "Risk"
    ISSUE = "issue", "Issue"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


#: A 5 × 5 matrix, as in HM Treasury's Orange Book (2020) and most local-authority risk registers:
#: likelihood × impact from 1 to 25; 15 and over is red, 8 to 14 amber, below 8 green.
RED_FROM, AMBER_FROM = 15, 8
SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(Tracked):
    """A risk (may happen) or an issue (has happened) the Executive Group tracks."""

    kind = models.CharField(max_length=5, choices=RiskKind.choices, default=RiskKind.RISK)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    group = models.ForeignKey("plans.DeliveryGroup", on_delete=models.PROTECT, related_name="risks")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="risks")
    likelihood = models.PositiveSmallIntegerField(validators=SCALE)
    impact = models.PositiveSmallIntegerField(validators=SCALE)
    mitigation = models.TextField(blank=True)
    status = models.CharField(max_length=6, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    review_on = models.DateField("Review date")
    plan_actions = models.ManyToManyField("plans.Action", blank=True, related_name="risks")
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["review_on", "pk"]
        indexes = [models.Index(fields=["review_on", "id"], name="risk_list_review")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:risk", args=[self.pk])

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def rag(self) -> str:
        return "red" if self.score >= RED_FROM else "amber" if self.score >= AMBER_FROM else "green"
