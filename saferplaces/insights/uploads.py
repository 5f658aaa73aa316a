"""Checks on evidence uploads before anything is stored: sizes, how many runs a user has going, and
whether each file looks like what it claims to be (police.uk data) from its first line alone.

The limits are in ``settings.EVIDENCE`` (see README's configuration table). A zip is checked by its
members' names, their stated sizes and the first line of each CSV in it, never by extracting it.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from saferplaces.insights.models import AssessmentRun, RunStatus

MB = 1024 * 1024
FIRST_LINE_BYTES = 64 * 1024
# A zip's stated contents may be this many times the total upload limit: police.uk CSVs compress
# about five to ten times, and a zip bomb states far more.
ZIP_EXPANSION = 10
# The columns that begin the header of each kind of police.uk CSV (street crimes and outcomes; stop
# and search). The engine checks the full header when it runs.
CRIME_COLUMNS = ("Crime ID", "Month", "Reported by", "Falls within")
STOP_SEARCH_COLUMNS = {"Type", "Date", "Object of search", "Outcome"}


def limits() -> dict:
    return settings.EVIDENCE


def check_allowance(actor) -> None:
    """Refuse a new run when the actor has too many going or has started too many today."""
    mine = AssessmentRun.objects.filter(created_by=actor)
    going = mine.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).count()
    if going >= limits()["RUNS_IN_PROGRESS"]:
        raise ValueError(f"You have {going} assessments still running: wait for one to finish")
    today = mine.filter(created_at__gte=timezone.now() - dt.timedelta(days=1)).count()
    if today >= limits()["RUNS_PER_DAY"]:
        raise ValueError(f"You have started {today} assessments in the last 24 hours, the most allowed: "
                         "try again tomorrow")


def check_sizes(uploads) -> None:
    largest, total = limits()["MAX_FILE_MB"], limits()["MAX_TOTAL_MB"]
    for upload in uploads:
        if upload.size > largest * MB:
            raise ValueError(f"{Path(upload.name).name}: each file must be at most {largest} MB")
    if sum(upload.size for upload in uploads) > total * MB:
        raise ValueError(f"The files together must be at most {total} MB")


def check_police_file(upload) -> None:
    """Refuse a file that is not police.uk data, reading only its first line (or a zip's directory)."""
    name = Path(upload.name).name
    lower = name.lower()
    upload.seek(0)
    try:
        if lower.endswith(".zip"):
            _check_zip(upload, name)
        elif lower.endswith(".csv.gz"):
            with gzip.GzipFile(fileobj=upload) as unzipped:
                _check_header(unzipped.readline(FIRST_LINE_BYTES), name)
        elif lower.endswith(".csv"):
            _check_header(upload.readline(FIRST_LINE_BYTES), name)
        elif lower.endswith(".json") and upload.read(FIRST_LINE_BYTES).lstrip()[:1] not in (b"[", b"{"):
            raise ValueError(f"{name}: not police.uk API data (JSON)")
    except (OSError, EOFError, zipfile.BadZipFile):
        raise ValueError(f"{name}: the file is damaged or not what its name says") from None
    finally:
        upload.seek(0)


def _check_zip(upload, name: str) -> None:
    with zipfile.ZipFile(upload) as archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if not members:
            raise ValueError(f"{name}: the zip is empty")
        others = [info.filename for info in members if not info.filename.lower().endswith(".csv")]
        if others:
            raise ValueError(f"{name}: a police.uk archive holds only CSV files, not {others[0]}")
        if sum(info.file_size for info in members) > ZIP_EXPANSION * limits()["MAX_TOTAL_MB"] * MB:
            raise ValueError(f"{name}: the archive's contents are too large")
        for info in members:
            with archive.open(info) as member:
                _check_header(member.readline(FIRST_LINE_BYTES), f"{name}:{info.filename}")


def _check_header(first_line: bytes, name: str) -> None:
    try:
        text = first_line.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{name}: not police.uk data (not UTF-8 text)") from None
    header = [column.strip() for column in next(csv.reader(io.StringIO(text)), [])]
    if tuple(header[:len(CRIME_COLUMNS)]) != CRIME_COLUMNS and not set(header) >= STOP_SEARCH_COLUMNS:
        raise ValueError(f"{name}: not a police.uk street-level, outcomes or stop-and-search file "
                         f"(its first line should begin {', '.join(CRIME_COLUMNS)})")
