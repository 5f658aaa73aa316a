"""A running assessment shows its stage and an estimate, not only Queued/Running/Finished."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from saferplaces.audit.models import ChangeRecord
from saferplaces.evidence import api
from saferplaces.insights.models import AssessmentRun, RunStatus, duration_words


def test_durations_read_as_people_say_them():
    assert duration_words(20) == "less than a minute"
    assert duration_words(60) == "about 1 minute"
    assert duration_words(4 * 60 + 50) == "about 5 minutes"
    assert duration_words(3600) == "about 1 hour"
    assert duration_words(2 * 3600 + 5 * 60) == "about 2 hours 5 minutes"


def test_the_estimate_scales_the_time_so_far_by_the_share_left():
    now = timezone.now()
    run = AssessmentRun(status=RunStatus.RUNNING, started_at=now - dt.timedelta(seconds=90), progress=0.25)
    estimate = run.estimate(now)
    assert estimate.elapsed == 90 and estimate.left == 270  # a quarter done in 90 s: three quarters in 270 s
    assert AssessmentRun(status=RunStatus.RUNNING, started_at=now, progress=0).estimate(now).left is None
    assert AssessmentRun(status=RunStatus.FINISHED, started_at=now, progress=1).estimate(now) is None


def test_the_page_of_a_running_assessment_shows_its_stage_and_estimate(client, world):
    run = AssessmentRun.objects.create(title="Big borough", work_dir="/nowhere", status=RunStatus.RUNNING,
                                       started_at=timezone.now() - dt.timedelta(minutes=3), stage="hot spots",
                                       progress=0.33)
    client.force_login(world.users["analyst"])
    page = client.get(reverse("insights:detail", args=[run.pk])).content.decode()
    stage = page[page.index('id="run-stage"'):page.index('id="run-estimate"')]
    assert 'role="status"' in stage and 'aria-live="polite"' in stage  # a screen reader hears a new stage
    assert "Finding hot spots" in stage and "About 33% done." in stage
    assert "Running for about 3 minutes." in page
    assert "Time left: about 6 minutes" in page  # 3 min × 0.67 / 0.33
    assert 'src="/static/saferplaces/run-progress.mjs" nonce=' in page
    assert "Check again" in page  # without script
    assert 'http-equiv="refresh"' not in page
    # The script fetches only the progress: the same stage and a status that says when the run is over.
    fragment = client.get(reverse("insights:progress", args=[run.pk])).content.decode()
    assert 'data-status="running"' in fragment and "Finding hot spots" in fragment and "<html" not in fragment
    AssessmentRun.objects.filter(pk=run.pk).update(status=RunStatus.FINISHED)
    fragment = client.get(reverse("insights:progress", args=[run.pk])).content.decode()
    assert 'data-status="finished"' in fragment and "The assessment has finished." in fragment


def test_the_list_shows_the_stage_of_each_running_assessment(client, world):
    AssessmentRun.objects.create(title="Big borough", work_dir="/nowhere", status=RunStatus.RUNNING,
                                 started_at=timezone.now(), stage="VLI", progress=0.32)
    client.force_login(world.users["analyst"])
    page = client.get(reverse("insights:list")).content.decode()
    assert "Computing the Vulnerable Localities Index (about 32% done)" in page


def test_a_queued_assessment_says_it_is_waiting(client, world):
    run = AssessmentRun.objects.create(title="Later", work_dir="/nowhere")
    client.force_login(world.users["analyst"])
    page = client.get(reverse("insights:detail", args=[run.pk])).content.decode()
    assert "Waiting to start" in page and "Time left" not in page


def test_the_run_records_each_stage_as_the_engine_reaches_it(client, world, monkeypatch,
                                                             django_capture_on_commit_callbacks, tmp_path):
    seen = []
    real = api.strategic_assessment

    def watched(*args, progress, **kwargs):
        def progress_and_look(stage, done):
            progress(stage, done)
            row = AssessmentRun.objects.get(title="Watched")  # what the page would read now
            seen.append((row.status, row.stage, row.progress))
        return real(*args, progress=progress_and_look, **kwargs)

    monkeypatch.setattr(api, "strategic_assessment", watched)
    from saferplaces.evidence.synthetic.borough import generate_borough

    borough = generate_borough(tmp_path / "borough", seed=5, months=13, crimes_per_month=100)
    police = [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted((borough.folder / "police").rglob("*.csv"))]
    client.force_login(world.users["analyst"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("insights:create"), {"title": "Watched", "police_files": police})
    run = AssessmentRun.objects.get(title="Watched")
    assert run.status == RunStatus.FINISHED, run.error
    assert [stage for _, stage, _ in seen] == ["reading", "concentration", "VLI", "hot spots", "writing"]
    assert all(status == RunStatus.RUNNING for status, _, _ in seen)
    assert [done for _, _, done in seen] == [done for stage, done in api.ASSESSMENT_STAGES if stage != "near repeats"]
    assert run.progress == 1.0 and Path(run.work_dir, "report.html").exists()
    # The history keeps the run's three saves (queued, running, finished), not the engine's stages.
    changes = ChangeRecord.objects.filter(record_type="insights.assessmentrun", record_id=str(run.pk))
    assert changes.count() == 3


@pytest.mark.parametrize("stage", [stage for stage, _ in api.ASSESSMENT_STAGES])
def test_every_engine_stage_has_words_on_the_page(stage):
    assert AssessmentRun(stage=stage).stage_label != "Starting"
