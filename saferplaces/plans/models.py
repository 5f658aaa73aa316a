"""The partnership plan: strategy → delivery groups → objectives → actions → KPIs and readings."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from saferplaces.core.tracked import Tracked
from saferplaces.plans.deadlines import Deadline, interpret

#: Versioning (see PlanVersion): what a re-import matches on, and the version an item left the plan in.
REF_HELP = "The plan file's reference (e.g. V3.2): a re-import matches on it"
CLOSED_HELP = "The plan version that no longer holds it; its updates and readings are kept"


class Strategy(Tracked):
    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    vision = models.TextField()
    principles = models.JSONField(default=list)
    source = models.TextField(blank=True)
    key = models.SlugField(max_length=30, blank=True, help_text="The plan file's key: re-imports find it by it")

    def __str__(self):
        return self.title


class DeliveryGroup(Tracked):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="groups")
    key = models.SlugField(max_length=30)
    name = models.CharField(max_length=100)
    chair = models.CharField(max_length=200, help_text="As the plan names the chair")
    chair_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="chaired_groups")
    aim = models.TextField()
    note = models.TextField(blank=True)
    is_executive = models.BooleanField(default=False, help_text="The Executive Group, which challenges the others")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["strategy", "key"], name="group_key_unique")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plans:group", args=[self.pk])


class Objective(Tracked):
    group = models.ForeignKey(DeliveryGroup, on_delete=models.CASCADE, related_name="objectives")
    number = models.CharField(max_length=20, blank=True)
    strand = models.CharField(max_length=20, blank=True, help_text="For CONTEST: Protect, Prepare, Prevent")
    text = models.TextField()
    note = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    ref = models.CharField(max_length=30, blank=True, help_text=REF_HELP)
    since = models.ForeignKey("PlanVersion", null=True, blank=True, on_delete=models.RESTRICT, related_name="+")
    closed_in = models.ForeignKey("PlanVersion", null=True, blank=True, on_delete=models.RESTRICT, related_name="+",
                                  help_text=CLOSED_HELP)

    class Meta:
        ordering = ["group__order", "order"]

    def __str__(self):
        return f"{self.number} {self.text[:60]}".strip()

    def get_absolute_url(self):
        return reverse("plans:objective", args=[self.pk])


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"
    DROPPED = "dropped", "Dropped"


class RAG(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class Action(Tracked):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField(blank=True, help_text="Blank where the plan's cell was lost")
    lead = models.CharField(max_length=300, blank=True, help_text="As the plan names the lead")
    lead_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="led_actions")
    lead_agencies = models.ManyToManyField("accounts.Agency", blank=True, related_name="led_actions")
    kpi_text = models.TextField(blank=True)
    deadline_text = models.CharField(max_length=100, blank=True)
    note = models.TextField(blank=True, help_text="What the transcription could not recover")
    order = models.PositiveSmallIntegerField(default=0)
    ref = models.CharField(max_length=30, blank=True, help_text=REF_HELP)
    since = models.ForeignKey("PlanVersion", null=True, blank=True, on_delete=models.RESTRICT, related_name="+")
    closed_in = models.ForeignKey("PlanVersion", null=True, blank=True, on_delete=models.RESTRICT, related_name="+",
                                  help_text=CLOSED_HELP)

    class Meta:
        ordering = ["objective__group__order", "objective__order", "order"]

    def __str__(self):
        return (self.text or "(action text lost)")[:80]

    def get_absolute_url(self):
        return reverse("plans:action", args=[self.pk])

    @property
    def group(self) -> DeliveryGroup:
        return self.objective.group

    @property
    def deadline(self) -> Deadline:
        return interpret(self.deadline_text, reference_year=self.objective.group.strategy.period_start.year)

    def latest_update(self, on: dt.date | None = None):
        updates = self.updates.all()
        if on is not None:
            updates = updates.filter(date__lte=on)
        return updates.order_by("-date", "-id").first()


class ActionUpdate(Tracked):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(default=timezone.localdate)
    status = models.CharField(max_length=20, choices=Status.choices)
    rag = models.CharField("RAG", max_length=5, choices=RAG.choices)
    narrative = models.TextField()
    decision_needed = models.TextField(blank=True, help_text="A decision the board is asked to take")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-date", "-id"]


class Unit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENTAGE = "percentage", "Percentage"
    RATE = "rate", "Rate"
    MILESTONE = "milestone", "Milestone (0 = not met, 1 = met)"


class Direction(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"
    ACHIEVE = "achieve", "Reach the target"


class Source(models.TextChoices):
    MANUAL = "manual", "Entered by hand each period"
    MEASURE = "measure", "Computed by a measure"
    RETURN = "return", "A partner's periodic return, uploaded"
    SURVEY = "survey", "A survey's results, imported"


class Cadence(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class KPI(Tracked):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(max_length=300)
    unit = models.CharField(max_length=12, choices=Unit.choices, default=Unit.COUNT)
    target = models.FloatField(null=True, blank=True)
    baseline = models.FloatField(null=True, blank=True)
    baseline_note = models.CharField(max_length=200, blank=True, help_text="The period or source of the baseline")
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.UP)
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.QUARTERLY)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    measure_key = models.CharField(max_length=100, blank=True)
    source_note = models.CharField(max_length=300, blank=True,
                                   help_text="Where a figure not computed here comes from (e.g. SafeLives data)")
    ref = models.CharField(max_length=30, blank=True, help_text=REF_HELP)
    closed_in = models.ForeignKey("PlanVersion", null=True, blank=True, on_delete=models.RESTRICT, related_name="+",
                                  help_text=CLOSED_HELP)

    class Meta:
        ordering = ["action__order", "pk"]
        verbose_name = "KPI"

    def __str__(self):
        return self.name

    def on_target(self, value: float | None) -> bool | None:
        if value is None or self.target is None:
            return None
        if self.direction == Direction.DOWN:
            return value <= self.target
        return value >= self.target


class KPIReading(Tracked):
    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="readings")
    period_start = models.DateField(help_text="The first day of the quarter")
    value = models.FloatField()
    commentary = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["period_start"]
        constraints = [models.UniqueConstraint(fields=["kpi", "period_start"], name="one_reading_per_period")]


class PlanVersion(Tracked):
    """One plan year's issue of a strategy (the annual refresh). Re-importing the same year updates it;
    a file for a new year adds a version into which the objectives, actions and KPIs it still holds carry
    forward, the same records with their updates and readings; the others are closed in it, never deleted."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="versions")
    year = models.PositiveSmallIntegerField(help_text="The plan year, as the plan file gives it (e.g. 2017)")
    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["strategy", "year"]
        constraints = [models.UniqueConstraint(fields=["strategy", "year"], name="one_plan_version_per_year")]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def actions(self):
        """The actions this version holds: opened in it or before, not closed by it."""
        return Action.objects.filter(objective__group__strategy=self.strategy).filter(
            models.Q(since__isnull=True) | models.Q(since__year__lte=self.year),
            models.Q(closed_in__isnull=True) | models.Q(closed_in__year__gt=self.year))
class SurveyResult(Tracked):
    """One published figure of a survey: the share of one area's respondents (or of one group of them)
    giving the answers the survey counts (``measure``) to one question, over one period.

    The MOPAC Public Attitude Survey publishes its indicators this way, by neighbourhood
    (``plans.surveys`` reads its files); KPIs whose source is a survey read their figures from here.
    """

    survey = models.CharField(max_length=100)
    period_start = models.DateField()
    period_end = models.DateField()
    indicator = models.CharField(max_length=300, help_text="The question, as the survey words it")
    measure = models.CharField(max_length=100, blank=True, help_text="What the figure counts, e.g. % Excellent or Good")
    area = models.CharField(max_length=100)
    group = models.CharField(max_length=100, blank=True, help_text="The respondents counted; blank for all of them")
    value = models.FloatField()

    class Meta:
        ordering = ["survey", "-period_start", "indicator", "area", "group"]
        constraints = [models.UniqueConstraint(
            fields=["survey", "period_start", "period_end", "indicator", "measure", "area", "group"],
            name="one_survey_figure")]

    def __str__(self):
        return f"{self.survey} {self.period_start:%Y}: {self.indicator[:40]} ({self.area})"
