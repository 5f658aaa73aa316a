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

Every import also takes, without code of its own: Excel workbooks (``read_table``: the first sheet
or a chosen one, read as the same rows a CSV gives), a column mapping (``Table.mapping``: the file's
column → the import's column, saved per source as ``core.models.ColumnMapping``), a date format for
the file (``Table.date_format``, used by ``parse_date`` while the import runs) and a dry run
(``with dry_run():`` the checker runs on every row, nothing is created, ``imported`` counts the rows
that would be). The service passes what it was given (text or a ``Table``) on to ``run_import``.
"""

from __future__ import annotations

import contextlib
import contextvars
import csv
import datetime as dt
import io
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, TypeVar

from django.db import transaction

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
MAX_ROWS = 10_000
#: Rows of the file kept in the result to show as mapped before anything is imported.
SAMPLE_ROWS = 10
#: Date formats a mapping may name for its source's files (besides the default ones).
DATE_FORMAT_CHOICES = {
    "": "YYYY-MM-DD or DD/MM/YYYY",
    "%d/%m/%Y": "DD/MM/YYYY",
    "%m/%d/%Y": "MM/DD/YYYY (American)",
    "%d-%m-%Y": "DD-MM-YYYY",
    "%d.%m.%Y": "DD.MM.YYYY",
    "%d/%m/%y": "DD/MM/YY",
    "%Y/%m/%d": "YYYY/MM/DD",
    "%d %b %Y": "DD Mon YYYY (12 Mar 2025)",
}

_date_format: contextvars.ContextVar[str] = contextvars.ContextVar("import_date_format", default="")
_dry_run: contextvars.ContextVar[bool] = contextvars.ContextVar("import_dry_run", default=False)

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
    #: True when this was a dry run: ``imported`` counts the rows that would have been imported.
    dry_run: bool = False
    #: The import's columns the file gives (after its mapping), and its first rows as the checker saw them.
    columns: list[str] = field(default_factory=list)
    sample: list[tuple[int, Row]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def decode(data: bytes) -> str:
    """The text of an uploaded file, which must be UTF-8 (a byte-order mark, as Excel writes, is dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("The file must be UTF-8 text (save it as CSV UTF-8)") from None


@dataclass
class Table:
    """Rows of an uploaded file: ``rows`` gives (line, values) with the header first, as ``csv_rows``
    and ``excel_rows`` read them; ``mapping`` (the file's column → the import's column), when set,
    renames the columns it names and leaves out the others; ``date_format`` reads the file's dates."""

    rows: Iterable[tuple[int, list[str]]]
    mapping: Mapping[str, str] | None = None
    date_format: str = ""


@contextlib.contextmanager
def dry_run() -> Iterator[None]:
    """Inside this block ``run_import`` checks every row and creates nothing."""
    token = _dry_run.set(True)
    try:
        yield
    finally:
        _dry_run.reset(token)


def csv_rows(source: str | IO[str]) -> Iterator[tuple[int, list[str]]]:
    """(line, values) for each non-blank line of CSV text or a text stream (read as it goes); a line
    that cannot be read as CSV ends the rows (``run_import`` reports it with its line)."""
    if isinstance(source, str):
        source = io.StringIO(source.removeprefix("\ufeff"), newline="")
    # newline="" lets the csv module see line breaks inside quoted values, as it expects.
    reader = csv.reader(source)
    ended = 0
    while True:
        line = ended + 1
        try:
            values = next(reader, None)
        except csv.Error as error:
            raise _Unreadable(line, f"the file cannot be read as CSV: {error}") from None
        ended = reader.line_num
        if values is None:
            return
        if values:
            yield line, values


def excel_rows(stream: IO[bytes], sheet: str = "") -> Iterator[tuple[int, list[str]]]:
    """(row number, values as text) for each non-blank row of an Excel workbook's first sheet, or the
    sheet named ``sheet``, read row by row. Dates become YYYY-MM-DD, whole numbers lose their ".0"."""
    workbook = _open_workbook(stream)
    try:
        if sheet and sheet not in workbook.sheetnames:
            raise ImportFileError(f"The workbook has no sheet named '{sheet}' "
                                  f"(its sheets: {', '.join(workbook.sheetnames)})")
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
            values = [_cell_text(cell) for cell in cells]
            while values and not values[-1]:
                values.pop()
            if values:
                yield number, values
    finally:
        workbook.close()


def _open_workbook(stream: IO[bytes]):
    import openpyxl  # only an Excel upload needs it (a few hundred milliseconds to import)
    try:
        return openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError("The file cannot be read as an Excel workbook (.xlsx)") from None


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def read_table(data: IO[bytes], *, filename: str, sheet: str = "", mapping: Mapping[str, str] | None = None,
               date_format: str = "") -> Table:
    """The rows of an uploaded CSV (UTF-8) or Excel (.xlsx) file, told apart by its name, read as
    they are used."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        rows: Iterable[tuple[int, list[str]]] = excel_rows(data, sheet)
    else:
        rows = csv_rows(io.TextIOWrapper(data, encoding="utf-8-sig", newline=""))
    return Table(rows=rows, mapping=mapping, date_format=date_format)


def header_of(table: Table) -> list[str]:
    """The first row of ``table`` (its column names), or [] for an empty or unreadable file."""
    try:
        for _line, values in table.rows:
            return [value.strip() for value in values]
    except (_Unreadable, UnicodeDecodeError):
        return []
    return []


class _Unreadable(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def run_import(text: str | Table, *, columns: Sequence[str], required: Collection[str],
               check: Callable[[int, Row], tuple[Clean, list[str]]], create: Callable[[Clean], object],
               max_rows: int = MAX_ROWS) -> ImportResult:
    """Check every row of the CSV ``text`` (or of a ``Table``); create them all in one transaction, or none.

    ``check(line, row)`` gets each row (values stripped, missing ones empty) with its line in the
    file and returns its clean value and its problems; ``create(clean)`` saves one clean value. The
    header is line 1; a file with more than ``max_rows`` rows is refused. In a ``dry_run()`` nothing
    is created.
    """
    table = text if isinstance(text, Table) else Table(rows=csv_rows(text))
    result = ImportResult(dry_run=_dry_run.get())
    checked: list[Clean] = []
    token = _date_format.set(table.date_format)
    try:
        _check_rows(table, columns, required, check, max_rows, result, checked)
    finally:
        _date_format.reset(token)
    if not checked and not result.rejected:
        result.rejected.append((1, "the file has no rows"))
    if result.rejected:
        result.rejected.sort(key=lambda item: item[0])  # stable: a row's problems stay in the checker's order
        return result
    if result.dry_run:
        result.imported = len(checked)
        return result
    with transaction.atomic():
        for clean in checked:
            create(clean)
            result.imported += 1
    return result


def _check_rows(table: Table, columns: Sequence[str], required: Collection[str],
                check: Callable[[int, Row], tuple[Clean, list[str]]], max_rows: int, result: ImportResult,
                checked: list[Clean]) -> None:
    for line, row in _rows(table, columns, required, max_rows):
        if isinstance(row, str):
            result.rejected.append((line, row))
            continue
        if not result.columns:
            result.columns = list(row)
        if len(result.sample) < SAMPLE_ROWS:
            result.sample.append((line, row))
        # PostgreSQL cannot store a NUL character in text; no real list holds one.
        result.rejected.extend((line, f"{name} holds a NUL character")
                               for name, value in row.items() if "\x00" in value)
        clean, problems = check(line, row)
        result.rejected.extend((line, problem) for problem in problems)
        checked.append(clean)


def _rows(table: Table, columns: Sequence[str], required: Collection[str],
          max_rows: int) -> Iterator[tuple[int, Row | str]]:
    """(line, row) for each row of ``table``, or (line, problem) where the file cannot be a table.

    Lines are those of the file, so they match a text editor and, for rows without line breaks inside
    quotes, the spreadsheet's row numbers; blank lines are skipped but counted. With a mapping, the
    file's columns it does not name are left out."""
    header: list[str] | None = None
    keep: list[int] = []
    count = 0
    try:
        for line, values in table.rows:
            if header is None:
                header, keep = _mapped_header([name.strip() for name in values], table.mapping)
                problems = _header_problems(header, columns, required)
                yield from ((line, problem) for problem in problems)
                if problems:
                    return
                continue
            count += 1
            if count > max_rows:
                yield line, f"more than {max_rows:,} rows: split the file"
                return
            if len(values) > len(keep) and table.mapping is None:
                yield line, "more values than columns"
                continue
            values = values + [""] * (max(keep, default=-1) + 1 - len(values))
            yield line, {name: values[index].strip() for name, index in zip(header, keep, strict=True)}
    except _Unreadable as error:
        yield error.line, str(error)
        return
    except UnicodeDecodeError:
        yield 1, "the file must be UTF-8 text (save it as CSV UTF-8)"
        return
    except ImportFileError as error:
        yield 1, str(error)
        return
    if header is None:
        yield 1, "the file is empty"


def _mapped_header(names: list[str], mapping: Mapping[str, str] | None) -> tuple[list[str], list[int]]:
    """The import's names of the file's columns, and the positions of the columns kept."""
    if mapping is None:
        return names, list(range(len(names)))
    kept = [(mapping[name], index) for index, name in enumerate(names) if mapping.get(name)]
    return [name for name, _ in kept], [index for _, index in kept]


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
    """The date ``text`` gives: YYYY-MM-DD, or DD/MM/YYYY, or, while an import whose mapping names the
    file's date format runs, YYYY-MM-DD or that format (and nothing else: 03/04/2025 is then not
    ambiguous)."""
    text = text.strip()
    extra = _date_format.get()
    formats = ("%Y-%m-%d", extra) if extra else DATE_FORMATS
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    wanted = f"YYYY-MM-DD or {DATE_FORMAT_CHOICES.get(extra, extra)}" if extra else "YYYY-MM-DD or DD/MM/YYYY"
    raise ValueError(f"'{text}' is not a date (use {wanted})")


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
