"""Keeping a report readable and light when it covers a whole region.

A London-wide report covers 33 authorities, about 630 wards and 4,835 LSOAs. Listed in full, its
tables made a page 69,000 pixels tall, and its maps (every polygon at full detail, one element with
its own tooltip per area or grid cell) made a 7.7 MB file. The report is for reading: tables show the
areas with most crime and say how many more there are (the JSON summary keeps every area), maps are
drawn at the detail a page can show, and long curves keep as many points as a chart can show.
"""

from __future__ import annotations

from collections.abc import Sequence

import shapely

#: A table with more rows than this shows only the first TABLE_ROWS_SHOWN of them.
MAX_TABLE_ROWS = 40
TABLE_ROWS_SHOWN = 25
#: Maps are drawn this many pixels wide (the report's SVG maps); polygons are simplified to one pixel.
MAP_WIDTH_PX = 720
#: Above this many areas, a choropleth draws each class as one path (no tooltip per area) in whole
#: pixels, and a map's outlines are merged by a larger area (see :func:`outlines`). A borough's wards
#: (under 70) and most boroughs' LSOAs stay separate; a region's hundreds of wards do not.
MAX_SEPARATE_AREAS = 200
#: A chart's line keeps at most this many points: more than its width in pixels can show apart.
MAX_LINE_POINTS = 400
#: Above this many grid cells of one map, cells of the same class are drawn as one merged shape.
MAX_SEPARATE_CELLS = 300


def table_limit(rows: int) -> int | None:
    """How many of ``rows`` a table shows: all of them (None) when they are few, else TABLE_ROWS_SHOWN."""
    return None if rows <= MAX_TABLE_ROWS else TABLE_ROWS_SHOWN


def _pixel(shapes, width: int) -> float:
    minx, _, maxx, _ = shapely.total_bounds(list(shapes))
    return (maxx - minx) / width


def _without_specks(geometry, min_area: float, min_hole: float | None = None):
    """The polygon without parts smaller than ``min_area`` and holes smaller than ``min_hole`` (by
    default ``min_area``): slivers a map cannot show."""
    min_hole = min_area if min_hole is None else min_hole
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type == "Polygon" and p.area >= min_area]
    if not parts:
        return geometry
    kept = [shapely.Polygon(p.exterior, [h for h in p.interiors if shapely.Polygon(h).area >= min_hole])
            for p in parts]
    return kept[0] if len(kept) == 1 else shapely.MultiPolygon(kept)


def simplified(shapes: dict, width: int = MAP_WIDTH_PX) -> dict:
    """Polygons (National Grid metres) drawn ``width`` pixels wide, at the detail that width shows.

    Parts and holes smaller than a pixel go (wards built from LSOAs carry thousands of slivers), then
    each polygon is simplified to one pixel (Douglas-Peucker, topology preserved): a boundary moves
    by at most a pixel, and a London-wide LSOA map keeps 45,000 of its 184,000 points.
    """
    if not shapes:
        return shapes
    pixel = _pixel(shapes.values(), width)
    return {code: shapely.simplify(_without_specks(geometry, pixel * pixel), pixel, preserve_topology=True)
            for code, geometry in shapes.items()}


def outlines(shapes: dict, group_of: dict[str, str], width: int = MAP_WIDTH_PX) -> dict:
    """Outlines to draw under a map: the areas themselves when few, else merged by ``group_of``
    (area code → group, e.g. ward → local authority): a region's 600 wards under a hot-spot grid
    are a grey mass, its 33 boroughs a map. Areas with no group stay as they are."""
    if len(shapes) <= MAX_SEPARATE_AREAS or not group_of:
        return shapes
    groups: dict[str, list] = {}
    for code, geometry in shapes.items():
        groups.setdefault(group_of.get(code, code), []).append(geometry)
    # Gaps between the merged areas (boundaries from different generalisations seldom meet exactly)
    # would be drawn as stray lines: those thinner than a pixel are closed, and holes under ten
    # pixels square dropped (an enclave a reader could see is bigger).
    pixel = _pixel(shapes.values(), width)
    closed = {group: _without_specks(shapely.union_all(parts).buffer(pixel / 2, join_style="mitre")
                                     .buffer(-pixel / 2, join_style="mitre"), pixel * pixel, 100 * pixel * pixel)
              for group, parts in groups.items()}
    return simplified(closed, width)


def thinned(points: Sequence, max_points: int = MAX_LINE_POINTS) -> list:
    """At most about ``max_points`` of ``points``, evenly spaced, the first and last always kept."""
    if len(points) <= max_points:
        return list(points)
    step = -(-len(points) // max_points)  # ceiling division
    kept = list(points[::step])
    if kept[-1] != points[-1]:
        kept.append(points[-1])
    return kept


def merged_cells(squares: list, classes: list[str], counts: list[int]) -> tuple[list, list[str], list[str]]:
    """Grid cells merged into one shape per class when there are more than MAX_SEPARATE_CELLS.

    Returns the shapes, their classes and their labels (the class with its cells and crimes); below
    the limit the cells are returned one by one, each labelled with its own count.
    """
    if len(squares) <= MAX_SEPARATE_CELLS:
        return squares, classes, [f"{cls}: {count:,} crimes" for cls, count in zip(classes, counts, strict=True)]
    order = list(dict.fromkeys(classes))
    shapes, labels = [], []
    for cls in order:
        members = [i for i, c in enumerate(classes) if c == cls]
        # Grid cells tile without overlapping: a coverage union, 15 times faster than a general one.
        shapes.append(shapely.coverage_union_all([squares[i] for i in members]))
        labels.append(f"{cls}: {len(members):,} cells, {sum(counts[i] for i in members):,} crimes")
    return shapes, order, labels
