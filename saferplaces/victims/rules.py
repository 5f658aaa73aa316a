"""Rules that put a person on the repeat-victim register, each with the reason it shows.

* **Same-type repeat**: two or more victimisations of the same type in the 12 months up to the
  date of the check.
* **ASB Community Trigger**: three or more anti-social behaviour reports in the 6 months up to the
  date of the check: the default threshold for an ASB case review (Anti-social Behaviour, Crime and
  Policing Act 2014, s.104; Home Office statutory guidance).
* **Domestic abuse repeat**: a domestic abuse incident after the person's last MARAC referral and
  within 12 months of it (SafeLives' definition of a MARAC repeat; see
  :mod:`saferplaces.victims.marac`).

Pure functions over plain values: the register feeds them only the records the viewer may see.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from saferplaces.core.dates import add_months

ASB = "asb"
DOMESTIC_ABUSE = "domestic_abuse"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Event:
    id: int
    kind: str
    kind_label: str
    on: dt.date


@dataclass(frozen=True)
class Flag:
    rule: str
    reason: str
    events: tuple[int, ...]


def flags(events: list[Event], marac_referrals: list[dt.date], on: dt.date) -> list[Flag]:
    """Every rule ``events`` meet on date ``on``, with the reason in words."""
    found: list[Flag] = []
    year_ago = add_months(on, -12)
    by_kind: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if year_ago < event.on <= on:
            by_kind[event.kind].append(event)
    for _kind, group in sorted(by_kind.items()):
        if len(group) >= 2:
            found.append(Flag("same_type", f"{len(group)} {group[0].kind_label.lower()} victimisations in the "
                                           f"12 months to {_day(on)}", tuple(e.id for e in group)))
    six_ago = add_months(on, -6)
    asb = [e for e in events if e.kind == ASB and six_ago < e.on <= on]
    if len(asb) >= 3:
        found.append(Flag("community_trigger", f"{len(asb)} anti-social behaviour reports in the 6 months to "
                                               f"{_day(on)}: meets the Community Trigger threshold",
                          tuple(e.id for e in asb)))
    if marac_referrals:
        last = max(marac_referrals)
        repeat = [e for e in events if e.kind == DOMESTIC_ABUSE and last < e.on <= add_months(last, 12)]
        if repeat:
            found.append(Flag("marac_repeat", f"Domestic abuse on {_day(repeat[0].on)}, within 12 months of the "
                                              f"last MARAC referral ({_day(last)}): refer to MARAC again as a "
                                              "repeat", tuple(e.id for e in repeat)))
    return found
