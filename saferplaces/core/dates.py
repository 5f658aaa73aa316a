"""Calendar arithmetic the registers share: whole months and calendar quarters."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar quarter (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec) holding ``day``: first and last day."""
    start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return start, add_months(start, 3) - dt.timedelta(days=1)
