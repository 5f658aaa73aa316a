"""The Contest delivery group's Protect registers: vulnerable sites (crowded places and others).

The tiers follow the Terrorism (Protection of Premises) Act 2025: see :mod:`saferplaces.contest.rules`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from saferplaces.contest import rules
from saferplaces.contest.base import ContestRecord
from saferplaces.contest.rules import Tier, Use


class Site(ContestRecord):
    """A crowded place or other site the group has identified as vulnerable, or a qualifying event.

    ``tier`` is kept equal to :func:`rules.site_tier` of the other fields on every save, so lists filter
    and count by it; ``tier_override`` replaces the computed tier only with a reason.
    """

    name = models.CharField(max_length=200)
    use = models.CharField("Use", max_length=24, choices=Use.choices,
                           help_text="The use of the premises under Schedule 1 to the Act, or another vulnerable site")
    is_event = models.BooleanField("An event, not premises", default=False,
                                   help_text="An event held at premises that are not themselves qualifying premises")
    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=10, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    capacity = models.PositiveIntegerField(
        "Expected capacity",
        help_text="The most people it is reasonable to expect present at the same time")
    tier = models.CharField(max_length=12, choices=Tier.choices, editable=False)
    tier_override = models.CharField("Tier set by hand", max_length=12, choices=Tier.choices, blank=True)
    tier_override_reason = models.TextField("Why the tier is set by hand", blank=True)
    responsible_person = models.CharField(max_length=200, blank=True,
                                          help_text="The person with control of the premises or event (section 4)")
    senior_individual = models.CharField("Designated senior individual", max_length=200, blank=True,
                                         help_text="For enhanced duty premises and events (section 10)")
    regulator_notified = models.BooleanField("The Security Industry Authority has been notified", default=False)
    regulator_notified_on = models.DateField(null=True, blank=True)
    identified_on = models.DateField("Identified as vulnerable on", default=timezone.localdate)
    notes = models.TextField(blank=True)
    is_sample = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(tier_override="") | ~Q(tier_override_reason=""),
                                   name="site_tier_override_reason"),
            models.CheckConstraint(condition=Q(longitude__isnull=True, latitude__isnull=True)
                                   | Q(longitude__isnull=False, latitude__isnull=False), name="site_point_whole"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.tier = rules.site_tier(use=self.use, capacity=self.capacity, is_event=self.is_event,
                                    override=self.tier_override)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("contest:site", args=[self.pk])

    @property
    def computed_tier(self) -> str:
        return rules.site_tier(use=self.use, capacity=self.capacity, is_event=self.is_event)

    @property
    def has_point(self) -> bool:
        return self.longitude is not None and self.latitude is not None


# The group's reporting (threat assessments, police deployment returns, Prevent) has modules of its own.
from saferplaces.contest.models_deploy import DeploymentReturn  # noqa: E402, F401
from saferplaces.contest.models_prevent import ChannelFigure, PreventActivity  # noqa: E402, F401
from saferplaces.contest.models_threat import ThreatAssessment  # noqa: E402, F401
