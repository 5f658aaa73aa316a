"""Finding police.uk files in folders and zips, and telling their kinds apart by their headers."""

from __future__ import annotations

import csv
import gzip
import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from saferplaces.evidence.errors import InputError

STREET_HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
]
OUTCOMES_HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Outcome type",
]
STOP_SEARCH_MARKERS = {"Type", "Date", "Object of search", "Outcome"}


@dataclass(frozen=True)
class SourceFile:
    path: Path  # where the engine reads it (extracted from a zip when needed)
    name: str  # how reports name it: the file, or "archive.zip:member"
    kind: str  # "street", "outcomes", "stop_search" or "api_json"


def _open_text(path: Path):
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _header(path: Path) -> list[str]:
    with _open_text(path) as handle:
        try:
            return next(csv.reader(handle))
        except StopIteration:
            return []


def classify(path: Path, name: str) -> str:
    lower = name.lower()
    if lower.endswith(".json") or lower.endswith(".json.gz"):
        return "api_json"
    header = [column.strip() for column in _header(path)]
    if header == STREET_HEADER:
        return "street"
    if header == OUTCOMES_HEADER:
        return "outcomes"
    if set(header) >= STOP_SEARCH_MARKERS:
        return "stop_search"
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


def discover(paths: list[str | Path], workdir: Path | None = None) -> list[SourceFile]:
    """Every police.uk file under ``paths`` (files, folders, zips), sorted by name, classified.

    Zip members are extracted into ``workdir`` (a temporary folder by default) so that DuckDB can
    read them; the names in reports keep the archive and member.
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
                found.extend(_extract(candidate, workdir))
            elif _is_data_file(candidate.name):
                found.append((candidate, str(candidate)))
            elif not path.is_dir():
                raise InputError(f"{candidate}: expected a .csv, .csv.gz, .json or .zip file")
    if not found:
        raise InputError(f"no police.uk files found in {', '.join(map(str, paths))}")
    return [SourceFile(p, name, classify(p, name)) for p, name in sorted(found, key=lambda item: item[1])]


def _extract(archive: Path, workdir: Path) -> list[tuple[Path, str]]:
    out = []
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
