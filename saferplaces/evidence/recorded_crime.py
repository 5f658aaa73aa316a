"""The force's own recorded-crime counts by LSOA (the Metropolitan Police's published tables) as a
count source: concentration by LSOA or ward, the change over time, and the VLI's crime input.

A strategic assessment's evidence usually comes from recorded crime, not police.uk: recorded crime
counts every notifiable offence where it was recorded, police.uk publishes a snapped point per crime.
The Met publishes counts by LSOA, category and period in a wide table. One reader takes:

* an LSOA code column (``LSOA11CD``, ``LSOA21CD`` or ``LSOA Code``) and optionally its name
  (``LSOA11NM``, ``LSOA21NM``, ``LSOA Name``);
* optionally the category: ``category_file`` (the stacked London Datastore annual files, e.g.
  ``major-burglary``, ``minor-theft-bicycle``) or ``Major Category`` / ``Minor Category`` (the MPS
  monthly LSOA-level layout);
* one column per period: ``YYYY`` (annual counts) or ``YYYYMM`` (monthly counts). Other columns
  (MSOA, borough …) are ignored.

Counts must be whole numbers (``9`` or ``9.0``); a blank, negative or fractional count is an error
naming the file, line and column. When the categories include ``major-`` rows, only those are summed:
the ``minor-`` rows of the annual files (bicycle theft, theft from vehicles) are parts of a major
category, and adding them would count those crimes twice.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

from saferplaces.evidence.coverage import describe, months_between
from saferplaces.evidence.errors import InputError, ParameterError
from saferplaces.evidence.poisson import RateComparison, e_test
from saferplaces.evidence.textfiles import open_text
from saferplaces.evidence.trends import monthly_series, year_on_year

_CODE_COLUMNS = ("lsoa11cd", "lsoa21cd", "lsoa code", "lsoa_code")
_NAME_COLUMNS = ("lsoa11nm", "lsoa21nm", "lsoa name", "lsoa_name")
_CATEGORY_COLUMNS = ("category_file", "major category", "minor category")
_YEAR = re.compile(r"^(19|20)\d\d$")
_MONTH = re.compile(r"^((19|20)\d\d)(0[1-9]|1[0-2])$")

#: MPS categories (annual file names and monthly major categories) → the police.uk crime type the
#: VLI reads: burglary and criminal damage (Chainey 2008). The MPS categories include businesses,
#: as police.uk's do.
POLICE_UK_TYPES = {
    "major-burglary": "Burglary", "burglary": "Burglary",
    "major-arson": "Criminal damage and arson", "arson and criminal damage": "Criminal damage and arson",
    "criminal damage": "Criminal damage and arson",
}


@dataclass(frozen=True)
class RecordedCrimeTable:
    """A recorded-crime table as read: one row per LSOA and category, one column per period.

    ``counted[i]`` says whether row ``i`` is summed in totals (``False`` for a ``minor-`` row when
    ``major-`` rows are present).
    """

    source: str
    resolution: str  # "year" or "month"
    periods: tuple[str, ...]  # "YYYY" or "YYYY-MM", oldest first
    lsoa_codes: tuple[str, ...]
    lsoa_names: tuple[str, ...]
    categories: tuple[str, ...]
    counts: np.ndarray  # rows x periods, int64
    counted: np.ndarray  # rows, bool


def _count(text: str, path, line: int, column: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{path}: line {line}: {column} count {text!r} is not a number") from None
    if not value.is_integer() or value < 0:
        raise InputError(f"{path}: line {line}: {column} count {text!r} is not a whole number of crimes")
    return int(value)


def read_recorded_crime(path: str | Path) -> RecordedCrimeTable:
    """Read a recorded-crime table (the layouts in the module docstring); every problem names the
    file and line, and nothing is returned half-read."""
    path = Path(path)
    with open_text(path) as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise InputError(f"{path}: the file is empty")
        names = {name.strip().lower(): i for i, name in enumerate(header)}
        code_col = next((names[c] for c in _CODE_COLUMNS if c in names), None)
        if code_col is None:
            raise InputError(f"{path}: no LSOA code column (LSOA11CD, LSOA21CD or LSOA Code; found: "
                             f"{', '.join(header)})")
        name_col = next((names[c] for c in _NAME_COLUMNS if c in names), None)
        category_cols = [names[c] for c in _CATEGORY_COLUMNS if c in names]
        years = [(i, h.strip()) for i, h in enumerate(header) if _YEAR.match(h.strip())]
        months = [(i, f"{m[1]}-{m[3]}") for i, h in enumerate(header) if (m := _MONTH.match(h.strip()))]
        if bool(years) == bool(months):
            raise InputError(f"{path}: needs one column per year (YYYY) or per month (YYYYMM), not "
                             f"{'both' if years else 'neither'} (found: {', '.join(header)})")
        resolution, columns = ("year", years) if years else ("month", months)
        columns = sorted(columns, key=lambda c: c[1])
        rows: list[list[int]] = []
        codes, lsoa_names, categories = [], [], []
        seen: dict[tuple[str, str], int] = {}
        for line, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < len(header):
                raise InputError(f"{path}: line {line}: {len(row)} fields where the header has {len(header)}")
            code = row[code_col].strip()
            if not code:
                raise InputError(f"{path}: line {line}: blank LSOA code")
            category = " / ".join(row[i].strip() for i in category_cols)
            if (code, category) in seen:
                raise InputError(f"{path}: line {line}: LSOA {code} {category or ''} repeats line "
                                 f"{seen[(code, category)]}".replace("  ", " "))
            seen[(code, category)] = line
            counts = []
            for i, _ in columns:
                if not row[i].strip():
                    raise InputError(f"{path}: line {line}: blank {header[i].strip()} count (write 0 if none "
                                     "were recorded)")
                counts.append(_count(row[i].strip(), path, line, header[i].strip()))
            rows.append(counts)
            codes.append(code)
            lsoa_names.append(row[name_col].strip() if name_col is not None else code)
            categories.append(category)
    if not rows:
        raise InputError(f"{path}: no rows of counts")
    has_major = any(c.lower().startswith("major-") for c in categories)
    counted = np.array([not has_major or c.lower().startswith("major-") for c in categories], dtype=bool)
    return RecordedCrimeTable(path.name, resolution, tuple(label for _, label in columns), tuple(codes),
                              tuple(lsoa_names), tuple(categories), np.array(rows, dtype=np.int64), counted)


@dataclass(frozen=True)
class PeriodChange:
    """Recorded crime in one period against the one before, as two Poisson rates (E-test;
    Krishnamoorthy & Thomson 2004) over equal exposure. ``left_out`` names months without data
    left out of both sums with their partner a year away (monthly tables, as
    :func:`saferplaces.evidence.trends.year_on_year`)."""

    current_period: str
    previous_period: str
    current: int
    previous: int
    change: int
    percent_change: float | None
    test: RateComparison
    left_out: tuple[str, ...] = ()


def absent_months(table: RecordedCrimeTable) -> list[str]:
    """Months between a monthly table's first and last column that have no column: unknown."""
    if table.resolution != "month":
        return []
    return [m for m in months_between(table.periods[0], table.periods[-1]) if m not in table.periods]


