"""The Gold rota's rules on plain objects: weeks, gaps four weeks ahead, and the iCalendar text
(RFC 5545: CRLF line ends, folding at 75 octets, escaped text, UID and DTSTAMP)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from saferplaces.contest import rota

TODAY = dt.date(2026, 11, 26)  # a Thursday: its week starts on Monday 23 November
ANN = SimpleNamespace(pk=1, display_name="Ann Example")
BEN = SimpleNamespace(pk=2, display_name="Ben Example")


def _week(monday, primary=ANN, reserve=BEN):
    return SimpleNamespace(starts_on=monday, ends_on=monday + dt.timedelta(days=7), primary=primary, reserve=reserve,
                           primary_id=primary.pk if primary else None, reserve_id=reserve.pk if reserve else None)


def test_weeks_start_on_mondays():
    assert rota.monday_of(TODAY) == dt.date(2026, 11, 23)
    assert rota.monday_of(dt.date(2026, 11, 23)) == dt.date(2026, 11, 23)
    assert rota.mondays(TODAY, 3) == [dt.date(2026, 11, 23), dt.date(2026, 11, 30), dt.date(2026, 12, 7)]


def test_gaps_are_flagged_from_the_current_week_to_four_weeks_ahead():
    weeks = [
        _week(dt.date(2026, 11, 16), reserve=None),  # last week: over, not flagged
        _week(dt.date(2026, 11, 23)),  # this week: filled
        _week(dt.date(2026, 11, 30), reserve=None),  # next week: no reserve
        # 7 December: no record at all, a gap
        _week(dt.date(2026, 12, 14)),
        _week(dt.date(2026, 12, 21), primary=None),  # four weeks ahead: flagged
        _week(dt.date(2026, 12, 28), primary=None),  # five weeks ahead: not yet
    ]
    assert rota.flag_horizon(TODAY) == dt.date(2026, 12, 21)
    assert rota.gaps_ahead(weeks, TODAY) == [dt.date(2026, 11, 30), dt.date(2026, 12, 7), dt.date(2026, 12, 21)]
    shown = rota.rows(weeks, dt.date(2026, 11, 16), 7, TODAY)
    assert [(row.starts_on.day, row.is_gap, row.flagged) for row in shown] == [
        (16, True, False), (23, False, False), (30, True, True), (7, True, True), (14, False, False),
        (21, True, True), (28, True, False)]


def test_folding_keeps_lines_within_75_octets_and_never_splits_a_character():
    line = "SUMMARY:" + "é" * 80  # two octets each
    folded = rota.fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == line  # unfolding gives it back
    assert rota.fold("SHORT:line") == "SHORT:line"


def test_text_values_are_escaped():
    assert rota.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_an_officers_calendar_has_one_all_day_event_per_duty():
    weeks = [_week(dt.date(2026, 11, 23)), _week(dt.date(2026, 11, 30), primary=BEN, reserve=ANN),
             _week(dt.date(2026, 12, 7), primary=BEN, reserve=None)]
    events = rota.officer_events(weeks, ANN)
    stamp = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)
    text = rota.calendar(events, name="Gold rota: Ann Example", stamp=stamp)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends with CRLF
    assert text.count("BEGIN:VEVENT") == 2
    assert "UID:gold-rota-20261123-primary-1@saferplaces.invalid\r\n" in text
    assert "UID:gold-rota-20261130-reserve-1@saferplaces.invalid\r\n" in text
    assert text.count("DTSTAMP:20261126T093000Z\r\n") == 2
    assert "DTSTART;VALUE=DATE:20261123\r\nDTEND;VALUE=DATE:20261130\r\n" in text
    assert "SUMMARY:London Local Authority Gold: reserve on call\r\n" in text
    assert "DESCRIPTION:Reserve: Ben Example\r\n" in text
    assert "X-WR-CALNAME:Gold rota: Ann Example\r\n" in text
    # an officer with no weeks still gets a valid, empty calendar
    empty = rota.calendar([], name="x", stamp=stamp)
    assert "BEGIN:VEVENT" not in empty and empty.endswith("END:VCALENDAR\r\n")
