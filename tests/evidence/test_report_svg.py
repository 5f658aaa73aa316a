"""The report's SVG charts and maps: geometry that a reader depends on (no overlaps, scale, labels)."""

import re

import shapely

from saferplaces.evidence.hotspot_map import HotspotMap, StraySummary
from saferplaces.evidence.report import mapframe
from saferplaces.evidence.report.hotspot_svg import hotspot_svg
from saferplaces.evidence.report.svg import cell_map, choropleth, lorenz_chart

CHAR_WIDTH = 0.62  # average advance of Arial/Helvetica digits and "%" per unit of font size


def _texts(svg):
    """(x, y, font size, anchor, text, other attributes) of every <text> element."""
    return [(float(m["x"]), float(m["y"]), int(m["size"]), m["anchor"] or "start", m["text"], m["rest"])
            for m in re.finditer(r'<text x="(?P<x>[\d.]+)" y="(?P<y>[\d.]+)"(?: text-anchor="(?P<anchor>\w+)")? '
                                 r'font-size="(?P<size>\d+)"(?P<rest>[^>]*)>(?P<text>[^<]*)</text>', svg)]


def test_the_lorenz_y_axis_title_clears_its_tick_labels():
    svg = lorenz_chart([(0, 0), (0.5, 0.1), (1, 1)], chance_gini=0.1, title="t", desc="d", ident="l")
    texts = _texts(svg)
    title = next(t for t in texts if t[4] == "Share of crime")
    assert "rotate(-90" in title[5]
    ticks = [t for t in texts if t[4].endswith("%") and t[3] == "end"]
    assert {t[4] for t in ticks} == {"0%", "50%", "100%"}
    # Rotated, the title's glyphs span its font size across x (centred on x); the tick labels are
    # right-aligned at x, so they start at x - width.
    title_right = title[0] + title[2] / 2
    tick_left = min(t[0] - len(t[4]) * CHAR_WIDTH * t[2] for t in ticks)
    assert title_right + 4 <= tick_left


def test_the_lorenz_x_axis_title_sits_below_its_tick_labels():
    svg = lorenz_chart([(0, 0), (1, 1)], chance_gini=None, title="t", desc="d", ident="l")
    texts = _texts(svg)
    title = next(t for t in texts if t[4].startswith("Share of areas"))
    ticks = [t for t in texts if t[4].endswith("%") and t[3] == "middle"]
    assert title[1] - title[2] >= max(t[1] for t in ticks) + 4
    assert title[1] <= float(re.search(r'viewBox="0 0 \d+ (\d+)"', svg)[1])


def _squares(n):
    """n 1 km squares in a row, in National Grid metres."""
    return {f"A{i}": shapely.box(530000 + 1000 * i, 180000, 531000 + 1000 * i, 181000) for i in range(n)}


def test_scale_bars_are_round_distances_within_a_quarter_of_the_map():
    assert mapframe.scale_bar_metres(6000) == 1000
    assert mapframe.scale_bar_metres(900) == 200
    assert mapframe.scale_bar_metres(40000) == 10000


def test_a_choropleth_has_numbers_a_key_a_true_scale_bar_an_arrow_and_the_attribution():
    shapes = _squares(4)
    svg = choropleth(shapes, {"A0": 1, "A1": 5, "A2": 3, "A3": 9}, {f"A{i}": f"Area {i}" for i in range(4)},
                     title="t", desc="d", ident="m")
    # 4 km wide drawn over 720 - 20 - 40 = 660 px: 0.165 px a metre; the bar is 1 km (the largest round
    # distance within 1 km, a quarter of the width), so 165 px in two halves of 82.5 px.
    halves = re.findall(r'<g class="scale-bar".*?</g>', svg)[0]
    assert re.findall(r'width="([\d.]+)" height="6"', halves) == ["82.5", "82.5"] and ">1 km<" in halves
    assert 'class="north-arrow"' in svg and ">N</text>" in svg
    assert mapframe.POLICE_ATTRIBUTION in svg
    assert "Contains OS data © Crown copyright and database right" in svg
    # Four areas: all numbered, alphabetically, each number once as a label and once in the key.
    assert re.findall(r'class="area-label">(\d+)<', svg) == ["1", "2", "3", "4"]
    assert "<tspan font-weight=\"bold\">2</tspan> Area 1" in svg
    height = float(re.search(r'viewBox="0 0 720 ([\d.]+)"', svg)[1])
    baselines = [float(y) for y in re.findall(r'y="([\d.]+)" font-size="9"', svg)]
    assert max(baselines) < height  # the attribution is inside the drawing


