"""Change over time: monthly series, year-on-year change with a test for two Poisson rates, and
seasonality."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from saferplaces.evidence.coverage import months_between
from saferplaces.evidence.poisson import RateComparison, e_test


@dataclass(frozen=True)
class MonthlySeries:
    """Counts for every month from the first to the last, oldest first.

    ``counts`` holds ``None`` for a month without data (see :mod:`saferplaces.evidence.coverage`):
    unknown, not zero. A month with data but no events is 0.
    """

    months: tuple[str, ...]  # "YYYY-MM", consecutive
    counts: tuple[int | None, ...]

    @property
    def without_data(self) -> tuple[str, ...]:
        return tuple(m for m, c in zip(self.months, self.counts) if c is None)


@dataclass(frozen=True)
class YearOnYear:
    """The latest 12 months against the 12 before, as two Poisson rates over equal exposure.

    A month without data in either window is left out of both, with its partner a year away, so the
    two sums cover the same calendar months (``months_compared`` of each year); ``left_out`` names
    the months dropped, from either window.
    """

    current_months: tuple[str, str]
    previous_months: tuple[str, str]
    current: int
    previous: int
    change: int
    percent_change: float | None
    test: RateComparison
    months_compared: int = 12
    left_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class Seasonality:
    """Share of events by calendar month against a flat year, corrected for month length.

    ``index`` is 100 × observed / expected per calendar month (January first); ``p_value`` is a
    chi-square test of no seasonality on ``degrees_of_freedom``. Months are counted only from whole
    calendar years of the series. A month without data counts neither its events nor its days; a
    calendar month with no data in any of those years has index ``None`` and is left out of the test
    (one degree of freedom fewer). ``left_out`` names the months without data.
    """

    index: tuple[float | None, ...]
    chi_square: float
    p_value: float
    years: int
    degrees_of_freedom: int = 11
    left_out: tuple[str, ...] = ()


def monthly_series(months: Sequence[str], counts: Sequence[int], without_data: Sequence[str] = ()) -> MonthlySeries:
    """Consecutive months from the first to the last given (or without data), zero where none were
    given and ``None`` for the months ``without_data``."""
    totals: dict[str, int] = {}
    for month, count in zip(months, counts):
        totals[month] = totals.get(month, 0) + int(count)
    unknown = set(without_data)
    if not totals:
        return MonthlySeries((), ())
    out = months_between(min(totals), max(totals))
    return MonthlySeries(tuple(out), tuple(None if month in unknown else totals.get(month, 0) for month in out))


def year_on_year(series: MonthlySeries) -> YearOnYear | None:
    """Latest 12 months against the previous 12 with the E-test; None with under 24 months, or when
    no calendar month has data in both years."""
    if len(series.months) < 24:
        return None
    current, previous = series.counts[-12:], series.counts[-24:-12]
    kept = [i for i in range(12) if current[i] is not None and previous[i] is not None]
    if not kept:
        return None
    now, before = sum(current[i] or 0 for i in kept), sum(previous[i] or 0 for i in kept)
    left_out = tuple(sorted(series.months[-24 + i] for i in range(12) if i not in kept)
                     + sorted(series.months[-12 + i] for i in range(12) if i not in kept))
    return YearOnYear(
        current_months=(series.months[-12], series.months[-1]),
        previous_months=(series.months[-24], series.months[-13]),
        current=now, previous=before, change=now - before,
        percent_change=(now - before) / before * 100 if before else None,
        test=e_test(now, before), months_compared=len(kept), left_out=left_out,
    )


def seasonality(series: MonthlySeries) -> Seasonality | None:
    """Seasonal index over whole calendar years in the series; None without one whole year or with
    fewer than two calendar months that have data."""
    per_year: dict[str, int] = {}
    for month in series.months:
        per_year[month[:4]] = per_year.get(month[:4], 0) + 1
    years = {year for year, n in per_year.items() if n == 12}
    if not years:
        return None
    observed = np.zeros(12)
    days = np.zeros(12)
    left_out = []
    for month, count in zip(series.months, series.counts):
        if month[:4] not in years:
            continue
        if count is None:
            left_out.append(month)
            continue
        index = int(month[5:]) - 1
        observed[index] += count
        days[index] += calendar.monthrange(int(month[:4]), index + 1)[1]
    known = days > 0
    if known.sum() < 2:
        return None
    expected = np.where(known, observed.sum() * days / days.sum(), np.nan)
    dof = int(known.sum()) - 1
    if observed.sum() == 0:
        return Seasonality(tuple(100.0 if k else None for k in known), 0.0, 1.0, len(years), dof, tuple(left_out))
    chi2, p = stats.chisquare(observed[known], expected[known])
    indices = [round(float(100 * o / e), 1) if k else None for o, e, k in zip(observed, expected, known)]
    return Seasonality(tuple(indices), float(chi2), float(p), len(years), dof, tuple(left_out))
