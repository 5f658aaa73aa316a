"""The one person view: linked records the viewer may see, each logged and explained; a count of
the rest and never their content."""

import datetime as dt

from django.urls import reverse

from saferplaces.audit.models import AccessEvent
from saferplaces.people.models import PersonLink
from tests.factories import PersonFactory


def _link(key, *people):
    for person in people:
        PersonLink.objects.update_or_create(person=person, defaults={"person_key": key})


def _open(client, user, person):
    client.force_login(user)
    url = reverse("people:detail", kwargs={"pk": person.pk})
    client.post(url, {"justification-form": "1", "reason": "casework"})
    return client.get(url)


def test_person_view_shows_visible_linked_records_and_counts_hidden_ones(world, client):
    own, shared, granted, hidden = (world.people[k] for k in ("own", "agreement", "grant", "unrelated"))
    hidden.address = "Secret Refuge Address"
    hidden.save()
    _link("P-TEST0001", own, shared, granted, hidden)
    caseworker = world.users["caseworker"]
    response = _open(client, caseworker, own)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Parker" in html and "Grace" in html
    assert "Una" not in html and "Secret Refuge Address" not in html
    assert "1 more linked record" in html
    # "Why can I see this" per linked record.
    assert "Information-sharing agreement" in html
    assert "granted" in html
    logged = set(AccessEvent.objects.filter(actor=caseworker, action="view").values_list("record_id", flat=True))
    assert {str(own.pk), str(shared.pk), str(granted.pk)} <= logged
    assert str(hidden.pk) not in logged


def test_no_hidden_count_when_everything_linked_is_visible(world, client):
    own, shared = world.people["own"], world.people["agreement"]
    _link("P-TEST0002", own, shared)
    html = _open(client, world.users["caseworker"], own).content.decode()
    assert "Parker" in html
    assert "more linked record" not in html


def test_unlinked_person_page_still_works(world, client):
    person = PersonFactory(owner_agency=world.own, forename="Solo", surname="Record", date_of_birth=dt.date(1970, 1, 1))
    html = _open(client, world.users["caseworker"], person).content.decode()
    assert "has not been through person linkage" in html


import pytest  # noqa: E402

from saferplaces.accounts.roles import Role, has_permission  # noqa: E402


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_no_role_sees_a_linked_record_or_its_casework_that_policy_hides(world, client, role):
    from saferplaces.offenders.models import CohortMembership
    from saferplaces.victims.models import Victimisation

    own, hidden = world.people["own"], world.people["unrelated"]
    hidden.address = "SECRET-ADDRESS"
    hidden.save()
    _link("P-ROLES", own, hidden)
    Victimisation.objects.create(owner_agency=world.other, person=hidden, kind="sexual",
                                 occurred_on=dt.date(2025, 1, 1), reference="SECRET-VICTIM-REF")
    CohortMembership.objects.create(owner_agency=world.other, person=hidden, cohort="channel",
                                    started_on=dt.date(2025, 1, 1))
    user = world.users[role]
    response = _open(client, user, own)
    if not has_permission(role, "personal.view"):
        assert response.status_code == 404
        return
    html = response.content.decode()
    assert response.status_code == 200
    for secret in ("SECRET-ADDRESS", "SECRET-VICTIM-REF", "Sexual offence", "Channel (Prevent)", "Una", "Hidden"):
        assert secret not in html, secret
    assert "1 more linked record" in html
    assert not AccessEvent.objects.filter(record_id=str(hidden.pk), record_type="people.person").exists()


def test_casework_records_on_the_person_page_say_why_they_can_be_seen(world, client):
    from saferplaces.offenders.models import CohortMembership
    from saferplaces.policy.models import AccessGrant
    from saferplaces.victims.models import Victimisation

    own, granted = world.people["own"], world.people["grant"]
    _link("P-WHY", own, granted)
    victim = Victimisation.objects.create(owner_agency=world.other, person=granted, kind="robbery",
                                          occurred_on=dt.date(2025, 2, 1), reference="GRANTED-REF")
    AccessGrant.objects.create(record=victim, grantee_agency=world.own, reason="MARAC case 12",
                               granted_by=world.users["dpo"])
    CohortMembership.objects.create(owner_agency=world.own, person=own, cohort="asb", started_on=dt.date(2025, 1, 1))
    html = _open(client, world.users["caseworker"], own).content.decode()
    assert "GRANTED-REF" in html and "MARAC case 12" in html
    assert "Your agency, Own Council, holds this record." in html
    logged = set(AccessEvent.objects.filter(action="view").values_list("record_type", "record_id"))
    assert ("victims.victimisation", str(victim.pk)) in logged


def test_every_record_shown_with_the_person_is_logged_once_with_the_reason_and_its_own_basis(world, client):
    from saferplaces.offenders.models import CohortMembership
    from saferplaces.policy.models import AccessGrant
    from saferplaces.victims.models import Victimisation

    own, shared, granted = (world.people[k] for k in ("own", "agreement", "grant"))
    _link("P-LOGGED", own, shared, granted, world.people["unrelated"])
    own_victim = Victimisation.objects.create(owner_agency=world.own, person=shared, kind="robbery",
                                              occurred_on=dt.date(2025, 2, 1))
    granted_victim = Victimisation.objects.create(owner_agency=world.other, person=granted, kind="robbery",
                                                  occurred_on=dt.date(2025, 3, 1))
    AccessGrant.objects.create(record=granted_victim, grantee_agency=world.own, reason="MARAC case 12",
                               granted_by=world.users["dpo"])
    membership = CohortMembership.objects.create(owner_agency=world.own, person=own, cohort="asb",
                                                 started_on=dt.date(2025, 1, 1))
    caseworker = world.users["caseworker"]
    assert _open(client, caseworker, own).status_code == 200
    events = list(AccessEvent.objects.filter(actor=caseworker, action="view"))
    logged = {(e.record_type, e.record_id): e for e in events}
    assert len(logged) == len(events), "one event for each record shown"
    # The person's own agency is also a party to the agreement sharing person details.
    assert {key: e.basis for key, e in logged.items()} == {
        ("people.person", str(own.pk)): "agreement, own",
        ("people.person", str(shared.pk)): "agreement",
        ("people.person", str(granted.pk)): "grant",
        ("victims.victimisation", str(own_victim.pk)): "own",
        ("victims.victimisation", str(granted_victim.pk)): "grant",
        ("offenders.cohortmembership", str(membership.pk)): "own",
    }
    assert {(e.reason, e.request_id) for e in events} == {("casework", events[0].request_id)}
    main = ("people.person", str(own.pk))
    assert all(e.detail == {"shown_with": own.pk} for key, e in logged.items() if key != main)
