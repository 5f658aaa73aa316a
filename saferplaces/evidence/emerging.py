"""Emerging, persistent, intermittent and former hot and cold spots over monthly periods.

The classification follows Chainey (2020) as implemented and documented in the R package
sfhotspot (``hotspot_classify``, Ashby): a space-time cube of counts (cells x periods) is built,
Gi* is computed for each period, and each cell is classed from how often, and when, it was a
significant hot (or cold) spot. With T periods, the last ``floor(recent_prop x T)`` of them (at
least one) being "recent", and a cell's share of significant periods overall, among recent and
among earlier periods:

* persistent: significant in at least ``persistent_prop`` of all periods;
* emerging: significant in at least ``hotspot_prop`` of recent periods but in less than
  ``hotspot_prop`` of earlier ones;
* former: significant in at least ``hotspot_prop`` of earlier periods but in less than
  ``hotspot_prop`` of recent ones;
* intermittent: significant in at least ``hotspot_prop`` of all periods, and none of the above;
* no pattern otherwise.

The tests are applied in that order. A cell that gets a hot class and a cold class is "mixed hot
and cold spot", as in sfhotspot. Defaults are sfhotspot's: ``hotspot_prop=0.1``,
``persistent_prop=0.8``, ``recent_prop=0.2``, ``critical_p=0.05``; per-period p-values are the
two-sided normal p-values of the Gi* z-score, adjusted across each cell's periods by Holm's method
(what sfhotspot's ``p.adjust`` call does by default).

This module follows sfhotspot's *documented* rules. Two details of its code (version 0.8)
differ from its documentation, and we do not copy them: the code tests emerging cells' recent
share against ``recent_prop`` rather than ``hotspot_prop``, and counts one period more in the
recent window than it divides by.

Optionally (``new=True``) a cell whose only significant hot (cold) period is the last one is
"new hot (cold) spot", ArcGIS's Emerging Hot Spot Analysis category; sfhotspot has no such class.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from saferplaces.evidence.adjust import benjamini_hochberg, holm
from saferplaces.evidence.coverage import describe, event_months_without_data, label_of
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.grid import GriddedEvents, grid_events
from saferplaces.evidence.hotspots import gi_star, two_sided_normal_p
from saferplaces.evidence.weights import Neighbours, grid_neighbours

NO_PATTERN = "no pattern"
MIXED = "mixed hot and cold spot"
ADJUSTMENTS = ("holm", "fdr", "none")


@dataclass(frozen=True)
class EmergingHotSpots:
    """Classes of every kept cell from a monthly space-time cube.

    Attributes
    ----------
    gridded : GriddedEvents
        The grid (over all periods' events) and its strays.
    periods : tuple of str
        ``YYYY-MM`` of each period, oldest first (months with data but no events included; months
        without data left out, see :mod:`saferplaces.evidence.coverage`).
    counts : numpy.ndarray, shape (periods, cells)
    z, p : numpy.ndarray, shape (periods, cells)
        Gi* z-scores and adjusted p-values.
    classes : tuple of str
    recent_periods : int
    without_data : tuple of str
        Months inside the range that had no data and are not periods.
    """

    gridded: GriddedEvents
    periods: tuple[str, ...]
    counts: np.ndarray
    z: np.ndarray
    p: np.ndarray
    classes: tuple[str, ...]
    recent_periods: int
    without_data: tuple[str, ...] = ()


def recent_count(periods: int, recent_prop: float) -> int:
    """How many of the last periods are "recent": floor(recent_prop x periods), at least one."""
    if periods < 2:
        raise EvidenceError(f"{periods} period(s): classifying hot spots needs at least one recent "
                            "and one earlier period")
    recent = max(int(math.floor(recent_prop * periods + 1e-9)), 1)
    if periods - recent < 1:
        raise EvidenceError(f"recent_prop {recent_prop} leaves no earlier periods out of {periods}: "
                            "use a smaller recent_prop")
    return recent


def _one_side(sig: np.ndarray, recent: int, hotspot_prop, persistent_prop, new, side) -> list[str]:
    periods = sig.shape[1]
    overall = sig.sum(axis=1) / periods
    latest = sig[:, periods - recent:].sum(axis=1) / recent
    earlier = sig[:, :periods - recent].sum(axis=1) / (periods - recent)
    only_last = sig[:, -1] & (sig.sum(axis=1) == 1)
    out = []
    for i in range(sig.shape[0]):
        if overall[i] >= persistent_prop:
            label = "persistent"
        elif new and only_last[i]:
            label = "new"
        elif latest[i] >= hotspot_prop and earlier[i] < hotspot_prop:
            label = "emerging"
        elif earlier[i] >= hotspot_prop and latest[i] < hotspot_prop:
            label = "former"
        elif overall[i] >= hotspot_prop:
            label = "intermittent"
        else:
            out.append(NO_PATTERN)
            continue
        out.append(f"{label} {side} spot")
    return out


def classify_cube(sig_hot, sig_cold, *, hotspot_prop: float = 0.1, persistent_prop: float = 0.8,
                  recent_prop: float = 0.2, new: bool = False) -> tuple[str, ...]:
    """Class each cell from its significant hot and cold periods (the rules in the module docstring).

    Parameters
    ----------
    sig_hot, sig_cold : array_like of bool, shape (cells, periods)
        Whether each cell was a significant hot (cold) spot in each period, oldest period first.

    References
    ----------
    Chainey, S. (2020) Understanding Crime: Analyzing the Geography of Crime. Redlands, CA: Esri
    Press. Ashby, M. sfhotspot: Hot-Spot Analysis with Simple Features (R package),
    ``hotspot_classify`` and ``hotspot_classify_params``.
    """
    hot = np.asarray(sig_hot, dtype=bool)
    cold = np.asarray(sig_cold, dtype=bool)
    if hot.ndim != 2 or hot.shape != cold.shape:
        raise EvidenceError("significance arrays must both be cells x periods")
    if np.any(hot & cold):
        raise EvidenceError("a cell cannot be a significant hot and cold spot in the same period")
    recent = recent_count(hot.shape[1], recent_prop)
    hot_cls = _one_side(hot, recent, hotspot_prop, persistent_prop, new, "hot")
    cold_cls = _one_side(cold, recent, hotspot_prop, persistent_prop, new, "cold")
    return tuple(MIXED if h != NO_PATTERN and c != NO_PATTERN else h if h != NO_PATTERN else c
                 for h, c in zip(hot_cls, cold_cls, strict=True))


def gistar_z(counts: np.ndarray, neighbours: Neighbours) -> np.ndarray:
    """Analytic Gi* z-scores (binary weights, self included) for each row of ``counts``; rows
    whose values are all equal (e.g. a month with no events) get z = 0."""
    out = np.zeros(counts.shape)
    for t, row in enumerate(counts):
        if row.std() > 0:
            out[t] = gi_star(row, neighbours, permutations=0).z
    return out


def emerging_hotspots(events, cell_size: float, *, kind: str = "square", boundary=None,
                      hotspot_prop: float = 0.1, persistent_prop: float = 0.8, recent_prop: float = 0.2,
                      critical_p: float = 0.05, p_adjust: str = "holm", new: bool = False,
                      max_cells: int | None = None,
                      without_data: Iterable[str] | None = None) -> EmergingHotSpots:
    """Monthly emerging hot-spot classes for events (month-resolution data is fine).

    A grid is laid over all the events (see :func:`saferplaces.evidence.grid.build_grid`); each
    calendar month from the first event's to the last's is a period. Gi* (binary queen
    contiguity, self included) is computed per month; p-values are adjusted across each cell's
    months by ``p_adjust`` (``"holm"`` as sfhotspot, ``"fdr"`` for Benjamini-Hochberg, or
    ``"none"``); a cell is a significant hot (cold) spot in a month when its adjusted p-value is
    below ``critical_p`` and z is positive (negative). Then :func:`classify_cube`.

    A month without data is not a period: ``without_data`` lists such months ("YYYY-MM"); by default
    they are found in the events (:func:`saferplaces.evidence.coverage.event_months_without_data`:
    for month-resolution events, a month with no event between months with events). With fewer
    than two periods left the classes cannot be made and an error says so.
    """
    if p_adjust not in ADJUSTMENTS:
        raise EvidenceError(f"p_adjust {p_adjust!r} is not one of {', '.join(ADJUSTMENTS)}")
    options = {"kind": kind, "boundary": boundary}
    if max_cells is not None:
        options["max_cells"] = max_cells
    gridded = grid_events(events, cell_size, **options)
    placed = gridded.cell_of_event >= 0
    month = events.months()
    first, last = month[placed].min(), month[placed].max()
    span = int(last - first + 1)
    n_cells = len(gridded.grid)
    cube = np.bincount((month[placed] - first) * n_cells + gridded.cell_of_event[placed],
                       minlength=span * n_cells).reshape(span, n_cells).astype(float)
    unknown = set(event_months_without_data(events) if without_data is None else without_data)
    labels = tuple(label_of(first + t) for t in range(span))
    kept = [t for t in range(span) if labels[t] not in unknown]
    gaps = tuple(label for label in labels if label in unknown)
    if gaps and len(kept) < 2:
        raise EvidenceError(f"only {len(kept)} month(s) with data ({describe(gaps)} without): classifying hot "
                            "spots needs at least one recent and one earlier period")
    cube, labels, periods = cube[kept], tuple(labels[t] for t in kept), len(kept)
    neighbours = grid_neighbours(gridded.grid)
    z = gistar_z(cube, neighbours)
    p = two_sided_normal_p(z)
    if p_adjust != "none":
        adjust = holm if p_adjust == "holm" else benjamini_hochberg
        p = np.apply_along_axis(adjust, 0, p)  # across the periods of each cell
    significant = p < critical_p
    classes = classify_cube((significant & (z > 0)).T, (significant & (z < 0)).T,
                            hotspot_prop=hotspot_prop, persistent_prop=persistent_prop,
                            recent_prop=recent_prop, new=new)
    return EmergingHotSpots(gridded, labels, cube, z, p, classes, recent_count(periods, recent_prop), gaps)
