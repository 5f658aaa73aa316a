from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saferplaces.insights import engine
from saferplaces.insights.models import AssessmentRun, RunStatus


def test_engine_errors_become_engine_error_with_the_engines_words():
    with pytest.raises(engine.EngineError, match="displacement area and its control together"):
        engine.wdd({"treated": (10, 5), "control": (8, 8), "displacement": (3, 4)}, None, 0.9)
    with pytest.raises(engine.EngineError, match="no such file|not found|does not exist"):
        engine.assess([Path("/no/such/police.csv")], None, Path("r.html"), Path("s.json"))


def test_uploads_of_other_kinds_are_refused_with_a_reason(client, world):
    client.force_login(world.users["analyst"])
    response = client.post(reverse("insights:create"), {
        "title": "Bad", "police_files": SimpleUploadedFile("notes.docx", b"not police data"),
    })
    assert response.status_code == 200
    assert b"upload police.uk CSV" in response.content
    assert not AssessmentRun.objects.exists()


def test_a_failed_run_keeps_the_engines_message(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["analyst"])
    # The header passes the upload check; the engine finds the rows wrong.
    bad = SimpleUploadedFile("2018-01-metropolitan-street.csv",
                             b"Crime ID,Month,Reported by,Falls within,Longitude\n1,2,3,4,5\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insights:create"), {"title": "Broken file", "police_files": bad})
    run = AssessmentRun.objects.get(title="Broken file")
    assert response.status_code == 302
    assert run.status == RunStatus.FAILED, "the immediate task backend ran the assessment"
    assert run.error
    page = client.get(reverse("insights:detail", args=[run.pk]))
    assert b"could not be built" in page.content
    assert client.get(reverse("insights:report", args=[run.pk])).status_code == 404


def test_the_report_is_served_with_a_policy_that_forbids_scripts(client, world):
    from tests.access_table import assessment

    client.force_login(world.users["coordinator"])
    response = client.get(reverse("insights:report", kwargs=assessment(world, "own")))
    assert response.status_code == 200
    assert "default-src 'none'" in response["Content-Security-Policy"]
    download = client.get(reverse("insights:report", kwargs=assessment(world, "own")), {"download": 1})
    assert download["Content-Disposition"].startswith("attachment;")
    assert Path(AssessmentRun.objects.get().work_dir, "report.html").exists()


@pytest.mark.slow
def test_the_demo_sample_assessment_is_built_from_the_synthetic_borough(client, world):
    from saferplaces.insights.services import report_path, sample_assessment_build

    run = sample_assessment_build(title="Sample", months=13, per_month=300)
    assert run.status == RunStatus.FINISHED, run.error
    assert run.is_sample and report_path(run).exists()
    assert any("Synthborough" in line for line in run.summary["headlines"])
    assert run.summary["near_repeats"]["events"] > 0
    client.force_login(world.users["analyst"])
    page = client.get(reverse("insights:detail", args=[run.pk]))
    assert b"Over half of all crime in Synthborough" in page.content
    assert b"Sample data" in page.content


def test_an_events_extract_adds_near_repeats_to_the_report(client, world, tmp_path, django_capture_on_commit_callbacks):
    from saferplaces.evidence.synthetic.borough import generate_borough

    borough = generate_borough(tmp_path / "borough", seed=2, months=13, crimes_per_month=200)
    police = [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted((borough.folder / "police").rglob("*.csv"))]
    rows = ["id,date,x,y"] + [f"e{i},2022-01-{1 + i % 28:02d},{530_000 + 40 * (i % 7)},{180_000 + 40 * (i % 5)}"
                              for i in range(60)]
    events = SimpleUploadedFile("burglary.csv", ("\n".join(rows) + "\n").encode())
    client.force_login(world.users["analyst"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insights:create"), {
            "title": "With events", "police_files": police, "events_file": events})
    assert response.status_code == 302
    run = AssessmentRun.objects.get(title="With events")
    assert run.status == RunStatus.FINISHED, run.error
    assert run.summary["near_repeats"]["events"] == 60
    assert "Knox ratios" in Path(run.work_dir, "report.html").read_text()


def test_an_events_file_must_be_csv(client, world):
    client.force_login(world.users["analyst"])
    response = client.post(reverse("insights:create"), {
        "title": "Bad events", "police_files": SimpleUploadedFile("2018-01-metropolitan-street.csv", b"x"),
        "events_file": SimpleUploadedFile("events.xlsx", b"PK")})
    assert b"must be a CSV file" in response.content
    assert not AssessmentRun.objects.exists()
