import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.audit.models import AccessEvent, AuditImmutableError, ChangeRecord
from saferplaces.audit.services import access_record, access_record_many
from saferplaces.core.context import acting_as
from tests.factories import PersonFactory, UserFactory


def _justify(client, person, reason="casework", text="Case 42"):
    return client.post(
        reverse("people:detail", args=[person.pk]),
        {"justification-form": "1", "reason": reason, "justification": text},
    )


def test_first_view_asks_for_the_reason_and_logs_nothing_yet(client, world):
    client.force_login(world.users["caseworker"])
    response = client.get(reverse("people:detail", args=[world.people["own"].pk]))
    assert response.status_code == 200
    assert b"Why do you need to see this?" in response.content
    assert b"Olive" not in response.content
    assert AccessEvent.objects.count() == 0


def test_a_view_creates_exactly_one_access_event_with_its_justification(client, world):
    actor = world.users["caseworker"]
    person = world.people["agreement"]
    client.force_login(actor)
    assert _justify(client, person).status_code == 302
    assert AccessEvent.objects.count() == 0
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert b"Parker" in response.content
    event = AccessEvent.objects.get()
    assert (event.actor, event.agency, event.action) == (actor, world.own, "view")
    assert (event.record_type, event.record_id) == ("people.person", str(person.pk))
    assert (event.reason, event.justification) == ("casework", "Case 42")
    assert event.basis == "agreement"
    assert event.request_id == response["X-Request-ID"]
    client.get(reverse("people:detail", args=[person.pk]))
    assert AccessEvent.objects.count() == 2, "every view is logged; the reason is asked once per session"


def test_other_reason_needs_an_explanation(client, world):
    client.force_login(world.users["caseworker"])
    response = _justify(client, world.people["own"], reason="other", text="")
    assert response.status_code == 200
    assert b"Explain why you need to see this" in response.content
    assert b'href="#id_justification"' in response.content


def test_hidden_record_answers_404_and_logs_only_the_refusal(client, world):
    client.force_login(world.users["caseworker"])
    assert _justify(client, world.people["unrelated"]).status_code == 404
    assert client.get(reverse("people:detail", args=[world.people["unrelated"].pk])).status_code == 404
    # Each refusal is a denied event (issue 18, finding 5); nothing is logged as viewed.
    assert list(AccessEvent.objects.values_list("action", flat=True)) == ["denied", "denied"]


def test_search_and_export_are_logged_with_their_reason(client, world):
    client.force_login(world.users["manager"])
    params = {"q": "Olive", "reason": "meeting", "justification": "Tasking 3 May"}
    response = client.get(reverse("people:list"), params)
    assert b"Olive" in response.content
    export = client.get(reverse("people:export"), params)
    assert export["Content-Type"].startswith("text/csv")
    search_event, export_event = AccessEvent.objects.order_by("id")
    assert (search_event.action, search_event.detail["query"], search_event.detail["results"]) == ("search", "Olive", 1)
    assert (export_event.action, export_event.detail["rows"], export_event.justification) == (
        "export", 1, "Tasking 3 May")


def test_search_only_finds_what_policy_allows(client, world):
    client.force_login(world.users["caseworker"])
    response = client.get(reverse("people:list"), {"q": "Una", "reason": "casework"})
    assert b"Hidden" not in response.content
    assert b"Nobody you may see matches" in response.content


def test_export_neutralises_spreadsheet_formulas(client, world):
    PersonFactory(owner_agency=world.own, forename="=HYPERLINK(\"x\")", surname="Formula")
    client.force_login(world.users["manager"])
    body = client.get(reverse("people:export"), {"q": "Formula", "reason": "casework"}).content.decode()
    assert "'=HYPERLINK" in body
    assert ",=HYPERLINK" not in body


@pytest.mark.django_db
def test_audit_rows_cannot_be_changed_or_deleted_through_the_application():
    actor = UserFactory()
    event = access_record(actor=actor, action="search", reason="casework", record_type="people.person")
    event.justification = "tampered"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AccessEvent.objects.filter(pk=event.pk).update(justification="tampered")
    with pytest.raises(AuditImmutableError):
        AccessEvent.objects.all().delete()
    with pytest.raises(AuditImmutableError):
        ChangeRecord.objects.all().update(actor_username="x")
    assert AccessEvent.objects.get().justification == ""


