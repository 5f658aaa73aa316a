"""Lists that scale (core.listing): whitelisted sorts with aria-sort, pages read with LIMIT n + 1,
a capped count, filters, and exports logged as export access events."""

import csv
import io

import pytest
from django.test import RequestFactory
from django.urls import reverse

from saferplaces.asb import services
from saferplaces.asb.models import AsbCase, Task
from saferplaces.audit.models import AccessEvent
from saferplaces.core.listing import COUNT_CAP, Listing, Sort
from saferplaces.offenders.models import CohortMembership
from saferplaces.people.models import Person
from tests.asb.builders import days_ago, make_case
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SORTS = {"name": Sort("Name", ("surname", "forename")), "born": Sort("Born", ("date_of_birth",),
                                                                     descending_first=True)}


def _listing(params, **kwargs):
    return Listing(RequestFactory().get("/people/", params), Person.objects.all(), sorts=SORTS, default="name",
                   **kwargs)


def test_sorts_are_whitelisted_reversible_and_say_so_with_aria_sort(world):
    listing = _listing({"sort": "-name"})
    assert [p.surname for p in listing.page] == sorted((p.surname for p in Person.objects.all()), reverse=True)
    assert listing.headers["name"]["aria_sort"] == "descending" and listing.headers["born"]["aria_sort"] == "none"
    assert "sort=name" in listing.headers["name"]["url"]  # select again to reverse
    assert "sort=-born" in listing.headers["born"]["url"]  # a date column starts with the newest
    # Anything else (a field not offered, an injection attempt) is the default order.
    for asked in ("owner_agency__name", "password", "name;drop", ""):
        listing = _listing({"sort": asked})
        assert listing.key == "name" and not listing.descending
    assert str(_listing({}).ordered.query).rstrip().endswith('"id" ASC')  # ties broken by the id


def test_a_page_reads_one_row_more_than_it_shows_and_counts_only_up_to_the_cap(world, django_assert_num_queries):
    PersonFactory.create_batch(12, owner_agency=world.own, surname="Paged")
    queryset = Person.objects.filter(surname="Paged")
    with django_assert_num_queries(1):  # everything fits on the page: no count at all
        listing = Listing(RequestFactory().get("/"), queryset, sorts=SORTS, default="name", page_size=20)
    assert listing.page.total == 12 and not listing.page.has_next
    with django_assert_num_queries(2):  # a page, then a count of at most COUNT_CAP + 1 rows
        listing = Listing(RequestFactory().get("/", {"page": "2"}), queryset, sorts=SORTS, default="name",
                          page_size=5)
    assert (len(listing.page), listing.page.number, listing.page.has_next, listing.page.has_previous) == (5, 2, True,
                                                                                                       True)
    assert listing.page.total == 12 and not listing.page.total_capped
    assert "page" not in listing.page_query
    for bad in ("0", "-1", "x", "99999999", "１"):
        assert Listing(RequestFactory().get("/", {"page": bad}), queryset, sorts=SORTS, default="name",
                       page_size=5).page.number in (1, 200)
    assert COUNT_CAP == 1000


def test_the_case_list_opens_on_my_cases_without_a_reason_and_logs_the_relationship(client, world):
    officer, colleague = world.users["caseworker"], world.users["manager"]
    led = services.case_open(actor=officer, title="Led by me", location="Demo Court")
    tasked = make_case(world.own, title="Tasked to me", lead_officer=colleague)
    Task.objects.create(case=tasked, title="Visit", assigned_agency=world.own, assigned_to=officer,
                        due_on=days_ago(-2))
    theirs = make_case(world.own, title="A colleague's", lead_officer=colleague)
    client.force_login(officer)
    html = client.get(reverse("asb:case_list")).content.decode()
    assert "Led by me" in html and "Tasked to me" in html and "A colleague&#x27;s" not in html
    assert "Why do you need" not in html
    event = AccessEvent.objects.get(action="search", record_type="asb.asbcase")
    assert (event.reason, event.justification) == ("relationship", "My cases: lead officer or open task")
    assert event.detail["scope"] == "mine"
    assert sorted(event.detail["shown"]) == sorted([led.pk, tasked.pk])
    html = client.get(reverse("asb:case_list"), {"scope": "all", "reason": "casework"}).content.decode()
    assert all(c.reference in html for c in (led, tasked, theirs))
    assert 'aria-sort="descending"' in html  # newest opened first, and the header says so


