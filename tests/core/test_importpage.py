"""The upload page every CSV import shares, shown for a fake import of auth groups."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from saferplaces.core import csvimport, importpage
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.import_urls")]
URL = "/test-import/"


def upload(client, data: bytes):
    client.force_login(UserFactory())
    return client.post(URL, {"file": SimpleUploadedFile("g.csv", data, content_type="text/csv")}, follow=True)


def test_the_page_shows_its_title_columns_and_codes(client):
    client.force_login(UserFactory())
    html = client.get(URL).content.decode()
    assert "<h1 class=\"govuk-heading-xl\">Import groups</h1>" in html
    assert "CSV file of groups" in html and "Columns: name, note" in html
    assert "<code>name</code>, <code>note</code>." in html
    assert "Colours: <code>red</code>, <code>blue</code>." in html


def test_every_rejected_row_is_listed_with_its_line_and_nothing_is_saved(client):
    html = upload(client, b"name,note\nBlue,\n,x\n,y\n").content.decode()
    assert "Nothing was imported: 2 problems" in html
    assert html.count("name is empty") == 2
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">4</td>' in html
    assert not Group.objects.exists()


def test_a_good_file_is_saved_and_the_page_says_how_many_records_were_imported(client):
    response = upload(client, "\ufeffname\nBlue\nGreen\n".encode())
    assert response.redirect_chain == [(URL, 302)]
    html = response.content.decode()
    assert "2 groups imported" in html and "new person records" not in html
    assert "Rejected rows" not in html
    assert sorted(Group.objects.values_list("name", flat=True)) == ["Blue", "Green"]


def test_a_file_that_is_not_utf8_is_refused_by_the_form(client):
    html = upload(client, "name\nZoë\n".encode("cp1252")).content.decode()
    assert "The file must be UTF-8 text (save it as CSV UTF-8)" in html
    assert not Group.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(client, monkeypatch):
    monkeypatch.setattr(importpage, "MAX_MEGABYTES", 0)
    html = upload(client, b"name\nBlue\n").content.decode()
    assert "The file must be smaller than 0 MB" in html
    assert not Group.objects.exists()


def test_no_file_asks_for_one(client):
    client.force_login(UserFactory())
    assert "Choose a CSV or Excel file" in client.post(URL, {}).content.decode()


def test_the_message_counts_new_people_for_imports_that_record_them():
    one = csvimport.ImportResult(imported=1, people_created=0)
    assert importpage._summary(one, "victimisation") == "1 victimisation imported (0 new person records)"
    assert importpage._summary(csvimport.ImportResult(imported=3), "group") == "3 groups imported"
