"""What the Contest group reports of Prevent: its own activity, and the Channel figures.

Prevent referrals and Channel panels are case work in the Home Office's own case management system;
the partnership does not keep a second copy of that personal data. These records hold what the group
reports: projects, sessions, institutions and training, and quarterly Channel counts by sector.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from saferplaces.core.tracked import Tracked


class ActivityKind(models.TextChoices):
    """The plan's Prevent objectives 1 to 3: commissioned projects, community engagement, institutions."""

    PROJECT = "project", "Commissioned project"
    ENGAGEMENT = "engagement", "Community engagement session"
    INSTITUTION = "institution", "Institution supported"
    TRAINING = "training", "Training given"


class Sector(models.TextChoices):
    """The sectors the Home Office's Prevent referral statistics count referrals from."""

    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    COMMUNITY = "community", "Community, family and friends"
    PRISONS_PROBATION = "prisons_probation", "Prisons and probation"
    OTHER = "other", "Other"


class PreventActivity(Tracked):
    """One project, session, institution supported or training given."""

    kind = models.CharField(max_length=12, choices=ActivityKind.choices)
    title = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, help_text="The provider, community organisation or institution")
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    held_on = models.DateField("Date", help_text="The date of the session or training; a project's start")
    ended_on = models.DateField("End date", null=True, blank=True, help_text="A project's end, if it has ended")
    people = models.PositiveIntegerField("People reached", default=0,
                                         help_text="Attendees, people trained or taking part")
    outputs = models.TextField(blank=True, help_text="What it delivered")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name_plural = "Prevent activities"
        indexes = [models.Index(fields=["held_on", "id"], name="prevent_activity_date")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class ChannelFigure(Tracked):
    """One quarter's Prevent referrals and Channel adoptions from one sector, as the group reports them."""

    quarter_start = models.DateField(help_text="The first day of the quarter")
    sector = models.CharField(max_length=20, choices=Sector.choices)
    referrals = models.PositiveIntegerField()
    adoptions = models.PositiveIntegerField(help_text="Referrals adopted as Channel cases")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-quarter_start", "sector"]
        constraints = [models.UniqueConstraint(fields=["quarter_start", "sector"], name="channel_figure_once")]
