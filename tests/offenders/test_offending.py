"""Offending histories: the import (all or nothing, matched to person records), the performance report's
figures on hand-worked data (linked records' offences reach a membership), the IOM and youth measures."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saferplaces.evidence.harm import load_weights
from saferplaces.offenders.models import CohortMembership, Offence
from saferplaces.offenders.offending import cohort_outcomes, offences_import
from saferplaces.people.models import PersonLink
from saferplaces.plans import measures
from tests.factories import PersonFactory

D = dt.date
HEADER = "reference,agency,person_reference,offence_date,offence,outcome,outcome_date\n"


@pytest.fixture
def referenced(world):
    world.people["own"].source_reference = "NPS-1"
    world.people["own"].save()
    world.people["agreement"].source_reference = "MPS-9"
    world.people["agreement"].save()
    world.people["unrelated"].source_reference = "HID-1"
    world.people["unrelated"].save()
    return world


def test_import_saves_good_rows_matched_to_person_records(referenced):
    text = HEADER + ("O-1,,NPS-1,2024-01-05,Burglary,caution,2024-02-01\n"
                     "O-2,partner,MPS-9,05/03/2024,Robbery,Convicted: custodial sentence,2024-06-01\n"
                     "O-3,,NPS-1,2024-04-01,Shoplifting,pending,\n")
    result = offences_import(actor=referenced.users["caseworker"], text=text)
    assert result.ok and result.imported == 3
    first, second, third = Offence.objects.order_by("reference")
    assert (first.person, first.outcome, first.proven_on) == (referenced.people["own"], "caution", D(2024, 2, 1))
    assert (second.person, second.outcome, second.owner_agency) == (referenced.people["agreement"], "custody",
                                                                     referenced.own)
    assert (third.outcome, third.proven_on) == ("pending", None)
    again = offences_import(actor=referenced.users["caseworker"], text=text)
    assert (2, "this offence is already recorded") in again.rejected


def test_import_reports_every_bad_row_and_saves_nothing(referenced, client):
    text = HEADER + ("O-1,,NPS-1,2024-01-05,Burglary,caution,2024-02-01\n"
                     "O-2,,NOBODY,2024-01-05,Burglary,caution,2024-02-01\n"
                     "O-3,OTHER,HID-1,2024-01-05,Burglary,caution,2024-02-01\n"
                     "O-4,NOSUCH,NPS-1,2024-01-05,Burglary,caution,2024-02-01\n"
                     "O-5,,NPS-1,2024-01-05,Burglary,hanged,2024-02-01\n"
                     "O-6,,NPS-1,2024-03-05,Burglary,caution,2024-02-01\n"
                     "O-7,,NPS-1,2024-03-05,Burglary,caution,\n"
                     "O-1,,NPS-1,tomorrow,,caution,2024-02-01\n")
    client.force_login(referenced.users["caseworker"])
    html = client.post(reverse("offenders:offences_import"),
                       {"file": SimpleUploadedFile("o.csv", text.encode(), content_type="text/csv")}
                       ).content.decode()
    for problem in ("person NOBODY is not a person record of OWN that you may see",
                    "person HID-1 is not a person record of OTHER",  # not shared with the importer
                    "agency &#x27;NOSUCH&#x27; is not a partner agency",
                    "outcome &#x27;hanged&#x27; is not one of", "outcome_date is before offence_date",
                    "outcome_date is empty (only a pending outcome has no date)",
                    "offence_date: &#x27;tomorrow&#x27;", "offence is empty", "this offence repeats line 2"):
        assert problem in html, problem
    assert not Offence.objects.exists()


def _offence(person, day, offence, outcome, outcome_on=None):
    return Offence.objects.create(owner_agency=person.owner_agency, person=person,
                                  reference=f"R{Offence.objects.count()}", offence_on=day, offence=offence,
                                  outcome=outcome, outcome_on=outcome_on)


@pytest.fixture
def cohort(world):
    """Two people who joined IOM in 2024-Q1, one outside it; P1's offences are on a linked police record."""
    p1, p1_police = world.people["own"], world.people["agreement"]
    p2, p3 = PersonFactory(owner_agency=world.own), PersonFactory(owner_agency=world.own)
    for person in (p1, p1_police):
        PersonLink.objects.create(person=person, person_key="K1")
    member = dict(owner_agency=world.own, cohort="iom")
    CohortMembership.objects.create(person=p1, started_on=D(2024, 2, 1), strand="fixed", lead_agency=world.own,
                                    **member)
    CohortMembership.objects.create(person=p1_police, started_on=D(2024, 3, 1), strand="fixed", **member)  # same K1
    CohortMembership.objects.create(person=p2, started_on=D(2024, 3, 15), strand="flex", lead_agency=world.partner,
                                    **member)
    CohortMembership.objects.create(person=p3, started_on=D(2024, 5, 1), strand="flex", **member)  # next quarter
    _offence(p1_police, D(2023, 6, 1), "Burglary", "caution", D(2023, 7, 1))        # before
    _offence(p1_police, D(2023, 9, 1), "Shoplifting", "pending")                    # never proven
    _offence(p1_police, D(2024, 3, 1), "Burglary", "charged", D(2024, 3, 2))        # charged, not proven
    _offence(p1_police, D(2024, 5, 1), "Robbery", "custody", D(2024, 8, 1))         # after; charged
    _offence(p1_police, D(2024, 6, 1), "Shoplifting", "nfa", D(2024, 6, 10))        # after, not charged
    _offence(p2, D(2023, 4, 1), "Robbery", "convicted", D(2023, 5, 1))              # before
    _offence(p2, D(2023, 3, 1), "Robbery", "convicted", D(2023, 5, 1))              # before the before year
    _offence(p3, D(2024, 6, 1), "Robbery", "convicted", D(2024, 7, 1))              # not in the quarter's cohort
    return world


