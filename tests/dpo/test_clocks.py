"""Known answers of the 72-hour clock (UK GDPR Art. 33(1)) and of the DPIA review flags, worked by hand."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from saferplaces.dpo.clocks import report_clock, review_flag

LONDON = ZoneInfo("Europe/London")


def london(*args):
    return dt.datetime(*args, tzinfo=LONDON)


def test_the_deadline_is_72_hours_elapsed_across_the_spring_clock_change():
    # Aware 10:00 GMT on Saturday 28 March 2026; the clocks go forward at 01:00 GMT on Sunday 29 March.
    # 72 hours later is 10:00 UTC on Tuesday 31 March, which is 11:00 BST (not 10:00 local).
    aware = london(2026, 3, 28, 10, 0)
    clock = report_clock(aware_at=aware, now=aware, reportable=True)
    assert clock.deadline.astimezone(LONDON).replace(tzinfo=None) == dt.datetime(2026, 3, 31, 11, 0)
    assert clock.deadline == dt.datetime(2026, 3, 31, 10, 0, tzinfo=dt.UTC)
    # At 10:30 BST on the Tuesday (09:30 UTC), 30 minutes are left: 0 whole hours, still running.
    late_morning = london(2026, 3, 31, 10, 30)
    assert (report_clock(aware_at=aware, now=late_morning, reportable=True).state,
            report_clock(aware_at=aware, now=late_morning, reportable=True).hours) == ("running", 0)


def test_the_deadline_is_72_hours_elapsed_across_the_autumn_clock_change():
    # Aware 12:00 BST (11:00 UTC) on Saturday 24 October 2026; the clocks go back at 02:00 BST on the 25th.
    # 72 hours later is 11:00 UTC on Tuesday 27 October: 11:00 GMT local, an hour earlier than naive 12:00.
    aware = london(2026, 10, 24, 12, 0)
    clock = report_clock(aware_at=aware, now=aware, reportable=None)
    assert clock.deadline.astimezone(LONDON).replace(tzinfo=None) == dt.datetime(2026, 10, 27, 11, 0)
    assert (clock.state, clock.hours) == ("running", 72)


@pytest.mark.parametrize(("elapsed", "state", "hours"), [
    (dt.timedelta(hours=10), "running", 62),
    (dt.timedelta(hours=10, minutes=1), "running", 61),  # 61 h 59 min left: whole hours, rounded down
    (dt.timedelta(hours=72), "running", 0),  # the last moment is still in time
    (dt.timedelta(hours=75, minutes=30), "overdue", 3),
])
def test_hours_left_and_overdue(elapsed, state, hours):
    aware = london(2026, 6, 1, 9, 0)
    clock = report_clock(aware_at=aware, now=aware + elapsed, reportable=True)
    assert (clock.state, clock.hours) == (state, hours)


def test_an_undecided_breach_runs_the_clock_and_a_not_reportable_one_stops_it():
    aware = london(2026, 6, 1, 9, 0)
    assert report_clock(aware_at=aware, now=aware + dt.timedelta(hours=80), reportable=None).state == "overdue"
    stopped = report_clock(aware_at=aware, now=aware + dt.timedelta(hours=80), reportable=False)
    assert (stopped.state, stopped.hours) == ("not_reportable", None)


def test_a_report_is_in_time_up_to_72_hours_and_late_after():
    aware = london(2026, 6, 1, 9, 0)
    now = aware + dt.timedelta(days=30)
    in_time = report_clock(aware_at=aware, now=now, reportable=True, reported_at=aware + dt.timedelta(hours=72))
    late = report_clock(aware_at=aware, now=now, reportable=True,
                        reported_at=aware + dt.timedelta(hours=80, minutes=59))
    assert (in_time.state, in_time.hours) == ("reported", 72)
    assert (late.state, late.hours) == ("reported_late", 80)
    assert late.text == "Reported to the ICO late, 80 hours after becoming aware"


@pytest.mark.parametrize(("review_date", "flag"), [
    (dt.date(2026, 5, 31), "overdue"),
    (dt.date(2026, 6, 1), "due"),
    (dt.date(2026, 7, 1), "due"),  # 30 days ahead
    (dt.date(2026, 7, 2), "current"),  # 31 days ahead
])
def test_dpia_review_flags(review_date, flag):
    assert review_flag(review_date, dt.date(2026, 6, 1)) == flag
