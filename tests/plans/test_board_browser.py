"""The governance journey in headless Chromium: a coordinator corrects an action, records an update
on it, and prints the board pack for a financial quarter (issue 13's "done when")."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from django.urls import reverse

from saferplaces.plans.importer import plan_import
from saferplaces.plans.models import KPI, Action, KPIReading
from tests.browser import CHROMIUM_ARGS, axe_violations, chromium_path, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CORRECTED = ("Agree with every registered housing provider in the borough a minimum set of standards for "
             "responding to anti-social behaviour and domestic abuse, and publish each provider's standards")


def test_coordinator_edits_an_action_records_an_update_and_prints_the_board_pack(live_server, world,
                                                                                 transactional_db, tmp_path):
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    plan_import()
    action = Action.objects.filter(objective__group__key="victim").order_by("objective__order", "order")[1]
    kpi = KPI.objects.create(action=action, name="Housing providers signed up", target=10, direction="up")
    for start, value in ((dt.date(2017, 10, 1), 3), (dt.date(2018, 1, 1), 4), (dt.date(2018, 4, 1), 5)):
        KPIReading.objects.create(kpi=kpi, period_start=start, value=value)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        sign_in(page, live_server.url, world.users["coordinator"].username, PASSWORD)

        page.goto(live_server.url + reverse("plans:action_edit", args=[action.pk]))
        page.fill("#id_text", CORRECTED)
        page.fill("#id_reason", "The strategy's body gives the full wording")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert page.url.endswith(action.get_absolute_url())
        assert page.locator("h1").inner_text() == CORRECTED

        page.click("text=Record an update")
        page.fill("#id_date", "2018-05-10")
        page.select_option("#id_status", "off_track")
        page.select_option("#id_rag", "red")
        page.fill("#id_narrative", "Two providers have not signed the standards.")
        page.fill("#id_decision_needed", "Write to the two providers' chief executives")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert page.url.endswith(action.get_absolute_url())

        page.goto(live_server.url + reverse("plans:board_report"))
        page.select_option("#quarter", "2018/19 Q1")
        page.click("text=Show")
        page.wait_for_load_state()
        assert page.locator("h1").inner_text().startswith("Board pack: 2018/19 Q1")
        assert axe_violations(page) == []

        page.emulate_media(media="print")
        assert not page.locator("#quarter").is_visible()  # the picker and links are left out
        summary = page.locator(".app-board-summary").inner_text()
        assert "Write to the two providers' chief executives" in summary
        assert "Housing providers signed up: 5 against a target of 10" in summary
        victim = page.locator(".app-board-group").first
        assert CORRECTED in victim.inner_text()  # the whole text, in print too
        assert victim.locator("svg[role=img] title").text_content().startswith("Housing providers signed up")
        assert page.evaluate("getComputedStyle(document.querySelector('.app-board-summary')).breakAfter") == "page"
        pdf = page.pdf(prefer_css_page_size=True)
        (tmp_path / "board-pack.pdf").write_bytes(pdf)
        browser.close()
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    # The summary, then each of the four delivery groups from a new page: no pages of "No update recorded"
    assert pdf.startswith(b"%PDF") and 5 <= pages <= 10, pages
