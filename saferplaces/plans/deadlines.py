"""Deadlines as the partnership's plan writes them, kept as text and interpreted.

The plan mixes dates ("31/03/2018"), months ("Mar-18", meaning the end of that month), recurring
deadlines ("Monthly", "Quarterly reporting", "Annual review"), ongoing work ("Ongoing", "On going"),
deadlines tied to events ("Before school summer holidays", "In line with meeting dates", "On
Exception"), several dates ("July / November March") and unknowns ("?", "TBD", blank).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
RECURRING = {"monthly": "monthly", "quarterly": "quarterly", "quarterly reporting": "quarterly",
             "annual review": "annually", "annually": "annually", "weekly": "weekly"}
ONGOING = {"ongoing", "on going", "on-going"}
UNKNOWN = {"", "?", "tbd", "tbc", "n/a"}
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class Deadline:
    """An interpreted deadline.

    ``kind`` is one of: ``date``, ``month`` (due at the month's end), ``several`` (several dates or
    months: the next one is due), ``recurring`` (``frequency`` says how often), ``ongoing``,
    ``event`` (tied to something without a date), ``unknown``. ``dates`` holds the due dates the text
    gives; months without a year (in ``several``) are placed in ``reference_year``.
    """

    text: str
    kind: str
    dates: tuple[dt.date, ...] = ()
    frequency: str | None = None

    def next_due(self, today: dt.date) -> dt.date | None:
        upcoming = [d for d in self.dates if d >= today]
        return min(upcoming) if upcoming else (max(self.dates) if self.dates else None)

    def status(self, today: dt.date, complete: bool = False) -> str:
        """``overdue``, ``due_soon`` (within 30 days), ``upcoming``, ``recurring``, ``ongoing``,
        ``no_date`` or ``complete``."""
        if complete:
            return "complete"
        if self.kind == "recurring":
            return "recurring"
        if self.kind == "ongoing":
            return "ongoing"
        if not self.dates:
            return "no_date"
        if self.kind == "several":
            due = self.next_due(today)
            if due < today:
                return "overdue"
        else:
            due = self.dates[-1]
            if due < today:
                return "overdue"
        return "due_soon" if (due - today).days <= DUE_SOON_DAYS else "upcoming"

    @property
    def label(self) -> str:
        if self.kind in {"date", "month"}:
            return f"{self.dates[0]:%-d %B %Y}"
        if self.kind == "several":
            return "; ".join(f"{d:%-d %B %Y}" for d in self.dates)
        if self.kind == "recurring":
            return self.frequency.capitalize()
        return {"ongoing": "Ongoing", "event": "When an event happens", "unknown": "Not set"}[self.kind]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def interpret(text: str | None, reference_year: int = 2017) -> Deadline:
    """Interpret a deadline as written in the plan.

    ``reference_year`` places months written without a year ("July / November March"): months on or
    after April fall in that year and earlier months in the next, following the financial year of the
    plan (April to March).
    """
    raw = (text or "").strip()
    lower = re.sub(r"\s+", " ", raw.lower())
    if lower in UNKNOWN:
        return Deadline(raw, "unknown")
    if lower in ONGOING:
        return Deadline(raw, "ongoing")
    if lower in RECURRING:
        return Deadline(raw, "recurring", frequency=RECURRING[lower])
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", lower)
    if match:
        day, month, year = map(int, match.groups())
        return Deadline(raw, "date", (dt.date(year, month, day),))
    match = re.fullmatch(r"([a-z]{3,9})[- ](\d{2}|\d{4})", lower)
    if match and match.group(1) in MONTHS:
        year = int(match.group(2))
        year = year + 2000 if year < 100 else year
        return Deadline(raw, "month", (_month_end(year, MONTHS[match.group(1)]),))
    words = [w for w in re.split(r"[\s/,&]+|\band\b", lower) if w]
    if words and all(w in MONTHS for w in words):
        dates = []
        for word in words:
            month = MONTHS[word]
            year = reference_year if month >= 4 else reference_year + 1
            dates.append(_month_end(year, month))
        return Deadline(raw, "several", tuple(sorted(dates)))
    return Deadline(raw, "event")
