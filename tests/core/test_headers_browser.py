"""In Chromium, with the content security policy enforced, pages run GOV.UK Frontend and break no rule
of the policy."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from tests.browser import CHROMIUM_ARGS, chromium_path, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_pages_run_their_scripts_and_break_no_rule_of_the_policy(live_server, world, transactional_db):
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    refused, errors = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("console", lambda message: refused.append(message.text)
                if "Content Security Policy" in message.text else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        sign_in(page, live_server.url, world.users["caseworker"].username, PASSWORD)
        page.goto(live_server.url + reverse("people:detail", kwargs={"pk": world.people["own"].pk}))
        page.wait_for_load_state("networkidle")
        classes = page.evaluate("document.body.className")
        started = page.evaluate("document.querySelectorAll('[data-govuk-skip-link-init]').length")
        browser.close()
    assert "js-enabled" in classes and "govuk-frontend-supported" in classes
    assert started >= 1, "GOV.UK Frontend started its components (the module and its import ran)"
    assert not refused, refused
    assert not errors, errors
