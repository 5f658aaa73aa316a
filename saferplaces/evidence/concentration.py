"""How concentrated crime is across areas: shares, top-k, Lorenz curve, Gini, generalized Gini,
bootstrap intervals, and a random-allocation baseline so concentration is judged against chance.

References
----------
Bernasco, W. & Steenbeek, W. (2017). More places than crimes: implications for evaluating the law
of crime concentration at place. *Journal of Quantitative Criminology* 33(3), 451-467.
Weisburd, D. (2015). The law of crime concentration and the criminology of place. *Criminology* 53(2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class AreaCount:
    code: str
    name: str
    count: int
    share: float  # fraction of the total


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    level: float = 0.95


@dataclass(frozen=True)
class ChanceBaseline:
    """What concentration looks like when the same events fall on the areas at random.

    Each simulation allocates the observed total to the areas with a multinomial draw (uniform, or
    in proportion to ``exposure``). ``p_gini`` is the share of simulations at least as concentrated
    as observed, (1 + #{sim ≥ obs}) / (R + 1).
    """

    simulations: int
    gini_mean: float
    gini_interval: Interval
    top_share_mean: float
    top_share_interval: Interval
    p_gini: float


@dataclass(frozen=True)
class Concentration:
    """Concentration of events across areas.

    Attributes
    ----------
    total : events counted.
    areas : every area, largest count first (ties by code).
    top_k, top_k_share : the k used and the share of events in the k largest areas.
    areas_for_quarter, areas_for_half : the fewest areas holding at least 25% / 50% of events, and
        ``share_of_areas_for_quarter`` / ``..._half`` as fractions of all areas.
    lorenz : points (cumulative share of areas, cumulative share of events), areas ordered from
        fewest to most events, starting at (0, 0).
    gini : the Gini coefficient in its population form, 1 − 2 × area under the Lorenz curve.
    generalized_gini : Bernasco & Steenbeek's (2017) version, measured against the most even
        allocation the data allow: when there are fewer events n than areas N, n areas with one
        event each, whose Gini is 1 − n/N; G' = 1 − (N/n)(1 − G). Equal to ``gini`` when n ≥ N.
    gini_interval, generalized_gini_interval : percentile bootstrap intervals (resampling events).
    chance : the random-allocation baseline.
    """

    total: int
    areas: tuple[AreaCount, ...]
    top_k: int
    top_k_share: float
    areas_for_quarter: int
    areas_for_half: int
    share_of_areas_for_quarter: float
    share_of_areas_for_half: float
    lorenz: tuple[tuple[float, float], ...]
    gini: float
    generalized_gini: float
    gini_interval: Interval | None
    generalized_gini_interval: Interval | None
    chance: ChanceBaseline | None


def gini(counts) -> float:
    """Population Gini of non-negative counts: Σ(2i − N − 1)x₍ᵢ₎ / (N Σx), x ascending."""
    x = np.sort(np.asarray(counts, dtype=float))
    n, total = x.size, x.sum()
    if n == 0 or total == 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float(np.sum((2 * ranks - n - 1) * x) / (n * total))


def generalized_gini(counts) -> float:
    """Bernasco & Steenbeek's (2017) generalized Gini: 1 − (N/n)(1 − G) when n < N events."""
    x = np.asarray(counts, dtype=float)
    n_units, n_events = x.size, x.sum()
    g = gini(x)
    if n_events == 0 or n_events >= n_units:
        return g
    return float(1 - (n_units / n_events) * (1 - g))


def lorenz_curve(counts) -> tuple[tuple[float, float], ...]:
    x = np.sort(np.asarray(counts, dtype=float))
    if x.size == 0 or x.sum() == 0:
        return ((0.0, 0.0), (1.0, 1.0))
    areas = np.arange(0, x.size + 1) / x.size
    events = np.concatenate([[0.0], np.cumsum(x) / x.sum()])
    return tuple(zip(areas.round(6).tolist(), events.round(6).tolist()))


def top_share(counts, k: int) -> float:
    x = np.sort(np.asarray(counts, dtype=float))[::-1]
    return float(x[:k].sum() / x.sum()) if x.sum() else 0.0


def areas_holding(counts, share: float) -> int:
    """The fewest areas (largest first) whose events reach ``share`` of the total."""
    x = np.sort(np.asarray(counts, dtype=float))[::-1]
    if x.sum() == 0:
        return 0
    return int(np.searchsorted(np.cumsum(x) / x.sum(), share - 1e-12) + 1)


def _percentile_interval(values: np.ndarray, level: float) -> Interval:
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return Interval(float(low), float(high), level)


def bootstrap_gini(counts, replicates: int, seed: int, level: float = 0.95) -> tuple[Interval, Interval]:
    """Percentile bootstrap of the Gini and generalized Gini, resampling the events (a multinomial
    draw of the same total with the observed shares), as in the lorenzgini R package."""
    x = np.asarray(counts, dtype=float)
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(int(x.sum()), x / x.sum(), size=replicates)
    gs = np.array([gini(d) for d in draws])
    ggs = np.array([generalized_gini(d) for d in draws])
    return _percentile_interval(gs, level), _percentile_interval(ggs, level)


def chance_baseline(counts, k: int, simulations: int, seed: int, exposure=None) -> ChanceBaseline:
    x = np.asarray(counts, dtype=float)
    weights = np.ones_like(x) if exposure is None else np.asarray(exposure, dtype=float)
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(int(x.sum()), weights / weights.sum(), size=simulations)
    gs = np.array([gini(d) for d in draws])
    tops = np.sort(draws, axis=1)[:, ::-1][:, :k].sum(axis=1) / max(x.sum(), 1)
    observed = gini(x)
    return ChanceBaseline(
        simulations=simulations,
        gini_mean=float(gs.mean()),
        gini_interval=_percentile_interval(gs, 0.95),
        top_share_mean=float(tops.mean()),
        top_share_interval=_percentile_interval(tops, 0.95),
        p_gini=float((1 + np.sum(gs >= observed - 1e-12)) / (simulations + 1)),
    )


def concentration(
    codes: Sequence[str],
    names: Sequence[str],
    counts: Sequence[int],
    *,
    k: int = 3,
    bootstrap: int = 0,
    simulations: int = 0,
    seed: int = 0,
    exposure: Sequence[float] | None = None,
) -> Concentration:
    """Concentration of events across areas (include areas with zero events: they matter).

    Parameters
    ----------
    codes, names, counts : one entry per area.
    k : how many of the largest areas ``top_k_share`` covers.
    bootstrap : bootstrap replicates for the Gini intervals (0: none).
    simulations : random allocations for the chance baseline (0: none).
    seed : seeds both the bootstrap and the simulations.
    exposure : optional per-area weights (population, area) for the chance baseline.
    """
    x = np.asarray(counts, dtype=np.int64)
    if not (len(codes) == len(names) == x.size):
        raise ValueError("codes, names and counts must have the same length")
    if (x < 0).any():
        raise ValueError("counts cannot be negative")
    total = int(x.sum())
    order = sorted(range(x.size), key=lambda i: (-x[i], codes[i]))
    areas = tuple(AreaCount(codes[i], names[i], int(x[i]), x[i] / total if total else 0.0) for i in order)
    quarter, half = areas_holding(x, 0.25), areas_holding(x, 0.5)
    intervals = bootstrap_gini(x, bootstrap, seed) if bootstrap and total else (None, None)
    return Concentration(
        total=total,
        areas=areas,
        top_k=k,
        top_k_share=top_share(x, k),
        areas_for_quarter=quarter,
        areas_for_half=half,
        share_of_areas_for_quarter=quarter / x.size if x.size else 0.0,
        share_of_areas_for_half=half / x.size if x.size else 0.0,
        lorenz=lorenz_curve(x),
        gini=gini(x),
        generalized_gini=generalized_gini(x),
        gini_interval=intervals[0],
        generalized_gini_interval=intervals[1],
        chance=chance_baseline(x, k, simulations, seed, exposure) if simulations and total else None,
    )
