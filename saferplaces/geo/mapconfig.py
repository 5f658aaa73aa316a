"""What every map on a page is told: the tile source (or none) and where the boundary outline is."""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse

logger = logging.getLogger(__name__)


def tiles() -> dict | None:
    """``settings.MAP_TILES`` (url, attribution, max_zoom) or None for the plain boundary view."""
    configured = getattr(settings, "MAP_TILES", None)
    return dict(configured) if configured and configured.get("url") else None


def config_json() -> str:
    """The data attribute every map element carries (see ``static/saferplaces/map.mjs``)."""
    return json.dumps({"tiles": tiles(), "boundary_url": reverse("geo:boundary"),
                       "leaflet_css": settings.STATIC_URL + "leaflet/leaflet.css"})


@lru_cache(maxsize=4)
def _read_boundary(path: str, modified: float) -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    if not isinstance(data, dict) or data.get("type") not in {"FeatureCollection", "Feature", "Polygon",
                                                                 "MultiPolygon"}:
        raise ValueError(f"{path} is not GeoJSON")
    if data["type"] in {"Polygon", "MultiPolygon"}:
        data = {"type": "Feature", "properties": {}, "geometry": data}
    if data["type"] == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    # Only the outlines and their names: a ward file's other properties are not the map's business.
    features = []
    for feature in data.get("features") or []:
        properties = feature.get("properties") or {}
        name = next((str(v) for k, v in properties.items() if k.lower().endswith("nm") or k.lower() == "name"), "")
        features.append({"type": "Feature", "properties": {"name": name}, "geometry": feature.get("geometry")})
    return {"type": "FeatureCollection", "features": features}


def boundary() -> dict:
    """The borough's (or its wards') outlines from ``settings.MAP_BOUNDARY_FILE``; none when unset."""
    path = getattr(settings, "MAP_BOUNDARY_FILE", "")
    if not path:
        return {"type": "FeatureCollection", "features": []}
    try:
        return _read_boundary(str(path), Path(path).stat().st_mtime)
    except (OSError, ValueError) as error:
        # A missing or broken outline file must not take the maps down: they draw without it.
        logger.error("MAP_BOUNDARY_FILE cannot be read: %s", error)
        return {"type": "FeatureCollection", "features": []}
