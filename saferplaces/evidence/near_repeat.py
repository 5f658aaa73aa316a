"""Near repeats: the Knox test over distance and time bands, and near-repeat chains.

A near repeat is a crime close in space and time to an earlier one (Johnson et al. 2007; Townsley,
Homel & Chaseling 2003). The Knox test (Knox 1964) counts pairs of events in each band of distance
and time and compares the counts with those expected if dates were unrelated to places, estimated by
permuting the dates over the places (Monte Carlo, as in the Near Repeat Calculator).

Band convention, everywhere in this module: band i holds values v with ``edges[i] <= v < edges[i+1]``.
Distance is in metres between the two points (straight-line or city-block); time is the whole
number of days between the two dates, ``|date_a - date_b|`` (the clock time, if any, is ignored). So
two events 100 m and 3 days apart are in distance band [100, 200) and time band [0, 7). Pairs below
the first edge or at or beyond the last edge are not counted. Distance edges 0, 1, … make [0, 1) the
same-location band.

police.uk data has month-only dates, so it cannot say how many days apart two crimes were; the
functions here refuse it unless the caller asks for month bands (time counted in whole calendar
months, bands in months).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from saferplaces.evidence import near_repeat_kernels as kernels
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.events import Events
from saferplaces.evidence.serialise import json_meta

METRICS = ("euclidean", "manhattan")
_METRIC_TEXT = {"euclidean": "straight-line distance", "manhattan": "city-block distance |dx| + |dy|"}


def _edges(values, name: str, *, whole: bool) -> np.ndarray:
    try:
        edges = np.asarray([float(v) for v in values], dtype=float)
    except (TypeError, ValueError):
        raise EvidenceError(f"{name}: {values!r} are not numbers") from None
    if len(edges) < 2:
        raise EvidenceError(f"{name}: give at least two edges (e.g. 0,7,14), got {list(values)!r}")
    if not np.all(np.isfinite(edges)) or edges[0] < 0:
        raise EvidenceError(f"{name}: edges must be finite and not negative, got {list(values)!r}")
    if np.any(np.diff(edges) <= 0):
        raise EvidenceError(f"{name}: edges must increase strictly, got {list(values)!r}")
    if whole and np.any(edges != np.round(edges)):
        raise EvidenceError(f"{name}: time is counted in whole units, so edges must be whole numbers, "
                            f"got {list(values)!r}")
    return edges


def _metric(metric: str) -> bool:
    if metric not in METRICS:
        raise EvidenceError(f"metric {metric!r} is not one of {', '.join(METRICS)}")
    return metric == "manhattan"


def _time_values(events: Events, month_bands: bool, what: str) -> tuple[np.ndarray, str]:
    """Whole days (or calendar-month numbers) of each event, and the unit's name."""
    if month_bands:
        return events.months(), "months"
    if events.resolution == "month":
        raise EvidenceError(
            f"{what} needs exact dates, but these events have month-only dates (police.uk data): "
            "two crimes in the same month could be 0 or 30 days apart. Use a force crime extract "
            "with exact dates, or count time in month bands and give time edges in months.")
    return np.asarray(events.day, dtype=np.int64), "days"


def _fmt(value: float) -> str:
    return f"{value:g}"


def band_labels(edges, unit: str, *, same_location: bool = False) -> tuple[str, ...]:
    """Labels such as ``"[100, 200) m"``; ``same_location`` names a leading [0, 1) band."""
    labels = [f"[{_fmt(a)}, {_fmt(b)}) {unit}" for a, b in zip(edges[:-1], edges[1:], strict=True)]
    if same_location and edges[0] == 0 and edges[1] <= 1:
        labels[0] = f"same location {labels[0]}"
    return tuple(labels)


