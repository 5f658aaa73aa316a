"""A party linked to a person record is a reference, not a copy: its details are shown only to those
who may see the person record (issue 18, finding 4 (e))."""

import datetime as dt

import pytest
from django.urls import reverse

from saferplaces.asb import enforcement, selectors, services
from saferplaces.asb.models import PartyRole, Task
from tests.asb.builders import TODAY, make_case
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(world):
    """A case of the own agency with Olive (held by it) as alleged perpetrator, and an officer of the
    other agency named on an open task: they take part in the case but may not see Olive's record."""
    olive = world.people["own"]
    olive.date_of_birth, olive.postcode, olive.address = dt.date(1991, 3, 4), "W2 9ZZ", "7 Secret Row"
    olive.save()
    case = make_case(world.own)
    party = services.party_add(actor=world.users["caseworker"], case=case, role=PartyRole.PERPETRATOR, person=olive)
    outsider = UserFactory(agency=world.other, role="caseworker")
    Task.objects.create(case=case, title="Visit", assigned_agency=world.other, assigned_to=outsider, due_on=TODAY)
    return case, party, outsider


def _case_page(client, user, case):
    client.force_login(user)
    url = reverse("asb:case_detail", kwargs={"pk": case.pk})
    client.post(url, {"justification-form": "1", "reason": "casework"})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_case_keeps_a_reference_not_a_copy(linked):
    _case, party, _outsider = linked
    party.refresh_from_db()
    assert (party.name, party.date_of_birth, party.address, party.postcode) == ("", None, "", "")


def test_who_may_not_see_the_person_sees_only_who_holds_them(client, world, linked):
    case, _party, outsider = linked
    html = _case_page(client, outsider, case)
    assert "A person held by Own Council" in html
    for detail in ("Olive", "Owned", "4 Mar 1991", "W2 9ZZ", "7 Secret Row"):
        assert detail not in html
    html = _case_page(client, world.users["caseworker"], case)
    assert "Olive Owned" in html and "4 Mar 1991" in html and "7 Secret Row" in html


def test_who_may_not_see_the_person_cannot_find_the_case_by_their_name_or_warn_them(world, linked):
    case, party, outsider = linked
    assert list(selectors.case_search(actor=outsider, query="Olive")) == []
    assert list(selectors.case_search(actor=world.users["caseworker"], query="Olive")) == [case]
    with pytest.raises(enforcement.EnforcementError, match="cannot see this person's record"):
        enforcement.warning_issue(actor=outsider, case=case, party=party, conduct="Noise", conditions="Stop")


def test_a_warning_to_a_linked_person_is_served_with_the_records_details(world, linked):
    case, party, _outsider = linked
    warning = enforcement.warning_issue(actor=world.users["caseworker"], case=case, party=party, conduct="Noise",
                                        conditions="Stop")
    assert (warning.recipient_name, warning.recipient_dob, warning.address) == (
        "Olive Owned", dt.date(1991, 3, 4), "7 Secret Row")


def test_a_typed_name_finds_a_similar_case_through_a_linked_person_only_for_who_may_see_them(world, linked):
    case, _party, outsider = linked
    assert selectors.similar_open_cases(actor=world.users["caseworker"], names=["olive owned"]) == [case]
    assert selectors.similar_open_cases(actor=outsider, names=["olive owned"]) == []
