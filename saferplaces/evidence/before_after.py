"""Counts of events in a set of areas before and after an intervention started: the input of the WDD.

Each event is counted in the first area, in the order given, that covers it (inside or on the
edge), so a displacement ring drawn as a plain buffer around the treated area does not count the
treated area's crimes twice when the treated area comes first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from shapely.geometry.base import BaseGeometry

from saferplaces.evidence.coverage import describe, event_months_without_data, label_of, number_of
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.events import Events, date_of, day_number, month_number
from saferplaces.evidence.geography import locate_points


@dataclass(frozen=True)
class AreaCounts:
    """One area's events before and after the start, by crime type."""

    name: str
    before: dict[str, int]
    after: dict[str, int]
    size_km2: float

    def pair(self) -> tuple[int, int]:
        return sum(self.before.values()), sum(self.after.values())

    def by_type(self) -> dict[str, tuple[int, int]]:
        return {t: (self.before.get(t, 0), self.after.get(t, 0)) for t in sorted(set(self.before) | set(self.after))}


@dataclass(frozen=True)
class BeforeAfter:
    """Counts per area for two periods: ``before`` covers the ``before_length`` units before the start,
    ``after`` the ``after_length`` units from it, in ``unit`` ("days", or "months" for month-only
    data). Months without data inside a period (``without_data``) are not counted in its length."""

    start: dt.date
    before_length: int
    after_length: int
    unit: str
    areas: tuple[AreaCounts, ...]
    outside: int  # events in the periods but in none of the areas
    without_data: tuple[str, ...] = ()


def count_before_after(events: Events, areas: Mapping[str, BaseGeometry], start: dt.date,
                       before: int | None = None, after: int | None = None,
                       without_data: Sequence[str] | None = None) -> BeforeAfter:
    """Count ``events`` in each of ``areas`` (name → shapely geometry in National Grid metres).

    ``before`` and ``after`` are the spans of the periods in days (months for month-only data); by
    default each runs to the edge of the data. For month-only data the start must be the first of a
    month, and months without data (``without_data``, "YYYY-MM"; by default found in the events by
    :func:`saferplaces.evidence.coverage.event_months_without_data`) are left out of the periods'
    lengths: a before period of six calendar months with one missing has five months of data. The
    events of such a month (another force's, say) are not counted either: the month is unknown.
    """
    if not areas:
        raise EvidenceError("no areas to count in")
    if events.resolution == "month":
        if start.day != 1:
            raise EvidenceError(f"the data has month-only dates: the start must be the first of a month, not {start}")
        unit = "months"
        time = events.months()
        origin = month_number(start)
    else:
        unit = "days"
        time = events.day
        origin = day_number(start)
    first, last = int(time.min()), int(time.max())
    before = origin - first if before is None else before
    after = last + 1 - origin if after is None else after
    if before <= 0 or after <= 0:
        raise EvidenceError(f"the data runs from {date_of(events.day.min())} to {date_of(events.day.max())}: "
                            f"it needs {unit} both before and after {start}")
    gaps: tuple[str, ...] = ()
    if unit == "months":
        unknown = set(event_months_without_data(events) if without_data is None else without_data)
        gaps = tuple(label_of(m) for m in range(origin - before, origin + after) if label_of(m) in unknown)
        before_known = before - sum(number_of(g) < origin for g in gaps)
        after_known = after - sum(number_of(g) >= origin for g in gaps)
        if before_known <= 0 or after_known <= 0:
            side = "before" if before_known <= 0 else "after"
            raise EvidenceError(f"no month with data {side} {start} ({describe(gaps)} without data)")
        before_length, after_length = before_known, after_known
    else:
        before_length, after_length = before, after
    known = ~np.isin(time, [number_of(g) for g in gaps])  # a month without data counts none of its events
    in_before = (time >= origin - before) & (time < origin) & known
    in_after = (time >= origin) & (time < origin + after) & known
    in_period = in_before | in_after
    area_of_event = locate_points(list(areas.values()), events.x, events.y)
    results = []
    for index, (name, geometry) in enumerate(areas.items()):
        inside = in_period & (area_of_event == index)
        results.append(AreaCounts(
            name,
            dict(Counter(events.crime_type[inside & in_before].tolist())),
            dict(Counter(events.crime_type[inside & in_after].tolist())),
            geometry.area / 1e6,
        ))
    return BeforeAfter(start, before_length, after_length, unit, tuple(results),
                       int((in_period & (area_of_event < 0)).sum()), gaps)
