"""The audit log is tamper-evident: every row is chained to the one before it, and
``manage.py audit_verify`` names each row that was edited, deleted, inserted or reordered behind the
application's back (raw SQL, with the append-only triggers out of the way as a superuser could)."""

from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from saferplaces.accounts.models import Agency
from saferplaces.audit import chain
from saferplaces.audit.models import AccessEvent, ChangeRecord
from saferplaces.audit.services import access_record, access_record_many
from saferplaces.core.context import acting_as
from tests.factories import PersonFactory, UserFactory

TRIGGERS = {"audit_accessevent": "audit_accessevent_append_only",
            "audit_changerecord": "audit_changerecord_append_only"}


@contextmanager
def tampering(table):
    """A cursor on ``table`` with its append-only trigger out of the way, as a superuser could (the
    test's transaction puts it back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # settle this test's own inserts first
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {TRIGGERS[table]}")
        else:
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        yield cursor


def verify() -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
    except CommandError as error:
        return 1, out.getvalue() + err.getvalue() + str(error)
    return 0, out.getvalue() + err.getvalue()


def _events(n=5):
    actor = UserFactory()
    first = [access_record(actor=actor, action="search", reason="casework", detail={"query": f"Name {i}"})
             for i in range(2)]
    people = [PersonFactory(owner_agency=actor.agency) for _ in range(n - 2)]
    together = access_record_many(actor=actor, action="view", reason="casework",
                                  records=[(p, "own agency") for p in people])
    return sorted(first + together, key=lambda e: e.chain_seq)


@pytest.mark.django_db
def test_every_access_event_and_change_is_chained_to_the_one_before_including_bulk_inserts():
    events = _events()
    assert [e.chain_seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].chain_prev == chain.GENESIS
    assert all(later.chain_prev == earlier.chain_hash for earlier, later in zip(events, events[1:], strict=False))
    stored = list(AccessEvent.objects.order_by("chain_seq"))
    assert [e.chain_hash for e in stored] == [e.chain_hash for e in events]
    assert all(chain.link(e.chain_prev, chain.hashed_values(e)) == e.chain_hash for e in stored)
    changes = list(ChangeRecord.objects.order_by("chain_seq"))
    assert len(changes) >= 3 and [c.chain_seq for c in changes] == list(range(1, len(changes) + 1))
    status, report = verify()
    assert status == 0, report
    assert "access events: intact" in report and "change history: intact" in report


@pytest.mark.django_db
def test_audit_verify_reports_an_edited_access_event():
    events = _events()
    with tampering("audit_accessevent") as cursor:
        cursor.execute("UPDATE audit_accessevent SET justification = %s WHERE id = %s", ["back-dated", events[2].id])
    status, report = verify()
    assert status != 0
    assert f"row id {events[2].id} (chain position 3): edited" in report
    assert "change history: intact" in report


@pytest.mark.django_db
def test_audit_verify_reports_a_deleted_access_event():
    events = _events()
    with tampering("audit_accessevent") as cursor:
        cursor.execute("DELETE FROM audit_accessevent WHERE id = %s", [events[1].id])
    status, report = verify()
    assert status != 0
    assert f"row id {events[2].id} (chain position 3): gap: position 2 missing" in report
    assert f"does not follow row id {events[0].id}" in report


@pytest.mark.django_db
def test_audit_verify_reports_the_first_rows_deleted():
    events = _events()
    with tampering("audit_accessevent") as cursor:
        cursor.execute("DELETE FROM audit_accessevent WHERE id IN (%s, %s)", [events[0].id, events[1].id])
    status, report = verify()
    assert status != 0
    assert f"row id {events[2].id} (chain position 3): gap: positions 1 to 2 missing" in report
    assert "does not follow the start of the chain" in report


@pytest.mark.django_db
def test_audit_verify_reports_an_inserted_back_dated_row_even_with_a_well_formed_hash():
    events = _events()
    forged = AccessEvent(**{f.attname: getattr(events[0], f.attname) for f in AccessEvent._meta.concrete_fields
                            if not f.primary_key})
    forged.justification = "inserted afterwards"
    chain.seal([forged], 1, events[0].chain_hash)  # claims to follow the first row
    forged.chain_seq = 6
    forged.chain_hash = chain.link(forged.chain_prev, chain.hashed_values(forged))
    columns = [f.column for f in AccessEvent._meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(getattr(forged, f.attname), connection)
              for f in AccessEvent._meta.concrete_fields if not f.primary_key]
    with tampering("audit_accessevent") as cursor:
        placeholders = ", ".join(["%s"] * len(values))
        cursor.execute(f"INSERT INTO audit_accessevent ({', '.join(columns)}) VALUES ({placeholders})", values)
    inserted = AccessEvent.objects.get(chain_seq=6)
    status, report = verify()
    assert status != 0
    assert f"row id {inserted.id} (chain position 6): does not follow row id {events[4].id} but row id {events[0].id}" \
        in report


@pytest.mark.django_db
def test_audit_verify_reports_reordered_rows():
    events = _events()
    a, b = events[1], events[2]
    with tampering("audit_accessevent") as cursor:  # swap their places in the chain
        cursor.execute("UPDATE audit_accessevent SET chain_seq = 1000 WHERE id = %s", [a.id])
        cursor.execute("UPDATE audit_accessevent SET chain_seq = 2 WHERE id = %s", [b.id])
        cursor.execute("UPDATE audit_accessevent SET chain_seq = 3 WHERE id = %s", [a.id])
    status, report = verify()
    assert status != 0
    assert f"row id {b.id} (chain position 2): edited" in report
    assert f"row id {a.id} (chain position 3): edited" in report
    assert f"row id {a.id} (chain position 3): out of order: written before row id {b.id}" in report


@pytest.mark.django_db
def test_audit_verify_reports_a_rewritten_change_record():
    actor = UserFactory()
    with acting_as(actor):
        person = PersonFactory(surname="Before")
        person.surname = "After"
        person.save()
    change = ChangeRecord.objects.get(record_type="people.person", action="update")
    with tampering("audit_changerecord") as cursor:
        cursor.execute("UPDATE audit_changerecord SET actor_username = %s WHERE id = %s", ["someone.else", change.id])
    status, report = verify()
    assert status != 0
    assert f"change history: row id {change.id} (chain position {change.chain_seq}): edited" in report
    assert "access events: intact" in report


def test_the_request_id_is_made_by_the_server_and_the_clients_kept_apart(client, world):
    person = world.people["own"]
    client.force_login(world.users["caseworker"])
    client.post(reverse("people:detail", args=[person.pk]),
                {"justification-form": "1", "reason": "casework", "justification": "Case 42"})
    chosen = "client-chosen-request-0001"
    response = client.get(reverse("people:detail", args=[person.pk]), HTTP_X_REQUEST_ID=chosen)
    event = AccessEvent.objects.get()
    assert response["X-Request-ID"] != chosen
    assert event.request_id == response["X-Request-ID"]
    assert len(event.request_id) == 32
    assert event.client_request_id == chosen


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads cannot share the in-memory SQLite test database")
def test_concurrent_writers_never_fork_the_chain(transactional_db):
    import threading

    from django.db import connections, transaction

    actor = UserFactory()
    start = threading.Barrier(4)
    failures = []

    def write():
        try:
            start.wait()
            for i in range(10):
                with transaction.atomic():  # a request's transaction: the chain stays locked until it ends
                    access_record(actor=actor, action="search", reason="casework", detail={"i": i})
        except Exception as error:  # noqa: BLE001 - reported below, in the test's thread
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    assert sorted(AccessEvent.objects.values_list("chain_seq", flat=True)) == list(range(1, 41))
    status, report = verify()
    assert status == 0, report


@pytest.mark.django_db
def test_a_change_records_holding_agency_is_chained_and_re_pointing_it_is_reported():
    actor = UserFactory()
    with acting_as(actor):
        person = PersonFactory(owner_agency=actor.agency)
    change = ChangeRecord.objects.get(record_type="people.person", record_id=str(person.pk))
    assert chain.hashed_values(change)["record_agency_id"] == actor.agency_id
    assert verify()[0] == 0
    # Moving a change onto another agency would hide it from the data protection officer of its own.
    other = UserFactory().agency
    with tampering("audit_changerecord") as cursor:
        cursor.execute("UPDATE audit_changerecord SET record_agency_id = %s WHERE id = %s", [other.pk, change.id])
    status, report = verify()
    assert status != 0
    assert f"change history: row id {change.id} (chain position {change.chain_seq}): edited" in report


def test_change_records_chained_before_the_holding_agency_was_recorded_still_verify(transactional_db):
    """Migration audit 0006 adds ``record_agency`` (and 0007 ``reason``): rows sealed before them (without
    the fields) keep valid hashes, and rows written after them chain onto them with the fields."""
    executor = MigrationExecutor(connection)
    # Forward to the latest audit migration: the model the rows below are written with has every field.
    before, after = [("audit", "0005_hash_chain")], executor.loader.graph.leaf_nodes("audit")
    executor.migrate(before)
    try:
        apps = executor.loader.project_state(before).apps
        agency = apps.get_model("accounts", "Agency").objects.create(name="Old Agency", short_name="OLD",
                                                                     kind="council")
        old_model = apps.get_model("audit", "ChangeRecord")
        old = old_model(record_type="accounts.agency", record_id=str(agency.pk), action="create", after={"x": 1},
                        at=timezone.now())
        chain.seal([old], *chain.head(old_model))
        old.save()
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
    with acting_as(None):
        Agency.objects.filter(pk=agency.pk).get().save()  # unchanged: no row
        renamed = Agency.objects.get(pk=agency.pk)
        renamed.name = "Renamed Agency"
        renamed.save()
    old_row, new_row = ChangeRecord.objects.order_by("chain_seq")
    assert old_row.record_agency_id is None and new_row.record_agency_id == agency.pk
    assert new_row.chain_prev == old_row.chain_hash
    status, report = verify()
    assert status == 0, report
