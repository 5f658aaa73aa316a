"""Keyboard-only journeys in headless Chromium (WCAG 2.1.1, 2.2.1): a wide table's scroller is reached
and scrolled with the keyboard alone; the idle timeout is announced before it ends the session, can be
put off, and what was typed survives signing in again."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from saferplaces.audit.models import AccessAction, JustificationReason
from saferplaces.audit.services import access_record
from tests.browser import CHROMIUM_ARGS, chromium_path, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture
def page(live_server):
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser.new_page(viewport={"width": 1280, "height": 800})
        browser.close()


def _tab_to(page, selector: str, most: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has focus (it must be reachable)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_access_logs_table_is_reached_and_scrolled_by_keyboard(page, live_server, world, transactional_db):
    dpo = world.users["dpo"]
    # A reason with a long unbroken address (as people paste them) makes the table wider than its column.
    access_record(actor=dpo, action=AccessAction.VIEW, reason=JustificationReason.OTHER, record_type="people.person",
                  justification="Asked by https://www.example.org/referrals/2026/very-long-reference-0001234567890")
    sign_in(page, live_server.url, dpo.username, PASSWORD)
    page.goto(live_server.url + reverse("audit:events"))
    scroller = ".app-table-scroll[role=region][aria-label='Access events']"
    assert page.evaluate("s => { const e = document.querySelector(s); return e.scrollWidth > e.clientWidth }",
                         scroller), "the table should be wider than its column here"
    _tab_to(page, scroller)
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    # The browser may scroll smoothly: wait (up to 5 s) for the scroller to move rather than read it at once.
    page.wait_for_function("s => document.querySelector(s).scrollLeft > 0", arg=scroller, timeout=5000)
    # Pagination and everything after the table stay outside the scroller.
    assert page.locator(f"{scroller} .govuk-pagination").count() == 0


def _session_expiry(page):
    from django.contrib.sessions.models import Session

    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return Session.objects.get(session_key=key).expire_date


def test_the_idle_timeout_warns_can_be_put_off_and_keeps_what_was_typed(page, live_server, world, settings,
                                                                         transactional_db):
    from playwright.sync_api import expect

    settings.SESSION_COOKIE_AGE = 10  # warned 5 seconds before the end (half the time when short)
    admin = world.users["administrator"]
    sign_in(page, live_server.url, admin.username, PASSWORD)
    page.goto(live_server.url + reverse("accounts:agency_create"))
    page.fill("#id_name", "Westminster Mind")
    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    expect(dialog).to_be_visible(timeout=10_000)
    expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()  # focus moved to the warning
    before = _session_expiry(page)
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    assert _session_expiry(page) > before  # the server gave the session more time
    expect(page.locator("#id_name")).to_have_value("Westminster Mind")

    # Nothing more is done: the session ends, the page says so, and signing in again brings the text back.
    expect(page.get_by_role("dialog", name="You have been signed out")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("link", name="Sign in again")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/sign-in/?next=*")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**" + reverse("accounts:agency_create"))
    expect(page.locator("#id_name")).to_have_value("Westminster Mind")
    expect(page.locator("#draft-restored")).to_be_focused()
