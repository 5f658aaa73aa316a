"""A subject access request in headless Chromium (issue 17's journey).

The council's DPO records a request from Maria Kowalska, finds her among the council's person records;
person linkage joins the police's record of her, so the police's DPO is asked for theirs. The DPO
redacts the neighbour named in the council's ASB case and its note, downloads the package (PDF and
JSON, the neighbour's name in neither) and reads each step in the access log. Every page passes axe-core.
"""

from __future__ import annotations

import json
import os

import pytest
from django.urls import reverse

from saferplaces.notifications.models import Notification
from saferplaces.rights.models import SubjectAccessRequest
from tests.browser import CHROMIUM_ARGS, axe_violations, chromium_path, sign_in
from tests.factories import PASSWORD
from tests.rights.builders import subject_world

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_dpo_answers_a_subject_access_request_across_two_agencies(live_server, transactional_db):
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    s = subject_world()
    problems: dict = {}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()

        def check(label):
            page.wait_for_load_state()
            found = axe_violations(page)
            if found:
                problems[label] = found

        def submit(label):
            page.click("main form button[type=submit]")
            check(label)

        sign_in(page, live_server.url, s.dpo.username, PASSWORD)
        page.goto(live_server.url + reverse("rights:index"))
        check("rights home")
        page.click("main a:has-text('Record a subject access request')")
        check("new request")
        page.fill("#id_forename", "Maria")
        page.fill("#id_surname", "Kowalska")
        page.fill("#id_date_of_birth", "1978-11-02")
        page.fill("#id_received_on", "2025-09-03")
        page.check("#id_identity_checked")
        submit("request recorded")
        sar = SubjectAccessRequest.objects.get()
        assert "due by Friday 3 October 2025" in page.inner_text("main") or "Overdue" in page.inner_text("main")

        # Find the subject: the council's record; linkage brings the police's.
        page.click("main button:has-text('This is the subject')")
        check("subject found")
        main = page.inner_text("main")
        assert f"Person {s.person.pk}" in main and f"Asb case {s.case.pk}" in main
        assert "Metropolitan Police" in main and "Waiting for the partner" in main
        assert Notification.objects.filter(recipient=s.police_dpo).count() == 1
        assert "Decide on 1 piece of third-party information" in main

        # Redact the neighbour.
        page.click("main a:has-text('Decide')")
        check("redaction")
        page.check("#id_decision_0")
        page.fill("#id_reason", "The neighbour's name is third-party data (DPA 2018 Sch. 2 para 16)")
        submit("redaction decided")

        with page.expect_download() as pdf:
            page.click("main a:has-text('Download the package (PDF)')")
        with open(pdf.value.path(), "rb") as f:
            pdf_bytes = f.read()
        with page.expect_download() as data:
            page.click("main a:has-text('(JSON, machine-readable)')")
        with open(data.value.path(), encoding="utf-8") as f:
            package = json.load(f)
        assert pdf_bytes.startswith(b"%PDF") and b"Derek" not in pdf_bytes
        assert "Derek" not in json.dumps(package)
        assert package["reference"] == sar.reference and len(package["records"]) == 2

        # The access log shows each step.
        page.goto(live_server.url + reverse("audit:events") + "?record_type=rights.subjectaccessrequest")
        check("access log")
        log = page.inner_text("main")
        browser.close()

    for step in ["request recorded", "own agency's records searched for the subject", "subject found",
                 "third-party information redacted", "package downloaded (PDF)", "package downloaded (JSON)"]:
        assert f"{sar.reference}: {step}" in log, step
    assert not problems, problems
