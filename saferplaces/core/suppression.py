"""Small-number suppression for figures that leave the partnership (exports, board reports).

* **Primary**: a count of 1–4 is shown as ``<5`` (zero is shown: it identifies nobody).
* **Secondary**: in every group of counts that adds up to a published total, one hidden cell
  could be worked out by subtraction. So while a group has exactly one hidden cell (and its total
  is shown), the smallest other non-zero cell is hidden too, shown as ``[c]``; when there is no
  other cell to hide, the total is hidden. Groups may share cells (an UpSet table, a matrix with
  row and column totals), so this repeats until nothing changes.

**On screen** the same rule applies to everyone whose role does not work the cases: only roles with
``EXACT_PERMISSION`` (caseworkers and managers, who hold and change the records behind the figures)
see exact small numbers; analysts, coordinators and read-only partners see what the board sees. They
also see quarters only, the periods the exports use, so that a month's figures cannot be subtracted
from its quarter's.

This follows the usual practice of UK official statistics (ONS and Government Statistical
Service guidance on disclosure control for tables: threshold suppression with secondary
suppression of totals and complements).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

THRESHOLD = 5
EXACT_PERMISSION = "personal.change"
PRIMARY = "<5"
SECONDARY = "[c]"
NOTE = ("Counts from 1 to 4 are shown as <5; [c] marks a larger count withheld so that a small one "
        "cannot be worked out from the totals.")


@dataclass(frozen=True)
class Group:
    """Cells that add up to ``total`` (a cell key of its own, or None when no total is published)."""

    cells: tuple[Hashable, ...]
    total: Hashable | None = None


def suppress(values: dict[Hashable, int], groups: list[Group] = ()) -> dict[Hashable, str]:
    """The published text of each value: the number, ``<5`` or ``[c]``."""
    hidden: dict[Hashable, str] = {key: PRIMARY for key, value in values.items() if 0 < value < THRESHOLD}
    changed = True
    while changed:
        changed = False
        for group in groups:
            if group.total is None or group.total in hidden:
                continue
            hidden_cells = [c for c in group.cells if c in hidden]
            if len(hidden_cells) != 1:
                continue
            candidates = sorted((values[c], str(c), c) for c in group.cells if c not in hidden and values[c] > 0)
            if candidates:
                hidden[candidates[0][2]] = SECONDARY
            else:
                hidden[group.total] = SECONDARY
            changed = True
    return {key: hidden.get(key, str(value)) for key, value in values.items()}


def percent(numerator_text: str, numerator: int, denominator: int) -> str:
    """A percentage, withheld when its numerator or denominator is."""
    if numerator_text in (PRIMARY, SECONDARY) or 0 < denominator < THRESHOLD:
        return SECONDARY
    if denominator == 0:
        return ""
    return f"{100 * numerator / denominator:.0f}%"
