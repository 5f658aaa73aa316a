"""Partner returns: a KPI whose source is a return is filled by its partner each period.

The users of the action's lead agencies (and its lead users and partnership coordinators: the rule
``plans.submit_return``) upload a return, a CSV of KPI, period and value, through the one CSV importer
(all rows or none, every rejected row with why), or give one figure in a form. A period is named by
its first day and must be a period of the KPI's cadence. A second return for the same period replaces
the reading; the reading is a tracked record, so the figure it replaced stays in the change history.

A period's return is due by the end of the month after the period ends: the partnership's boards
meet quarterly and read the last full quarter, so a month gives partners time to close their books.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from saferplaces.core import csvimport
from saferplaces.core.context import acting_as
from saferplaces.core.dates import add_months
from saferplaces.plans.models import KPI, Cadence, KPIReading, Source, Unit
from saferplaces.plans.quarters import Quarter
from saferplaces.policy.rules import may, require_permission

COLUMNS = ["kpi", "kpi_name", "period_start", "value", "commentary"]
REQUIRED = {"kpi", "period_start", "value"}
#: annual KPIs run over the financial year (1 April to 31 March), as UK public bodies report
FINANCIAL_YEAR_START_MONTH = 4


class ReturnError(ValueError):
    """A return that cannot be recorded; the message says what to correct."""


# --- periods of a cadence ------------------------------------------------------------------------

def _months(cadence: str) -> int:
    return {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.ANNUAL: 12}[cadence]


def period_containing(cadence: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the ``cadence`` period holding ``day``."""
    if cadence == Cadence.ANNUAL:
        year = day.year if day.month >= FINANCIAL_YEAR_START_MONTH else day.year - 1
        start = dt.date(year, FINANCIAL_YEAR_START_MONTH, 1)
    else:
        size = _months(cadence)
        start = dt.date(day.year, (day.month - 1) // size * size + 1, 1)
    return start, add_months(start, _months(cadence)) - dt.timedelta(days=1)


def periods_ending_in(cadence: str, first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The periods of ``cadence`` that end between ``first`` and ``last``: a quarter's three months, the
    quarter itself, or the financial year it closes (none for the year's other quarters)."""
    periods, day = [], first
    while day <= last:
        start, end = period_containing(cadence, day)
        if end <= last:
            periods.append((start, end))
        day = end + dt.timedelta(days=1)
    return periods


def period_label(cadence: str, start: dt.date, *, short: bool = False) -> str:
    """The name of the ``cadence`` period starting on ``start``: in full for a form, short for a chart."""
    _, end = period_containing(cadence, start)
    if cadence == Cadence.MONTHLY:
        return f"{start:%b %Y}" if short else f"{start:%B %Y}"
    if cadence == Cadence.ANNUAL:
        return f"{start:%Y}/{end:%y}" if short else f"{start:%Y}-{end:%y} (April {start:%Y} to March {end:%Y})"
    return str(Quarter.containing(start)) if short else f"{start:%B} to {end:%B %Y}"


def period_problem(cadence: str, start: dt.date) -> str | None:
    """Why ``start`` is not the first day of a period of ``cadence``, or None."""
    if period_containing(cadence, start)[0] == start:
        return None
    if cadence == Cadence.MONTHLY:
        return f"{start:%d/%m/%Y} is not the first day of a month"
    if cadence == Cadence.QUARTERLY:
        return f"{start:%d/%m/%Y} is not the first day of a quarter (1 January, 1 April, 1 July or 1 October)"
    return f"{start:%d/%m/%Y} is not the first day of a financial year (1 April)"


def last_ended_period(cadence: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The latest period of ``cadence`` that has ended by ``today``: the one whose return is asked for."""
    start, _ = period_containing(cadence, today)
    return period_containing(cadence, start - dt.timedelta(days=1))


def due_on(period_end: dt.date) -> dt.date:
    """The last day of the month after the period ends."""
    following = add_months(period_end, 1)
    return following.replace(day=calendar.monthrange(following.year, following.month)[1])


# --- checking one figure -------------------------------------------------------------------------

def _value_problems(kpi: KPI, value: float) -> list[str]:
    if not math.isfinite(value):
        return ["value must be a number"]
    if kpi.unit == Unit.PERCENTAGE and not 0 <= value <= 100:
        return ["value is a percentage: give a number from 0 to 100"]
    if kpi.unit == Unit.MILESTONE and value not in (0, 1):
        return ["value is a milestone: give 1 if it was met, 0 if not"]
    if kpi.unit == Unit.COUNT and (value < 0 or value != int(value)):
        return ["value is a count: give a whole number, 0 or more"]
    return []


def _period_problems(kpi: KPI, start: dt.date, today: dt.date) -> list[str]:
    problem = period_problem(kpi.cadence, start)
    if problem:
        return [f"period_start {problem}: the KPI is {kpi.get_cadence_display().lower()}"]
    if period_containing(kpi.cadence, start)[1] >= today:
        return [f"period_start {start:%d/%m/%Y}: the period has not ended yet"]
    return []


def _record(actor, kpi: KPI, start: dt.date, value: float, commentary: str) -> KPIReading:
    reading, _ = KPIReading.objects.update_or_create(
        kpi=kpi, period_start=start,
        defaults={"value": value, "commentary": commentary, "author": actor, "is_sample": False})
    return reading


@transaction.atomic
def return_record(*, actor, kpi: KPI, period_start: dt.date, value: float, commentary: str = "") -> KPIReading:
    """Record one period's figure of a return-sourced KPI (its partner or a coordinator), replacing an
    earlier figure for the same period."""
    require_permission(actor, "plans.submit_return", kpi)
    problems = _period_problems(kpi, period_start, timezone.localdate()) + _value_problems(kpi, value)
    if problems:
        raise ReturnError("; ".join(problems))
    with acting_as(actor):
        return _record(actor, kpi, period_start, value, commentary)


# --- uploading a return (CSV) ----------------------------------------------------------------------

def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def _float(text: str) -> float | None:
    """The number ``text`` holds, or None. Commas are refused: "87,5" could be 87.5 or 875."""
    if "," in text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _plain(name: str) -> str:
    # The template's cells are made safe for spreadsheets (a leading quote before =, +, - or @).
    return " ".join(name.removeprefix("'").split()).lower()


class _ReturnRows:
    """The row checker and creator of one upload by ``actor``: each row one KPI's figure for one period."""

    def __init__(self, actor, kpis: dict[int, KPI]):
        self.actor = actor
        self.kpis = kpis
        self.today = timezone.localdate()
        self.seen = csvimport.Duplicates(existing=())  # a new figure replaces a held one: only repeats count

    def check(self, line: int, row: csvimport.Row) -> tuple[dict, list[str]]:
        problems: list[str] = []
        number = _number(row["kpi"])
        kpi = self.kpis.get(number) if number is not None else None
        if not row["kpi"]:
            problems.append("kpi is empty: give the KPI's number from the template")
        elif number is None:
            problems.append(f"kpi '{row['kpi']}' is not a KPI number")
        elif kpi is None:
            problems.append(f"kpi {number} is not a KPI filled by a return that you may submit")
        elif row.get("kpi_name") and _plain(row["kpi_name"]) != _plain(kpi.name):
            problems.append(f"kpi_name does not match KPI {number} ('{kpi.name[:60]}'): check the KPI number")
        start = csvimport.dates(row, {"period_start": True}, problems)["period_start"]
        if kpi is not None and start is not None:
            problems += _period_problems(kpi, start, self.today)
            if repeated := self.seen.problem((number, start), line, f"KPI {number} for {start:%d/%m/%Y}"):
                problems.append(repeated)
        value = None
        if not row["value"]:
            problems.append("value is empty")
        else:
            value = _float(row["value"])
            if value is None:
                problems.append(f"value '{row['value']}' is not a number (write it like 1234 or 87.5)")
            elif kpi is not None:
                problems += _value_problems(kpi, value)
        return {"kpi": kpi, "period_start": start, "value": value, "commentary": row.get("commentary", "")}, problems

    def create(self, clean: dict) -> KPIReading:
        return _record(self.actor, clean["kpi"], clean["period_start"], clean["value"], clean["commentary"])


def submittable(actor):
    """The return-sourced KPIs ``actor`` may submit, with their actions' lead agencies."""
    kpis = (KPI.objects.filter(source=Source.RETURN)
            .select_related("action__objective__group")
            .prefetch_related("action__lead_agencies", "action__lead_users").order_by("pk"))
    return [kpi for kpi in kpis if may(actor, "plans.submit_return", kpi)]


def returns_import(*, actor, text: str) -> csvimport.ImportResult:
    """Record a return uploaded as CSV (``COLUMNS``): every row's figure, or none."""
    require_permission(actor, "plans.view")
    rows = _ReturnRows(actor, {kpi.pk: kpi for kpi in submittable(actor)})
    with acting_as(actor):
        return csvimport.run_import(text, columns=COLUMNS, required=REQUIRED, check=rows.check, create=rows.create)


def template_rows(actor, today: dt.date) -> list[list]:
    """The rows of the CSV to fill in (under ``COLUMNS``): one for each KPI ``actor`` returns, for the
    period now asked for, its value and commentary blank."""
    return [[kpi.pk, kpi.name, last_ended_period(kpi.cadence, today)[0].isoformat(), "", ""]
            for kpi in submittable(actor)]


# --- returns due ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DueReturn:
    kpi: KPI
    agencies: list  # the action's lead agencies, by name
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date
    reading: KPIReading | None
    status: str  # received, due or overdue

    @property
    def status_label(self) -> str:
        return {"received": "Received", "due": "Due", "overdue": "Overdue"}[self.status]


def returns_due(today: dt.date) -> list[DueReturn]:
    """Every return-sourced KPI's return for its period now asked for: received, due or overdue
    (overdue first, then by due date)."""
    kpis = (KPI.objects.filter(source=Source.RETURN)
            .select_related("action__objective__group")
            .prefetch_related("action__lead_agencies",
                              Prefetch("readings", queryset=KPIReading.objects.select_related("author")))
            .order_by("pk"))
    rows = []
    for kpi in kpis:
        start, end = last_ended_period(kpi.cadence, today)
        reading = next((r for r in kpi.readings.all() if r.period_start == start), None)
        due = due_on(end)
        status = "received" if reading else ("overdue" if today > due else "due")
        agencies = sorted(kpi.action.lead_agencies.all(), key=lambda agency: agency.name)
        rows.append(DueReturn(kpi, agencies, start, end, due, reading, status))
    order = {"overdue": 0, "due": 1, "received": 2}
    return sorted(rows, key=lambda r: (order[r.status], r.due_on, r.kpi.pk))
