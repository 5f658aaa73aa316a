"""The canonical events table: one row per crime or incident with an exact place and date.

Near-repeat and hot-spot analyses need partner data (a force crime extract, ASB case records) rather
than police.uk files, whose dates are month-only and whose points are snapped. This module reads
such an extract from CSV and validates every row.

Columns (names are case-insensitive):

``id``
    unique within the file.
``date``
    ``YYYY-MM-DD``, or a date and time (``YYYY-MM-DDTHH:MM[:SS]`` or with a space), or ``YYYY-MM``
    for month-only data. The coarsest resolution present is the table's resolution.
``x``, ``y``
    British National Grid easting and northing in metres; or ``longitude``, ``latitude`` (WGS84),
    converted to the National Grid.
``crime_type``
    optional.
``force``
    optional: who supplied the row (police.uk's "Reported by"). With month-only dates, a month one
    force has no rows for, between months it has, is a month without data for the whole file
    (:mod:`saferplaces.evidence.coverage`).

Any other column is ignored.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import numpy as np

from saferplaces.evidence.errors import InputError
from saferplaces.evidence.textfiles import open_text

RESOLUTIONS = ("datetime", "day", "month")  # finest first
_EPOCH = dt.date(1970, 1, 1)
_SHOWN_REJECTS = 20


@dataclass(frozen=True)
class RejectedRow:
    line: int  # line number in the file, the header being line 1
    reason: str


@dataclass(frozen=True)
class Events:
    """Validated events, as parallel arrays.

    Attributes
    ----------
    ids : numpy.ndarray of str
    day : numpy.ndarray of int64
        Days since 1970-01-01 (for month-resolution data, the first day of the month).
    minute : numpy.ndarray of int64
        Minutes since 1970-01-01 00:00 (midnight of ``day`` where no time was given).
    x, y : numpy.ndarray of float64
        British National Grid easting and northing in metres.
    crime_type : numpy.ndarray of str
        Empty strings where the file has no crime type.
    resolution : str
        ``"datetime"``, ``"day"`` or ``"month"``: the coarsest date resolution in the file.
    rejected : tuple of RejectedRow
        Rows left out (only when the caller allowed it).
    force : numpy.ndarray of str, optional
        Who supplied each event, when the file says (column ``force``); None otherwise.
    """

    ids: np.ndarray
    day: np.ndarray
    minute: np.ndarray
    x: np.ndarray
    y: np.ndarray
    crime_type: np.ndarray
    resolution: str
    rejected: tuple[RejectedRow, ...] = field(default=())
    force: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def dates(self) -> list[dt.date]:
        return [date_of(d) for d in self.day]

    def months(self) -> np.ndarray:
        """Calendar month of each event, numbered from January 1970 (as :func:`month_number`)."""
        return self.day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)

    def subset(self, mask: np.ndarray) -> Events:
        """The events where ``mask`` is true (same resolution; rejections kept)."""
        return Events(self.ids[mask], self.day[mask], self.minute[mask], self.x[mask], self.y[mask],
                      self.crime_type[mask], self.resolution, self.rejected,
                      None if self.force is None else self.force[mask])


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01: the numbering of ``Events.day``."""
    return (day - _EPOCH).days


def date_of(day: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(day))


def month_number(day: dt.date) -> int:
    """Months since January 1970: the numbering of ``Events.months()``."""
    return (day.year - 1970) * 12 + day.month - 1


def events_from_arrays(ids, dates, x, y, crime_type=None) -> Events:
    """Events built in memory (tests, synthetic data): ``dates`` are ``datetime.date`` objects."""
    day = np.array([day_number(d) for d in dates], dtype=np.int64)
    n = len(day)
    types = np.asarray(crime_type if crime_type is not None else [""] * n, dtype=object)
    return Events(np.asarray([str(i) for i in ids], dtype=object), day, day * 1440,
                  np.asarray(x, dtype=float), np.asarray(y, dtype=float), types, "day")


def _parse_date(text: str) -> tuple[str, int, int]:
    """(resolution, day, minute) of one date cell; ValueError with a reason."""
    text = text.strip()
    if len(text) == 7:
        month = dt.datetime.strptime(text, "%Y-%m").date()
        day = day_number(month)
        return "month", day, day * 1440
    if len(text) == 10:
        day = day_number(dt.date.fromisoformat(text))
        return "day", day, day * 1440
    stamp = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    if stamp.tzinfo is not None:  # wall-clock time where it happened: drop the offset, keep the reading
        stamp = stamp.replace(tzinfo=None)
    day = day_number(stamp.date())
    return "datetime", day, day * 1440 + stamp.hour * 60 + stamp.minute


def _number(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} {text!r} is not a finite number")
    return value


@dataclass(frozen=True)
class _Layout:
    """Where each column is in a file's rows."""

    fields: int  # in the header: a row with fewer is refused
    id: int
    date: int
    first: int  # x or longitude
    second: int  # y or latitude
    names: tuple[str, str]  # ("x", "y") or ("longitude", "latitude")
    crime_type: int | None
    force: int | None

    @property
    def lonlat(self) -> bool:
        return self.names[0] == "longitude"


def _layout(header: list[str], path: Path) -> _Layout:
    names = {name.strip().lower().lstrip("\ufeff"): i for i, name in enumerate(header)}
    missing = [c for c in ("id", "date") if c not in names]
    has_xy = "x" in names and "y" in names
    has_lonlat = "longitude" in names and "latitude" in names
    if not (has_xy or has_lonlat):
        missing.append("x and y (metres) or longitude and latitude")
    if missing:
        raise InputError(f"{path}: missing column(s): {', '.join(missing)} (found: {', '.join(header)})")
    a, b = ("x", "y") if has_xy else ("longitude", "latitude")
    return _Layout(len(header), names["id"], names["date"], names[a], names[b], (a, b),
                   names.get("crime_type", names.get("crime type")), names.get("force", names.get("reported by")))


