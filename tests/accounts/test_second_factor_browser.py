"""Signing in with a second factor in headless Chromium: setting up an authenticator app, the
recovery codes, the security-code step and the pause after failed passwords, with axe-core on each
page (the GET pages of the access table are checked by tests/test_accessibility.py)."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.test_second_factor import _code
from tests.browser import CHROMIUM_ARGS, axe_violations, chromium_path, sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _submit_code(page, code):
    page.fill("#id_code", code)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_a_user_sets_up_a_second_factor_and_signs_in_with_it(live_server, transactional_db, settings):
    settings.SAFERPLACES_REQUIRE_2FA = True
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    user = UserFactory()
    failures = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        sign_in(page, live_server.url, user.username, PASSWORD)
        assert reverse("accounts:second_factor_enrol") in page.url
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        _submit_code(page, f"{(int(_code(device)) + 1) % 10**6:06d}")
        assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
        failures["enrolment with an error"] = axe_violations(page)
        device.refresh_from_db()
        device.throttle_reset()
        _submit_code(page, _code(device))
        codes = page.locator("#recovery-codes code").all_inner_texts()
        assert len(codes) == 10
        failures["recovery codes"] = axe_violations(page)
        page.click("text=Continue")
        page.wait_for_load_state()
        assert page.url.rstrip("/") == live_server.url

        page.context.clear_cookies()
        sign_in(page, live_server.url, user.username, PASSWORD)
        assert reverse("accounts:second_factor_verify") in page.url
        failures["security code"] = axe_violations(page)
        _submit_code(page, "not-a-code")
        assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
        failures["security code with an error"] = axe_violations(page)
        page.wait_for_timeout(1100)  # after a wrong code django-otp makes the next try wait a second
        _submit_code(page, codes[0])
        assert page.url.rstrip("/") == live_server.url

        page.context.clear_cookies()
        for _ in range(5):
            sign_in(page, live_server.url, user.username, "wrong-password")
        sign_in(page, live_server.url, user.username, PASSWORD)
        assert "Too many attempts to sign in" in page.locator("h1").inner_text()
        failures["pause after failed passwords"] = axe_violations(page)
        browser.close()
    assert not any(failures.values()), failures
