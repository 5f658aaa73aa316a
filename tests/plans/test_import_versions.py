"""The annual refresh: re-importing a plan never deletes history; a new plan year is a new version."""

import copy
import datetime as dt
import json
from io import StringIO

import pytest

from saferplaces.audit.models import ChangeRecord
from saferplaces.plans import demo, importer
from saferplaces.plans.importer import PlanFileError, plan_import
from saferplaces.plans.models import (
    KPI,
    RAG,
    Action,
    ActionUpdate,
    KPIReading,
    Objective,
    PlanVersion,
    Status,
    Strategy,
)
from tests.factories import UserFactory

GROUP = {"key": "victim", "name": "Victim", "chair": "A chair", "aim": "Fewer repeat victims", "objectives": [
    {"ref": "V1", "number": "1", "text": "Support repeat victims", "actions": [
        {"ref": "V1.1", "text": "Run the MARAC", "lead": "Adam Taylor", "kpi": "Repeats; referrals",
         "deadline": "Mar-21", "kpis": [
             {"ref": "V1.1.a", "name": "MARAC repeat rate", "unit": "percentage", "target": 20, "direction": "down"},
             {"ref": "V1.1.b", "name": "MARAC referrals"}]},
        {"ref": "V1.2", "text": "Publish a directory of services", "lead": "Serena Simon",
         "kpi": "Directory published", "deadline": "Dec-20",
         "kpis": [{"ref": "V1.2.a", "name": "Directory published", "unit": "milestone"}]}]}]}


def _plan(year=2020, **changes):
    plan = {"key": "test", "year": year, "title": f"Test plan {year}", "period": [f"{year}-04-01", f"{year + 1}-03-31"],
            "vision": "Safer", "groups": [copy.deepcopy(GROUP)]}
    plan.update(changes)
    return plan


def _write(tmp_path, plan, name="plan.json"):
    path = tmp_path / name
    path.write_text(json.dumps(plan))
    return path


def _history(action):
    ActionUpdate.objects.create(action=action, date=dt.date(2020, 9, 30), status=Status.ON_TRACK, rag=RAG.GREEN,
                                narrative="On track")
    for kpi in action.kpis.all():
        KPIReading.objects.create(kpi=kpi, period_start=dt.date(2020, 7, 1), value=3)


def test_reimporting_the_plan_after_updates_and_readings_loses_none(db):
    plan_import()
    for action in Action.objects.filter(kpis__isnull=False).distinct()[:10]:
        _history(action)
    updates = set(ActionUpdate.objects.values_list("pk", "action_id"))
    readings = set(KPIReading.objects.values_list("pk", "kpi_id", "value"))
    actions, kpis = set(Action.objects.values_list("pk", "ref")), set(KPI.objects.values_list("pk", "ref"))
    assert len(updates) == 10 and len(readings) >= 10
    changes = ChangeRecord.objects.count()
    plan_import()
    assert set(ActionUpdate.objects.values_list("pk", "action_id")) == updates
    assert set(KPIReading.objects.values_list("pk", "kpi_id", "value")) == readings
    assert set(Action.objects.values_list("pk", "ref")) == actions and set(KPI.objects.values_list("pk", "ref")) == kpis
    assert ChangeRecord.objects.count() == changes  # the same file changes nothing
    assert Strategy.objects.count() == 1 and PlanVersion.objects.get().year == 2017
    assert not Action.objects.filter(closed_in__isnull=False).exists()


