"""Crime rates: crimes a year per 1,000 residents, and per 1,000 workday population, by ward or LSOA.

Counts and shares say where crime is; a rate says how much of it falls on the people there. The
resident rate uses an ONS mid-year population estimate by LSOA; where a workday population is given
(ONS Census workday population by LSOA: residents who do not work elsewhere plus everyone who works
there), a second rate uses it. Where the two populations differ greatly, as in a West End with few
residents and many workers and visitors, a rate per resident overstates the risk to residents; each
such area is flagged and the report says so beside the figure.

Rates are annualised over the months the data covers: ``crimes × 12 / months ÷ population × 1,000``.
A ward's population is the sum of its LSOAs' (ONS best-fit lookup), so ward and LSOA rates agree.

Flags (``caution``):

* ``many visitors``: the workday population is at least :data:`VISITOR_RATIO` times the residents.
* ``extreme rate``: the resident rate lies above Tukey's far-out fence, the upper quartile plus three
  times the interquartile range of the areas' rates (Tukey 1977, *Exploratory Data Analysis*), the
  usual sign of a small residential denominator under a large non-resident population.

The accepted files and columns are in ``docs/data-dictionary/population.md``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from saferplaces.evidence.errors import InputError
from saferplaces.evidence.textfiles import open_text

#: Columns that hold the LSOA code, as ONS, the London Datastore and NOMIS name them.
LSOA_COLUMNS = ("LSOA11CD", "LSOA21CD", "LSOA Code", "LSOA code", "LSOA 2011 Code", "LSOA 2021 Code",
                "LSOA code (2011)", "lsoa11cd", "lsoa21cd", "lsoa_code", "geography code")
#: Columns that hold the total resident population (ONS SAPE "All Ages", London Datastore "Persons_All-Ages").
RESIDENT_COLUMNS = ("Persons_All-Ages", "All Ages", "All ages", "all_ages", "population", "Population",
                    "Total population", "residents")
#: A workday population column: named exactly so, or starting with "Workday population" (NOMIS WP tables).
WORKDAY_PREFIX = "workday population"
WORKDAY_COLUMNS = ("workday_population",)
#: Output-area code columns: of a population file by output area, and of an ONS OA-to-LSOA lookup.
OA_COLUMNS = ("OA11CD", "OA21CD", "oa11cd", "oa21cd", "OA code", "OA Code", "oa_code")
_OA_PREFIXES = ("E00", "W00")
VISITOR_RATIO = 2.0
FAR_OUT = 3.0


@dataclass(frozen=True)
class Population:
    """One population file: ``kind`` "residents" or "workday", people per LSOA code."""

    kind: str
    source: str
    column: str
    by_lsoa: Mapping[str, float]


@dataclass(frozen=True)
class AreaRate:
    """An area's crimes and rates. Rates are crimes a year per 1,000 people; ``None`` where the
    population is unknown. ``workday_ratio`` is workday population ÷ residents."""

    code: str
    name: str
    crimes: int
    residents: float | None
    per_1000_residents: float | None
    workday: float | None
    per_1000_workday: float | None
    workday_ratio: float | None
    caution: str | None


@dataclass(frozen=True)
class CrimeRates:
    """Rates for every area, highest resident rate first (areas without a population last).

    Attributes
    ----------
    by : str
        "ward" or "lsoa".
    months : int
        Months of data the rates are annualised over.
    residents_source, workday_source : str
        The population files used (``workday_source`` None when none was given).
    overall_per_1000_residents, overall_per_1000_workday : float or None
        The whole area's rates (over areas with a population).
    areas : tuple of AreaRate
    without_population : tuple of str
        Codes of areas with crimes but no population in the file.
    extreme_above : float or None
        The far-out fence: resident rates above it are flagged ``extreme rate``.
    """

    by: str
    months: int
    residents_source: str
    workday_source: str | None
    overall_per_1000_residents: float | None
    overall_per_1000_workday: float | None
    areas: tuple[AreaRate, ...]
    without_population: tuple[str, ...]
    extreme_above: float | None


def _lsoa_column(columns: Sequence[str]) -> str | None:
    return next((c for c in LSOA_COLUMNS if c in columns), None)


def read_oa_lookup(path: str | Path) -> dict[str, str] | None:
    """Output area → LSOA from an ONS lookup (columns such as OA11CD and LSOA11CD), or None when
    the file is not one."""
    reader = csv.DictReader(open_text(Path(path)))
    columns = reader.fieldnames or []
    oa = next((c for c in OA_COLUMNS if c in columns), None)
    lsoa = next((c for c in LSOA_COLUMNS if c in columns and c != "geography code"), None)
    if oa is None or lsoa is None:
        return None
    return {row[oa].strip(): row[lsoa].strip() for row in reader if row.get(oa) and row.get(lsoa)}


def _value_column(columns: Sequence[str]) -> tuple[str, str] | None:
    """(kind, column) of the population column, or None: a workday column wins over a resident one."""
    workday = next((c for c in columns if c in WORKDAY_COLUMNS or c.strip().casefold().startswith(WORKDAY_PREFIX)),
                   None)
    if workday:
        return "workday", workday
    resident = next((c for c in RESIDENT_COLUMNS if c in columns), None)
    return ("residents", resident) if resident else None


def read_population(path: str | Path, oa_to_lsoa: Mapping[str, str] | None = None) -> Population | None:
    """The population per LSOA in ``path``, or None when the file is not a population file.

    A file by output area (codes E00…, W00…) is summed to LSOAs with ``oa_to_lsoa`` (an ONS
    OA-to-LSOA lookup among the same files).

    Raises
    ------
    InputError
        An output-area file without a lookup (or with an output area the lookup lacks), or a
        negative or non-numeric value (named by line).
    """
    path = Path(path)
    reader = csv.DictReader(open_text(path))
    columns = reader.fieldnames or []
    key = _lsoa_column(columns) or next((c for c in OA_COLUMNS if c in columns), None)
    found = _value_column(columns)
    if key is None or found is None:
        return None
    kind, column = found
    by_lsoa: dict[str, float] = {}
    problems = []
    for line, row in enumerate(reader, start=2):
        code = (row.get(key) or "").strip()
        if not code:
            continue
        if code.startswith(_OA_PREFIXES):
            if oa_to_lsoa is None:
                raise InputError(f"{path} line {line}: {code} is an output area; add the ONS output area to LSOA "
                                 "lookup (columns such as OA11CD and LSOA11CD) to the same folder, or give "
                                 "populations by LSOA")
            if code not in oa_to_lsoa:
                problems.append(f"{path} line {line}: output area {code} is not in the OA-to-LSOA lookup")
                continue
            code = oa_to_lsoa[code]
        text = (row.get(column) or "").strip().replace(",", "")
        try:
            value = float(text)
        except ValueError:
            problems.append(f"{path} line {line}: {column} {text!r} is not a number")
            continue
        if value < 0:
            problems.append(f"{path} line {line}: {column} cannot be negative")
            continue
        by_lsoa[code] = by_lsoa.get(code, 0.0) + value
    if problems:
        raise InputError("; ".join(problems[:20]) + (f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""))
    return Population(kind, path.name, column, by_lsoa)


def _year_in(name: str) -> int | None:
    found = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", name)
    return int(found[-1]) if found else None


def find_populations(files: Sequence[Path], mid_year: int) -> tuple[Population | None, Population | None]:
    """The resident and workday population files among ``files`` (recognised by their columns).

    Where several resident files are given (mid-2019, mid-2020 …), the one whose file name names the
    year nearest ``mid_year`` is used (the earlier on a tie; files without a year last). Files by
    output area are summed to LSOAs with an ONS OA-to-LSOA lookup found among ``files``.
    """
    lookup: dict[str, str] = {}
    for path in files:
        lookup.update(read_oa_lookup(path) or {})
    found = [p for p in (read_population(f, lookup or None) for f in files) if p is not None]

    def nearest(kind: str) -> Population | None:
        candidates = [p for p in found if p.kind == kind]
        if not candidates:
            return None
        return min(candidates, key=lambda p: (abs((_year_in(p.source) or 9999) - mid_year),
                                              _year_in(p.source) or 9999, p.source))

    return nearest("residents"), nearest("workday")


def _per_1000(crimes: int, people: float | None, months: int) -> float | None:
    if not people:
        return None
    return crimes * 12 / months / people * 1000


def _sum_people(members: Sequence[str], population: Population | None) -> float | None:
    if population is None:
        return None
    known = [population.by_lsoa[c] for c in members if c in population.by_lsoa]
    return float(sum(known)) if known else None


def crime_rates(by: str, codes: Sequence[str], names: Sequence[str], counts: Sequence[int], months: int,
                residents: Population, workday: Population | None = None,
                lsoas_of: Mapping[str, Sequence[str]] | None = None) -> CrimeRates:
    """Crimes a year per 1,000 residents (and per 1,000 workday population) for each area.

    Parameters
    ----------
    by : {"ward", "lsoa"}
    codes, names, counts : sequences
        The areas and their crimes over ``months`` months (from ``areas.count_by_area``).
    months : int
        Months of data, to annualise.
    residents, workday : Population
        People per LSOA.
    lsoas_of : mapping, optional
        Area code → its LSOA codes (wards); by default each area is one LSOA.

    Returns
    -------
    CrimeRates
        Highest resident rate first; flags as the module describes.
    """
    if months < 1:
        raise InputError("rates need at least one month of data")
    rows = []
    for code, name, crimes in zip(codes, names, counts, strict=True):
        members = list(lsoas_of.get(code, ())) if lsoas_of is not None else [code]
        people = _sum_people(members, residents)
        workers = _sum_people(members, workday)
        ratio = workers / people if workers is not None and people else None
        rows.append((code, name, int(crimes), people, workers, ratio))
    rates = np.array([r for r in (_per_1000(c, p, months) for _, _, c, p, _, _ in rows) if r is not None])
    fence = None
    if len(rates) >= 4:
        q1, q3 = np.percentile(rates, [25, 75])
        fence = float(q3 + FAR_OUT * (q3 - q1))
    areas = []
    for code, name, crimes, people, workers, ratio in rows:
        rate = _per_1000(crimes, people, months)
        cautions = []
        if ratio is not None and ratio >= VISITOR_RATIO:
            cautions.append("many visitors")
        if rate is not None and fence is not None and rate > fence:
            cautions.append("extreme rate")
        areas.append(AreaRate(code, name, crimes, people, rate, workers, _per_1000(crimes, workers, months), ratio,
                              ", ".join(cautions) or None))
    areas.sort(key=lambda a: (a.per_1000_residents is None, -(a.per_1000_residents or 0), a.code))
    placed = [a for a in areas if a.residents]
    total_people = sum(a.residents or 0 for a in placed)
    total_workers = sum(a.workday or 0 for a in placed if a.workday)
    return CrimeRates(
        by=by, months=months, residents_source=residents.source,
        workday_source=workday.source if workday else None,
        overall_per_1000_residents=_per_1000(sum(a.crimes for a in placed), total_people, months),
        overall_per_1000_workday=(_per_1000(sum(a.crimes for a in placed if a.workday), total_workers, months)
                                  if workday else None),
        areas=tuple(areas), without_population=tuple(a.code for a in areas if a.residents is None and a.crimes),
        extreme_above=fence)


@dataclass(frozen=True)
class RateFindings:
    """The assessment's rates by ward (when wards are known) and by LSOA."""

    wards: CrimeRates | None
    lsoas: CrimeRates


