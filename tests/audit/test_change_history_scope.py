"""Issue 18, finding 7, for the change history: a data protection officer reads the changes made by their
own agency's staff and the changes to records their agency holds, not another agency's changes to its own
records (whose before and after snapshots hold personal fields); reading every agency's history is the
separate permission ``audit.view_all``, whose use is logged."""

import pytest
from django.urls import reverse

from saferplaces.accounts import roles
from saferplaces.accounts.models import AccountChange, AccountChangeKind
from saferplaces.accounts.roles import Role
from saferplaces.audit.models import AccessAction, AccessEvent, ChangeRecord
from saferplaces.core.context import acting_as
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _rename(actor, person, forename):
    with acting_as(actor):
        person.forename = forename
        person.save()
    return ChangeRecord.objects.get(record_type="people.person", record_id=str(person.pk), after__forename=forename)


def _account_change(actor, user, reason):
    with acting_as(actor):
        change = AccountChange.objects.create(user=user, actor=actor, kind=AccountChangeKind.UNLOCK, reason=reason)
    return ChangeRecord.objects.get(record_type="accounts.accountchange", record_id=str(change.pk))


@pytest.fixture
def changes(world):
    """Changes by own and partner staff to own and partner records, and system changes to each."""
    own_worker = world.users["caseworker"]
    partner_worker = UserFactory(agency=world.partner, role=Role.CASEWORKER, username="caseworker.partner")
    partner_admin = UserFactory(agency=world.partner, role=Role.ADMINISTRATOR, username="admin.partner")
    own, partner = world.people["own"], world.people["agreement"]
    made = {
        "own-on-own": _rename(own_worker, own, "OwnOnOwn"),
        "partner-on-own": _rename(partner_worker, own, "PartnerOnOwn"),
        "own-on-partner": _rename(own_worker, partner, "OwnOnPartner"),
        "partner-on-partner": _rename(partner_worker, partner, "PartnerOnPartner"),
        "system-on-own": _rename(None, own, "SystemOnOwn"),
        "system-on-partner": _rename(None, partner, "SystemOnPartner"),
        "own-account": _account_change(None, own_worker, "own account unlocked"),
        "partner-account": _account_change(partner_admin, partner_worker, "partner account unlocked"),
    }
    with acting_as(None):
        world.own.active = False
        world.own.save()
        world.partner.active = False
        world.partner.save()
    made["own-agency"] = ChangeRecord.objects.filter(record_type="accounts.agency",
                                                     record_id=str(world.own.pk)).latest("chain_seq")
    made["partner-agency"] = ChangeRecord.objects.filter(record_type="accounts.agency",
                                                         record_id=str(world.partner.pk)).latest("chain_seq")
    world.changes = made
    return world


def _seen(client, **query):
    response = client.get(reverse("audit:changes"), query)
    assert response.status_code == 200
    return {change.pk for change in response.context["listing"].ordered}  # every page's rows


def test_change_records_keep_the_agency_holding_the_record(changes):
    made, own, partner = changes.changes, changes.own, changes.partner
    assert made["own-on-partner"].record_agency == partner
    assert made["partner-on-own"].record_agency == own
    assert made["system-on-own"].record_agency == own
    assert made["own-agency"].record_agency == own  # an agency's own record is held by itself
    assert made["partner-account"].record_agency == partner  # an account change is held by the user's agency
    # Records held by no single agency keep none (an agreement's parties read it on the agreement's page).
    assert ChangeRecord.objects.filter(record_type="policy.informationsharingagreement",
                                       record_agency__isnull=False).count() == 0


def test_a_dpo_sees_only_changes_by_their_staff_or_to_their_records(client, changes):
    made = changes.changes
    client.force_login(changes.users["dpo"])
    seen = _seen(client)
    for name in ("own-on-own", "partner-on-own", "own-on-partner", "system-on-own", "own-account", "own-agency"):
        assert made[name].pk in seen, name
    for name in ("partner-on-partner", "system-on-partner", "partner-account", "partner-agency"):
        assert made[name].pk not in seen, name
    # Nothing else of the partner's: no change to a partner record by anyone but own staff.
    leaked = ChangeRecord.objects.filter(pk__in=seen, record_agency=changes.partner).exclude(
        actor__agency=changes.own)
    assert not leaked.exists()
    # Filters narrow within that scope and never widen it.
    partner_person = changes.people["agreement"]
    seen = _seen(client, record_type="people.person", record_id=str(partner_person.pk))
    assert seen == {made["own-on-partner"].pk}
    html = client.get(reverse("audit:changes")).content.decode()
    assert "caseworker.partner" in html  # partner staff changing an own record is shown with who did it


def test_reading_every_agencys_history_is_a_separate_permission_and_its_use_is_logged(client, changes,
                                                                                     monkeypatch):
    assert not any("audit.view_all" in perms for perms in roles.ROLE_PERMISSIONS.values())
    dpo = changes.users["dpo"]
    client.force_login(dpo)
    _seen(client)
    assert not AccessEvent.objects.filter(actor=dpo, record_type="audit.changerecord").exists()
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, Role.DPO, roles.ROLE_PERMISSIONS[Role.DPO] | {"audit.view_all"})
    seen = _seen(client, record_type="people.person")
    assert {changes.changes[name].pk for name in ("partner-on-partner", "system-on-partner")} <= seen
    assert seen == set(ChangeRecord.objects.filter(record_type="people.person").values_list("pk", flat=True))
    logged = AccessEvent.objects.get(actor=dpo, record_type="audit.changerecord")
    assert logged.action == AccessAction.SEARCH
    assert logged.detail["scope"] == "every agency"
    assert logged.detail["query"] == {"record_type": "people.person"}
