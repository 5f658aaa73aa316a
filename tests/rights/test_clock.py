"""The statutory month (UK GDPR Art. 12(3)) counted as the ICO's guidance says."""

import datetime as dt

import pytest

from saferplaces.rights.clock import corresponding_date, days_left, due_date, next_working_day

D = dt.date


@pytest.mark.parametrize(("received", "due"), [
    (D(2025, 9, 3), D(2025, 10, 3)),  # the ICO's example: 3 September -> 3 October (a Friday)
    (D(2025, 1, 31), D(2025, 2, 28)),  # no 31 February: the last day of the month (a Friday)
    (D(2024, 1, 31), D(2024, 2, 29)),  # a leap year (a Thursday)
    (D(2025, 9, 4), D(2025, 10, 6)),  # 4 October 2025 is a Saturday: the next working day, Monday
    (D(2026, 3, 3), D(2026, 4, 7)),  # 3 April 2026 is Good Friday, 6 April Easter Monday
    (D(2025, 11, 25), D(2025, 12, 29)),  # 25 and 26 December are bank holidays, then a weekend
])
def test_due_one_calendar_month_later_on_the_next_working_day(received, due):
    assert due_date(received) == due


def test_extension_adds_two_further_months():
    assert due_date(D(2025, 9, 3), extended=True) == D(2025, 12, 3)
    assert corresponding_date(D(2025, 11, 30), 3) == D(2026, 2, 28)


def test_working_day_and_days_left():
    assert next_working_day(D(2025, 5, 5)) == D(2025, 5, 6)  # early May bank holiday
    assert days_left(D(2025, 10, 3), D(2025, 9, 30)) == 3
    assert days_left(D(2025, 10, 3), D(2025, 10, 5)) == -2