def middle_year(first_month: str, last_month: str) -> int:
    """The calendar year of the middle month of ``first_month``..``last_month`` ("YYYY-MM")."""
    first = int(first_month[:4]) * 12 + int(first_month[5:7]) - 1
    last = int(last_month[:4]) * 12 + int(last_month[5:7]) - 1
    return (first + last) // 2 // 12


def assessment_rates(files: Sequence[Path], *, months: int, first_month: str, last_month: str, lsoas,
                     wards=None, ward_of: Mapping[str, str] | None = None) -> tuple[RateFindings | None, str]:
    """Rates for the assessment from the population files among ``files``, or None and the reason.

    ``lsoas`` and ``wards`` are ``areas.AreaCounts``; ``ward_of`` maps LSOA → ward code.
    """
    residents, workday = find_populations(files, middle_year(first_month, last_month))
    if residents is None:
        return None, ("no resident population file (an ONS mid-year estimate by LSOA, e.g. columns LSOA11CD and "
                      "Persons_All-Ages or All Ages) among the geography files")
    lsoa_rates = crime_rates("lsoa", lsoas.codes, lsoas.names, lsoas.counts, months, residents, workday)
    ward_rates = None
    if wards is not None and ward_of:
        members: dict[str, list[str]] = {}
        for lsoa, ward in ward_of.items():
            members.setdefault(ward, []).append(lsoa)
        ward_rates = crime_rates("ward", wards.codes, wards.names, wards.counts, months, residents, workday, members)
    return RateFindings(ward_rates, lsoa_rates), ""


