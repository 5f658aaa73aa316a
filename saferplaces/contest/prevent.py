"""Prevent as the Contest group reports it: its activity and the quarterly Channel figures.

No Prevent or Channel case is kept here: referrals and panels run in the Home Office's own case
management system, and the partnership records only what the group reports from it (counts by
sector). Those counts are about a handful of people in a borough, so every page shows them with
small-number suppression (``core.suppression``): a count of 1 to 4 as ``<5``, and a second cell
withheld where subtraction from a total would reveal it. For the same reason no plan measure reads
them: a KPI reading is published exactly on the board pack.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from saferplaces.contest.models_prevent import ActivityKind, ChannelFigure, PreventActivity, Sector
from saferplaces.core import suppression
from saferplaces.core.context import acting_as
from saferplaces.core.dates import quarter_of
from saferplaces.policy.rules import require_permission

ACTIVITY_FIELDS = ("kind", "title", "organisation", "sector", "held_on", "ended_on", "people", "outputs")


class PreventError(ValueError):
    """Figures that cannot be recorded; the message says what to correct."""


@transaction.atomic
def activity_record(*, actor, is_sample: bool = False, **fields) -> PreventActivity:
    """Record a project, session, institution supported or training given (``contest.manage``)."""
    require_permission(actor, "contest.manage")
    if fields.get("ended_on") and fields["ended_on"] < fields["held_on"]:
        raise PreventError("The end date must be on or after the date it started")
    with acting_as(actor):
        return PreventActivity.objects.create(recorded_by=actor, is_sample=is_sample, **fields)


@transaction.atomic
def channel_record(*, actor, quarter_start: dt.date, figures: dict[str, tuple[int, int]],
                   is_sample: bool = False) -> list[ChannelFigure]:
    """Record one quarter's referrals and adoptions, ``figures`` sector → (referrals, adoptions), once."""
    require_permission(actor, "contest.manage")
    start, end = quarter_of(quarter_start)
    if start != quarter_start:
        raise PreventError(f"{quarter_start:%d/%m/%Y} is not the first day of a quarter")
    if end >= timezone.localdate():
        raise PreventError("The quarter has not ended yet")
    if ChannelFigure.objects.filter(quarter_start=start).exists():
        raise PreventError(f"The Channel figures for {start:%B} to {end:%B %Y} are already recorded")
    unknown = set(figures) - set(Sector.values)
    if unknown:
        raise PreventError(f"Unknown sectors: {', '.join(sorted(unknown))}")
    with acting_as(actor):
        return [ChannelFigure.objects.create(quarter_start=start, sector=sector, referrals=referrals,
                                             adoptions=adoptions, recorded_by=actor, is_sample=is_sample)
                for sector, (referrals, adoptions) in figures.items()]


# --- the Channel table, suppressed --------------------------------------------------------------

@dataclass(frozen=True)
class ChannelQuarter:
    """One quarter's published Channel figures: each sector's (referrals, adoptions) as text, and the totals."""

    start: dt.date
    end: dt.date
    rows: list[tuple[str, str, str]]  # sector label, referrals, adoptions
    referrals: str
    adoptions: str

    @property
    def label(self) -> str:
        return f"{self.start:%B} to {self.end:%B %Y}"


def channel_published(figures: list[ChannelFigure]) -> ChannelQuarter:
    """One quarter's figures as they may be shown: small numbers suppressed.

    Referrals and adoptions each add up to their total across the sectors; a sector's adoptions are
    part of its referrals (adopted + not adopted = referred), so each sector is a group too.
    """
    start, end = quarter_of(figures[0].quarter_start)
    values: dict = {}
    groups = []
    for figure in figures:
        values[("r", figure.sector)] = figure.referrals
        values[("a", figure.sector)] = figure.adoptions
        values[("n", figure.sector)] = max(figure.referrals - figure.adoptions, 0)
        groups.append(suppression.Group((("a", figure.sector), ("n", figure.sector)), ("r", figure.sector)))
    values["referrals"] = sum(f.referrals for f in figures)
    values["adoptions"] = sum(f.adoptions for f in figures)
    groups.append(suppression.Group(tuple(("r", f.sector) for f in figures), "referrals"))
    groups.append(suppression.Group(tuple(("a", f.sector) for f in figures), "adoptions"))
    shown = suppression.suppress(values, groups)
    labels = dict(Sector.choices)
    rows = [(labels[f.sector], shown[("r", f.sector)], shown[("a", f.sector)]) for f in figures]
    return ChannelQuarter(start, end, rows, shown["referrals"], shown["adoptions"])


def channel_quarters(limit: int = 8) -> list[ChannelQuarter]:
    """The latest ``limit`` quarters recorded, newest first, suppressed."""
    starts = list(ChannelFigure.objects.values_list("quarter_start", flat=True).distinct()
                  .order_by("-quarter_start")[:limit])
    order = {value: index for index, value in enumerate(Sector.values)}
    by_quarter: dict[dt.date, list[ChannelFigure]] = {}
    for figure in ChannelFigure.objects.filter(quarter_start__in=starts):
        by_quarter.setdefault(figure.quarter_start, []).append(figure)
    return [channel_published(sorted(by_quarter[start], key=lambda f: order[f.sector])) for start in starts]


# --- measures for the Prevent objectives ---------------------------------------------------------

def activity_count(kind: str, start: dt.date, end: dt.date) -> float:
    """Activities of ``kind`` dated in the period (a project by its start)."""
    return float(PreventActivity.objects.filter(kind=kind, held_on__range=(start, end)).count())


def people_trained(start: dt.date, end: dt.date) -> float:
    """People trained by Prevent training given in the period."""
    total = PreventActivity.objects.filter(kind=ActivityKind.TRAINING, held_on__range=(start, end)).aggregate(
        total=Sum("people"))["total"]
    return float(total or 0)


def projects_running(start: dt.date, end: dt.date) -> float:
    """Commissioned projects running at some time in the period: started by its end, not ended before its start."""
    return float(PreventActivity.objects.filter(kind=ActivityKind.PROJECT, held_on__lte=end)
                 .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start)).count())


def activity_summary() -> list[tuple[str, int]]:
    """(kind's label, number recorded) of each kind, for the Prevent page."""
    counts = dict(PreventActivity.objects.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    return [(label, counts.get(kind, 0)) for kind, label in ActivityKind.choices]