def test_the_case_export_is_csv_made_safe_and_logged_with_its_filters(client, world):
    officer = world.users["manager"]
    services.case_open(actor=officer, title="=cmd|' /C calc'!A0", location="Demo Court")
    client.force_login(officer)
    response = client.get(reverse("asb:case_export"), {"scope": "mine"})
    assert response["Content-Type"].startswith("text/csv") and "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["reference", "title"] and rows[1][1].startswith("'=cmd")
    event = AccessEvent.objects.get(action="export", record_type="asb.asbcase")
    assert event.detail["rows"] == 1 and event.detail["scope"] == "mine" and event.reason == "relationship"
    assert client.get(reverse("asb:case_export"), {"scope": "all"}).status_code == 400  # every case: a reason


def test_my_tasks_are_filtered_by_window_sorted_and_paged(client, world):
    officer = world.users["caseworker"]
    case = make_case(world.own, lead_officer=officer)
    for n in range(55):
        Task.objects.create(case=case, title=f"Task {n:02d}", assigned_agency=world.own, assigned_to=officer,
                            due_on=days_ago(30 - n))
    client.force_login(officer)
    html = client.get(reverse("asb:my_tasks")).content.decode()
    assert "Overdue (30)" in html and "Due in the next 7 days (8)" in html and "Due later (17)" in html
    assert "Task 00" in html and "Task 54" not in html and "page=2" in html
    html = client.get(reverse("asb:my_tasks"), {"when": "later"}).content.decode()
    assert "Task 54" in html and "Task 00" not in html
    html = client.get(reverse("asb:my_tasks"), {"sort": "-due"}).content.decode()
    assert html.index("Task 54") < html.index("Task 53")


def test_the_access_log_shows_events_and_exports_and_the_export_is_logged(client, world):
    # The log is read newest first and paged by key (tests/dpo/test_access_log.py); it has no sorts.
    dpo = world.users["dpo"]
    client.force_login(world.users["manager"])
    client.get(reverse("people:list"), {"q": "Olive", "reason": "casework"})
    client.force_login(dpo)
    html = client.get(reverse("audit:events"), {"action": "search"}).content.decode()
    assert "manager.own" in html
    response = client.get(reverse("audit:events_export"), {"action": "search"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "at" and any(row[1] == "manager.own" for row in rows[1:])
    event = AccessEvent.objects.filter(action="export", record_type="audit.accessevent").get()
    assert event.actor == dpo and event.detail["rows"] == len(rows) - 1 and event.detail["query"] == {
        "action": "search"}


def test_cohort_members_are_filtered_by_cohort_sorted_and_exported_with_a_logged_reason(client, world):
    for n, cohort in enumerate(["iom", "iom", "yos"]):
        person = PersonFactory(owner_agency=world.own, forename=f"Member{n}", surname=f"Cohort{n}")
        CohortMembership.objects.create(owner_agency=world.own, person=person, cohort=cohort,
                                        started_on=days_ago(10))
    client.force_login(world.users["manager"])
    html = client.get(reverse("offenders:members"), {"reason": "casework", "cohort": "iom",
                                                      "sort": "-person"}).content.decode()
    assert "Member1 Cohort1" in html and "Member0 Cohort0" in html and "Member2" not in html
    assert html.index("Member1 Cohort1") < html.index("Member0 Cohort0")
    response = client.get(reverse("offenders:members_export"), {"reason": "casework", "cohort": "iom"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 3 and rows[0][0] == "person_id"
    event = AccessEvent.objects.get(action="export", record_type="offenders.cohortmembership")
    assert event.reason == "casework" and event.detail["rows"] == 2 and event.detail["cohort"] == "iom"


def test_models_carry_the_indexes_their_lists_sort_by():
    def indexed(model):
        return {tuple(index.fields) for index in model._meta.indexes}

    assert {("opened_on", "id"), ("status", "opened_on", "id")} <= indexed(AsbCase)
    assert {("surname", "forename", "id"), ("date_of_birth", "id")} <= indexed(Person)
