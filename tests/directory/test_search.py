"""The public search: by need, words, age and distance from a postcode (hand-worked distances)."""

import math

import pytest

from saferplaces.directory import selectors
from saferplaces.geo.models import Postcode
from tests.directory.builders import make_service, term

pytestmark = pytest.mark.django_db

HERE = (51.5, -0.14)


def test_haversine_distances_match_the_hand_worked_values():
    # 0.01 degree of latitude: R × 0.01 × π/180 = 6,371,008.8 × 0.000174533 = 1,111.95 m.
    assert selectors.distance_m(51.5, -0.14, 51.51, -0.14) == pytest.approx(1111.95, abs=0.01)
    # 0.02 degree of longitude at 51.5°N: 2R·asin(cos 51.5° · sin 0.01°) = 2R × 0.00010865 ≈ 1,384.4 m.
    expected = 2 * 6_371_008.8 * math.asin(math.cos(math.radians(51.5)) * math.sin(math.radians(0.01)))
    assert expected == pytest.approx(1384.4, abs=0.1)
    assert selectors.distance_m(51.5, -0.14, 51.5, -0.12) == pytest.approx(expected, abs=0.01)


def _names(hits):
    return [hit.service.name for hit in hits]


def test_search_by_need_keyword_and_age():
    make_service("Refuge", needs=["domestic-abuse"], ages=(16, None), description="Safe housing for women")
    make_service("Youth club", needs=["young-people-gangs"], ages=(11, 19), description="Evenings of sport")
    make_service("Advice line", needs=["domestic-abuse", "housing"], description="Phone advice")
    make_service("Closed refuge", needs=["domestic-abuse"], status="defunct")
    assert _names(selectors.search(term=term("domestic-abuse"))) == ["Advice line", "Refuge"]
    assert _names(selectors.search(keyword="SPORT")) == ["Youth club"]
    assert _names(selectors.search(keyword="housing")) == ["Advice line", "Refuge"]  # a need's name, a description
    assert _names(selectors.search(age=12)) == ["Advice line", "Youth club"]
    assert _names(selectors.search(age=16)) == ["Advice line", "Refuge", "Youth club"]
    assert _names(selectors.search(age=20)) == ["Advice line", "Refuge"]
    assert _names(selectors.search(term=term("domestic-abuse"), age=15)) == ["Advice line"]


def test_search_by_distance_uses_the_nearest_place_and_the_radius():
    make_service("North", at=[(51.51, -0.14)])  # 1,111.95 m
    make_service("East and far", at=[(51.5, -0.12), (51.6, -0.14)])  # nearest 1,384.4 m
    make_service("Phone only")
    hits = {hit.service.name: hit for hit in selectors.search(near=HERE)}
    assert hits["North"].distance_m == pytest.approx(1111.95, abs=0.01)
    assert hits["East and far"].distance_m == pytest.approx(1384.4, abs=0.1)
    assert hits["Phone only"].distance_m is None
    assert _names(selectors.search(near=HERE, within_m=1200)) == ["North"]
    assert _names(selectors.search(near=HERE, within_m=1609.344)) == ["East and far", "North"]


def test_the_page_searches_by_postcode_nearest_first(client):
    Postcode.objects.create(postcode="SW1A 1AA", latitude=51.5, longitude=-0.14)
    make_service("A far service", at=[(51.5, -0.12)], needs=["victims-of-crime"])
    make_service("B near service", at=[(51.51, -0.14)], needs=["victims-of-crime"])
    make_service("C other need", at=[(51.5, -0.14)], needs=["housing"])
    response = client.get("/directory/", {"need": str(term("victims-of-crime").id), "postcode": "sw1a1aa",
                                          "within": "1"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "2 services" in text and "near SW1A 1AA" in text
    assert text.index("B near service") < text.index("A far service")
    assert "C other need" not in text
    assert "0.7 miles" in text and "0.9 miles" in text  # 1,111.95 m and 1,384.4 m


def test_a_postcode_whose_location_is_not_held_is_said_so(client):
    make_service("Anything")
    response = client.get("/directory/", {"postcode": "W1A 0AX"})
    text = response.content.decode()
    assert "Error: " in text and "does not hold that postcode" in text
    response = client.get("/directory/", {"postcode": "XYZ 123"})
    assert "Enter a real postcode" in response.content.decode()


def test_sample_services_are_marked_and_the_victims_directory_lists_victims_needs(client):
    make_service("Sample victim line", needs=["victims-of-crime"], is_sample=True)
    make_service("Housing advice", needs=["housing"])
    text = client.get("/directory/").content.decode()
    assert "made up for the demonstration" in text
    text = client.get("/directory/victims/").content.decode()
    assert "Sample victim line" in text and "Housing advice" not in text
    assert "Sample" in text and "made up for the demonstration" in text