def test_a_changed_wording_updates_the_same_records_with_history(tmp_path, db):
    plan_import(path=_write(tmp_path, _plan()))
    action = Action.objects.get(ref="V1.1")
    _history(action)
    changed = _plan()
    changed_action = changed["groups"][0]["objectives"][0]["actions"][0]
    changed_action["text"] = "Run the MARAC and review its repeat cases"
    changed_action["kpis"][0].update(name="MARAC repeat referrals", target=18)
    coordinator = UserFactory()
    plan_import(actor=coordinator, path=_write(tmp_path, changed))
    action.refresh_from_db()
    assert action.text == "Run the MARAC and review its repeat cases"
    kpi = KPI.objects.get(ref="V1.1.a")
    assert (kpi.name, kpi.target, kpi.readings.count()) == ("MARAC repeat referrals", 18, 1)
    assert action.updates.count() == 1 and action.kpis.count() == 2
    change = ChangeRecord.objects.get(record_type="plans.action", record_id=str(action.pk), action="update")
    assert change.actor == coordinator and change.before["text"] == "Run the MARAC"


def test_a_new_plan_year_carries_actions_forward_and_closes_the_dropped(tmp_path, db):
    strategy = plan_import(path=_write(tmp_path, _plan(2020)))
    kept, dropped = Action.objects.get(ref="V1.1"), Action.objects.get(ref="V1.2")
    _history(kept)
    _history(dropped)
    next_year = _plan(2021)
    actions = next_year["groups"][0]["objectives"][0]["actions"]
    actions[1] = {"ref": "V1.3", "text": "Train housing officers", "lead": "Serena Simon", "kpi": None,
                  "deadline": "Mar-22", "kpis": []}
    assert plan_import(path=_write(tmp_path, next_year)) == strategy
    strategy.refresh_from_db()
    v2020, v2021 = PlanVersion.objects.filter(strategy=strategy)
    assert (v2020.year, v2021.year, strategy.title) == (2020, 2021, "Test plan 2021")
    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert (kept.since, kept.closed_in) == (v2020, None)
    assert kept.updates.count() == 1 and KPIReading.objects.filter(kpi__action=kept).count() == 2
    assert dropped.closed_in == v2021 and dropped.updates.count() == 1
    assert KPI.objects.get(ref="V1.2.a").closed_in == v2021 and KPI.objects.get(ref="V1.2.a").readings.count() == 1
    added = Action.objects.get(ref="V1.3")
    assert set(v2020.actions()) == {kept, dropped}
    assert set(v2021.actions()) == {kept, added}
    assert Objective.objects.get(ref="V1").closed_in is None


def test_an_older_plan_year_is_refused(tmp_path, db):
    plan_import(path=_write(tmp_path, _plan(2021)))
    with pytest.raises(PlanFileError, match="older than the version already loaded"):
        plan_import(path=_write(tmp_path, _plan(2020)))
    assert PlanVersion.objects.count() == 1


def test_a_bad_file_lists_every_problem_and_changes_nothing(tmp_path, db):
    plan_import(path=_write(tmp_path, _plan()))
    bad = _plan(period=["2020-04-01", "someday"])
    bad["year"] = "next"
    actions = bad["groups"][0]["objectives"][0]["actions"]
    actions[0]["kpis"][0]["unit"] = "percent"
    actions[0]["kpis"][1]["target"] = "ten"
    actions[1]["ref"] = "V1.1"
    actions[1]["text"] = "A new wording that must not land"
    del actions[1]["lead"]
    with pytest.raises(PlanFileError) as error:
        plan_import(path=_write(tmp_path, bad))
    message = str(error.value)
    for problem in ("'year' is 'next'", "'period' must be two dates", "'unit' is 'percent'",
                    "'target' is not a number", "ref 'V1.1' is used 2 times", "action 2: missing 'lead'"):
        assert problem in message
    assert not Action.objects.filter(text__startswith="A new wording").exists()


def test_a_failure_while_writing_leaves_nothing_half_applied(tmp_path, db, monkeypatch):
    plan_import(path=_write(tmp_path, _plan()))
    changed = _plan(2021)
    changed["groups"][0]["objectives"][0]["actions"][0]["text"] = "Half-applied wording"

    def fail(self):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(importer._Sync, "close_the_rest", fail)
    with pytest.raises(RuntimeError):
        plan_import(path=_write(tmp_path, changed))
    assert Action.objects.get(ref="V1.1").text == "Run the MARAC"
    assert PlanVersion.objects.count() == 1


