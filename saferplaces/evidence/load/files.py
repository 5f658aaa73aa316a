"""Finding police.uk files in folders and zips, and telling their kinds apart by their headers."""

from __future__ import annotations

import csv
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from saferplaces.evidence.errors import InputError
from saferplaces.evidence.load.forces import force_in_path
from saferplaces.evidence.textfiles import first_line, utf8_copy

STREET_HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
]
OUTCOMES_HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Outcome type",
]
STOP_SEARCH_MARKERS = {"Type", "Date", "Object of search", "Outcome"}
#: The columns that mark the API's crimes-street records saved one row per crime (the "flat" CSV):
#: every one of these, and the record's API id as ``id`` or ``api_id``.
API_CSV_MARKERS = {"month", "category", "location_type", "latitude", "longitude"}
API_ID_COLUMNS = ("api_id", "id")
# police.uk names each monthly street-level file YYYY-MM-<force>-street.csv (other files, such as an
# API extract named for its first month, may hold several months).
_NAMED_MONTH = re.compile(r"^(\d{4}-\d{2})-.*street\.csv(\.gz)?$", re.IGNORECASE)


@dataclass(frozen=True)
class SourceFile:
    path: Path  # where the engine reads it (extracted from a zip when needed)
    name: str  # how reports name it: the file, or "archive.zip:member"
    kind: str  # "street", "outcomes", "stop_search", "api_json" or "api_csv"
    header: tuple[str, ...] = ()  # a CSV's columns as read from its first line
    named_month: str | None = None  # the YYYY-MM a police.uk file name starts with
    named_force: str | None = None  # a force whose police.uk identifier is in the file or folder name
    copies: Path | None = None  # where a decoded copy goes (its own folder: two files may share a name)

    def decoded(self) -> SourceFile:
        """This file as DuckDB can read it: plain UTF-8 (a decoded copy when it is Windows-1252), or an
        error naming the file and line when it is neither (see :mod:`saferplaces.evidence.textfiles`)."""
        if self.copies is None:
            return self
        self.copies.mkdir(parents=True, exist_ok=True)
        return replace(self, path=utf8_copy(self.path, self.copies), copies=None)


#: Words of DuckDB's error for bytes that are not UTF-8.
NOT_UTF8 = "Invalid unicode"


def is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def header_of(path: Path) -> list[str]:
    """A CSV's column names, from its first line only (the rest is neither read nor decoded)."""
    line = first_line(path)
    return [column.strip() for column in next(csv.reader([line]), [])] if line else []


def classify(path: Path, name: str) -> tuple[str, list[str]]:
    """The kind of a police.uk file, and its header (empty for JSON)."""
    lower = name.lower()
    if lower.endswith(".json") or lower.endswith(".json.gz"):
        return "api_json", []
    header = header_of(path)
    if header == STREET_HEADER:
        return "street", header
    if header == OUTCOMES_HEADER:
        return "outcomes", header
    if set(header) >= STOP_SEARCH_MARKERS:
        return "stop_search", header
    if set(header) >= API_CSV_MARKERS and any(column in header for column in API_ID_COLUMNS):
        return "api_csv", header
    if "Crime type" in header:
        missing = [column for column in STREET_HEADER if column not in header]
        raise InputError(f"{name} line 1: street-level header is missing {missing}")
    raise InputError(
        f"{name} line 1: not a police.uk street-level, outcomes or stop-and-search file "
        f"(header starts {header[:4]})"
    )


def _is_data_file(name: str) -> bool:
    lower = name.lower()
    return lower.endswith((".csv", ".csv.gz", ".json", ".json.gz"))


def _source(path: Path, name: str, copies: Path) -> SourceFile:
    kind, header = classify(path, name)
    base = Path(name.split(":")[-1]).name
    month = _NAMED_MONTH.match(base)
    source = SourceFile(path, name, kind, tuple(header), month.group(1) if month and kind == "street" else None,
                        force_in_path(name),
                        None if kind == "api_json" else copies)
    # DuckDB reads CSVs itself, UTF-8 only (with or without a byte-order mark): a gzipped file is
    # decompressed now; a Windows-1252 one is decoded when DuckDB finds it is not UTF-8, so that the
    # usual file is read once, by DuckDB, not first in Python too. Messages keep naming the original.
    return source.decoded() if source.copies is not None and is_gzip(path) else source


def discover(paths: list[str | Path], workdir: Path | None = None) -> list[SourceFile]:
    """Every police.uk file under ``paths`` (files, folders, zips), sorted by name, classified.

    Zip members are extracted into ``workdir`` (a temporary folder by default) so that DuckDB can
    read them, and CSVs that are gzipped, Windows-1252 or start with a byte-order mark are decoded
    there into UTF-8 copies; the names in reports keep the original file (and archive member).
    """
    found: list[tuple[Path, str]] = []
    workdir = Path(workdir or tempfile.mkdtemp(prefix="saferplaces-load-"))
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for candidate in candidates:
            if candidate.suffix.lower() == ".zip":
                # Each archive into its own folder: the same archive may be given twice.
                found.extend(_extract(candidate, workdir / f"zip-{len(found)}"))
            elif _is_data_file(candidate.name):
                found.append((candidate, str(candidate)))
            elif not path.is_dir():
                raise InputError(f"{candidate}: expected a .csv, .csv.gz, .json or .zip file")
    if not found:
        raise InputError(f"no police.uk files found in {', '.join(map(str, paths))}")
    ordered = sorted(found, key=lambda item: item[1])
    # A file given twice is marked in reports, and read from a copy: DuckDB tells files apart by path.
    seen: set[str] = set()
    for number, (path, name) in enumerate(ordered):
        if name in seen:
            while name in seen:
                name += " (given again)"
            path = Path(shutil.copyfile(path, workdir / f"again-{number}-{path.name}"))
        seen.add(name)
        ordered[number] = (path, name)
    return [_source(p, name, workdir / "utf8" / str(index)) for index, (p, name) in enumerate(ordered)]


def _extract(archive: Path, workdir: Path) -> list[tuple[Path, str]]:
    out = []
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(archive) as zipped:
            for index, member in enumerate(zipped.infolist()):
                if member.is_dir() or not _is_data_file(member.filename):
                    continue
                target = workdir / f"{archive.stem}-{index}-{Path(member.filename).name}"
                with zipped.open(member) as source, target.open("wb") as sink:
                    while chunk := source.read(1 << 20):
                        sink.write(chunk)
                out.append((target, f"{archive.name}:{member.filename}"))
    except zipfile.BadZipFile as error:
        raise InputError(f"{archive}: not a readable zip archive ({error})") from None
    return out
