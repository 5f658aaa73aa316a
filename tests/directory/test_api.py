"""The ORUK API: responses valid against the ORUK 3.0 schema (directory/schema.py), the standard's
pagination envelope and filters."""

import json

import pytest

from saferplaces.directory import schema, taxonomy
from saferplaces.geo.models import Postcode
from tests.directory.builders import make_full_service, make_service, term

pytestmark = pytest.mark.django_db


def _get(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def _valid(data, name):
    assert schema.problems(data, schema.RESPONSES[name]) == []
    return data


def test_the_checker_finds_what_breaks_the_schema():
    broken = {"id": "not-a-uuid", "status": "open", "minimum_age": "12", "organization": {"id": taxonomy.NAMESPACE.hex},
              "contacts": [{"phones": [{"id": str(taxonomy.NAMESPACE)}]}]}
    assert schema.problems(broken, schema.RESPONSES["service"]) == [
        "name: is required",
        "id: 'not-a-uuid' is not a valid uuid",
        "status: 'open' is not one of active, inactive, defunct, temporarily closed",
        "minimum_age: must be a number",
        "organization.name: is required",
        "organization.description: is required",
        "contacts[0].id: is required",
        "contacts[0].phones[0].number: is required",
    ]


def test_every_endpoint_answers_valid_oruk(client):
    full = make_full_service()
    make_service("Plain")
    _valid(_get(client, f"/directory/api/services/{full.pk}"), "service")
    listed = _valid(_get(client, "/directory/api/services"), "service_page")
    assert [s["name"] for s in listed["contents"]] == ["Full service", "Plain"]
    assert "service_at_locations" not in listed["contents"][0]  # one-to-one fields only
    nested = _valid(_get(client, "/directory/api/services", full="true"), "full_service_page")
    assert nested["contents"][0]["attributes"][0]["taxonomy_term"]["name"] == "Domestic abuse"
    _valid(_get(client, "/directory/api/taxonomies"), "taxonomy_page")
    _valid(_get(client, f"/directory/api/taxonomies/{taxonomy.TAXONOMY_ID}"), "taxonomy")
    terms = _valid(_get(client, "/directory/api/taxonomy_terms", per_page=100), "taxonomy_term_page")
    assert terms["total_items"] == len(taxonomy.TERMS)
    _valid(_get(client, f"/directory/api/taxonomy_terms/{taxonomy.term_id('fraud')}"), "taxonomy_term")
    assert _get(client, "/directory/api/")["version"] == "3.0"


def test_a_full_service_carries_every_part(client):
    full = make_full_service()
    data = _get(client, f"/directory/api/services/{full.pk}")
    assert data["minimum_age"] == 16 and data["maximum_age"] == 65 and data["assured_date"] == "2026-11-01"
    assert data["organization"]["id"] == str(full.organization_id)
    assert [p["number"] for c in data["contacts"] for p in c["phones"]] == ["020 7946 0999"]
    assert {s.get("byday", s.get("bymonthday")) for s in data["schedules"]} == {"MO,TU", "1"}
    assert data["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "SW1A 1AA"
    assert data["service_areas"][0]["service_area"] == "The City of Westminster"


def test_pages_follow_the_standards_envelope(client):
    for name in ("A", "B", "C"):
        make_service(name)
    first = _get(client, "/directory/api/services", per_page=2)
    assert {k: v for k, v in first.items() if k != "contents"} == {
        "total_items": 3, "total_pages": 2, "page_number": 1, "size": 2, "first_page": True, "last_page": False,
        "empty": False}
    second = _get(client, "/directory/api/services", per_page=2, page=2)
    assert [s["name"] for s in second["contents"]] == ["C"]
    assert second["size"] == 1 and second["last_page"] and not second["first_page"]
    beyond = _valid(_get(client, "/directory/api/services", per_page=2, page=3), "service_page")
    assert beyond["contents"] == [] and beyond["size"] == 0


def test_the_standards_filters(client):
    make_service("Youth", needs=["young-people-gangs"], ages=(11, 19), description="sport")
    make_service("Adults", needs=["housing"], ages=(18, 65))
    make_service("Any age", needs=["housing"])

    def names(**query):
        return [s["name"] for s in _get(client, "/directory/api/services", **query)["contents"]]

    assert names(taxonomy_term_id=str(term("housing").id)) == ["Adults", "Any age"]
    assert names(taxonomy_id=str(taxonomy.TAXONOMY_ID)) == ["Adults", "Any age", "Youth"]
    assert names(search="SPORT") == ["Youth"]
    assert names(minimum_age=12) == ["Adults"]  # minimum age at least 12
    assert names(maximum_age=20) == ["Youth"]  # maximum age at most 20
    assert client.get("/directory/api/services", {"page": "x"}).status_code == 400
    assert client.get("/directory/api/services", {"taxonomy_term_id": "x"}).status_code == 400
    assert client.get("/directory/api/services/6f1d2a4e-3c0b-5d8e-9a71-2b4c6d8e0f13").status_code == 404


def test_postcode_and_proximity(client):
    Postcode.objects.create(postcode="SW1A 1AA", latitude=51.5, longitude=-0.14)
    make_service("Far", at=[(51.5, -0.12)])  # 1,384.4 m
    make_service("Near", at=[(51.51, -0.14)])  # 1,111.95 m
    names = [s["name"] for s in _get(client, "/directory/api/services", postcode="SW1A1AA")["contents"]]
    assert names == ["Near", "Far"]
    names = [s["name"] for s in _get(client, "/directory/api/services", postcode="SW1A 1AA",
                                     proximity=1200)["contents"]]
    assert names == ["Near"]
    assert client.get("/directory/api/services", {"postcode": "W1A 0AX"}).status_code == 400
