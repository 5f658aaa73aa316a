"""The statutory clock of a subject access request.

UK GDPR Art. 12(3): the controller answers "without undue delay and in any event within one month of
receipt of the request", and may extend that "by two further months where necessary, taking into
account the complexity and number of the requests" (telling the subject within the first month, with
the reasons). DPA 2018 s.54 says the same for law-enforcement processing.

The ICO's guidance on the right of access ("How long do we have to comply?") says how to count: from
the day the request is received (whether a working day or not) to the *corresponding calendar date* of
the next month; where the next month has no such date, the last day of that month; and where the date
falls on a weekend or a public holiday, the next working day. A month from 31 January is 28 (or 29)
February; a month from 3 September is 3 October.
"""

from __future__ import annotations

import calendar
import datetime as dt

#: Bank holidays in England and Wales, from GOV.UK (https://www.gov.uk/bank-holidays). Dates beyond
#: the list roll over weekends only: extend it each year.
BANK_HOLIDAYS = frozenset({
    dt.date(2025, 1, 1), dt.date(2025, 4, 18), dt.date(2025, 4, 21), dt.date(2025, 5, 5), dt.date(2025, 5, 26),
    dt.date(2025, 8, 25), dt.date(2025, 12, 25), dt.date(2025, 12, 26),
    dt.date(2026, 1, 1), dt.date(2026, 4, 3), dt.date(2026, 4, 6), dt.date(2026, 5, 4), dt.date(2026, 5, 25),
    dt.date(2026, 8, 31), dt.date(2026, 12, 25), dt.date(2026, 12, 28),
    dt.date(2027, 1, 1), dt.date(2027, 3, 26), dt.date(2027, 3, 29), dt.date(2027, 5, 3), dt.date(2027, 5, 31),
    dt.date(2027, 8, 30), dt.date(2027, 12, 27), dt.date(2027, 12, 28),
})
EXTENSION_MONTHS = 2


def corresponding_date(start: dt.date, months: int) -> dt.date:
    """The date ``months`` calendar months after ``start``: the same day of the month, or the last day
    of the month where it has no such day (31 January + 1 month = 28 or 29 February)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def next_working_day(day: dt.date) -> dt.date:
    """``day``, or the first day after it that is neither a weekend nor a bank holiday."""
    while day.weekday() >= 5 or day in BANK_HOLIDAYS:
        day += dt.timedelta(days=1)
    return day


def due_date(received_on: dt.date, extended: bool = False) -> dt.date:
    """The last day to answer a request received on ``received_on``: one month (Art. 12(3)), or three
    when extended by the two further months, counted as the ICO says (module docstring)."""
    months = 1 + (EXTENSION_MONTHS if extended else 0)
    return next_working_day(corresponding_date(received_on, months))


def days_left(due: dt.date, today: dt.date) -> int:
    """Calendar days from ``today`` to ``due``: negative once overdue."""
    return (due - today).days
