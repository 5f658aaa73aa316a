"""Did it work? on an assessment's data: the areas are priority areas, the counts come from the
assessment's police files, and a result whose interval holds no change is never shown as a success."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saferplaces.insights.models import AssessmentRun, RunStatus
from saferplaces.places.models import PriorityArea

HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
          "Last outcome category,Context\n")
TREATED, CONTROL, OTHER, FAR = (-0.15, 51.52), (-0.10, 51.52), (-0.05, 51.52), (0.00, 51.52)


def _square(lon, lat, half=0.005):
    ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half],
            [lon - half, lat - half]]
    return {"type": "Polygon", "coordinates": [ring]}


def _run(name, per_month, missing=()):
    """A finished run whose police files hold ``per_month``: month → {place: crimes}."""
    work_dir = Path(settings.VAR_DIR) / "evidence" / f"evaluate-{name}"
    for month, places in per_month.items():
        rows = [f"id-{month}-{i}-{n},{month},Met,Met,{lon},{lat},On or near X,E01000001,W 001A,Burglary,,\n"
                for i, ((lon, lat), count) in enumerate(places.items()) for n in range(count)]
        folder = work_dir / "inputs" / month
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{month}-metropolitan-street.csv").write_text(HEADER + "".join(rows))
    months = sorted(per_month)
    summary = {"first_month": months[0], "last_month": months[-1], "by_type": [["Burglary", 1], ["Robbery", 1]],
               "quality": {"missing_months": {"Metropolitan Police Service": list(missing)}}}
    return AssessmentRun.objects.create(title=name, work_dir=str(work_dir), status=RunStatus.FINISHED, summary=summary)


@pytest.fixture
def ask(client, world, areas, django_capture_on_commit_callbacks):
    """Post the form as the analyst; a valid form queues the test, which the immediate task backend runs
    on commit, and the page followed to is the test's own."""
    def post(run, **more):
        client.force_login(world.users["analyst"])
        query = {"run": run.pk, "treated": areas["Church Street"].pk, "control": areas["Queen's Park"].pk,
                 "start": "2018-03", "level": "0.9", **more}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("insights:evaluate"), {k: v for k, v in query.items() if v is not None})
        if response.status_code == 302:  # stored and run: its page
            response = client.get(response["Location"])
        return response.content.decode()
    return post


def test_a_clear_fall_counted_from_the_data_is_shown_as_a_success(client, world, areas, ask):
    run = _run("fall", {"2018-01": {TREATED: 60, CONTROL: 50}, "2018-02": {TREATED: 60, CONTROL: 50},
                        "2018-03": {TREATED: 20, CONTROL: 50}, "2018-04": {TREATED: 20, CONTROL: 50, FAR: 7}})
    page = ask(run)
    # Treated 120 → 40, control 100 → 100: WDD −80, SE √360 = 19.0, 90% interval −80 ± 31.2.
    assert "Treated: Church Street" in page and "Control: Queen&#x27;s Park" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">120</td>' in page
    assert "7 crimes in the same months lie in none of the areas." in page
    assert "Crimes counted (2 months before and 2 months from 2018-03)" in page  # blank: to the data's edges
    assert "govuk-panel--confirmation" in page
    assert "Crime fell by 80 (90% CI 49 to 111) relative to the control area." in page
    assert "Net effect -80.0, 90% interval -111.2 to -48.8" in page


def test_a_change_that_could_be_chance_is_not_a_success_and_its_interval_agrees_in_sign(client, world, areas, ask):
    run = _run("unclear", {"2018-01": {TREATED: 30, CONTROL: 30}, "2018-02": {TREATED: 30, CONTROL: 30},
                           "2018-03": {TREATED: 25, CONTROL: 30}, "2018-04": {TREATED: 25, CONTROL: 30}})
    page = ask(run, level="0.95")
    # Treated 60 → 50, control 60 → 60: WDD −10, SE √230 = 15.2, 95% interval −39.7 to 19.7.
    assert "govuk-panel--confirmation" not in page
    assert "No clear change: crime fell by 10 relative to the control area, but the 95% interval runs from a fall " \
           "of 40 to a rise of 20, so this could be chance." in page
    assert "Net effect -10.0, 95% interval -39.7 to 19.7" in page


