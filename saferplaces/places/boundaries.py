"""Priority-area boundaries: reading a GeoJSON file into one (multi)polygon in WGS84, checking it
says what is wrong when it cannot be used, and testing which area holds a point.

A boundary comes either from a file of its own (every polygon in it is taken together) or from an
ONS ward boundary file and a list of ward codes (the wards' union: Church Street, Queen's Park and
the West End are wards or groups of wards in Westminster). Coordinates are longitude/latitude
(WGS84, EPSG:4326), as GeoJSON (RFC 7946) requires.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from shapely.geometry import mapping, shape
from shapely.ops import unary_union
from shapely.validation import explain_validity

from saferplaces.evidence.api import locate_points, to_bng

_WARD_CODE = re.compile(r"^wd(\d\d)cd$", re.I)
_WARD_NAME = re.compile(r"^wd(\d\d)nm$", re.I)
MAX_BYTES = 20 * 1024 * 1024


class BoundaryError(ValueError):
    """The boundary cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class Boundary:
    geometry: dict  # a GeoJSON Polygon or MultiPolygon, longitude/latitude
    ward_codes: tuple[str, ...]  # the wards it was made from, if any
    ward_names: tuple[str, ...]


def _features(data) -> list[dict]:
    if not isinstance(data, dict) or "type" not in data:
        raise BoundaryError("The file is JSON but not GeoJSON: it has no \"type\" (expected a FeatureCollection, "
                            "a Feature or a Polygon)")
    kind = data["type"]
    if kind == "FeatureCollection":
        features = data.get("features") or []
        if not isinstance(features, list):
            raise BoundaryError("The file's \"features\" is not a list of features")
    else:
        features = [data] if kind == "Feature" else [{"type": "Feature", "properties": {}, "geometry": data}]
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties") or {}, dict):
            raise BoundaryError(f"Feature {number} is not a GeoJSON feature (an object with a geometry)")
    return features


def _polygon(geometry: dict, where: str):
    try:
        shaped = shape(geometry)
    except Exception as error:  # shapely raises several types for malformed coordinates
        raise BoundaryError(f"{where}: the geometry cannot be read ({error})") from None
    if shaped.geom_type not in {"Polygon", "MultiPolygon"}:
        raise BoundaryError(f"{where}: a {shaped.geom_type} is not an area; draw the boundary as a polygon")
    if shaped.is_empty:
        raise BoundaryError(f"{where}: the polygon is empty")
    minx, miny, maxx, maxy = shaped.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise BoundaryError(
            f"{where}: coordinates such as ({minx:.0f}, {miny:.0f}) are not longitude/latitude. The file looks "
            "projected (British National Grid metres?); save it in WGS84 (EPSG:4326), as GeoJSON requires")
    if not shaped.is_valid:
        raise BoundaryError(f"{where}: the polygon is not valid ({explain_validity(shaped)}); correct it in a GIS "
                            "and upload it again")
    return shaped


def parse_boundary(text: str | bytes, ward_codes: list[str] | tuple[str, ...] = ()) -> Boundary:
    """Read a GeoJSON text into one boundary.

    Without ``ward_codes`` every polygon of the file is taken together. With them, the file must be an
    ONS ward boundary file (features with a ``WDyyCD`` property) and the boundary is the union of
    those wards; codes not in the file are named in the error.
    """
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise BoundaryError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BoundaryError("The file is not text (UTF-8); upload a .geojson file") from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise BoundaryError(f"The file is not valid JSON ({error})") from None
    except RecursionError:
        raise BoundaryError("The file nests lists too deeply to be a boundary") from None
    features = _features(data)
    if not features:
        raise BoundaryError("The file holds no features")
    codes = [c.strip().upper() for c in ward_codes if c.strip()]
    names: list[str] = []
    if codes:
        properties = features[0].get("properties") or {}
        code_key = next((k for k in properties if _WARD_CODE.match(k)), None)
        if code_key is None:
            raise BoundaryError("Ward codes were given but the file is not a ward boundary file: its features have "
                                "no ward code property such as WD22CD")
        name_key = next((k for k in properties if _WARD_NAME.match(k)), None)
        by_code = {str((f.get("properties") or {}).get(code_key, "")).upper(): f for f in features}
        missing = [c for c in codes if c not in by_code]
        if missing:
            raise BoundaryError(f"Ward code{'s' if len(missing) > 1 else ''} {', '.join(missing)} not in the file "
                                f"(it has {len(by_code)} wards under {code_key})")
        features = [by_code[c] for c in codes]
        names = [str((f.get("properties") or {}).get(name_key) or c) for c, f in zip(codes, features, strict=True)]
    polygons = []
    for number, feature in enumerate(features, start=1):
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or not geometry:
            raise BoundaryError(f"Feature {number} has no geometry")
        polygons.append(_polygon(geometry, f"Feature {number}"))
    union = unary_union(polygons)
    return Boundary(to_geojson(mapping(union)), tuple(codes), tuple(names))


def to_geojson(boundary_geometry: dict) -> dict:
    """Plain JSON (lists, not tuples) for storing in a JSON field."""
    return json.loads(json.dumps(boundary_geometry))


class AreaIndex:
    """Which area (``key → GeoJSON geometry``) holds each point; where areas overlap, the first area
    in the given order wins (the engine's ``locate_points``)."""

    def __init__(self, areas: dict):
        self.keys = list(areas)
        self.shapes = [shape(areas[key]) for key in self.keys]

    def locate_many(self, longitudes, latitudes) -> list:
        found = locate_points(self.shapes, longitudes, latitudes)
        return [self.keys[i] if i >= 0 else None for i in found.tolist()]

    def locate(self, longitude: float, latitude: float):
        return self.locate_many([longitude], [latitude])[0]


def area_containing(areas: dict, longitude: float, latitude: float):
    """The key of the first area (``key → GeoJSON geometry``) that covers the point, else None."""
    return AreaIndex(areas).locate(longitude, latitude)


def svg_outline(geometry: dict, width: int = 320, height: int = 240, pad: int = 8) -> tuple[str, str]:
    """An SVG path of the boundary and its viewBox, in British National Grid metres so that the
    shape is not stretched (a degree of longitude is shorter than a degree of latitude in London)."""
    shaped = shape(geometry)
    polygons = list(shaped.geoms) if shaped.geom_type == "MultiPolygon" else [shaped]
    rings = [ring for polygon in polygons for ring in [polygon.exterior, *polygon.interiors]]
    projected = []
    for ring in rings:
        xs, ys = to_bng([c[0] for c in ring.coords], [c[1] for c in ring.coords])
        projected.append(list(zip(xs.tolist(), ys.tolist(), strict=True)))
    all_x = [x for ring in projected for x, _ in ring]
    all_y = [y for ring in projected for _, y in ring]
    minx, maxx, miny, maxy = min(all_x), max(all_x), min(all_y), max(all_y)
    scale = min((width - 2 * pad) / max(maxx - minx, 1.0), (height - 2 * pad) / max(maxy - miny, 1.0))
    parts = []
    for ring in projected:
        points = [f"{pad + (x - minx) * scale:.1f},{height - pad - (y - miny) * scale:.1f}" for x, y in ring]
        parts.append("M" + " L".join(points) + " Z")
    return " ".join(parts), f"0 0 {width} {height}"
