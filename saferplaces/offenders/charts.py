"""An UpSet-style chart as inline SVG, drawn on the server (no script, prints well).

Bars on top: people in exactly that combination of cohorts. Dots below: which cohorts the
combination is; joined dots mark combinations of two or more. The same figures are in a table
beside it, so nothing relies on the picture or on colour alone.
"""

from __future__ import annotations

from django.utils.html import escape

BAR = "#1d70b8"
INK = "#0b0c0c"
MUTED = "#b1b4b6"


def upset_svg(cohorts: list[str], labels: dict[str, str], intersections, max_columns: int = 15) -> str:
    columns = [(combo, count) for combo, count in intersections if count > 0][:max_columns]
    label_width, column, row, bar_height = 110, 34, 24, 150
    width = label_width + column * max(len(columns), 1) + 10
    height = bar_height + 30 + row * len(cohorts) + 10
    top = max((count for _, count in columns), default=1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="app-upset" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="upset-title" '
             'font-family="&quot;GDS Transport&quot;, arial, sans-serif">',
             '<title id="upset-title">People in each combination of cohorts (the table gives the same figures)'
             '</title>']
    grid_top = bar_height + 30
    for i, cohort in enumerate(cohorts):
        y = grid_top + row * i + row / 2
        parts.append(f'<text x="{label_width - 8}" y="{y + 5:.0f}" text-anchor="end" font-size="14" '
                     f'fill="{INK}">{escape(labels[cohort])}</text>')
    for j, (combo, count) in enumerate(columns):
        x = label_width + column * j + column / 2
        h = bar_height * count / top
        parts.append(f'<rect x="{x - 11:.0f}" y="{bar_height - h + 20:.1f}" width="22" height="{h:.1f}" fill="{BAR}">'
                     f'<title>{escape(" + ".join(labels[c] for c in cohorts if c in combo))}: {count}</title></rect>')
        parts.append(f'<text x="{x:.0f}" y="{bar_height - h + 15:.1f}" text-anchor="middle" font-size="13" '
                     f'fill="{INK}">{count}</text>')
        ys = [grid_top + row * i + row / 2 for i, c in enumerate(cohorts) if c in combo]
        if len(ys) > 1:
            parts.append(f'<line x1="{x:.0f}" y1="{min(ys):.0f}" x2="{x:.0f}" y2="{max(ys):.0f}" stroke="{INK}" '
                         'stroke-width="3"/>')
        for i, cohort in enumerate(cohorts):
            y = grid_top + row * i + row / 2
            member = cohort in combo
            parts.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{7 if member else 5}" '
                         f'fill="{INK if member else MUTED}"/>')
    parts.append("</svg>")
    return "".join(parts)
