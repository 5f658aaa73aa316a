from django.conf import settings
from django.db import models
from django.utils import timezone

from saferplaces.core.tracked import Tracked


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


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

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
