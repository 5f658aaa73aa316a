"""Change over time: monthly series, year-on-year change with a test for two Poisson rates, and
seasonality."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from saferplaces.evidence.poisson import RateComparison, e_test


@dataclass(frozen=True)
class MonthlySeries:
    months: tuple[str, ...]  # "YYYY-MM", consecutive, gaps filled with zero
    counts: tuple[int, ...]


@dataclass(frozen=True)
class YearOnYear:
    """The latest 12 months against the 12 before, as two Poisson rates over equal exposure."""

    current_months: tuple[str, str]
    previous_months: tuple[str, str]
    current: int
    previous: int
    change: int
    percent_change: float | None
    test: RateComparison


@dataclass(frozen=True)
class Seasonality:
    """Share of events by calendar month against a flat year, corrected for month length.

    ``index`` is 100 × observed / expected per calendar month (January first); ``p_value`` is a
    chi-square test of no seasonality. Months are counted only from whole years of data.
    """

    index: tuple[float, ...]
    chi_square: float
    p_value: float
    years: int


def monthly_series(months: Sequence[str], counts: Sequence[int]) -> MonthlySeries:
    """Consecutive months from the first to the last given, zero where none were given."""
    totals: dict[str, int] = {}
    for month, count in zip(months, counts):
        totals[month] = totals.get(month, 0) + int(count)
    if not totals:
        return MonthlySeries((), ())
    first, last = min(totals), max(totals)
    out, (y, m) = [], map(int, first.split("-"))
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return MonthlySeries(tuple(out), tuple(totals.get(month, 0) for month in out))


def year_on_year(series: MonthlySeries) -> YearOnYear | None:
    """Latest 12 months against the previous 12 with the E-test; None with under 24 months."""
    if len(series.months) < 24:
        return None
    current, previous = sum(series.counts[-12:]), sum(series.counts[-24:-12])
    return YearOnYear(
        current_months=(series.months[-12], series.months[-1]),
        previous_months=(series.months[-24], series.months[-13]),
        current=current, previous=previous, change=current - previous,
        percent_change=(current - previous) / previous * 100 if previous else None,
        test=e_test(current, previous),
    )


def seasonality(series: MonthlySeries) -> Seasonality | None:
    """Seasonal index over whole calendar years in the series; None without one whole year."""
    whole = [(m, c) for m, c in zip(series.months, series.counts)]
    years = sorted({m[:4] for m, _ in whole if sum(1 for n, _ in whole if n[:4] == m[:4]) == 12})
    if not years:
        return None
    observed = np.zeros(12)
    days = np.zeros(12)
    for month, count in whole:
        if month[:4] in years:
            index = int(month[5:]) - 1
            observed[index] += count
            days[index] += calendar.monthrange(int(month[:4]), index + 1)[1]
    expected = observed.sum() * days / days.sum()
    if observed.sum() == 0:
        return Seasonality(tuple([100.0] * 12), 0.0, 1.0, len(years))
    chi2, p = stats.chisquare(observed, expected)
    return Seasonality(tuple((100 * observed / expected).round(1).tolist()), float(chi2), float(p), len(years))
