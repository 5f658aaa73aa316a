"""The London Local Authority Gold rota's rules: its weeks, its gaps, and an officer's rota as an
iCalendar file.

A week runs Monday to Monday with a primary officer on call and a reserve. A week without either is a
gap; gaps are flagged from :data:`GAP_HORIZON_WEEKS` ahead (the current week and the four after it),
long enough for the rota manager to find cover.

The calendar is written here as text (RFC 5545, Internet Calendaring and Scheduling Core Object
Specification): lines end with CRLF (section 3.1), a content line longer than 75 octets is folded
by a CRLF and one space (section 3.1), text values escape backslash, semicolon, comma and newline
(section 3.3.11), each event carries a UID and a DTSTAMP in UTC (section 3.6.1), and an all-day event
is a DATE start and an exclusive DATE end (section 3.6.1, DTEND).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

GAP_HORIZON_WEEKS = 4
PRODID = "-//Safer Places//London Local Authority Gold rota//EN"
UID_DOMAIN = "saferplaces.invalid"


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def mondays(first: dt.date, count: int) -> list[dt.date]:
    start = monday_of(first)
    return [start + dt.timedelta(weeks=n) for n in range(count)]


@dataclass(frozen=True)
class WeekRow:
    """A week of the rota as shown: the week's record (None when nobody was ever put on it)."""

    starts_on: dt.date
    week: object | None
    flagged: bool  # a gap within the horizon

    @property
    def primary(self):
        return self.week.primary if self.week else None

    @property
    def reserve(self):
        return self.week.reserve if self.week else None

    @property
    def is_gap(self) -> bool:
        return self.primary is None or self.reserve is None


def is_gap(week) -> bool:
    return week is None or week.primary_id is None or week.reserve_id is None


def flag_horizon(today: dt.date) -> dt.date:
    """The last Monday whose week is flagged when it has a gap."""
    return monday_of(today) + dt.timedelta(weeks=GAP_HORIZON_WEEKS)


def rows(weeks: Iterable, first: dt.date, count: int, today: dt.date) -> list[WeekRow]:
    """``count`` weeks from the week holding ``first``, each with its record (or None) and whether it
    is a gap to flag: from the current week to :func:`flag_horizon`."""
    by_monday = {week.starts_on: week for week in weeks}
    horizon, current = flag_horizon(today), monday_of(today)
    return [WeekRow(monday, by_monday.get(monday),
                    current <= monday <= horizon and is_gap(by_monday.get(monday)))
            for monday in mondays(first, count)]


def gaps_ahead(weeks: Iterable, today: dt.date) -> list[dt.date]:
    """The Mondays of the weeks from the current one to the horizon with no primary or no reserve."""
    return [row.starts_on for row in rows(weeks, today, GAP_HORIZON_WEEKS + 1, today) if row.flagged]


# --- iCalendar (RFC 5545) --------------------------------------------------------------------------

def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslash, semicolon and comma escaped, newlines as \\n."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545, 3.1): each continuation starts with one space,
    which counts in its line's 75; a UTF-8 character is never split."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not parts else 74  # a continuation's leading space is one of its octets
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


@dataclass(frozen=True)
class Event:
    uid: str
    starts_on: dt.date
    ends_on: dt.date  # exclusive
    summary: str
    description: str = ""


def calendar(events: Iterable[Event], *, name: str, stamp: dt.datetime) -> str:
    """The VCALENDAR text of ``events``, all-day, with CRLF line ends and folded lines."""
    stamp_text = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(name)}"]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{stamp_text}",
                  f"DTSTART;VALUE=DATE:{event.starts_on:%Y%m%d}", f"DTEND;VALUE=DATE:{event.ends_on:%Y%m%d}",
                  f"SUMMARY:{escape_text(event.summary)}", "TRANSP:OPAQUE"]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def officer_events(weeks: Iterable, officer) -> list[Event]:
    """One all-day event per week and duty the officer holds; the UID names the week and the duty,
    so a calendar that subscribes replaces an event when the rota changes instead of adding one."""
    events = []
    for week in weeks:
        for duty, holder_id, colleague in (("primary", week.primary_id, week.reserve),
                                           ("reserve", week.reserve_id, week.primary)):
            if holder_id != officer.pk:
                continue
            other = "reserve" if duty == "primary" else "primary"
            description = f"{other.capitalize()}: {colleague.display_name if colleague else 'nobody yet'}"
            events.append(Event(uid=f"gold-rota-{week.starts_on:%Y%m%d}-{duty}-{officer.pk}@{UID_DOMAIN}",
                                starts_on=week.starts_on, ends_on=week.ends_on,
                                summary=f"London Local Authority Gold: {duty} on call", description=description))
    return events
