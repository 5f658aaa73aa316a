"""Quarters: financial (April to March) by default, calendar by setting, both read."""

import datetime as dt

import pytest

from saferplaces.plans import quarters
from saferplaces.plans.quarters import Quarter


def test_financial_quarters_are_named_from_april_by_default():
    q = Quarter.containing(dt.date(2018, 5, 17))
    assert (q.start, q.end) == (dt.date(2018, 4, 1), dt.date(2018, 6, 30))
    assert str(q) == "2018/19 Q1" and q.financial_year == "2018/19" and q.calendar_name == "2018-Q2"
    january = Quarter.containing(dt.date(2019, 1, 2))
    assert str(january) == "2018/19 Q4" and january.label == "January to March 2019"
    assert str(Quarter(1999, 4)) == "1999/00 Q3"  # across a century


def test_calendar_naming_by_setting(settings):
    settings.PLAN_QUARTERS = "calendar"
    assert str(Quarter.containing(dt.date(2018, 5, 17))) == "2018-Q2"
    assert "2018-Q1" in quarters.example()


@pytest.mark.parametrize(("text", "expected"), [
    ("2018/19 Q1", Quarter(2018, 2)), ("2018-19 Q2", Quarter(2018, 3)), ("2018/2019-Q3", Quarter(2018, 4)),
    ("FY2018/19 Q4", Quarter(2019, 1)), (" 2018/19q4 ", Quarter(2019, 1)), ("1999/00 Q1", Quarter(1999, 2)),
    ("2018-Q1", Quarter(2018, 1)), ("2018Q4", Quarter(2018, 4)), ("2018-q2", Quarter(2018, 2)),
])
def test_both_namings_are_read_whichever_is_shown(text, expected, settings):
    for naming in ("financial", "calendar"):
        settings.PLAN_QUARTERS = naming
        assert Quarter.parse(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("2018/20 Q1", "from one year into the next"), ("2018/18 Q1", "from one year into the next"),
    ("2018-Q5", "not a quarter"), ("Q1 2018", "not a quarter"), ("", "not a quarter"),
    ("0000-Q1", "between 1900 and 2100"), ("9999/00 Q1", "between 1900 and 2100"),
])
def test_what_is_not_a_quarter_says_why(text, message):
    with pytest.raises(ValueError, match=message):
        Quarter.parse(text)


def test_a_quarter_is_stored_by_its_first_day_in_either_naming(settings):
    """KPIReading.period_start does not change with the setting: both start in Jan, Apr, Jul and Oct."""
    starts = set()
    for naming, text in (("financial", "2018/19 Q1"), ("calendar", "2018-Q2")):
        settings.PLAN_QUARTERS = naming
        starts.add(Quarter.parse(text).start)
    assert starts == {dt.date(2018, 4, 1)}


def test_the_pickers_quarters_run_back_to_the_plans_start():
    picked = quarters.between(dt.date(2017, 4, 1), dt.date(2018, 2, 1))
    assert [str(q) for q in picked] == ["2017/18 Q4", "2017/18 Q3", "2017/18 Q2", "2017/18 Q1"]
