"""Small SVG charts written directly, so that reports need no library, network or script.

Every chart is ``role="img"`` with a title and description; the report puts an accessible table
beside each one.
"""

from __future__ import annotations

from html import escape

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from saferplaces.evidence.geography import to_bng
from saferplaces.evidence.report import mapframe
from saferplaces.evidence.report.scale import MAX_SEPARATE_AREAS

PALETTE = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#b58840"]
# Sequential blues for choropleths, light to dark (GOV.UK-like), readable in greyscale print.
SEQUENTIAL = ["#f3f7fb", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]


# Charts scale to the page but no further than this times their drawn size: a 320-unit Lorenz chart
# stretched across a 920 px page would set its 11-unit labels at 32 px.
MAX_ENLARGEMENT = 1.4
# The drawn width is also given as --drawn: the report's style keeps each chart at 82% of it at least, so
# that 11-unit labels never fall below 9 px on a narrow screen (WCAG 1.4.4), and its figure then scrolls
# sideways (a map needs its two dimensions: WCAG 1.4.10). Pages of the app that embed a chart choose their own.


def _open(width: int, height: int, title: str, desc: str, ident: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width * MAX_ENLARGEMENT:.0f}px;--drawn:{width}px" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" class="chart">',
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>',
    ]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** np.floor(np.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(10 * magnitude)


def _runs(values) -> list[list[int]]:
    """Indices of the unbroken runs of known (not None) values."""
    runs: list[list[int]] = []
    for i, value in enumerate(values):
        if value is None:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def line_chart(series: dict[str, list[float | None]], labels: list[str], *, title: str, desc: str, ident: str,
               width: int = 720, height: int = 260) -> str:
    """A line chart of one or more series over shared labels, as accessible inline SVG.

    Parameters
    ----------
    series : dict of str to list of float or None
        Name → values, one per label; each series is drawn in the next colour of the palette.
        ``None`` is an unknown value (a month without data): the line breaks there, the gap is
        shaded and labelled "no data", and the description says which labels it covers.
    labels : list of str
        The x-axis labels (e.g. months or quarters); about eight are shown.
    title, desc : str
        The chart's accessible title and description (``role="img"``).
    ident : str
        A prefix for the ids of the title and description, unique on the page.
    width, height : int
        Size in pixels.

    Returns
    -------
    str
        An ``<svg>`` element; the y axis starts at zero and ends at a round number.
    """
    left, right, top, bottom = 60, 20, 20, 50
    known = [v for values in series.values() for v in values if v is not None]
    ymax = _nice_max(max(known, default=1))
    n = max(len(labels), 2)
    sx = lambda i: left + i * (width - left - right) / (n - 1)  # noqa: E731
    sy = lambda v: top + (1 - v / ymax) * (height - top - bottom)  # noqa: E731
    gaps = [i for i in range(len(labels)) if any(i < len(v) and v[i] is None for v in series.values())]
    if gaps:
        desc = f"{desc} No data for {', '.join(labels[i] for i in gaps)}: the line is broken there."
    out = _open(width, height, title, desc, ident)
    half = (width - left - right) / (n - 1) / 2
    for i in gaps:  # shaded band, so the break reads as "unknown", not as a fall to zero
        out.append(f'<rect x="{sx(i) - half:.1f}" y="{top}" width="{2 * half:.1f}" height="{height - top - bottom}" '
                   'fill="#f3f2f1"/>'
                   f'<text x="{sx(i):.1f}" y="{top + 12}" text-anchor="middle" font-size="10" fill="#505a5f">'
                   'no data</text>')
    for k in range(5):
        value = ymax * k / 4
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{sy(value):.1f}" y2="{sy(value):.1f}" '
                   'stroke="#e5e5e5"/>')
        out.append(f'<text x="{left - 6}" y="{sy(value) + 4:.1f}" text-anchor="end" font-size="11">{value:,.0f}</text>')
    step = max(1, len(labels) // 8)
    for i in range(0, len(labels), step):
        out.append(f'<text x="{sx(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="11">'
                   f'{escape(labels[i])}</text>')
    # Series beyond the palette's six colours are not drawn (strict=False on purpose).
    for colour, values in zip(PALETTE, series.values(), strict=False):
        for run in _runs(values):
            if len(run) == 1:  # a lone known month between gaps: a dot, as a line needs two points
                out.append(f'<circle cx="{sx(run[0]):.1f}" cy="{sy(values[run[0]]):.1f}" r="3" fill="{colour}"/>')
                continue
            points = " ".join(f"{sx(i):.1f},{sy(values[i]):.1f}" for i in run)
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{points}"/>')
    for j, (colour, name) in enumerate(zip(PALETTE, series, strict=False)):
        x = left + j * 180
        out.append(f'<rect x="{x}" y="{height - 18}" width="14" height="4" fill="{colour}"/>'
                   f'<text x="{x + 20}" y="{height - 12}" font-size="12">{escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)


def bar_chart(items: list[tuple[str, float]], *, title: str, desc: str, ident: str, width: int = 720,
              value_format: str = "{:,.0f}") -> str:
    bar, gap, left, right = 18, 6, 230, 70
    height = 10 + len(items) * (bar + gap)
    vmax = max((v for _, v in items), default=1) or 1
    out = _open(width, height, title, desc, ident)
    for i, (label, value) in enumerate(items):
        y = 5 + i * (bar + gap)
        length = (width - left - right) * value / vmax
        out.append(f'<text x="{left - 8}" y="{y + 13}" text-anchor="end" font-size="12">{escape(label[:34])}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar}" fill="{PALETTE[0]}"/>')
        out.append(f'<text x="{left + length + 6:.1f}" y="{y + 13}" font-size="12">'
                   f'{escape(value_format.format(value))}</text>')
    out.append("</svg>")
    return "".join(out)


def lorenz_chart(curve, *, chance_gini: float | None, title: str, desc: str, ident: str, size: int = 320) -> str:
    """The Lorenz curve of ``curve`` ((share of areas, share of crime) points) against the diagonal.

    The y-axis title sits left of the widest tick label ("100%", about 26 px at 11 px type) with a
    gap, so the two never overlap; the x-axis title sits below the tick labels likewise.
    """
    left, right, top, bottom = 62, 16, 16, 46
    span = size - max(left + right, top + bottom)
    sx = lambda v: left + v * span  # noqa: E731
    sy = lambda v: top + (1 - v) * span  # noqa: E731
    height = top + span + bottom
    out = _open(size, height, title, desc, ident)
    out.append(f'<rect x="{left}" y="{top}" width="{span}" height="{span}" fill="none" stroke="#b1b4b6"/>')
    out.append(f'<line x1="{sx(0)}" y1="{sy(0)}" x2="{sx(1)}" y2="{sy(1)}" stroke="#505a5f" stroke-dasharray="4 3"/>')
    points = " ".join(f"{sx(a):.1f},{sy(b):.1f}" for a, b in curve)
    out.append(f'<polyline fill="none" stroke="{PALETTE[0]}" stroke-width="2.5" points="{points}"/>')
    for k in (0, 0.5, 1):
        out.append(f'<text x="{sx(k)}" y="{sy(0) + 16}" text-anchor="middle" font-size="11">{k:.0%}</text>')
        out.append(f'<text x="{left - 6}" y="{sy(k) + 4}" text-anchor="end" font-size="11">{k:.0%}</text>')
    out.append(f'<text x="{sx(0.5)}" y="{sy(0) + 36}" text-anchor="middle" font-size="11" class="axis-title">'
               'Share of areas (fewest crimes first)</text>')
    middle = sy(0.5)
    out.append(f'<text x="{LORENZ_Y_TITLE_X}" y="{middle}" text-anchor="middle" font-size="11" class="axis-title" '
               f'transform="rotate(-90 {LORENZ_Y_TITLE_X} {middle})">Share of crime</text>')
    if chance_gini is not None:
        out.append(f'<text x="{left + 6}" y="{top + 14}" font-size="11">Dashed: perfect equality</text>')
    out.append("</svg>")
    return "".join(out)


# The rotated y-axis title's centre line; with 11 px type it spans x = 10 to 22, clear of tick labels
# that end at 56 and, for "100%", start near 30.
LORENZ_Y_TITLE_X = 16


def _extent(shapes) -> tuple[float, float, float, float]:
    bounds = np.array([geom.bounds for geom in shapes])
    return bounds[:, 0].min(), bounds[:, 1].min(), bounds[:, 2].max(), bounds[:, 3].max()


# Room kept right of a map for the north arrow, and the map's margin.
_ARROW_ROOM, _MARGIN = 40, 10


def _furniture(width: int, map_bottom: float, scale: float, map_width_m: float, numbers, names, total: int,
               what: str, legend_rows: int) -> tuple[list[str], int]:
    """Scale bar, north arrow, numbered key and attribution below (and beside) a map whose drawing ends
    at ``map_bottom``; returns the SVG pieces and the total height, leaving ``legend_rows`` rows of 24 px
    for the caller's legend just under the scale bar."""
    out = [mapframe.north_arrow(width - _ARROW_ROOM / 2 - 2, 24),
           mapframe.scale_bar(_MARGIN, map_bottom + 26, scale, map_width_m)]
    legend_y = map_bottom + 34
    key_y = legend_y + 24 * legend_rows + 4
    out.append(mapframe.key(_MARGIN, key_y, width - 2 * _MARGIN, numbers, names, total, what))
    attribution_y = key_y + mapframe.key_height(numbers, total) + 14
    out.append(mapframe.attribution(_MARGIN, attribution_y))
    height = attribution_y + mapframe.ATTRIBUTION_ROW * (len(mapframe.MAP_ATTRIBUTION) - 1) + 8
    return out, int(height)


def choropleth(shapes: dict[str, BaseGeometry], values: dict[str, float], names: dict[str, str], *, title: str,
               desc: str, ident: str, width: int = 720, legend_format: str = "{:,.0f}", what: str = "highest") -> str:
    """Polygons (shapely, BNG metres) shaded by value in six quantile classes, with a legend, numbered
    areas and their key, a scale bar, a north arrow and the data's attribution."""
    if not shapes:
        return ""
    minx, miny, maxx, maxy = _extent(shapes.values())
    scale = (width - 2 * _MARGIN - _ARROW_ROOM) / max(maxx - minx, 1)
    map_bottom = _MARGIN + (maxy - miny) * scale
    data = np.array([values.get(code, 0.0) for code in shapes])
    edges = np.unique(np.quantile(data, np.linspace(0, 1, len(SEQUENTIAL) + 1)))

    def transform(coords):
        return _MARGIN + (coords[:, 0] - minx) * scale, _MARGIN + (maxy - coords[:, 1]) * scale

    numbers = mapframe.numbered({code: values.get(code, 0.0) for code in shapes}, names)
    furniture, height = _furniture(width, map_bottom, scale, maxx - minx, numbers, names, len(shapes), what, 1)
    out = _open(width, height, title, desc, ident)
    # Thousands of areas (a region's LSOAs): one path per class, without a tooltip for each area,
    # keeps the file small; the report's table gives the figures.
    grouped: dict[str, list[str]] | None = {} if len(shapes) > MAX_SEPARATE_AREAS else None
    for code, geom in shapes.items():
        value = values.get(code, 0.0)
        klass = min(int(np.searchsorted(edges, value, side="right")) - 1, len(SEQUENTIAL) - 1)
        colour = SEQUENTIAL[max(klass, 0)]
        if grouped is not None:
            grouped.setdefault(colour, []).append(_rings_path(geom, transform, digits=0))
            continue
        out.append(f'<path d="{_rings_path(geom, transform)}" fill="{colour}" stroke="#0b0c0c" stroke-width="0.5" '
                   'fill-rule="evenodd">'
                   f'<title>{escape(names.get(code, code))}: {escape(legend_format.format(value))}</title></path>')
    for colour, paths in (grouped or {}).items():
        out.append(f'<path d="{"".join(paths)}" fill="{colour}" stroke="#0b0c0c" stroke-width="0.2" '
                   'fill-rule="evenodd"/>')
    out.append(mapframe.labels(shapes, numbers, transform))
    y = map_bottom + 34
    for k in range(len(edges) - 1):
        x = _MARGIN + k * 115
        out.append(f'<rect x="{x}" y="{y:.1f}" width="20" height="14" fill="{SEQUENTIAL[k]}" stroke="#0b0c0c" '
                   'stroke-width="0.5"/>')
        label = f"{legend_format.format(edges[k])}–{legend_format.format(edges[k + 1])}"
        out.append(f'<text x="{x + 26}" y="{y + 11:.1f}" font-size="11">{escape(label)}</text>')
    out += furniture
    out.append("</svg>")
    return "".join(out)


def to_bng_shapes(areas) -> dict[str, BaseGeometry]:
    """Area geometries (longitude/latitude) reprojected to BNG metres for drawing to scale."""
    def project(coords):
        return np.column_stack(to_bng(coords[:, 0], coords[:, 1]))

    return {code: shapely.transform(area.geometry, project) for code, area in areas.items()}


# Hot and cold spots: reds for hot, blues for cold, darker for higher confidence (ColorBrewer RdBu).
HOTSPOT_COLOURS = {
    "hot spot 99%": "#b2182b", "hot spot 95%": "#d6604d", "hot spot 90%": "#f4a582",
    "cold spot 90%": "#92c5de", "cold spot 95%": "#4393c3", "cold spot 99%": "#2166ac",
}
# Trends over the months (Chainey 2020's classes): hot kinds in reds and oranges, cold in blues.
TREND_COLOURS = {
    "persistent hot spot": "#b2182b", "emerging hot spot": "#f46d43", "new hot spot": "#fdae61",
    "intermittent hot spot": "#fee090", "former hot spot": "#bababa", "mixed": "#8073ac",
    "persistent cold spot": "#2166ac", "emerging cold spot": "#4393c3", "new cold spot": "#92c5de",
    "intermittent cold spot": "#d1e5f0", "former cold spot": "#e0e0e0",
}


# Classes of low crime (cold spots, Local Moran's low quadrants) are hatched as well as blue, so that hot and
# cold differ by more than hue (WCAG 1.4.1); every coloured cell is outlined in near-black, which stands at
# more than 3:1 against the page and the grey areas where a pale fill would not (WCAG 1.4.11).
HATCHED = frozenset(colour for name, colour in {**HOTSPOT_COLOURS, **TREND_COLOURS}.items() if "cold" in name)
CELL_EDGE = 'stroke="#0b0c0c" stroke-width="0.8"'


def _hatch(ident: str) -> str:
    return (f'<defs><pattern id="{ident}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="none"/>'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="#0b0c0c" stroke-width="1.5"/></pattern></defs>')


def _polygons(geometry) -> list[Polygon]:
    """The polygons of any geometry (a union of areas may come back as a collection with lines)."""
    if isinstance(geometry, Polygon):
        return [geometry]
    return [p for part in getattr(geometry, "geoms", ()) for p in _polygons(part)]


def _rings_path(geometry, transform, digits: int = 1) -> str:
    """SVG path data of a polygon's rings; ``digits=0`` (whole pixels) for maps of thousands of areas."""
    path = ""
    for polygon in _polygons(geometry):
        for ring in [polygon.exterior, *polygon.interiors]:
            xs, ys = transform(np.asarray(ring.coords))
            path += "M" + " L".join(f"{x:.{digits}f},{y:.{digits}f}" for x, y in zip(xs, ys, strict=True)) + " Z "
    return path


def cell_map(cells, colours: list[str | None], labels: list[str], legend: list[tuple[str, str]], *,
             outlines: dict[str, BaseGeometry] | None = None, outline_names: dict[str, str] | None = None,
             title: str, desc: str, ident: str, width: int = 720) -> str:
    """Grid cells (shapely polygons, BNG metres) filled with ``colours`` (None: not drawn) over area
    ``outlines``, with a legend of (colour, label). The outlines' fill lies under the cells and their
    edges and the whole area's boundary over them, so the cells never hide where an area ends; the
    areas are numbered (key below) when ``outline_names`` are given."""
    outlines = outlines or {}
    shapes = list(cells) + list(outlines.values())
    if not shapes:
        return ""
    minx, miny, maxx, maxy = _extent(shapes)
    scale = (width - 2 * _MARGIN - _ARROW_ROOM) / max(maxx - minx, 1)
    map_bottom = _MARGIN + (maxy - miny) * scale
    legend_rows = (len(legend) + 3) // 4

    def transform(coords):
        return _MARGIN + (coords[:, 0] - minx) * scale, _MARGIN + (maxy - coords[:, 1]) * scale

    names = outline_names or {}
    # Outlines carry no values to rank by: number them only when all of them can be.
    named = [code for code in outlines if code in names]
    numbers = mapframe.numbered(dict.fromkeys(named, 0.0), names) if len(named) <= mapframe.NUMBER_ALL_UP_TO else []
    furniture, height = _furniture(width, map_bottom, scale, maxx - minx, numbers, names, len(named),
                                   "areas", legend_rows)
    out = _open(width, height, title, desc, ident)
    out.append(_hatch(ident))
    hatch = f'fill="url(#{ident}-hatch)"'
    for geom in outlines.values():
        out.append(f'<path d="{_rings_path(geom, transform)}" fill="#f3f2f1" stroke="none"/>')
    for geom, colour, label in zip(cells, colours, labels, strict=True):
        if colour is not None:
            path = _rings_path(geom, transform)
            out.append(f'<path d="{path}" fill="{colour}" {CELL_EDGE}><title>{escape(label)}</title></path>')
            if colour in HATCHED:
                out.append(f'<path d="{path}" {hatch} stroke="none" pointer-events="none"/>')
    for geom in outlines.values():
        out.append(f'<path d="{_rings_path(geom, transform)}" fill="none" stroke="#505a5f" stroke-width="0.7" '
                   'class="area-outline"/>')
    if outlines:
        # Generalised boundaries leave slivers between neighbours; closing by a few metres (under a
        # pixel at any scale this draws) keeps them out of the outer line.
        whole = shapely.union_all(list(outlines.values())).buffer(5).buffer(-5)
        out.append(f'<path d="{_rings_path(whole, transform)}" fill="none" stroke="#0b0c0c" stroke-width="1.6" '
                   'class="boundary"/>')
    out.append(mapframe.labels(outlines, numbers, transform))
    y = map_bottom + 34
    for k, (colour, label) in enumerate(legend):
        x = _MARGIN + (k % 4) * 175
        row_y = y + 24 * (k // 4)
        out.append(f'<rect x="{x}" y="{row_y:.1f}" width="16" height="14" fill="{colour}" {CELL_EDGE}/>'
                   + (f'<rect x="{x}" y="{row_y:.1f}" width="16" height="14" {hatch}/>' if colour in HATCHED else "")
                   + f'<text x="{x + 22}" y="{row_y + 11:.1f}" font-size="11">{escape(label)}</text>')
    out += furniture
    out.append("</svg>")
    return "".join(out)


def heatmap(values, row_labels: list[str], col_labels: list[str], *, title: str, desc: str, ident: str,
            centre: float = 1.0, saturate: float = 3.0, highlight=None, value_format: str = "{:.2f}",
            row_title: str = "", col_title: str = "") -> str:
    """A table of ratios as coloured cells, diverging around ``centre`` on a log scale (red above, blue
    below, full colour at ``saturate`` times or 1/``saturate`` of it, so one extreme cell does not wash
    out the rest); ``highlight[i][j]`` true draws a thick border (e.g. statistically significant cells)."""
    cell_w, cell_h, left, top = 84, 30, 150, 50
    rows, cols = len(row_labels), len(col_labels)
    width, height = left + cols * cell_w + 10, top + rows * cell_h + 10
    spread = np.log(saturate)
    out = _open(width, height, title, desc, ident)
    if col_title:
        out.append(f'<text x="{left + cols * cell_w / 2}" y="14" text-anchor="middle" font-size="12">'
                   f'{escape(col_title)}</text>')
    if row_title:
        out.append(f'<text x="8" y="{top - 8}" font-size="12">{escape(row_title)}</text>')
    for j, label in enumerate(col_labels):
        out.append(f'<text x="{left + j * cell_w + cell_w / 2}" y="{top - 8}" text-anchor="middle" '
                   f'font-size="11">{escape(label)}</text>')
    for i, label in enumerate(row_labels):
        y = top + i * cell_h
        out.append(f'<text x="{left - 8}" y="{y + cell_h / 2 + 4}" text-anchor="end" font-size="11">'
                   f'{escape(label)}</text>')
        for j in range(cols):
            value = values[i][j]
            x = left + j * cell_w
            if value is None or not np.isfinite(value):
                fill, text = "#ffffff", "–"
            else:
                strength = min(abs(np.log(max(value, 1e-9) / centre)) / spread, 1.0)
                base = (178, 24, 43) if value > centre else (33, 102, 172)
                rgb = [round(255 + (c - 255) * strength) for c in base]
                fill, text = "#{:02x}{:02x}{:02x}".format(*rgb), value_format.format(value)
            dark = fill != "#ffffff" and strength > 0.55
            bold = bool(highlight and highlight[i][j])
            weight = ' font-weight="bold"' if bold else ""
            out.append(f'<rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" fill="{fill}" '
                       f'stroke="#0b0c0c" stroke-width="{2.5 if bold else 0.5}"/>'
                       f'<text x="{x + cell_w / 2}" y="{y + cell_h / 2 + 4}" text-anchor="middle" font-size="12" '
                       f'fill="{"#ffffff" if dark else "#0b0c0c"}"{weight}>{escape(text)}</text>')
    out.append("</svg>")
    return "".join(out)