class _Read(NamedTuple):
    """The valid rows' columns, as lists, and the rows left out."""

    ids: list[str]
    days: list[int]
    minutes: list[int]
    xs: list[float]
    ys: list[float]
    types: list[str]
    forces: list[str]
    resolutions: set[str]
    rejected: list[RejectedRow]


def _clean_columns(rows: list[list[str]], layout: _Layout) -> _Read | None:
    """The columns of a file whose every row is valid, read a column at a time; None if any row is
    not (blank or short rows included), for :func:`_validated_rows` to find and name.

    The rules are :func:`_validated_rows`'s (:func:`_parse_date`, and :func:`_number`'s ``float``
    and finiteness test), applied a column at a time, each distinct date once.
    """
    def column(index: int | None) -> list[str]:
        return list(map(str.strip, map(itemgetter(index), rows))) if index is not None else [""] * len(rows)

    if not rows or min(map(len, rows)) < layout.fields:
        return None
    ids = column(layout.id)
    if "" in ids or len(set(ids)) != len(ids):
        return None
    date_cells = list(map(itemgetter(layout.date), rows))
    try:
        parsed = {text: _parse_date(text) for text in set(date_cells)}
        xs = list(map(float, map(itemgetter(layout.first), rows)))
        ys = list(map(float, map(itemgetter(layout.second), rows)))
    except ValueError:
        return None
    if not (all(map(math.isfinite, xs)) and all(map(math.isfinite, ys))):
        return None
    if layout.lonlat and not all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in zip(xs, ys, strict=True)):
        return None
    dates = list(map(parsed.__getitem__, date_cells))
    return _Read(ids, [d[1] for d in dates], [d[2] for d in dates], xs, ys, column(layout.crime_type),
                 column(layout.force), {resolution for resolution, _, _ in parsed.values()}, [])


def _validated_rows(rows: list[list[str]], layout: _Layout) -> _Read:
    """Every row checked in turn: the valid ones' columns, and each invalid row with its reason."""
    a, b = layout.names
    iid, idate, ia, ib, itype, iforce = (layout.id, layout.date, layout.first, layout.second, layout.crime_type,
                                         layout.force)
    ids, days, minutes, xs, ys, types, forces, resolutions = [], [], [], [], [], [], [], set()
    rejected: list[RejectedRow] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            if len(row) < layout.fields:
                raise ValueError(f"{len(row)} fields where the header has {layout.fields}")
            ident = row[iid].strip()
            if not ident:
                raise ValueError("blank id")
            if ident in seen:
                raise ValueError(f"id {ident!r} already used on line {seen[ident]}")
            if not row[idate].strip():
                raise ValueError("blank date")
            try:
                resolution, day, minute = _parse_date(row[idate])
            except ValueError:
                raise ValueError(f"date {row[idate]!r} is not YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM") from None
            if not row[ia].strip() or not row[ib].strip():
                raise ValueError(f"blank {a} or {b}")
            first, second = _number(row[ia], a), _number(row[ib], b)
            if layout.lonlat and not (-180 <= first <= 180 and -90 <= second <= 90):
                raise ValueError(f"longitude/latitude {first}, {second} out of range")
        except ValueError as exc:
            rejected.append(RejectedRow(line, str(exc)))
            continue
        seen[ident] = line
        ids.append(ident)
        days.append(day)
        minutes.append(minute)
        xs.append(first)
        ys.append(second)
        types.append(row[itype].strip() if itype is not None else "")
        forces.append(row[iforce].strip() if iforce is not None else "")
        resolutions.add(resolution)
    return _Read(ids, days, minutes, xs, ys, types, forces, resolutions, rejected)


def load_events(path: str | Path, *, allow_rejects: bool = False) -> Events:
    """Read and validate an events CSV.

    Every invalid row is reported with its line and reason. Unless ``allow_rejects`` is true, any
    invalid row makes the whole file fail (an ``InputError`` listing them), so an analysis never
    runs on part of a file by accident.
    """
    path = Path(path)
    with open_text(path) as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise InputError(f"{path}: the file is empty")
        layout = _layout(header, path)
        rows = list(reader)

    # Most files are clean: read them column by column, and go row by row (to say which rows are
    # wrong and why) only when a column fails.
    read = _clean_columns(rows, layout) or _validated_rows(rows, layout)
    ids, days, minutes, xs, ys, types, forces, resolutions, rejected = read
    if rejected and not allow_rejects:
        shown = "\n".join(f"  line {r.line}: {r.reason}" for r in rejected[:_SHOWN_REJECTS])
        more = f"\n  … and {len(rejected) - _SHOWN_REJECTS} more" if len(rejected) > _SHOWN_REJECTS else ""
        raise InputError(f"{path}: {len(rejected)} invalid row(s); nothing was analysed:\n{shown}{more}")
    if not ids:
        raise InputError(f"{path}: no events")
    x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    if layout.lonlat:
        # Imported here: pyproj takes 0.1 s or more to import, and files in metres never need it.
        from saferplaces.evidence.geography import to_bng

        x, y = to_bng(x, y)
    resolution = max(resolutions, key=RESOLUTIONS.index)
    return Events(np.asarray(ids, dtype=object), np.asarray(days, dtype=np.int64),
                  np.asarray(minutes, dtype=np.int64), x, y, np.asarray(types, dtype=object),
                  resolution, tuple(rejected), np.asarray(forces, dtype=object) if layout.force is not None else None)
