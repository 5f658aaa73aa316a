"""The plan's spreadsheet, read back with openpyxl: widths, a frozen header, filters and real dates."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from saferplaces.accounts.roles import Role
from saferplaces.plans.exports import COLUMNS, HEADER
from saferplaces.plans.importer import plan_import
from saferplaces.plans.models import KPI, Action, ActionUpdate, KPIReading
from tests.factories import UserFactory


@pytest.fixture
def book(db, client):
    plan_import()
    action = Action.objects.filter(objective__group__key="victim").order_by("objective__order", "order")[1]
    ActionUpdate.objects.create(action=action, date=dt.date(2018, 5, 10), status="at_risk", rag="amber",
                                narrative="=1+1 is not a formula", decision_needed="Fund a worker")
    kpi = KPI.objects.create(action=action, name="Referrals", target=100)
    KPIReading.objects.create(kpi=kpi, period_start=dt.date(2018, 4, 1), value=70, commentary="Fell")
    client.force_login(UserFactory(role=Role.SCRUTINY))
    response = client.get(reverse("plans:export_xlsx"))
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content)), action


def test_the_plan_sheet_has_widths_a_frozen_header_filters_and_date_cells(book):
    workbook, action = book
    sheet = workbook["Action plan"]
    assert [c.value for c in sheet[1]] == HEADER and all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:O{sheet.max_row}" and sheet.max_row == 87
    widths = {sheet.cell(1, i).value: sheet.column_dimensions[sheet.cell(1, i).column_letter].width
              for i in range(1, len(HEADER) + 1)}
    assert widths == dict(COLUMNS)
    row = next(r for r in sheet.iter_rows(min_row=2) if r[3].value == action.text)
    updated = row[HEADER.index("Updated on")]
    assert updated.is_date and updated.value == dt.datetime(2018, 5, 10) and updated.number_format == "d mmm yyyy"
    assert row[HEADER.index("Latest update")].value == "'=1+1 is not a formula"  # text, never a formula
    assert row[HEADER.index("Latest update")].alignment.wrap_text
    assert row[HEADER.index("Decision asked")].value == "Fund a worker"
    due = [r[HEADER.index("Next due")] for r in sheet.iter_rows(min_row=2) if r[HEADER.index("Next due")].value]
    assert due and all(cell.is_date for cell in due)


def test_the_readings_sheet_gives_each_quarter_as_a_date_and_its_financial_name(book):
    workbook, _ = book
    sheet = workbook["KPI readings"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:I2"
    (row,) = sheet.iter_rows(min_row=2, values_only=True)
    assert row[2:7] == ("Referrals", "2018/19 Q1", dt.datetime(2018, 4, 1), 70, 100)
    assert sheet.cell(2, 5).is_date
