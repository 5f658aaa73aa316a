"""Local hot-spot statistics: Getis-Ord Gi* and local Moran's I, with permutation inference.

Both work on any set of units with binary contiguity neighbours (:mod:`saferplaces.evidence.weights`):
grid cells (queen contiguity) or polygons such as LSOAs and wards.

Significance
------------
Each unit gets a conditional-permutation pseudo p-value (Anselin 1995): the unit's own value is
held fixed and its neighbours' values are redrawn at random, without replacement, from all the
other units, ``permutations`` times, seeded by ``seed``. Two conventions are offered:

``"two-sided"`` (the default)
    ``p = min(1, 2 (min(#sim >= obs, #sim <= obs) + 1) / (R + 1))``: how unusual the observed
    value is in either tail, as ArcGIS's hot-spot confidence levels are two-sided.
``"directed"``
    PySAL esda's ``p_sim`` for ``G_Local`` and ``Moran_Local`` (esda's ``alternative="directed"``,
    also GeoDa's): ``(min(#sim >= obs, R - #sim >= obs) + 1) / (R + 1)``, the one-tailed p-value
    in whichever tail the observed value lies. It is about half the two-sided value.

With ``fdr=True`` (the default) the p-values are adjusted for testing every unit at once
(Benjamini & Hochberg 1995) before units are classed; ``p_fdr`` holds the adjusted values either
way. Classes are hot or cold spots at 99%, 95% and 90% confidence: the class's p-value (``p_fdr``
if ``fdr`` else ``p_sim``; the normal-approximation ``p_norm`` when ``permutations=0``) is at most
0.01, 0.05 or 0.10, and the direction is the sign of z (Gi*) or the quadrant (local Moran).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from saferplaces.evidence._permute import conditional_counts
from saferplaces.evidence.adjust import benjamini_hochberg
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.weights import Neighbours

ALTERNATIVES = ("two-sided", "directed")
LEVELS = ((0.01, "99%"), (0.05, "95%"), (0.10, "90%"))
NOT_SIGNIFICANT = "not significant"
QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}


@dataclass(frozen=True)
class GiStar:
    """Getis-Ord Gi* for every unit.

    Attributes
    ----------
    values : numpy.ndarray
        The input values (counts).
    gi : numpy.ndarray
        Gi* itself: the share of the grand total found in the unit and its neighbours.
    z : numpy.ndarray
        The analytic z-score (Ord & Getis 1995); 0 where it is undefined (all values equal).
    p_norm : numpy.ndarray
        Two-sided p-value of z under the normal approximation.
    p_sim : numpy.ndarray
        Conditional-permutation pseudo p-value (NaN when ``permutations`` is 0).
    p_fdr : numpy.ndarray
        Benjamini-Hochberg adjusted p-values (of ``p_sim``, or of ``p_norm`` without permutations).
    classes : tuple of str
        ``"hot spot 99%"`` … ``"cold spot 90%"`` or ``"not significant"``.
    permutations, seed, alternative, fdr
        The settings used.
    """

    values: np.ndarray
    gi: np.ndarray
    z: np.ndarray
    p_norm: np.ndarray
    p_sim: np.ndarray
    p_fdr: np.ndarray
    classes: tuple[str, ...]
    permutations: int
    seed: int | None
    alternative: str
    fdr: bool


@dataclass(frozen=True)
class LocalMoran:
    """Local Moran's I for every unit (row-standardised weights).

    Attributes
    ----------
    values : numpy.ndarray
    i : numpy.ndarray
        Local I, scaled as esda's ``Moran_Local.Is``: ``(n - 1) z_i lag_i / sum(z^2)``.
    quadrant : tuple of str
        ``"HH"`` (high among high), ``"LL"``, ``"HL"`` (high among low), ``"LH"``: the sign of
        the unit's standardised value and of its neighbours' mean (zero counts as low, as esda).
    p_sim, p_fdr : numpy.ndarray
    classes : tuple of str
        The quadrant where significant (``"HH 95%"``…), else ``"not significant"``.
    """

    values: np.ndarray
    i: np.ndarray
    quadrant: tuple[str, ...]
    p_sim: np.ndarray
    p_fdr: np.ndarray
    classes: tuple[str, ...]
    permutations: int
    seed: int | None
    alternative: str
    fdr: bool


_ERFC = np.frompyfunc(math.erfc, 1, 1)


def two_sided_normal_p(z) -> np.ndarray:
    """2 P(Z > |z|) for a standard normal Z (math.erfc: no scipy.stats import, which costs a
    second at start-up)."""
    return _ERFC(np.abs(np.asarray(z, dtype=float)) / math.sqrt(2)).astype(float)


def _check(values, neighbours: Neighbours, permutations: int, alternative: str) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or len(values) != neighbours.n:
        raise EvidenceError(f"{len(values)} values for {neighbours.n} units: give one value per unit")
    if not np.isfinite(values).all():
        raise EvidenceError("values must be finite numbers (no blanks or NaN)")
    if len(values) < 3:
        raise EvidenceError("local statistics need at least 3 units")
    if permutations < 0:
        raise EvidenceError(f"permutations {permutations} must be 0 or more")
    if alternative not in ALTERNATIVES:
        raise EvidenceError(f"alternative {alternative!r} is not one of {', '.join(ALTERNATIVES)}")
    return values


def _pseudo_p(above, below, permutations, alternative) -> np.ndarray:
    """Pseudo p-values from the counts of simulated statistics >= and <= the observed one."""
    above = np.asarray(above, dtype=float)
    below = np.asarray(below, dtype=float)
    if alternative == "directed":
        larger = np.where(permutations - above < above, permutations - above, above)
        return (larger + 1) / (permutations + 1)
    return np.minimum(1.0, 2 * (np.minimum(above, below) + 1) / (permutations + 1))


def _permutation_counts(values, neighbours, permutations, seed):
    seed = 0 if seed is None else int(seed)
    if seed < 0:
        raise EvidenceError(f"seed {seed} must be 0 or more")
    # Contiguous float64 and int64 arrays: the signature the cached compiled kernel was built for.
    return conditional_counts(np.ascontiguousarray(values, dtype=np.float64),
                              np.ascontiguousarray(neighbours.indptr, dtype=np.int64),
                              np.ascontiguousarray(neighbours.indices, dtype=np.int64), int(permutations), seed)


def _classify(p, direction_labels) -> tuple[str, ...]:
    out = []
    for value, label in zip(p.tolist(), direction_labels, strict=True):
        cls = NOT_SIGNIFICANT
        if label is not None and value == value:  # not NaN
            for alpha, level in LEVELS:
                if value <= alpha:
                    cls = f"{label} {level}"
                    break
        out.append(cls)
    return tuple(out)


def gi_star(values, neighbours: Neighbours, *, permutations: int = 999, seed: int | None = 0,
            alternative: str = "two-sided", fdr: bool = True) -> GiStar:
    """Getis-Ord Gi* with binary weights, each unit counted as its own neighbour.

    For unit i with neighbour set N_i (itself included, W_i = |N_i| units), n units, mean xbar
    and standard deviation s (dividing by n)::

        Gi* = sum_{j in N_i} x_j / sum_j x_j
        z_i = (sum_{j in N_i} x_j - xbar W_i) / (s sqrt((n W_i - W_i^2) / (n - 1)))

    which is esda's ``G_Local(..., transform="B", star=True).Zs``. See the module docstring for
    the pseudo p-values, FDR control and classes. A unit with no neighbours other than itself
    has no permutation test: its ``p_sim`` is 1.

    Parameters
    ----------
    values : array_like
        One value (usually a count of events) per unit.
    neighbours : Neighbours
        Binary contiguity, self excluded (it is added here).
    permutations : int
        Conditional permutations (999 gives p-values down to 0.001); 0 for the analytic test only.
    seed : int
        Seeds the permutations: the same seed gives the same p-values.
    alternative : {"two-sided", "directed"}
    fdr : bool
        Class units on Benjamini-Hochberg adjusted p-values (default) rather than raw ones.

    References
    ----------
    Getis, A. and Ord, J. K. (1992) The analysis of spatial association by use of distance
    statistics. Geographical Analysis 24(3), 189-206.
    Ord, J. K. and Getis, A. (1995) Local spatial autocorrelation statistics: distributional
    issues and an application. Geographical Analysis 27(4), 286-306.
    Anselin, L. (1995) Local indicators of spatial association - LISA. Geographical Analysis
    27(2), 93-115 (conditional permutation).
    """
    values = _check(values, neighbours, permutations, alternative)
    if (values < 0).any():
        raise EvidenceError("Gi* needs values of zero or more (counts, rates); some are negative")
    n = len(values)
    local_sum = neighbours.lag(values, include_self=True)
    weight = neighbours.cardinality.astype(float) + 1.0
    total = values.sum()
    mean = total / n
    sd = np.sqrt(max((values ** 2).mean() - mean ** 2, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        gi = np.where(total != 0, local_sum / total, 0.0)
        spread = sd * np.sqrt((n * weight - weight ** 2) / (n - 1))
        z = np.where(spread > 0, (local_sum - mean * weight) / spread, 0.0)
    if sd <= 1e-12 * max(abs(mean), 1.0):
        z = np.zeros(n)  # every unit the same: no pattern to find
    p_norm = two_sided_normal_p(z)
    if permutations:
        above, below = _permutation_counts(values, neighbours, permutations, seed)
        p_sim = _pseudo_p(above, below, permutations, alternative)
        p_sim[neighbours.cardinality == 0] = 1.0
        if sd == 0:
            p_sim[:] = 1.0
        basis = p_sim
    else:
        p_sim = np.full(n, np.nan)
        basis = p_norm
    p_fdr = benjamini_hochberg(basis)
    labels = ["hot spot" if v > 0 else "cold spot" if v < 0 else None for v in z.tolist()]
    classes = _classify(p_fdr if fdr else basis, labels)
    return GiStar(values, gi, z, p_norm, p_sim, p_fdr, classes, int(permutations), seed, alternative, fdr)


def local_moran(values, neighbours: Neighbours, *, permutations: int = 999, seed: int | None = 0,
                alternative: str = "two-sided", fdr: bool = True) -> LocalMoran:
    """Local Moran's I (Anselin 1995) with row-standardised binary contiguity weights.

    With z the values standardised by their mean and standard deviation (dividing by n) and
    lag_i the mean of z over i's neighbours, ``I_i = (n - 1) z_i lag_i / sum_j z_j^2``, as esda's
    ``Moran_Local`` (default ``transformation="r"``). Units whose value equals the mean, and units
    with no neighbours, have I = 0 and p = 1.

    References
    ----------
    Anselin, L. (1995) Local indicators of spatial association - LISA. Geographical Analysis
    27(2), 93-115.
    """
    values = _check(values, neighbours, permutations, alternative)
    n = len(values)
    sd = values.std()
    if sd <= 1e-12 * max(abs(values.mean()), 1.0):
        raise EvidenceError("every unit has the same value: local Moran's I is undefined")
    z = (values - values.mean()) / sd
    k = neighbours.cardinality.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        lag = np.where(k > 0, neighbours.lag(z) / k, 0.0)
    local_i = (n - 1) * z * lag / (z ** 2).sum()
    quadrant_code = np.where(z > 0, np.where(lag > 0, 1, 4), np.where(lag > 0, 2, 3))
    quadrant = tuple(QUADRANTS[q] for q in quadrant_code.tolist())
    if permutations:
        # I_sim >= I_obs is neighbour sum >= observed where z_i > 0, <= where z_i < 0.
        above_sum, below_sum = _permutation_counts(values, neighbours, permutations, seed)
        above = np.where(z > 0, above_sum, below_sum)
        below = np.where(z > 0, below_sum, above_sum)
        p_sim = _pseudo_p(above, below, permutations, alternative)
        p_sim[(z == 0) | (k == 0)] = 1.0
        basis = p_sim
    else:
        raise EvidenceError("local Moran's I needs permutations (e.g. 999) for its p-values")
    p_fdr = benjamini_hochberg(basis)
    classes = _classify(p_fdr if fdr else basis, quadrant)
    return LocalMoran(values, local_i, quadrant, p_sim, p_fdr, classes, int(permutations), seed,
                      alternative, fdr)
