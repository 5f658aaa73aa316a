"""The access log as the data protection officer reads it: records named only to those who may see them,
a data subject's events, whole days in Europe/London, date-range errors, paging by key, a logged export."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from saferplaces.accounts import roles
from saferplaces.accounts.roles import Role
from saferplaces.audit import views as audit_views
from saferplaces.audit.models import AccessAction, AccessEvent, JustificationReason
from saferplaces.audit.services import access_record
from saferplaces.people.models import PersonLink
from tests.asb.builders import make_case, make_party
from tests.factories import PersonFactory

LONDON = ZoneInfo("Europe/London")


def _view(actor, record):
    return access_record(actor=actor, action=AccessAction.VIEW, reason=JustificationReason.CASEWORK,
                         record=record, basis="test")


def _event_at(actor, at, text):
    event = AccessEvent(actor=actor, actor_username=actor.username, agency=actor.agency,
                        agency_name=actor.agency.name, action=AccessAction.SEARCH,
                        reason=JustificationReason.CASEWORK, justification=text, at=at)
    event.save()
    return event


@pytest.fixture
def viewed(world):
    """The own caseworker viewed a person of each relationship: the DPO's log holds all four events."""
    for person in world.people.values():
        _view(world.users["caseworker"], person)
    return world


@pytest.fixture
def dpo_reads_people(monkeypatch):
    """A DPO whose role also reads personal data (the product's DPO role does not)."""
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, Role.DPO, roles.ROLE_PERMISSIONS[Role.DPO] | {"personal.view"})


def test_a_viewer_who_may_not_see_a_record_sees_its_identifier_and_no_name(client, viewed):
    client.force_login(viewed.users["dpo"])
    html = client.get(reverse("audit:events")).content.decode()
    for person in viewed.people.values():
        assert f"people.person #{person.pk}" in html
        assert str(person) not in html and person.get_absolute_url() not in html


def test_a_viewer_whose_policy_allows_the_record_sees_its_name_and_a_link(client, viewed, dpo_reads_people):
    client.force_login(viewed.users["dpo"])
    html = client.get(reverse("audit:events")).content.decode()
    for relationship in ("own", "agreement", "grant"):
        person = viewed.people[relationship]
        assert f'<a class="govuk-link" href="{person.get_absolute_url()}">{person}</a>' in html, relationship
    hidden = viewed.people["unrelated"]
    assert f"people.person #{hidden.pk}" in html and str(hidden) not in html


def test_the_export_names_only_the_records_the_viewer_may_see_and_is_logged(client, viewed, dpo_reads_people):
    dpo = viewed.users["dpo"]
    client.force_login(dpo)
    response = client.get(reverse("audit:events_export"), {"action": "view"})
    rows = {r["record_id"]: r["record"] for r in csv.DictReader(io.StringIO(response.content.decode()))}
    people = viewed.people
    assert rows == {str(people["own"].pk): "Olive Owned", str(people["agreement"].pk): "Parker Shared",
                    str(people["grant"].pk): "Grace Granted", str(people["unrelated"].pk): ""}
    logged = AccessEvent.objects.get(actor=dpo, action=AccessAction.EXPORT)
    assert logged.detail == {"query": {"action": "view"}, "rows": 4, "limited": False}


def test_a_data_subjects_events_are_those_on_their_linked_person_records(client, world):
    subject, linked, stranger = (PersonFactory(owner_agency=world.own), PersonFactory(owner_agency=world.partner),
                                 PersonFactory(owner_agency=world.own))
    PersonLink.objects.create(person=subject, person_key="P-1")
    PersonLink.objects.create(person=linked, person_key="P-1")
    about, unrelated = make_case(world.partner, title="About them"), make_case(world.own, title="Not about them")
    make_party(about, name="Linked party", person=linked)
    for record in (subject, linked, stranger, about, unrelated):
        _view(world.users["caseworker"], record)
    client.force_login(world.users["dpo"])
    html = client.get(reverse("audit:events"), {"subject": subject.pk}).content.decode()
    assert f"people.person #{subject.pk}" in html and f"people.person #{linked.pk}" in html
    assert f"people.person #{stranger.pk}" not in html
    # The records about them, from the people app's registry (cases where a linked record is a party).
    assert f"asb.asbcase #{about.pk}<" in html and f"asb.asbcase #{unrelated.pk}<" not in html
    missing = client.get(reverse("audit:events"), {"subject": stranger.pk + 1000}).content.decode()
    assert "There is no person record with that number" in missing


def test_dates_select_whole_days_in_london_time(client, world):
    actor = world.users["caseworker"]
    # 23:30 UTC on 1 June is 00:30 BST on 2 June; 23:30 UTC on 1 January is 23:30 GMT on 1 January.
    _event_at(actor, dt.datetime(2026, 6, 1, 23, 30, tzinfo=dt.UTC), "summer-night")
    _event_at(actor, dt.datetime(2026, 1, 1, 23, 30, tzinfo=dt.UTC), "winter-night")
    client.force_login(world.users["dpo"])

    def found(start, end):
        html = client.get(reverse("audit:events"), {"date_from": start, "date_to": end}).content.decode()
        return {text for text in ("summer-night", "winter-night") if text in html}

    assert found("2026-06-02", "2026-06-02") == {"summer-night"}
    assert found("2026-06-01", "2026-06-01") == set()
    assert found("2026-01-01", "2026-01-01") == {"winter-night"}
    assert found("2026-01-02", "2026-06-01") == set()


def test_date_ranges_are_checked_with_clear_errors_and_find_nothing(client, viewed):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    client.force_login(viewed.users["dpo"])
    for params, message in [
        ({"date_from": "2026-03-02", "date_to": "2026-03-01"},
         "The ‘to’ date must be the same as or after the ‘from’ date"),
        ({"date_from": tomorrow}, "The ‘from’ date must be today or in the past"),
        ({"date_to": tomorrow}, "The ‘to’ date must be today or in the past"),
        ({"date_from": "2026-02-30"}, "Enter a valid date"),
    ]:
        html = client.get(reverse("audit:events"), params).content.decode()
        assert message in html, params
        assert "Correct the filters to see events" in html and "people.person #" not in html


def test_the_user_name_filter_is_exact(client, viewed):
    client.force_login(viewed.users["dpo"])
    assert "people.person #" not in client.get(reverse("audit:events"), {"username": "caseworker"}).content.decode()
    assert "people.person #" in client.get(reverse("audit:events"), {"username": "caseworker.own"}).content.decode()


def test_pages_follow_by_key_newest_first_with_ties_broken_by_id(client, world, monkeypatch):
    monkeypatch.setattr(audit_views, "PAGE_SIZE", 2)
    actor = world.users["caseworker"]
    same = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)
    events = [_event_at(actor, same, f"evt-{i}-") for i in range(3)]
    events.append(_event_at(actor, same - dt.timedelta(hours=1), "evt-3-"))
    client.force_login(world.users["dpo"])

    def page(before=None):
        response = client.get(reverse("audit:events"), {"before": before} if before else {})
        html = response.content.decode()
        return [i for i in range(4) if f"evt-{i}-" in html], response.context["older_query"]

    first, older = page()
    assert first == [1, 2] and older == f"before={events[1].pk}"
    second, older = page(events[1].pk)
    assert second == [0, 3] and older == ""
    assert client.get(reverse("audit:events"), {"before": "x"}).status_code == 404
