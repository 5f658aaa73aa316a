"""The WDD test on police.uk crimes counted by month in boundaries (the web app's "Did it work?")."""

import datetime as dt
import json

import pytest

from saferplaces.evidence import api

HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
          "Last outcome category,Context\n")


def _square(path, lon, lat, half=0.005):
    ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half],
            [lon - half, lat - half]]
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [ring]}))
    return path


def _police(folder, crimes):
    """crimes: (month, longitude, latitude, crime type) → one street file per month."""
    by_month = {}
    for number, (month, lon, lat, kind) in enumerate(crimes):
        crime_id = "" if kind == "Anti-social behaviour" else f"id{number}"
        by_month.setdefault(month, []).append(f"{crime_id},{month},Met,Met,{lon},{lat},On or near X,E01000001,"
                                              f"Westminster 001A,{kind},,\n")
    for month, rows in by_month.items():
        (folder / month).mkdir(parents=True, exist_ok=True)
        (folder / month / f"{month}-metropolitan-street.csv").write_text(HEADER + "".join(rows))
    return folder


@pytest.fixture
def places(tmp_path):
    treated, control = (-0.15, 51.52), (-0.10, 51.52)
    crimes = []
    for month, t, c in (("2018-01", 6, 4), ("2018-02", 4, 4), ("2018-03", 3, 5), ("2018-04", 1, 3)):
        crimes += [(month, *treated, "Burglary")] * t + [(month, *control, "Burglary")] * c
    crimes += [("2018-03", *treated, "Anti-social behaviour")] * 5  # not crime: never counted
    crimes += [("2018-01", -0.30, 51.40, "Burglary")] * 2  # in neither area
    crimes += [("2018-04", *treated, "Robbery")]
    return {"police": _police(tmp_path / "police", crimes),
            "areas": {"treated": _square(tmp_path / "t.geojson", *treated),
                      "control": _square(tmp_path / "c.geojson", *control)}}


def test_crimes_are_counted_by_month_in_each_area(places):
    report = api.wdd_from_police([places["police"]], places["areas"], dt.date(2018, 3, 1), before=2, after=2)
    # Treated: 6 + 4 before, 3 + 1 + 1 robbery after; control 4 + 4 before, 5 + 3 after. ASB left out.
    assert report.period_unit == "months" and report.periods == (2.0, 2.0)
    assert (report.counts["treated"].before, report.counts["treated"].after) == (10, 5)
    assert (report.counts["control"].before, report.counts["control"].after) == (8, 8)
    assert report.outside_the_areas == 2
    same = api.wdd_from_counts((10, 5), (8, 8))
    assert report.result == same.result  # the same test as on the counts: WDD −5, SE √31


def test_one_crime_type_and_the_start_must_be_a_month(places):
    report = api.wdd_from_police([places["police"]], places["areas"], dt.date(2018, 3, 1), before=2, after=2,
                                 crime_types=["Robbery"])
    assert (report.counts["treated"].before, report.counts["treated"].after) == (0, 1)
    with pytest.raises(api.EvidenceError, match="first of a month"):
        api.wdd_from_police([places["police"]], places["areas"], dt.date(2018, 3, 15))
    with pytest.raises(api.ParameterError, match="control"):
        api.wdd_from_police([places["police"]], {"treated": places["areas"]["treated"]}, dt.date(2018, 3, 1))
