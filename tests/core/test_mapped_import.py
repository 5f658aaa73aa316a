"""Mapped imports: CSV or Excel, a column mapping suggested, saved and reused, a preview listing every
problem by row from a dry run, and all-or-nothing application."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saferplaces.core import csvimport, importpage
from saferplaces.core.models import ColumnMapping
from saferplaces.victims.models import Victimisation
from tests.core import mapped_import_urls
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.mapped_import_urls")]
URL = "/test-mapped-import/"
PARTNER_HEADER = ["Ref", "Group Name", "Date Formed", "Officer"]
PARTNER_ROWS = [["A1", "Blue", "03/14/2025", "PC 1"], ["A2", "Green", "12/01/2024", "PC 2"]]


@pytest.fixture(autouse=True)
def staging(settings, tmp_path):
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    return settings.IMPORT_STAGING_DIR


@pytest.fixture
def user(client):
    user = UserFactory()
    client.force_login(user)
    return user


def csv_bytes(header, rows) -> bytes:
    return ("\n".join(",".join(row) for row in [header, *rows]) + "\n").encode()


def xlsx_bytes(header, rows, *, sheet="Sheet1", first_sheet=None) -> bytes:
    book = openpyxl.Workbook()
    if first_sheet:
        book.active.title = first_sheet
        book.active.append(["not", "this"])
        ws = book.create_sheet(sheet)
    else:
        ws = book.active
        ws.title = sheet
    for row in [header, *rows]:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data: bytes, name="export.csv", action="map", url=URL, **extra):
    return client.post(url, {"file": SimpleUploadedFile(name, data), "action": action, **extra})


def token_of(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def mapping_post(client, token, *, name="Group Name", formed="Date Formed", note="", date_format="%m/%d/%Y",
                 save_as="", url=URL):
    return client.post(url, {"step": "preview", "token": token, "c0": name, "c1": formed, "c2": note,
                             "date_format": date_format, "save_as": save_as})


def selected(html: str, field: str) -> str:
    select = re.search(rf'<select name="{field}".*?</select>', html, re.S).group(0)
    found = re.search(r'<option value="([^"]*)" selected>', select)
    return found.group(1) if found else ""


def test_the_mapping_is_suggested_from_names_applied_saved_and_reused(client, user):
    html = upload(client, csv_bytes(PARTNER_HEADER, PARTNER_ROWS)).content.decode()
    assert "Match the file's columns" in html
    # "Group Name" holds "name"; "Date Formed" holds neither "formed_on" nor is held in it; no "note".
    assert (selected(html, "c0"), selected(html, "c1"), selected(html, "c2")) == ("Group Name", "", "")
    token = token_of(html)

    html = mapping_post(client, token, save_as="partner export").content.decode()
    assert "Every row was checked: no problems. 2 groups will be imported" in html
    assert "<td class=\"govuk-table__cell\">2025-03-14</td>" not in html  # the preview shows the file's values
    assert "<td class=\"govuk-table__cell\">03/14/2025</td>" in html and "(file: Date Formed)" in html
    assert not Group.objects.exists()
    saved = ColumnMapping.objects.get()
    assert (saved.name, saved.import_key, saved.columns, saved.date_format, saved.agency, saved.created_by) == (
        "partner export", "test_mapped_import", {"Group Name": "name", "Date Formed": "formed_on"}, "%m/%d/%Y",
        user.agency, user)

    response = client.post(URL, {"step": "apply", "token": token}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "2 groups imported" in response.content.decode()
    assert sorted(Group.objects.values_list("name", flat=True)) == ["Blue 2025-03-14", "Green 2024-12-01"]

    # Next month's export: the saved mapping is offered, and imports in one step.
    html = client.get(URL).content.decode()
    assert f'<option value="{saved.pk}">partner export</option>' in html
    later = csv_bytes(PARTNER_HEADER, [["A3", "Red", "01/31/2026", "PC 3"]])
    response = client.post(URL, {"file": SimpleUploadedFile("march.csv", later), "mapping": saved.pk,
                                 "action": "import"}, follow=True)
    assert "1 group imported" in response.content.decode()
    assert Group.objects.filter(name="Red 2026-01-31").exists()
    # ... and chosen with "Match columns", the saved choices are the suggestions.
    html = client.post(URL, {"file": SimpleUploadedFile("m.csv", later), "mapping": saved.pk,
                             "action": "map"}).content.decode()
    assert (selected(html, "c0"), selected(html, "c1"), selected(html, "date_format")) == (
        "Group Name", "Date Formed", "%m/%d/%Y")


def test_another_agency_is_not_offered_the_mapping_and_a_name_is_saved_again_as_an_update(client, user):
    token = token_of(upload(client, csv_bytes(PARTNER_HEADER, PARTNER_ROWS)).content.decode())
    mapping_post(client, token, save_as="partner export")
    mapping_post(client, token, date_format="", save_as="partner export")
    assert ColumnMapping.objects.get().date_format == ""
    client.force_login(UserFactory())
    assert "partner export" not in client.get(URL).content.decode()


def test_excel_and_csv_give_the_same_rows_and_the_same_result():
    rows = [["Blue", dt.date(2025, 3, 14), 7], ["", "2025-02-30", 8.0], ["Green", dt.datetime(2024, 12, 1), None]]
    text_rows = [["Blue", "2025-03-14", "7"], ["", "2025-02-30", "8"], ["Green", "2024-12-01", ""]]
    header = ["name", "formed_on", "note"]
    results = []
    for name, data in (("g.xlsx", xlsx_bytes(header, rows)), ("g.csv", csv_bytes(header, text_rows))):
        table = csvimport.read_table(io.BytesIO(data), filename=name)
        with csvimport.dry_run():
            results.append(mapped_import_urls.run(table))
    excel, text = results
    assert excel == text
    assert excel.rejected == [(3, "name is empty"), (3, "formed_on: '2025-02-30' is not a date (use YYYY-MM-DD or "
                                                       "DD/MM/YYYY)")]
    assert excel.sample[0] == (2, {"name": "Blue", "formed_on": "2025-03-14", "note": "7"})


def test_an_excel_workbook_is_imported_from_the_sheet_named(client, user):
    data = xlsx_bytes(PARTNER_HEADER, [["A1", "Blue", dt.date(2025, 3, 14), "PC"]], sheet="Export", first_sheet="Notes")
    html = upload(client, data, name="export.xlsx", sheet="Export").content.decode()
    token = token_of(html)
    html = mapping_post(client, token, date_format="").content.decode()
    assert "1 group will be imported" in html
    client.post(URL, {"step": "apply", "token": token})
    assert list(Group.objects.values_list("name", flat=True)) == ["Blue 2025-03-14"]
    missing = upload(client, data, name="export.xlsx", sheet="Nope", action="import").content.decode()
    assert "The workbook has no sheet named &#x27;Nope&#x27; (its sheets: Notes, Export)" in missing


def test_the_preview_lists_every_problem_by_row_and_column_and_nothing_is_saved(client, user):
    rows = [["A1", "Blue", "03/14/2025", ""], ["A2", "", "14/03/2025", ""], ["A3", "Red", "", ""],
            ["A4", "", "02/30/2025", ""]]
    token = token_of(upload(client, csv_bytes(PARTNER_HEADER, rows)).content.decode())
    html = mapping_post(client, token).content.decode()
    assert "<title>Error: Import dated groups: preview" in html
    assert "Nothing can be imported: 5 problems" in html
    found = re.findall(r'<tr class="govuk-table__row"><td class="govuk-table__cell govuk-table__cell--numeric">(\d+)'
                       r'</td><td class="govuk-table__cell">([^<]*)</td><td class="govuk-table__cell">([^<]*)</td>',
                       html.split("as mapped")[0])
    assert found == [
        ("3", "name (file: Group Name)", "name is empty"),
        ("3", "formed_on (file: Date Formed)",
         "formed_on: &#x27;14/03/2025&#x27; is not a date (use YYYY-MM-DD or MM/DD/YYYY (American))"),
        ("4", "formed_on (file: Date Formed)", "formed_on is empty"),
        ("5", "name (file: Group Name)", "name is empty"),
        ("5", "formed_on (file: Date Formed)",
         "formed_on: &#x27;02/30/2025&#x27; is not a date (use YYYY-MM-DD or MM/DD/YYYY (American))"),
    ]
    assert 'value="apply"' not in html
    # Applying anyway (a stale page) checks again and saves nothing.
    html = client.post(URL, {"step": "apply", "token": token}).content.decode()
    assert "Nothing can be imported: 5 problems" in html
    assert not Group.objects.exists()


def test_a_dry_run_saves_nothing_not_even_what_the_service_writes_around_the_importer(client, user):
    url = "/test-mapped-import-writing/"
    token = token_of(upload(client, csv_bytes(PARTNER_HEADER, PARTNER_ROWS), url=url).content.decode())
    assert "2 groups will be imported" in mapping_post(client, token, url=url).content.decode()
    assert not Group.objects.exists()
    with csvimport.dry_run():
        result = mapped_import_urls.run("name,formed_on\nBlue,2025-01-02\n")
    assert (result.ok, result.dry_run, result.imported) == (True, True, 1)
    assert not Group.objects.exists()


def test_the_mapping_form_refuses_one_column_twice_and_no_column_at_all(client, user):
    token = token_of(upload(client, csv_bytes(PARTNER_HEADER, PARTNER_ROWS)).content.decode())
    html = mapping_post(client, token, name="Group Name", formed="Group Name").content.decode()
    assert "&#x27;Group Name&#x27; already gives name: choose another column" in html
    html = mapping_post(client, token, name="", formed="").content.decode()
    assert "Choose the file&#x27;s column for at least one of the import&#x27;s columns" in html
    html = mapping_post(client, token, name="Not a column").content.decode()
    assert "<title>Error: " in html and not Group.objects.exists()


def test_an_unknown_or_foreign_upload_token_is_refused(client, user):
    token = token_of(upload(client, csv_bytes(PARTNER_HEADER, PARTNER_ROWS)).content.decode())
    client.force_login(UserFactory())  # another session
    response = client.post(URL, {"step": "apply", "token": token}, follow=True)
    assert "That upload has expired: upload the file again" in response.content.decode()
    response = client.post(URL, {"step": "apply", "token": "../../etc/passwd"}, follow=True)
    assert "That upload has expired" in response.content.decode()
    assert not Group.objects.exists()


def test_the_staged_file_is_deleted_once_imported(client, user, staging):
    token = token_of(upload(client, csv_bytes(PARTNER_HEADER, PARTNER_ROWS)).content.decode())
    assert [p.name for p in staging.iterdir()] == [f"{token}.upload"]
    mapping_post(client, token)
    client.post(URL, {"step": "apply", "token": token})
    assert list(staging.iterdir()) == []


def test_the_row_limit_is_stated_for_excel_files_too(monkeypatch):
    monkeypatch.setattr(csvimport, "MAX_ROWS", 2)
    data = xlsx_bytes(["name", "formed_on"], [["a", "2025-01-01"]] * 3)
    result = csvimport.run_import(csvimport.read_table(io.BytesIO(data), filename="g.xlsx"),
                                  columns=["name", "formed_on"], required=[], check=lambda line, row: (row, []),
                                  create=lambda clean: None, max_rows=2)
    assert result.rejected == [(4, "more than 2 rows: split the file")]


def test_a_file_that_is_not_a_workbook_is_refused(client, user):
    html = upload(client, b"name\nBlue\n", name="g.xlsx").content.decode()
    assert "The file cannot be read as an Excel workbook (.xlsx)" in html
    html = upload(client, b"PK\x03\x04 broken", name="g.xlsx", action="import").content.decode()
    assert "The file cannot be read as an Excel workbook (.xlsx)" in html
    html = upload(client, b"x", name="g.xls").content.decode()
    assert "Save the workbook as Excel (.xlsx) or CSV UTF-8 first" in html


def test_suggestions_match_names_ignoring_case_and_punctuation():
    columns = ["person_reference", "occurred_on", "kind", "reference"]
    header = ["Person Reference", "Occurred On", "Crime type", "Crime reference"]
    assert importpage._suggest(header, columns, None) == {0: "Person Reference", 1: "Occurred On",
                                                          3: "Crime reference"}
    assert importpage.problem_column("kind 'x' is not one of: a", columns) == "kind"
    assert importpage.problem_column("reference R1 repeats line 2", columns) == "reference"
    assert importpage.problem_column("missing columns: kind", columns) == ""


@pytest.mark.urls("config.urls")
def test_a_real_register_takes_a_mapped_excel_export(client, user):
    """Victimisations from a police crime export in Excel, with no code of the victims app's own."""
    url = reverse("victims:import")
    header = ["Crime Ref", "Subject ID", "First", "Last", "Offence", "Date Committed"]
    rows = [["CR-1", "P-1", "Ann", "Example", "burglary", dt.date(2025, 5, 6)],
            ["CR-2", "P-1", "Ann", "Example", "theft", dt.date(2025, 6, 7)]]
    html = upload(client, xlsx_bytes(header, rows), name="crime.xlsx", url=url).content.decode()
    token = token_of(html)
    columns = ["person_reference", "forename", "surname", "date_of_birth", "postcode", "kind", "occurred_on",
               "reported_on", "reference", "summary"]
    mapping = {"person_reference": "Subject ID", "forename": "First", "surname": "Last", "kind": "Offence",
               "occurred_on": "Date Committed", "reference": "Crime Ref"}
    post = {"step": "preview", "token": token, "date_format": "", "save_as": "police crime export",
            **{f"c{i}": mapping.get(column, "") for i, column in enumerate(columns)}}
    html = client.post(url, post).content.decode()
    assert "2 victimisations will be imported" in html and not Victimisation.objects.exists()
    client.post(url, {"step": "apply", "token": token})
    assert sorted(Victimisation.objects.values_list("reference", "kind", "occurred_on")) == [
        ("CR-1", "burglary", dt.date(2025, 5, 6)), ("CR-2", "theft", dt.date(2025, 6, 7))]
    assert ColumnMapping.objects.get().import_key == "victims:import"


