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
#: Maps are drawn this many pixels wide (the report's SVG maps); polygons are simplified to half a pixel.
MAP_WIDTH_PX = 720
#: A chart's line keeps at most this many points: more than its width in pixels can show apart.
MAX_LINE_POINTS = 400
#: Above this many grid cells of one map, cells of the same class are drawn as one merged shape.
MAX_SEPARATE_CELLS = 300


def table_limit(rows: int) -> int | None:
    """How many of ``rows`` a table shows: all of them (None) when they are few, else TABLE_ROWS_SHOWN."""
    return None if rows <= MAX_TABLE_ROWS else TABLE_ROWS_SHOWN


def simplified(shapes: dict, width: int = MAP_WIDTH_PX) -> dict:
    """Polygons (National Grid metres) simplified to half a pixel of a map ``width`` pixels wide.

    Each polygon keeps its topology (Douglas-Peucker with ``preserve_topology``); the shared edge of
    two neighbours may move by up to half a pixel, which a reader cannot see.
    """
    if not shapes:
        return shapes
    minx, _, maxx, _ = shapely.total_bounds(list(shapes.values()))
    tolerance = (maxx - minx) / width / 2
    return {code: shapely.simplify(geometry, tolerance, preserve_topology=True) for code, geometry in shapes.items()}


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
        shapes.append(shapely.union_all([squares[i] for i in members]))
        labels.append(f"{cls}: {len(members):,} cells, {sum(counts[i] for i in members):,} crimes")
    return shapes, order, labels
