"""Cohort overlap (linked people once), suppression of what leaves, lead-agency rules, access."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from saferplaces.audit.models import AccessEvent, ChangeRecord
from saferplaces.core.suppression import PRIMARY, SECONDARY
from saferplaces.offenders import charts, leads, overlap, selectors
from saferplaces.offenders.models import CohortMembership
from saferplaces.offenders.services import IMPORT_COLUMNS, memberships_import
from saferplaces.people.models import PersonLink
from tests.factories import AgreementFactory, PersonFactory

D = dt.date
TODAY = timezone.localdate()


JAN_1 = D(2025, 1, 1)


def m(person, cohort, start=JAN_1, end=None):
    return overlap.Membership(person, cohort, start, end)


def test_overlap_counts_people_once_and_respects_the_period():
    memberships = [m("A", "iom"), m("A", "gangs"), m("A", "iom"),  # A twice in IOM (two agencies): once
                   m("B", "iom"), m("C", "mappa"), m("C", "iom"),
                   m("D", "gangs", end=D(2025, 3, 31)),  # ended before the period
                   m("E", "yos", start=D(2025, 7, 1))]  # starts after it
    result = overlap.overlap(memberships, ["iom", "gangs", "mappa", "yos"], D(2025, 4, 1), D(2025, 6, 30))
    assert result.people == 3
    assert result.sizes == {"iom": 3, "gangs": 1, "mappa": 1, "yos": 0}
    assert result.pairs[("iom", "gangs")] == 1 and result.pairs[("iom", "mappa")] == 1
    assert dict(result.intersections) == {frozenset({"iom", "gangs"}): 1, frozenset({"iom"}): 1,
                                          frozenset({"iom", "mappa"}): 1}


def _big_overlap():
    memberships = [m(f"I{i}", "iom") for i in range(12)]
    memberships += [m(f"I{i}", "gangs") for i in range(3)]  # 3 in IOM + gangs
    memberships += [m(f"G{i}", "gangs") for i in range(6)]
    return overlap.overlap(memberships, ["iom", "gangs", "mappa"], D(2025, 1, 1), D(2025, 3, 31))


def test_published_overlap_hides_small_numbers_and_leaves_none_to_subtract():
    result = _big_overlap()
    shown = overlap.published(result)
    assert shown.pairs[("iom", "gangs")] == PRIMARY
    combos = dict(shown.intersections)
    assert combos[frozenset({"iom", "gangs"})] == PRIMARY
    # IOM only (9) = IOM size (12) − IOM+gangs (3): so one of them must be hidden too.
    assert SECONDARY in (combos[frozenset({"iom"})], shown.sizes["iom"])
    assert SECONDARY in (combos[frozenset({"gangs"})], shown.sizes["gangs"], shown.people)


def test_upset_svg_draws_one_bar_per_combination_and_is_labelled():
    result = _big_overlap()
    svg = charts.upset_svg(list(result.cohorts), {"iom": "IOM", "gangs": "Gangs", "mappa": "MAPPA"},
                           result.intersections)
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title" in svg
    assert svg.count("<rect") == len(result.intersections) == 3
    assert "IOM + Gangs: 3" in svg


@pytest.mark.parametrize("cohorts, age, iom_lead, lead, rule", [
    ({"mappa", "iom", "gangs"}, 30, "police", "Probation", "mappa"),
    ({"yos", "gangs"}, 16, "", "Youth offending service", "yos_under_18"),
    ({"yos"}, 19, "", "Probation", "yos_adult"),
    ({"iom"}, 30, "police", "Police", "iom"),
    ({"iom"}, 30, "probation", "Probation", "iom"),
    ({"iom", "gangs"}, 22, "", "Police or probation, as the IOM panel decides", "iom"),
    ({"gangs", "asb"}, 20, "", "Integrated Gangs Unit", "gangs"),
    ({"channel"}, 25, "", "Local authority (Channel panel)", "channel"),
    ({"mace", "missing"}, 14, "", "Children's services", "children"),
    ({"marac"}, 40, "", "IDVA service (MARAC)", "marac"),
    ({"asb"}, None, "", "Council ASB team", "asb"),
    ({"unite"}, 35, "", "Offender co-ordinator to assign", "unite"),
])
def test_lead_agency_rule_table(cohorts, age, iom_lead, lead, rule):
    suggestion = leads.suggest(leads.PersonCohorts(frozenset(cohorts), age, iom_lead))
    assert (suggestion.lead, suggestion.rule) == (lead, rule)


def test_every_rule_is_documented_and_other_rules_are_listed():
    with open("docs/cohorts.md", encoding="utf-8") as file:
        text = file.read()
    for rule in leads.RULES:
        assert f"`{rule.code}`" in text, rule.code
    suggestion = leads.suggest(leads.PersonCohorts(frozenset({"mappa", "gangs"}), 30))
    assert [lead for lead, _ in suggestion.also] == ["Integrated Gangs Unit"]
    assert leads.suggest(leads.PersonCohorts(frozenset(), 30)) is None
    assert leads.age_on(D(2008, 5, 2), D(2026, 5, 1)) == 17 and leads.age_on(D(2008, 5, 2), D(2026, 5, 2)) == 18


def test_periods_parse_and_refuse_nonsense():
    assert selectors.parse_period("2025-Q3").start == D(2025, 7, 1)
    assert selectors.parse_period("2025-02").end == D(2025, 2, 28)
    assert selectors.parse_period("2025-13") is None
    assert selectors.parse_period("'; drop") is None


@pytest.fixture
def cohorts(world):
    AgreementFactory(parties=[world.own, world.partner], data_categories=["offender"])
    start = TODAY - dt.timedelta(days=30)
    people = [PersonFactory(owner_agency=world.own) for _ in range(6)]
    for person in people:
        CohortMembership.objects.create(owner_agency=world.own, person=person, cohort="iom", started_on=start)
    # One person held by own and by other, linked: in IOM (own record) and MAPPA (other's record).
    twin = PersonFactory(owner_agency=world.other, forename="Hidden", surname="Twin")
    PersonLink.objects.create(person=people[0], person_key="P-TWIN")
    PersonLink.objects.create(person=twin, person_key="P-TWIN")
    CohortMembership.objects.create(owner_agency=world.other, person=twin, cohort="mappa", started_on=start)
    return world, people, twin


def test_overlap_page_and_suppressed_export(cohorts, client):
    world, people, twin = cohorts
    client.force_login(world.users["caseworker"])  # works the cases: exact figures
    page = client.get(reverse("offenders:overlap")).content.decode()
    assert "6 people in at least one cohort" in page
    assert "<svg" in page
    client.force_login(world.users["coordinator"])
    body = client.get(reverse("offenders:overlap_export")).content.decode()
    rows = {(r[0], r[1]): r[2] for r in csv.reader(io.StringIO(body))}
    assert rows[("people in any cohort", "")] == "6"
    assert rows[("cohort size", "MAPPA")] == PRIMARY
    assert rows[("in both", "IOM + MAPPA")] == PRIMARY
    assert rows[("in exactly", "IOM")] == SECONDARY  # 6 − 1 would give the hidden one away
    assert "Twin" not in body


@pytest.mark.parametrize("role", ["coordinator", "analyst", "read_only_partner"])
def test_overlap_page_is_suppressed_for_those_who_do_not_work_the_cases(cohorts, client, role):
    world, people, twin = cohorts
    client.force_login(world.users[role])
    page = client.get(reverse("offenders:overlap")).content.decode()
    assert "People: 6 in at least one cohort" in page
    assert "<svg" not in page  # the chart's bars would give the small counts away
    assert ">&lt;5<" in page and ">[c]<" in page
    month = selectors.month_period(timezone.localdate()).code
    assert client.get(reverse("offenders:overlap"), {"period": month}).status_code == 404
    assert month not in page  # only quarters are offered


def test_months_are_for_those_who_work_the_cases_and_never_exported(cohorts, client):
    world = cohorts[0]
    month = selectors.month_period(timezone.localdate()).code
    client.force_login(world.users["caseworker"])
    assert client.get(reverse("offenders:overlap"), {"period": month}).status_code == 200
    assert client.get(reverse("offenders:overlap_export"), {"period": month}).status_code == 404


def test_overlap_export_refuses_unknown_periods(cohorts, client):
    client.force_login(cohorts[0].users["analyst"])
    assert client.get(reverse("offenders:overlap_export"), {"period": "2025-Q9"}).status_code == 404


def test_members_list_shows_only_visible_memberships_and_is_logged(cohorts, client):
    world, people, twin = cohorts
    client.force_login(world.users["caseworker"])
    html = client.get(reverse("offenders:members"), {"reason": "casework"}).content.decode()
    assert people[0].surname in html
    table = html.split("<tbody", 1)[1]  # the cohort filter above the table names every cohort
    assert "Twin" not in html and "MAPPA" not in table
    assert "Police or probation, as the IOM panel decides" in html
    assert AccessEvent.objects.filter(action="search", record_type="offenders.cohortmembership").exists()


def test_add_and_end_a_membership_from_the_person_page(cohorts, client):
    world, people, twin = cohorts
    person = people[1]
    client.force_login(world.users["caseworker"])
    url = reverse("offenders:membership_create", kwargs={"person_pk": person.pk})
    client.post(url, {"justification-form": "1", "reason": "casework"})  # the form shows the person: why first
    response = client.post(url, {"cohort": "mappa", "started_on": "2025-05-01", "ended_on": "2025-04-01"})
    assert "on or after the start date" in response.content.decode()
    response = client.post(url, {"cohort": "mappa", "started_on": "2025-05-01", "iom_lead": "police"})
    assert response.status_code == 302
    created = CohortMembership.objects.get(person=person, cohort="mappa")
    assert created.owner_agency == world.own and created.iom_lead == ""  # IOM lead only for IOM
    end = reverse("offenders:membership_end", kwargs={"pk": created.pk})
    client.post(end, {"justification-form": "1", "reason": "casework"})
    assert client.post(end, {"ended_on": "2025-06-30", "exit_reason": "completed"}).status_code == 302
    created.refresh_from_db()
    assert created.ended_on == D(2025, 6, 30)
    assert ChangeRecord.objects.filter(record_type="offenders.cohortmembership", record_id=str(created.pk),
                                       actor=world.users["caseworker"]).count() == 2
    # Another agency's membership cannot be ended, even when it is visible.
    theirs = CohortMembership.objects.get(person=twin)
    assert client.post(reverse("offenders:membership_end", kwargs={"pk": theirs.pk}),
                       {"ended_on": "2025-06-30"}).status_code == 404


def _list_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(IMPORT_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def test_cohort_list_import_reports_every_bad_row_and_saves_nothing(world, client):
    text = _list_csv([
        ["IOM-1", "Ann", "Example", "1990-01-01", "W2 1AA", "IOM", "2025-01-01", "", "police", ""],
        ["IOM-2", "Bo", "Example", "", "", "gangs", "2025-01-01", "2024-12-01", "police", ""],
        ["IOM-3", "", "", "", "", "choir", "yesterday", "", "", ""],
        ["IOM-1", "Ann", "Example", "", "", "iom", "01/01/2025", "", "sheriff", ""],
    ])
    client.force_login(world.users["caseworker"])
    html = client.post(reverse("offenders:import"),
                       {"file": SimpleUploadedFile("c.csv", text.encode(), content_type="text/csv")}).content.decode()
    for problem in ("ended_on is before started_on", "iom_lead is only for the IOM cohort",
                    "cohort &#x27;choir&#x27;", "started_on: &#x27;yesterday&#x27;", "not held by OWN",
                    "iom_lead &#x27;sheriff&#x27;", "this membership repeats line 2"):
        assert problem in html, problem
    assert not CohortMembership.objects.exists()


def test_cohort_list_import_saves_a_good_list(world):
    text = _list_csv([
        ["IOM-1", "Ann", "Example", "1990-01-01", "W2 1AA", "IOM", "2025-01-01", "", "Probation", "Panel 3"],
        ["IOM-1", "", "", "", "", "mappa", "2025-02-01", "2025-06-30", "", ""],
    ])
    result = memberships_import(actor=world.users["caseworker"], text=text)
    assert result.ok and (result.imported, result.people_created) == (2, 1)
    iom = CohortMembership.objects.get(cohort="iom")
    assert (iom.iom_lead, iom.owner_agency, iom.person.surname) == ("probation", world.own, "Example")
    assert CohortMembership.objects.get(cohort="mappa").ended_on == D(2025, 6, 30)
    again = memberships_import(actor=world.users["caseworker"], text=text)
    assert (2, "this membership is already recorded") in again.rejected


def test_cohort_list_import_page_lists_the_cohorts_and_says_what_was_imported(world, client):
    client.force_login(world.users["caseworker"])
    page = client.get(reverse("offenders:import")).content.decode()
    assert "Import a cohort list" in page and "CSV file of cohort memberships" in page
    assert "Cohorts: <code>iom</code>" in page
    text = _list_csv([
        ["IOM-1", "Ann", "Example", "1990-01-01", "W2 1AA", "iom", "2025-01-01", "", "police", ""],
        ["IOM-1", "", "", "", "", "mappa", "2025-02-01", "", "", ""],
    ])
    response = client.post(reverse("offenders:import"),
                           {"file": SimpleUploadedFile("c.csv", text.encode(), content_type="text/csv")}, follow=True)
    assert response.redirect_chain == [(reverse("offenders:import"), 302)]
    assert "2 memberships imported (1 new person records)" in response.content.decode()
    assert CohortMembership.objects.filter(owner_agency=world.own).count() == 2


# The overlap is counted in the database (scaleq, issue 20): the same figures as the Python reference.

@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_overlap_counted_in_the_database_matches_the_python_reference(seed):
    import random

    from tests.factories import AgencyFactory

    rng = random.Random(seed)
    agencies = [AgencyFactory(), AgencyFactory()]
    people = [PersonFactory(owner_agency=rng.choice(agencies)) for _ in range(40)]
    for person in people:
        if rng.random() < 0.6:  # linked records share a key; the rest stand for themselves
            PersonLink.objects.create(person=person, person_key=f"P-RANDOM-{rng.randrange(15)}")
    period = selectors.quarter_period(D(2025, 4, 1))
    for _ in range(120):
        person = rng.choice(people)
        start = period.start + dt.timedelta(days=rng.randrange(-200, 120))
        end = rng.choice([None, start + dt.timedelta(days=rng.randrange(0, 150))])
        CohortMembership.objects.create(owner_agency=person.owner_agency, person=person,
                                        cohort=rng.choice(selectors.COHORTS), started_on=start, ended_on=end)
    for chosen in (period, selectors.month_period(D(2025, 5, 1)), selectors.quarter_period(D(2024, 10, 1))):
        counted, reference = selectors.partnership_overlap(chosen), selectors.partnership_overlap_reference(chosen)
        assert counted == reference
        assert overlap.published(counted) == overlap.published(reference)
    assert reference.people > 5 and any(len(combo) > 1 for combo, _ in reference.intersections)


@pytest.mark.django_db
def test_overlap_of_a_period_without_members_is_empty():
    result = selectors.partnership_overlap(selectors.quarter_period(D(2001, 1, 1)))
    assert result.people == 0 and result.intersections == () and set(result.sizes.values()) == {0}