def test_the_saved_mappings_page_lists_the_agency_s_own_and_deletes_them(client, user):
    token = token_of(upload(client, csv_bytes(PARTNER_HEADER, PARTNER_ROWS)).content.decode())
    mapping_post(client, token, save_as="partner export")
    saved = ColumnMapping.objects.get()
    assert (saved.import_title, saved.import_path) == ("Import dated groups", URL)
    page = reverse("core:import_mappings")
    html = client.get(page).content.decode()
    assert "partner export" in html and f'<a class="govuk-link" href="{URL}">Import dated groups</a>' in html
    assert "<li>Date Formed → <code>formed_on</code></li><li>Group Name → <code>name</code></li>" in html
    assert "MM/DD/YYYY (American)" in html
    other = UserFactory()
    client.force_login(other)
    assert "partner export" not in client.get(page).content.decode()
    assert client.post(page, {"delete": saved.pk}).status_code == 404
    assert client.post(page, {"delete": "x"}).status_code == 404
    client.force_login(user)
    response = client.post(page, {"delete": saved.pk}, follow=True)
    assert "Column mapping &#x27;partner export&#x27; deleted" in response.content.decode()
    assert not ColumnMapping.objects.exists()


def test_a_file_with_other_column_names_is_pointed_to_the_mapping(client, user):
    html = upload(client, csv_bytes(PARTNER_HEADER, PARTNER_ROWS), action="import").content.decode()
    assert "Nothing was imported: 2 problems" in html  # missing columns, unknown columns
    assert "The file's columns are not named as this import's" in html
    assert not Group.objects.exists()
