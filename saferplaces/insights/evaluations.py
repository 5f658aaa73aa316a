"""Starting and running "Did it work?" tests on an assessment's police data.

Counting a borough's crimes in the areas takes seconds and a region's far longer, so the test runs as
a background task, as assessments do (:mod:`saferplaces.insights.services`): the request stores the
evaluation and queues it; the task runs the engine and keeps its result, or its failure in the page's
words.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from saferplaces.core.context import acting_as
from saferplaces.insights import engine, services
from saferplaces.insights.models import AssessmentRun, Evaluation, RunStatus
from saferplaces.policy.rules import require_permission

logger = logging.getLogger(__name__)

#: What each role's area is called on the result page.
ROLE_LABELS = {"treated": "Treated", "control": "Control", "displacement": "Displacement",
               "displacement_control": "Displacement control"}

FILES_GONE = "The assessment's police files are no longer kept: run the assessment again"


@transaction.atomic
def evaluation_start(*, actor, run: AssessmentRun, areas: dict[str, dict], start: str, before: int, after: int,
                     level: float, crime_type: str = "") -> Evaluation:
    """Store the test (``areas``: role → {name, priority_area, geometry}, as the form gives them) and
    queue it as a background task."""
    require_permission(actor, "evidence.view")
    if run.status != RunStatus.FINISHED:
        raise ValueError("Choose one of the finished assessments")
    with acting_as(actor):
        evaluation = Evaluation.objects.create(run=run, created_by=actor, areas=areas, start=start, before=before,
                                               after=after, level=level, crime_type=crime_type)
    transaction.on_commit(lambda: run_evaluation.enqueue(evaluation.pk))
    return evaluation


def evaluation_execute(evaluation: Evaluation) -> Evaluation:
    """Run the WDD test for ``evaluation`` (called by the background task); failures are kept on it,
    in the page's words."""
    evaluation.status, evaluation.started_at = RunStatus.RUNNING, timezone.now()
    evaluation.save()
    try:
        evaluation.result = engine.wdd_police(
            services.run_inputs(evaluation.run),
            {role: area["geometry"] for role, area in evaluation.areas.items()},
            dt.date.fromisoformat(evaluation.start + "-01"), evaluation.before, evaluation.after, evaluation.level,
            [evaluation.crime_type] if evaluation.crime_type else None)
        evaluation.status, evaluation.error = RunStatus.FINISHED, ""
    except engine.EngineError as error:
        evaluation.status, evaluation.error = RunStatus.FAILED, str(error)
    except OSError:
        # The assessment's files were deleted (abandoned_runs_cleanup) or cannot be read; the
        # operating system's words would name server paths.
        evaluation.status, evaluation.error = RunStatus.FAILED, FILES_GONE
    except Exception:
        # A fault in the engine: the test must not stay "Running" for ever, and the traceback goes to
        # the log, not to the page.
        logger.exception("Evaluation %s failed in the engine", evaluation.pk)
        evaluation.status = RunStatus.FAILED
        evaluation.error = ("The test stopped because of a fault in Safer Places, not in your choices. The "
                            f"administrators can find the details under evaluation {evaluation.pk}.")
    evaluation.finished_at = timezone.now()
    evaluation.save()
    return evaluation


# Beside the service that enqueues it, as run_assessment is: a tasks module calling back into this
# one would make the two import each other.
@task()
def run_evaluation(evaluation_id: int) -> str:
    evaluation = evaluation_execute(Evaluation.objects.select_related("run").get(pk=evaluation_id))
    return evaluation.status


def count_rows(evaluation: Evaluation) -> list[tuple[str, int, int]]:
    """The result's counts, one row per area: (label, before, after)."""
    return [(f"{ROLE_LABELS[role]}: {evaluation.areas[role]['name']}", counted["before"], counted["after"])
            for role, counted in (evaluation.result or {}).get("counts", {}).items()]
