"""The whole plan as CSV or XLSX, every text cell made safe for spreadsheets.

The workbook is meant to be worked in: a frozen header with filters, columns wide enough to read,
long text wrapped, and dates as date cells (so they sort and filter as dates), not as text."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from saferplaces.plans.models import Action, KPIReading
from saferplaces.plans.quarters import Quarter
from saferplaces.tabular import csv_text, safe_cell

# Column → width in characters (about); text columns wider and wrapped.
COLUMNS = [("Group", 16), ("Objective", 10), ("Objective text", 40), ("Action", 60), ("Lead", 28), ("KPI", 40),
           ("Deadline (as written)", 18), ("Deadline (interpreted)", 22), ("Next due", 12), ("Status", 12),
           ("RAG", 8), ("Updated on", 12), ("Latest update", 60), ("Decision asked", 40), ("Note", 40)]
HEADER = [name for name, _ in COLUMNS]
READING_COLUMNS = [("Group", 16), ("Action", 50), ("KPI", 50), ("Quarter", 12), ("Quarter starts", 14),
                   ("Value", 10), ("Target", 10), ("Direction", 18), ("Commentary", 50)]
DATE_FORMAT = "d mmm yyyy"
WRAP_FROM = 30  # columns this wide or wider wrap their text


def plan_rows(strategy, today):
    actions = (Action.objects.filter(objective__group__strategy=strategy, closed_in__isnull=True)
               .select_related("objective__group__strategy").prefetch_related("updates"))
    for action in actions:
        update = action.latest_update(today)
        deadline = action.deadline
        yield [action.objective.group.name, action.objective.number, action.objective.text, action.text,
               action.lead, action.kpi_text, action.deadline_text, deadline.label, deadline.next_due(today),
               update.get_status_display() if update else "Not started", update.get_rag_display() if update else "",
               update.date if update else None, update.narrative if update else "",
               update.decision_needed if update else "", action.note]


def reading_rows(strategy):
    readings = (KPIReading.objects.filter(kpi__action__objective__group__strategy=strategy)
                .select_related("kpi__action__objective__group").order_by("kpi__action__objective__group__order",
                                                                         "kpi__action__order", "kpi", "period_start"))
    for r in readings:
        kpi = r.kpi
        yield [kpi.action.objective.group.name, kpi.action.text, kpi.name, str(Quarter.containing(r.period_start)),
               r.period_start, r.value, kpi.target, kpi.get_direction_display(), r.commentary]


def plan_csv(strategy, today) -> str:
    return csv_text(HEADER, plan_rows(strategy, today))


def _sheet(sheet, columns, rows) -> None:
    sheet.append([name for name, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([value if value is None or isinstance(value, dt.date | int | float) else safe_cell(value)
                      for value in row])
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell, (_, width) in zip(row, columns, strict=True):
            if isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
                if width >= WRAP_FROM:
                    cell.alignment = wrap
    sheet.freeze_panes = "A2"  # the header stays in view
    sheet.auto_filter.ref = sheet.dimensions


def plan_xlsx(strategy, today) -> bytes:
    book = Workbook()
    plan = book.active
    plan.title = "Action plan"
    _sheet(plan, COLUMNS, plan_rows(strategy, today))
    _sheet(book.create_sheet("KPI readings"), READING_COLUMNS, reading_rows(strategy))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
