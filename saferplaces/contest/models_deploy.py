"""The police's monthly Protect deployment return: the figures the plan's action PROTECT3.2 reviews.

Borough totals of police activity, naming nobody; they feed the plan's KPIs on the board pack.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from saferplaces.core.tracked import Tracked

#: field → label: the six figures of the plan's action PROTECT3.2, in the plan's order
FIGURES: dict[str, str] = {
    "stop_and_search": "Stop and search",
    "stop_and_account": "Stop and account",
    # Terrorism Act 2000, s.43: a constable may stop and search a person reasonably suspected to be a terrorist.
    "section_43_stops": "Section 43 stops (Terrorism Act 2000)",
    "suspicious_packages": "Suspicious package calls",
    "ct_intelligence_reports": "Counter-terrorism intelligence submissions",
    "vehicle_stops": "Vehicle stops",
}


class DeploymentReturn(Tracked):
    """One month's figures for the borough; one return per month."""

    month = models.DateField(help_text="The first day of the month it covers")
    stop_and_search = models.PositiveIntegerField(FIGURES["stop_and_search"])
    stop_and_account = models.PositiveIntegerField(FIGURES["stop_and_account"])
    section_43_stops = models.PositiveIntegerField(FIGURES["section_43_stops"])
    suspicious_packages = models.PositiveIntegerField(FIGURES["suspicious_packages"])
    ct_intelligence_reports = models.PositiveIntegerField(FIGURES["ct_intelligence_reports"])
    vehicle_stops = models.PositiveIntegerField(FIGURES["vehicle_stops"])
    notes = models.TextField(blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["month"], name="deployment_return_one_per_month")]

    def __str__(self):
        return f"Deployment return, {self.month:%B %Y}"

    def figures(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, field)) for field, label in FIGURES.items()]
