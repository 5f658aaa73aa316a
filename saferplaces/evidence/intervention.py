"""Did a place-based intervention work? The WDD test from counts, or from events and boundaries.

:func:`~saferplaces.evidence.evaluation.wdd` is the statistic (Wheeler & Ratcliffe 2018); this
module gathers its inputs: counts given directly, or events counted in the areas' boundaries before
and after the start (optionally by crime type with harm weights, or per km²).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from saferplaces.evidence import crime_types
from saferplaces.evidence.before_after import BeforeAfter, count_before_after
from saferplaces.evidence.coverage import event_months_without_data
from saferplaces.evidence.errors import InputError, ParameterError
from saferplaces.evidence.evaluation import Counts, WDDResult, wdd
from saferplaces.evidence.events import load_events
from saferplaces.evidence.geography import read_boundary
from saferplaces.evidence.harm import load_weights
from saferplaces.evidence.serialise import json_meta

AREAS = ("treated", "control", "displacement", "displacement_control")


@dataclass(frozen=True)
class PeriodCounts:
    """Events in one area before and after the start."""

    before: int
    after: int


@dataclass(frozen=True)
class WDDReport:
    """The WDD test with the inputs it used.

    Attributes
    ----------
    result : WDDResult
        The test (its fields are written at the top level of the JSON form).
    periods : (before, after)
        Period lengths used to scale the counts.
    sizes : (treated, control, displacement, displacement control)
        Area sizes (all 1 unless densities were compared).
    start : datetime.date, optional
        When counted from events: the intervention's start.
    period_unit : str, optional
        "days", or "months" for month-only data.
    counts : mapping of area name to PeriodCounts, optional
        Events counted in each area (treated, control, displacement, displacement_control).
    outside_the_areas : int, optional
        Events in the periods but in none of the areas.
    without_data : tuple of str, optional
        Months inside the periods with no data (month-only events): not counted in ``periods``.
    """

    result: WDDResult = field(metadata=json_meta(flatten=True))
    periods: tuple[float, float]
    sizes: tuple[float, float, float, float]
    start: dt.date | None = field(default=None, metadata=json_meta(optional=True))
    period_unit: str | None = field(default=None, metadata=json_meta(optional=True))
    counts: Mapping[str, PeriodCounts] | None = field(default=None, metadata=json_meta(optional=True))
    outside_the_areas: int | None = field(default=None, metadata=json_meta(optional=True))
    without_data: tuple[str, ...] | None = field(default=None, metadata=json_meta(optional=True))


def wdd_from_counts(treated: Counts, control: Counts, displacement: Counts | None = None,
                    displacement_control: Counts | None = None, *, periods: tuple[float, float] = (1.0, 1.0),
                    sizes: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0),
                    level: float = 0.9) -> WDDReport:
    """The WDD test on counts given directly; see :func:`saferplaces.evidence.api.wdd_from_counts`."""
    result = wdd(treated, control, displacement, displacement_control, periods=periods, areas=sizes, level=level)
    return WDDReport(result, periods, sizes)


def _harm_weights(table: BeforeAfter, harm: str) -> dict[str, float]:
    weights = load_weights(harm)
    found: dict[str, float] = {}
    for area in table.areas:
        for crime_type in area.by_type():
            name = crime_types.canonical(crime_type)
            if name is None:
                raise InputError(f"harm weights need police.uk crime types; {crime_type!r} is not one")
            found[crime_type] = weights.weight(name)
    return found


def wdd_from_events(events_path: str | Path, areas: Mapping[str, str | Path], start: dt.date, *,
                    before: int | None = None, after: int | None = None,
                    only_types: Iterable[str] | None = None, harm: str | None = None, per_km2: bool = False,
                    level: float = 0.9, without_data: Iterable[str] = ()) -> WDDReport:
    """The WDD test on events counted in boundaries; see :func:`saferplaces.evidence.api.wdd_from_events`."""
    unknown = sorted(set(areas) - set(AREAS))
    if unknown:
        raise ParameterError(f"unknown area {', '.join(unknown)}: areas are {', '.join(AREAS)}")
    missing = [name for name in ("treated", "control") if name not in areas]
    if missing:
        raise ParameterError(f"missing the boundary of the {' and '.join(missing)} area")
    events = load_events(events_path)
    declared = tuple(without_data)
    for month in declared:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
            raise ParameterError(f"month without data {month!r} is not YYYY-MM")
    # Found in the whole file, before any crime type is picked.
    without_data = tuple(sorted(set(event_months_without_data(events)) | set(declared)))
    if only_types:
        wanted = {crime_types.canonical(t) or t for t in only_types}
        events = events.subset(np.array([(crime_types.canonical(t) or t) in wanted for t in events.crime_type],
                                        dtype=bool))
        if not len(events):
            raise InputError(f"no events of type {', '.join(sorted(wanted))}")
    boundaries = {name: read_boundary(areas[name]) for name in AREAS if name in areas}
    table = count_before_after(events, boundaries, start, before, after, without_data)
    weights = _harm_weights(table, harm) if harm else None
    found = {area.name: area for area in table.areas}

    def counted(name: str) -> Counts:
        return found[name].by_type() if weights else found[name].pair()

    def size(name: str) -> float:
        return found[name].size_km2 if per_km2 and name in found else 1.0

    sizes = (size("treated"), size("control"), size("displacement"), size("displacement_control"))
    periods = (float(table.before_length), float(table.after_length))
    result = wdd(counted("treated"), counted("control"), counted("displacement") if "displacement" in found else None,
                 counted("displacement_control") if "displacement_control" in found else None,
                 periods=periods, areas=sizes, harm_weights=weights, level=level)
    return WDDReport(result, periods, sizes, start=table.start, period_unit=table.unit,
                     counts={a.name: PeriodCounts(*a.pair()) for a in table.areas}, outside_the_areas=table.outside,
                     without_data=table.without_data)
