"""The whole plan as CSV or XLSX, every text cell made safe for spreadsheets."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from saferplaces.plans.models import Action
from saferplaces.tabular import csv_text, safe_cell

HEADER = ["Group", "Objective", "Objective text", "Action", "Lead", "KPI", "Deadline (as written)",
          "Deadline (interpreted)", "Status", "RAG", "Latest update", "Note"]


def plan_rows(strategy, today):
    actions = (Action.objects.filter(objective__group__strategy=strategy)
               .select_related("objective__group__strategy").prefetch_related("updates"))
    for action in actions:
        update = action.latest_update(today)
        yield [action.objective.group.name, action.objective.number, action.objective.text, action.text,
               action.lead, action.kpi_text, action.deadline_text, action.deadline.label,
               update.get_status_display() if update else "Not started", update.get_rag_display() if update else "",
               update.narrative if update else "", action.note]


def plan_csv(strategy, today) -> str:
    return csv_text(HEADER, plan_rows(strategy, today))


def plan_xlsx(strategy, today) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in plan_rows(strategy, today):
        sheet.append([safe_cell(value) for value in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"  # text, never a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
