"""Dates of birth as partner files write them: ``yyyy-mm-dd``, ``dd/mm/yyyy``, ``d/m/yyyy``, ``7 Mar 1984``.

Every date is rewritten as ``yyyy-mm-dd`` text, the form the model compares (:mod:`.model`). The
format is read per value, and the day-first reading of slashed dates is checked per file:

* ``yyyy-mm-dd`` (or ``/`` or ``.`` between the parts) is year, month, day.
* ``dd/mm/yyyy`` and ``d/m/yyyy`` (or ``-`` or ``.``) are day first, the UK convention. A file is
  refused as month first (``mm/dd/yyyy``, the US order, which reads every date wrongly) when more of
  its dates can only be read month first (second part over 12) than can only be read day first
  (first part over 12). A few values of the first kind in a day-first file are dates keyed with day
  and month swapped: they are kept as impossible dates (below), and the model's "day and month
  transposed" level finds them.
* ``7 Mar 1984`` and ``07-Mar-1984`` (Excel's ``d-mmm-yyyy``): month by its English name.
* A time of exactly midnight after any of these (``1984-03-07 00:00:00``, as spreadsheets export a
  date) is ignored.

Anything else (a two-digit year, which cannot tell 1920 from 2020; words; a spreadsheet serial
number) refuses the file, with its lines.

**Impossible dates** (29 February in a year that is not leap, 31 April, a month of 13, a date after
today) are keying errors, common in partner data. The record is kept and its date is compared as
written, by its parts: the model's levels hold for it as for any date (exact agreement of two copies of
one keying error is strong evidence; one mistyped character from the true date is the "one character
different" level; a swapped day and month the "transposed" level), whereas treating it as unknown
would throw away a date that is usually one keystroke from the truth, and leave the pair only the
name and place (household members alike) to go on. Each is listed (:class:`QualityNote`). Measured
on files from the independent generator (``bench/partner_files.py``, error model ``dates``, 4,000
records, seeds 1 and 2): of the true pairs involving a record with an impossible date, 88% and 90%
were linked when the date is compared as written against 76% and 76% when it is treated as unknown,
with 1 and 10 false pairs involving such records against 21 and 17.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: at most this many example lines in one message about a file
MAX_EXAMPLES = 10

_MIDNIGHT = r"(?:[ T]00:00(?::00(?:\.0+)?)?)?"
_YEAR_FIRST = r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})" + _MIDNIGHT
_DAY_FIRST = r"(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>\d{4})" + _MIDNIGHT
_MONTH_NAME = r"(?P<d>\d{1,2})[- ](?P<mon>[A-Za-z]{3,9})\.?[- ,]+(?P<y>\d{4})" + _MIDNIGHT
_TWO_DIGIT_YEAR = r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2}" + _MIDNIGHT
_MONTHS = {name: i + 1 for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"))}
_MONTHS |= {name[:3]: number for name, number in _MONTHS.items()} | {"sept": 9}

#: what the model does with an impossible date (the quality section's "action")
KEPT = "record kept; date compared as written"


@dataclass(frozen=True)
class QualityNote:
    """A value the linkage used other than as given, or a field a file lacks.

    Attributes
    ----------
    file : str
        The record file (``records`` for records not read from a file).
    line : int, optional
        Its line (the header is line 1); ``None`` for a note about the whole file.
    column : str
        The field (``dob``).
    value : str
        The value as written (blank for a note about the whole file).
    problem : str
        What is wrong with it.
    action : str
        What the linkage did.
    """

    file: str
    line: int | None
    column: str
    value: str
    problem: str
    action: str


@dataclass(frozen=True)
class DateReading:
    """The dates of one set of records read: ``dob`` as ``yyyy-mm-dd`` text (``<NA>`` when blank),
    the problems that refuse a file, and the notes about dates kept but not real."""

    dob: pd.Series
    problems: list[tuple[str, int, str]]
    notes: list[QualityNote]


def read_dates(frame: pd.DataFrame, today: dt.date | None = None) -> DateReading:
    """Read the ``dob`` column of records (with ``_file`` and ``_line``), file by file.

    ``problems`` are ``(file, line, message)``; ``line`` is the first line concerned, for ordering.
    """
    today = today or dt.date.today()
    text = frame["dob"].astype("string").str.strip()
    text = text.mask(text == "")
    out = pd.Series(pd.NA, index=frame.index, dtype="string")
    problems: list[tuple[str, int, str]] = []
    notes: list[QualityNote] = []
    for file, rows in frame.groupby("_file", sort=False).groups.items():
        values = text.loc[rows].dropna()
        if values.empty:
            continue
        lines = frame.loc[values.index, "_line"]
        year, month, day, refused = _parts(str(file), values, lines)
        problems += refused
        if refused:
            continue
        canonical = year.str.zfill(4) + "-" + month.str.zfill(2) + "-" + day.str.zfill(2)
        out.loc[values.index] = canonical
        parsed = pd.to_datetime(canonical, format="%Y-%m-%d", errors="coerce")
        impossible = parsed.isna() | (parsed > pd.Timestamp(today))
        for index in np.flatnonzero(impossible.to_numpy()):
            problem = ("after today" if not pd.isna(parsed.iloc[index])
                       else "not a calendar date")
            notes.append(QualityNote(str(file), int(lines.iloc[index]), "dob", str(values.iloc[index]),
                                     f"date of birth {canonical.iloc[index]} is {problem}", KEPT))
    return DateReading(out, problems, notes)


def _parts(file: str, values: pd.Series, lines: pd.Series):
    """Year, month and day text of each value, and the problems that refuse the file."""
    year_first = values.str.extract(f"^{_YEAR_FIRST}$")
    day_first = values.str.extract(f"^{_DAY_FIRST}$")
    named = values.str.extract(f"^{_MONTH_NAME}$")
    month_number = named["mon"].str.lower().map(_MONTHS)
    named_ok = named["y"].notna() & month_number.notna()
    is_day_first = day_first["y"].notna()
    unknown = year_first["y"].isna() & ~is_day_first & ~named_ok
    problems = []
    if unknown.any():
        two_digit = values[unknown].str.fullmatch(_TWO_DIGIT_YEAR)
        examples = ", ".join(f"line {n} {v!r}" for n, v in zip(lines[unknown].head(MAX_EXAMPLES),
                                                               values[unknown].head(MAX_EXAMPLES), strict=True))
        why = ("with a two-digit year (1920 or 2020?)" if two_digit.all()
               else "in no format read here")
        problems.append((file, int(lines[unknown].iloc[0]),
                         f"{file}: {int(unknown.sum())} date(s) of birth {why}: {examples}; write dates of birth "
                         "as dd/mm/yyyy, d/m/yyyy or yyyy-mm-dd"))
    first = pd.to_numeric(day_first["a"])
    second = pd.to_numeric(day_first["b"])
    only_month_first = is_day_first & (second > 12) & (first <= 12)
    only_day_first = is_day_first & (first > 12) & (second <= 12)
    if only_month_first.sum() > only_day_first.sum():
        examples = ", ".join(f"line {n} {v!r}" for n, v in zip(lines[only_month_first].head(MAX_EXAMPLES),
                                                               values[only_month_first].head(MAX_EXAMPLES),
                                                               strict=True))
        problems.append((file, int(lines[only_month_first].iloc[0]),
                         f"{file}: the dates of birth look month first (mm/dd/yyyy): "
                         f"{int(only_month_first.sum())} can only be read that way ({examples}) and "
                         f"{int(only_day_first.sum())} only day first; write them dd/mm/yyyy or yyyy-mm-dd"))
    year = year_first["y"].fillna(day_first["y"]).fillna(named["y"]).astype("string")
    month = year_first["m"].fillna(day_first["b"]).fillna(month_number.astype("Int64").astype("string"))
    day = year_first["d"].fillna(day_first["a"]).fillna(named["d"])
    return year, month.astype("string"), day.astype("string"), problems