def test_a_large_map_numbers_only_its_top_areas_and_says_so():
    shapes = _squares(30)
    values = {code: float(i) for i, code in enumerate(shapes)}
    svg = choropleth(shapes, values, {c: c for c in shapes}, title="t", desc="d", ident="m", what="busiest")
    assert len(re.findall(r'class="area-label"', svg)) == 10
    assert "<tspan font-weight=\"bold\">1</tspan> A29" in svg  # the highest value is number 1
    assert "Numbered: the 10 busiest of 30" in svg


def test_hot_spot_cells_lie_between_the_area_fill_and_the_boundary_lines():
    outlines = _squares(2)
    cell = shapely.box(530500, 180500, 531500, 180700)  # straddles the two areas' shared edge
    svg = cell_map([cell], ["#b2182b"], ["hot"], [("#b2182b", "hot spot 99%")], outlines=outlines,
                   outline_names={"A0": "West", "A1": "East"}, title="t", desc="d", ident="h")
    cell_at = svg.index('fill="#b2182b" stroke="#0b0c0c" stroke-width="0.8"><title>hot')
    assert svg.index('fill="#f3f2f1"') < cell_at < svg.index('class="area-outline"') < svg.index('class="boundary"')
    assert "<tspan font-weight=\"bold\">1</tspan> East" in svg and mapframe.ONS_ATTRIBUTION in svg


def test_a_hotspot_result_is_coloured_by_class_with_its_legend():
    cells = tuple({"x": 530050.0 + 100 * i, "y": 180050.0, "count": n, "class": c}
                  for i, (n, c) in enumerate([(9, "HH 99%"), (0, "LL 95%"), (1, "not significant")]))
    result = HotspotMap(method="moran", events=10, stray_points=StraySummary(0, {}, ()), cells=cells,
                        grid="square", cell_size=100.0, rows=1, cols=3)
    svg = hotspot_svg(result)
    assert 'fill="#b2182b" stroke="#0b0c0c" stroke-width="0.8"><title>HH 99%: 9 events' in svg
    assert 'fill="#2166ac" stroke="#0b0c0c" stroke-width="0.8"><title>LL 95%: 0 events' in svg
    assert "not significant: 1 events" not in svg  # not significant: not drawn
    assert re.findall(r'font-size="11">(HH|LL)</text>', svg) == ["HH", "LL"]


def test_map_classes_differ_by_more_than_hue_and_labels_keep_a_minimum_size():
    """Cold classes are hatched, in the map and its legend; every coloured cell has a near-black edge (over 3:1
    against the page where pale fills are not: WCAG 1.4.11); in the report a chart shrinks no further than 82%."""
    from saferplaces.evidence.report.html import CSS

    hot, cold = shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)
    svg = cell_map([hot, cold], ["#f4a582", "#92c5de"], ["hot spot 90%", "cold spot 90%"],
                   [("#f4a582", "hot spot 90%"), ("#92c5de", "cold spot 90%")], title="t", desc="d", ident="m")
    assert svg.count('fill="url(#m-hatch)"') == 2  # the cold cell and its legend swatch, not the hot ones
    for fill in ("#f4a582", "#92c5de"):  # each cell and its legend swatch
        assert svg.count(f'fill="{fill}" stroke="#0b0c0c" stroke-width="0.8"') == 2
    assert "--drawn:720px" in svg  # the report keeps 82% of it at least: 11-unit labels at 9 px or more
    assert "figure svg.chart { min-width: calc(var(--drawn) * 0.82); }" in CSS
