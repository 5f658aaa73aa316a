"""Reasons where they mean something: the actor's own part in a record is the reason for seeing it
(no prompt, the part recorded as the justification); every other first view in a session asks why."""

import pytest
from django.urls import reverse

from saferplaces.asb import services
from saferplaces.audit.models import AccessEvent, JustificationReason
from saferplaces.people import services as people_services
from saferplaces.policy.gate import FORM_MARKER
from tests.asb.builders import days_ago, make_case, make_party, make_warning
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _views(record):
    return list(AccessEvent.objects.filter(action="view", record_type=record._meta.label_lower,
                                           record_id=str(record.pk)).order_by("id"))


def _open(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_officer_who_opened_a_case_sees_it_at_once_with_the_relationship_logged(client, world):
    officer = world.users["caseworker"]
    case = services.case_open(actor=officer, title="Noise at Demo Court", location="Demo Court")
    html = _open(client, officer, case.get_absolute_url())
    assert FORM_MARKER not in html and case.reference in html
    [event] = _views(case)
    assert event.reason == JustificationReason.RELATIONSHIP == "relationship"
    assert event.justification == "Lead officer of this record" and event.actor == officer


def test_the_creator_is_not_asked_after_the_lead_passes_to_a_colleague(client, world):
    officer, colleague = world.users["caseworker"], world.users["manager"]
    case = services.case_open(actor=officer, title="Graffiti", location="Underpass")
    services.case_lead(actor=officer, case=case, lead_officer=colleague)
    assert FORM_MARKER not in _open(client, officer, case.get_absolute_url())
    assert [e.justification for e in _views(case)] == ["Created this record"]
    person = people_services.person_create(actor=officer, forename="Robin", surname="Hood")
    assert FORM_MARKER not in _open(client, officer, reverse("people:detail", kwargs={"pk": person.pk}))
    assert [(e.reason, e.justification) for e in _views(person)] == [("relationship", "Created this record")]


def test_a_colleague_with_no_part_in_the_case_is_asked_why_and_their_answer_is_logged(client, world):
    officer, colleague = world.users["caseworker"], world.users["manager"]
    case = services.case_open(actor=officer, title="Noise", location="Demo Court")
    url = case.get_absolute_url()
    html = _open(client, colleague, url)
    assert FORM_MARKER in html and case.title not in html and _views(case) == []
    client.post(url, {FORM_MARKER: "1", "reason": "meeting"})
    client.get(url)
    assert [(e.reason, e.actor) for e in _views(case)] == [("meeting", colleague)]


def test_nobody_may_claim_the_relationship_as_their_reason(client, world):
    case = make_case(world.own)
    url = case.get_absolute_url()
    client.force_login(world.users["manager"])
    html = client.post(url, {FORM_MARKER: "1", "reason": "relationship"}).content.decode()
    assert "Select a valid choice" in html and 'value="relationship"' not in html
    assert FORM_MARKER in client.get(url).content.decode() and _views(case) == []


def test_the_tasked_officer_of_another_agency_is_not_asked_while_the_task_is_open(client, world):
    lead = UserFactory(agency=world.other, role="caseworker")
    officer = world.users["caseworker"]
    case = make_case(world.other)
    warning = make_warning(case, make_party(case))
    task = services.task_add(actor=lead, case=case, title="Visit", assigned_agency=world.own, assigned_to=officer,
                             due_on=days_ago(-3))
    html = _open(client, officer, case.get_absolute_url())
    assert FORM_MARKER not in html
    assert [e.justification for e in _views(case)] == ["Officer named on an open task of this case"]
    # The warning shown with the case is logged with the same reason.
    assert [(e.reason, e.justification) for e in _views(warning)] == [
        ("relationship", "Officer named on an open task of this case")]
    assert FORM_MARKER not in _open(client, officer, warning.get_absolute_url())
    assert _views(warning)[-1].justification == "Officer named on an open task of its case"
    services.task_complete(actor=officer, task=task)
    assert client.get(case.get_absolute_url()).status_code == 404  # the task gave the access, and the reason


def test_the_lead_officer_of_a_case_opens_its_warning_without_a_prompt(client, world):
    officer = world.users["caseworker"]
    case = make_case(world.own, lead_officer=officer)
    warning = make_warning(case, make_party(case))
    assert FORM_MARKER not in _open(client, officer, warning.get_absolute_url())
    assert _views(warning)[-1].justification == "Lead officer of its case"
