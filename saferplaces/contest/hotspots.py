"""Which sites lie in the evidence engine's persistent crime hot spots.

There is no stored hot-spot geometry: the latest finished strategic assessment keeps its hot-spot grid
in its summary (``AssessmentRun.summary["hotspots"]``: square cells in British National Grid metres,
each with its Gi* class and its space-time trend class), the one the map draws
(``maps.selectors.latest_assessment``). A site is flagged when its point lies in a cell whose trend
class is "persistent hot spot" (significant in at least 80% of the months: ``evidence/emerging.py``).
When the assessment could not class trends (too few months), no cell is persistent and no site is
flagged: the page says so rather than call every Gi* hot spot persistent. The cells' corners are
turned into longitude and latitude once per page (one projection call for all cells) and each site's
point is tested against them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from saferplaces.geo.postcodes import bng_to_wgs84
from saferplaces.maps.selectors import latest_assessment

PERSISTENT = "persistent hot spot"


@dataclass
class HotSpots:
    """The persistent hot cells of one assessment as quadrilaterals in longitude and latitude."""

    source: str = ""  # the assessment's title, "" when there is none the viewer may read
    cells: list[list[tuple[float, float]]] = field(default_factory=list)

    def contains(self, longitude: float | None, latitude: float | None) -> bool:
        if longitude is None or latitude is None:
            return False
        return any(_inside(longitude, latitude, corners) for corners in self.cells)


def _inside(x: float, y: float, polygon: list[tuple[float, float]]) -> bool:
    """Ray casting: does the point lie inside the closed ring ``polygon``?"""
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def cells_from_summary(summary: dict) -> list[list[tuple[float, float]]]:
    hotspots = (summary or {}).get("hotspots") or {}
    half = float(hotspots.get("cell_size") or 200.0) / 2
    persistent = [c for c in hotspots.get("cells") or [] if c.get("trend_class") == PERSISTENT]
    if not persistent:
        return []
    xs, ys = [], []
    for cell in persistent:
        x, y = float(cell["x"]), float(cell["y"])
        xs += [x - half, x + half, x + half, x - half, x - half]
        ys += [y - half, y - half, y + half, y + half, y - half]
    points = bng_to_wgs84(xs, ys)
    return [points[i:i + 5] for i in range(0, len(points), 5)]


def persistent_hot_spots(actor) -> HotSpots:
    """The persistent hot spots of the latest strategic assessment the actor may read."""
    run = latest_assessment(actor)
    if run is None:
        return HotSpots()
    return HotSpots(source=run.title, cells=cells_from_summary(run.summary))
