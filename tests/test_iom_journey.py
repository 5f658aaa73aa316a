"""An IOM officer's quarter, in headless Chromium (issue 15's journey).

The officer opens a member's case, records needs at the start and at a review, refers them to a
service, and the quarterly performance report shows the cohort's offending before and after joining
(from the imported offending history). Every page on the way passes axe-core.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.urls import reverse

from saferplaces.offenders.models import CohortMembership, Offence
from tests.browser import CHROMIUM_ARGS, chromium_path, sign_in
from tests.factories import PASSWORD
from tests.test_joined_up_journey import Tab

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_iom_officer_records_needs_refers_and_reads_the_quarter(live_server, world, transactional_db):
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    officer = world.users["caseworker"]
    person = world.people["own"]
    member = CohortMembership.objects.create(owner_agency=world.own, person=person, cohort="iom",
                                            started_on=dt.date(2024, 2, 1), strand="fixed", lead_agency=world.own)
    for reference, day, offence, outcome, outcome_on in [
            ("J-1", dt.date(2023, 6, 1), "Burglary", "caution", dt.date(2023, 7, 1)),        # before joining
            ("J-2", dt.date(2023, 8, 1), "Burglary", "convicted", dt.date(2023, 10, 1)),     # before joining
            ("J-3", dt.date(2024, 5, 1), "Robbery", "convicted", dt.date(2024, 7, 1))]:      # after
        Offence.objects.create(owner_agency=world.own, person=person, reference=reference, offence_on=day,
                               offence=offence, outcome=outcome, outcome_on=outcome_on)
    problems: dict = {}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        tab = Tab(browser.new_page(), live_server.url, problems)
        sign_in(tab.page, live_server.url, officer.username, PASSWORD)
        tab.go(reverse("offenders:case", kwargs={"pk": member.pk}), "case")
        if tab.asked_why():
            tab.justify("case, after saying why")

        tab.follow("Record needs at the start", "needs at the start")
        tab.page.fill("#id_assessed_on", "2024-02-05")
        tab.page.select_option("#id_accommodation", "3")
        tab.page.select_option("#id_drugs", "2")
        tab.submit("needs at the start: saved")

        tab.follow("Record needs at a review", "needs at a review")
        tab.page.fill("#id_assessed_on", "2024-05-05")
        tab.page.select_option("#id_accommodation", "1")
        tab.page.select_option("#id_drugs", "2")
        tab.submit("needs at a review: saved")

        tab.follow("refer to a service not in the directory", "referral")
        tab.page.fill("#id_service_name", "Starting Over")
        tab.page.fill("#id_provider", "St Mungo's")
        tab.page.select_option("#id_pathway", "accommodation")
        tab.page.fill("#id_referred_on", "2024-02-10")
        tab.submit("referral: saved")
        case = tab.text()

        tab.go(reverse("offenders:performance") + "?period=2024-Q1&cohort=iom", "performance report")
        report = tab.text()
        browser.close()

    assert member.needs.count() == 2 and member.interventions.get().service_name == "Starting Over"
    assert "Starting Over" in case
    # One member: 2 offences the year before joining, 1 after; a binary rate of 100%.
    assert "2.00 (2.00 to 2.00)" in report and "1.00 (1.00 to 1.00)" in report and "100% (100% to 100%)" in report
    assert problems == {}
