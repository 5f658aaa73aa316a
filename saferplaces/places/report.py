"""Tasking actions in priority areas compared with elsewhere, quarter by quarter.

The partnership strategy's KPI for its priority areas is to "compare number of actions in vulnerable
areas with those not" (Safer Westminster Partnership Strategy 2017-2020, action plan, Location
delivery group). Pure counting: the caller says where each action is.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from saferplaces.plans.quarters import Quarter


@dataclass(frozen=True)
class LocatedAction:
    """Where one action is, for counting.

    raised_on  the day the action was raised (it counts in that day's quarter);
    area       the priority area's name, or None outside every priority area or with no location;
    located    False when the action has neither a priority area nor a point.
    """

    raised_on: dt.date
    area: str | None
    located: bool


@dataclass(frozen=True)
class PeriodCounts:
    """Counts for one period.

    in_areas     actions in any priority area;
    by_area      (area name, count) for every priority area named, in the order given;
    elsewhere    actions with a location outside every priority area;
    no_location  actions with no location (neither in nor out: reported, never guessed);
    share        in_areas / (in_areas + elsewhere), None when no action has a location.
    """

    label: str
    start: dt.date
    end: dt.date
    in_areas: int
    by_area: tuple[tuple[str, int], ...]
    elsewhere: int
    no_location: int

    @property
    def total(self) -> int:
        return self.in_areas + self.elsewhere + self.no_location

    @property
    def share(self) -> float | None:
        located = self.in_areas + self.elsewhere
        return self.in_areas / located if located else None


def counts_between(actions: Iterable[LocatedAction], start: dt.date, end: dt.date, area_names: Sequence[str],
                   label: str = "") -> PeriodCounts:
    """Count the actions raised from ``start`` to ``end`` (both included)."""
    chosen = [a for a in actions if start <= a.raised_on <= end]
    per_area = Counter(a.area for a in chosen if a.area is not None)
    names = list(area_names) + sorted(set(per_area) - set(area_names))
    return PeriodCounts(
        label=label or f"{start:%d %b %Y} to {end:%d %b %Y}", start=start, end=end,
        in_areas=sum(per_area.values()), by_area=tuple((name, per_area.get(name, 0)) for name in names),
        elsewhere=sum(1 for a in chosen if a.area is None and a.located),
        no_location=sum(1 for a in chosen if not a.located),
    )


def by_quarter(actions: Iterable[LocatedAction], quarters: Sequence[Quarter],
               area_names: Sequence[str]) -> tuple[PeriodCounts, ...]:
    """One :class:`PeriodCounts` per quarter, in the order given."""
    actions = list(actions)
    # Areas no longer current still count where actions were given them: the same columns every quarter.
    names = list(area_names) + sorted({a.area for a in actions if a.area is not None} - set(area_names))
    return tuple(counts_between(actions, q.start, q.end, names, label=str(q)) for q in quarters)


def quarters_ending(last: Quarter, count: int) -> list[Quarter]:
    """``count`` quarters up to and including ``last``, oldest first."""
    out = [last]
    while len(out) < count:
        out.insert(0, out[0].previous())
    return out
