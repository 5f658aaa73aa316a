"""Limits on evidence uploads (issue 18, finding 10): size, runs per user, police.uk content checked
before anything is stored, and the files of failed or abandoned runs deleted."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import os
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from saferplaces.insights import services
from saferplaces.insights.models import AssessmentRun, RunStatus

HEADER = (b"Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
          b"Last outcome category,Context\n")
ROW = b"abc,2018-01,Metropolitan Police Service,Metropolitan Police Service,-0.1,51.5,On or near X,E01,W 1,Burglary,,\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _post(client, *files, title="Upload"):
    return client.post(reverse("insights:create"), {"title": title, "police_files": list(files)})


def _stored_folders():
    root = services.runs_root()
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.fixture
def analyst(client, world):
    client.force_login(world.users["analyst"])
    return client


def test_a_file_over_the_size_limit_is_refused_and_not_kept(analyst, settings):
    settings.EVIDENCE = {**settings.EVIDENCE, "MAX_FILE_MB": 1}
    before = _stored_folders()
    big = SimpleUploadedFile("2018-01-metropolitan-street.csv", HEADER + ROW * (2 * 1024 * 1024 // len(ROW)))
    response = _post(analyst, big)
    assert response.status_code == 200
    assert "each file must be at most 1 MB" in response.content.decode()
    assert not AssessmentRun.objects.exists() and _stored_folders() == before


def test_files_over_the_total_limit_are_refused(analyst, settings):
    settings.EVIDENCE = {**settings.EVIDENCE, "MAX_FILE_MB": 1, "MAX_TOTAL_MB": 1}
    half = HEADER + ROW * (600 * 1024 // len(ROW))
    response = _post(analyst, SimpleUploadedFile("a-street.csv", half), SimpleUploadedFile("b-street.csv", half))
    assert "The files together must be at most 1 MB" in response.content.decode()
    assert not AssessmentRun.objects.exists()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("2018-01-street.csv", b"name,address\nOlive,1 High Street\n", "not a police.uk street-level"),
    ("2018-01-street.csv.gz", gzip.compress(b"name,address\n"), "not a police.uk street-level"),
    ("2018-01-street.csv.gz", b"not gzip at all", "damaged or not what its name says"),
    ("archive.zip", b"not a zip", "damaged or not what its name says"),
    ("archive.zip", _zip({"2018-01/2018-01-street.csv": HEADER, "payload.exe": b"MZ"}), "only CSV files"),
    ("archive.zip", _zip({"2018-01/2018-01-street.csv": b"name,address\n"}), "not a police.uk street-level"),
    ("api.json", b"<html>", "not police.uk API data"),
])
def test_content_that_is_not_police_uk_data_is_refused_before_storing(analyst, name, content, message):
    before = _stored_folders()
    response = _post(analyst, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AssessmentRun.objects.exists() and _stored_folders() == before


def test_police_uk_files_and_archives_pass_the_check(analyst):
    archive = _zip({"2018-01/2018-01-metropolitan-street.csv": HEADER + ROW,
                    "2018-01/2018-01-metropolitan-outcomes.csv":
                        b"Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
                        b"Outcome type\n"})
    response = _post(analyst, SimpleUploadedFile("2018-01.zip", archive),
                     SimpleUploadedFile("2018-02-street.csv.gz", gzip.compress(HEADER + ROW)))
    assert response.status_code == 302
    assert AssessmentRun.objects.get().status == RunStatus.QUEUED


def test_runs_in_progress_and_per_day_are_limited(analyst, world, settings):
    settings.EVIDENCE = {**settings.EVIDENCE, "RUNS_IN_PROGRESS": 2, "RUNS_PER_DAY": 3}
    good = lambda: SimpleUploadedFile("street.csv", HEADER + ROW)  # noqa: E731
    assert _post(analyst, good()).status_code == 302
    assert _post(analyst, good()).status_code == 302
    response = _post(analyst, good())
    assert "You have 2 assessments still running" in response.content.decode()
    AssessmentRun.objects.update(status=RunStatus.FAILED)
    assert _post(analyst, good()).status_code == 302
    response = _post(analyst, good())
    assert "You have started 3 assessments in the last 24 hours" in response.content.decode()
    assert AssessmentRun.objects.count() == 3


def test_cleanup_deletes_the_files_of_failed_and_abandoned_runs_only(world, settings):
    root = services.runs_root()

    def run_with_files(name, status, age_days):
        folder = root / f"cleanup-{name}"
        (folder / "inputs").mkdir(parents=True, exist_ok=True)
        (folder / "inputs" / "street.csv").write_bytes(HEADER)
        return AssessmentRun.objects.create(title=name, status=status, work_dir=str(folder),
                                            created_at=timezone.now() - dt.timedelta(days=age_days))

    old_failed = run_with_files("old-failed", RunStatus.FAILED, 10)
    old_queued = run_with_files("old-queued", RunStatus.QUEUED, 10)
    recent_failed = run_with_files("recent-failed", RunStatus.FAILED, 1)
    finished = run_with_files("finished", RunStatus.FINISHED, 30)
    orphan = root / "cleanup-orphan"
    orphan.mkdir(parents=True, exist_ok=True)
    old = (timezone.now() - dt.timedelta(days=10)).timestamp()
    os.utime(orphan, (old, old))
    call_command("evidence_cleanup", "--days", "7", stdout=io.StringIO())
    assert not Path(old_failed.work_dir).exists() and not Path(old_queued.work_dir).exists()
    assert not orphan.exists()
    assert Path(recent_failed.work_dir).exists() and Path(finished.work_dir).exists()
    old_queued.refresh_from_db()
    assert old_queued.status == RunStatus.FAILED and "deleted after 7 days" in old_queued.error
