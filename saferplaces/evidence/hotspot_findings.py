"""Hot spots for the strategic assessment: Gi* over the whole period and the monthly trend classes,
on a square grid clipped to the area, from police.uk points.

police.uk points are snapped to anonymised map points and dates are months, so a cell of a few
hundred metres is the finest that means anything; 200 m is the default.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from saferplaces.evidence.coverage import event_months_without_data, label_of
from saferplaces.evidence.emerging import emerging_hotspots
from saferplaces.evidence.events import Events
from saferplaces.evidence.grid import grid_events
from saferplaces.evidence.hotspots import gi_star
from saferplaces.evidence.weights import grid_neighbours


@dataclass(frozen=True)
class HotSpotCell:
    x: float  # National Grid centre, metres
    y: float
    count: int
    z: float
    p_sim: float
    gistar_class: str  # "hot spot 99%" … "not significant"
    trend_class: str  # emerging / persistent / intermittent / former … or "no pattern"


@dataclass(frozen=True)
class HotSpotFindings:
    """Hot-spot results as plain values (JSON-ready).

    ``share_of_crime_in_hot`` and ``share_of_area_hot`` compare the crimes inside cells classed as
    hot spots (any confidence) with the share of cells they make up. ``periods`` are the months
    of the trend classes; ``without_data`` the months of the range left out for having no data.
    """

    cell_size: float
    permutations: int
    seed: int
    periods: tuple[str, ...]
    cells: tuple[HotSpotCell, ...]
    strays: int
    classes: tuple[tuple[str, int, int], ...]  # (class, cells, crimes)
    trends: tuple[tuple[str, int, int], ...]
    share_of_crime_in_hot: float
    share_of_area_hot: float
    without_data: tuple[str, ...] = ()


#: Trend classes compare the latest months with earlier ones (Chainey 2020), so need at least two.
TREND_MONTHS = 2
NOT_ASSESSED = "not assessed"


def crime_events(con) -> Events:
    """The crimes (not ASB) with coordinates, as month-resolution events with their force."""
    rows = con.execute(
        "SELECT rowid, CAST(month AS DATE) - DATE '1970-01-01', x, y, crime_type, force FROM crimes "
        "WHERE NOT is_asb AND x IS NOT NULL AND NOT coalesce(zeroed, false)"
    ).fetchnumpy()
    ids, day = rows["rowid"].astype(str).astype(object), rows[list(rows)[1]].astype(np.int64)
    return Events(ids, day, day * 1440, rows["x"].astype(float), rows["y"].astype(float),
                  rows["crime_type"].astype(object), "month", force=rows["force"].astype(object))


def _tally(classes, counts) -> tuple[tuple[str, int, int], ...]:
    cells, crimes = Counter(classes), Counter[str]()
    for cls, n in zip(classes, counts, strict=True):
        crimes[cls] += int(n)
    return tuple((cls, cells[cls], crimes[cls]) for cls in sorted(cells, key=lambda c: (-crimes[c], c)))


def hotspot_findings(events: Events, boundary=None, *, cell_size: float = 200.0, permutations: int = 9999,
                     seed: int = 1, without_data: Sequence[str] | None = None) -> HotSpotFindings | None:
    """Gi* (Getis & Ord 1992) with conditional-permutation p and FDR control, and the monthly
    emerging hot-spot classes (Chainey 2020), on one grid; None when there are no events.

    9,999 permutations by default: with 999 the smallest two-sided pseudo p is 0.002, and after
    the false-discovery-rate adjustment over hundreds of cells almost nothing could be significant.
    ``without_data`` are months without data, which are not periods of the trend classes. With
    fewer than :data:`TREND_MONTHS` months with data Gi* is still computed, and every cell's trend
    class is :data:`NOT_ASSESSED` (``trends`` is empty).
    """
    if not len(events):
        return None
    months = events.months()
    unknown = tuple(event_months_without_data(events) if without_data is None else without_data)
    span = [label_of(m) for m in range(int(months.min()), int(months.max()) + 1)]
    if len([m for m in span if m not in unknown]) >= TREND_MONTHS:
        trend = emerging_hotspots(events, cell_size, boundary=boundary, without_data=unknown)
        gridded, periods, trend_classes = trend.gridded, trend.periods, trend.classes
        unknown = trend.without_data
    else:
        gridded = grid_events(events, cell_size, boundary=boundary)
        periods = (label_of(int(months.min())),)
        trend_classes = (NOT_ASSESSED,) * len(gridded.grid)
        unknown = tuple(m for m in span if m in unknown)
    counts = gridded.counts
    gi = gi_star(counts, grid_neighbours(gridded.grid), permutations=permutations, seed=seed)
    grid = gridded.grid
    cells = tuple(
        HotSpotCell(float(grid.x[i]), float(grid.y[i]), int(counts[i]), float(gi.z[i]), float(gi.p_sim[i]),
                    gi.classes[i], trend_classes[i])
        for i in range(len(grid))
    )
    hot = np.array([c.startswith("hot") for c in gi.classes])
    total = counts.sum()
    return HotSpotFindings(
        cell_size=cell_size, permutations=permutations, seed=seed, periods=periods, cells=cells,
        strays=len(gridded.strays), classes=_tally(gi.classes, counts),
        trends=_tally(trend_classes, counts) if len(periods) >= TREND_MONTHS else (),
        share_of_crime_in_hot=float(counts[hot].sum() / total) if total else 0.0,
        share_of_area_hot=float(hot.mean()) if len(hot) else 0.0, without_data=unknown,
    )
