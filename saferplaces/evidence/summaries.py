"""Results of the engine's API that put an analysis together with the context it was run in.

The analyses return their own results (:class:`~saferplaces.evidence.concentration.Concentration`,
:class:`~saferplaces.evidence.near_repeat.ChainsResult` …); the dataclasses here add what a reader
of one answer needs beside it (which areas were counted, the ids of the events in each chain) and
are what the command line's ``--json`` writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from saferplaces.evidence.serialise import json_meta

# Types of fields only: importing these modules (SciPy among them) would make `import api` slow.
if TYPE_CHECKING:
    from saferplaces.evidence.concentration import AreaCount
    from saferplaces.evidence.rates import CrimeRates
    from saferplaces.evidence.recorded_crime import PeriodChange
    from saferplaces.evidence.study_area import StudyArea
    from saferplaces.evidence.trends import Seasonality
    from saferplaces.evidence.vli import VLIUnit


@dataclass(frozen=True)
class AreaConcentration:
    """How concentrated crime is across wards or LSOAs.

    Attributes
    ----------
    by : str
        "ward" or "lsoa".
    total : int
        Crimes counted in the areas.
    areas : tuple of AreaCount
        Each area's count and share, largest first.
    top3_share : float
        Share of the total in the three areas with most crime.
    gini, generalized_gini : float
        Gini coefficient and its generalized form for counts (Bernasco & Steenbeek 2017).
    unassigned : int
        Rows outside the areas or with no LSOA, not counted.
    include_asb : bool
        Whether anti-social behaviour was counted with crime.
    rates : CrimeRates, optional
        Crimes a year per 1,000 residents (and workday population) by area, when the geography
        holds a population file (see ``saferplaces.evidence.rates``).
    study_area : StudyArea or None
        The local authorities counted and the rows left out as lying in others; None when the
        lookup names no local authorities.
    """

    by: str
    total: int
    areas: tuple[AreaCount, ...]
    top3_share: float
    gini: float
    generalized_gini: float
    unassigned: int
    include_asb: bool
    rates: CrimeRates | None = field(default=None, metadata=json_meta(optional=True))
    study_area: StudyArea | None = None


@dataclass(frozen=True)
class RecordedCrime:
    """The force's recorded crime by LSOA (see :mod:`saferplaces.evidence.recorded_crime`): totals
    over time and where the crimes of one period were.

    Attributes
    ----------
    source : str
        The table's file name.
    resolution : str
        "year" or "month": the table's periods.
    period : str
        The period the areas are counted over ("2016", "2016-03", or "2017-07 to 2018-06").
    categories : tuple of str
        The categories summed; ``not_summed`` those left out of totals as parts of another.
    all_zero : tuple of str
        Summed categories that are 0 in every LSOA and period: more likely withheld by the
        publisher (the MPS does not publish sexual offences by LSOA) than none recorded.
    periods, totals : tuple
        Every period of the table, oldest first, and its total (``None`` for a month the table
        lacks between months it has: unknown, not zero).
    change : PeriodChange or None
        The period against the same length just before it (E-test); None when the table does not
        reach back.
    seasonality : Seasonality or None
        Calendar-month index (monthly tables with a whole year).
    areas : AreaConcentration
        Counts, shares and Gini across the LSOAs or wards over the period.
    by_category : tuple of (str, int)
        The period's count by category, largest first.
    """

    source: str
    resolution: str
    period: str
    categories: tuple[str, ...]
    not_summed: tuple[str, ...]
    all_zero: tuple[str, ...]
    periods: tuple[str, ...]
    totals: tuple[int | None, ...]
    change: PeriodChange | None
    seasonality: Seasonality | None
    areas: AreaConcentration
    by_category: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Chain:
    """One near-repeat chain: its size and the ids of its events, in input order."""

    size: int
    ids: tuple[str, ...]


@dataclass(frozen=True)
class ChainCount:
    """How many chains have ``size`` events."""

    size: int
    chains: int


@dataclass(frozen=True)
class NearRepeatChains:
    """Near-repeat chains: events linked within ``distance`` metres and ``days`` days.

    Attributes
    ----------
    distance, days, metric
        The linking rule.
    events, events_in_chains, links : int
        Events read, events in a chain of two or more, pairs linked.
    distribution : tuple of ChainCount
        Number of chains of each size.
    chains : tuple of Chain
        Every chain, largest first, with its events' ids.
    convention : str
        The linking rule in words.
    """

    distance: float
    days: int
    metric: str
    events: int
    events_in_chains: int
    links: int
    distribution: tuple[ChainCount, ...]
    chains: tuple[Chain, ...]
    convention: str


@dataclass(frozen=True)
class VLIReport:
    """The Vulnerable Localities Index (Chainey 2008) by LSOA or ward, indices rounded to 2 places.

    Attributes
    ----------
    by : str
        "lsoa" or "ward".
    reference : tuple of str
        Codes of the reference area (index 100).
    denominators : mapping of str to str
        The denominator used for each indicator.
    notes : tuple of str
        Proxies used where an input was missing.
    units : tuple of VLIUnit
        Each area's index and indicator indices, most vulnerable first.
    """

    by: str
    reference: tuple[str, ...]
    denominators: Mapping[str, str]
    notes: tuple[str, ...]
    units: tuple[VLIUnit, ...]


@dataclass(frozen=True)
class SyntheticPeople:
    """Synthetic partner person records written as one CSV per agency.

    Attributes
    ----------
    folder : Path
        Where the files are.
    records, people : int
        Records written and the true people behind them (column ``person``).
    sources : tuple of str
        The agencies, one file each (``<source>.csv``).
    """

    folder: Path
    records: int
    people: int
    sources: tuple[str, ...]
