"""Calendar arithmetic the registers share: whole months and calendar quarters."""

from __future__ import annotations

import calendar
import datetime as dt

# The years a date typed or uploaded may fall in. Python's dates run from year 1 to 9999, but month
# arithmetic near either end fails and no record of the partnership is older or further ahead; a date
# outside these years is a typing error, answered as one.
FIRST_YEAR, LAST_YEAR = 1900, 2100
YEARS_TEXT = f"between {FIRST_YEAR} and {LAST_YEAR}"


def plausible_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


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
