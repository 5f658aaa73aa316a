"""The report's HTML building blocks: an accessible table and a captioned figure."""

from __future__ import annotations

from collections.abc import Set
from html import escape


def table(caption: str, header: list[str], rows: list[list], numeric: Set[int] = frozenset()) -> str:
    head = "".join(f'<th scope="col"{" class=n" if i in numeric else ""}>{escape(h)}</th>'
                   for i, h in enumerate(header))
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            text = escape(str(value))
            if i == 0:
                cells.append(f'<th scope="row">{text}</th>')
            else:
                cells.append(f'<td{" class=n" if i in numeric else ""}>{text}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def figure(svg: str, caption: str) -> str:
    """A chart with its caption. The chart keeps a minimum size, so on a narrow screen the figure scrolls
    sideways: it takes focus (named by its caption) so that the keyboard can scroll it too (WCAG 2.1.1)."""
    if not svg:
        return ""
    return f'<figure tabindex="0">{svg}<figcaption>{escape(caption)}</figcaption></figure>'

