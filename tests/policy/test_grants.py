"""Granting and revoking access to one record, from the grant page."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from saferplaces.audit.models import AccessAction, AccessEvent
from saferplaces.people.models import Person
from saferplaces.policy import access, services
from saferplaces.policy.models import AccessGrant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _grant_to_other(world, person):
    return AccessGrant.objects.create(record=person, grantee_agency=world.other, reason="Joint case",
                                      granted_by=world.users["dpo"])


def test_the_grant_page_lists_current_grants_with_a_revoke_form(client, world):
    person = world.people["own"]
    grant = _grant_to_other(world, person)
    client.force_login(world.users["manager"])
    page = client.get(reverse("policy:grant_create", kwargs={"record_type": "people.person", "pk": person.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("policy:grant_revoke", kwargs={"pk": grant.pk}) in html
    assert "csrfmiddlewaretoken" in html.split(reverse("policy:grant_revoke", kwargs={"pk": grant.pk}))[1]


def test_revoking_ends_the_access_it_gave_and_is_logged(client, world):
    person = world.people["own"]
    grant = _grant_to_other(world, person)
    outsider = UserFactory(agency=world.other, role="caseworker")
    assert access.can(outsider, "view", person)
    client.force_login(world.users["manager"])
    response = client.post(reverse("policy:grant_revoke", kwargs={"pk": grant.pk}))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert not access.can(outsider, "view", Person.objects.get(pk=person.pk))
    event = AccessEvent.objects.get(action=AccessAction.REVOKE)
    assert (event.actor, event.record_id, event.detail["grant_id"]) == (
        world.users["manager"], str(person.pk), grant.pk)


def test_revoking_needs_a_post_and_happens_once(client, world):
    grant = _grant_to_other(world, world.people["own"])
    client.force_login(world.users["manager"])
    url = reverse("policy:grant_revoke", kwargs={"pk": grant.pk})
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 404
    assert AccessEvent.objects.filter(action=AccessAction.REVOKE).count() == 1


def test_grants_on_records_the_user_cannot_grant_answer_404(client, world):
    grant = _grant_to_other(world, world.people["unrelated"])
    client.force_login(world.users["manager"])
    assert client.post(reverse("policy:grant_revoke", kwargs={"pk": grant.pk})).status_code == 404
    assert client.post(reverse("policy:grant_revoke", kwargs={"pk": 999999})).status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is None


# --- Issue 18, finding 4: only the owning agency grants; grantees cannot pass access on; grants expire ---


def test_a_manager_who_sees_a_record_through_an_agreement_cannot_grant_it(client, world):
    person = world.people["agreement"]
    manager = world.users["manager"]
    assert access.can(manager, "view", person)
    assert not access.can(manager, "grant", person)
    client.force_login(manager)
    url = reverse("policy:grant_create", kwargs={"record_type": "people.person", "pk": person.pk})
    assert client.get(url).status_code == 404
    response = client.post(url, {"grantee_agency": world.other.pk, "reason": "Pass it on"})
    assert response.status_code == 404
    assert not AccessGrant.objects.filter(object_id=person.pk, grantee_agency=world.other).exists()


def test_a_grantee_cannot_grant_the_record_on(world):
    person = world.people["grant"]
    for role in ("manager", "dpo"):
        assert not access.can(world.users[role], "grant", person), role
    with pytest.raises(PermissionDenied):
        services.grant_create(actor=world.users["manager"], record=person, reason="Re-grant",
                              grantee_agency=world.partner)


def test_a_dpo_grants_only_records_their_own_agency_holds(world):
    dpo = world.users["dpo"]
    assert access.can(dpo, "grant", world.people["own"])
    assert not access.can(dpo, "grant", world.people["agreement"])
    with pytest.raises(PermissionDenied):
        services.grant_create(actor=dpo, record=world.people["agreement"], reason="Fire safety visit",
                              grantee_agency=world.other)


def test_grants_expire_after_the_configured_number_of_days_by_default(world, settings):
    before = timezone.now()
    grant = services.grant_create(actor=world.users["manager"], record=world.people["own"], reason="Joint visit",
                                  grantee_agency=world.other)
    assert before + dt.timedelta(days=90) <= grant.expires_at <= timezone.now() + dt.timedelta(days=90)
    settings.SAFERPLACES_GRANT_DAYS = 7
    grant = services.grant_create(actor=world.users["manager"], record=world.people["own"], reason="Joint visit",
                                  grantee_agency=world.partner)
    assert grant.expires_at <= timezone.now() + dt.timedelta(days=7)


def test_the_grant_form_refuses_an_end_date_beyond_the_limit_or_in_the_past(client, world):
    person = world.people["own"]
    client.force_login(world.users["manager"])
    url = reverse("policy:grant_create", kwargs={"record_type": "people.person", "pk": person.pk})
    today = timezone.localdate()
    for ends in (today + dt.timedelta(days=91), today - dt.timedelta(days=1)):
        response = client.post(url, {"grantee_agency": world.other.pk, "reason": "Joint visit",
                                     "expires_on": ends.isoformat()})
        assert response.status_code == 200, ends
    assert not AccessGrant.objects.filter(object_id=person.pk, grantee_agency=world.other).exists()
    response = client.post(url, {"grantee_agency": world.other.pk, "reason": "Joint visit"})
    assert response.status_code == 302
    grant = AccessGrant.objects.get(object_id=person.pk, grantee_agency=world.other)
    assert grant.expires_at is not None
