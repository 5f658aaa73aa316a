"""The web app's linkage run at scale: incremental runs relink only new and changed records and find
a full run's people, keys stay stable, and a run stopped part-way continues where it stopped
(``manage.py link_people``). The engine's side: tests/evidence/test_linkage_incremental.py."""

import datetime as dt
import io

import pandas as pd
import pytest
from django.core.management import call_command

from saferplaces.people import linkage_run
from saferplaces.people.linkage_run import linkage_execute
from saferplaces.people.models import LinkageRun, LinkageStage, Person, PersonLink
from tests.factories import PersonFactory


@pytest.fixture(autouse=True)
def work_dir(settings, tmp_path):
    settings.LINKAGE = {**settings.LINKAGE, "WORK_DIR": tmp_path}


def _family(world, surname, born, postcode, copies=2):
    """One person held by ``copies`` agencies (the same details)."""
    agencies = [world.own, world.partner, world.other]
    return [PersonFactory(owner_agency=agencies[i % 3], forename="Morgan", surname=surname, date_of_birth=born,
                          postcode=postcode) for i in range(copies)]


def _people(world):
    return [record for i, name in enumerate(["Achterberg", "Brightwater", "Castellano", "Dunmore", "Eberhardt"])
            for record in _family(world, name, dt.date(1970 + i, 1 + i, 10 + i), f"W{i + 1} 2AB")]


def _keys() -> dict[int, str]:
    return dict(PersonLink.objects.values_list("person_id", "person_key"))


def _partition(keys: dict[int, str]) -> set[frozenset[int]]:
    groups: dict[str, set[int]] = {}
    for person, key in keys.items():
        groups.setdefault(key, set()).add(person)
    return {frozenset(g) for g in groups.values()}


def test_incremental_run_relinks_new_and_changed_records_only(world):
    records = _people(world)
    first = linkage_execute(LinkageRun.objects.create(full=True))
    assert first.status == "finished", first.error
    before = _keys()
    assert len(_partition({pk: before[pk] for pk in (r.pk for r in records)})) == 5
    # A new record of Achterberg, a new person, and one of Eberhardt's records now someone else's details.
    newcomer = PersonFactory(owner_agency=world.partner, forename="Morgan", surname="Achterberg",
                             date_of_birth=records[0].date_of_birth, postcode=records[0].postcode)
    stranger = PersonFactory(owner_agency=world.own, forename="Zephyrine", surname="Quarmby",
                             date_of_birth=dt.date(1960, 6, 6), postcode="E9 9ZZ")
    moved = Person.objects.get(pk=records[-1].pk)
    moved.forename, moved.surname, moved.date_of_birth = "Ottoline", "Pevensey", dt.date(1950, 5, 5)
    moved.save()
    run = linkage_execute(LinkageRun.objects.create(full=False))
    assert run.status == "finished", run.error
    assert not run.full and run.engine.endswith("(incremental)")
    # Relinked: the two new records and both of Eberhardt's (the changed record's person is rebuilt).
    assert run.relinked == 4
    after = _keys()
    assert after[newcomer.pk] == before[records[0].pk]  # joins Achterberg, who keeps the key
    # The changed record left Eberhardt: one part keeps the key, the other gets a new one.
    assert after[moved.pk] != after[records[-2].pk]
    assert before[records[-2].pk] in {after[moved.pk], after[records[-2].pk]}
    assert all(after[r.pk] == before[r.pk] for r in records[:8])  # untouched people keep their keys
    assert run.links_written == 3  # newcomer, stranger, and the record that left; nothing else rewritten
    assert PersonLink.objects.get(person=records[2]).run_id == first.pk
    # A full run on the same records finds the same people (and keeps the same keys).
    full = linkage_execute(LinkageRun.objects.create(full=True))
    assert full.status == "finished", full.error
    assert _keys() == after and full.links_written == 0
    assert stranger.pk in after


def test_a_stopped_run_continues_where_it_stopped(world, monkeypatch):
    records = _people(world)
    run = LinkageRun.objects.create(full=True)
    real, calls = linkage_run._link_batch, []

    def stop_after_two(*args):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the machine went down")
        real(*args)

    monkeypatch.setattr(linkage_run, "_link_batch", stop_after_two)
    run = linkage_execute(run, batch_size=3)
    assert run.status == "failed" and "went down" in run.error
    assert run.stage == LinkageStage.LINKS and run.links_written == 6 == PersonLink.objects.count()
    assert Person.objects.count() > 6
    # Run again: the engine's result is read back (not scored again) and the rest written.
    monkeypatch.setattr(linkage_run, "_link_batch", real)
    monkeypatch.setattr(linkage_run, "_score", lambda run: pytest.fail("scored again"))
    out = io.StringIO()
    call_command("link_people", "--batch-size", "3", stdout=out)
    assert f"Continuing linkage run {run.pk}" in out.getvalue()
    run.refresh_from_db()
    assert run.status == "finished" and run.stage == LinkageStage.DONE
    assert run.links_written == Person.objects.count() == PersonLink.objects.count()
    expected = pd.read_parquet(f"{run.result_path}/keys.parquet")
    assert _keys() == dict(zip(expected["person_id"].tolist(), expected["person_key"], strict=True))
    keys = _keys()
    assert all(keys[a.pk] == keys[b.pk] for a, b in zip(records[::2], records[1::2], strict=True))
    # Nothing left to continue: the next command starts an incremental run, which has nothing new.
    monkeypatch.undo()
    out = io.StringIO()
    call_command("link_people", stdout=out)
    assert "(incremental)" in out.getvalue() and "0 relinked" in out.getvalue()
