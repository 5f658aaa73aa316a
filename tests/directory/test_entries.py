"""The keepers' forms: making and editing an organisation and its services by hand, who may, what the
forms refuse, and that the ORUK API shows the result valid against the schema."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from saferplaces.accounts.roles import Role
from saferplaces.directory import schema, services_entries, taxonomy
from saferplaces.directory.models import Organization, Schedule, Service
from saferplaces.geo.models import Postcode
from tests.directory.builders import make_service, term
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def keeper(agency):
    return UserFactory(agency=agency, role=Role.MANAGER)


def _form(**changes):
    """A valid service form: a place by a known postcode, open Monday and Wednesday."""
    data = {"name": "Safe Steps", "description": "Advice after abuse", "eligibility_description": "Adults",
            "minimum_age": "18", "maximum_age": "", "fees": "", "status": "active", "url": "https://example.org",
            "email": "help@example.org", "victim_needs": [str(taxonomy.term_id("domestic-abuse"))],
            "other_needs": [str(taxonomy.term_id("housing"))], "contact_name": "Helpline",
            "phone": "020 7946 0000", "address_1": "1 Test Street", "city": "London", "postal_code": "sw1a1aa",
            "latitude": "", "longitude": "", "MO_opens": "09:00", "MO_closes": "17:00", "WE_opens": "10:00",
            "WE_closes": "13:30"}
    data.update(changes)
    return data


def _errors(response):
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def test_a_keeper_adds_an_organisation_and_a_service_that_the_api_shows(client, agency, keeper):
    term("housing")  # the vocabulary is loaded
    Postcode.objects.create(postcode="SW1A 1AA", latitude=51.5, longitude=-0.14)
    client.force_login(keeper)
    response = client.post("/directory/organisations/new/", {
        "name": "Westminster Advice", "description": "Advice centre", "website": "", "email": "",
        "agency": str(agency.pk)})
    assert response.status_code == 302
    org = Organization.objects.get(name="Westminster Advice")
    assert org.agency == agency
    response = client.post(f"/directory/organisations/{org.pk}/services/new/", _form())
    assert response.status_code == 302
    service = Service.objects.get(name="Safe Steps")
    assert service.assured_date == timezone.localdate() and service.assurer_email == keeper.email
    data = json.loads(client.get(f"/directory/api/services/{service.pk}").content)
    assert schema.problems(data, schema.RESPONSES["service"]) == []
    assert [a["taxonomy_term"]["name"] for a in data["attributes"]] == ["Domestic abuse", "Housing"]
    assert data["contacts"][0]["name"] == "Helpline"
    assert data["contacts"][0]["phones"][0]["number"] == "020 7946 0000"
    location = data["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) == (51.5, -0.14)
    assert location["addresses"][0]["postal_code"] == "SW1A 1AA"
    assert [(s["freq"], s["byday"], s["opens_at"], s["closes_at"]) for s in
            sorted(data["schedules"], key=lambda s: s["byday"])] == [
        ("WEEKLY", "MO", "09:00", "17:00"), ("WEEKLY", "WE", "10:00", "13:30")]
    listed = json.loads(client.get("/directory/api/services", {"full": "true"}).content)
    assert schema.problems(listed, schema.RESPONSES["full_service_page"]) == []
    assert [s["name"] for s in listed["contents"]] == ["Safe Steps"]


def test_editing_a_service_counts_as_a_review_and_keeps_other_schedules(client, agency, keeper):
    service = make_service("Old name", agency=agency, needs=("fraud",), reviewed=dt.date(2020, 1, 1))
    monthly = Schedule.objects.create(service=service, freq="MONTHLY", bymonthday="1")
    client.force_login(keeper)
    page = client.get(f"/directory/services/{service.pk}/edit/")
    assert page.status_code == 200
    assert page.context["form"].initial["victim_needs"] == [str(taxonomy.term_id("fraud"))]
    response = client.post(f"/directory/services/{service.pk}/edit/",
                           _form(name="New name", address_1="", postal_code="", TU_opens="08:00", TU_closes="12:00"))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "New name" and service.assured_date == timezone.localdate()
    assert sorted(service.attributes.values_list("taxonomy_term__term", flat=True)) == ["domestic-abuse", "housing"]
    assert sorted(service.schedules.values_list("byday", flat=True)) == ["", "MO", "TU", "WE"]
    assert Schedule.objects.filter(pk=monthly.pk).exists()
    assert service_entries_hours(service) == {"MO": ("09:00", "17:00"), "TU": ("08:00", "12:00"),
                                              "WE": ("10:00", "13:30")}
    assert not service.service_at_locations.exists()  # no address: no place


def service_entries_hours(service):
    return {day: (o.strftime("%H:%M"), c.strftime("%H:%M"))
            for day, (o, c) in services_entries.weekly_hours(service).items()}


def test_only_keepers_edit_and_others_get_not_found(client, agency, keeper):
    service = make_service("Kept", agency=agency)
    for outsider in (UserFactory(role=Role.MANAGER), UserFactory(agency=agency, role=Role.CASEWORKER)):
        client.force_login(outsider)
        assert client.get(f"/directory/services/{service.pk}/edit/").status_code == 404
        assert client.get(f"/directory/organisations/{service.organization_id}/edit/").status_code == 404
    entry = services_entries.Entry(fields={"name": "Taken"}, needs=[term("fraud")])
    with pytest.raises(PermissionDenied):
        services_entries.service_save(actor=UserFactory(role=Role.MANAGER), organization=service.organization,
                                      entry=entry)
    # An organisation linked to no agency is kept by the coordinators, who may also choose "no agency".
    unkept = make_service("Unkept").organization
    coordinator = UserFactory(role=Role.COORDINATOR)
    assert services_entries.agencies_for(coordinator) == [coordinator.agency, None]
    assert services_entries.agencies_for(keeper) == [agency]
    services_entries.service_save(actor=coordinator, organization=unkept, entry=entry)
    with pytest.raises(PermissionDenied):
        services_entries.service_save(actor=keeper, organization=unkept, entry=entry)
    with pytest.raises(PermissionDenied):  # a keeper cannot hand an organisation to no agency
        services_entries.organization_save(actor=keeper, name="Mine", description="D", agency=None)


def test_the_form_says_what_to_fix(client, agency, keeper):
    term("housing")
    org = make_service("Kept", agency=agency).organization
    client.force_login(keeper)
    url = f"/directory/organisations/{org.pk}/services/new/"
    response = client.post(url, _form(minimum_age="30", maximum_age="20", victim_needs=[], other_needs=[],
                                      MO_closes="08:00", TU_opens="09:00"))
    assert _errors(response) == {
        "maximum_age": ["The oldest age must be the same as the youngest or above it"],
        "victim_needs": ["Choose at least one need the service meets"],
        "latitude": ["We do not know where SW1A 1AA is: enter the place's latitude and longitude, "
                     "or check the postcode"],
        "MO_closes": ["The closing time on Monday must be after the opening time"],
        "TU_closes": ["Enter both the opening and the closing time on Tuesday, or neither"],
    }
    assert _errors(client.post(url, _form(postal_code=""))) == {"postal_code": ["Enter the postcode, like SW1P 4DR"]}
    assert _errors(client.post(url, _form(latitude="48.85", longitude="2.35"))) == {
        "latitude": ["The latitude and longitude are not in the United Kingdom"]}
    assert client.post(url, _form(latitude="51.4975", longitude="-0.1357")).status_code == 302  # entered by hand
    place = Service.objects.get(name="Safe Steps").service_at_locations.get().location
    assert (place.latitude, place.longitude) == (51.4975, -0.1357)
    assert Service.objects.filter(organization=org).count() == 2
