"""The maps in headless Chromium, as the tests' settings draw them (the plain view: no tiles): the
partnership map loads Leaflet under the content security policy and draws every layer, and the
place picker of a form fills the hidden point from a postcode and from a click; axe-core on both."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.urls import reverse

from saferplaces.asb import services as asb
from saferplaces.geo.models import Postcode
from saferplaces.places import services as places
from saferplaces.places.boundaries import Boundary
from tests.browser import CHROMIUM_ARGS, axe_violations, chromium_path, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SQUARE = {"type": "Polygon", "coordinates": [[[-0.18, 51.51], [-0.16, 51.51], [-0.16, 51.53], [-0.18, 51.53],
                                              [-0.18, 51.51]]]}


def test_the_map_and_the_picker_work_under_the_csp(live_server, world, transactional_db):
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    coordinator = world.users["coordinator"]
    places.priority_area_create(actor=coordinator, name="Church Street", description="",
                                boundary=Boundary(SQUARE, (), ()))
    meeting = places.tasking_meeting_create(actor=coordinator, title="Tasking", held_on=dt.date(2018, 2, 1))
    caseworker = world.users["caseworker"]
    asb.case_open(actor=caseworker, title="Noise on the stairs", location="Demo Court", latitude=51.52,
                  longitude=-0.17)
    Postcode.objects.create(postcode="NW8 8EY", latitude=51.5255, longitude=-0.1705, is_sample=True)
    failures, console = {}, []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
        sign_in(page, live_server.url, caseworker.username, PASSWORD)
        page.goto(live_server.url + reverse("maps:map") + "?reason=casework")
        page.wait_for_selector(".leaflet-container path.leaflet-interactive")
        # The area, and the case's marker, drawn as SVG; no tiles in the plain view.
        assert page.locator(".leaflet-container path.leaflet-interactive").count() == 2
        assert page.locator(".leaflet-tile").count() == 0
        assert "Noise on the stairs" in page.locator("main").inner_text()
        failures["map"] = axe_violations(page)

        page = browser.new_page()  # a fresh session for the coordinator
        page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
        sign_in(page, live_server.url, coordinator.username, PASSWORD)
        page.goto(live_server.url + reverse("places:action_create", args=[meeting.pk]))
        page.wait_for_selector(".app-map--picker.leaflet-container")
        page.fill("#id_postcode", "nw8 8ey")
        page.locator("#id_postcode").dispatch_event("change")
        page.wait_for_selector("#id_postcode-map-status:has-text('is marked')")
        assert page.input_value("#id_latitude") == "51.525500"
        assert "(a sample postcode)" in page.locator("#id_postcode-map-status").inner_text()
        page.locator(".app-map--picker").scroll_into_view_if_needed()  # a real pointer: move, press, release
        box = page.locator(".app-map--picker").bounding_box()
        # Well away from the centre, where the postcode's marker sits: a press on the marker is not a
        # click on the map.
        page.mouse.move(box["x"] + box["width"] / 4, box["y"] + box["height"] / 4)
        page.mouse.down()
        page.mouse.up()
        assert page.input_value("#id_latitude") != "51.525500"
        assert "you clicked" in page.locator("#id_postcode-map-status").inner_text()
        failures["picker"] = axe_violations(page)
        browser.close()
    assert not [text for text in console if "Content Security Policy" in text or "Refused" in text], console
    assert not any(failures.values()), failures
