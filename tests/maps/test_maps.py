"""Postcodes (the NSPL loader, the lookup, forms that place a record), the partnership map's layers
for two agencies, and the tile settings with the content security policy."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.asb import services as asb
from saferplaces.asb.forms import IncidentForm
from saferplaces.asb.models import AsbCase
from saferplaces.audit.models import AccessEvent
from saferplaces.core.middleware import page_policy
from saferplaces.geo import postcodes
from saferplaces.geo.models import Postcode
from saferplaces.insights.models import AssessmentRun, RunStatus
from saferplaces.maps import selectors
from saferplaces.places.forms import ActionForm
from tests.factories import UserFactory

# The NSPL's real header (February 2024 edition, abridged to a realistic subset of its columns).
HEADER = ("pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,oa21,cty,ced,laua,ward,ctry,rgn,"
          "pcon,lsoa11,msoa11,lsoa21,msoa21,lat,long,pfa,imd")


def nspl_row(pcds, lat, long, laua="E09000033", ward="E05013806", lsoa21="E01004734", doterm=""):
    compact = pcds.replace(" ", "")
    return (f"{compact},{pcds},{pcds},201001,{doterm},0,527000,181000,1,E00023456,E99999999,E99999999,{laua},"
            f"{ward},E92000001,E12000007,E14001172,E01004734,E02000960,{lsoa21},E02000960,{lat},{long},E23000001,"
            "12345")


def nspl(*rows):
    return "\n".join([HEADER, *rows]) + "\n"


@pytest.mark.django_db
def test_the_loader_reads_the_nspl_columns_and_filters_one_authority():
    text = nspl(nspl_row("W2 1DY", 51.518, -0.170),
                nspl_row("NW8 8EY", 51.5255, -0.1705, ward="E05013807"),
                nspl_row("NW1 0AA", 51.53, -0.14, laua="E09000007"),  # Camden: another authority
                nspl_row("W1A 0AX", 51.5185, -0.1437, doterm="202001"),  # terminated
                nspl_row("W1A 1AA", 99.999999, 0.0))  # no grid reference
    loaded = postcodes.load_nspl(text, lad="e09000033")
    assert loaded.result.ok and loaded.result.imported == 2
    assert loaded.skipped == {"terminated": 1, "without a grid point": 1, "in another local authority": 1}
    held = Postcode.objects.get(postcode="NW8 8EY")
    assert (held.latitude, held.longitude, held.lad_code, held.ward_code, held.lsoa_code) == (
        51.5255, -0.1705, "E09000033", "E05013807", "E01004734")
    assert not held.is_sample


@pytest.mark.django_db
def test_the_loader_reports_every_bad_row_and_loads_nothing():
    text = nspl(nspl_row("W2 1DY", 51.518, -0.170),
                nspl_row("NOT A PC", 51.5, -0.1),
                nspl_row("W2 1DZ", "north", -0.1),
                nspl_row("W2 1DY", 51.518, -0.170),  # repeats line 2
                nspl_row("W2 1EA", 527000, 181000),  # grid metres, not degrees
                nspl_row("W2 1EB", 51.5, -0.1, ward="Church St"))
    loaded = postcodes.load_nspl(text)
    assert not loaded.result.ok
    assert loaded.result.rejected == [
        (3, "pcds 'NOT A PC' is not a postcode"), (4, "lat 'north' is not a number"),
        (5, "postcode W2 1DY repeats line 2"),
        (6, "lat 527000.0, long 181000.0 is not a point in the United Kingdom"),
        (7, "ward 'Church St' is not an ONS ward code")]
    assert not Postcode.objects.exists()


@pytest.mark.django_db
def test_the_loader_refuses_a_file_without_the_nspl_columns(tmp_path):
    path = tmp_path / "lookup.csv"
    path.write_text("postcode,latitude,longitude\nW2 1DY,51.5,-0.17\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_postcodes", str(path), stderr=io.StringIO())
    path.write_text(nspl(nspl_row("W2 1DY", 51.518, -0.170)), encoding="utf-8")
    out = io.StringIO()
    call_command("load_postcodes", str(path), "--lad", "E09000033", stdout=out)
    assert "Loaded 1 postcodes" in out.getvalue() and postcodes.find("w21dy").latitude == 51.518


@pytest.mark.django_db
def test_lookup_normalises_what_is_typed(client, world):
    Postcode.objects.create(postcode="SW1A 2AA", latitude=51.5034, longitude=-0.1276)
    assert postcodes.normalise(" sw1a2aa ") == "SW1A 2AA" and postcodes.normalise("12345") is None
    assert postcodes.find("Sw1A  2aA").postcode == "SW1A 2AA" and postcodes.find("W2 1DY") is None
    client.force_login(world.users["caseworker"])
    found = client.get(reverse("geo:postcode_lookup"), {"postcode": "sw1a 2aa"}).json()
    assert found == {"postcode": "SW1A 2AA", "latitude": 51.5034, "longitude": -0.1276, "sample": False}
    assert "error" in client.get(reverse("geo:postcode_lookup"), {"postcode": "W2 1DY"}).json()
    assert client.get(reverse("geo:postcode_lookup"), {"postcode": "nonsense"}).status_code == 400


INCIDENT = {"occurred_on": "2018-01-05", "occurred_time": "20:30", "location": "Market", "kind": "noise",
            "description": "Loud music", "is_complaint": "on"}


@pytest.mark.django_db
def test_forms_fill_the_point_from_the_postcode_or_keep_the_marked_one(world):
    Postcode.objects.create(postcode="NW8 8EY", latitude=51.5255, longitude=-0.1705)
    data = {**INCIDENT, "reporting_agency": world.own.pk, "postcode": "nw88ey"}
    form = IncidentForm(data)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["latitude"], form.cleaned_data["longitude"], form.cleaned_data["point_from"]) == (
        51.5255, -0.1705, "postcode")
    # A click on the map (the hidden fields) wins over the postcode.
    form = IncidentForm({**data, "latitude": "51.52", "longitude": "-0.16"})
    assert form.is_valid() and form.incident_kwargs()["latitude"] == 51.52
    # Half a point, or a point outside the UK, is refused on the visible postcode field.
    assert "postcode" in IncidentForm({**data, "latitude": "51.52"}).errors
    assert "postcode" in IncidentForm({**data, "latitude": "10", "longitude": "10"}).errors
    # An unknown but real postcode saves without a point; a malformed one is an error.
    form = IncidentForm({**data, "postcode": "W2 1DY"})
    assert form.is_valid() and form.cleaned_data["latitude"] is None
    assert IncidentForm({**data, "postcode": "12345"}).errors["postcode"] == ["Enter a real postcode, like SW1A 1AA"]
    # The tasking action has no typed latitude or longitude any more: only the hidden point.
    action = ActionForm()
    assert action.fields["latitude"].widget.is_hidden and action.fields["longitude"].widget.is_hidden
    assert 'data-app-map="picker"' in str(action["postcode"])


@pytest.mark.django_db
def test_opening_a_case_by_postcode_places_it(client, world):
    Postcode.objects.create(postcode="W2 1DY", latitude=51.518, longitude=-0.170)
    client.force_login(world.users["caseworker"])
    response = client.post(reverse("asb:case_create"), {
        "title": "Noise", "location": "Demo Court", "case_postcode": "w2 1dy", "summary": "", "role": "complainant",
        "is_business": "person", "person": "", "name": "Mo Quiet", "date_of_birth": "", "address": "", "postcode": "",
        "confirm_new": "1"})
    assert response.status_code == 302
    case = AsbCase.objects.get()
    assert (case.latitude, case.longitude, case.postcode) == (51.518, -0.170, "W2 1DY")


def _hotspot_run():
    cells = [{"x": 527000.0, "y": 181000.0, "count": 40, "z": 3.1, "p_sim": 0.001, "gistar_class": "hot spot 99%",
              "trend_class": "persistent"},
             {"x": 527200.0, "y": 181000.0, "count": 2, "z": 0.1, "p_sim": 0.6, "gistar_class": "not significant",
              "trend_class": "no pattern"}]
    return AssessmentRun.objects.create(title="Assessment 2018", work_dir="/nowhere", status=RunStatus.FINISHED,
                                        summary={"hotspots": {"cell_size": 200.0, "cells": cells}})


@pytest.mark.django_db
def test_the_map_shows_each_agency_only_the_cases_it_may_see(client, world):
    own_user, other_user = world.users["caseworker"], UserFactory(agency=world.other, role=Role.CASEWORKER)
    ours = asb.case_open(actor=own_user, title="Ours", location="A", latitude=51.52, longitude=-0.17)
    theirs = asb.case_open(actor=other_user, title="Theirs", location="B", latitude=51.51, longitude=-0.13)
    asb.case_open(actor=own_user, title="Unplaced", location="C")
    incident = {"occurred_at": ours.created_at, "location": "A", "kind": "noise", "description": "x",
                "reporting_agency": world.own}
    asb.incident_add(actor=own_user, case=ours, latitude=51.521, longitude=-0.171, **incident)
    asb.incident_add(actor=other_user, case=theirs, latitude=51.511, longitude=-0.131,
                     **{**incident, "location": "B"})
    _hotspot_run()
    labels = {}
    for user in (own_user, other_user):
        layers = selectors.map_layers(actor=user, personal=True)
        labels[user] = ([f["properties"]["label"] for f in layers["cases"].features],
                        [f["properties"]["url"] for f in layers["incidents"].features])
        assert len(layers["hotspots"].features) == 1  # only the hot cell, as a square in longitude/latitude
        ring = layers["hotspots"].features[0]["geometry"]["coordinates"][0]
        assert all(-0.2 < lon < -0.1 and 51.4 < lat < 51.6 for lon, lat in ring)
    assert labels[own_user] == ([ours.reference], [ours.get_absolute_url()])
    assert labels[other_user] == ([theirs.reference], [theirs.get_absolute_url()])
    assert selectors.map_layers(actor=own_user, personal=False)["cases"].features == []
    # The page: without a reason no case; with one, the cases and a logged search.
    client.force_login(own_user)
    page = client.get(reverse("maps:map")).content.decode()
    assert "Ours" not in page and not AccessEvent.objects.filter(action="search").exists()
    response = client.get(reverse("maps:map"), {"reason": "casework"})
    page = response.content.decode()
    assert ours.reference in page and theirs.reference not in page and "Theirs" not in page
    event = AccessEvent.objects.get(action="search", record_type="asb.asbcase")
    assert event.detail == {"map": True, "cases": 1, "incidents": 1} and event.actor == own_user
    layers = json.loads(response.context["layers_json"])
    assert [f["properties"]["label"] for f in layers["cases"]["features"]] == [ours.reference]


@pytest.mark.django_db
def test_tiles_are_a_setting_and_the_policy_allows_their_host_only_then(client, world):
    client.force_login(world.users["caseworker"])
    # The tests' setting: the plain boundary view, and no other host for images.
    response = client.get(reverse("maps:map"))
    assert "&quot;tiles&quot;: null" in response.content.decode()
    assert "img-src 'self' data:;" in response["Content-Security-Policy"]
    assert "openstreetmap" not in page_policy("n")
    tiles = {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "attribution": "© OpenStreetMap", "max_zoom": 19}
    with override_settings(MAP_TILES=tiles):
        response = client.get(reverse("maps:map"))
        assert "img-src 'self' data: https://tile.openstreetmap.org;" in response["Content-Security-Policy"]
        assert "tile.openstreetmap.org/{z}/{x}/{y}.png" in response.content.decode()
    os_tiles = {"url": "https://api.os.uk/maps/raster/v1/zxy/Road_3857/{z}/{x}/{y}.png?key=k", "attribution": "OS"}
    with override_settings(MAP_TILES=os_tiles):
        assert "img-src 'self' data: https://api.os.uk;" in page_policy("n")


@pytest.mark.django_db
def test_the_boundary_outline_comes_from_the_configured_file(client, world, tmp_path):
    client.force_login(world.users["caseworker"])
    assert client.get(reverse("geo:boundary")).json() == {"type": "FeatureCollection", "features": []}
    wards = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
        "WD19CD": "E05000644", "WD19NM": "Church Street", "BNG_E": 527000},
        "geometry": {"type": "Polygon", "coordinates": [[[-0.18, 51.52], [-0.16, 51.52], [-0.16, 51.53],
                                                          [-0.18, 51.52]]]}}]}
    path = tmp_path / "wards.geojson"
    path.write_text(json.dumps(wards), encoding="utf-8")
    with override_settings(MAP_BOUNDARY_FILE=str(path)):
        outline = client.get(reverse("geo:boundary")).json()
    assert outline["features"][0]["properties"] == {"name": "Church Street"}
    # A broken file leaves the maps without an outline, not broken.
    (tmp_path / "broken.geojson").write_text("{not json", encoding="utf-8")
    with override_settings(MAP_BOUNDARY_FILE=str(tmp_path / "broken.geojson")):
        assert client.get(reverse("geo:boundary")).json()["features"] == []


@pytest.mark.django_db
def test_the_demo_postcodes_are_marked_as_samples():
    from saferplaces.geo import demo

    demo.load(io.StringIO())
    assert Postcode.objects.filter(is_sample=True).count() == len(demo.SAMPLE)
    assert not Postcode.objects.filter(is_sample=False).exists()
