"""Events counted in polygons (LSOAs, wards) for hot-spot statistics on areas instead of cells.

Boundaries come from a GeoJSON file whose features carry an ONS code property (``LSOA11CD``,
``LSOA21CD``, ``WD22CD`` …, matched case-insensitively, or ``code``) and optionally a name
(``…NM`` or ``name``). Each event is placed in the polygon containing it; events in no polygon are
reported as strays, as on a grid.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from shapely.geometry import shape

from saferplaces.evidence.errors import InputError
from saferplaces.evidence.geography import geometry_to_bng, locate_points
from saferplaces.evidence.grid import StrayPoints
from saferplaces.evidence.textfiles import read_text

_CODE = re.compile(r"^(lsoa|msoa|wd|lad|oa)\d\dcd$|^code$", re.I)
_NAME = re.compile(r"^(lsoa|msoa|wd|lad|oa)\d\dnm$|^name$", re.I)


@dataclass(frozen=True)
class Areas:
    """Polygons in National Grid metres, with their codes and names."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    geometries: tuple

    def __len__(self) -> int:
        return len(self.codes)


@dataclass(frozen=True)
class AreaCounts:
    """Events in each area, which area each event is in (-1 for none), and the strays."""

    areas: Areas
    counts: np.ndarray
    area_of_event: np.ndarray
    strays: StrayPoints


def load_areas(path) -> Areas:
    """Polygons from a GeoJSON file (longitude/latitude or National Grid metres)."""
    path = Path(path)
    try:
        features = json.loads(read_text(path)).get("features") or []
    except (ValueError, AttributeError) as error:
        raise InputError(f"{path}: not readable as GeoJSON ({error})") from None
    if not features:
        raise InputError(f"{path}: no features")
    props = features[0].get("properties") or {}
    code_key = next((k for k in props if _CODE.match(k)), None)
    if code_key is None:
        raise InputError(f"{path}: no area code property (such as LSOA11CD, WD22CD or code) "
                            f"among {', '.join(props) or 'none'}")
    name_key = next((k for k in props if _NAME.match(k)), None)
    codes, names, geometries = [], [], []
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") or {}
        if not properties.get(code_key) or not feature.get("geometry"):
            raise InputError(f"{path} feature {number}: no {code_key} or no geometry")
        codes.append(str(properties[code_key]))
        names.append(str(properties.get(name_key) or properties[code_key]))
        geometries.append(geometry_to_bng(shape(feature["geometry"])))
    if len(set(codes)) != len(codes):
        raise InputError(f"{path}: some {code_key} values appear more than once")
    return Areas(tuple(codes), tuple(names), tuple(geometries))


def count_in_areas(areas: Areas, x, y, ids=None) -> AreaCounts:
    """Count points (National Grid metres) in each area; points in none are strays.

    A point on a shared edge goes to the first area listed that contains it.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ids = np.asarray([str(i) for i in range(len(x))] if ids is None else [str(i) for i in ids], dtype=object)
    area_of_event = locate_points(list(areas.geometries), x, y)
    counts = np.bincount(area_of_event[area_of_event >= 0], minlength=len(areas)).astype(float)
    stray = area_of_event < 0
    zero = stray & (x == 0) & (y == 0)
    reasons = np.where(zero, "at (0, 0)", "outside the areas")[stray]
    strays = StrayPoints(tuple(ids[stray].tolist()), tuple(reasons.tolist()),
                         tuple(x[stray].tolist()), tuple(y[stray].tolist()))
    return AreaCounts(areas, counts, area_of_event, strays)
