"""Rules that put a person on the repeat-victim register, each with the reason it shows and the
records (sources) it read.

* **Same-type repeat**: two or more victimisations of the same type of crime in the 12 months up
  to the date of the check. Anti-social behaviour is left to the next rule: it has its own threshold,
  which partnerships set to the level at which they act on repeat ASB (two noise complaints in a
  year would otherwise flag every complainant of a first case).
* **ASB Community Trigger**: three or more anti-social behaviour reports in the 6 months up to the
  date of the check: the default threshold for an ASB case review (Anti-social Behaviour, Crime and
  Policing Act 2014, s.104; Home Office statutory guidance). ASB complaints recorded on an ASB case
  where the person is the victim or complainant count, as do victimisations of the ASB type.
* **Domestic abuse repeat**: a domestic abuse incident after the person's last MARAC referral and
  within 12 months of it (SafeLives' definition of a MARAC repeat; see
  :mod:`saferplaces.victims.marac`).

The counts and windows of the first two are local policy, set in ``settings.VICTIMS`` (see
:func:`thresholds`); the defaults are the ones above. The MARAC repeat follows SafeLives' fixed
definition.

Pure functions over plain values: the register feeds them only the records the viewer may see.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from saferplaces.core.dates import add_months

ASB = "asb"
DOMESTIC_ABUSE = "domestic_abuse"


#: the rules by their codes (each flag's ``rule``), as the register's filter names them
RULE_NAMES = {
    "same_type": "Same-type repeat",
    "community_trigger": "ASB: Community Trigger threshold",
    "marac_repeat": "Domestic abuse after a MARAC referral",
}


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Event:
    """One victimisation. ``id`` is unique among the events given (e.g. ``("victimisation", 7)``);
    ``source`` names the record it came from, as the flag shows it ("ASB case ASB-2026-00012"),
    and ``noun`` what one event of that source is ("complaint", "victimisation")."""

    id: object
    kind: str
    kind_label: str
    on: dt.date
    source: str = ""
    noun: str = "victimisation"


@dataclass(frozen=True)
class Flag:
    rule: str
    reason: str
    events: tuple
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Thresholds:
    """How many events in how many months make each repeat; the defaults are the rules above."""

    same_type_count: int = 2
    same_type_months: int = 12
    asb_count: int = 3  # s.104 of the 2014 Act: the default review threshold
    asb_months: int = 6

    @property
    def longest_months(self) -> int:
        return max(self.same_type_months, self.asb_months, 12)


def thresholds(config: dict | None) -> Thresholds:
    """The thresholds of ``settings.VICTIMS`` (keys ``SAME_TYPE_COUNT``, ``SAME_TYPE_MONTHS``,
    ``ASB_COUNT``, ``ASB_MONTHS``); missing keys keep the defaults."""
    config = config or {}
    default = Thresholds()
    return Thresholds(same_type_count=int(config.get("SAME_TYPE_COUNT", default.same_type_count)),
                      same_type_months=int(config.get("SAME_TYPE_MONTHS", default.same_type_months)),
                      asb_count=int(config.get("ASB_COUNT", default.asb_count)),
                      asb_months=int(config.get("ASB_MONTHS", default.asb_months)))


def sources(events) -> tuple[str, ...]:
    """Each source of ``events`` with how many events it gave, in the order first met."""
    counts: dict[tuple[str, str], int] = {}
    for event in events:
        key = (event.source, event.noun)
        counts[key] = counts.get(key, 0) + 1
    return tuple(f"{source}: {n} {noun}{'' if n == 1 else 's'}" if source else f"{n} {noun}{'' if n == 1 else 's'}"
                 for (source, noun), n in counts.items())


def _months(n: int) -> str:
    return "1 month" if n == 1 else f"{n} months"


def flags(events: list[Event], marac_referrals: list[dt.date], on: dt.date,
          limits: Thresholds | None = None) -> list[Flag]:
    """Every rule ``events`` meet on date ``on``, with the reason in words and its sources."""
    limits = limits or Thresholds()
    found: list[Flag] = []
    since = add_months(on, -limits.same_type_months)
    by_kind: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if since < event.on <= on:
            by_kind[event.kind].append(event)
    for kind, group in sorted(by_kind.items()):
        if kind != ASB and len(group) >= limits.same_type_count:
            found.append(Flag("same_type", f"{len(group)} {group[0].kind_label.lower()} victimisations in the "
                                           f"{_months(limits.same_type_months)} to {_day(on)}",
                              tuple(e.id for e in group), sources(group)))
    asb_since = add_months(on, -limits.asb_months)
    asb = [e for e in events if e.kind == ASB and asb_since < e.on <= on]
    if len(asb) >= limits.asb_count:
        reports = "1 anti-social behaviour report" if len(asb) == 1 else f"{len(asb)} anti-social behaviour reports"
        found.append(Flag("community_trigger", f"{reports} in the {_months(limits.asb_months)} to {_day(on)}: meets "
                                               "the Community Trigger threshold", tuple(e.id for e in asb),
                          sources(asb)))
    if marac_referrals:
        last = max(marac_referrals)
        repeat = [e for e in events if e.kind == DOMESTIC_ABUSE and last < e.on <= add_months(last, 12)]
        if repeat:
            found.append(Flag("marac_repeat", f"Domestic abuse on {_day(repeat[0].on)}, within 12 months of the "
                                              f"last MARAC referral ({_day(last)}): refer to MARAC again as a "
                                              "repeat", tuple(e.id for e in repeat),
                              (f"MARAC referral of {_day(last)}", *sources(repeat))))
    return found