def period_columns(table: RecordedCrimeTable, period: str | None) -> tuple[str, list[int]]:
    """The label and column indices of ``period``: a year (``YYYY``: its column, or its twelve
    months in a monthly table, all of which must be there), a month (``YYYY-MM``, monthly tables),
    or by default the latest year (the last twelve calendar months of a monthly table, those
    without a column named in the label)."""
    periods = table.periods
    if period is None:
        if table.resolution == "year":
            return periods[-1], [len(periods) - 1]
        year_before = np.datetime64(periods[-1], "M") - 11
        wanted = months_between(max(str(year_before), periods[0]), periods[-1])
        absent = [m for m in wanted if m not in periods]
        label = f"{wanted[0]} to {wanted[-1]}" + (f" (no data for {describe(absent)})" if absent else "")
        return label, [periods.index(m) for m in wanted if m in periods]
    if re.fullmatch(r"\d{4}", period):
        if table.resolution == "year":
            if period not in periods:
                raise ParameterError(f"no year {period} in the recorded crime ({periods[0]} to {periods[-1]})")
            return period, [periods.index(period)]
        wanted = months_between(f"{period}-01", f"{period}-12")
        absent = [m for m in wanted if m not in periods]
        if absent:
            raise ParameterError(f"the recorded crime has no data for {len(absent)} month(s) of {period} "
                                 f"({', '.join(absent)}): choose a month or a year it covers")
        return period, [periods.index(m) for m in wanted]
    if re.fullmatch(r"\d{4}-\d{2}", period):
        if table.resolution == "year":
            raise ParameterError(f"the recorded crime is annual: the period must be a year, not {period}")
        if period not in periods:
            raise ParameterError(f"no month {period} in the recorded crime ({periods[0]} to {periods[-1]})")
        return period, [periods.index(period)]
    raise ParameterError(f"period {period!r} is not a year (YYYY) or a month (YYYY-MM)")


