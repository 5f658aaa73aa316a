"""Which column of a partner file holds which field: the engine's names, or the partner's own.

Partners export under their own headers ("First Name", "Date of Birth", "Case Ref"). A column map
says, for a field, which header(s) hold it; a field may be given several headers (one per partner),
and each file uses the one it has. Headers are matched ignoring case and surrounding spaces. A file
without a ``source`` column takes its source from its file name (``police.csv`` → ``police``).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

from saferplaces.evidence.errors import InputError, ParameterError
from saferplaces.evidence.textfiles import open_text

#: fields a record file must hold (``source`` may come from the file name instead)
REQUIRED = ("record_id", "forename", "surname")
#: fields blank when a file lacks them
OPTIONAL = ("dob", "postcode", "address", "sex", "pnc_id", "nhs_number", "crn")
FIELDS = ("source", *REQUIRED, *OPTIONAL)

ColumnMap = Mapping[str, str | Sequence[str]]


def _key(header: str) -> str:
    return str(header).strip().lower()


def normalise_map(columns: ColumnMap | None) -> dict[str, tuple[str, ...]]:
    """Field → the headers (lower case) that may hold it; an unknown field or a header given to two
    fields is an error."""
    out: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for field, headers in (columns or {}).items():
        name = _key(field)
        if name not in FIELDS:
            raise ParameterError(f"column map: {field!r} is not a field of a record file; the fields are "
                                 + ", ".join(FIELDS))
        listed = (headers,) if isinstance(headers, str) else tuple(headers)
        for header in listed:
            if not _key(header):
                raise ParameterError(f"column map: the column for {name} is blank")
            if owner.setdefault(_key(header), name) != name:
                raise ParameterError(f"column map: column {header!r} is given to both {owner[_key(header)]} "
                                     f"and {name}")
        out[name] = out.get(name, ()) + tuple(_key(h) for h in listed)
    return out


def read_column_map(path: str | Path) -> dict[str, tuple[str, ...]]:
    """A column map file: a CSV with columns ``field`` and ``column``, one row per header (a field
    may have several rows, one per partner's header)."""
    rows = list(csv.reader(open_text(path)))
    if not rows or [_key(h) for h in rows[0][:2]] != ["field", "column"]:
        raise InputError(f"column map {path}: the first line must be the header field,column")
    pairs: dict[str, list[str]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise InputError(f"column map {path} line {number}: give a field and a column")
        pairs.setdefault(row[0].strip(), []).append(row[1].strip())
    try:
        return normalise_map(pairs)
    except ParameterError as error:
        raise InputError(f"{path}: {error}") from None


def rename_columns(headers: Sequence[str], file: str, columns: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Original header → field for one file; a required field with no column is an error naming the
    file's headers."""
    present = {_key(h): h for h in headers}
    chosen: dict[str, str] = {}
    for field in FIELDS:
        mapped = [h for h in columns.get(field, ()) if h in present]
        if len(mapped) > 1:
            raise InputError(f"{file}: columns {', '.join(repr(present[h]) for h in mapped)} could each be "
                             f"the {field}; the column map should give one of them")
        if mapped:
            chosen[present[mapped[0]]] = field
        elif field in present and present[field] not in chosen:
            chosen[present[field]] = field
    missing = [f for f in REQUIRED if f not in chosen.values()]
    if missing:
        raise InputError(f"{file}: no column for {', '.join(missing)} (record files need record_id, forename and "
                         f"surname; its columns are {', '.join(repr(h) for h in headers)}); if the file names "
                         "them otherwise, give a column map (field=column)")
    return chosen


def unused_headers(columns: Mapping[str, tuple[str, ...]], seen: set[str]) -> list[str]:
    """Mapped headers found in none of the files (usually a typing error in the map)."""
    return [f"{h!r} ({field})" for field, headers in columns.items() for h in headers if h not in seen]


def source_from_name(path: Path) -> str:
    """``police.csv`` and ``police.csv.gz`` → ``police``."""
    name = path.name
    for suffix in (".gz", ".csv", ".txt", ".tsv"):
        name = name.removesuffix(suffix)
    return name or path.name