def wards_of_lsoas(con, geography) -> dict[str, str]:
    """LSOA → ward code for every LSOA of the loaded crimes and of the geography, placed as
    ``areas.count_by_area`` places them (lookup first, else boundaries)."""
    codes = {code for (code,) in con.execute("SELECT DISTINCT lsoa_code FROM crimes WHERE lsoa_code IS NOT NULL")
             .fetchall()} | set(geography.lsoa_to_ward) | set(geography.lsoas)
    return {lsoa: ward for lsoa, (ward, _) in geography.ward_assignments(sorted(codes)).items()}


def rates_for_counts(con, geography, counts) -> CrimeRates | None:
    """Rates for one ``areas.AreaCounts`` of the loaded crimes, when the geography holds a resident
    population file; else None."""
    if geography is None or not geography.extra_files:
        return None
    first, last, months = con.execute(
        "SELECT strftime(min(month), '%Y-%m'), strftime(max(month), '%Y-%m'), count(DISTINCT month) FROM crimes"
    ).fetchone()
    if not months:
        return None
    residents, workday = find_populations(geography.extra_files, middle_year(first, last))
    if residents is None:
        return None
    members: dict[str, list[str]] | None = None
    if counts.by == "ward":
        members = {}
        for lsoa, ward in wards_of_lsoas(con, geography).items():
            members.setdefault(ward, []).append(lsoa)
    return crime_rates(counts.by, counts.codes, counts.names, counts.counts, months, residents, workday, members)
