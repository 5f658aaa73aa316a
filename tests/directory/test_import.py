"""Imports: an ORUK feed (JSON) and the CSV template, all or nothing, updates matched by id; a feed
exported by our API and imported into an empty directory round-trips unchanged."""

import json
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from saferplaces.accounts.roles import Role
from saferplaces.directory import csvfeed, feeds
from saferplaces.directory.models import (
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from saferplaces.geo.models import Postcode
from tests.directory.builders import make_full_service, make_service, term
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory(role=Role.COORDINATOR)


def _export(client) -> list:
    return json.loads(client.get("/directory/api/services", {"full": "true", "per_page": 500}).content)["contents"]


def _empty_the_directory():
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.all().delete()
    TaxonomyTerm.objects.all().delete()
    Taxonomy.objects.all().delete()


def test_a_feed_exported_by_our_api_round_trips_unchanged(client, coordinator):
    make_full_service()
    make_service("Second", needs=["fraud"], ages=(60, None), at=[(51.49, -0.13), (51.52, -0.17)])
    exported = _export(client)
    assert len(exported) == 2
    _empty_the_directory()
    assert Service.objects.count() == 0
    result = feeds.feed_import(actor=coordinator, text=json.dumps(exported))
    assert result.ok and result.imported == 2
    assert _export(client) == exported
    again = feeds.feed_import(actor=coordinator, text=json.dumps({"contents": exported}))  # a page works too
    assert again.ok and Service.objects.count() == 2 and ServiceAtLocation.objects.count() == 3
    assert _export(client) == exported


def test_a_feed_updates_by_id_and_keeps_the_agency_link(client, coordinator):
    service = make_service("Old name", agency=coordinator.agency, needs=["fraud", "housing"])
    feed = _export(client)
    feed[0]["name"] = "New name"
    feed[0]["attributes"] = feed[0]["attributes"][:1]
    assert feeds.feed_import(actor=coordinator, text=json.dumps(feed)).ok
    service.refresh_from_db()
    assert service.name == "New name" and Service.objects.count() == 1
    assert [t.term for t in service.taxonomy_terms.all()] == ["fraud"]
    assert service.organization.agency == coordinator.agency


def test_a_bad_feed_reports_every_problem_and_saves_nothing(coordinator):
    org = {"id": str(uuid.uuid4()), "name": "Org", "description": "An organisation"}
    good = {"id": str(uuid.uuid4()), "name": "Good", "status": "active", "organization": org}
    feed = [
        good,
        {"id": str(uuid.uuid4()), "status": "open", "organization": org},
        {"id": str(uuid.uuid4()), "name": "Ages", "status": "active", "organization": org, "minimum_age": 30,
         "maximum_age": 20},
        {**good},
        {"id": str(uuid.uuid4()), "name": "No organisation", "status": "active"},
    ]
    result = feeds.feed_import(actor=coordinator, text=json.dumps(feed))
    assert result.rejected == [
        (2, "name: is required"),
        (2, "status: 'open' is not one of active, inactive, defunct, temporarily closed"),
        (3, "minimum_age: must not be above maximum_age"),
        (4, "id: the service is also number 1 of the feed"),
        (5, "organization: is required (the organisation that provides the service)"),
    ]
    assert Service.objects.count() == 0 and Organization.objects.count() == 0
    assert feeds.feed_import(actor=coordinator, text="{not json").rejected[0][1].startswith("The file is not JSON")
    assert feeds.feed_import(actor=coordinator, text="[]").rejected == [(0, "the feed has no services")]


def test_only_coordinators_import(coordinator):
    with pytest.raises(PermissionDenied):
        feeds.feed_import(actor=UserFactory(role=Role.MANAGER), text="[]")
    with pytest.raises(PermissionDenied):
        csvfeed.csv_import(actor=UserFactory(role=Role.CASEWORKER), text="service_name,organization_name\n")


HEADER = ("service_name,organization_name,status,minimum_age,maximum_age,needs,address_1,postal_code,latitude,"
          "longitude,phone")


def test_the_csv_template_imports_one_row_per_service_at_a_place(coordinator):
    term("fraud")
    Postcode.objects.create(postcode="SW1A 1AA", latitude=51.5, longitude=-0.14)
    text = "\n".join([HEADER,
                      "Scam line,Safe Homes,,60,,fraud;older-people,1 High St,sw1a1aa,,,020 7946 0001",
                      "Scam line,Safe Homes,,60,,fraud;older-people,2 Low St,W1A 0AX,51.52,-0.15,020 7946 0001",
                      "Helpline,Safe Homes,active,,,,,,,,"])
    result = csvfeed.csv_import(actor=coordinator, text=text)
    assert result.ok and result.imported == 3
    scam = Service.objects.get(name="Scam line")
    places = sorted((p.location.addresses.get().address_1, p.location.latitude)
                    for p in scam.service_at_locations.select_related("location"))
    assert places == [("1 High St", 51.5), ("2 Low St", 51.52)]  # the first from the held postcode
    assert sorted(t.term for t in scam.taxonomy_terms.all()) == ["fraud", "older-people"]
    assert scam.contacts.get().phones.get().number == "020 7946 0001"
    assert Organization.objects.count() == 1
    again = csvfeed.csv_import(actor=coordinator, text=text.replace("60,,fraud", "65,,fraud"))
    assert again.ok
    assert Service.objects.count() == 2 and ServiceAtLocation.objects.count() == 2  # updated, not duplicated
    assert Service.objects.get(name="Scam line").minimum_age == 65


def test_the_csv_template_reports_every_bad_row(coordinator):
    term("fraud")
    text = "\n".join([HEADER,
                      "Good,Org,,,,fraud,,,,,",
                      ",Org,closed,abc,,nosuch,,,,,",
                      "Ages,Org,,30,20,,1 High St,not a postcode,51.5,,"])
    result = csvfeed.csv_import(actor=coordinator, text=text)
    lines = [line for line, _ in result.rejected]
    problems = [problem for _, problem in result.rejected]
    assert lines == [3, 3, 3, 3, 4, 4, 4]
    assert problems[:3] == ["service_name is empty", "status must be one of: active, inactive, defunct, "
                            "temporarily closed", "minimum_age must be a whole number from 0 to 130"]
    assert problems[3].startswith("needs: unknown codes nosuch")
    assert problems[4:] == ["minimum_age is above maximum_age",
                            "postal_code is not a UK postcode (a row with an address needs one)",
                            "latitude and longitude must be numbers in degrees, given together"]
    assert Service.objects.count() == 0


def test_the_command_imports_a_feed(tmp_path, client, coordinator):
    make_full_service()
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(_export(client)))
    _empty_the_directory()
    call_command("directory_import", str(path), user=coordinator.username)
    assert Service.objects.get().name == "Full service"


def test_the_import_pages(client, coordinator):
    client.force_login(coordinator)
    response = client.post("/directory/import/feed/", {"file": _upload("feed.json", b'[{"id": "x"}]')})
    text = response.content.decode()
    assert "Nothing was imported" in text and "name: is required" in text
    term("fraud")
    response = client.post("/directory/import/csv/", {"file": _upload("s.csv", b"service_name,organization_name,needs\n"
                                                                      b"Line,Org,fraud\n")})
    assert response.status_code == 302 and Service.objects.get().name == "Line"


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
