"""MARAC quarterly figures by SafeLives' definitions.

SafeLives defines a MARAC case as one between the same victim and perpetrator(s), and a **repeat**
as a case referred again where a further incident is identified within 12 months of the date of
the last referral (SafeLives, "Definition of a repeat at Marac",
https://safelives.org.uk/definition-repeat-marac; and "Briefing for Maracs: repeat cases").
Incidents more than 12 months after the last referral make a new case, not a repeat.

We count, for each quarter:

* ``cases``: MARAC referrals made in the quarter (each referral is a case discussed);
* ``repeats``: of those, referrals of a person (by linked person id, so a person held by two
  agencies counts once) who was last referred on or after the same day 12 months earlier:
  the referral-date form of the definition, since the further incident is what prompts it;
* ``repeat_rate``: repeats ÷ cases (a low rate often means repeats are not being identified);
* ``by_agency``: referrals by referring agency.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from saferplaces.core.dates import add_months, quarter_of  # noqa: F401 - quarter_of is part of this API


@dataclass(frozen=True)
class MaracReferral:
    id: int
    person: str  # linked person id (or the record's own id when not linked)
    referred_on: dt.date
    agency: str


@dataclass(frozen=True)
class QuarterFigures:
    """Figures for the quarter ``start`` ≤ date ≤ ``end``."""

    start: dt.date
    end: dt.date
    cases: int
    repeats: int
    repeat_rate: float | None
    by_agency: tuple[tuple[str, int], ...]

    @property
    def label(self) -> str:
        return f"{self.start:%B}–{self.end:%B %Y}"


def repeat_ids(referrals: list[MaracReferral]) -> set[int]:
    """Referrals made within 12 months of the same person's previous referral."""
    by_person: dict[str, list[MaracReferral]] = defaultdict(list)
    for referral in referrals:
        by_person[referral.person].append(referral)
    repeats = set()
    for group in by_person.values():
        group.sort(key=lambda r: (r.referred_on, r.id))
        for previous, current in zip(group, group[1:]):
            if current.referred_on <= add_months(previous.referred_on, 12):
                repeats.add(current.id)
    return repeats


def quarter_figures(referrals: list[MaracReferral], start: dt.date, end: dt.date) -> QuarterFigures:
    """Cases, repeats and referrals by agency for one quarter. ``referrals`` must include earlier
    ones too (at least the 12 months before ``start``) so that repeats are recognised."""
    repeats = repeat_ids(referrals)
    inside = [r for r in referrals if start <= r.referred_on <= end]
    repeat_count = sum(1 for r in inside if r.id in repeats)
    agencies = Counter(r.agency for r in inside)
    return QuarterFigures(
        start=start,
        end=end,
        cases=len(inside),
        repeats=repeat_count,
        repeat_rate=(repeat_count / len(inside)) if inside else None,
        by_agency=tuple(sorted(agencies.items(), key=lambda kv: (-kv[1], kv[0]))),
    )