@dataclass(frozen=True)
class KnoxResult:
    """A Knox table: observed and expected pairs of events per distance band and time band.

    Rows are distance bands, columns time bands, in every array.

    Attributes
    ----------
    distance_edges : tuple of float
        Metres; row i holds pairs with ``distance_edges[i] <= distance < distance_edges[i+1]``.
    time_edges : tuple of int
        In ``time_unit``; column k holds pairs whose dates are ``time_edges[k]`` to
        ``time_edges[k+1] - 1`` whole units apart.
    time_unit : str
        ``"days"``, or ``"months"`` when month bands were asked for.
    metric : str
        ``"euclidean"`` or ``"manhattan"``.
    observed : numpy.ndarray of int64
        Pairs of events (each pair once) in each band.
    expected_mean : numpy.ndarray of float64
        Mean count over the permutations of the dates.
    ratio : numpy.ndarray of float64
        ``observed / expected_mean`` (the Knox ratio); NaN where the expected mean is 0.
    p : numpy.ndarray of float64
        Monte Carlo p-value ``(1 + #{simulated >= observed}) / (permutations + 1)``, one-sided: small
        values mean more pairs than chance would give.
    simulated : numpy.ndarray of int64
        Counts per permutation, shape (permutations, distance bands, time bands).
    permutations, seed : int
        Number of date permutations and the seed that makes them reproducible.
    events : int
        Events analysed.
    close_pairs : int
        Pairs of events within the distance edges (what memory and time grow with).
    convention : str
        The interval convention in words, for printing beside the table.
    """

    distance_edges: tuple[float, ...] = field(metadata=json_meta(name="distance_bands"))
    time_edges: tuple[int, ...] = field(metadata=json_meta(name="time_bands"))
    time_unit: str
    metric: str
    observed: np.ndarray
    expected_mean: np.ndarray
    ratio: np.ndarray
    p: np.ndarray
    simulated: np.ndarray = field(metadata=json_meta(skip=True))  # one table per permutation: too big to write
    permutations: int
    seed: int
    events: int
    close_pairs: int
    convention: str

    @property
    def distance_labels(self) -> tuple[str, ...]:
        return band_labels(self.distance_edges, "m", same_location=True)

    @property
    def time_labels(self) -> tuple[str, ...]:
        return band_labels(self.time_edges, self.time_unit)

    def band(self, distance: float, time: int) -> tuple[int, int] | None:
        """(row, column) of a pair ``distance`` metres and ``time`` units apart; None if uncounted."""
        row = int(np.searchsorted(self.distance_edges, distance, side="right")) - 1
        col = int(np.searchsorted(self.time_edges, time, side="right")) - 1
        if 0 <= row < len(self.distance_edges) - 1 and 0 <= col < len(self.time_edges) - 1:
            return row, col
        return None


