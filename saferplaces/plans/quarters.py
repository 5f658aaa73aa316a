"""Quarters for reporting: calendar quarters named like ``2018-Q1`` (January to March 2018)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from saferplaces.core.dates import YEARS_TEXT, plausible_year


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = re.fullmatch(r"(\d{4})-?Q([1-4])", text.strip(), re.I)
        if not match:
            raise ValueError(f"{text!r} is not a quarter like 2018-Q1")
        if not plausible_year(int(match.group(1))):
            raise ValueError(f"{text!r}: the year must be {YEARS_TEXT}")
        return cls(int(match.group(1)), int(match.group(2)))

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

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.start:%B} to {self.end:%B %Y}"
