"""The similar-person offer passes axe-core and its buttons do what they say, in headless Chromium."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from saferplaces.people.models import Person
from tests.browser import CHROMIUM_ARGS, axe_violations, chromium_path, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_the_similar_person_offer_passes_axe_and_uses_the_chosen_record(live_server, world, transactional_db):
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    olive = world.people["own"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        sign_in(page, live_server.url, world.users["caseworker"].username, PASSWORD)
        page.goto(live_server.url + reverse("people:create"))
        page.fill("#id_forename", "Olive")
        page.fill("#id_surname", "Owned")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        offered = page.inner_text("main")
        problems = axe_violations(page)
        page.click(f"button[name=use_person][value='{olive.pk}']")
        page.wait_for_load_state()
        url = page.url
        browser.close()
    assert "Similar person records" in offered and "None of these: record a new person" in offered
    assert not problems, problems
    assert url.endswith(reverse("people:detail", kwargs={"pk": olive.pk}))
    assert Person.objects.filter(surname="Owned").count() == 1