def _convention(distance_edges, time_edges, unit: str, metric: str) -> str:
    d, t = band_labels(distance_edges, "m"), band_labels(time_edges, unit)
    row = min(2, len(d) - 1)  # an example pair: on the lower edge of a distance band, inside a time band
    gap = int(time_edges[0] + (time_edges[1] - time_edges[0]) // 2)
    text = (f"Each pair of events is counted once. Distance band [a, b) m holds pairs with "
            f"a <= {_METRIC_TEXT[metric]} < b; time band [c, d) {unit} holds pairs whose dates are "
            f"c to d-1 whole {unit} apart. E.g. two events {_fmt(distance_edges[row])} m and {gap} {unit} "
            f"apart are in distance band {d[row]}, time band {t[0]}. "
            f"Pairs {_fmt(distance_edges[-1])} m or more apart, or {_fmt(time_edges[-1])} {unit} or more "
            f"apart, are not counted.")
    if distance_edges[0] == 0 and distance_edges[1] <= 1:
        text += " The [0, 1) m band is the same-location band."
    return text


def knox_test(events: Events, *, distance_bands, time_bands, permutations: int = 999, seed: int,
              metric: str = "euclidean", month_bands: bool = False) -> KnoxResult:
    """Knox test for space-time clustering over several distance and time bands.

    Parameters
    ----------
    events : Events
        Events with exact dates (see :mod:`saferplaces.evidence.events`).
    distance_bands : sequence of float
        Increasing distance edges in metres, e.g. ``(0, 1, 100, 200, 300, 400)``.
    time_bands : sequence of int
        Increasing time edges in whole days (months with ``month_bands``), e.g. ``(0, 7, 14, 21)``.
    permutations : int
        Monte Carlo permutations of the dates over the places (999 is usual).
    seed : int
        Makes the permutations reproducible; the result does not depend on the number of threads.
    metric : {"euclidean", "manhattan"}
    month_bands : bool
        Count time in whole calendar months (needed for police.uk month-only dates).

    Returns
    -------
    KnoxResult

    Raises
    ------
    EvidenceError
        Month-only dates without ``month_bands``; bad edges, metric or permutation count.

    Notes
    -----
    Observed count in band (i, k): pairs a < b with ``d_i <= dist(a, b) < d_{i+1}`` and
    ``t_k <= |day_a - day_b| < t_{k+1}`` (Knox 1964). Expected counts come from random permutations
    of the dates over the fixed places, which keeps both the spatial and the temporal distribution
    and breaks only their link (Johnson et al. 2007, "Space-time patterns of risk: a cross national
    assessment of residential burglary victimization", J. Quant. Criminol. 23, 201-219). The p-value
    is ``(1 + #{simulated >= observed}) / (R + 1)`` (Davison & Hinkley 1997, ch. 4).

    Only pairs closer than the last distance edge are ever listed (a grid of cells as wide as that
    edge), so memory grows with those pairs, not with the square of the number of events. Each pass
    over the pair list serves 64 permutations at once.
    """
    manhattan = _metric(metric)
    d_edges = _edges(distance_bands, "distance bands", whole=False)
    t_edges = _edges(time_bands, "time bands", whole=True).astype(np.int64)
    if int(permutations) != permutations or permutations < 1:
        raise EvidenceError(f"permutations must be a whole number of at least 1, got {permutations!r}")
    permutations = int(permutations)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise EvidenceError(f"seed must be a whole number, not negative (it makes the permutations "
                            f"reproducible), got {seed!r}")
    times, unit = _time_values(events, month_bands, "The Knox test")
    if len(events) < 2:
        raise EvidenceError(f"the Knox test needs at least two events, got {len(events)}")

    order = kernels.grid_order(events.x, events.y, float(d_edges[-1]))
    x = np.ascontiguousarray(events.x[order], dtype=np.float64)
    y = np.ascontiguousarray(events.y[order], dtype=np.float64)
    times = np.ascontiguousarray(times[order] - times.min())
    offsets, neighbours = kernels.close_pairs(x, y, d_edges, manhattan)
    nd = len(d_edges) - 1

    observed = kernels.observed_counts(times, offsets, neighbours, nd, t_edges)
    seeds = np.random.SeedSequence(seed).generate_state(permutations, np.uint64)
    # count(gap < edge) per edge; an edge of 0 counts nothing, so it is not computed
    positive = tuple(np.float32(e) for e in t_edges if e > 0)
    below = np.zeros((permutations, nd, len(t_edges)), dtype=np.int64)
    if len(neighbours) and positive:
        below[:, :, len(t_edges) - len(positive):] = kernels.simulated_counts(
            times.astype(np.float32), offsets, neighbours, nd, positive, seeds)
    simulated = np.diff(below, axis=2)

    expected = simulated.mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, observed / np.where(expected > 0, expected, 1.0), np.nan)
    p = (1.0 + (simulated >= observed[None]).sum(axis=0)) / (permutations + 1.0)
    for array in (observed, expected, ratio, p, simulated):
        array.setflags(write=False)
    return KnoxResult(
        distance_edges=tuple(float(e) for e in d_edges), time_edges=tuple(int(e) for e in t_edges),
        time_unit=unit, metric=metric, observed=observed, expected_mean=expected, ratio=ratio, p=p,
        simulated=simulated, permutations=permutations, seed=int(seed), events=len(events),
        close_pairs=int(len(neighbours)),
        convention=_convention(d_edges, t_edges, unit, metric))


@dataclass(frozen=True)
class ChainsResult:
    """Near-repeat chains: groups of events linked, directly or through others, in space and time.

    Attributes
    ----------
    distance : float
        Metres; two events are linked when ``distance(a, b) <= distance`` …
    days : int
        … and their dates are at most ``days`` whole days apart.
    metric : str
    chain : numpy.ndarray of int64
        For each event (in input order) the number of its chain, or -1 if it is linked to no other
        event. Chains are numbered 0, 1, … from the largest (ties: the one with the earliest-listed
        event first).
    sizes : numpy.ndarray of int64
        Events in each chain, by chain number (so in decreasing order); every chain has at least 2.
    distribution : tuple of (int, int)
        (chain size, number of chains of that size), by increasing size.
    events : int
        Events analysed.
    links : int
        Linked pairs.
    convention : str
        The linking rule in words.
    """

    distance: float
    days: int
    metric: str
    chain: np.ndarray
    sizes: np.ndarray
    distribution: tuple[tuple[int, int], ...]
    events: int
    links: int
    convention: str

    @property
    def events_in_chains(self) -> int:
        return int(self.sizes.sum())

    def members(self, number: int) -> np.ndarray:
        """Input positions of the events in chain ``number``."""
        return np.flatnonzero(self.chain == number)


