"""MARAC figures as they may leave the partnership (board reports, exports): small numbers suppressed.

The quarterly board report (and anything else that publishes these figures) calls
:func:`marac_rows`; nothing else should publish MARAC counts.
"""

from __future__ import annotations

from saferplaces.core import suppression


def marac_rows(quarters) -> list[list[str]]:
    """The board-report figures with small numbers suppressed (see core.suppression)."""
    rows = []
    for q in quarters:
        values = {"cases": q.cases, "repeats": q.repeats, "first": q.cases - q.repeats}
        agency_keys = []
        for agency, count in q.by_agency:
            values[("agency", agency)] = count
            agency_keys.append(("agency", agency))
        groups = [suppression.Group(("repeats", "first"), "cases"), suppression.Group(tuple(agency_keys), "cases")]
        shown = suppression.suppress(values, groups)
        rows.append([q.label, "MARAC cases", shown["cases"]])
        rows.append([q.label, "Repeat cases", shown["repeats"]])
        rows.append([q.label, "First-time cases", shown["first"]])
        rows.append([q.label, "Repeat rate", suppression.percent(shown["repeats"], q.repeats, q.cases)])
        for key in agency_keys:
            rows.append([q.label, f"Referrals by {key[1]}", shown[key]])
    return rows
