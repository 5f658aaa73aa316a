import numpy as np
import pytest

from saferplaces.evidence.areas import count_by_area
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.geography import load_geography, to_bng
from saferplaces.evidence.load import load_police
from tests.evidence.police_files import row, write_street
from tests.evidence.tiny_geography import write_geography


def test_files_are_recognised_by_their_columns_whatever_the_case(tmp_path):
    geography = load_geography(write_geography(tmp_path / "geo"))
    assert set(geography.lsoas) == {"E01000001", "E01000002", "E01000003", "E01000004"}
    assert geography.wards["E05000002"].name == "Northward"  # lower-case wd19cd/wd19nm properties
    assert geography.lsoa_to_ward["E01000003"] == ("E05000002", "Northward")
    assert geography.ward_to_lad["E05000001"] == ("E09000099", "Tinyborough")


def test_a_folder_with_nothing_geographic_is_refused(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n")
    with pytest.raises(EvidenceError, match="no LSOA or ward boundaries"):
        load_geography(tmp_path)


def test_bng_projection_of_a_known_point():
    # Nelson's Column, Trafalgar Square: about 530,000 E, 180,400 N.
    x, y = to_bng([-0.12803], [51.50774])
    assert x[0] == pytest.approx(530000, abs=150) and y[0] == pytest.approx(180400, abs=150)


def test_blank_lsoas_are_placed_by_point_in_polygon(tmp_path):
    geography = load_geography(write_geography(tmp_path / "geo"))
    rows = [row("a", lsoa="", lsoa_name="", lon="-0.125", lat="51.515"),  # inside E01000004
            row("b", lsoa="", lsoa_name="", lon="-0.5", lat="51.9")]  # outside every LSOA
    data = load_police([write_street(tmp_path / "f.csv", rows)], geography)
    assert data.quality.blank_lsoa == 2 and data.quality.lsoa_filled == 1
    assert data.con.execute("SELECT lsoa_code FROM crimes WHERE crime_id = 'a'").fetchone() == ("E01000004",)


def test_counting_by_ward_includes_wards_with_no_crime_and_reports_the_unassigned(tmp_path):
    geography = load_geography(write_geography(tmp_path / "geo"))
    rows = [row("a", lsoa="E01000001"), row("b", lsoa="E01000002"), row("c", lsoa="E01999999"),
            row("", lsoa="E01000001", crime_type="Anti-social behaviour")]
    data = load_police([write_street(tmp_path / "f.csv", rows)], geography)
    wards = count_by_area(data.con, "ward", geography)
    assert dict(zip(wards.codes, wards.counts)) == {"E05000001": 2, "E05000002": 0}
    assert wards.unassigned == 1
    with_asb = count_by_area(data.con, "ward", geography, include_asb=True)
    assert dict(zip(with_asb.codes, with_asb.counts))["E05000001"] == 3
    lsoas = count_by_area(data.con, "lsoa", geography)
    assert len(lsoas.codes) == 4 and sum(lsoas.counts) == 2


def test_wards_from_boundaries_alone_when_there_is_no_lookup(tmp_path):
    geography = load_geography(write_geography(tmp_path / "geo", with_lookup=False))
    data = load_police([write_street(tmp_path / "f.csv", [row("a", lsoa="E01000003")])], geography)
    wards = count_by_area(data.con, "ward", geography)
    assert dict(zip(wards.codes, wards.counts)) == {"E05000001": 0, "E05000002": 1}


def test_locate_many_points_at_once(tmp_path):
    geography = load_geography(write_geography(tmp_path / "geo"))
    lon = np.array([-0.135, -0.125, -0.135, -0.125])
    lat = np.array([51.505, 51.505, 51.515, 51.515])
    assert geography.locate(geography.lsoas, lon, lat) == ["E01000001", "E01000002", "E01000003", "E01000004"]


def test_two_lsoa_vintages_keep_the_lookups_so_no_area_counts_twice(tmp_path):
    import json

    folder = write_geography(tmp_path / "geo")
    extra = {"type": "FeatureCollection", "features": [{"type": "Feature",
             "properties": {"LSOA21CD": "E01035001", "LSOA21NM": "New 001A"},
             "geometry": {"type": "Polygon", "coordinates": [[[-0.14, 51.5], [-0.13, 51.5], [-0.13, 51.51],
                                                              [-0.14, 51.5]]]}}]}
    (folder / "lsoa21.geojson").write_text(json.dumps(extra))
    geography = load_geography(folder)
    assert "E01035001" not in geography.lsoas and geography.set_aside == ("21",)
    assert len(geography.lsoas) == 4 and all(a.vintage == "11" for a in geography.lsoas.values())


def test_read_boundary_unions_features_and_projects_to_the_national_grid(tmp_path):
    import json

    from saferplaces.evidence.geography import read_boundary

    def square(x0, y0, side):
        return {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[
            [x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side], [x0, y0]]]}}

    lonlat = tmp_path / "lonlat.geojson"
    lonlat.write_text(json.dumps({"type": "FeatureCollection", "features": [
        square(-0.14, 51.51, 0.005), square(-0.135, 51.51, 0.005)]}))
    area = read_boundary(lonlat)
    min_x, min_y, max_x, max_y = area.bounds
    assert 529_000 < min_x < max_x < 530_000 and 180_000 < min_y < max_y < 181_500
    assert area.geom_type == "Polygon"  # the two touching squares became one
    metres = tmp_path / "bng.geojson"
    metres.write_text(json.dumps(square(529_000, 181_000, 100)["geometry"]))
    assert read_boundary(metres).area == 10_000
    points = tmp_path / "points.geojson"
    points.write_text(json.dumps({"type": "Point", "coordinates": [0, 0]}))
    with pytest.raises(EvidenceError, match="no polygon"):
        read_boundary(points)
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json")
    with pytest.raises(EvidenceError, match="not readable as GeoJSON"):
        read_boundary(bad)


def test_blank_lsoas_that_all_fall_outside_the_boundaries_are_left_blank(tmp_path):
    # London-wide files: every row with a blank LSOA lay outside the boundaries given, and the
    # update of no rows crashed the load ("executemany requires a non-empty list").
    geography = load_geography(write_geography(tmp_path / "geo"))
    rows = [row("a", lsoa="", lsoa_name="", lon="-0.5", lat="51.9"),
            row("b", lsoa="", lsoa_name="", lon="0.3", lat="51.2"), row("c", lsoa="E01000001")]
    data = load_police([write_street(tmp_path / "f.csv", rows)], geography)
    assert data.quality.blank_lsoa == 2 and data.quality.lsoa_filled == 0
    assert data.con.execute("SELECT count(*) FROM crimes WHERE lsoa_code IS NULL").fetchone() == (2,)