def near_repeat_chains(events: Events, *, distance: float, days: int,
                       metric: str = "euclidean") -> ChainsResult:
    """Near-repeat chains: connected groups of events within ``distance`` metres and ``days`` days.

    Parameters
    ----------
    events : Events
        Events with exact dates.
    distance : float
        Link events at most this many metres apart (inclusive).
    days : int
        … and at most this many whole days apart (inclusive).
    metric : {"euclidean", "manhattan"}

    Returns
    -------
    ChainsResult

    Notes
    -----
    A chain is a connected component of the graph whose edges are the linked pairs, as in the near
    repeat chains of Townsley, Homel & Chaseling (2003) and the Near Repeat Calculator (Ratcliffe
    2009): A–B linked and B–C linked put A, B and C in one chain even if A and C are far apart.
    Memory grows with the pairs within ``distance``, never with the square of the events.
    """
    # Imported here, not at the top: scipy.sparse takes 0.3 s or more to import, and the Knox test,
    # which shares this module, needs none of it.
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    manhattan = _metric(metric)
    if not np.isfinite(distance) or distance < 0:
        raise EvidenceError(f"distance must be a number of metres, not negative, got {distance!r}")
    if int(days) != days or days < 0:
        raise EvidenceError(f"days must be a whole number, not negative, got {days!r}")
    days = int(days)
    times, _ = _time_values(events, False, "Near-repeat chains")
    n = len(events)

    # inclusive "within": [0, next float above distance) holds exactly the distances <= distance
    edges = np.array([0.0, np.nextafter(float(distance), np.inf)])
    order = kernels.grid_order(events.x, events.y, float(edges[-1]))
    x = np.ascontiguousarray(events.x[order], dtype=np.float64)
    y = np.ascontiguousarray(events.y[order], dtype=np.float64)
    offsets, neighbours = kernels.close_pairs(x, y, edges, manhattan)
    first = np.repeat(np.arange(n), np.diff(offsets))
    second = neighbours.astype(np.int64)
    t = times[order]
    linked = np.abs(t[first] - t[second]) <= days
    first, second = order[first[linked]], order[second[linked]]

    graph = coo_matrix((np.ones(len(first), dtype=np.int8), (first, second)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    sizes_by_component = np.bincount(component)
    in_chain = sizes_by_component[component] >= 2
    chain = np.full(n, -1, dtype=np.int64)
    if in_chain.any():
        comps = np.unique(component[in_chain])
        first_member = np.full(len(sizes_by_component), n)
        np.minimum.at(first_member, component, np.arange(n))
        ranked = comps[np.lexsort((first_member[comps], -sizes_by_component[comps]))]
        number = np.full(len(sizes_by_component), -1, dtype=np.int64)
        number[ranked] = np.arange(len(ranked))
        chain[in_chain] = number[component[in_chain]]
        sizes = sizes_by_component[ranked].astype(np.int64)
    else:
        sizes = np.zeros(0, dtype=np.int64)
    values, counts = np.unique(sizes, return_counts=True)
    for array in (chain, sizes):
        array.setflags(write=False)
    convention = (f"Two events are linked when their {_METRIC_TEXT[metric]} is at most {_fmt(distance)} m "
                  f"and their dates are at most {days} whole days apart; a chain is a group of events "
                  "connected by links (directly or through other events).")
    return ChainsResult(distance=float(distance), days=days, metric=metric, chain=chain, sizes=sizes,
                        distribution=tuple((int(v), int(c)) for v, c in zip(values, counts, strict=True)),
                        events=n, links=int(len(first)), convention=convention)
