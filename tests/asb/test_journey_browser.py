"""The ASB journey in headless Chromium: a caseworker opens a case with parties and incidents, is
offered a similar case, assesses risk, issues a warning then a notice, records a breach and a fixed
penalty; a partner in another agency finds the notice in the CPN portal; an unrelated user cannot.
Every page on the way passes axe-core."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.urls import reverse

from saferplaces.asb.models import ProtectionNotice
from tests.asb.builders import make_case
from tests.browser import CHROMIUM_ARGS, axe_violations, chromium_path, sign_in
from tests.factories import PASSWORD, AgreementFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class Journey:
    def __init__(self, page, base):
        self.page, self.base, self.problems = page, base, {}

    def check(self, label):
        found = axe_violations(self.page)
        if found:
            self.problems[label] = found

    def submit(self, label=None):
        # The page's form, not the person search a party form also has.
        self.page.click("main form:not(.app-person-search) button[type=submit]")
        self.page.wait_for_load_state()
        if label:
            self.check(label)

    def justify_if_asked(self):
        if self.page.locator("input[name=justification-form]").count():
            self.check(f"reason step {self.page.url}")
            self.page.check("#id_reason_0")
            self.submit()

    def follow(self, link_text, label):
        self.page.click(f"main a:has-text('{link_text}')")
        self.page.wait_for_load_state()
        self.justify_if_asked()
        self.check(label)


def test_asb_journey(live_server, world, transactional_db):
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    AgreementFactory(parties=[world.own, world.partner], data_categories=["asb", "enforcement"])
    existing = make_case(world.partner, title="Noise at Demo Court (partner's case)", postcode="W2 5EH")
    partner_user = UserFactory(username="caseworker.partner", agency=world.partner, role="caseworker")
    unrelated_user = UserFactory(username="caseworker.other", agency=world.other, role="caseworker")
    warned_on = (dt.date.today() - dt.timedelta(days=20)).isoformat()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        j = Journey(page, live_server.url)
        sign_in(page, live_server.url, world.users["caseworker"].username, PASSWORD)

        # Open a case: a similar open case is offered first.
        page.goto(live_server.url + reverse("asb:case_create"))
        j.check("open a case")
        page.fill("#id_title", "Loud music, Demo Court")
        page.fill("#id_location", "Demo Court")
        page.fill("#id_case_postcode", "W2 5EH")
        page.check("#id_role_0")  # complainant
        page.fill("#id_name", "Mo Quiet")
        j.submit("similar cases offered")
        offered = page.inner_text("main")
        page.click("button[name=confirm_new]")
        page.wait_for_load_state()
        j.justify_if_asked()
        j.check("case page")
        case_url = page.url

        # A second party (the alleged perpetrator) and an incident.
        j.follow("Add a party", "add a party")
        page.fill("#id_person_q", "Olive")  # the person search: a name and a reason, logged
        page.check("#id_reason_0")
        page.click("form.app-person-search button[type=submit]")
        page.wait_for_load_state()
        j.check("person search results")
        found = page.inner_text("main")
        page.check("#id_role_2")  # alleged perpetrator
        page.fill("#id_name", "Sam Loud")
        page.fill("#id_date_of_birth", "1990-05-01")
        page.fill("#id_address", "1 Demo Court")
        j.submit()
        j.follow("Record an incident", "record an incident")
        page.select_option("#id_kind", "noise")
        page.fill("#id_location", "1 Demo Court")
        page.fill("#id_description", "Music at 3am")
        j.submit()

        # Risk.
        j.follow("Assess the risk", "risk assessment")
        for code in ("targeted", "vulnerable", "violence", "afraid", "children"):
            page.check(f"input[name=answers][value={code}]")
        j.submit()
        case_text = page.inner_text("main")

        # Warning, then notice.
        j.follow("Issue a Community Protection Warning", "issue a warning")
        page.check("#id_party_0")
        page.fill("#id_conduct", "Amplified music at night")
        page.fill("#id_conditions", "No amplified music after 11pm")
        page.fill("#id_issued_on", warned_on)
        j.submit()
        j.justify_if_asked()
        j.check("warning page")
        j.follow("Print the warning letter", "warning letter")
        letter = page.inner_text("main")
        page.go_back()
        page.wait_for_load_state()
        j.follow("Issue a Community Protection Notice", "issue a notice")
        j.submit()
        j.justify_if_asked()
        j.check("notice page")

        # Breach, then a fixed penalty; a fixed penalty first is refused with the reason.
        j.follow("Record a breach, appeal or sanction", "record a breach")
        page.check("#id_kind_2")  # fixed penalty
        page.fill("#id_details", "FPN")
        j.submit("refused step")
        refused = page.inner_text("main")
        page.check("#id_kind_1")  # breach
        page.fill("#id_details", "Music at 1am")
        j.submit()
        j.follow("Record a breach, appeal or sanction", "record a sanction")
        page.check("#id_kind_2")
        page.fill("#id_details", "Handed over at the door")
        j.submit()
        notice_text = page.inner_text("main")
        notice = ProtectionNotice.objects.get(kind="cpn")

        # A partner in another agency finds the notice in the portal.
        partner = browser.new_page()
        jp = Journey(partner, live_server.url)
        sign_in(partner, live_server.url, partner_user.username, PASSWORD)
        partner.goto(live_server.url + reverse("asb:portal"))
        jp.check("portal")
        partner.fill("#id_q", "Sam Loud")
        partner.check("#id_reason_1")
        jp.submit("portal results")
        partner.click(f"summary:has-text('you can see {notice.reference}')")  # why can I see this row?
        results = partner.inner_text("main")
        jp.follow(notice.reference, "notice seen by a partner")
        partner_view = partner.inner_text("main")

        # An unrelated user cannot.
        other = browser.new_page()
        sign_in(other, live_server.url, unrelated_user.username, PASSWORD)
        other.goto(live_server.url + reverse("asb:portal") + "?reason=casework&q=Sam+Loud")
        unrelated_results = other.inner_text("main")
        direct = other.goto(live_server.url + reverse("asb:notice_detail", kwargs={"pk": notice.pk}))
        browser.close()

    assert existing.reference in offered and "Similar open cases" in offered
    assert "Olive Owned (OWN" in found and "1 found" in found
    assert "Sam Loud" in case_text and "Music at 3am" in case_text and "High" in case_text
    assert "Community Protection Warning" in letter and "No amplified music after 11pm" in letter
    assert "Record the breach first" in refused
    assert "Fixed penalty notice (s.52)" in notice_text and "£100" in notice_text and "Breached" in notice_text
    assert notice.reference in results and "Information-sharing agreement" in results
    assert "Sam Loud" in partner_view and "Why can I see this?" in partner_view
    assert "0 found" in unrelated_results and notice.reference not in unrelated_results
    assert direct.status == 404
    assert case_url.endswith(f"/asb/cases/{notice.case_id}/")
    assert not j.problems and not jp.problems, {**j.problems, **jp.problems}
