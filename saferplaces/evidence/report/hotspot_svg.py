"""The ``hotspots`` result as a map: the classed (or density-shaded) cells or areas over the boundary,
with the same furniture as the report's maps (numbered areas, scale bar, north arrow, attribution)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import shapely

from saferplaces.evidence.grid import cell_corners
from saferplaces.evidence.report.svg import HOTSPOT_COLOURS, SEQUENTIAL, TREND_COLOURS, cell_map

# Local Moran quadrants (Anselin 1995) in the usual LISA colours: high-high red, low-low blue,
# the outliers in their lighter tones.
MORAN_COLOURS = {"HH": "#b2182b", "HL": "#f4a582", "LH": "#92c5de", "LL": "#2166ac"}
OTHER_CLASS = "#8073ac"
UNCOLOURED = {"", "not significant", "no pattern"}


def _class_colour(name: str) -> str | None:
    if name in UNCOLOURED:
        return None
    quadrant = name.split(" ")[0]
    return HOTSPOT_COLOURS.get(name) or TREND_COLOURS.get(name) or MORAN_COLOURS.get(quadrant) or OTHER_CLASS


def _legend_name(name: str) -> str:
    quadrant = name.split(" ")[0]
    return quadrant if quadrant in MORAN_COLOURS else name


def _density_classes(values: list[float]) -> tuple[list[str | None], list[tuple[str, str]]]:
    """Six quantile classes of the positive densities (zero: not drawn)."""
    positive = np.array([v for v in values if v and v > 0])
    if not len(positive):
        return [None] * len(values), []
    edges = np.unique(np.quantile(positive, np.linspace(0, 1, len(SEQUENTIAL) + 1)))
    colours: list[str | None] = []
    for v in values:
        if not v or v <= 0:
            colours.append(None)
            continue
        k = min(int(np.searchsorted(edges, v, side="right")) - 1, len(edges) - 2)
        colours.append(SEQUENTIAL[max(k, 0)])
    legend = [(SEQUENTIAL[k], f"{edges[k]:,.0f}–{edges[k + 1]:,.0f} per km²") for k in range(len(edges) - 1)]
    return colours, legend


def hotspot_svg(result, *, outlines: Mapping[str, object] | None = None,
                outline_names: Mapping[str, str] | None = None, area_shapes: Mapping[str, object] | None = None,
                title: str | None = None) -> str:
    """An SVG map of a :class:`~saferplaces.evidence.hotspot_map.HotspotMap`.

    ``outlines`` (code → polygon, National Grid metres) are drawn under the cells with their edges and
    the whole boundary over them; ``area_shapes`` are the polygons of an area map, in the order of
    ``result.areas``.
    """
    what = result.method if not result.crime_type else f"{result.method}, {result.crime_type}"
    if result.areas is not None:
        rows = list(result.areas)
        shapes = [area_shapes[row["code"]] for row in rows] if area_shapes else []
        outlines = dict(area_shapes or {})
        outline_names = {row["code"]: row["name"] for row in rows}
    else:
        rows = list(result.cells or [])
        corners = cell_corners(result.grid, result.cell_size, [c["x"] for c in rows], [c["y"] for c in rows])
        shapes = list(shapely.polygons(corners))
    if result.method == "kde":
        colours, legend = _density_classes([row.get("density_per_km2") for row in rows])
        labels = [f"{row['count']:,} events, {row['density_per_km2'] or 0:,.1f} per km²" for row in rows]
    else:
        classes = [str(row.get("class", "")) for row in rows]
        colours = [_class_colour(name) for name in classes]
        present: dict[str, str] = {}
        for name, colour in zip(classes, colours, strict=True):
            if colour is not None:
                present.setdefault(_legend_name(name), colour)
        order = [*HOTSPOT_COLOURS, *TREND_COLOURS, *MORAN_COLOURS]
        legend = [(colour, name) for name, colour in
                  sorted(present.items(), key=lambda i: (order.index(i[0]) if i[0] in order else len(order), i[0]))]
        labels = [f"{name}: {row['count']:,} events" for name, row in zip(classes, rows, strict=True)]
        if not legend:  # say so rather than leave an unexplained blank map
            legend = [("#f3f2f1", "no cell or area is significant")]
    return cell_map(shapes, colours, labels, legend, outlines=dict(outlines or {}),
                    outline_names=dict(outline_names or {}) or None,
                    title=title or f"Hot spots ({what})",
                    desc="Cells or areas coloured by their hot-spot class (or density) over the area's boundary.",
                    ident="hotspot-map")
