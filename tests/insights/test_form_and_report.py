"""The upload form says what each file is for and what the report goes without; the report opens in
the app (header, back link) and as a file, and both are logged."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saferplaces.audit.models import AccessEvent
from saferplaces.insights.models import AssessmentRun
from tests.access_table import assessment

HEADER = (b"Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
          b"Last outcome category,Context\n")


def _hint(page: str, field: str) -> str:
    start = page.index(f'id="id_{field}-hint"')
    return page[start:page.index("</div>", start)]


def test_each_file_says_what_it_is_for_and_what_is_lost_without_it(client, world):
    client.force_login(world.users["analyst"])
    page = client.get(reverse("insights:create")).content.decode()
    assert "Every figure in the report comes from these" in _hint(page, "police_files")
    assert "draw the maps" in _hint(page, "boundary_files") and "no maps" in _hint(page, "boundary_files")
    assert "ward figures" in _hint(page, "lookup_file") and "LSOA figures only" in _hint(page, "lookup_file")
    assert "Vulnerable Localities Index" in _hint(page, "deprivation_files")
    assert "Without it there is no index" in _hint(page, "population_files")
    assert "no near-repeat analysis" in _hint(page, "events_file")


def test_the_geography_uploads_are_kept_together_for_the_engine(client, world):
    client.force_login(world.users["analyst"])
    response = client.post(reverse("insights:create"), {
        "title": "Files", "police_files": SimpleUploadedFile("2018-01-street.csv", HEADER),
        "boundary_files": [SimpleUploadedFile("wards.geojson", b"{}"), SimpleUploadedFile("lsoas.json", b"{}")],
        "lookup_file": SimpleUploadedFile("lookup.csv", b"LSOA11CD,WD19CD\n"),
        "deprivation_files": SimpleUploadedFile("iod.csv", b"x\n"),
        "population_files": SimpleUploadedFile("ages.csv", b"x\n")})
    assert response.status_code == 302
    folder = Path(AssessmentRun.objects.get().work_dir) / "geography"
    assert sorted(p.name for p in folder.iterdir()) == ["ages.csv", "iod.csv", "lookup.csv", "lsoas.json",
                                                        "wards.geojson"]


def test_a_file_of_the_wrong_kind_is_refused_at_its_field(client, world):
    client.force_login(world.users["analyst"])
    page = client.post(reverse("insights:create"), {
        "title": "Files", "police_files": SimpleUploadedFile("2018-01-street.csv", HEADER),
        "boundary_files": SimpleUploadedFile("wards.shp", b"x"),
        "lookup_file": SimpleUploadedFile("lookup.xlsx", b"x")}).content.decode()
    assert "wards.shp: each boundary file must be a GeoJSON file (.geojson or .json)" in page
    assert "lookup.xlsx: the lookup must be a CSV file" in page
    assert not AssessmentRun.objects.exists()


def test_the_report_opens_inside_the_app_and_as_a_file_and_both_are_logged(client, world):
    analyst = world.users["analyst"]
    client.force_login(analyst)
    pk = assessment(world, "own")["pk"]
    page = client.get(reverse("insights:report_page", args=[pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'class="moj-header"' in text  # the service's header
    assert 'class="govuk-back-link">Back to Route test' in text and reverse("insights:detail", args=[pk]) in text
    assert f'<iframe class="app-report-frame" src="{reverse("insights:report", args=[pk])}"' in text
    assert "sandbox" in text  # no script may run in the framed report
    framed = client.get(reverse("insights:report", args=[pk]))
    assert "frame-ancestors 'self'" in framed["Content-Security-Policy"] and framed["X-Frame-Options"] == "SAMEORIGIN"
    download = client.get(reverse("insights:report", args=[pk]), {"download": 1})
    assert download["Content-Disposition"] == f'attachment; filename="strategic-assessment-{pk}.html"'
    assert b"<h1>Report</h1>" in b"".join(download.streaming_content)
    events = AccessEvent.objects.filter(actor=analyst, record_type="insights.assessmentrun", record_id=str(pk))
    assert sorted(events.values_list("action", flat=True)) == ["export", "view"]  # the framed file is not a read


def test_the_finished_page_offers_the_report_in_the_app_and_as_a_file(client, world):
    client.force_login(world.users["analyst"])
    pk = assessment(world, "own")["pk"]
    page = client.get(reverse("insights:detail", args=[pk])).content.decode()
    assert reverse("insights:report_page", args=[pk]) in page
    assert reverse("insights:report", args=[pk]) + "?download=1" in page
