"""Measures that other modules provide for the plan's KPIs.

A module registers a function computing a value for a period; a KPI whose source is a measure reads
it each quarter (``manage.py compute_kpis``). Register in an ``AppConfig.ready``::

    from saferplaces.plans.measures import register
    register("asb.cases_logged", "ASB cases logged", "count", cases_logged_between)

A measure of one thing among many the partnership keeps (a priority ward) is a *family*: one
function taking the thing's key first, registered once, read under ``prefix:key``
(``insights.ward_crime:3``)::

    register_family("insights.ward_crime", "Crime recorded", "count", ward_crime, priority_area_options)

``options`` lists the keys and their names when asked (the database, not the registry, knows them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str  # count, percentage, rate, milestone
    compute: Callable[[dt.date, dt.date], float]


@dataclass(frozen=True)
class Family:
    prefix: str
    label: str
    unit: str
    compute: Callable[[str, dt.date, dt.date], float]
    options: Callable[[], list[tuple[str, str]]]  # (key, name) of each member


_MEASURES: dict[str, Measure] = {}
_FAMILIES: dict[str, Family] = {}


def register(key: str, label: str, unit: str, compute: Callable[[dt.date, dt.date], float]) -> None:
    _MEASURES[key] = Measure(key, label, unit, compute)


def register_family(prefix: str, label: str, unit: str, compute: Callable[[str, dt.date, dt.date], float],
                    options: Callable[[], list[tuple[str, str]]]) -> None:
    _FAMILIES[prefix] = Family(prefix, label, unit, compute, options)


def family_key(prefix: str, member: object) -> str:
    return f"{prefix}:{member}"


def family_options(prefix: str) -> list[tuple[str, str]]:
    """(member, name) of each member of the family ``prefix`` now."""
    return _FAMILIES[prefix].options()


def get(key: str) -> Measure:
    if key in _MEASURES:
        return _MEASURES[key]
    prefix, _colon, member = key.partition(":")
    if member and prefix in _FAMILIES:
        family = _FAMILIES[prefix]
        name = dict(family.options()).get(member, member)
        return Measure(key, f"{family.label}: {name}", family.unit, partial(family.compute, member))
    raise KeyError(f"No measure called {key!r}; registered: {sorted(_MEASURES) + sorted(_FAMILIES)}")


def choices() -> list[tuple[str, str]]:
    single = [(m.key, m.label) for m in _MEASURES.values()]
    members = [(family_key(f.prefix, member), f"{f.label}: {name}")
               for f in _FAMILIES.values() for member, name in f.options()]
    return sorted(single + members, key=lambda choice: choice[1])
