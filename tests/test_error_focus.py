"""Keyboard journey: "Skip to main content", then a form sent with errors: the focus lands on the
error summary (GOV.UK's error-summary pattern; WCAG 2.2 2.4.3 and 3.3.1), and the title says "Error:"."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from tests.browser import CHROMIUM_ARGS, chromium_path, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def test_after_the_skip_link_a_form_with_errors_focuses_its_error_summary(live_server, world, transactional_db):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        sign_in(page, live_server.url, world.users["dpo"].username, PASSWORD)
        page.goto(live_server.url + reverse("policy:isa_create"))
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
        page.keyboard.press("Enter")
        assert page.url.endswith("#main-content")
        while page.evaluate("document.activeElement.type") != "submit":  # on through the form, by keyboard
            page.keyboard.press("Tab")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # the browser applies a fragment after the load event
        assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
        assert "#" not in page.url
        assert page.title().startswith("Error: ")
        browser.close()
