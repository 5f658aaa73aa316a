"""Problem solving and tasking: priority areas, tasking meetings, their agendas and actions.

These records are about places and the partnership's work, not about people: the partnership reads
them (``places.view``); personal details belong in the cases an agenda item refers to.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from saferplaces.core.tracked import Tracked


class AreaSource(models.TextChoices):
    FILE = "file", "Uploaded boundary file"
    WARDS = "wards", "Ward boundaries"
    DEMO = "demo", "Hand-drawn demo outline"


class PriorityArea(Tracked):
    """A named place the partnership prioritises, as a boundary (GeoJSON, longitude/latitude)."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    geometry = models.JSONField(help_text="GeoJSON Polygon or MultiPolygon in WGS84")
    source = models.CharField(max_length=10, choices=AreaSource.choices, default=AreaSource.FILE)
    ward_codes = models.JSONField(default=list, blank=True)
    ward_names = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True, help_text="Retired areas keep their history but stop counting")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("places:area", args=[self.pk])


class TaskingMeeting(Tracked):
    """A problem-solving and tasking meeting of the partnership."""

    title = models.CharField(max_length=200)
    held_on = models.DateField()
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="chaired_tasking_meetings")
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="tasking_meetings")
    agencies = models.ManyToManyField("accounts.Agency", blank=True, related_name="tasking_meetings",
                                      help_text="Agencies represented at the meeting")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d %B %Y})"

    def get_absolute_url(self):
        return reverse("places:meeting", args=[self.pk])


class AgendaItem(Tracked):
    """One item of a meeting's agenda: a place (a priority area or somewhere described)."""

    meeting = models.ForeignKey(TaskingMeeting, on_delete=models.CASCADE, related_name="agenda")
    title = models.CharField(max_length=200)
    priority_area = models.ForeignKey(PriorityArea, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="agenda_items")
    notes = models.TextField(blank=True)
    # Shown only to those who may see the case (policy.can): others see that a case of the lead agency is listed.
    asb_case = models.ForeignKey("asb.AsbCase", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="agenda_items", verbose_name="ASB case")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self):
        return self.title


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.DROPPED)


class TaskingActionQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, on: dt.date | None = None):
        return self.open().filter(due_on__lt=on or timezone.localdate())


class TaskingAction(Tracked):
    """An action a tasking meeting gives to an agency (and usually one of its officers).

    Its location is a priority area, or a point (longitude/latitude) that may fall in one, or none.
    """

    meeting = models.ForeignKey(TaskingMeeting, on_delete=models.PROTECT, related_name="actions")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="actions")
    description = models.TextField()
    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="tasking_actions")
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="tasking_actions")
    raised_on = models.DateField(help_text="The meeting's date unless raised between meetings")
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    priority_area = models.ForeignKey(PriorityArea, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="actions")
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    location_description = models.CharField(max_length=200, blank=True)

    objects = TaskingActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(longitude__isnull=True, latitude__isnull=True)
                                   | Q(longitude__isnull=False, latitude__isnull=False), name="action_point_whole"),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("raised_on")), name="action_due_after_raised"),
        ]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return reverse("places:action", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return not self.is_closed and self.due_on < (on or timezone.localdate())

    @property
    def has_point(self) -> bool:
        return self.longitude is not None and self.latitude is not None
