"""The evidence pages in headless Chromium with the content security policy enforced: a running
assessment's stage updates in place and the finished page replaces it; the report opens inside the
app; "Did it work?" counts an assessment's crimes in priority areas in the background and its page
shows progress, then the result. axe-core checks each page."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse
from django.utils import timezone

from saferplaces.insights.models import AssessmentRun, Evaluation, RunStatus
from tests.access_table import assessment
from tests.browser import CHROMIUM_ARGS, axe_violations, chromium_path, sign_in
from tests.factories import PASSWORD
from tests.insights.test_evaluate_data import CONTROL, TREATED, _run, _square

pytestmark = [pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _watch_policy(page, refused, errors):
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: errors.append(str(error)))


def test_a_running_assessment_shows_each_new_stage_then_its_report(live_server, world, transactional_db):
    executable = chromium_path()
    from playwright.sync_api import expect, sync_playwright

    with_report = AssessmentRun.objects.get(**assessment(world, "own"))  # its report file serves the run below
    run = AssessmentRun.objects.create(title="Westminster 2016", work_dir=with_report.work_dir,
                                       status=RunStatus.RUNNING, started_at=timezone.now(), stage="reading")
    failures, refused, errors = {}, [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        _watch_policy(page, refused, errors)
        sign_in(page, live_server.url, world.users["analyst"].username, PASSWORD)
        page.goto(live_server.url + reverse("insights:detail", args=[run.pk]))
        stage = page.locator("#run-stage")
        expect(stage).to_contain_text("Reading the files")
        failures["running"] = axe_violations(page)

        # The engine reaches the hot spots: the live region says so without the page being reloaded.
        page.evaluate("window.notReloaded = true")
        AssessmentRun.objects.filter(pk=run.pk).update(stage="hot spots", progress=0.5)
        expect(stage).to_contain_text("Finding hot spots", timeout=15_000)
        expect(stage).to_contain_text("About 50% done")
        expect(page.locator("#run-estimate")).to_contain_text("Time left:")
        assert page.evaluate("window.notReloaded") is True

        # Finished: the page loads whole, with the report's buttons, and focus moves to the outcome.
        AssessmentRun.objects.filter(pk=run.pk).update(status=RunStatus.FINISHED, finished_at=timezone.now())
        expect(page.get_by_role("link", name="Open the report")).to_be_visible(timeout=15_000)
        expect(page.locator("#run-outcome")).to_be_focused()
        page.get_by_role("link", name="Open the report").click()
        page.wait_for_load_state()
        assert page.url.endswith(reverse("insights:report_page", args=[run.pk]))
        expect(page.frame_locator("iframe.app-report-frame").locator("h1")).to_have_text("Report")
        expect(page.locator(".moj-header")).to_be_visible()
        failures["report in the app"] = axe_violations(page)
        page.get_by_role("link", name="Back to Westminster 2016").click()
        page.wait_for_load_state()
        assert page.url.endswith(reverse("insights:detail", args=[run.pk]))
        browser.close()
    assert {name: problems for name, problems in failures.items() if problems} == {}
    assert not refused, refused
    assert not errors, errors


def test_did_it_work_counts_the_assessments_crimes_in_priority_areas(live_server, world, transactional_db):
    executable = chromium_path()
    from playwright.sync_api import expect, sync_playwright

    from saferplaces.places.models import PriorityArea

    PriorityArea.objects.create(name="Church Street", geometry=_square(*TREATED))
    PriorityArea.objects.create(name="Queens Park", geometry=_square(*CONTROL))
    run = _run("browser", {"2018-01": {TREATED: 30, CONTROL: 30}, "2018-02": {TREATED: 30, CONTROL: 30},
                           "2018-03": {TREATED: 25, CONTROL: 30}, "2018-04": {TREATED: 25, CONTROL: 30}})
    failures, refused, errors = {}, [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        _watch_policy(page, refused, errors)
        sign_in(page, live_server.url, world.users["analyst"].username, PASSWORD)
        page.goto(live_server.url + reverse("insights:evaluate"))
        page.select_option("#id_run", label=run.title)
        page.select_option("#id_treated", label="Church Street")
        page.select_option("#id_control", label="Church Street")
        page.fill("#id_start", "2018-03")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a different priority area for each role")
        failures["form with errors"] = axe_violations(page)

        page.select_option("#id_control", label="Queens Park")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        # Stored and run in the background (the immediate task backend here): its own page shows the result.
        evaluation = Evaluation.objects.get()
        assert page.url.endswith(reverse("insights:evaluation", args=[evaluation.pk]))
        verdict = page.locator("#verdict")
        expect(verdict).to_contain_text("No clear change: crime fell by 10 relative to the control area")
        expect(verdict).to_contain_text("from a fall of 35 to a rise of 15")  # 90%: −10 ± 1.645 × √230 = ±24.9
        assert page.locator(".govuk-panel--confirmation").count() == 0  # not dressed as a success
        expect(page.get_by_role("table").first).to_contain_text("Treated: Church Street")
        failures["result"] = axe_violations(page)

        # A test still running: its page says so and keeps itself current until the result is there.
        running = Evaluation.objects.create(run=run, created_by=world.users["analyst"], areas=evaluation.areas,
                                            start="2018-03", before=2, after=2, level=0.9,
                                            status=RunStatus.RUNNING, started_at=timezone.now())
        page.goto(live_server.url + reverse("insights:evaluation", args=[running.pk]))
        expect(page.locator("#run-stage")).to_contain_text("Counting the crimes in the areas")
        failures["running"] = axe_violations(page)
        Evaluation.objects.filter(pk=running.pk).update(status=RunStatus.FINISHED, finished_at=timezone.now(),
                                                        result=evaluation.result)
        expect(page.locator("#verdict")).to_contain_text("No clear change", timeout=15_000)
        expect(page.locator("#run-outcome")).to_be_focused()
        browser.close()
    assert {name: problems for name, problems in failures.items() if problems} == {}
    assert not refused, refused
    assert not errors, errors
