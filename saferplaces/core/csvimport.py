"""Checking CSV files before importing them: every problem found, with its line, and nothing saved
unless every row is good. Importers (victimisations, cohort memberships) build on these pieces."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass
class ImportResult:
    """``rejected`` lists (line, problem) for every bad row; when it is not empty nothing was saved."""

    imported: int = 0
    people_created: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def parse_date(text: str) -> dt.date:
    text = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)")


def read_table(text: str, columns: list[str], required: set[str], result: ImportResult,
               max_rows: int = 10_000) -> list[tuple[int, dict]]:
    """The rows of ``text`` with their line numbers (the header is line 1); header problems and
    ragged rows go to ``result.rejected``."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = required - set(header)
    if missing:
        result.rejected.append((1, f"missing columns: {', '.join(sorted(missing))}"))
        return []
    unknown = set(header) - set(columns)
    if unknown:
        result.rejected.append((1, f"unknown columns: {', '.join(sorted(unknown))}"))
        return []
    reader.fieldnames = header
    rows = []
    for line, row in enumerate(reader, start=2):
        if line - 1 > max_rows:
            result.rejected.append((line, f"more than {max_rows} rows: split the file"))
            break
        if None in row:
            result.rejected.append((line, "more values than columns"))
            continue
        rows.append((line, {key: (value or "").strip() for key, value in row.items()}))
    if not rows and not result.rejected:
        result.rejected.append((1, "the file has no rows"))
    return rows


def dates(row: dict, names: dict[str, bool], problems: list[str]) -> dict:
    """Parse the date columns ``names`` (name → required) of ``row``; problems are appended."""
    parsed = {}
    for name, needed in names.items():
        text = row.get(name, "")
        parsed[name] = None
        if not text:
            if needed:
                problems.append(f"{name} is empty")
            continue
        try:
            parsed[name] = parse_date(text)
        except ValueError as error:
            problems.append(f"{name}: {error}")
    return parsed
