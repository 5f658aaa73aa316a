"""The full person page (linked records, victimisations, referrals, cohorts) passes axe-core."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.urls import reverse

from saferplaces.offenders.models import CohortMembership
from saferplaces.people.models import PersonLink
from saferplaces.victims.models import Referral, Service, Victimisation
from tests.browser import CHROMIUM_ARGS, axe_violations, chromium_path, sign_in
from tests.factories import PASSWORD, AgreementFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_full_person_page_passes_axe(live_server, world, transactional_db):
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    own, shared = world.people["own"], world.people["agreement"]
    AgreementFactory(parties=[world.own, world.partner], data_categories=["victim", "offender"])
    for person in (own, shared, world.people["unrelated"]):
        PersonLink.objects.create(person=person, person_key="P-AXE")
    for days in (40, 10):
        Victimisation.objects.create(owner_agency=world.own, person=own, kind="burglary",
                                     occurred_on=dt.date.today() - dt.timedelta(days=days))
    Referral.objects.create(owner_agency=world.partner, person=shared, service=Service.MARAC,
                            referred_on=dt.date.today() - dt.timedelta(days=5), consent_given=True, dash_score=15)
    CohortMembership.objects.create(owner_agency=world.own, person=own, cohort="iom", started_on=dt.date(2025, 1, 1),
                                    iom_lead="police")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        sign_in(page, live_server.url, world.users["caseworker"].username, PASSWORD)
        page.goto(live_server.url + reverse("people:detail", kwargs={"pk": own.pk}))
        page.check("#id_reason_0")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        text = page.inner_text("main")
        problems = axe_violations(page)
        browser.close()
    assert "Partner Police" in text and "Repeat victim" in text and "1 more linked record" in text
    assert "Suggested lead agency: Police" in text
    assert not problems, problems
