"""What a short series cannot support: the analyses that need more months, and how many more.

One month of police.uk data (the README's own example) supports counts, shares, concentration,
Gi* hot spots, crime types, harm and the VLI. Change over time needs more: the assessment runs what
the data supports and lists the rest here, rather than refusing the whole report.
"""

from __future__ import annotations

from dataclasses import dataclass

from saferplaces.evidence.hotspot_findings import TREND_MONTHS

#: The latest 12 months against the 12 before (:func:`saferplaces.evidence.trends.year_on_year`).
YEAR_ON_YEAR_MONTHS = 24
#: A line needs two points.
MONTHLY_TREND_MONTHS = 2


@dataclass(frozen=True)
class DataNeed:
    """An analysis the data is too short for.

    Attributes
    ----------
    analysis : str
        Its name, as the report's sections call it.
    needs : str
        What it needs, in words.
    more_months : int
        How many more consecutive months of data would make it possible.
    """

    analysis: str
    needs: str
    more_months: int


def _months_to_whole_year(months: tuple[str, ...]) -> int:
    """More months needed after the last for the series to hold one whole calendar year."""
    first_year, first_month = map(int, months[0].split("-"))
    year = first_year if first_month == 1 else first_year + 1  # the first January in or after the series
    last_year, last_month = map(int, months[-1].split("-"))
    return (year - last_year) * 12 + 12 - last_month


def data_needs(months: tuple[str, ...]) -> tuple[DataNeed, ...]:
    """The analyses of the strategic assessment that ``months`` (consecutive ``YYYY-MM``, oldest
    first) is too short for, in the order of the report's sections."""
    if not months:
        return ()
    have = len(months)
    needs = []
    if have < TREND_MONTHS:
        needs.append(DataNeed("Hot-spot trends (emerging, persistent, intermittent, former)",
                              f"at least {TREND_MONTHS} months: they compare the latest months with earlier ones "
                              "(Chainey 2020)", TREND_MONTHS - have))
    if have < MONTHLY_TREND_MONTHS:
        needs.append(DataNeed("Crime by month", f"at least {MONTHLY_TREND_MONTHS} months to show a trend",
                              MONTHLY_TREND_MONTHS - have))
    if have < YEAR_ON_YEAR_MONTHS:
        needs.append(DataNeed("Year-on-year change (E-test)",
                              f"{YEAR_ON_YEAR_MONTHS} months: the latest 12 against the 12 before",
                              YEAR_ON_YEAR_MONTHS - have))
    more = _months_to_whole_year(months)
    if more > 0:
        needs.append(DataNeed("Seasonality", "a whole calendar year, January to December", more))
    return tuple(needs)
