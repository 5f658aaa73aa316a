"""Starting and running strategic assessments."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from saferplaces.core.context import acting_as
from saferplaces.insights import engine, uploads
from saferplaces.insights.models import AssessmentRun, RunStatus
from saferplaces.policy.rules import require_permission

logger = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".csv", ".csv.gz", ".zip", ".json", ".geojson")


def runs_root() -> Path:
    return Path(settings.VAR_DIR) / "evidence"


def _store(upload, folder: Path) -> Path:
    name = Path(upload.name).name
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise ValueError(f"{name}: upload police.uk CSV, CSV.GZ, ZIP or JSON files, or GeoJSON boundaries")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return target


@transaction.atomic
def assessment_start(*, actor, title: str, police_files, geography_files=(), events_file=None) -> AssessmentRun:
    """Check the uploads against the limits, store them and queue the assessment as a background task."""
    require_permission(actor, "evidence.run")
    uploads.check_allowance(actor)
    uploads.check_sizes([*police_files, *geography_files, *([events_file] if events_file else [])])
    for upload in police_files:
        uploads.check_police_file(upload)
    if events_file is not None and not events_file.name.lower().endswith(".csv"):
        raise ValueError(f"{Path(events_file.name).name}: the crimes with exact dates must be a CSV file")
    work_dir = runs_root() / uuid.uuid4().hex
    try:
        for upload in police_files:
            _store(upload, work_dir / "inputs")
        for upload in geography_files:
            _store(upload, work_dir / "geography")
        if events_file is not None:
            _store(events_file, work_dir / "events")
    except ValueError:
        shutil.rmtree(work_dir, ignore_errors=True)  # no run will name these files
        raise
    with acting_as(actor):
        run = AssessmentRun.objects.create(title=title, created_by=actor, work_dir=str(work_dir))
    transaction.on_commit(lambda: run_assessment.enqueue(run.pk))
    return run


def abandoned_runs_cleanup(*, days: int, now=None) -> list[Path]:
    """Delete the files of runs that failed, or never started, more than ``days`` ago, and folders no
    run names; the runs stay listed, failed, with a note. Returns the folders deleted."""
    now = now or timezone.now()
    before = now - dt.timedelta(days=days)
    removed = []
    stale = AssessmentRun.objects.filter(is_sample=False, status__in=[RunStatus.FAILED, RunStatus.QUEUED],
                                         created_at__lt=before)
    for run in stale:
        folder = Path(run.work_dir)
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        if run.status == RunStatus.QUEUED:
            run.status, run.finished_at = RunStatus.FAILED, now
        run.error = (run.error + "\n\n" if run.error else "") + f"Its files were deleted after {days} days."
        run.save()
    named = {Path(path).resolve() for path in AssessmentRun.objects.values_list("work_dir", flat=True)}
    root = runs_root()
    for folder in root.iterdir() if root.exists() else ():
        old = dt.datetime.fromtimestamp(folder.stat().st_mtime, tz=dt.UTC) < before
        if folder.is_dir() and old and folder.resolve() not in named:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def run_inputs(run: AssessmentRun) -> list[Path]:
    """The police data files of ``run``, as it stored them (OSError once they are deleted)."""
    return sorted((Path(run.work_dir) / "inputs").iterdir())


def report_path(run: AssessmentRun) -> Path:
    return Path(run.work_dir) / "report.html"


def run_folders(run: AssessmentRun) -> dict[Path, str]:
    """The run's folders and what the pages call them: no server path is shown to a user."""
    work_dir = Path(run.work_dir)
    return {work_dir / "inputs": "the police data files", work_dir / "geography": "the geography files",
            work_dir / "events": "the crimes with exact dates file", work_dir: "the assessment's files"}


def _stage_reached(run: AssessmentRun, stage: str, done: float) -> None:
    """Record the engine's stage on the run: written straight to its row, outside the change history
    (progress is not a change anyone made) and visible to the page at once."""
    run.stage, run.progress = stage, done
    AssessmentRun.objects.filter(pk=run.pk).update(stage=stage, progress=done)


def assessment_execute(run: AssessmentRun) -> AssessmentRun:
    """Run the engine for ``run`` (called by the background task); failures are kept on the run, in
    the page's words."""
    work_dir = Path(run.work_dir)
    run.status, run.started_at, run.stage, run.progress = RunStatus.RUNNING, timezone.now(), "", 0.0
    run.save()
    geography = work_dir / "geography"
    try:
        inputs = run_inputs(run)
        events = sorted((work_dir / "events").glob("*.csv"))
        run.summary = engine.assess(inputs, geography if geography.exists() else None,
                                    report_path(run), work_dir / "summary.json", events[0] if events else None,
                                    progress=lambda stage, done: _stage_reached(run, stage, done),
                                    folders=run_folders(run))
        run.status, run.error, run.progress = RunStatus.FINISHED, "", 1.0
    except engine.EngineError as error:
        run.status, run.error = RunStatus.FAILED, str(error)
    except OSError as error:
        # The operating system's words name server paths: say which file, by its name only.
        name = Path(error.filename).name if error.filename else "one of the files"
        reason = f" ({error.strerror})" if error.strerror else ""
        run.status, run.error = RunStatus.FAILED, f"{name}: the file could not be read or written{reason}"
    except Exception:
        # A fault in the engine, not in the files: the run must not stay "Running" for ever, and the
        # traceback (server paths, code) goes to the log, not to the page.
        logger.exception("Assessment run %s failed in the engine", run.pk)
        run.status = RunStatus.FAILED
        run.error = (f"The assessment stopped at the stage \"{run.stage_label.lower()}\" because of a fault in "
                     f"Safer Places, not in your files. The administrators can find the details under run {run.pk}.")
    run.finished_at = timezone.now()
    run.save()
    return run


# The background task lives beside the service that enqueues it: a tasks module calling back into
# the services would make the two modules import each other.
@task()
def run_assessment(run_id: int) -> str:
    run = assessment_execute(AssessmentRun.objects.get(pk=run_id))
    return run.status


def sample_assessment_build(*, title: str, seed: int = 1, months: int = 24, per_month: int = 5000) -> AssessmentRun:
    """The demo's assessment: the synthetic borough generated, then assessed, synchronously."""
    work_dir = runs_root() / f"sample-{seed}-{months}"
    shutil.rmtree(work_dir, ignore_errors=True)
    engine.synthetic_borough(work_dir / "borough", seed=seed, months=months, per_month=per_month)
    shutil.move(work_dir / "borough" / "police", work_dir / "inputs")
    shutil.move(work_dir / "borough" / "geography", work_dir / "geography")
    shutil.move(work_dir / "borough" / "extract", work_dir / "events")
    AssessmentRun.objects.filter(is_sample=True).delete()
    run = AssessmentRun.objects.create(title=title, work_dir=str(work_dir), is_sample=True)
    return assessment_execute(run)
