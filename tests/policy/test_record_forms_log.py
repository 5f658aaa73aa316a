"""The victim and cohort record forms show a person's data: they ask why first and log the view
with that reason, as record pages do (issue 18, finding 5)."""

import pytest
from django.urls import reverse

from saferplaces.audit.models import AccessEvent
from tests.access_table import membership, referral

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name, kwargs, record_type, shown", [
    ("victims:victimisation_create", lambda w: {"person_pk": w.people["own"].pk}, "people.person", "Owned"),
    ("victims:referral_update", lambda w: referral(w, "own"), "victims.referral", "Victim Support"),
    ("offenders:membership_create", lambda w: {"person_pk": w.people["own"].pk}, "people.person", "Owned"),
    ("offenders:membership_end", lambda w: membership(w, "own"), "offenders.cohortmembership", "Owned"),
])
def test_a_record_form_asks_why_then_logs_the_view(client, world, name, kwargs, record_type, shown):
    client.force_login(world.users["caseworker"])
    url = reverse(name, kwargs=kwargs(world))
    first = client.get(url).content.decode()
    assert "Why do you need to see this?" in first and shown not in first
    assert not AccessEvent.objects.filter(action="view").exists()
    client.post(url, {"justification-form": "1", "reason": "safeguarding"})
    assert shown in client.get(url).content.decode()
    assert AccessEvent.objects.filter(action="view", record_type=record_type, reason="safeguarding").exists()
