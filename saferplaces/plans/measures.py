"""Measures that other modules provide for the plan's KPIs.

A module registers a function computing a value for a period; a KPI whose source is a measure reads
it each quarter (``manage.py compute_kpis``). Register in an ``AppConfig.ready``::

    from saferplaces.plans.measures import register
    register("asb.cases_logged", "ASB cases logged", "count", cases_logged_between)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str  # count, percentage, rate, milestone
    compute: Callable[[dt.date, dt.date], float]


_MEASURES: dict[str, Measure] = {}


def register(key: str, label: str, unit: str, compute: Callable[[dt.date, dt.date], float]) -> None:
    _MEASURES[key] = Measure(key, label, unit, compute)


def get(key: str) -> Measure:
    try:
        return _MEASURES[key]
    except KeyError:
        raise KeyError(f"No measure called {key!r}; registered: {sorted(_MEASURES)}") from None


def choices() -> list[tuple[str, str]]:
    return [(m.key, m.label) for m in sorted(_MEASURES.values(), key=lambda m: m.label)]
