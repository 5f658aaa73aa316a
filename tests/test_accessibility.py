"""Every page passes axe-core with no serious or critical violations, in headless Chromium.

The pages are every GET route of the access table, each opened by a role and relationship the
table says may see it; record pages are checked both at the "why do you need to see this" step
and with the record shown.
"""

from __future__ import annotations

import os
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from saferplaces.accounts.roles import Role, has_permission
from tests.access_table import ROUTES
from tests.browser import CHROMIUM_ARGS, axe_violations, chromium_path, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def _viewer(route):
    """A role and relationship that gets the page (None for public pages)."""
    if route.access == "public":
        return None, "own"
    for role in Role:
        if route.access == "signed_in" or has_permission(role.value, route.permission):
            relationship = sorted(route.visible)[0] if route.access == "record" else "own"
            return role, relationship
    raise AssertionError("no role may see this route")


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_every_page_passes_axe(browser, live_server, world, transactional_db):
    checked, failures = [], {}
    pages = {}
    for name, route in sorted(ROUTES.items()):
        if route.method != "get" or route.ok != 200 or not route.page:
            continue
        role, relationship = _viewer(route)
        key = role.value if role else "anonymous"
        if key not in pages:
            pages[key] = browser.new_page(bypass_csp=True)  # so axe runs on CSP-locked pages too
            if role:
                sign_in(pages[key], live_server.url, world.users[role.value].username, PASSWORD)
        page = pages[key]
        kwargs = route.kwargs(world, relationship) if route.kwargs else {}
        url = live_server.url + reverse(name, kwargs=kwargs)
        if route.query:
            url += "?" + urlencode(route.query)
        response = page.goto(url)
        assert response.status == 200, f"{name}: {response.status}"
        if page.locator("input[name=justification-form]").count():
            problems = axe_violations(page)
            if problems:
                failures[f"{name} (reason step)"] = problems
            page.check("#id_reason_0")
            page.click("main button[type=submit]")
            page.wait_for_load_state()
        problems = axe_violations(page)
        if problems:
            failures[name] = problems
        checked.append(name)
    for page in pages.values():
        page.close()
    assert len(checked) >= 10
    assert not failures, failures


def test_error_summary_page_passes_axe(browser, live_server, world, transactional_db):
    """A form with errors (the error-summary pattern) is accessible too."""
    page = browser.new_page()
    sign_in(page, live_server.url, world.users["dpo"].username, PASSWORD)
    page.goto(live_server.url + reverse("policy:isa_create"))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert axe_violations(page) == []
    page.close()


def test_a_running_assessment_passes_axe(browser, live_server, world, transactional_db):
    """The evidence run's page while it runs (its status region and Check again button), not only finished."""
    from saferplaces.insights.models import AssessmentRun, RunStatus

    run = AssessmentRun.objects.create(title="Running", work_dir="/nowhere", status=RunStatus.RUNNING,
                                       stage="hot spots", progress=0.5)
    page = browser.new_page(bypass_csp=True)
    sign_in(page, live_server.url, world.users["analyst"].username, PASSWORD)
    page.goto(live_server.url + reverse("insights:detail", args=[run.pk]))
    assert page.get_by_role("status").inner_text().startswith("Finding hot spots")
    assert axe_violations(page) == []
    page.close()
