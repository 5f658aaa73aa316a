"""Which months have data: the one definition every analysis of monthly data obeys.

police.uk publishes each force's crimes month by month; a force sometimes has no file for a month
(the Metropolitan Police has none for March 2016). Such a month is **unknown**, not zero: a series
shows it as a gap (``None``), tests leave it out, and methods that need every month refuse.

The rule, per source (a force in police.uk data; the whole file for an events extract):

* a month is **missing for a source** when the source has no rows in it but has rows both in an
  earlier and in a later month;
* a month is **without data** for the whole load when it is missing for any source (the areas'
  total would be incomplete) or when no source has rows in it while rows exist either side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np


def months_between(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last``, both included."""
    year, month = map(int, first.split("-"))
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def missing_by_source(rows: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Source → the months inside its range it has no rows for, from ``(source, "YYYY-MM")`` pairs
    (repeats allowed); every source present is a key, with ``()`` when it has no gap."""
    present: dict[str, set[str]] = {}
    for source, month in rows:
        present.setdefault(source, set()).add(month)
    return {source: tuple(m for m in months_between(min(months), max(months)) if m not in months)
            for source, months in sorted(present.items())}


def months_without_data(missing: Mapping[str, Sequence[str]], present: Iterable[str]) -> tuple[str, ...]:
    """The months with no (complete) data for the whole load, oldest first.

    ``missing`` is :func:`missing_by_source`'s answer (as ``QualityReport.missing_months``);
    ``present`` the months that have any rows.
    """
    months = set(present)
    unknown = {month for gaps in missing.values() for month in gaps}
    if months:
        unknown.update(m for m in months_between(min(months), max(months)) if m not in months)
    return tuple(sorted(unknown))


def label_of(month: int) -> str:
    """``YYYY-MM`` of a month numbered from January 1970 (as ``Events.months()``)."""
    return str(np.datetime64(int(month), "M"))


def number_of(label: str) -> int:
    """The month number (from January 1970) of ``YYYY-MM``."""
    return int(np.datetime64(label, "M").astype(np.int64))


def event_months_without_data(events) -> tuple[str, ...]:
    """Months without data in an events table: per force when the events say who supplied them
    (``Events.force``), else the file being the one source.

    Only for month-resolution events (police.uk-style dates): there a month with no event at all
    between months that have events is a month not supplied. With exact dates a quiet month is a
    real zero, so nothing is missing.
    """
    if events.resolution != "month" or not len(events):
        return ()
    months = events.months()
    if events.force is not None:
        pairs = [(force or "", label_of(month)) for force, month in set(zip(events.force.tolist(), months.tolist()))]
        return months_without_data(missing_by_source(pairs), [month for _, month in pairs])
    present = np.unique(months)
    every = np.arange(present[0], present[-1] + 1)
    return tuple(label_of(m) for m in np.setdiff1d(every, present))


def describe(months: Sequence[str]) -> str:
    """"2016-03" or "2016-03, 2016-07 and 2016-08": the months in words for a report."""
    months = list(months)
    return months[0] if len(months) == 1 else ", ".join(months[:-1]) + " and " + months[-1]
