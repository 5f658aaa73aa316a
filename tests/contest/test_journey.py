"""The Protect journey in headless Chromium (issue 14).

The police counter-terrorism security adviser opens a council site shared by agreement (asked why:
the agreement is not a reason), records a security assessment of its public protection procedures
and two recommendations. The council's counter-terrorism lead sees "Percentage of site assessments
completed" move on the board pack once the quarter's KPIs are computed; a counter-terrorism lead of
an agency without the agreement gets 404 on the assessment. Every page on the way passes axe-core.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.urls import reverse

from saferplaces.contest.models import SecurityAssessment
from saferplaces.contest.rules import Use
from saferplaces.plans.importer import plan_import
from saferplaces.plans.kpi_sources import kpi_sources_apply
from saferplaces.plans.quarters import Quarter
from saferplaces.plans.services import kpis_compute
from tests.browser import CHROMIUM_ARGS, axe_violations, chromium_path, sign_in
from tests.contest.builders import make_site
from tests.factories import PASSWORD, AgencyFactory, AgreementFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
KPI_NAME = "Percentage of site assessments completed"


def _kpi_cells(page) -> list[str]:
    row = page.locator("tr", has=page.locator(f"th:text-is('{KPI_NAME}')")).first
    return row.locator("td").all_inner_texts()


def test_adviser_assesses_lead_sees_the_kpi_move_outsider_gets_404(live_server, transactional_db):
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    kpi_sources_apply(plan_import())
    council, police, health = AgencyFactory(short_name="WCC"), AgencyFactory(short_name="MPS"), AgencyFactory()
    AgreementFactory(parties=[council, police], data_categories=["counter_terrorism"])
    lead = UserFactory(username="ctlead.test", agency=council, role="ct_lead")
    adviser = UserFactory(username="ctsa.test", agency=police, role="ct_adviser")
    outsider = UserFactory(username="ctlead.other", agency=health, role="ct_lead")
    today = dt.date.today()
    quarter = Quarter.containing(today)
    site = make_site(council, name="Sample theatre", use=Use.ENTERTAINMENT, capacity=600,
                     identified_on=today - dt.timedelta(days=200))
    make_site(council, name="Sample arcade", use=Use.SHOP, capacity=300, identified_on=today - dt.timedelta(days=200))
    kpis_compute(quarter=quarter)
    problems: dict = {}

    def check(page, label):
        found = axe_violations(page)
        if found:
            problems[label] = found

    def go(page, url, label):
        page.goto(live_server.url + url)
        page.wait_for_load_state()
        check(page, label)

    def submit(page, label):
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        check(page, label)

    board = reverse("plans:board_report") + f"?quarter={quarter}".replace(" ", "+")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        lead_page = browser.new_page()
        sign_in(lead_page, live_server.url, lead.username, PASSWORD)
        go(lead_page, board, "lead: board pack before")
        before = _kpi_cells(lead_page)

        a = browser.new_page()
        sign_in(a, live_server.url, adviser.username, PASSWORD)
        go(a, reverse("contest:sites"), "adviser: sites register")
        a.click("main a:has-text('Sample theatre')")
        a.wait_for_load_state()
        asked_on_shared_site = a.locator("input[name=justification-form]").count() > 0
        a.check("#id_reason_0")
        submit(a, "adviser: site after the reason")
        a.click("main a:has-text('Record a security assessment')")
        a.wait_for_load_state()
        check(a, "adviser: assessment form")
        a.fill("#id_assessed_on", today.isoformat())
        for heading in ("evacuation", "invacuation", "lockdown", "communication"):
            a.select_option(f"#id_rating_{heading}", "partial" if heading == "lockdown" else "in_place")
        a.fill("#id_finding_lockdown", "Doors to the foyer cannot be locked from inside")
        submit(a, "adviser: assessment recorded")
        for text, owner in (("Fit locks to the foyer doors", "Theatre manager"),
                            ("Rehearse lockdown with the front-of-house staff", "Duty manager")):
            a.click("main a:has-text('Add a recommendation')")
            a.wait_for_load_state()
            check(a, "adviser: recommendation form")
            a.fill("#id_text", text)
            a.fill("#id_owner", owner)
            a.fill("#id_due_on", (today + dt.timedelta(days=60)).isoformat())
            submit(a, "adviser: recommendation added")
        assessment_page = a.inner_text("main")
        assessment = SecurityAssessment.objects.get(site=site)

        kpis_compute(quarter=quarter)  # what `manage.py compute_kpis` does each quarter
        go(lead_page, board, "lead: board pack after")
        after = _kpi_cells(lead_page)

        o = browser.new_page()
        sign_in(o, live_server.url, outsider.username, PASSWORD)
        response = o.goto(live_server.url + reverse("contest:assessment", kwargs={"pk": assessment.pk}))
        outsider_status = response.status
        browser.close()

    assert asked_on_shared_site
    assert assessment.owner_agency == police and assessment.assessor == adviser
    assert assessment.recommendations.count() == 2
    assert "Fit locks to the foyer doors" in assessment_page and "Theatre manager" in assessment_page
    # the plan's target is 100%: one of the two sites assessed
    assert (before[-2], after[-2]) == ("0 (not met)", "50 (not met)"), (before, after)
    assert outsider_status == 404
    assert problems == {}
