"""Geography: boundaries (GeoJSON), ONS lookups (LSOA → ward → local authority, any vintage),
point-in-polygon, and the British National Grid for distances.

Files are recognised by their content, not their names: a GeoJSON whose features carry an
``LSOA11CD``/``LSOA21CD`` property holds LSOA boundaries, ``WD19CD``/``WD22CD``… wards; a CSV with
LSOA and ward code columns is a lookup. Column names are matched case-insensitively, as ONS
capitalisation varies between releases.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely import STRtree, points
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from saferplaces.evidence.errors import InputError
from saferplaces.evidence.textfiles import open_text, read_text

_LSOA = re.compile(r"^lsoa(\d\d)cd$", re.I)
_LSOA_NAME = re.compile(r"^lsoa(\d\d)nm$", re.I)
_WARD = re.compile(r"^wd(\d\d)cd$", re.I)
_WARD_NAME = re.compile(r"^wd(\d\d)nm$", re.I)
_LAD = re.compile(r"^lad(\d\d)cd$", re.I)
_LAD_NAME = re.compile(r"^lad(\d\d)nm$", re.I)
_REGION = re.compile(r"^rgn(\d\d)cd$", re.I)
_REGION_NAME = re.compile(r"^rgn(\d\d)nm$", re.I)


@lru_cache(maxsize=1)
def _transformer() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def to_bng(longitude, latitude) -> tuple[np.ndarray, np.ndarray]:
    """Longitude/latitude (WGS84) to British National Grid easting/northing in metres (EPSG:27700).

    Parameters
    ----------
    longitude, latitude : array_like of float
        Points in degrees (EPSG:4326).

    Returns
    -------
    x, y : numpy.ndarray
        Eastings and northings in metres, by the PROJ transformation pyproj chooses.
    """
    x, y = _transformer().transform(np.asarray(longitude, dtype=float), np.asarray(latitude, dtype=float))
    return np.asarray(x), np.asarray(y)


def locate_points(geometries: list, x, y) -> np.ndarray:
    """For each point, the index of the first geometry (in list order) that covers it, else -1.

    One vectorised STRtree query. For a point, ``intersects`` a polygon means it lies inside or on
    the boundary, so the shared edge of two neighbouring areas is not a gap.

    Parameters
    ----------
    geometries : list of shapely geometries
        The areas, in the coordinates of the points; where they overlap the first listed wins.
    x, y : array_like of float
        The points.

    Returns
    -------
    numpy.ndarray of int64
        Index into ``geometries`` for each point, or -1 for a point in none.
    """

    x = np.asarray(x, dtype=float)
    found = np.full(len(x), -1, dtype=np.int64)
    if not len(geometries) or not len(x):
        return found
    point_index, area_index = STRtree(geometries).query(points(np.column_stack([x, np.asarray(y, dtype=float)])),
                                                        predicate="intersects")
    order = np.lexsort((area_index, point_index))  # by point, then by area order
    point_index, area_index = point_index[order], area_index[order]
    first = np.ones(len(point_index), dtype=bool)
    first[1:] = point_index[1:] != point_index[:-1]
    found[point_index[first]] = area_index[first]
    return found


def geometry_to_bng(geometry):
    """A shapely geometry in longitude/latitude transformed to the British National Grid; returned
    unchanged when its coordinates are plainly metres already (any beyond ±180 or ±90)."""
    min_x, min_y, max_x, max_y = geometry.bounds
    if max(abs(min_x), abs(max_x)) > 180 or max(abs(min_y), abs(max_y)) > 90:
        return geometry

    return shapely.transform(geometry, lambda coords: np.column_stack(to_bng(coords[:, 0], coords[:, 1])))


def read_boundary(path: str | Path):
    """One area's boundary from a GeoJSON file, in British National Grid metres.

    The file may hold a FeatureCollection (all its polygons together make the area), one Feature or
    a bare geometry. Coordinates are longitude/latitude as GeoJSON requires (RFC 7946), unless every
    coordinate is beyond their range, in which case they are taken to be National Grid metres
    already (files exported from GIS in EPSG:27700).
    """
    path = Path(path)
    try:
        data = json.loads(read_text(path))
    except ValueError as error:
        raise InputError(f"{path}: not readable as GeoJSON ({error})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: not a GeoJSON object")
    if data.get("type") == "FeatureCollection":
        geometries = [f.get("geometry") for f in data.get("features") or []]
    elif data.get("type") == "Feature":
        geometries = [data.get("geometry")]
    else:
        geometries = [data]
    try:
        shapes = [shape(g) for g in geometries if g]
    except (ValueError, TypeError, AttributeError, KeyError) as error:
        raise InputError(f"{path}: a geometry cannot be read ({error})") from None
    polygons = [s for s in shapes if s.geom_type in ("Polygon", "MultiPolygon") and not s.is_empty]
    if not polygons:
        raise InputError(f"{path}: no polygon in the file")
    area = geometry_to_bng(unary_union(polygons))
    return area if area.is_valid else shapely.make_valid(area)


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    geometry: BaseGeometry  # longitude/latitude
    vintage: str  # "11", "21", … from the column name


@dataclass
class Geography:
    """Boundaries and lookups for one place. Any part may be missing; methods say what they need."""

    lsoas: dict[str, Area] = field(default_factory=dict)
    wards: dict[str, Area] = field(default_factory=dict)
    lsoa_to_ward: dict[str, tuple[str, str]] = field(default_factory=dict)  # lsoa → (ward code, name)
    ward_to_lad: dict[str, tuple[str, str]] = field(default_factory=dict)
    lad_to_region: dict[str, tuple[str, str]] = field(default_factory=dict)  # LAD code → (region code, name)
    lsoa_names: dict[str, str] = field(default_factory=dict)
    lookup_vintage: str | None = None
    extra_files: list[Path] = field(default_factory=list)  # CSVs that are not lookups (e.g. IMD)
    lsoa_vintages: dict[str, dict[str, Area]] = field(default_factory=dict)  # as read, by vintage
    set_aside: tuple[str, ...] = ()  # LSOA vintages read but not used

    # -- reading -------------------------------------------------------------------------------
    def add_geojson(self, path: Path) -> bool:
        try:
            data = json.loads(read_text(path))
        except ValueError as error:
            raise InputError(f"{path}: not readable as GeoJSON ({error})") from None
        features = data.get("features") or []
        if not features:
            return False
        props = features[0].get("properties") or {}
        for pattern, name_pattern, kind in ((_LSOA, _LSOA_NAME, "lsoa"), (_WARD, _WARD_NAME, "ward")):
            found = next(((k, m) for k in props if (m := pattern.match(k))), None)
            if found is None:
                continue
            code_key, code_match = found
            name_key = next((k for k in props if name_pattern.match(k)), None)
            vintage = code_match.group(1)
            # LSOA codes mostly carry over between vintages: keep each vintage apart until one is chosen.
            target = self.lsoa_vintages.setdefault(vintage, {}) if kind == "lsoa" else self.wards
            for number, feature in enumerate(features, start=1):
                properties = feature.get("properties") or {}
                code = properties.get(code_key)
                if not code or not feature.get("geometry"):
                    raise InputError(f"{path} feature {number}: no {code_key} or no geometry")
                target[code] = Area(code, properties.get(name_key) or code, shape(feature["geometry"]), vintage)
            return True
        return False

    def add_lookup(self, path: Path) -> bool:
        with open_text(path) as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []

            def find(pattern):
                return next((c for c in columns if pattern.match(c.strip())), None)

            lsoa, ward = find(_LSOA), find(_WARD)
            if lsoa is None or ward is None:
                return False
            lsoa_name, ward_name, lad, lad_name = find(_LSOA_NAME), find(_WARD_NAME), find(_LAD), find(_LAD_NAME)
            vintage = _LSOA.match(lsoa.strip())
            self.lookup_vintage = vintage.group(1) if vintage else None
            for line, row in enumerate(reader, start=2):
                if not row.get(lsoa) or not row.get(ward):
                    raise InputError(f"{path} line {line}: blank {lsoa} or {ward}")
                self.lsoa_to_ward[row[lsoa]] = (row[ward], row.get(ward_name) or row[ward])
                if lsoa_name:
                    self.lsoa_names[row[lsoa]] = row[lsoa_name]
                if lad:
                    self.ward_to_lad[row[ward]] = (row[lad], row.get(lad_name) or row[lad])
        return True

    def add_region_lookup(self, path: Path) -> bool:
        """Read an ONS local authority to region lookup (``LAD22CD``, ``RGN22CD``, ``RGN22NM`` …);
        False when the file is not one. Regions name what a report covers; nothing is counted by them."""
        reader = csv.DictReader(open_text(path))
        columns = [c.strip() for c in reader.fieldnames or []]
        lad = next((c for c in columns if _LAD.match(c)), None)
        region = next((c for c in columns if _REGION.match(c)), None)
        if lad is None or region is None:
            return False
        region_name = next((c for c in columns if _REGION_NAME.match(c)), None)
        reader.fieldnames = columns
        for line, row in enumerate(reader, start=2):
            if not row.get(lad) or not row.get(region):
                raise InputError(f"{path} line {line}: blank {lad} or {region}")
            self.lad_to_region[row[lad].strip()] = (row[region].strip(),
                                                    (row.get(region_name) or row[region]).strip())
        return True

    def keep_one_lsoa_vintage(self) -> None:
        """Use one LSOA vintage's boundaries (2011 or 2021): the lookup's, else the latest, so that
        no area is counted twice; the others are named in ``set_aside``."""
        if not self.lsoa_vintages:
            return
        keep = self.lookup_vintage if self.lookup_vintage in self.lsoa_vintages else max(self.lsoa_vintages)
        self.lsoas = dict(self.lsoa_vintages[keep])
        self.set_aside = tuple(sorted(v for v in self.lsoa_vintages if v != keep))

    # -- using ---------------------------------------------------------------------------------
    def ward_name(self, code: str) -> str:
        if code in self.wards:
            return self.wards[code].name
        return next((name for ward, name in self.lsoa_to_ward.values() if ward == code), code)

    def lsoa_code_sets(self) -> tuple[set[str] | None, set[str] | None]:
        """LSOA codes known in each vintage (2011, 2021) from boundaries and lookups, else None."""
        by_vintage: dict[str, set[str]] = {}
        for area in self.lsoas.values():
            by_vintage.setdefault(area.vintage, set()).add(area.code)
        if self.lookup_vintage:
            by_vintage.setdefault(self.lookup_vintage, set()).update(self.lsoa_to_ward)
        return by_vintage.get("11"), by_vintage.get("21")

    def locate(self, areas: dict[str, Area], longitude, latitude) -> list[str | None]:
        """The code of the area containing each point (None outside every area)."""
        if not areas:
            raise InputError("point-in-polygon needs boundaries: give a geography folder with GeoJSON")
        codes = list(areas)
        found = locate_points([areas[c].geometry for c in codes], longitude, latitude)
        return [codes[i] if i >= 0 else None for i in found.tolist()]

    def fill_blank_lsoas(self, con) -> int:
        """Place crimes with no LSOA code in an LSOA by their coordinates; return how many."""
        if not self.lsoas:
            return 0
        rows = con.execute(
            "SELECT rowid, longitude, latitude FROM crimes WHERE lsoa_code IS NULL AND longitude IS NOT NULL"
        ).fetchall()
        if not rows:
            return 0
        codes = self.locate(self.lsoas, [r[1] for r in rows], [r[2] for r in rows])
        updates = [(code, self.lsoas[code].name, rid) for (rid, _, _), code in zip(rows, codes, strict=True) if code]
        if updates:  # none when every such point lies outside the boundaries (DuckDB refuses an empty list)
            con.executemany("UPDATE crimes SET lsoa_code = ?, lsoa_name = ? WHERE rowid = ?", updates)
        return len(updates)

    def ward_assignments(self, lsoa_codes) -> dict[str, tuple[str, str]]:
        """LSOA code → (ward code, ward name): from the lookup, else from the LSOA's centroid's ward."""
        out = {code: self.lsoa_to_ward[code] for code in lsoa_codes if code in self.lsoa_to_ward}
        unplaced = [code for code in lsoa_codes if code not in out and code in self.lsoas]
        if unplaced and self.wards:
            centroids = [self.lsoas[c].geometry.representative_point() for c in unplaced]
            wards = self.locate(self.wards, [p.x for p in centroids], [p.y for p in centroids])
            for code, ward in zip(unplaced, wards, strict=True):
                if ward:
                    out[code] = (ward, self.wards[ward].name)
        return out


def load_geography(folders) -> Geography:
    """Read every GeoJSON boundary file and ONS lookup CSV in one folder or several; other CSVs
    (deprivation, population) are kept in ``extra_files`` for the VLI."""
    folders = [folders] if isinstance(folders, (str, Path)) else list(folders)
    geography = Geography()
    for folder in map(Path, folders):
        if not folder.is_dir():
            raise InputError(f"{folder}: geography must be a folder of GeoJSON and lookup CSV files")
        for path in sorted(folder.iterdir()):
            suffix = path.name.lower().removesuffix(".gz").rpartition(".")[2]
            if suffix in {"geojson", "json"}:
                geography.add_geojson(path)
            elif suffix == "csv" and not geography.add_lookup(path) and not geography.add_region_lookup(path):
                geography.extra_files.append(path)
    if not (geography.lsoas or geography.wards or geography.lsoa_to_ward):
        raise InputError(f"{', '.join(map(str, folders))}: found no LSOA or ward boundaries and no "
                            "LSOA-to-ward lookup")
    geography.keep_one_lsoa_vintage()
    return geography
