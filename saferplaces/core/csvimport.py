"""The one CSV importer: every bulk import of records goes through ``run_import``.

An import is all or nothing. ``run_import`` reads the file (UTF-8 text, a byte-order mark allowed),
checks its header against the columns the import accepts, then hands every row to the domain's
*row checker*. Every problem of every row is collected with the row's line in the file; if there is
any, nothing is saved and the caller shows them all. Only when every row is good does it hand the
checked values to the domain's *row creator*, all inside one transaction.

To add an import (a register, a list of services, ...):

* in the domain's ``services.py``, name its columns (``IMPORT_COLUMNS``, ``REQUIRED_COLUMNS``) and
  write a checker ``check(line, row) -> (clean, problems)`` and a creator ``create(clean)``; a small
  class holding the state they share (records already held, ``Duplicates``, ``people.services.ImportPeople``)
  keeps them together. Problems are short sentences naming the column, e.g. ``"kind is empty"``;
  ``dates`` parses date columns the same way for every import;
* the service entry point ``records_import(*, actor, text)`` checks the actor's permission, then
  calls ``run_import`` (inside ``acting_as(actor)`` so the audit names who made the records);
* the view checks the permission as the service does and returns ``core.importpage.import_page``
  with the page's title and column help: the upload form, the table of rejected rows and the
  message saying what was imported are the same for every import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Collection, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import transaction

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
MAX_ROWS = 10_000

Clean = TypeVar("Clean")
Row = dict[str, str]


class ImportFileError(ValueError):
    """A file that cannot be read at all; the message says what to do."""


@dataclass
class ImportResult:
    """``rejected`` lists (line, problem) for every bad row, in line order; when it is not empty
    nothing was saved. ``people_created`` stays None for imports that never record people."""

    imported: int = 0
    people_created: int | None = None
    rejected: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def decode(data: bytes) -> str:
    """The text of an uploaded file, which must be UTF-8 (a byte-order mark, as Excel writes, is dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("The file must be UTF-8 text (save it as CSV UTF-8)") from None


def run_import(text: str, *, columns: Sequence[str], required: Collection[str],
               check: Callable[[int, Row], tuple[Clean, list[str]]], create: Callable[[Clean], object],
               max_rows: int = MAX_ROWS) -> ImportResult:
    """Check every row of the CSV ``text``; create them all in one transaction, or none.

    ``check(line, row)`` gets each row (values stripped, missing ones empty) with its line in the
    file and returns its clean value and its problems; ``create(clean)`` saves one clean value. The
    header is line 1; a file with more than ``max_rows`` rows is refused.
    """
    result = ImportResult()
    checked: list[Clean] = []
    for line, row in _rows(text, columns, required, max_rows):
        if isinstance(row, str):
            result.rejected.append((line, row))
            continue
        # PostgreSQL cannot store a NUL character in text; no real list holds one.
        result.rejected.extend((line, f"{name} holds a NUL character")
                               for name, value in row.items() if "\x00" in value)
        clean, problems = check(line, row)
        result.rejected.extend((line, problem) for problem in problems)
        checked.append(clean)
    if not checked and not result.rejected:
        result.rejected.append((1, "the file has no rows"))
    if result.rejected:
        result.rejected.sort(key=lambda item: item[0])  # stable: a row's problems stay in the checker's order
        return result
    with transaction.atomic():
        for clean in checked:
            create(clean)
            result.imported += 1
    return result


def _rows(text: str, columns: Sequence[str], required: Collection[str],
          max_rows: int) -> Iterator[tuple[int, Row | str]]:
    """(line, row) for each row of ``text``, or (line, problem) where the file cannot be a table.

    Lines are those of the file, so they match a text editor and, for rows without line breaks inside
    quotes, the spreadsheet's row numbers; blank lines are skipped but counted."""
    # newline="" lets the csv module see line breaks inside quoted values, as it expects.
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header: list[str] | None = None
    count = ended = 0
    while True:
        line = ended + 1
        try:
            values = next(reader, None)
        except csv.Error as error:
            yield line, f"the file cannot be read as CSV: {error}"
            return
        ended = reader.line_num
        if values is None:
            break
        if not values:
            continue
        if header is None:
            header = [name.strip() for name in values]
            problems = _header_problems(header, columns, required)
            yield from ((line, problem) for problem in problems)
            if problems:
                return
            continue
        count += 1
        if count > max_rows:
            yield line, f"more than {max_rows} rows: split the file"
            return
        if len(values) > len(header):
            yield line, "more values than columns"
            continue
        values += [""] * (len(header) - len(values))
        yield line, {name: value.strip() for name, value in zip(header, values, strict=True)}
    if header is None:
        yield 1, "the file is empty"


def _header_problems(header: list[str], columns: Sequence[str], required: Collection[str]) -> list[str]:
    problems = []
    missing = set(required) - set(header)
    if missing:
        problems.append(f"missing columns: {', '.join(sorted(missing))}")
    if "" in header:
        problems.append("a column in the first row has no name")
    unknown = set(header) - set(columns) - {""}
    if unknown:
        problems.append(f"unknown columns: {', '.join(sorted(unknown))}")
    repeated = {name for name in header if name and header.count(name) > 1}
    if repeated:
        problems.append(f"repeated columns: {', '.join(sorted(repeated))}")
    return problems


class Duplicates:
    """Rows that repeat a record already held, or an earlier row of the same file."""

    def __init__(self, existing: Collection[Hashable]):
        self.existing = existing
        self.seen: dict[Hashable, int] = {}

    def problem(self, key: Hashable, line: int, what: str) -> str | None:
        """The problem with the row at ``line`` whose record is ``key`` (described as ``what``), if any."""
        first = self.seen.setdefault(key, line)
        if key in self.existing:
            return f"{what} is already recorded"
        if first != line:
            return f"{what} repeats line {first}"
        return None


def parse_date(text: str) -> dt.date:
    text = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)")


def dates(row: Row, names: dict[str, bool], problems: list[str]) -> dict[str, dt.date | None]:
    """Parse the date columns ``names`` (name → required) of ``row``; problems are appended."""
    parsed: dict[str, dt.date | None] = {}
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