def test_performance_figures_hand_worked(cohort):
    report = cohort_outcomes(start=D(2024, 1, 1), end=D(2024, 3, 31), today=D(2026, 1, 1), resamples=10)
    overall = report.overall
    figures = overall.outcomes.cohort
    assert (overall.people, figures.reoffenders, figures.offences_before, figures.offences_after) == (2, 1, 2, 1)
    assert figures.binary_rate.value == pytest.approx(0.5)
    assert figures.offences_per_person_before.value == pytest.approx(1.0)
    assert figures.offences_per_person_after.value == pytest.approx(0.5)
    weights = load_weights("css-style")
    assert figures.severity_per_person_before.value == pytest.approx(
        (weights.weight("Burglary") + weights.weight("Robbery")) / 2)
    assert (overall.charged, overall.offences_after, overall.charge_rate) == (2, 3, pytest.approx(2 / 3))
    assert [(r.label, r.people) for r in report.by_strand] == [("Fixed", 1), ("Flex", 1)]
    assert [(r.label, r.people) for r in report.by_lead] == [("OWN", 1), ("PARTNER", 1)]
    assert report.by_lead[1].outcomes.cohort.reoffenders == 0 and report.by_lead[1].charge_rate is None
    assert "small numbers" in overall.caveats


def test_follow_up_still_running_is_counted_so_far_and_said(cohort):
    report = cohort_outcomes(start=D(2024, 1, 1), end=D(2024, 3, 31), today=D(2024, 7, 1), resamples=10)
    figures = report.overall.outcomes.cohort
    assert figures.offences_after == 0  # the robbery was proven on 1 August, after "today"
    assert figures.people_observed_less_than_follow_up == 2
    assert "incomplete follow-up" in report.overall.caveats


def test_iom_measures(cohort):
    q1 = (D(2024, 1, 1), D(2024, 3, 31))
    assert measures.get("offenders.iom_binary_rate").compute(*q1) == 50.0
    assert measures.get("offenders.iom_frequency_before").compute(*q1) == 1.0
    assert measures.get("offenders.iom_frequency_after").compute(*q1) == 0.5
    assert measures.get("offenders.iom_charge_rate").compute(*q1) == pytest.approx(66.667)
    assert measures.get("offenders.iom_binary_rate").compute(D(2023, 1, 1), D(2023, 3, 31)) == 0.0  # nobody joined


def test_youth_measures(world):
    young = PersonFactory(owner_agency=world.own, date_of_birth=D(2008, 6, 1))
    young_linked = PersonFactory(owner_agency=world.partner, date_of_birth=D(2008, 6, 1))
    earlier = PersonFactory(owner_agency=world.own, date_of_birth=D(2009, 1, 1))
    adult = PersonFactory(owner_agency=world.own, date_of_birth=D(1990, 1, 1))
    nineteen = PersonFactory(owner_agency=world.own, date_of_birth=D(2005, 1, 1))
    for person in (young, young_linked):
        PersonLink.objects.create(person=person, person_key="Y1")
    _offence(young, D(2024, 1, 10), "Robbery", "caution", D(2024, 2, 1))             # first-time entrant, Q1
    _offence(young_linked, D(2024, 4, 1), "Robbery", "custody", D(2024, 5, 10))      # custodial, Q2; not first
    _offence(earlier, D(2023, 5, 1), "Shoplifting", "caution", D(2023, 6, 1))        # entered in 2023
    _offence(earlier, D(2024, 1, 5), "Shoplifting", "convicted", D(2024, 2, 5))
    _offence(adult, D(2024, 4, 1), "Robbery", "custody", D(2024, 5, 1))              # adult custody
    _offence(nineteen, D(2024, 1, 1), "Robbery", "convicted", D(2024, 3, 1))         # first aged 19
    _offence(PersonFactory(owner_agency=world.own, date_of_birth=D(2009, 1, 1)), D(2024, 1, 1), "Drugs", "nfa",
             D(2024, 1, 2))                                                           # not proven
    q1, q2 = (D(2024, 1, 1), D(2024, 3, 31)), (D(2024, 4, 1), D(2024, 6, 30))
    entrants, custody = measures.get("offenders.first_time_entrants"), measures.get(
        "offenders.youth_custodial_sentences")
    assert (entrants.compute(*q1), entrants.compute(*q2)) == (1.0, 0.0)
    assert (custody.compute(*q1), custody.compute(*q2)) == (0.0, 1.0)


def test_performance_page_shows_figures_and_hides_small_groups_from_analysts(cohort, client):
    client.force_login(cohort.users["caseworker"])
    page = client.get(reverse("offenders:performance"), {"period": "2024-Q1"}).content.decode()
    assert "2 of 3 (67%)" in page and "Fixed" in page and "PARTNER" in page
    assert "1.00 (" in page and "Small numbers" in page
    client.force_login(cohort.users["analyst"])
    page = client.get(reverse("offenders:performance"), {"period": "2024-Q1"}).content.decode()
    assert "Figures not shown: fewer than 5 people." in page and "2 of 3" not in page
    assert client.get(reverse("offenders:performance"), {"period": "2024-01"}).status_code == 404
    assert client.get(reverse("offenders:performance"), {"cohort": "choir"}).status_code == 404
