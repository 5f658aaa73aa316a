"""Every page passes axe-core's WCAG 2.0–2.2 A/AA and best-practice rules, in headless Chromium.

The pages are every GET route of the access table, each opened by a role and relationship the
table says may see it; record pages are checked both at the "why do you need to see this" step
and with the record shown, and every page's form is also sent empty and checked in its error state
(the error summary takes the focus, the title starts "Error:", no message is Django's "This field is
required."). Each page's title names it: no two pages of the table share one.
"""

from __future__ import annotations

import os
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from saferplaces.accounts.roles import Role, has_permission
from tests.access_table import ROUTES
from tests.browser import CHROMIUM_ARGS, EVERY_IMPACT, axe_violations, chromium_path, sign_in
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


# Empties the first form of the page's main content that asks for something (a required field), and
# sends it: text cleared, options unselected, browser checks off (the server's messages are the point).
_FIND_FORM = """() => {
  const form = [...document.querySelectorAll('main form')].find(
    f => f.method === 'post' && f.querySelector('[required]:not([type=hidden])'))
  if (form) form.dataset.sendEmpty = 'yes'
  return Boolean(form)
}"""
_SEND_EMPTY = """() => {
  const form = document.querySelector('form[data-send-empty]')
  for (const field of form.elements) {
    if (field.type === 'hidden' || field.type === 'submit' || field.type === 'button' || field.type === 'file') continue
    if (field.type === 'radio' || field.type === 'checkbox') field.checked = false
    else if (field.tagName === 'SELECT') field.selectedIndex = [...field.options].findIndex(o => !o.value)
    else field.value = ''
  }
  form.noValidate = true
  form.requestSubmit()
}"""


def _check_errors(page, name, failures):
    """The page after its form was sent empty: an error summary with the focus, "Error:" in the title,
    messages that say what to enter, and no axe violations."""
    problems = axe_violations(page, impacts=EVERY_IMPACT)
    if page.locator(".govuk-error-summary").count() != 1:
        problems.append("no error summary")
    elif not page.evaluate("document.activeElement.classList.contains('govuk-error-summary')"):
        problems.append("the error summary does not have the focus")
    if not page.title().startswith("Error: ") or page.title().count("Error:") != 1:
        problems.append(f"title {page.title()!r}")
    if "This field is required." in page.content():
        problems.append("Django's 'This field is required.'")
    if problems:
        failures[f"{name} (sent empty)"] = problems


def test_every_page_passes_axe(browser, live_server, world, transactional_db):
    checked, sent_empty, failures, titles = [], [], {}, {}
    reason_step_checked = False
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
            titles.setdefault(page.title(), []).append(f"{name} (reason step)")
            if not reason_step_checked:  # one template for every record: checked once, with its errors
                problems = axe_violations(page, impacts=EVERY_IMPACT)
                if problems:
                    failures[f"{name} (reason step)"] = problems
                with page.expect_navigation():
                    page.evaluate("document.querySelector('input[name=justification-form]').form.requestSubmit()")
                _check_errors(page, f"{name} (reason step)", failures)
                reason_step_checked = True
            page.check("#id_reason_0")
            page.click("main button[type=submit]")
            page.wait_for_load_state()
        problems = axe_violations(page, impacts=EVERY_IMPACT)
        if problems:
            failures[name] = problems
        titles.setdefault(page.title(), []).append(name)
        if page.evaluate(_FIND_FORM):
            with page.expect_navigation():
                page.evaluate(_SEND_EMPTY)
            _check_errors(page, name, failures)
            sent_empty.append(name)
        checked.append(name)
    for page in pages.values():
        page.close()
    assert len(checked) >= 10 and len(sent_empty) >= 10
    assert not failures, failures
    shared = {title: names for title, names in titles.items() if len(names) > 1}
    assert not shared, "\n".join(f"{title}: {names}" for title, names in shared.items())


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


def test_the_mapped_import_steps_pass_axe(browser, live_server, world, transactional_db, settings, tmp_path):
    """The steps after an upload, which the route sweep cannot reach by GET: matching a partner export's
    columns (and its error state), then the preview listing every problem by row."""
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    export = tmp_path / "partner-export.csv"
    export.write_text("Ref,Type,Date\nP-1,burglary,2025-02-30\nP-2,noise,2025-03-01\n")
    page = browser.new_page(bypass_csp=True)
    sign_in(page, live_server.url, world.users["caseworker"].username, PASSWORD)
    page.goto(live_server.url + reverse("victims:import"))
    page.set_input_files("input[type=file]", str(export))
    page.click("button[value=map]")
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Match the file's columns"
    failures = {}
    problems = axe_violations(page, impacts=EVERY_IMPACT)
    if problems:
        failures["mapping"] = problems
    for select in page.locator("main form select").all():  # no column chosen for any of the import's
        select.select_option("")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    _check_errors(page, "mapping", failures)
    page.select_option("select[name=c0]", "Ref")
    page.select_option("select[name=c5]", "Type")
    page.select_option("select[name=c6]", "Date")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.get_by_role("heading", level=1).inner_text() == "Preview the import"
    assert page.title().startswith("Error: ") and "2025-02-30" in page.content()
    problems = axe_violations(page, impacts=EVERY_IMPACT)
    if problems:
        failures["preview"] = problems
    page.close()
    assert not failures, failures
