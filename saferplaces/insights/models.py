from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone

from saferplaces.core.tracked import Tracked


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


#: What each engine stage is doing, in the page's words (``api.ASSESSMENT_STAGES`` names them).
STAGE_LABELS = {
    "reading": "Reading the files and placing each crime in its area",
    "concentration": "Measuring where crime concentrates (wards and LSOAs) and its trends",
    "VLI": "Computing the Vulnerable Localities Index",
    "hot spots": "Finding hot spots",
    "near repeats": "Testing for near repeats",
    "writing": "Writing the report",
}


def duration_words(seconds: float) -> str:
    """A duration as a person says it: "less than a minute", "about 4 minutes", "1 hour 5 minutes"."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return "less than a minute"
    if minutes < 60:
        return f"about {minutes} minute{'s' if minutes != 1 else ''}"
    hours, minutes = divmod(minutes, 60)
    return f"about {hours} hour{'s' if hours != 1 else ''}" + (f" {minutes} minutes" if minutes else "")


@dataclass(frozen=True)
class Estimate:
    elapsed: float  # seconds since the run started
    left: float | None  # rough seconds to go, None when nothing tells yet

    @property
    def elapsed_text(self) -> str:
        return duration_words(self.elapsed)

    @property
    def left_text(self) -> str | None:
        return None if self.left is None else duration_words(self.left)


class AssessmentRun(Tracked):
    """One run of the strategic assessment over police.uk files (open data: no personal data)."""

    title = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    work_dir = models.CharField(max_length=500, help_text="Inputs, geography and outputs of this run")
    summary = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    is_sample = models.BooleanField(default=False, help_text="Built from the synthetic demo borough")
    stage = models.CharField(max_length=20, blank=True, help_text="The engine's stage while running")
    progress = models.FloatField(default=0.0, help_text="Rough share of the work done (0 to 1) while running")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS.get(self.stage, "Starting")

    def estimate(self, now=None) -> Estimate | None:
        """How long the run has taken and roughly how long it has left, while it runs."""
        if self.status != RunStatus.RUNNING or self.started_at is None:
            return None
        elapsed = max(((now or timezone.now()) - self.started_at).total_seconds(), 0.0)
        # The time so far scaled by the share still to do: nothing to go on until the first stage ends.
        left = elapsed * (1 - self.progress) / self.progress if self.progress > 0 else None
        return Estimate(elapsed, left)

    @property
    def percent_done(self) -> int:
        return round(100 * self.progress)

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class Evaluation(Tracked):
    """One "Did it work?" test on an assessment's police data, run in the background: the areas as they
    were when it was asked (a priority area's boundary, or one uploaded for this test), the periods and
    the engine's result."""

    run = models.ForeignKey(AssessmentRun, on_delete=models.CASCADE, related_name="evaluations",
                            help_text="The assessment whose police files are counted")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    areas = models.JSONField(help_text="Role → {name, priority_area (id, or null for an uploaded boundary), "
                                       "geometry}: kept, so a later change to an area does not change the test")
    start = models.CharField(max_length=7, help_text="The first month of the intervention, YYYY-MM")
    before = models.PositiveSmallIntegerField(help_text="Months before the start")
    after = models.PositiveSmallIntegerField(help_text="Months from the start")
    crime_type = models.CharField(max_length=100, blank=True, help_text="Blank: every crime type")
    level = models.FloatField(help_text="The confidence level of the interval")
    result = models.JSONField(null=True, blank=True, help_text="The engine's WDD report as JSON")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Did it work? {self.areas['treated']['name']} from {self.start}"
