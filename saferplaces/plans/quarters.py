"""Quarters for reporting, named the way the partnership's board reports them.

A quarter is three months starting in January, April, July or October, in either naming: the
financial year (1 April to 31 March, the year of UK public bodies' accounts and of the partnership's
funding, so the default) names April to June 2018 "2018/19 Q1"; the calendar year names it "2018-Q2".
The setting ``PLAN_QUARTERS`` ("financial" or "calendar") picks the name shown; both names are always
read, and a quarter is stored by its first day (``KPIReading.period_start``), the same in either.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings

from saferplaces.core.dates import YEARS_TEXT, plausible_year

FINANCIAL, CALENDAR = "financial", "calendar"
# "2018-Q1" (calendar); "2018/19 Q1", "2018-19 Q1", "2018/2019-Q1", "FY2018/19 Q1" (financial).
_CALENDAR = re.compile(r"(\d{4})\s*-?\s*Q([1-4])", re.I)
_FINANCIAL = re.compile(r"(?:FY\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*-?\s*Q([1-4])", re.I)


def naming() -> str:
    """The naming the board uses: ``settings.PLAN_QUARTERS``, financial unless set to calendar."""
    return CALENDAR if getattr(settings, "PLAN_QUARTERS", FINANCIAL) == CALENDAR else FINANCIAL


def example() -> str:
    """A hint for a form: an example of the naming in use and the other one, which is also read."""
    if naming() == FINANCIAL:
        return "For example 2018/19 Q1 (April to June 2018); a calendar quarter such as 2018-Q2 also works"
    return "For example 2018-Q1 (January to March 2018); a financial quarter such as 2017/18 Q4 also works"


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter by its calendar year and number (1 = January to March): the same months in either naming."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        text = text.strip()
        if match := _FINANCIAL.fullmatch(text):
            first, second, number = int(match.group(1)), match.group(2), int(match.group(3))
            if int(second) not in {(first + 1) % 100, first + 1}:
                raise ValueError(f"{text!r}: a financial year runs from one year into the next, like 2018/19")
            if not plausible_year(first):
                raise ValueError(f"{text!r}: the year must be {YEARS_TEXT}")
            # Q1 to Q3 fall in the year the financial year starts; Q4 (January to March) in the next.
            return cls(first + 1, 1) if number == 4 else cls(first, number + 1)
        if match := _CALENDAR.fullmatch(text):
            if not plausible_year(int(match.group(1))):
                raise ValueError(f"{text!r}: the year must be {YEARS_TEXT}")
            return cls(int(match.group(1)), int(match.group(2)))
        raise ValueError(f"{text!r} is not a quarter like {cls(2018, 2)}")

    @classmethod
    def containing(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        following = self.next()
        return following.start - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def financial_year(self) -> str:
        """The financial year holding the quarter, e.g. "2017/18" for January to March 2018."""
        first = self.year - 1 if self.number == 1 else self.year
        return f"{first}/{(first + 1) % 100:02d}"

    @property
    def financial_name(self) -> str:
        return f"{self.financial_year} Q{4 if self.number == 1 else self.number - 1}"

    @property
    def calendar_name(self) -> str:
        return f"{self.year}-Q{self.number}"

    def __str__(self) -> str:
        return self.financial_name if naming() == FINANCIAL else self.calendar_name

    @property
    def label(self) -> str:
        return f"{self.start:%B} to {self.end:%B %Y}"


def between(first: dt.date, last: dt.date) -> list[Quarter]:
    """The quarters holding ``first`` to ``last``, most recent first (the board pack's picker)."""
    quarter, stop = Quarter.containing(last), Quarter.containing(first)
    out = []
    while quarter >= stop:
        out.append(quarter)
        quarter = quarter.previous()
    return out
