"""Issue 18, finding 7: a data protection officer reads the access log of their own agency (events by its
staff and events on its records); reading every agency's log is a separate permission whose use is logged."""

import pytest
from django.urls import reverse

from saferplaces.accounts import roles
from saferplaces.accounts.roles import Role
from saferplaces.audit.models import AccessAction, AccessEvent, JustificationReason
from saferplaces.audit.services import access_record, access_record_many
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _log(actor, record, text):
    return access_record(actor=actor, action=AccessAction.VIEW, reason=JustificationReason.CASEWORK,
                         justification=text, record=record, basis="test")


@pytest.fixture
def events(world):
    """Four events: own staff on own record, partner staff on own record, own staff on the partner's
    record, partner staff searching for a surname on the partner's own record."""
    own_worker = world.users["caseworker"]
    partner_worker = UserFactory(agency=world.partner, role=Role.CASEWORKER, username="caseworker.partner")
    _log(own_worker, world.people["own"], "own-on-own")
    _log(partner_worker, world.people["own"], "partner-on-own")
    _log(own_worker, world.people["agreement"], "own-on-partner")
    _log(partner_worker, world.people["agreement"], "partner-on-partner")
    access_record(actor=partner_worker, action=AccessAction.SEARCH, reason=JustificationReason.CASEWORK,
                  justification="partner-search", record_type="people.person", detail={"query": "Shared"})
    return world


def test_access_events_record_the_owning_agency_of_the_record(events):
    world = events
    assert set(AccessEvent.objects.filter(record_id=str(world.people["agreement"].pk))
               .values_list("record_agency", flat=True)) == {world.partner.pk}
    assert AccessEvent.objects.get(justification="partner-search").record_agency is None
    [many] = access_record_many(actor=world.users["caseworker"], action=AccessAction.VIEW,
                                reason=JustificationReason.CASEWORK, records=[(world.people["own"], "own")])
    assert AccessEvent.objects.get(pk=many.pk).record_agency == world.own


def test_a_dpo_sees_only_events_by_their_staff_or_on_their_records(client, events):
    client.force_login(events.users["dpo"])
    html = client.get(reverse("audit:events")).content.decode()
    for seen in ("own-on-own", "partner-on-own", "own-on-partner"):
        assert seen in html, seen
    assert "partner-on-partner" not in html
    assert "partner-search" not in html and "Shared" not in html
    # Filters narrow within that scope and never widen it.
    html = client.get(reverse("audit:events"), {"agency": events.partner.pk}).content.decode()
    assert "partner-on-own" in html and "partner-on-partner" not in html


def test_reading_every_agencys_log_is_a_separate_permission_and_its_use_is_logged(client, events, monkeypatch):
    assert not any("audit.view_all" in perms for perms in roles.ROLE_PERMISSIONS.values())
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, Role.DPO, roles.ROLE_PERMISSIONS[Role.DPO] | {"audit.view_all"})
    dpo = events.users["dpo"]
    client.force_login(dpo)
    html = client.get(reverse("audit:events"), {"username": "caseworker.partner"}).content.decode()
    assert "partner-on-partner" in html and "partner-search" in html
    logged = AccessEvent.objects.get(actor=dpo, action=AccessAction.SEARCH)
    assert logged.record_type == "audit.accessevent"
    assert logged.detail["scope"] == "every agency"
    assert logged.detail["query"] == {"username": "caseworker.partner"}