def period_change(table: RecordedCrimeTable, label: str, columns: list[int]) -> PeriodChange | None:
    """An annual table's year against the year before; a monthly table's twelve months to the
    period's end against the twelve before (months without data left out of both, with their
    partner). None when the table does not reach back."""
    totals = table.counts[table.counted].sum(axis=0)
    if table.resolution == "month":
        end = columns[-1]
        series = monthly_series(table.periods[:end + 1], [int(n) for n in totals[:end + 1]],
                                without_data=absent_months(table))
        yoy = year_on_year(series)
        if yoy is None:
            return None
        return PeriodChange(f"{yoy.current_months[0]} to {yoy.current_months[1]}",
                            f"{yoy.previous_months[0]} to {yoy.previous_months[1]}", yoy.current, yoy.previous,
                            yoy.change, yoy.percent_change, yoy.test, yoy.left_out)
    if columns[0] == 0:
        return None
    current, previous = int(totals[columns[0]]), int(totals[columns[0] - 1])
    return PeriodChange(label, table.periods[columns[0] - 1], current, previous, current - previous,
                        (current - previous) / previous * 100 if previous else None, e_test(current, previous))


def crimes_table(table: RecordedCrimeTable, columns: Sequence[int]):
    """A DuckDB connection holding a ``crimes`` table with one row per recorded crime of the
    period (``lsoa_code``, ``lsoa_name``, ``is_asb``, ``crime_type``), so that the areas are counted
    by :func:`saferplaces.evidence.areas.count_by_area`, the same code as police.uk data."""
    counts = table.counts[:, list(columns)].sum(axis=1)
    con = duckdb.connect()
    con.execute("CREATE TABLE counts (lsoa_code VARCHAR, lsoa_name VARCHAR, crime_type VARCHAR, n BIGINT)")
    con.executemany("INSERT INTO counts VALUES (?, ?, ?, ?)", [
        (code, name, category, int(n))
        for code, name, category, n, counted in zip(table.lsoa_codes, table.lsoa_names, table.categories, counts,
                                                    table.counted, strict=True) if counted])
    con.execute("CREATE TABLE crimes AS SELECT lsoa_code, lsoa_name, false AS is_asb, crime_type "
                "FROM (SELECT *, unnest(range(n)) FROM counts)")
    return con


def vli_crime_counts(table: RecordedCrimeTable, columns: Sequence[int]) -> dict[str, dict[str, int]]:
    """LSOA → {police.uk crime type: count} for the VLI's crime indicators (burglary, criminal
    damage) over the period's columns; other categories are not needed and left out."""
    out: dict[str, dict[str, int]] = {}
    counts = table.counts[:, list(columns)].sum(axis=1)
    for code, category, n in zip(table.lsoa_codes, table.categories, counts, strict=True):
        crime_type = POLICE_UK_TYPES.get(category.split(" / ")[0].lower())
        if crime_type:
            per_type = out.setdefault(code, {})
            per_type[crime_type] = per_type.get(crime_type, 0) + int(n)
    return out


def vli_crime_input(table: RecordedCrimeTable, period: str | None,
                    default_year: str | None = None) -> tuple[dict[str, dict[str, int]], str]:
    """The VLI's crime input from a recorded-crime table, and the note that says what stands in for
    what: LSOA → {police.uk crime type: count} over ``period`` (by default ``default_year`` when the
    table has it, else the table's latest year)."""
    if period is None and default_year is not None:
        has_year = default_year in table.periods if table.resolution == "year" else all(
            m in table.periods for m in months_between(f"{default_year}-01", f"{default_year}-12"))
        period = default_year if has_year else None
    label, columns = period_columns(table, period)
    note = (f"recorded crime ({table.source}, {label}): the MPS categories burglary (includes businesses) and arson "
            "and criminal damage stand in for burglary and criminal damage to dwellings")
    return vli_crime_counts(table, columns), note
