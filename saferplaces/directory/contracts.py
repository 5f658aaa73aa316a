"""The rules of a contract's quarterly return: which quarters a contract owes, when each is due,
and what makes a return valid against the contract's template.

* A contract owes a return for every quarter (January–March, April–June, July–September,
  October–December) that overlaps its term and has ended.
* A quarter's return is due by the end of the month after the quarter ends, the partnership's rule
  for every partner return (``plans.returns.due_on``): boards meet quarterly and read the last full
  quarter. After that day it is overdue.
* A return is checked against the template as a whole (all or nothing): every required figure is
  given; each value is a number within the figure's range (a whole number where it counts people);
  the parts of each breakdown (by age, by sex ...) add up to the figure they break down, as the
  Home Office's and MOPAC's monitoring returns ask of demographic tables.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from saferplaces.plans.models import Cadence
from saferplaces.plans.returns import due_on, period_containing, period_label

QUARTERLY = Cadence.QUARTERLY


def quarter_label(start: dt.date) -> str:
    return period_label(QUARTERLY, start)


def quarters_owed(starts_on: dt.date, ends_on: dt.date, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(first day, last day) of each quarter overlapping the term that has ended by ``today``."""
    owed = []
    start, end = period_containing(QUARTERLY, starts_on)
    while start <= ends_on and end < today:
        owed.append((start, end))
        start, end = period_containing(QUARTERLY, end + dt.timedelta(days=1))
    return owed


@dataclass(frozen=True)
class Owed:
    period_start: dt.date
    due_on: dt.date
    status: str  # received, due or overdue

    @property
    def label(self) -> str:
        return quarter_label(self.period_start)


def returns_owed(starts_on: dt.date, ends_on: dt.date, received: Iterable[dt.date], today: dt.date) -> list[Owed]:
    """Each owed quarter's state: received, due (its day has not passed) or overdue; latest first."""
    got = set(received)
    rows = []
    for start, end in quarters_owed(starts_on, ends_on, today):
        due = due_on(end)
        status = "received" if start in got else ("overdue" if today > due else "due")
        rows.append(Owed(start, due, status))
    return rows[::-1]


@dataclass(frozen=True)
class Rule:
    """A template figure as the checks see it (``directory.Figure`` without the database)."""

    code: str
    label: str
    required: bool = True
    minimum: float = 0
    maximum: float | None = None
    whole_number: bool = True
    part_of: str = ""  # the code of the figure this one is a part of
    breakdown: str = ""


def value_problems(rule: Rule, value: float) -> list[str]:
    """What is wrong with ``value`` for ``rule`` on its own."""
    if not math.isfinite(value):
        return [f"{rule.code} must be a number"]
    if rule.whole_number and value != int(value):
        return [f"{rule.code} must be a whole number"]
    if value < rule.minimum:
        return [f"{rule.code} must be {rule.minimum:g} or more"]
    if rule.maximum is not None and value > rule.maximum:
        return [f"{rule.code} must be {rule.maximum:g} or less"]
    return []


def return_problems(rules: Iterable[Rule], values: Mapping[str, float]) -> list[tuple[str, str]]:
    """(figure code, problem) for everything wrong with a whole return, in template order; empty when
    it is valid."""
    rules = list(rules)
    problems: list[tuple[str, str]] = []
    known = {rule.code for rule in rules}
    for code in values:
        if code not in known:
            problems.append((code, f"{code} is not a figure of this contract's return"))
    groups: dict[tuple[str, str], list[Rule]] = defaultdict(list)
    for rule in rules:
        if rule.code not in values:
            if rule.required:
                problems.append((rule.code, f"{rule.code} ({rule.label}) is required"))
        else:
            problems += [(rule.code, problem) for problem in value_problems(rule, values[rule.code])]
        if rule.part_of:
            groups[(rule.part_of, rule.breakdown)].append(rule)
    wrong = {code for code, _problem in problems}
    for (whole, breakdown), parts in groups.items():
        involved = [whole] + [part.code for part in parts]
        if any(code not in values or code in wrong for code in involved):
            continue  # a missing or wrong figure is reported above; a sum of what is there would mislead
        total = sum(values[part.code] for part in parts)
        if not math.isclose(total, values[whole]):
            name = f" by {breakdown}" if breakdown else ""
            problems.append((whole, f"the parts of {whole}{name} ({', '.join(p.code for p in parts)}) add up to "
                                    f"{total:g}, not {values[whole]:g}"))
    return problems
