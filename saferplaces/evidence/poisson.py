"""Comparing two Poisson rates: the E-test and the conditional (binomial) exact test.

References
----------
Krishnamoorthy, K. & Thomson, J. (2004). A more powerful test for comparing two Poisson means.
*Journal of Statistical Planning and Inference* 119(1), 23-35.
Przyborowski, J. & Wilenski, H. (1940). Homogeneity of results in testing samples from Poisson
series. *Biometrika* 31, 313-323 (the conditional test).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from saferplaces.evidence.serialise import json_meta


@dataclass(frozen=True)
class RateComparison:
    """Two counts over exposures compared as Poisson rates.

    ``ratio`` is rate1 / rate2 with an exact conditional interval (Clopper-Pearson on the binomial
    split of the total); ``p_value`` is the test's p for ``alternative`` ("two-sided": rate1 ≠ rate2,
    "greater": rate1 > rate2, "less": rate1 < rate2).
    """

    count1: int
    exposure1: float
    count2: int
    exposure2: float
    rate1: float
    rate2: float
    ratio: float
    ratio_interval: tuple[float, float]
    level: float
    method: str
    alternative: str
    p_value: float = field(metadata=json_meta(name="p"))


def _ratio_interval(k1: int, k2: int, t1: float, t2: float, level: float) -> tuple[float, float]:
    if k1 + k2 == 0:
        return (0.0, float("inf"))
    ci = stats.binomtest(k1, k1 + k2).proportion_ci(confidence_level=level, method="exact")
    to_ratio = lambda p: (p / (1 - p)) * (t2 / t1) if p < 1 else float("inf")  # noqa: E731
    return (to_ratio(ci.low), to_ratio(ci.high))


def _result(k1, t1, k2, t2, level, method, alternative, p) -> RateComparison:
    rate1, rate2 = k1 / t1, k2 / t2
    return RateComparison(
        count1=k1, exposure1=t1, count2=k2, exposure2=t2, rate1=rate1, rate2=rate2,
        ratio=rate1 / rate2 if rate2 else float("inf"), ratio_interval=_ratio_interval(k1, k2, t1, t2, level),
        level=level, method=method, alternative=alternative, p_value=float(min(1.0, p)),
    )


def _check(k1, t1, k2, t2, alternative):
    if min(k1, k2) < 0 or min(t1, t2) <= 0:
        raise ValueError("counts must be ≥ 0 and exposures > 0")
    if alternative not in {"two-sided", "greater", "less"}:
        raise ValueError("alternative must be two-sided, greater or less")


def conditional_test(k1: int, k2: int, t1: float = 1.0, t2: float = 1.0, *, alternative: str = "two-sided",
                     level: float = 0.95) -> RateComparison:
    """Given k1 + k2 events, k1 is binomial with p = t1 / (t1 + t2) when the rates are equal."""
    _check(k1, t1, k2, t2, alternative)
    n = k1 + k2
    p = stats.binomtest(k1, n, t1 / (t1 + t2), alternative=alternative).pvalue if n else 1.0
    return _result(k1, t1, k2, t2, level, "conditional binomial exact test", alternative, p)


def _support(mu: float, tail: float) -> np.ndarray:
    """The counts holding all but ``tail`` of a Poisson(mu) distribution at each end: a window of
    about ±7 standard deviations, so large counts need no quadratic memory."""
    if mu <= 0:
        return np.zeros(1)
    low = max(int(stats.poisson.ppf(tail, mu)) - 1, 0)
    high = int(stats.poisson.isf(tail, mu)) + 1
    return np.arange(low, high + 1, dtype=float)


def e_test(k1: int, k2: int, t1: float = 1.0, t2: float = 1.0, *, alternative: str = "two-sided",
           level: float = 0.95, tail: float = 1e-12) -> RateComparison:
    """The E-test of Krishnamoorthy & Thomson (2004) for H0: rate1 = rate2.

    The statistic is T = (X1/t1 − X2/t2) / sqrt(X1/t1² + X2/t2²). Its p-value is the probability,
    under Poisson means estimated under H0 (λ̂ = (k1 + k2)/(t1 + t2)), that T is at least as extreme
    as observed: a double sum over the two Poisson distributions, truncated where their tails fall
    below ``tail`` (the neglected mass is below 4 × ``tail``).
    """
    _check(k1, t1, k2, t2, alternative)
    pooled = (k1 + k2) / (t1 + t2)
    mu1, mu2 = t1 * pooled, t2 * pooled

    def statistic(x1, x2):
        var = x1 / t1**2 + x2 / t2**2
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(var > 0, (x1 / t1 - x2 / t2) / np.sqrt(np.where(var > 0, var, 1)), 0.0)

    observed = float(statistic(np.array(k1, dtype=float), np.array(k2, dtype=float)))
    x1, x2 = _support(mu1, tail), _support(mu2, tail)
    prob = np.outer(stats.poisson.pmf(x1, mu1), stats.poisson.pmf(x2, mu2))
    t = statistic(x1[:, None], x2[None, :])
    eps = 1e-12
    if alternative == "greater":
        p = prob[t >= observed - eps].sum()
    elif alternative == "less":
        p = prob[t <= observed + eps].sum()
    else:
        p = prob[np.abs(t) >= abs(observed) - eps].sum()
    return _result(k1, t1, k2, t2, level, "E-test (Krishnamoorthy & Thomson 2004)", alternative, p)