def test_displacement_areas_come_in_pairs_and_each_area_plays_one_role(client, world, areas, ask):
    run = _run("pairs", {"2018-01": {TREATED: 3}, "2018-02": {TREATED: 3}, "2018-03": {TREATED: 3}})
    page = ask(run, displacement=areas["Edgware Road"].pk)
    assert "Choose both a displacement area and its control area, or neither" in page
    page = ask(run, control=areas["Church Street"].pk)
    assert "Choose a different priority area for each role" in page
    page = ask(run, control=None)
    assert "Choose the control area or upload its boundary" in page


def test_periods_must_lie_inside_the_data_and_avoid_missing_months(client, world, areas, ask):
    run = _run("gaps", {m: {TREATED: 5, CONTROL: 5} for m in ("2018-01", "2018-02", "2018-03", "2018-04")},
               missing=["2018-02"])
    page = ask(run, before=4)
    assert ("The periods run from 2017-11 to 2018-04, beyond the assessment&#x27;s data: its data runs from 2018-01 "
            "to 2018-04") in page
    page = ask(run)
    assert ("Police.uk has no data from Metropolitan Police Service for 2018-02, inside the periods: the counts "
            "would be short") in page
    assert "Crime fell" not in page and "Crime rose" not in page
    page = ask(run, start="2018-13")
    assert "Enter a real month, for example 2018-04" in page
    AssessmentRun.objects.filter(pk=run.pk).update(summary=None)  # a run finished before summaries were kept
    page = ask(run)
    assert "This assessment&#x27;s months are not recorded: run the assessment again" in page


def test_the_page_starts_with_the_run_chosen_from_its_page(client, world, areas, ask):  # a link: GET
    run = _run("chosen", {"2018-01": {TREATED: 1}, "2018-02": {TREATED: 1}})
    client.force_login(world.users["analyst"])
    page = client.get(reverse("insights:evaluate"), {"run": run.pk}).content.decode()
    assert f'<option value="{run.pk}" selected>' in page and "There is a problem" not in page
    assert "Church Street" in page  # the priority areas are the choices


def test_one_crime_type_is_counted_on_its_own(client, world, areas, ask):
    run = _run("types", {m: {TREATED: 5, CONTROL: 5} for m in ("2018-01", "2018-02", "2018-03", "2018-04")})
    page = ask(run, crime_type="Robbery")
    assert "No events of type Robbery" in page  # the engine's reason, in the page's words
    page = ask(run, crime_type="Burglary")
    assert "Crimes counted (2 months before and 2 months from 2018-03)" in page
    page = ask(run, crime_type="Shoplifting")
    assert "Choose one of the crime types offered" in page


def _geojson(name, lon, lat):
    return SimpleUploadedFile(name, json.dumps(_square(lon, lat)).encode())


def test_an_area_can_be_a_boundary_uploaded_for_this_test_only(client, world, areas, ask):
    run = _run("uploaded", {"2018-01": {TREATED: 60, CONTROL: 50, OTHER: 9, FAR: 4},
                            "2018-02": {TREATED: 60, CONTROL: 50, OTHER: 9, FAR: 4},
                            "2018-03": {TREATED: 20, CONTROL: 50, OTHER: 12, FAR: 4},
                            "2018-04": {TREATED: 20, CONTROL: 50, OTHER: 12, FAR: 4}})
    page = ask(run, displacement_file=_geojson("buffer.geojson", *OTHER),
                displacement_control_file=_geojson("far.geojson", *FAR))
    assert "Displacement: buffer.geojson" in page and "Displacement control: far.geojson" in page
    # Displacement 18 → 24 against 8 → 8: +6 moved next door, beside the treated area's −80.
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">6.0</td>' in page
    assert "Net effect -74.0" in page and "counting the displacement area" in page
    assert PriorityArea.objects.count() == 4  # nothing stored


def test_an_uploaded_boundary_is_checked_and_a_role_takes_one_area(client, world, areas, ask):
    run = _run("checked", {m: {TREATED: 5, CONTROL: 5} for m in ("2018-01", "2018-02", "2018-03")})
    page = ask(run, control_file=_geojson("queens-park.geojson", *CONTROL))
    assert "Choose a priority area or upload a boundary for the control area, not both" in page
    page = ask(run, control=None,
                control_file=SimpleUploadedFile("qp.geojson", b'{"type": "Point", "coordinates": [0, 51]}'))
    assert "qp.geojson: Feature 1: a Point is not an area" in page
