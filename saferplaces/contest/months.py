"""Months as the Contest returns name them: a record covers a calendar month, kept as its first day."""

from __future__ import annotations

import datetime as dt
import re

from saferplaces.core import csvimport
from saferplaces.core.dates import add_months, plausible_year


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def recent_months(today: dt.date, count: int = 24, *, include_current: bool = True) -> list[tuple[str, str]]:
    """(ISO first day, "November 2026") of the latest ``count`` months, newest first: a form's choices."""
    first = month_of(today) if include_current else add_months(month_of(today), -1)
    return [((m := add_months(first, -i)).isoformat(), f"{m:%B %Y}") for i in range(count)]


def parse_month(text: str) -> dt.date:
    """The month ``text`` names: ``2026-10``, or the first day of the month as a date (``2026-10-01``,
    ``01/10/2026``). Another day of the month is refused: it may be a typing error."""
    text = text.strip()
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year, month = int(match[1]), int(match[2])
        if not (plausible_year(year) and 1 <= month <= 12):
            raise ValueError(f"'{text}' is not a month (write it like 2026-10)")
        return dt.date(year, month, 1)
    try:
        day = csvimport.parse_date(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a month (write it like 2026-10)") from None
    if day.day != 1 or not plausible_year(day.year):
        raise ValueError(f"'{text}' is not the first day of a month (write the month like 2026-10)")
    return day


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every month that starts between ``start`` and ``end``, oldest first."""
    month, months = month_of(start) if start.day == 1 else add_months(month_of(start), 1), []
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months
