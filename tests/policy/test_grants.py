"""Granting and revoking access to one record, from the grant page."""

import pytest
from django.urls import reverse

from saferplaces.audit.models import AccessAction, AccessEvent
from saferplaces.people.models import Person
from saferplaces.policy import access
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
