"""Every message the evidence pages show is in the page's words: no command-line flag, hint or
program name, and no server path (issue 19: "pass --events", "saferplaces wdd: error: …")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saferplaces.evidence import api
from saferplaces.insights import engine
from saferplaces.insights.models import AssessmentRun, RunStatus

FLAG = re.compile(r"(?<![\w-])--[a-z]")


@pytest.mark.parametrize(("message", "page"), [
    ("near repeats need exact dates: pass --events",
     "Near repeats need exact dates: pass the crimes with exact dates file"),
    ("saferplaces wdd: error: missing --treated-area GEOJSON, --start", "Missing the treated area, the start month"),
    ("the confidence level must be between 0 and 1 (see --level)", "The confidence level must be between 0 and 1"),
    ("give --crime-type 'Burglary' once", "Give the crime type 'Burglary' once"),
    ("--start '2018-13' is not a date (YYYY-MM-DD)", "The start month '2018-13' is not a date (YYYY-MM-DD)"),
    ("--area: no authority called Narnia", "The area: no authority called Narnia"),
])
def test_flags_hints_and_the_program_name_become_words(message, page):
    assert engine.page_words(message) == page


def test_server_paths_become_the_words_of_the_upload():
    folders = {Path("/srv/var/evidence/ab12/geography"): "the geography files",
               Path("/srv/var/evidence/ab12/inputs"): "the police data files",
               Path("/srv/var/evidence/ab12"): "the assessment's files"}
    assert engine.page_words("/srv/var/evidence/ab12/geography: found no LSOA or ward boundaries", folders) == \
        "The geography files: found no LSOA or ward boundaries"
    assert engine.page_words("/srv/var/evidence/ab12/inputs/2018-01/2018-01-met-street.csv, line 4: bad month "
                             "'2099-01'", folders) == "2018-01-met-street.csv, line 4: bad month '2099-01'"
    assert engine.page_words("/srv/var/evidence/ab12/summary.json: cannot write", folders) == \
        "summary.json: cannot write"


def _run_failing_with(client, world, monkeypatch, django_capture_on_commit_callbacks, error, **files):
    def fail(*args, **kwargs):
        raise error
    monkeypatch.setattr(api, "strategic_assessment", fail)
    client.force_login(world.users["analyst"])
    police = SimpleUploadedFile("2018-01-metropolitan-street.csv",
                                b"Crime ID,Month,Reported by,Falls within\n1,2018-01,Met,Met\n")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("insights:create"), {"title": "Failing", "police_files": police, **files}
                           ).status_code == 302
    run = AssessmentRun.objects.get(title="Failing")
    return run, client.get(reverse("insights:detail", args=[run.pk])).content.decode()


def test_an_engine_message_written_for_the_command_line_reads_as_words(client, world, monkeypatch,
                                                                       django_capture_on_commit_callbacks):
    run, page = _run_failing_with(client, world, monkeypatch, django_capture_on_commit_callbacks,
                                  api.InputError("near repeats need exact dates: pass --events"))
    assert run.status == RunStatus.FAILED
    assert "Near repeats need exact dates: pass the crimes with exact dates file" in page
    assert not FLAG.search(run.error)


def test_the_engines_real_message_about_a_geography_folder_names_no_server_path(client, world,
                                                                               django_capture_on_commit_callbacks):
    client.force_login(world.users["analyst"])
    police = SimpleUploadedFile("2018-01-metropolitan-street.csv",
                                b"Crime ID,Month,Reported by,Falls within,Longitude\n1,2018-01,Met,Met,-0.1\n")
    # A CSV that is neither a lookup nor boundaries: the engine finds no geography in the folder.
    other = SimpleUploadedFile("notes.csv", b"a,b\n1,2\n")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("insights:create"), {"title": "No geography", "police_files": police,
                                                 "deprivation_files": other})
    run = AssessmentRun.objects.get(title="No geography")
    assert run.status == RunStatus.FAILED
    assert run.error.startswith("The geography files: found no LSOA or ward boundaries"), run.error
    assert run.work_dir not in run.error and "/" not in run.error.split(":")[0]


def test_a_fault_in_the_engine_fails_the_run_instead_of_leaving_it_running(client, world, monkeypatch,
                                                                          django_capture_on_commit_callbacks, caplog):
    run, page = _run_failing_with(client, world, monkeypatch, django_capture_on_commit_callbacks,
                                  TypeError("executemany requires a non-empty list"))
    assert run.status == RunStatus.FAILED and run.finished_at is not None
    assert "because of a fault in Safer Places, not in your files" in page
    assert "executemany" not in page and run.work_dir not in page
    assert "executemany requires a non-empty list" in caplog.text  # the traceback is in the log


def test_an_unreadable_file_is_named_without_its_folder(client, world, monkeypatch, django_capture_on_commit_callbacks):
    run, page = _run_failing_with(client, world, monkeypatch, django_capture_on_commit_callbacks,
                                  PermissionError(13, "Permission denied", "/srv/var/evidence/ab12/inputs/x.csv"))
    assert run.error == "x.csv: the file could not be read or written (Permission denied)"


def test_the_pages_mention_no_command(client, world):
    client.force_login(world.users["analyst"])
    for name in ("insights:list", "insights:create", "insights:evaluate", "insights:evaluate_counts"):
        page = client.get(reverse(name)).content.decode()
        assert not FLAG.search(page) and "saferplaces " not in page, name
