"""The cohort members list and the overlap cell, grouped, sorted and paged in the database: every page in
turn gives exactly the rows the Python reference (``selectors.members``, ``selectors.cell_members``) gives,
in the order the pages sorted them in Python, on SQLite and on PostgreSQL."""

import datetime as dt
import random

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from saferplaces.audit.models import AccessEvent
from saferplaces.offenders import selectors
from saferplaces.offenders.models import CohortMembership
from saferplaces.offenders.views import page_of_people
from saferplaces.people.models import PersonLink
from tests.factories import AgreementFactory, PersonFactory

TODAY = timezone.localdate()
COHORTS = ["iom", "gangs", "mappa", "yos", "asb"]
#: surnames that sort differently by case, and tie so that the forename and then the key decide
SURNAMES = ["smith", "Smith", "SMITH", "adams", "Zed", "o'Brien", "Brown", "brown"]
FORENAMES = ["amy", "Amy", "Bo", "bo", "Cy"]


@pytest.fixture
def members(world):
    """About 60 people's records in three agencies (one shared with the viewer's agency for offender
    data, one not), some linked across agencies, with current, ended and future memberships."""
    AgreementFactory(parties=[world.own, world.partner], data_categories=["person", "offender"])
    rng = random.Random(20)
    agencies = [world.own, world.partner, world.other]
    for i in range(60):
        agency = rng.choice(agencies)
        person = PersonFactory(owner_agency=agency, surname=rng.choice(SURNAMES), forename=rng.choice(FORENAMES),
                               date_of_birth=None if i % 7 == 0 else dt.date(1980 + rng.randrange(30), 1, 1))
        if i % 3:  # linked: several records in eight linked people, the rest alone
            PersonLink.objects.create(person=person, person_key=f"P-{rng.randrange(8):03d}")
        for cohort in rng.sample(COHORTS, rng.randrange(1, 4)):
            started = TODAY - dt.timedelta(days=rng.randrange(-20, 400))
            ended = started + dt.timedelta(days=rng.randrange(10, 300)) if rng.random() < 0.3 else None
            CohortMembership.objects.create(owner_agency=agency, person=person, cohort=cohort, started_on=started,
                                            ended_on=ended, iom_lead=rng.choice(["", "police", "probation"]))
    return world


def _row(row):
    return (row.key, [p.pk for p in row.people], [m.pk for m in row.memberships], row.suggestion)


def _name(row):
    return (row.people[0].surname.lower(), row.people[0].forename.lower(), row.key)


#: the orders the members page had when it sorted in Python (``RowSort`` keys)
PYTHON_SORTS = {"person": _name, "cohorts": lambda row: (len({m.cohort for m in row.memberships}), _name(row))}


def _every_page(read, size):
    rows, start = [], 0
    while True:
        got = read(start=start, size=size)
        rows += got.rows
        if start + size >= got.total:
            return rows, got.total
        start += size


@pytest.mark.parametrize("sort", ["person", "cohorts"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("cohort", ["", "iom", "mappa"])
def test_members_pages_are_the_python_list_in_order(members, sort, descending, cohort):
    actor = members.users["manager"]
    expected = selectors.members(actor=actor)
    if cohort:
        expected = [row for row in expected if any(m.cohort == cohort for m in row.memberships)]
    expected = sorted(expected, key=PYTHON_SORTS[sort], reverse=descending)
    assert len(expected) > 6  # several pages of 3
    fields = {"person": ("surname", "forename", "member_key"),
              "cohorts": ("cohorts", "surname", "forename", "member_key")}[sort]
    rows, total = _every_page(lambda start, size: selectors.members_page(
        actor=actor, fields=fields, descending=descending, start=start, size=size, cohort=cohort), 3)
    assert total == len(expected)
    assert [_row(r) for r in rows] == [_row(r) for r in expected]


def test_members_pages_never_show_what_the_actor_may_not_see(members):
    actor = members.users["manager"]
    rows, _ = _every_page(lambda start, size: selectors.members_page(
        actor=actor, fields=("surname", "forename", "member_key"), start=start, size=size), 5)
    shown = {m.pk for row in rows for m in row.memberships}
    assert shown and not {m.owner_agency_id for row in rows for m in row.memberships} & {members.other.pk}
    assert shown == {m.pk for m in selectors.visible_memberships(actor, on=TODAY)}


@pytest.mark.parametrize("a,b", [("iom", "iom"), ("iom", "gangs"), ("mappa", "yos"), ("asb", "iom")])
def test_cell_pages_are_the_python_list_in_order(members, a, b):
    actor = members.users["manager"]
    period = selectors.quarter_period(TODAY)
    expected = selectors.cell_members(actor=actor, period=period, a=a, b=b)
    rows, total = _every_page(lambda start, size: selectors.cell_page(
        actor=actor, period=period, a=a, b=b, start=start, size=size), 3)
    assert total == len(expected)
    assert [_row(r) for r in rows] == [_row(r) for r in expected]


def test_a_role_without_access_gets_an_empty_page(members):
    got = selectors.members_page(actor=None, fields=("surname", "forename", "member_key"))  # signed out
    assert got.rows == [] and got.total == 0


def test_page_numbers_past_the_end_show_the_last_page(members):
    actor = members.users["manager"]
    every = selectors.members_page(actor=actor, fields=("surname", "forename", "member_key"), size=1000)

    def read(start, size):
        return selectors.members_page(actor=actor, fields=("surname", "forename", "member_key"), start=start,
                                      size=size)

    request = RequestFactory().get("/", {"page": "99"})
    page = page_of_people(request, read)
    assert page.number == 1 and not page.has_next and page.total == every.total  # fewer than 50 people
    assert [r.key for r in page] == [r.key for r in every.rows]


def test_members_page_logs_the_memberships_it_shows(members, client):
    client.force_login(members.users["manager"])
    html = client.get(reverse("offenders:members"), {"reason": "casework", "sort": "person"}).content.decode()
    event = AccessEvent.objects.get(action="search", path=reverse("offenders:members"))
    expected = selectors.members(actor=members.users["manager"])
    assert event.detail["people"] == len(expected) and event.detail["sort"] == "person"
    assert sorted(event.detail["ids"]) == sorted(m.pk for row in expected for m in row.memberships)
    assert f"{len(expected)} people" in html


def test_cell_page_logs_the_memberships_it_shows(members, client):
    client.force_login(members.users["manager"])
    period = selectors.quarter_period(TODAY)
    expected = selectors.cell_members(actor=members.users["manager"], period=period, a="iom", b="iom")
    html = client.get(reverse("offenders:overlap_cell"), {"a": "iom", "b": "iom", "period": period.code,
                                                          "reason": "casework"}).content.decode()
    event = AccessEvent.objects.get(action="search", path=reverse("offenders:overlap_cell"))
    assert event.detail["people"] == len(expected) and event.detail["page"] == 1
    assert sorted(event.detail["ids"]) == sorted(m.pk for row in expected for m in row.memberships)
    assert f"{len(expected)} people you may see" in html


def test_an_empty_cell_says_nobody_rather_than_asking_again(members, client):
    client.force_login(members.users["manager"])
    period = selectors.quarter_period(TODAY)
    CohortMembership.objects.filter(cohort="yos").delete()
    html = client.get(reverse("offenders:overlap_cell"), {"a": "yos", "b": "yos", "period": period.code,
                                                          "reason": "casework"}).content.decode()
    assert "0 people you may see" in html and "Nobody you may see." in html and "Show the people" not in html
