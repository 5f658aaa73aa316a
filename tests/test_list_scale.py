"""Lists that scale: the busiest lists are read one page at a time, whatever the table's size.

Each list is opened over a few dozen records, then over 100,000 more (made with ``bulk_create``,
which skips the change history: these are rows to page through, not casework). The page must make
the same number of queries both times, and every query reading the listed table must carry a
``LIMIT``: no query fetches or counts the whole table.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.asb.models import AsbCase
from saferplaces.core.listing import COUNT_CAP
from saferplaces.people.models import Person
from tests.factories import AgencyFactory, UserFactory

BIG = 100_000
SMALL = 60  # more than one page, so the small list counts its rows too


def _open(client, url, params, table) -> tuple[int, list[str], str, float]:
    client.get(url, params)  # warm the process-wide caches (content types, templates)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    took = time.perf_counter() - started
    assert response.status_code == 200
    reads = [q["sql"] for q in queries.captured_queries
             if q["sql"].lstrip().upper().startswith("SELECT") and re.search(rf'FROM "?{table}"?\b', q["sql"])]
    return len(queries), reads, response.content.decode(), took


def _unbounded(reads: list[str]) -> list[str]:
    return [sql for sql in reads if "LIMIT" not in sql.upper()]


def _grow(model, n):
    """Add ``n`` copies of the table's existing rows (new ids) with ``INSERT ... SELECT``: 100,000 rows
    in well under a second, where ``bulk_create`` compiles every row in Python (a minute on a busy
    machine). The columns come from the model, so a field added later is copied too."""
    columns = ", ".join(connection.ops.quote_name(f.column) for f in model._meta.concrete_fields
                        if not f.primary_key)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        while n > 0:
            have = model.objects.count()
            cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table} "  # noqa: S608 - names from the model
                           f"ORDER BY {connection.ops.quote_name(model._meta.pk.column)} LIMIT %s", [min(n, have)])
            n -= min(n, have)


def _cases(agency, lead, n):
    AsbCase.objects.bulk_create(
        [AsbCase(owner_agency=agency, lead_officer=lead, title=f"Noise {i}", location="Demo Court",
                 opened_on=dt.date(2026, 1, 1) + dt.timedelta(days=i % 300)) for i in range(n)])


def _people(agency, n):
    Person.objects.bulk_create([Person(owner_agency=agency, forename=f"Alex{i}", surname="Smith") for i in range(n)])


@pytest.mark.slow
@pytest.mark.django_db
def test_the_case_list_and_the_people_list_read_one_page_of_100000_records(client):
    agency = AgencyFactory()
    viewer = UserFactory(agency=agency, role=Role.MANAGER)
    client.force_login(viewer)
    cases_url, cases_params = reverse("asb:case_list"), {"page": "2"}
    people_url, people_params = reverse("people:list"), {"q": "smith", "reason": "casework", "page": "2"}
    _cases(agency, viewer, SMALL)
    _people(agency, SMALL)
    small_cases, _, _, _ = _open(client, cases_url, cases_params, "asb_asbcase")
    small_people, _, _, _ = _open(client, people_url, people_params, "people_person")

    _grow(AsbCase, BIG)
    _grow(Person, BIG)
    assert AsbCase.objects.count() == Person.objects.count() == SMALL + BIG
    big_cases, case_reads, html, case_took = _open(client, cases_url, cases_params, "asb_asbcase")
    assert big_cases == small_cases, "the case list's queries must not grow with the table"
    assert case_reads and not _unbounded(case_reads), _unbounded(case_reads)
    assert f"More than {COUNT_CAP:,} cases" in html and "Page 2" in html
    assert html.count('<tr class="govuk-table__row">') == 1 + 50  # the header row and one page

    big_people, people_reads, html, people_took = _open(client, people_url, people_params, "people_person")
    assert big_people == small_people, "the people list's queries must not grow with the table"
    assert people_reads and not _unbounded(people_reads), _unbounded(people_reads)
    assert f"More than {COUNT_CAP:,} found" in html
    # Generous: a page over 100,000 rows is read through an index, not by sorting the table.
    assert case_took < 5 and people_took < 5, (case_took, people_took)
