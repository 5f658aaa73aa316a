"""Did it work? on an assessment's data runs in the background: the form stores the test and queues
it, the task runs the engine and keeps its result (or its failure in the page's words), and the page
shows progress until then. Only users who may run tests see them; reading a result is logged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from saferplaces.audit.models import AccessEvent, ChangeRecord
from saferplaces.insights import engine, evaluations
from saferplaces.insights.models import Evaluation, RunStatus
from tests.insights.test_evaluate_data import CONTROL, FAR, OTHER, TREATED, _run

FALL = {"2018-01": {TREATED: 60, CONTROL: 50, OTHER: 1}, "2018-02": {TREATED: 60, CONTROL: 50},
        "2018-03": {TREATED: 20, CONTROL: 50}, "2018-04": {TREATED: 20, CONTROL: 50, FAR: 7}}


def _post(client, user, run, areas, **more):
    client.force_login(user)
    return client.post(reverse("insights:evaluate"), {
        "run": run.pk, "treated": areas["Church Street"].pk, "control": areas["Queen's Park"].pk,
        "start": "2018-03", "before": 1, "level": "0.9", **more})


def test_the_form_queues_the_test_and_the_task_keeps_the_engines_result(client, world, areas,
                                                                        django_capture_on_commit_callbacks):
    run = _run("queued", FALL)
    analyst = world.users["analyst"]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _post(client, analyst, run, areas, crime_type="Burglary")
    evaluation = Evaluation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("insights:evaluation",
                                                                           args=[evaluation.pk])
    # Stored as asked, not yet run: the request did not count a crime.
    assert evaluation.status == RunStatus.QUEUED and evaluation.result is None
    assert (evaluation.created_by, evaluation.run, evaluation.start, evaluation.before, evaluation.after,
            evaluation.level, evaluation.crime_type) == (analyst, run, "2018-03", 1, 2, 0.9, "Burglary")
    assert {role: (area["name"], area["priority_area"]) for role, area in evaluation.areas.items()} == {
        "treated": ("Church Street", areas["Church Street"].pk), "control": ("Queen's Park", areas["Queen's Park"].pk)}
    assert evaluation.areas["treated"]["geometry"] == areas["Church Street"].geometry
    page = client.get(response["Location"]).content.decode()
    assert 'id="run-progress"' in page and "Waiting to start" in page and 'id="verdict"' not in page

    # The task, run synchronously: one month before (2018-02) and two from the start.
    assert len(queued) == 1
    queued[0]()
    evaluation.refresh_from_db()
    assert evaluation.status == RunStatus.FINISHED, evaluation.error
    assert evaluation.result["counts"] == {"treated": {"before": 60, "after": 40},
                                           "control": {"before": 50, "after": 100}}
    assert evaluation.started_at <= evaluation.finished_at
    # The history keeps its three saves: queued (by the analyst), running, finished.
    changes = ChangeRecord.objects.filter(record_type="insights.evaluation", record_id=str(evaluation.pk))
    assert changes.count() == 3 and changes.order_by("at").first().actor == analyst

    page = client.get(response["Location"]).content.decode()
    assert 'id="run-progress"' not in page
    # Treated 60 → 40 over 1 and 2 months: the engine scales the after period to the before's length.
    assert evaluation.result["periods"] == [1.0, 2.0]
    assert "Crimes counted (1 months before and 2 months from 2018-03)" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">60</td>' in page
    assert "Treated: Church Street" in page and "Control: Queen&#x27;s Park" in page
    assert evaluation.result["verdict"] in page
    read = AccessEvent.objects.filter(actor=analyst, record_type="insights.evaluation", record_id=str(evaluation.pk))
    assert read.count() == 1  # the finished result read; the progress page was not logged
    # The analyst's earlier tests are listed on the form's page.
    listing = client.get(reverse("insights:evaluate")).content.decode()
    assert reverse("insights:evaluation", args=[evaluation.pk]) in listing


def test_a_test_whose_files_are_gone_fails_in_the_pages_words(client, world, areas, django_capture_on_commit_callbacks):
    run = _run("gone", FALL)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _post(client, world.users["analyst"], run, areas)
    shutil.rmtree(Path(run.work_dir))  # deleted by the clean-up before the worker reached the test
    queued[0]()
    evaluation = Evaluation.objects.get()
    assert evaluation.status == RunStatus.FAILED and evaluation.result is None
    assert evaluation.error == evaluations.FILES_GONE
    page = client.get(response["Location"]).content.decode()
    assert "The test could not be run" in page and "no longer kept" in page
    assert run.work_dir not in page and 'id="run-progress"' not in page


def test_a_fault_in_the_engine_fails_the_test_without_showing_the_traceback(client, world, areas, monkeypatch,
                                                                             django_capture_on_commit_callbacks):
    run = _run("fault", FALL)

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero in /srv/app/code.py")

    monkeypatch.setattr(engine, "wdd_police", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, world.users["analyst"], run, areas)
    evaluation = Evaluation.objects.get()
    assert evaluation.status == RunStatus.FAILED
    page = client.get(response["Location"]).content.decode()
    assert f"fault in Safer Places, not in your choices. The administrators can find the details under evaluation " \
           f"{evaluation.pk}." in page
    assert "/srv/app" not in page and "division" not in page


@pytest.mark.parametrize(("role", "status"), [("caseworker", 200), ("scrutiny", 403), ("dpo", 403)])
def test_only_users_who_may_run_tests_see_them(client, world, areas, django_capture_on_commit_callbacks, role, status):
    run = _run("seen", FALL)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, world.users["analyst"], run, areas)
    client.force_login(world.users[role])
    assert client.get(response["Location"]).status_code == status
    # A user who may not run tests cannot start one either.
    with django_capture_on_commit_callbacks(execute=True):
        refused = _post(client, world.users[role], run, areas)
    assert refused.status_code == (302 if status == 200 else 403)
    assert Evaluation.objects.count() == (2 if status == 200 else 1)
