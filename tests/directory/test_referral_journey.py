"""A referral into a commissioned service and its quarterly return, in headless Chromium (issue 16).

A council caseworker finds a service for a victim by need and refers them; the service's provider
sees the referral on My work and accepts it; the plan's measure counts it; the provider's performance
officer enters the quarter's return for the contract and cannot open another provider's contract.
Every page on the way passes axe-core.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.urls import reverse
from django.utils import timezone

from saferplaces.accounts.roles import Role
from saferplaces.directory.models_contracts import PerformanceReturn
from saferplaces.plans import measures
from saferplaces.plans.quarters import Quarter
from saferplaces.victims.models import Referral, ReferralStatus
from tests.browser import CHROMIUM_ARGS, sign_in
from tests.directory import contract_builders as build
from tests.factories import PASSWORD, AgencyFactory, UserFactory
from tests.test_joined_up_journey import Tab, chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_refer_by_need_provider_accepts_kpi_counts_provider_returns(live_server, world, transactional_db):
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    angelou, refuge = AgencyFactory(name="Angelou", short_name="ANG"), AgencyFactory(name="Refuge", short_name="REF")
    provider = UserFactory(username="provider.angelou", agency=angelou, role=Role.PROVIDER)
    domestic = build.term("Domestic abuse")
    org_a, org_b = build.organisation("Angelou Partnership", angelou), build.organisation("Refuge Trust", refuge)
    service = build.service(org_a, "Angelou advocacy", [domestic])
    build.service(org_b, "Refuge housing", [build.term("Housing")])
    own_contract = build.contract(org_a, world.own, reference="A-1")
    other_contract = build.contract(org_b, world.own, reference="B-1")
    victim = world.people["own"]
    problems: dict = {}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        c = Tab(browser.new_page(), live_server.url, problems)
        sign_in(c.page, live_server.url, world.users["caseworker"].username, PASSWORD)
        c.go(reverse("directory:refer_find", kwargs={"person_pk": victim.pk}), "caseworker: find a service")
        if c.asked_why():
            c.justify("caseworker: find a service, reason given")
        c.page.select_option("#id_need", str(domestic.pk))
        c.submit("caseworker: services found by need")
        found = c.text()
        c.follow("Refer to Angelou advocacy", "caseworker: referral form")
        c.page.check("input[name=consent_given][value=yes]")
        c.submit("caseworker: referral recorded")
        referral = Referral.objects.get()

        p = Tab(browser.new_page(), live_server.url, problems)
        sign_in(p.page, live_server.url, provider.username, PASSWORD)
        p.check("provider: My work")
        p.follow(f"Referral {referral.pk} to Angelou advocacy", "provider: the referral")
        p.page.check("input[name=status][value=accepted]")
        p.submit("provider: referral accepted")
        referral.refresh_from_db()

        quarter = Quarter.containing(timezone.localdate())
        taken_on = measures.get("directory.referrals_taken_on").compute(quarter.start, quarter.end)

        p.go(reverse("directory:provider_contracts"), "provider: its contracts")
        listed = p.text()
        p.follow("A-1", "provider: its contract")
        p.follow("Enter a return", "provider: return form")
        p.page.select_option("#id_period_start", "2025-04-01")
        for code, value in (("total", "12"), ("female", "9"), ("male", "3"), ("share", "75")):
            p.page.fill(f"#id_figure_{code}", value)
        p.submit("provider: return submitted")
        returned = p.text()
        p.go(reverse("directory:contract", kwargs={"pk": other_contract.pk}), "provider: another provider's contract")
        other = p.text()
        browser.close()

    assert "1 service found" in found and "Refuge housing" not in found
    assert (referral.directory_service, referral.status) == (service, ReferralStatus.ACCEPTED)
    assert taken_on == 1.0
    assert "A-1" in listed and "B-1" not in listed
    assert PerformanceReturn.objects.get(contract=own_contract, period_start=dt.date(2025, 4, 1)).values == {
        "total": 12, "female": 9, "male": 3, "share": 75}
    assert "Return for April to June 2025" in returned
    assert "Page not found" in other
    assert not problems, problems
