"""Input that once made the server fail (issue 18, finding 9): each now gets a clear answer, never a 500."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saferplaces.core import csvimport
from saferplaces.offenders.models import CohortMembership
from saferplaces.people.models import Person
from tests.access_table import asb_case, places_loaded, plan_loaded

HUGE_ID = "12345678901234567890"  # 20 digits: beyond a 64-bit integer


@pytest.fixture
def signed_in(client, world):
    def as_role(role):
        client.force_login(world.users[role])
        return client
    return as_role


@pytest.mark.parametrize("year", ["0000", "9999"])
@pytest.mark.parametrize(("name", "parameter"), [
    ("offenders:overlap", "period"), ("offenders:overlap_export", "period"),
    ("places:report", "quarter"), ("places:report_csv", "quarter")])
def test_a_year_outside_the_calendar_is_not_found(signed_in, world, name, parameter, year):
    plan_loaded(world, "own")
    places_loaded(world, "own")
    client = signed_in("manager")
    for value in (f"{year}-Q1", f"{year}-Q4", f"{year}-12", f"{year}-01"):
        response = client.get(reverse(name), {parameter: value})
        assert response.status_code == 404, (value, response.status_code)


def test_a_twenty_digit_id_in_a_query_string_is_not_found(signed_in, world):
    places_loaded(world, "own")
    client = signed_in("manager")
    for parameter in ("agency", "area"):
        assert client.get(reverse("places:actions"), {parameter: HUGE_ID}).status_code == 404


def test_a_twenty_digit_choice_in_a_form_is_a_form_error(signed_in, world):
    client = signed_in("coordinator")
    response = client.post(reverse("places:meeting_create"), {
        "title": "Tasking", "held_on": "2025-01-06", "chair": HUGE_ID, "attendees": [HUGE_ID], "agencies": [HUGE_ID]})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"chair", "attendees", "agencies"} <= set(errors)


def test_huge_and_tiny_period_lengths_get_a_message(signed_in):
    client = signed_in("analyst")
    response = client.get(reverse("insights:evaluate_counts"), {
        "treated_before": "207", "treated_after": "110", "control_before": "308", "control_after": "318",
        "before_length": "1e300", "after_length": "0.001", "level": "0.9"})
    assert response.status_code == 200
    assert response.context["form"].errors
    for value in ("nan", "inf", "-inf"):
        response = client.get(reverse("insights:evaluate_counts"), {
            "treated_before": "1", "treated_after": "1", "control_before": "1", "control_after": "1",
            "before_length": value, "after_length": "1", "level": "0.9"})
        assert response.status_code == 200 and response.context["form"].errors


@pytest.mark.django_db
def test_a_csv_field_over_the_csv_modules_limit_is_a_problem_of_the_file():
    text = "name,size\n" + "x" * 200_000 + ",1\n"
    result = csvimport.run_import(text, columns=["name", "size"], required={"name", "size"},
                                  check=lambda line, row: (row, []), create=lambda clean: None)
    assert not result.ok
    assert "field larger than field limit" in result.rejected[0][1]


@pytest.mark.parametrize("body", [
    {"type": "FeatureCollection", "features": 5},
    {"type": "FeatureCollection", "features": "abc"},
    {"type": "FeatureCollection", "features": [5]},
    {"type": "Feature", "geometry": 5},
    {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": 5}},
    {"type": 5},
])
def test_geojson_of_the_wrong_shape_is_a_form_error(signed_in, body):
    client = signed_in("coordinator")
    upload = SimpleUploadedFile("area.geojson", json.dumps(body).encode())
    response = client.post(reverse("places:area_create"), {"name": "Odd", "boundary": upload})
    assert response.status_code == 200
    assert "boundary" in response.context["form"].errors


def test_deeply_nested_geojson_is_a_form_error(signed_in):
    client = signed_in("coordinator")
    nested = '{"type": "Polygon", "coordinates": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client.post(reverse("places:area_create"), {
        "name": "Deep", "boundary": SimpleUploadedFile("area.geojson", nested.encode())})
    assert response.status_code == 200
    assert "boundary" in response.context["form"].errors


@pytest.mark.parametrize("day", ["0001-01-01", "1066-10-14"])
def test_a_case_review_requested_in_antiquity_is_a_form_error(signed_in, world, day):
    client = signed_in("caseworker")
    response = client.post(reverse("asb:review_start", kwargs=asb_case(world, "own")),
                           {"applicant": "A victim", "requested_on": day})
    assert response.status_code == 200
    assert "requested_on" in response.context["form"].errors


@pytest.mark.parametrize(("column", "value", "problem"), [
    ("surname", "S" * 101, "surname is longer than 100 characters"),
    ("postcode", "W2 5EH" * 3, "postcode is longer than 10 characters"),
    ("forename", "Nul\x00Byte", "forename holds a NUL character"),
    ("notes", "a\x00b", "notes holds a NUL character"),
])
def test_imports_refuse_what_postgresql_would_refuse(signed_in, column, value, problem):
    client = signed_in("caseworker")
    row = {"person_reference": "P1", "forename": "Ada", "surname": "Long", "postcode": "W2 5EH", "cohort": "iom",
           "started_on": "2025-01-06", "notes": ""}
    row[column] = value
    text = ",".join(row) + "\n" + ",".join(row.values()) + "\n"
    upload = io.BytesIO(text.encode())
    upload.name = "cohort.csv"
    response = client.post(reverse("offenders:import"), {"file": upload})
    assert response.status_code == 200
    assert response.context["result"] is not None
    assert any(problem in message for _, message in response.context["result"].rejected)
    assert not CohortMembership.objects.exists() and not Person.objects.filter(source_reference="P1").exists()