def test_a_plan_loaded_before_refs_is_matched_by_number_position_and_text(db):
    """The layout the importer wrote before refs and versions: Victim 3's actions filed under objective 2,
    Victim 3's KPI named by its cell. Re-importing moves them, with their history, and deletes nothing."""
    plan_import()
    victim3 = Objective.objects.get(ref="V3")
    young = Action.objects.get(ref="V3.2")
    _history(young)
    Action.objects.filter(objective=victim3).update(objective=Objective.objects.get(ref="V2"))
    Action.objects.filter(pk=young.pk).update(order=5)
    KPI.objects.filter(action=young).update(name="KPI from the service")
    victim3.delete()
    for model in (Objective, Action, KPI):
        model.objects.update(ref="")
    Objective.objects.update(since=None)
    Action.objects.update(since=None)
    PlanVersion.objects.all().delete()
    Strategy.objects.update(key="")
    plan_import()
    young.refresh_from_db()
    assert (young.ref, young.objective.ref, young.order) == ("V3.2", "V3", 2)
    assert young.updates.count() == 1
    kpi = young.kpis.get()
    assert kpi.name.startswith("Young people accessing the service") and kpi.readings.count() == 1
    assert Action.objects.count() == 86 and Objective.objects.count() == 23
    assert not Action.objects.filter(closed_in__isnull=False).exists()


def test_records_added_in_the_app_are_left_as_they_are(tmp_path, db):
    plan_import(path=_write(tmp_path, _plan()))
    own = KPI.objects.create(action=Action.objects.get(ref="V1.1"), name="Added by the coordinator")
    plan_import(path=_write(tmp_path, _plan(2021)))
    own.refresh_from_db()
    assert own.closed_in is None and own.ref == ""


def test_the_demo_loads_twice_without_doubling_its_samples(db):
    demo.load(StringIO())
    demo.load(StringIO())
    assert ActionUpdate.objects.filter(is_sample=True).count() == len(demo.SAMPLE_UPDATES)
    directory = Action.objects.get(ref="V4.2")
    assert directory.text.startswith("Produce a directory") and directory.updates.get().status == Status.COMPLETE
    assert KPIReading.objects.filter(is_sample=True).count() == sum(len(row[-1]) for row in demo.SAMPLE_KPIS)


def test_the_command_reports_the_version_and_lists_problems(tmp_path, db):
    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("import_plan", str(_write(tmp_path, _plan())), stdout=out)
    assert "plan year 2020, version 1" in out.getvalue() and "nothing deleted" in out.getvalue()
    bad = _plan()
    bad["groups"][0]["objectives"][0]["text"] = ""
    with pytest.raises(CommandError, match="objective 1: no text"):
        call_command("import_plan", str(_write(tmp_path, bad)))


def test_what_a_new_plan_year_closed_leaves_the_plan_as_it_stands(tmp_path, db, client):
    """The overview, the group page and the export list the current year's actions; the closed action
    keeps its own page and history."""
    from django.urls import reverse

    from saferplaces.accounts.roles import Role
    from saferplaces.plans import exports, selectors

    strategy = plan_import(path=_write(tmp_path, _plan(2020)))
    next_year = _plan(2021)
    next_year["groups"][0]["objectives"][0]["actions"].pop()
    plan_import(path=_write(tmp_path, next_year))
    today = dt.date(2021, 6, 1)
    [summary] = selectors.overview(strategy, today)
    assert (summary.objectives, summary.actions) == (1, 1)
    assert [row[3] for row in exports.plan_rows(strategy, today)] == ["Run the MARAC"]
    client.force_login(UserFactory(role=Role.COORDINATOR))
    page = client.get(reverse("plans:group", args=[summary.group.pk])).content.decode()
    assert "Run the MARAC" in page and "Publish a directory" not in page
    dropped = Action.objects.get(ref="V1.2")
    assert client.get(reverse("plans:action", args=[dropped.pk])).status_code == 200
