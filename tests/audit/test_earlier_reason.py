"""The reason prompt offers the answer given earlier in the session instead of asking again
(WCAG 2.2 success criterion 3.3.7, Redundant Entry)."""

from django.urls import reverse

from saferplaces.audit.services import access_record


def _prompt(client, person):
    return client.get(reverse("people:detail", args=[person.pk])).content.decode()


def test_a_search_with_a_reason_leads_to_a_prompt_with_that_reason_selected(client, world):
    client.force_login(world.users["caseworker"])
    person = world.people["agreement"]
    client.get(reverse("people:list"), {"q": person.surname, "reason": "safeguarding", "justification": "Visit 7"})
    prompt = _prompt(client, person)
    assert 'value="safeguarding" class="govuk-radios__input" id="id_reason_1" required checked' in prompt
    assert "Visit 7</textarea>" in prompt
    assert "The reason you gave for your search at" in prompt
    assert person.surname not in prompt  # still asked: the record is shown only once it is confirmed


def test_without_an_earlier_reason_the_prompt_starts_empty(client, world):
    client.force_login(world.users["caseworker"])
    prompt = _prompt(client, world.people["agreement"])
    assert " checked" not in prompt and "The reason you gave" not in prompt


def test_a_reason_from_an_earlier_session_or_a_relationship_is_not_offered(client, world):
    actor = world.users["caseworker"]
    client.force_login(actor)
    client.get(reverse("people:list"), {"q": "Parker", "reason": "legal", "justification": "Old request"})
    client.logout()
    client.force_login(actor)
    access_record(actor=actor, action="view", record=world.people["own"], reason="relationship",
                  justification="Created this record", path="/people/")
    prompt = _prompt(client, world.people["agreement"])
    assert " checked" not in prompt and "Old request" not in prompt
