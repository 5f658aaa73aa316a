"""Pages that show personal data ask why and log it; person pickers search rather than list everyone
(issue 18, finding 5)."""

import pytest
from django.urls import reverse

from saferplaces.asb.forms import PICKER_LIMIT
from saferplaces.asb.models import AsbCase
from saferplaces.audit.models import AccessEvent
from tests.asb.builders import make_case, make_party
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

OPEN = {"title": "Noise", "location": "Demo Court", "case_postcode": "", "summary": "", "role": "complainant",
        "is_business": "person", "person": "", "name": "", "date_of_birth": "", "address": "", "postcode": ""}


def test_the_party_picker_lists_nobody_until_a_search_with_a_reason(client, world):
    client.force_login(world.users["caseworker"])
    url = reverse("asb:case_create")
    html = client.get(url).content.decode()
    assert "Olive Owned" not in html and "Parker Shared" not in html and "Find a person record" in html
    html = client.get(url, {"person_q": "Olive"}).content.decode()  # no reason: no search
    assert "Olive Owned" not in html and not AccessEvent.objects.exists()
    html = client.get(url, {"person_q": "Olive", "reason": "casework"}).content.decode()
    assert "Olive Owned" in html and "Parker Shared" not in html and "1 found" in html
    event = AccessEvent.objects.get()
    assert (event.action, event.record_type, event.reason) == ("search", "people.person", "casework")
    assert event.detail["query"] == "Olive" and event.detail["results"] == 1


def test_a_person_the_search_cannot_find_cannot_be_linked(client, world):
    client.force_login(world.users["caseworker"])
    hidden = world.people["unrelated"]
    html = client.post(reverse("asb:case_create"), {**OPEN, "person": str(hidden.pk)}).content.decode()
    assert "Choose a person record found by the search" in html and "Una" not in html
    assert not AsbCase.objects.exists()
    response = client.post(reverse("asb:case_create"), {**OPEN, "person": str(world.people["own"].pk)})
    assert response.status_code == 302
    assert AsbCase.objects.get().parties.get().person == world.people["own"]


def test_the_picker_pages_its_matches_without_a_cap(client, world):
    for n in range(PICKER_LIMIT + 5):
        PersonFactory(owner_agency=world.own, forename=f"Many{n:02d}", surname="Namesake")
    client.force_login(world.users["caseworker"])
    search = {"person_q": "Namesake", "reason": "casework"}
    html = client.get(reverse("asb:case_create"), search).content.decode()
    assert html.count("Namesake (OWN") == PICKER_LIMIT and f"Matches 1 to {PICKER_LIMIT}, with more" in html
    assert "person_page=2" in html
    html = client.get(reverse("asb:case_create"), {**search, "person_page": "2"}).content.decode()
    assert html.count("Namesake (OWN") == 5 and f"Matches {PICKER_LIMIT + 1} to {PICKER_LIMIT + 5}" in html
    assert "Many24 Namesake" in html and "Many00 Namesake" not in html and "person_page=1" in html
    assert [e.detail["page"] for e in AccessEvent.objects.order_by("id")] == [1, 2]


def test_the_picker_finds_a_person_by_date_of_birth_and_postcode(client, world):
    import datetime as dt

    PersonFactory(owner_agency=world.own, forename="Dana", surname="Born", date_of_birth=dt.date(1990, 5, 1),
                  postcode="W25EH")
    PersonFactory(owner_agency=world.own, forename="Dana", surname="Later", date_of_birth=dt.date(1991, 5, 1),
                  postcode="W25EH")
    client.force_login(world.users["caseworker"])
    url = reverse("asb:case_create")
    html = client.get(url, {"person_q": "Dana 01/05/1990", "reason": "casework"}).content.decode()
    assert "Dana Born" in html and "Dana Later" not in html
    html = client.get(url, {"person_q": "1991-05-01 W2", "reason": "casework"}).content.decode()
    assert "Dana Later" in html and "Dana Born" not in html


def test_adding_a_party_asks_why_searches_and_logs(client, world):
    case = make_case(world.own)
    client.force_login(world.users["caseworker"])
    url = reverse("asb:party_add", kwargs={"pk": case.pk})
    assert "Why do you need to see this?" in client.get(url).content.decode()
    assert not AccessEvent.objects.exists()
    client.post(url, {"justification-form": "1", "reason": "casework"})
    html = client.get(url, {"person_q": "Olive", "reason": "safeguarding"}).content.decode()
    assert "Olive Owned" in html and "Parker Shared" not in html
    assert AccessEvent.objects.filter(action="view", record_type="asb.asbcase", reason="casework").exists()
    assert AccessEvent.objects.filter(action="search", record_type="people.person", reason="safeguarding").exists()


def test_the_warning_form_asks_why_before_naming_the_recipients_and_logs(client, world):
    case = make_case(world.own)
    make_party(case, name="Sam Loud")
    client.force_login(world.users["caseworker"])
    url = reverse("asb:warning_create", kwargs={"pk": case.pk})
    first = client.get(url).content.decode()
    assert "Why do you need to see this?" in first and "Sam Loud" not in first
    client.post(url, {"justification-form": "1", "reason": "casework"})
    assert "Sam Loud" in client.get(url).content.decode()
    assert AccessEvent.objects.filter(action="view", record_type="asb.asbcase", record_id=str(case.pk),
                                      reason="casework").exists()
