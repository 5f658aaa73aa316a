"""Counts of events in a set of areas before and after an intervention started: the input of the WDD.

Each event is counted in the first area, in the order given, whose boundary contains it, so a
displacement ring drawn as a plain buffer around the treated area does not count the treated
area's crimes twice when the treated area comes first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import numpy as np

from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.events import Events

_EPOCH = dt.date(1970, 1, 1)


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
    """Counts per area for two periods: ``before`` is [start − before_length, start), ``after`` is
    [start, start + after_length), both in ``unit`` ("days", or "months" for month-only data)."""

    start: dt.date
    before_length: int
    after_length: int
    unit: str
    areas: tuple[AreaCounts, ...]
    outside: int  # events in the periods but in none of the areas


def _month_index(day: np.ndarray) -> np.ndarray:
    dates = np.datetime64("1970-01-01") + day.astype("timedelta64[D]")
    return dates.astype("datetime64[M]").astype(np.int64)


def count_before_after(events: Events, areas: dict[str, object], start: dt.date,
                       before: int | None = None, after: int | None = None) -> BeforeAfter:
    """Count ``events`` in each of ``areas`` (name → shapely geometry in National Grid metres).

    ``before`` and ``after`` are the period lengths in days (months for month-only data); by default
    each runs to the edge of the data. For month-only data the start must be the first of a month.
    """
    import shapely

    if not areas:
        raise EvidenceError("no areas to count in")
    if events.resolution == "month":
        if start.day != 1:
            raise EvidenceError(f"the data has month-only dates: the start must be the first of a month, not {start}")
        unit = "months"
        time = _month_index(events.day)
        origin = (start.year - 1970) * 12 + start.month - 1
    else:
        unit = "days"
        time = events.day
        origin = (start - _EPOCH).days
    first, last = int(time.min()), int(time.max())
    before = origin - first if before is None else before
    after = last + 1 - origin if after is None else after
    if before <= 0 or after <= 0:
        raise EvidenceError(f"the data runs from {events.dates()[int(np.argmin(events.day))]} to "
                            f"{events.dates()[int(np.argmax(events.day))]}: it needs {unit} both before and after {start}")
    in_before = (time >= origin - before) & (time < origin)
    in_after = (time >= origin) & (time < origin + after)
    unclaimed = in_before | in_after
    results = []
    for name, geometry in areas.items():
        inside = unclaimed & shapely.contains_xy(geometry, events.x, events.y)
        unclaimed &= ~inside
        results.append(AreaCounts(
            name,
            dict(Counter(events.crime_type[inside & in_before].tolist())),
            dict(Counter(events.crime_type[inside & in_after].tolist())),
            geometry.area / 1e6,
        ))
    return BeforeAfter(start, before, after, unit, tuple(results), int(unclaimed.sum()))
