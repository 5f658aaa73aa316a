"""My work and the inbox pass axe-core with every section shown (the sweep of
``tests/test_accessibility.py`` opens them too, mostly empty)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone

from saferplaces.accounts.roles import Role
from saferplaces.asb import services as asb_services
from saferplaces.audit.models import AccessAction, JustificationReason
from saferplaces.audit.services import access_record
from saferplaces.notifications.models import NotificationKind
from saferplaces.notifications.services import notification_send
from tests.browser import CHROMIUM_ARGS, axe_violations, chromium_path, sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def test_my_work_and_inbox_pass_axe_with_content(live_server, world, transactional_db):
    from playwright.sync_api import sync_playwright

    manager = world.users["manager"]
    case = asb_services.case_open(actor=manager, title="Noise", location="1 Demo Court")
    worker = UserFactory(agency=world.own, role=Role.CASEWORKER)
    today = timezone.localdate()
    asb_services.task_add(actor=worker, case=case, title="Call back", assigned_agency=world.own, assigned_to=manager,
                          due_on=today - dt.timedelta(days=1))
    asb_services.task_add(actor=worker, case=case, title="Visit", assigned_agency=world.own, assigned_to=manager,
                          due_on=today + dt.timedelta(days=2))
    access_record(actor=manager, action=AccessAction.VIEW, reason=JustificationReason.CASEWORK, record=case)
    for i in range(3):
        notification_send(recipient=manager, kind=NotificationKind.CASE_SHARED, reference=f"ASB-2026-{i:05d}",
                          url=case.get_absolute_url())
    failures = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(bypass_csp=True)
        sign_in(page, live_server.url, manager.username, PASSWORD)
        for path in ("/", "/notifications/"):
            assert page.goto(live_server.url + path).status == 200
            problems = axe_violations(page)
            if problems:
                failures[path] = problems
        page.goto(live_server.url + "/")
        assert "My team" in page.content() and "Call back" in page.content()
        browser.close()
    assert not failures, failures
