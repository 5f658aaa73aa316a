"""Partner returns: periods of each cadence, the upload (all or none, every problem), the form, and
what is due."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.audit.models import ChangeRecord
from saferplaces.plans import returns
from saferplaces.plans.models import KPI, Action, Cadence, DeliveryGroup, KPIReading, Objective, Source, Strategy, Unit
from saferplaces.policy.rules import may
from tests.factories import AgencyFactory, UserFactory

D = dt.date


@pytest.fixture
def plan(db):
    strategy = Strategy.objects.create(title="Test plan", period_start=D(2024, 4, 1), period_end=D(2027, 3, 31),
                                       vision="Safer")
    group = DeliveryGroup.objects.create(strategy=strategy, key="victim", name="Victim", chair="Chair", aim="Aim",
                                         order=1)
    objective = Objective.objects.create(group=group, number="1", text="Support victims")
    action = Action.objects.create(objective=objective, text="Refer victims", lead="Victim Support")
    agency = AgencyFactory(name="Victim Support")
    action.lead_agencies.add(agency)
    quarterly = KPI.objects.create(action=action, name="Victims referred", source=Source.RETURN,
                                   cadence=Cadence.QUARTERLY, unit=Unit.COUNT)
    monthly = KPI.objects.create(action=action, name="Share contacted within 2 days", source=Source.RETURN,
                                 cadence=Cadence.MONTHLY, unit=Unit.PERCENTAGE)
    annual = KPI.objects.create(action=action, name="Annual survey done", source=Source.RETURN,
                                cadence=Cadence.ANNUAL, unit=Unit.MILESTONE)
    manual = KPI.objects.create(action=action, name="Typed in", source=Source.MANUAL)
    return {"action": action, "agency": agency, "quarterly": quarterly, "monthly": monthly, "annual": annual,
            "manual": manual, "partner": UserFactory(agency=agency, role=Role.CASEWORKER)}


def _csv(*rows):
    return "kpi,kpi_name,period_start,value,commentary\r\n" + "".join(",".join(map(str, r)) + "\r\n" for r in rows)


# --- periods -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cadence", "day", "start", "end"), [
    (Cadence.MONTHLY, D(2025, 2, 14), D(2025, 2, 1), D(2025, 2, 28)),
    (Cadence.QUARTERLY, D(2025, 5, 31), D(2025, 4, 1), D(2025, 6, 30)),
    (Cadence.QUARTERLY, D(2025, 12, 31), D(2025, 10, 1), D(2025, 12, 31)),
    (Cadence.ANNUAL, D(2025, 3, 31), D(2024, 4, 1), D(2025, 3, 31)),
    (Cadence.ANNUAL, D(2025, 4, 1), D(2025, 4, 1), D(2026, 3, 31)),
])
def test_the_period_holding_a_day(cadence, day, start, end):
    assert returns.period_containing(cadence, day) == (start, end)


def test_the_period_asked_for_is_the_last_ended_and_due_a_month_after():
    assert returns.last_ended_period(Cadence.QUARTERLY, D(2025, 7, 1)) == (D(2025, 4, 1), D(2025, 6, 30))
    assert returns.last_ended_period(Cadence.MONTHLY, D(2025, 3, 1)) == (D(2025, 2, 1), D(2025, 2, 28))
    assert returns.last_ended_period(Cadence.ANNUAL, D(2025, 6, 1)) == (D(2024, 4, 1), D(2025, 3, 31))
    assert returns.due_on(D(2025, 6, 30)) == D(2025, 7, 31)
    assert returns.due_on(D(2025, 1, 31)) == D(2025, 2, 28)
    assert returns.due_on(D(2024, 12, 31)) == D(2025, 1, 31)


def test_a_period_must_start_as_its_cadence_does():
    assert returns.period_problem(Cadence.QUARTERLY, D(2025, 4, 1)) is None
    assert "first day of a quarter" in returns.period_problem(Cadence.QUARTERLY, D(2025, 5, 1))
    assert "first day of a month" in returns.period_problem(Cadence.MONTHLY, D(2025, 5, 2))
    assert "1 April" in returns.period_problem(Cadence.ANNUAL, D(2025, 1, 1))


# --- who submits -------------------------------------------------------------------------------------

def test_the_lead_agency_and_coordinators_submit_a_return_others_do_not(plan):
    kpi = plan["quarterly"]
    assert may(plan["partner"], "plans.submit_return", kpi)
    assert may(UserFactory(role=Role.COORDINATOR), "plans.submit_return", kpi)
    assert not may(UserFactory(role=Role.CASEWORKER), "plans.submit_return", kpi)
    assert not may(UserFactory(agency=plan["agency"], role=Role.ADMINISTRATOR), "plans.submit_return", kpi)
    assert not may(plan["partner"], "plans.submit_return", plan["manual"])  # not filled by returns
    lead = UserFactory(role=Role.ANALYST)
    plan["action"].lead_users.add(lead)
    assert may(lead, "plans.submit_return", kpi)


# --- the upload ----------------------------------------------------------------------------------------

def test_a_good_return_records_every_figure(plan):
    q, m, a = plan["quarterly"], plan["monthly"], plan["annual"]
    result = returns.returns_import(actor=plan["partner"], text=_csv(
        (q.pk, "Victims referred", "2025-04-01", 41, "Two new referrers"),
        (m.pk, "", "01/05/2025", "87.5", ""),
        (a.pk, "", "2024-04-01", 1, "Done in March")))
    assert result.ok and result.imported == 3
    reading = KPIReading.objects.get(kpi=q)
    assert (reading.period_start, reading.value, reading.commentary, reading.author) == (
        D(2025, 4, 1), 41, "Two new referrers", plan["partner"])
    assert KPIReading.objects.get(kpi=m).value == 87.5


def test_a_bad_return_records_nothing_and_says_why_for_every_row(plan):
    q, m, a = plan["quarterly"], plan["monthly"], plan["annual"]
    KPIReading.objects.create(kpi=q, period_start=D(2025, 1, 1), value=30)
    result = returns.returns_import(actor=plan["partner"], text=_csv(
        (q.pk, "", "2025-04-01", 41, ""),                 # 2: good
        (q.pk, "", "2025-05-01", 41, ""),                 # 3: not a quarter's first day
        (m.pk, "", "2025-05-01", 120, ""),                # 4: not a percentage
        (a.pk, "", "2025-01-01", 2, ""),                  # 5: not 1 April, and a milestone is 0 or 1
        (plan["manual"].pk, "", "2025-04-01", 1, ""),     # 6: not filled by returns
        ("abc", "", "2025-04-01", 1, ""),                 # 7: not a number
        (q.pk, "Something else", "2025-07-01", 1, ""),    # 8: the name does not match
        (q.pk, "", "2025-04-01", 40, ""),                 # 9: repeats line 2
        (q.pk, "", "2999-01-01", "many", ""),             # 10: the future, and not a number
        ("", "", "", "", ""),                             # 11: empty
        (q.pk, "", "2024-07-01", '"87,5"', ""),           # 12: a comma
    ))
    assert not result.ok and result.imported == 0
    problems = dict.fromkeys(line for line, _ in result.rejected)
    assert list(problems) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    text = {line: " | ".join(p for n, p in result.rejected if n == line) for line in problems}
    assert "first day of a quarter" in text[3]
    assert "percentage" in text[4]
    assert "1 April" in text[5] and "milestone" in text[5]
    assert f"kpi {plan['manual'].pk} is not a KPI filled by a return" in text[6]
    assert "'abc' is not a KPI number" in text[7]
    assert "kpi_name does not match" in text[8]
    assert "repeats line 2" in text[9]
    assert "the year must be" in text[10] or "has not ended" in text[10]
    assert "'many' is not a number" in text[10]
    assert "kpi is empty" in text[11] and "period_start is empty" in text[11] and "value is empty" in text[11]
    assert text[12] == "value '87,5' is not a number (write it like 1234 or 87.5)"
    assert list(KPIReading.objects.values_list("value", flat=True)) == [30]


def test_a_return_outside_the_users_kpis_is_refused(plan):
    outsider = UserFactory(role=Role.CASEWORKER)
    result = returns.returns_import(actor=outsider, text=_csv((plan["quarterly"].pk, "", "2025-04-01", 4, "")))
    assert result.rejected == [(2, f"kpi {plan['quarterly'].pk} is not a KPI filled by a return that you may submit")]
    with pytest.raises(PermissionDenied):
        returns.returns_import(actor=UserFactory(is_active=False), text=_csv())


def test_a_second_return_for_a_period_replaces_the_figure_and_keeps_the_first_in_history(plan):
    q = plan["quarterly"]
    assert returns.returns_import(actor=plan["partner"], text=_csv((q.pk, "", "2025-04-01", 41, "first"))).ok
    assert returns.returns_import(actor=plan["partner"], text=_csv((q.pk, "", "2025-04-01", 44, "corrected"))).ok
    reading = KPIReading.objects.get(kpi=q)
    assert (reading.value, reading.commentary) == (44, "corrected")
    changes = ChangeRecord.objects.filter(record_type="plans.kpireading", record_id=str(reading.pk)).order_by("id")
    assert [c.action for c in changes] == ["create", "update"]
    assert changes[1].before["value"] == 41 and changes[1].actor == plan["partner"]


def test_the_form_records_one_figure_and_checks_it(plan):
    q = plan["quarterly"]
    reading = returns.return_record(actor=plan["partner"], kpi=q, period_start=D(2025, 4, 1), value=7)
    assert reading.value == 7
    with pytest.raises(returns.ReturnError, match="whole number"):
        returns.return_record(actor=plan["partner"], kpi=q, period_start=D(2025, 4, 1), value=7.5)
    with pytest.raises(PermissionDenied):
        returns.return_record(actor=UserFactory(), kpi=q, period_start=D(2025, 4, 1), value=7)


# --- what is due ---------------------------------------------------------------------------------------

def test_returns_due_overdue_and_received(plan):
    q, m, a = plan["quarterly"], plan["monthly"], plan["annual"]
    KPIReading.objects.create(kpi=m, period_start=D(2025, 7, 1), value=80)
    rows = {r.kpi: r for r in returns.returns_due(D(2025, 8, 20))}
    assert set(rows) == {q, m, a}
    assert (rows[q].period_start, rows[q].due_on, rows[q].status) == (D(2025, 4, 1), D(2025, 7, 31), "overdue")
    assert (rows[m].period_start, rows[m].status, rows[m].reading.value) == (D(2025, 7, 1), "received", 80)
    assert (rows[a].period_start, rows[a].due_on, rows[a].status) == (D(2024, 4, 1), D(2025, 4, 30), "overdue")
    assert rows[q].agencies == [plan["agency"]]
    early = {r.kpi: r for r in returns.returns_due(D(2025, 7, 10))}
    assert early[q].status == "due"
    assert [r.status for r in returns.returns_due(D(2025, 8, 20))] == ["overdue", "overdue", "received"]


# --- the pages -------------------------------------------------------------------------------------------

def test_the_partner_downloads_the_template_uploads_it_and_sees_it_received(client, plan):
    client.force_login(plan["partner"])
    template = client.get(reverse("plans:returns_template"))
    assert template.status_code == 200
    lines = b"".join(template.streaming_content if template.streaming else [template.content]).decode().splitlines()
    assert lines[0] == "kpi,kpi_name,period_start,value,commentary"
    assert len(lines) == 4  # the partner's three return KPIs, not the manual one
    filled = "\r\n".join([lines[0]] + [line.replace(",,", ",1,", 1) for line in lines[1:]]) + "\r\n"
    response = client.post(reverse("plans:returns_upload"),
                           {"file": SimpleUploadedFile("return.csv", filled.encode(), "text/csv")})
    assert response.status_code == 302
    assert KPIReading.objects.count() == 3
    page = client.get(reverse("plans:returns"))
    assert page.content.decode().count("Received") == 3
    other = AgencyFactory(name="Housing")
    Action.objects.create(objective=plan["action"].objective, text="House").lead_agencies.add(other)
    KPI.objects.create(action=Action.objects.get(text="House"), name="Homes found", source=Source.RETURN)
    page = client.get(reverse("plans:returns"), {"agency": other.pk}).content.decode()
    assert "Homes found" in page and "Victims referred" not in page
    assert client.get(reverse("plans:returns"), {"agency": "x"}).status_code == 404


def test_a_bad_upload_shows_every_rejected_row(client, plan):
    client.force_login(plan["partner"])
    bad = _csv((plan["quarterly"].pk, "", "2025-05-01", 1, ""), (plan["monthly"].pk, "", "2025-05-01", 101, ""))
    response = client.post(reverse("plans:returns_upload"),
                           {"file": SimpleUploadedFile("return.csv", bad.encode(), "text/csv")})
    body = response.content.decode()
    assert response.status_code == 200 and "Nothing was recorded: 2 problems" in body
    assert "first day of a quarter" in body and "percentage" in body
    assert not KPIReading.objects.exists()


def test_the_form_page_and_who_reaches_it(client, plan):
    url = reverse("plans:return_form", args=[plan["quarterly"].pk])
    client.force_login(UserFactory(role=Role.CASEWORKER))
    assert client.get(url).status_code == 403
    assert client.get(reverse("plans:returns_upload")).status_code == 403
    assert client.get(reverse("plans:return_form", args=[plan["manual"].pk])).status_code == 404
    client.force_login(plan["partner"])
    response = client.post(url, {"period_start": "2025-04-01", "value": ""})
    assert "Enter the figure for the period" in response.content.decode()
    response = client.post(url, {"period_start": "2025-04-01", "value": "-3"})
    assert "whole number" in response.content.decode()
    assert client.post(url, {"period_start": "1999-01-01", "value": "3"}).status_code == 200  # not offered
    assert client.post(url, {"period_start": returns.last_ended_period(Cadence.QUARTERLY, dt.date.today())[0]
                             .isoformat(), "value": "3"}).status_code == 302
    assert KPIReading.objects.get(kpi=plan["quarterly"]).value == 3


def test_the_returns_page_reads_the_same_number_of_times_whatever_its_kpis(client, plan):
    client.force_login(plan["partner"])
    url = reverse("plans:returns")

    def count():
        client.get(url)  # warm the process-wide caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(10):
        other = Action.objects.create(objective=plan["action"].objective, text=f"Action {n}")
        other.lead_agencies.add(plan["agency"])
        other.lead_users.add(UserFactory())
        kpi = KPI.objects.create(action=other, name=f"Return {n}", source=Source.RETURN)
        KPIReading.objects.create(kpi=kpi, period_start=D(2024, 1, 1), value=n)
    assert count() == few
