"""The board pack: financial quarters, a first page a chair reads in a minute, exceptions with
commentary, KPI charts with target lines, no-update actions counted rather than listed, print CSS."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.plans.importer import plan_import
from saferplaces.plans.models import KPI, Action, ActionUpdate, KPIReading
from tests.factories import UserFactory

QUARTER = "2018/19 Q1"  # April to June 2018


@pytest.fixture
def plan(db):
    return plan_import()


def _victim_actions():
    return list(Action.objects.filter(objective__group__key="victim").order_by("objective__order", "order"))


def _update(action, status, rag, narrative, decision="", on=dt.date(2018, 5, 10)):
    return ActionUpdate.objects.create(action=action, date=on, status=status, rag=rag, narrative=narrative,
                                       decision_needed=decision)


@pytest.fixture
def quarter_with_news(plan):
    first, second, third = _victim_actions()[:3]
    first.text = " ".join(["Agree a minimum set of standards with every housing provider"] * 4)  # 40 words
    first.save()
    _update(first, "off_track", "red", "Two providers have not signed the standards.",
            decision="Escalate to the housing board")
    _update(second, "complete", "green", "Done.")
    kpi = KPI.objects.create(action=third, name="Referrals to Victim Support", target=100, direction="up")
    for start, value in ((dt.date(2017, 7, 1), 120), (dt.date(2017, 10, 1), 110), (dt.date(2018, 1, 1), 90),
                         (dt.date(2018, 4, 1), 70)):
        KPIReading.objects.create(kpi=kpi, period_start=start, value=value,
                                  commentary="The police referral route closed in April." if value == 70 else "")
    return first, second, third, kpi


def _page(client, **query):
    client.force_login(UserFactory(role=Role.SCRUTINY))
    response = client.get(reverse("plans:board_report"), query)
    assert response.status_code == 200
    return response, response.content.decode()


def _first_page(html):
    return html[html.index('class="app-board-summary"'):html.index('class="app-board-group"')]


def test_the_first_page_gives_rag_counts_kpis_off_target_and_decisions(client, quarter_with_news):
    first, _, _, kpi = quarter_with_news
    response, html = _page(client, quarter=QUARTER)
    assert "Board pack: 2018/19 Q1" in html and "April to June 2018" in html
    assert "financial year 2018/19" in html
    summary = _first_page(html)
    victim = next(g for g in response.context["report"].groups if g.group.key == "victim")
    assert (victim.rag_counts["Red"], victim.rag_counts["Green"], victim.rag_counts["No update"]) == \
        (1, 1, victim.actions - 2)
    row = re.search(r"<th scope=\"row\" class=\"govuk-table__header\">Victim[^<]*</th>(.*?)</tr>", summary, re.S)
    cells = re.findall(r">(\d+)</td>", row.group(1))
    assert cells == [str(victim.actions), "1", "0", "1", str(victim.actions - 2), "1", "1"]
    assert "Escalate to the housing board" in summary
    assert "Referrals to Victim Support: 70 against a target of 100" in summary


def test_exceptions_carry_commentary_and_full_text_and_no_update_is_counted(client, quarter_with_news):
    first, *_ = quarter_with_news
    _, html = _page(client, quarter=QUARTER)
    assert first.text in html  # never truncated
    assert "Two providers have not signed the standards." in html
    assert "No update recorded." not in html  # no row per silent action
    victim = sum(1 for a in _victim_actions()) - 2
    assert f"{victim} actions have no update recorded by 30 June 2018" in html
    assert "The police referral route closed in April." in html


def test_plural_forms(client, quarter_with_news):
    _, html = _page(client, quarter=QUARTER)
    assert "1 is complete and 0 are on track" in html
    _update(_victim_actions()[3], "complete", "green", "Also done.")
    _, html = _page(client, quarter=QUARTER)
    assert "2 are complete" in html


def test_kpi_chart_has_a_target_line_a_title_and_the_figures_in_a_table(client, quarter_with_news):
    _, html = _page(client, quarter=QUARTER)
    svg = re.search(r"<svg[^>]*role=\"img\".*?</svg>", html, re.S).group(0)
    assert "<title" in svg and "Referrals to Victim Support: the last four quarters" in svg
    assert "against its target" in svg and "Target" in svg
    table = html[html.index("KPI readings against target"):]
    for heading in ("2017/18 Q2", "2017/18 Q3", "2017/18 Q4", "2018/19 Q1"):
        assert heading in table
    assert "70 (not met)" in table and "120 (met)" in table


@pytest.mark.parametrize("asked", ["2018/20 Q1", "9999-Q4", "Q1", "2018-13"])
def test_a_quarter_that_cannot_be_read_is_a_message_on_the_page(client, plan, asked):
    _, html = _page(client, quarter=asked)
    assert "There is a problem" in html and "Choose a quarter from the list" in html
    assert 'name="quarter"' in html and "Board pack:" not in html
    download = client.get(reverse("plans:board_report_download"), {"quarter": asked})
    assert download.status_code == 200 and "There is a problem" in download.content.decode()


def test_the_picker_offers_the_plans_quarters_and_the_last_full_one_is_the_default(client, plan):
    response, html = _page(client)
    assert '<option value="2017/18 Q1">2017/18 Q1: April to June 2017</option>' in html
    this_quarter = response.context["choices"][0]  # under way, offered too
    assert response.context["quarter"] == this_quarter.previous()


def test_calendar_quarters_by_setting(client, quarter_with_news, settings):
    settings.PLAN_QUARTERS = "calendar"
    _, html = _page(client, quarter="2018-Q2")
    assert "Board pack: 2018-Q2" in html and "April to June 2018" in html
    _, again = _page(client, quarter=QUARTER)  # the financial name is still read
    assert "Board pack: 2018-Q2" in again


def test_the_kpi_reading_form_hints_and_reads_financial_quarters(client, quarter_with_news):
    *_, kpi = quarter_with_news
    client.force_login(UserFactory(role=Role.COORDINATOR))
    form = client.get(reverse("plans:kpi_reading", args=[kpi.pk])).content.decode()
    assert "For example 2018/19 Q1 (April to June 2018)" in form
    response = client.post(reverse("plans:kpi_reading", args=[kpi.pk]), {"quarter": "2018/19 Q2", "value": "80"})
    assert response.status_code == 302
    assert KPIReading.objects.get(kpi=kpi, value=80).period_start == dt.date(2018, 7, 1)


def test_the_printable_pack_numbers_its_pages_and_starts_groups_on_new_pages(client, quarter_with_news):
    client.force_login(UserFactory(role=Role.SCRUTINY))
    response = client.get(reverse("plans:board_report_download"), {"quarter": QUARTER})
    assert response["Content-Disposition"] == 'attachment; filename="board-pack-2018-19-Q1.html"'
    html = response.content.decode()
    assert 'counter(page) " of " counter(pages)' in html and "break-before: page" in html
    assert "<link" not in html and "<script" not in html


def test_figures_read_as_a_board_reads_them():
    from saferplaces.plans.templatetags.plans import figure

    assert [figure(v) for v in (12.4, 70.0, 0.25, 1234.5, None)] == ["12.4", "70", "0.25", "1,234.5", ""]
