"""How well a hot-spot map predicted where crime happened next: hit rate, PAI and PEI.

A hot-spot layer (cells flagged as hot, from any method, fitted on one period) is scored against
the counts of a later period on the same cells:

* hit rate ``n / N``: the share of the later period's events that fell in the hot spots;
* Predictive Accuracy Index (Chainey, Tompson & Uhlig 2008) ``PAI = (n / N) / (a / A)``: the hit
  rate divided by the share of the study area the hot spots cover (1 = no better than chance);
* Predictive Efficiency Index (Hunt 2016) ``PEI = PAI / PAI*``, where PAI* is the best PAI any
  set of cells of the same total area could have achieved on the later period. For cells of
  equal area, PAI* takes the k cells with the most later events (k = the number of hot cells),
  so ``PEI = n / n*``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from saferplaces.evidence.errors import EvidenceError


@dataclass(frozen=True)
class HotSpotAccuracy:
    """Scores of a hot-spot layer against a later period.

    Attributes
    ----------
    hotspot_cells, cells : int
    events_in_hotspots, events : int or float
        n and N.
    best_possible_events : float
        n*: the most later events any set of cells with the hot spots' area holds.
    hit_rate : float
    area_share : float
        a / A.
    pai : float or None
        None when there are no hot cells.
    pei : float or None
        None when there are no hot cells, or no later events in the best possible cells.
    """

    hotspot_cells: int
    cells: int
    events_in_hotspots: float
    events: float
    best_possible_events: float
    hit_rate: float
    area_share: float
    pai: float | None
    pei: float | None


def hotspot_accuracy(hotspots, later_counts) -> HotSpotAccuracy:
    """Hit rate, PAI and PEI of a hot-spot layer against counts from a later period.

    Parameters
    ----------
    hotspots : array_like of bool
        One flag per cell (equal-area cells, e.g. a grid): true for cells in the hot-spot layer.
    later_counts : array_like
        Events in each cell in the later period (events outside every cell must be counted out
        of N by the caller: they are not in the study area).

    References
    ----------
    Chainey, S., Tompson, L. and Uhlig, S. (2008) The utility of hotspot mapping for predicting
    spatial patterns of crime. Security Journal 21, 4-28.
    Hunt, J. M. (2016) Do crime hot spots move? Exploring the effects of the modifiable areal unit
    problem and modifiable temporal unit problem on crime hot spot stability. PhD thesis,
    American University, Washington DC (the Predictive Efficiency Index).
    """
    flags = np.asarray(hotspots, dtype=bool)
    counts = np.asarray(later_counts, dtype=float)
    if flags.shape != counts.shape or flags.ndim != 1:
        raise EvidenceError(f"{flags.size} hot-spot flags for {counts.size} cells: give one of each per cell")
    if (counts < 0).any() or not np.isfinite(counts).all():
        raise EvidenceError("later counts must be finite and not negative")
    total = counts.sum()
    if total <= 0:
        raise EvidenceError("the later period has no events in the study area: nothing to predict")
    k = int(flags.sum())
    caught = counts[flags].sum()
    best = np.sort(counts)[::-1][:k].sum()
    hit = caught / total
    share = k / len(flags)
    pai = hit / share if k else None
    pei = caught / best if k and best > 0 else None
    return HotSpotAccuracy(k, len(flags), float(caught), float(total), float(best), float(hit),
                           float(share), None if pai is None else float(pai), None if pei is None else float(pei))
