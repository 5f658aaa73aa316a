"""Reading priority-area boundaries from GeoJSON: what is accepted, and the error for what is not."""

import json

import pytest

from saferplaces.places.boundaries import BoundaryError, area_containing, parse_boundary, svg_outline

SQUARE = [[0.0, 51.0], [1.0, 51.0], [1.0, 52.0], [0.0, 52.0], [0.0, 51.0]]
NEXT_SQUARE = [[1.0, 51.0], [2.0, 51.0], [2.0, 52.0], [1.0, 52.0], [1.0, 51.0]]


def feature(ring, **properties):
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def test_a_polygon_file_is_one_boundary():
    boundary = parse_boundary(collection(feature(SQUARE)))
    assert boundary.geometry["type"] == "Polygon"
    assert boundary.ward_codes == ()
    assert area_containing({"a": boundary.geometry}, 0.5, 51.5) == "a"
    assert area_containing({"a": boundary.geometry}, 1.5, 51.5) is None


def test_a_bare_geometry_and_a_single_feature_are_accepted():
    assert parse_boundary(json.dumps({"type": "Polygon", "coordinates": [SQUARE]})).geometry["type"] == "Polygon"
    assert parse_boundary(json.dumps(feature(SQUARE))).geometry["type"] == "Polygon"


def test_wards_are_joined_into_one_area_and_named():
    wards = collection(feature(SQUARE, WD22CD="E05000001", WD22NM="Church Street"),
                       feature(NEXT_SQUARE, WD22CD="E05000002", WD22NM="Little Venice"),
                       feature([[5, 51], [6, 51], [6, 52], [5, 52], [5, 51]], WD22CD="E05000003", WD22NM="Far"))
    boundary = parse_boundary(wards, ["e05000001", " E05000002"])
    assert boundary.ward_codes == ("E05000001", "E05000002")
    assert boundary.ward_names == ("Church Street", "Little Venice")
    # The two adjacent squares dissolve into one polygon; the third ward is not part of it.
    assert boundary.geometry["type"] == "Polygon"
    geometry = {"x": boundary.geometry}
    assert area_containing(geometry, 1.5, 51.5) == "x"
    assert area_containing(geometry, 1.0, 51.5) == "x"  # the shared edge is inside, not a gap
    assert area_containing(geometry, 5.5, 51.5) is None


@pytest.mark.parametrize("text, ward_codes, message", [
    ("not json", (), "not valid JSON"),
    ("[1, 2]", (), "not GeoJSON"),
    (json.dumps({"type": "FeatureCollection", "features": []}), (), "no features"),
    (json.dumps({"type": "Point", "coordinates": [0.1, 51.5]}), (), "Point is not an area"),
    (collection(feature([[530000, 180000], [531000, 180000], [531000, 181000], [530000, 180000]])), (),
     "not longitude/latitude"),
    (collection(feature([[0, 51], [1, 52], [1, 51], [0, 52], [0, 51]])), (), "not valid (Self-intersection"),
    (collection({"type": "Feature", "properties": {}, "geometry": None}), (), "Feature 1 has no geometry"),
    (collection(feature(SQUARE)), ("E05000001",), "not a ward boundary file"),
    (collection(feature(SQUARE, WD22CD="E05000001")), ("E05000001", "E05000009"),
     "Ward code E05000009 not in the file (it has 1 wards under WD22CD)"),
])
def test_unusable_files_say_what_is_wrong(text, ward_codes, message):
    with pytest.raises(BoundaryError) as error:
        parse_boundary(text, ward_codes)
    assert message in str(error.value)


def test_bytes_that_are_not_text_are_refused():
    with pytest.raises(BoundaryError, match="not text"):
        parse_boundary(b"\xff\xfe\x00binary")


def test_outline_keeps_the_shape_in_metres():
    """A square in degrees at 51.5N is about 1.6 times as tall as wide on the ground: the SVG shows that."""
    path, view_box = svg_outline({"type": "Polygon", "coordinates": [SQUARE]}, width=300, height=300, pad=0)
    points = [tuple(map(float, p.strip("MLZ ").split(","))) for p in path.split(" L")]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    assert view_box == "0 0 300 300"
    assert max(ys) - min(ys) == pytest.approx(300, abs=1)
    assert 1.4 < (max(ys) - min(ys)) / (max(xs) - min(xs)) < 1.8


def test_index_places_points_first_area_wins_and_matches_a_plain_polygon_test():
    """Cross-check against shapely's point-by-point ``covers`` on seeded random points."""
    import numpy as np
    from shapely.geometry import Point, shape

    from saferplaces.places.boundaries import AreaIndex

    big = {"type": "Polygon", "coordinates": [[[0, 51], [2, 51], [2, 52], [0, 52], [0, 51]]]}
    areas = {"west": {"type": "Polygon", "coordinates": [SQUARE]},
             "east": {"type": "Polygon", "coordinates": [NEXT_SQUARE]}}
    assert AreaIndex({"small": areas["west"], "big": big}).locate_many([0.5, 1.5], [51.5, 51.5]) == ["small", "big"]
    assert AreaIndex({"big": big, "small": areas["west"]}).locate_many([0.5], [51.5]) == ["big"]
    assert AreaIndex(areas).locate_many([], []) == []
    assert AreaIndex({}).locate_many([0.5], [51.5]) == [None]
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(-0.5, 2.5, 2000), rng.uniform(50.5, 52.5, 2000)
    ours = AreaIndex(areas).locate_many(lon, lat)
    shapes = {k: shape(g) for k, g in areas.items()}
    reference = [next((k for k, s in shapes.items() if s.covers(Point(x, y))), None) for x, y in zip(lon, lat)]
    assert ours == reference
    assert {"west", "east", None} == set(ours)