@pytest.mark.django_db
def test_records_shown_together_are_logged_in_one_insert_as_one_event_each():
    actor = UserFactory()
    people = [PersonFactory(owner_agency=actor.agency) for _ in range(3)]
    with CaptureQueriesContext(connection) as queries:
        access_record_many(actor=actor, action="view", reason="casework", justification="Case 7", path="/people/1/",
                           detail={"shown_with": 1}, records=[(p, f"basis {i}") for i, p in enumerate(people)])
    inserts = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 1, "one insert for the lot"
    # and the chain's head, read once (on PostgreSQL after taking the chain's lock)
    assert len(queries) == (3 if connection.vendor == "postgresql" else 2), [q["sql"] for q in queries]
    logged = AccessEvent.objects.values_list("record_id", "record_type", "basis", "reason", "justification", "agency",
                                             "detail")
    assert {row[0]: row[1:] for row in logged} == {
        str(p.pk): ("people.person", f"basis {i}", "casework", "Case 7", actor.agency_id, {"shown_with": 1})
        for i, p in enumerate(people)}
    assert len(logged) == len(people)
    assert access_record_many(actor=actor, action="view", reason="casework", records=[]) == []
    with pytest.raises(AuditImmutableError):
        AccessEvent.objects.all().update(basis="tampered")


@pytest.mark.django_db
def test_the_database_refuses_updates_to_audit_rows():
    actor = UserFactory()
    event = access_record(actor=actor, action="search", reason="casework")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accessevent SET justification = %s WHERE id = %s", ["x", event.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_accessevent WHERE id = %s", [event.pk])
    assert AccessEvent.objects.filter(pk=event.pk, justification="").exists()


@pytest.mark.django_db
def test_history_keeps_every_change_with_who_and_before_after():
    actor = UserFactory()
    with acting_as(actor):
        person = PersonFactory(surname="Before")
        person.surname = "After"
        person.save()
        person_id = person.pk
        person.delete()
    changes = list(ChangeRecord.objects.filter(record_type="people.person", record_id=str(person_id)).order_by("id"))
    assert [c.action for c in changes] == ["create", "update", "delete"]
    assert all(c.actor == actor for c in changes)
    assert changes[1].before["surname"] == "Before" and changes[1].after["surname"] == "After"
    assert changes[1].changed_fields() == ["surname"]
    assert changes[2].after is None


@pytest.mark.django_db
def test_saving_without_a_change_writes_no_history():
    person = PersonFactory()
    before = ChangeRecord.objects.count()
    person.save()
    assert ChangeRecord.objects.count() == before


def test_dpo_searches_access_events(client, world):
    client.force_login(world.users["caseworker"])
    _justify(client, world.people["own"])
    client.get(reverse("people:detail", args=[world.people["own"].pk]))
    client.force_login(world.users["dpo"])
    response = client.get(reverse("audit:events"), {"username": "caseworker.own", "action": "view"})
    assert response.status_code == 200
    assert b"caseworker.own" in response.content and b"Case 42" in response.content
    empty = client.get(reverse("audit:events"), {"username": "nobody"})
    assert b"No access events match" in empty.content


def test_people_outside_the_dpo_role_cannot_read_the_access_log(client, world):
    for role in Role:
        if role is Role.DPO:
            continue
        client.force_login(world.users[role.value])
        assert client.get(reverse("audit:events")).status_code == 403


@pytest.mark.django_db
def test_search_terms_with_a_nul_character_are_logged_with_it_replaced():
    """A request may send NUL, which PostgreSQL keeps in no text or JSON column: the event is still
    written (it was a 500 on PostgreSQL), with U+FFFD where the NUL was, and reads back the same."""
    actor = UserFactory()
    event = access_record(actor=actor, action="export", reason="other", path="/audit/\x00",
                          detail={"query": {"record_type": "\x00", "q\x00": ["a\x00b", 1]}})
    stored = AccessEvent.objects.get(pk=event.pk)
    assert stored.detail == {"query": {"record_type": "\ufffd", "q\ufffd": ["a\ufffdb", 1]}}
    assert stored.path == "/audit/\ufffd"
