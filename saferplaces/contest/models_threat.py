"""The monthly threat assessment: the national threat level and the local assessment, one per month.

It is the most sensitive document the Contest group holds, so it is in its own restricted data
category (``counter_terrorism_restricted``): only the named readers the counter-terrorism lead keeps
may open it (``policy.categories.RESTRICTED``, ``policy.models.NamedReader``), and every read is logged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from saferplaces.contest.base import ContestRecord


class ThreatLevel(models.TextChoices):
    """The UK's national terrorism threat levels, set by the Joint Terrorism Analysis Centre (JTAC) and,
    for Northern Ireland-related terrorism, by MI5 (the levels and their meanings as published by MI5)."""

    LOW = "low", "Low: an attack is highly unlikely"
    MODERATE = "moderate", "Moderate: an attack is possible but not likely"
    SUBSTANTIAL = "substantial", "Substantial: an attack is likely"
    SEVERE = "severe", "Severe: an attack is highly likely"
    CRITICAL = "critical", "Critical: an attack is highly likely in the near future"


class ThreatAssessment(ContestRecord):
    """The threat assessment for one month, held by the agency that produced it: a Contest record (read
    with ``contest.view``, changed with ``contest.manage``) of the narrower, restricted category."""

    DATA_CATEGORY = "counter_terrorism_restricted"

    month = models.DateField(help_text="The first day of the month it covers")
    national_level = models.CharField("National threat level", max_length=12, choices=ThreatLevel.choices)
    national_level_set_on = models.DateField("Date the national level was set")
    local_assessment = models.TextField()
    produced_on = models.DateField("Date produced")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=160, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_stored_name = models.CharField(max_length=40, blank=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-month"]
        verbose_name = "threat assessment"
        constraints = [models.UniqueConstraint(fields=["month"], name="threat_assessment_one_per_month")]

    def __str__(self):
        return f"Threat assessment, {self.month:%B %Y}"

    @property
    def reference(self) -> str:
        return f"TA-{self.month:%Y-%m}"

    def get_absolute_url(self):
        return reverse("contest:threat_detail", args=[self.pk])
