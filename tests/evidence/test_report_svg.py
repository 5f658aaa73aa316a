"""The report's SVG charts and maps: geometry that a reader depends on (no overlaps, scale, labels)."""

import re

from saferplaces.evidence.report.svg import lorenz_chart

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
