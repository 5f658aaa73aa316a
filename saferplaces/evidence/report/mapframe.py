"""What turns a drawing into a map a board can read: numbered area labels with a key, a scale bar,
a north arrow and the licence attribution the data's publishers require.

Maps are drawn in British National Grid metres (EPSG:27700), whose grid north is within a degree
of true north across England and Wales, so the arrow points up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape

import numpy as np
from shapely.geometry.base import BaseGeometry

#: Attribution the Open Government Licence asks for: police.uk data, and ONS boundaries (OS data).
POLICE_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0 (police.uk)."
ONS_ATTRIBUTION = ("Source: Office for National Statistics licensed under the Open Government Licence v3.0. "
                   "Contains OS data © Crown copyright and database right.")
MAP_ATTRIBUTION = (POLICE_ATTRIBUTION, ONS_ATTRIBUTION)

# Every map numbers all its areas up to this many; beyond it, only the top ones (the key says so).
NUMBER_ALL_UP_TO = 25
NUMBER_TOP = 10
KEY_COLUMNS = 3
KEY_ROW = 15
ATTRIBUTION_ROW = 13
_NICE_METRES = (50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000, 100000)


def scale_bar_metres(map_width_m: float) -> int:
    """The longest round distance (50 m, 100 m, 200 m, 250 m, 500 m, 1 km …) within a quarter of the map's width."""
    fitting = [m for m in _NICE_METRES if m <= map_width_m / 4]
    return fitting[-1] if fitting else _NICE_METRES[0]


def _distance(metres: int) -> str:
    return f"{metres // 1000:g} km" if metres >= 1000 and metres % 1000 == 0 else (
        f"{metres / 1000:g} km" if metres >= 1000 else f"{metres} m")


def scale_bar(x: float, y: float, scale: float, map_width_m: float) -> str:
    """A two-tone bar of a round distance, bottom-left at (x, y), ``scale`` pixels per metre."""
    metres = scale_bar_metres(map_width_m)
    length = metres * scale
    half = length / 2
    return (f'<g class="scale-bar" aria-hidden="true">'
            f'<rect x="{x:.1f}" y="{y - 6:.1f}" width="{half:.1f}" height="6" fill="#0b0c0c"/>'
            f'<rect x="{x + half:.1f}" y="{y - 6:.1f}" width="{half:.1f}" height="6" fill="#ffffff" stroke="#0b0c0c" '
            'stroke-width="0.8"/>'
            f'<text x="{x:.1f}" y="{y - 10:.1f}" font-size="11">0</text>'
            f'<text x="{x + length:.1f}" y="{y - 10:.1f}" font-size="11" text-anchor="middle">'
            f"{_distance(metres)}</text>"
            "</g>")


def north_arrow(x: float, y: float) -> str:
    """An arrow pointing up with an "N" above it, its tip at (x, y)."""
    return (f'<g class="north-arrow" aria-label="North is up">'
            f'<path d="M{x:.1f},{y:.1f} L{x + 8:.1f},{y + 24:.1f} L{x:.1f},{y + 18:.1f} L{x - 8:.1f},{y + 24:.1f} Z" '
            'fill="#0b0c0c"/>'
            f'<text x="{x:.1f}" y="{y - 4:.1f}" font-size="13" font-weight="bold" text-anchor="middle">N</text></g>')


def numbered(values: Mapping[str, float], names: Mapping[str, str]) -> list[tuple[int, str]]:
    """(number, code) for the areas to label. Up to :data:`NUMBER_ALL_UP_TO` areas: all of them in
    alphabetical order, so that a ward has the same number on every map of the report; more: the
    :data:`NUMBER_TOP` with the highest values, highest first."""
    if len(values) <= NUMBER_ALL_UP_TO:
        order = sorted(values, key=lambda code: (names.get(code, code), code))
    else:
        order = sorted(values, key=lambda code: (-values[code], names.get(code, code)))[:NUMBER_TOP]
    return [(i, code) for i, code in enumerate(order, start=1)]


def labels(shapes: Mapping[str, BaseGeometry], numbers: Sequence[tuple[int, str]],
           transform: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]) -> str:
    """Each number at a point inside its area, dark on a white halo so it reads on any fill."""
    out = []
    for number, code in numbers:
        if code not in shapes:
            continue
        point = shapes[code].representative_point()
        xs, ys = transform(np.array([[point.x, point.y]]))
        # The halo is its own element under the number (not paint-order) so every renderer draws it.
        where = f'x="{xs[0]:.1f}" y="{ys[0] + 4:.1f}" font-size="11" font-weight="bold" text-anchor="middle"'
        out.append(f'<text {where} stroke="#ffffff" stroke-width="3" fill="#ffffff" aria-hidden="true">{number}</text>'
                   f'<text {where} fill="#0b0c0c" class="area-label">{number}</text>')
    return "".join(out)


def key_height(numbers: Sequence, total: int) -> int:
    """Height of :func:`key` for ``numbers`` labels out of ``total`` areas."""
    if not numbers:
        return 0
    rows = -(-len(numbers) // KEY_COLUMNS)
    return 18 + rows * KEY_ROW + (KEY_ROW if len(numbers) < total else 0)


def key(x: float, y: float, width: float, numbers: Sequence[tuple[int, str]], names: Mapping[str, str],
        total: int, what: str) -> str:
    """The numbered key under a map: "1 West End" … in columns, and a note when only the top are numbered."""
    if not numbers:
        return ""
    rows = -(-len(numbers) // KEY_COLUMNS)
    column = width / KEY_COLUMNS
    out = [f'<text x="{x:.1f}" y="{y + 11:.1f}" font-size="11" font-weight="bold">Key to numbers</text>']
    for k, (number, code) in enumerate(numbers):
        cx, cy = x + (k // rows) * column, y + 18 + (k % rows) * KEY_ROW + 11
        name = names.get(code, code)
        name = name if len(name) <= 34 else name[:33] + "…"
        out.append(f'<text x="{cx:.1f}" y="{cy:.1f}" font-size="11"><tspan font-weight="bold">{number}</tspan> '
                   f"{escape(name)}</text>")
    if len(numbers) < total:
        out.append(f'<text x="{x:.1f}" y="{y + 18 + rows * KEY_ROW + 11:.1f}" font-size="11" fill="#505a5f">'
                   f"Numbered: the {len(numbers)} {escape(what)} of {total} (see the table for all).</text>")
    return "".join(out)


def attribution(x: float, y: float, lines: Sequence[str] = MAP_ATTRIBUTION) -> str:
    """The licence attribution, one line each, starting at baseline ``y``."""
    return "".join(f'<text x="{x:.1f}" y="{y + i * ATTRIBUTION_ROW:.1f}" font-size="9" fill="#505a5f" '
                   f'class="attribution">{escape(line)}</text>' for i, line in enumerate(lines))
