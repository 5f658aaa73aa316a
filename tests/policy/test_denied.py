"""A refused request for a record that exists is logged as a ``denied`` access event (issue 18,
finding 5); a request for a missing record answers the same 404 and is not logged."""

import pytest
from django.urls import reverse

from saferplaces.audit.models import AccessAction, AccessEvent
from tests.asb.builders import asb_world

pytestmark = pytest.mark.django_db


def test_a_refused_person_is_logged_as_denied_without_their_name(client, world):
    hidden = world.people["unrelated"]
    client.force_login(world.users["caseworker"])
    assert client.get(reverse("people:detail", kwargs={"pk": hidden.pk})).status_code == 404
    event = AccessEvent.objects.get(action=AccessAction.DENIED)
    assert (event.actor, event.record_type, event.record_id) == (world.users["caseworker"], "people.person",
                                                                 str(hidden.pk))
    assert "Hidden" not in event.record_label and event.detail == {"action": "view"}


def test_a_missing_record_answers_the_same_and_is_not_logged(client, world):
    client.force_login(world.users["caseworker"])
    assert client.get(reverse("people:detail", kwargs={"pk": 987654})).status_code == 404
    assert not AccessEvent.objects.exists()


def test_a_refused_part_of_a_case_is_logged_against_its_case(client, world):
    cases = asb_world(world)
    client.force_login(world.users["caseworker"])
    attachment = cases["unrelated"].attachments.get()
    assert client.get(reverse("asb:attachment_download", kwargs={"pk": attachment.pk})).status_code == 404
    event = AccessEvent.objects.get(action=AccessAction.DENIED)
    assert (event.record_type, event.record_id) == ("asb.asbcase", str(cases["unrelated"].pk))
