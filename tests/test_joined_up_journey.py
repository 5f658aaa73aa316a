"""One case worked by two agencies, in headless Chromium (issue 12's journey).

A council caseworker opens an ASB case, finds the police's person record of the victim by search and
links it, records two complaints and tasks a police officer. The officer sees the notification and
the task on My work, opens the case without being asked why (the task is the reason), adds a note
and records the third complaint: the victim is now on the repeat-victim register, with the rule and
its source. Each agency then reads the victim's chronology: the case, the complaints and the note
in both, and each agency's own victim record only in its own. Every page on the way passes axe-core.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.urls import reverse

from saferplaces.asb.models import AsbCase, Task
from saferplaces.notifications.models import Notification
from saferplaces.victims.models import Victimisation
from tests.browser import CHROMIUM_ARGS, axe_violations, chromium_path, sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class Tab:
    """One signed-in browser page, collecting the axe violations of every page it checks."""

    def __init__(self, page, base, problems):
        self.page, self.base, self.problems = page, base, problems

    def go(self, url, label):
        self.page.goto(self.base + url)
        self.page.wait_for_load_state()
        self.check(label)

    def check(self, label):
        found = axe_violations(self.page)
        if found:
            self.problems[label] = found

    def submit(self, label):
        # The page's own form, not the person search or the header's forms.
        self.page.click("main form:not(.app-person-search) button[type=submit]")
        self.page.wait_for_load_state()
        self.check(label)

    def follow(self, link_text, label):
        self.page.click(f"main a:has-text('{link_text}')")
        self.page.wait_for_load_state()
        self.check(label)

    def asked_why(self) -> bool:
        return self.page.locator("input[name=justification-form]").count() > 0

    def justify(self, label):
        self.page.check("#id_reason_0")
        self.submit(label)

    def text(self) -> str:
        return self.page.inner_text("main")


def _complaint(tab, day: dt.date, what: str, label: str):
    tab.follow("Record an incident", label)
    tab.page.fill("#id_occurred_on", day.isoformat())
    tab.page.fill("#id_occurred_time", "22:30")
    tab.page.fill("#id_location", "Demo Court")
    tab.page.select_option("#id_kind", "noise")
    tab.page.fill("#id_description", what)
    tab.submit(f"{label}: saved")


def test_one_case_two_agencies_one_story(live_server, world, transactional_db):
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    council, police = world.own, world.partner
    caseworker = world.users["caseworker"]
    officer = UserFactory(username="officer.police", agency=police, role="caseworker")
    victim = world.people["agreement"]  # the police's record of Parker Shared, seen by the council by agreement
    today = dt.date.today()
    # Each agency has recorded Parker as a victim once; neither shares victim records with the other.
    Victimisation.objects.create(owner_agency=council, person=victim, kind="theft",
                                 occurred_on=today - dt.timedelta(40), reference="COUNCIL-THEFT-1")
    Victimisation.objects.create(owner_agency=police, person=victim, kind="robbery",
                                 occurred_on=today - dt.timedelta(50), reference="POLICE-ROBBERY-1")
    problems: dict = {}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        c = Tab(browser.new_page(), live_server.url, problems)
        sign_in(c.page, live_server.url, caseworker.username, PASSWORD)
        c.check("council: My work")
        council_home = c.text()

        # Open the case; the complainant typed in becomes a council person record.
        c.go(reverse("asb:case_create"), "council: open a case")
        c.page.fill("#id_title", "Noise at Demo Court")
        c.page.fill("#id_location", "Demo Court")
        c.page.check("#id_role_0")  # complainant
        c.page.fill("#id_name", "Mo Quiet")
        c.submit("council: case opened")
        asked_on_own_case = c.asked_why()
        case = AsbCase.objects.get(title="Noise at Demo Court")

        # The victim: the police's person record, found by search and linked.
        c.follow("Add a party", "council: add a party")
        c.page.fill("#id_person_q", "Parker Shared")
        c.page.check("#id_reason_0")
        c.page.click("form.app-person-search button[type=submit]")
        c.page.wait_for_load_state()
        c.check("council: person search results")
        c.page.check(f"input[name=person][value='{victim.pk}']")
        c.page.check("#id_role_1")  # victim
        c.submit("council: victim linked")

        _complaint(c, today - dt.timedelta(days=20), "Music through the wall until 2am", "council: first complaint")
        _complaint(c, today - dt.timedelta(days=10), "Music again, shouting on the stairs", "council: second complaint")

        # Not yet on the register: two complaints.
        c.go(reverse("victims:register") + "?reason=casework", "council: register before")
        register_before = c.text()

        # Task the police officer.
        c.go(reverse("asb:case_detail", kwargs={"pk": case.pk}), "council: back to the case")
        c.follow("Add a task", "council: add a task")
        c.page.fill("#id_title", "Visit the address with the council's noise officer")
        c.page.select_option("#id_assigned_agency", str(police.pk))
        c.page.select_option("#id_assigned_to", str(officer.pk))
        c.page.fill("#id_due_on", (today + dt.timedelta(days=7)).isoformat())
        c.submit("council: task set")

        # The police officer hears of it, finds it on My work and works the case.
        p = Tab(browser.new_page(), live_server.url, problems)
        sign_in(p.page, live_server.url, officer.username, PASSWORD)
        p.check("police: My work")
        unread = p.page.inner_text("#unread-count")
        police_home = p.text()
        p.go(reverse("notifications:inbox"), "police: inbox")
        inbox = p.text()
        p.go(reverse("work:my_work"), "police: My work again")
        p.follow(case.reference, "police: the case")
        asked_on_task_case = p.asked_why()
        p.follow("Add a note", "police: add a note")
        p.page.check("input[name=contact_type][value=visit]")
        p.page.fill("#id_contact_on", today.isoformat())
        p.page.fill("#id_text", "Visited with the noise officer: music audible from the landing")
        p.submit("police: note added")
        _complaint(p, today - dt.timedelta(days=1), "Music at 1am, neighbours awake", "police: third complaint")

        # The third complaint puts Parker on the register, with the rule and its source.
        c.go(reverse("victims:register") + "?reason=casework", "council: register after")
        register_after = c.text()

        # One chronology, each agency only what it may see.
        c.go(reverse("people:detail", kwargs={"pk": victim.pk}), "council: person page")
        if c.asked_why():
            c.justify("council: person page after the reason")
        council_story = c.page.inner_text("table.app-chronology")
        p.go(reverse("people:detail", kwargs={"pk": victim.pk}), "police: person page")
        if p.asked_why():
            p.justify("police: person page after the reason")
        police_story = p.page.inner_text("table.app-chronology")
        browser.close()

    task = Task.objects.get(case=case)
    assert "My work" in council_home and "My work" in police_home
    assert not asked_on_own_case, "the caseworker who opened the case was asked why they view it"
    assert case.parties.filter(person=victim, role="victim").exists()
    assert case.parties.get(role="complainant").person.owner_agency == council  # typed in: a person record
    assert "Parker Shared" not in register_before
    assert unread.strip() == "1"
    assert case.reference in inbox and "Parker" not in inbox  # references and dates, never names
    assert Notification.objects.filter(recipient=officer).count() == 1
    assert task.title in police_home
    assert not asked_on_task_case, "the tasked officer was asked why they view the case they were tasked on"
    assert "Parker Shared" in register_after
    assert "3 anti-social behaviour reports in the 6 months" in register_after
    assert f"ASB case {case.reference}: 3 complaints" in register_after
    for story in (council_story, police_story):
        assert case.reference in story
        assert story.count("ASB complaint") == 3
        assert "music audible from the landing" in story
    assert "COUNCIL-THEFT-1" in council_story and "POLICE-ROBBERY-1" not in council_story
    assert "POLICE-ROBBERY-1" in police_story and "COUNCIL-THEFT-1" not in police_story
    assert not problems, problems
