"""The Contest delivery group's Protect registers: vulnerable sites (crowded places and others), their
security assessments, service requests, public realm schemes and awareness training.

The tiers follow the Terrorism (Protection of Premises) Act 2025: see :mod:`saferplaces.contest.rules`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from saferplaces.contest import rules
from saferplaces.contest.base import ContestRecord
from saferplaces.contest.rules import Heading, Tier, Use
from saferplaces.core.tracked import Tracked


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


class Rating(models.TextChoices):
    IN_PLACE = "in_place", "In place"
    PARTIAL = "partial", "Partly in place"
    ABSENT = "absent", "Not in place"


class SecurityAssessment(ContestRecord):
    """A counter-terrorism security adviser's assessment of a site: findings by heading, the
    recommendations that follow, and when the site is next due to be assessed."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField("Date of the assessment")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(blank=True)
    next_due_on = models.DateField("Next assessment due")
    is_sample = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(next_due_on__gt=models.F("assessed_on")),
                                              name="assessment_next_after")]

    def __str__(self):
        return f"Security assessment of {self.site}, {self.assessed_on:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("contest:assessment", args=[self.pk])


class Finding(Tracked):
    assessment = models.ForeignKey(SecurityAssessment, on_delete=models.CASCADE, related_name="findings")
    heading = models.CharField(max_length=20, choices=Heading.choices)
    rating = models.CharField(max_length=10, choices=Rating.choices)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "heading"], name="finding_once_a_heading")]

    def __str__(self):
        return f"{self.get_heading_display()}: {self.get_rating_display()}"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DECLINED = "declined", "Declined by the site"


class Recommendation(Tracked):
    assessment = models.ForeignKey(SecurityAssessment, on_delete=models.CASCADE, related_name="recommendations")
    heading = models.CharField(max_length=20, choices=Heading.choices, blank=True)
    text = models.TextField("Recommendation")
    owner = models.CharField(max_length=200, help_text="Who at the site (or in the partnership) carries it out")
    due_on = models.DateField("Due")
    status = models.CharField(max_length=12, choices=RecommendationStatus.choices,
                              default=RecommendationStatus.OPEN)

    class Meta:
        ordering = ["assessment", "due_on", "pk"]

    def __str__(self):
        return self.text[:80]

    @property
    def is_open(self) -> bool:
        return self.status in (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)


class WorkStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"


class ServiceRequest(ContestRecord):
    """A request for the advisers' help: vehicle mitigation for an event, advice on a scheme."""

    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="requests")
    title = models.CharField(max_length=200)
    requested_on = models.DateField()
    requested_by = models.CharField(max_length=200, help_text="The organisation or person asking")
    status = models.CharField(max_length=12, choices=WorkStatus.choices, default=WorkStatus.REQUESTED)
    notes = models.TextField(blank=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-requested_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("contest:request_edit", args=[self.pk])


class SchemeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    DESIGN = "design", "In design"
    BUILD = "build", "Being built"
    COMPLETE = "complete", "Complete"


class PublicRealmScheme(ContestRecord):
    """Protective security built into the street: hostile vehicle mitigation, bollards, planters."""

    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="schemes")
    name = models.CharField(max_length=200)
    lead = models.CharField(max_length=200, help_text="The organisation leading the scheme")
    status = models.CharField(max_length=12, choices=SchemeStatus.choices, default=SchemeStatus.PROPOSED)
    notes = models.TextField(blank=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contest:scheme_edit", args=[self.pk])


class SessionKind(models.TextChoices):
    """ACT (Action Counters Terrorism) Awareness replaced Project Griffin and ACT Strategic replaced
    Project Argus; the historic kinds stay so the plan's Griffin and Argus KPIs keep their history."""

    ACT_AWARENESS = "act_awareness", "ACT Awareness"
    ACT_STRATEGIC = "act_strategic", "ACT Strategic"
    GRIFFIN = "griffin", "Project Griffin (historic)"
    ARGUS = "argus", "Project Argus (historic)"
    FIRE_AWARENESS = "fire_awareness", "Fire brigade awareness"


class TrainingSession(ContestRecord):
    """An awareness training session and who it trained: organisations one a line, people counted."""

    kind = models.CharField("Type", max_length=16, choices=SessionKind.choices)
    held_on = models.DateField("Date")
    venue = models.CharField(max_length=200)
    organisations = models.TextField(help_text="The organisations trained, one a line")
    organisation_count = models.PositiveIntegerField(editable=False, default=0)
    people_trained = models.PositiveIntegerField("Number of people trained")
    plan_item = models.CharField("Business awareness plan item", max_length=200, blank=True,
                                 help_text="The line of the business awareness plan the session delivers")
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.held_on:%-d %B %Y}"

    def save(self, *args, **kwargs):
        self.organisation_count = len(self.organisation_names)
        super().save(*args, **kwargs)

    @property
    def organisation_names(self) -> list[str]:
        return [line.strip() for line in self.organisations.splitlines() if line.strip()]

    def get_absolute_url(self):
        return reverse("contest:training_edit", args=[self.pk])


# Prepare's models and the group's reporting (threat assessments, police deployment returns, Prevent) live
# in modules of their own; imported here so that Django registers them with the app.
from saferplaces.contest.models_deploy import DeploymentReturn  # noqa: E402, F401
from saferplaces.contest.models_prepare import (  # noqa: E402, F401
    Exercise,
    Lesson,
    LessonAction,
    ResiliencePlan,
    RotaSwap,
    RotaWeek,
)
from saferplaces.contest.models_prevent import ChannelFigure, PreventActivity  # noqa: E402, F401
from saferplaces.contest.models_threat import ThreatAssessment  # noqa: E402, F401
