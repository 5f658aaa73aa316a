"""Cohort overlap figures as they may leave the partnership (board reports, exports): suppressed.

The offender board's report (and anything else that publishes overlap figures) calls
:func:`overlap_rows`; nothing else should publish them.
"""

from __future__ import annotations

from saferplaces.offenders import overlap
from saferplaces.offenders.models import SHORT


def overlap_rows(result: overlap.Overlap) -> list[list[str]]:
    """(measure, cohorts, people) rows with every count suppressed as ``overlap.published`` says."""
    shown = overlap.published(result)
    labels = {c: SHORT[c] for c in result.cohorts}
    rows = [["people in any cohort", "", shown.people]]
    rows += [["cohort size", labels[c], shown.sizes[c]] for c in result.cohorts]
    rows += [["in both", f"{labels[a]} + {labels[b]}", shown.pairs[(a, b)]] for a, b in result.pairs
             if result.pairs[(a, b)] > 0]
    rows += [["in exactly", " + ".join(labels[c] for c in result.cohorts if c in combo), text]
             for combo, text in shown.intersections]
    return rows
