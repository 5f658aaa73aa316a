"""A coordinator's tasking journey in headless Chromium, with axe-core on the pages with content
and on the forms showing their errors (the GET pages are checked by tests/test_accessibility.py)."""

from __future__ import annotations

import json
import os

import pytest
from django.urls import reverse

from saferplaces.places.models import PriorityArea, TaskingAction
from tests.browser import CHROMIUM_ARGS, axe_violations, chromium_path, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SQUARE = {"type": "Polygon", "coordinates": [[[-0.18, 51.51], [-0.16, 51.51], [-0.16, 51.53], [-0.18, 51.53],
                                              [-0.18, 51.51]]]}
PROJECTED = {"type": "Polygon", "coordinates": [[[527000, 181000], [528000, 181000], [528000, 182000],
                                                 [527000, 181000]]]}


def test_coordinator_adds_an_area_a_meeting_and_an_overdue_action(live_server, world, transactional_db, tmp_path):
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    bad, good = tmp_path / "bad.geojson", tmp_path / "church-street.geojson"
    bad.write_text(json.dumps(PROJECTED))
    good.write_text(json.dumps(SQUARE))
    failures = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        sign_in(page, live_server.url, world.users["coordinator"].username, PASSWORD)

        page.goto(live_server.url + reverse("places:area_create"))
        page.fill("#id_name", "Church Street")
        page.set_input_files("#id_boundary", str(bad))
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert "not longitude/latitude" in page.locator(".govuk-error-summary").inner_text()
        failures["area form with errors"] = axe_violations(page)
        page.set_input_files("#id_boundary", str(good))
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        area = PriorityArea.objects.get(name="Church Street")
        assert page.url.endswith(area.get_absolute_url())
        failures["area page"] = axe_violations(page)

        page.goto(live_server.url + reverse("places:meeting_create"))
        page.fill("#id_title", "Church Street tasking")
        page.fill("#id_held_on", "2018-02-01")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        page.click("text=Add an agenda item")
        page.fill("#id_title", "Drug dealing around the market")
        page.select_option("#id_priority_area", label="Church Street")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()

        page.click("text=Add an action")
        page.click("main form button[type=submit]")  # empty: errors
        page.wait_for_load_state()
        assert page.locator(".govuk-error-summary").count() == 1
        failures["action form with errors"] = axe_violations(page)
        page.fill("#id_description", "Joint patrols on market days")
        page.select_option("#id_agenda_item", label="Drug dealing around the market")
        page.select_option("#id_owner_agency", label=world.own.name)
        page.fill("#id_due_on", "2018-03-01")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        failures["meeting page"] = axe_violations(page)
        action = TaskingAction.objects.get()
        assert action.priority_area == area  # from the agenda item

        page.goto(live_server.url + reverse("places:actions") + "?status=overdue")
        assert "Joint patrols on market days" in page.locator("main table").inner_text()
        assert "Overdue" in page.locator("main table").inner_text()
        failures["overdue actions"] = axe_violations(page)
        page.goto(live_server.url + reverse("places:report") + "?quarter=2018-Q1")
        failures["report"] = axe_violations(page)
        browser.close()
    assert {name: problems for name, problems in failures.items() if problems} == {}
