"""The MARAC quarterly return, worked out from plain values (no database).

**Repeat** is SafeLives' definition, as :mod:`saferplaces.victims.marac` implements it: a case
referred again within 12 months of the same person's last MARAC referral.

**The quarterly return** counts the cases *heard at meetings* in the quarter (a case is counted for
the meeting that heard it) and, of those, the fields SafeLives' Marac data collection asks each
Marac for: repeats and the repeat rate, referrals by the police and by other agencies, children in
the households, victims from Black and minoritised ethnic groups, victims with a disability,
lesbian, gay, bisexual or trans victims, male victims, victims aged 16 or 17, and (for this
partnership) pregnant victims. We could not read SafeLives' own form: these are the fields named
in the issue and in published local summaries of SafeLives' data ("cases discussed, children in
households, repeats, BME, disability, male, LGBT"), so check them against the current form.

**The national figure** the repeat rate is shown against is a setting with its source
(``settings.MARAC``); the Safer Westminster Partnership Strategy 2017–2020 gives Westminster's rate
as context: "the number of repeats has decreased and is 18%, considerably lower than nationally
(25%)" (strategy, section on domestic abuse, the paragraph on Standing Together and the MARAC).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

#: The strategy's figure for Westminster (Safer Westminster Partnership Strategy 2017–2020).
WESTMINSTER_STRATEGY_RATE = 18.0
WESTMINSTER_STRATEGY_SOURCE = ("Safer Westminster Partnership Strategy 2017–2020: repeats at the Westminster "
                               "MARAC “18%, considerably lower than nationally (25%)”")

WHITE = {"white_british", "white_other"}
LGB = {"gay_lesbian", "bisexual"}


def age_band(date_of_birth: dt.date | None, on: dt.date) -> str:
    """The age band (``AgeBand`` value) of someone born on ``date_of_birth``, on the date ``on``."""
    if date_of_birth is None or date_of_birth > on:
        return "unknown"
    age = on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    if age < 16:
        return "under_16"
    if age < 18:
        return "16_17"
    for upper, band in ((24, "18_24"), (34, "25_34"), (44, "35_44"), (54, "45_54"), (64, "55_64")):
        if age <= upper:
            return band
    return "65_plus"


@dataclass(frozen=True)
class CaseRow:
    """What the return needs of one case."""

    heard_on: dt.date
    repeat: bool
    referring_agency: str
    police_referral: bool
    age_band: str
    gender: str
    transgender: str
    ethnicity: str
    disability: str
    sexual_orientation: str
    pregnant: str
    children: int


@dataclass(frozen=True)
class AttendanceRow:
    meeting_id: int
    held_on: dt.date
    agency: str
    status: str


@dataclass(frozen=True)
class AgencyAttendance:
    agency: str
    meetings: int  # meetings the agency was on the list for
    present: int
    apologies: int
    absent: int  # includes "expected" places never recorded after the meeting

    @property
    def rate(self) -> float | None:
        return 100.0 * self.present / self.meetings if self.meetings else None


@dataclass(frozen=True)
class QuarterlyReturn:
    start: dt.date
    end: dt.date
    meetings: int
    cases: int
    repeats: int
    police_referrals: int
    other_referrals: int
    children: int
    bame: int
    disability: int
    lgbt: int
    male: int
    aged_16_17: int
    pregnant: int
    by_agency: tuple[tuple[str, int], ...]
    breakdowns: dict[str, tuple[tuple[str, int], ...]]  # field → (value, count), for the full tables
    attendance: tuple[AgencyAttendance, ...]

    @property
    def repeat_rate(self) -> float | None:
        return 100.0 * self.repeats / self.cases if self.cases else None

    @property
    def attendance_rate(self) -> float | None:
        places = sum(a.meetings for a in self.attendance)
        return 100.0 * sum(a.present for a in self.attendance) / places if places else None

    @property
    def label(self) -> str:
        return f"{self.start:%B}–{self.end:%B %Y}"

    def headline(self) -> list[tuple[str, str, int]]:
        """(key, label, count) of the figures the return asks for."""
        return [
            ("cases", "Cases heard", self.cases),
            ("repeats", "Repeat cases", self.repeats),
            ("police", "Referred by the police", self.police_referrals),
            ("other", "Referred by other agencies", self.other_referrals),
            ("children", "Children in the households", self.children),
            ("bame", "Victims from Black and minoritised ethnic groups", self.bame),
            ("disability", "Victims with a disability", self.disability),
            ("lgbt", "Lesbian, gay, bisexual or trans victims", self.lgbt),
            ("male", "Male victims", self.male),
            ("aged_16_17", "Victims aged 16 or 17", self.aged_16_17),
            ("pregnant", "Pregnant victims", self.pregnant),
        ]


def attendance_by_agency(rows: list[AttendanceRow]) -> tuple[AgencyAttendance, ...]:
    tally: dict[str, Counter] = {}
    for row in rows:
        tally.setdefault(row.agency, Counter())[row.status] += 1
    return tuple(
        AgencyAttendance(agency, sum(c.values()), c["present"], c["apologies"], c["absent"] + c["expected"])
        for agency, c in sorted(tally.items()))


def quarterly_return(cases: list[CaseRow], attendance: list[AttendanceRow], meeting_dates: list[dt.date],
                     start: dt.date, end: dt.date) -> QuarterlyReturn:
    """The return for the quarter ``start`` ≤ date ≤ ``end``: cases by the date of the meeting that heard them."""
    inside = [c for c in cases if start <= c.heard_on <= end]
    present = [a for a in attendance if start <= a.held_on <= end]
    police = sum(1 for c in inside if c.police_referral)
    fields = ("age_band", "gender", "transgender", "ethnicity", "disability", "sexual_orientation", "pregnant")
    breakdowns = {name: tuple(sorted(Counter(getattr(c, name) for c in inside).items())) for name in fields}
    agencies = Counter(c.referring_agency for c in inside)
    return QuarterlyReturn(
        start=start, end=end,
        meetings=sum(1 for day in meeting_dates if start <= day <= end),
        cases=len(inside),
        repeats=sum(1 for c in inside if c.repeat),
        police_referrals=police,
        other_referrals=len(inside) - police,
        children=sum(c.children for c in inside),
        bame=sum(1 for c in inside if c.ethnicity not in WHITE and c.ethnicity != "unknown"),
        disability=sum(1 for c in inside if c.disability == "yes"),
        lgbt=sum(1 for c in inside if c.sexual_orientation in LGB or c.transgender == "yes"),
        male=sum(1 for c in inside if c.gender == "male"),
        aged_16_17=sum(1 for c in inside if c.age_band == "16_17"),
        pregnant=sum(1 for c in inside if c.pregnant == "yes"),
        by_agency=tuple(sorted(agencies.items(), key=lambda kv: (-kv[1], kv[0]))),
        breakdowns=breakdowns,
        attendance=attendance_by_agency(present),
    )
