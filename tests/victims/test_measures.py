"""The Victim group's measures, each on a small hand-made set of records with an exact answer."""

import datetime as dt

import pytest
from django.utils import timezone

from saferplaces.accounts.models import AgencyKind
from saferplaces.asb.models import AsbCase, Incident, Party
from saferplaces.people.models import PersonLink
from saferplaces.plans import measures
from saferplaces.victims.models import (
    ComplaintOutcome,
    Referral,
    ReferralStatus,
    Service,
    Victimisation,
    VictimsCodeComplaint,
)
from tests.factories import AgencyFactory, PersonFactory

START, END = dt.date(2026, 4, 1), dt.date(2026, 6, 30)


def compute(key, start=START, end=END):
    return measures.get(key).compute(start, end)


def victimisation(person, on, kind="burglary"):
    return Victimisation.objects.create(owner_agency=person.owner_agency, person=person, kind=kind, occurred_on=on)


def referral(person, service, on, status=ReferralStatus.MADE, status_on=None, positive=None, agency=None):
    return Referral.objects.create(owner_agency=agency or person.owner_agency, person=person, service=service,
                                   referred_on=on, consent_given=True, status=status, status_on=status_on,
                                   outcome="Done" if status == ReferralStatus.CLOSED else "",
                                   outcome_positive=positive)


def test_repeat_rate_counts_victims_of_the_twelve_months_to_the_period_end_linked_records_once(world):
    repeat, once, linked_a, linked_b, too_old = (PersonFactory(owner_agency=world.own) for _ in range(5))
    victimisation(repeat, dt.date(2025, 8, 1))
    victimisation(repeat, dt.date(2026, 6, 30), kind="robbery")  # any two victimisations make a repeat
    victimisation(once, dt.date(2026, 5, 1))
    # two records of one person, linked: one victim with two victimisations
    PersonLink.objects.create(person=linked_a, person_key="P-1")
    PersonLink.objects.create(person=linked_b, person_key="P-1")
    victimisation(linked_a, dt.date(2026, 1, 1))
    victimisation(linked_b, dt.date(2026, 2, 1))
    victimisation(too_old, dt.date(2025, 6, 30))  # on the window's first day's eve: outside
    victimisation(too_old, dt.date(2026, 7, 1))  # after the period: outside
    # an ASB complaint on a case where ``once`` is the complainant: her second victimisation
    case = AsbCase.objects.create(owner_agency=world.own, title="Noise", location="Demo Court")
    Party.objects.create(case=case, role="complainant", person=once, name="Once")
    Incident.objects.create(case=case, occurred_at=timezone.make_aware(dt.datetime(2026, 3, 3, 12)),
                            location="Demo Court", kind="noise", description="Music", reporting_agency=world.own)
    assert compute("victims.repeat_victims") == 3.0  # repeat, the linked person, once (with the complaint)
    assert compute("victims.repeat_rate") == 100.0
    Incident.objects.all().delete()
    assert compute("victims.repeat_victims") == 2.0
    assert compute("victims.repeat_rate") == pytest.approx(66.7)  # 2 of the 3 victims in the window
    assert compute("victims.victims_recorded") == 2.0  # in the quarter itself: repeat (30 June) and once


def test_repeat_rate_is_zero_without_victims(db):
    assert compute("victims.repeat_rate") == 0.0


def test_victim_support_referrals_by_the_referring_agency_kind(world):
    police, council, housing = (AgencyFactory(kind=kind) for kind in
                                (AgencyKind.POLICE, AgencyKind.LOCAL_AUTHORITY, AgencyKind.HOUSING))
    person = PersonFactory(owner_agency=council)
    for agency in (police, police, council, housing):
        referral(person, Service.VICTIM_SUPPORT, dt.date(2026, 5, 1), agency=agency)
    referral(person, Service.VICTIM_SUPPORT, dt.date(2026, 7, 1), agency=police)  # next quarter
    referral(person, Service.IDVA, dt.date(2026, 5, 1), agency=police)  # not Victim Support
    assert compute("victims.vs_referrals") == 4.0
    assert compute("victims.vs_referrals_police") == 2.0
    assert compute("victims.vs_referrals_council") == 1.0
    assert compute("victims.vs_referrals_services") == 1.0


def test_young_people_supported_and_the_share_with_a_positive_outcome(world):
    young = PersonFactory(owner_agency=world.own, date_of_birth=dt.date(2001, 5, 2))  # 24 on 1 May 2026
    turned_25 = PersonFactory(owner_agency=world.own, date_of_birth=dt.date(2001, 4, 30))  # 25 on 1 May
    teen = PersonFactory(owner_agency=world.own, date_of_birth=dt.date(2010, 1, 1))
    on = dt.date(2026, 5, 1)
    referral(young, Service.VICTIM_SUPPORT, on, ReferralStatus.CLOSED, dt.date(2026, 6, 1), positive=True)
    referral(young, Service.IDVA, on, ReferralStatus.ACCEPTED, on)  # the same person: counted once
    referral(turned_25, Service.VICTIM_SUPPORT, on, ReferralStatus.CLOSED, dt.date(2026, 6, 1), positive=False)
    referral(teen, Service.COMMISSIONED, on, ReferralStatus.CLOSED, dt.date(2026, 6, 2), positive=False)
    referral(teen, Service.VICTIM_SUPPORT, on, ReferralStatus.CLOSED, dt.date(2026, 6, 3))  # outcome not said
    referral(teen, Service.MARAC, on, ReferralStatus.CLOSED, dt.date(2026, 6, 3), positive=True)  # not support
    referral(teen, Service.VICTIM_SUPPORT, on, ReferralStatus.DECLINED, on)
    assert compute("victims.young_supported") == 2.0  # young and teen
    assert compute("victims.young_positive_share") == 50.0  # young's yes, teen's no; the unsaid one left out
    assert compute("victims.young_positive_share", dt.date(2026, 7, 1), dt.date(2026, 9, 30)) == 0.0


def test_victims_code_complaints_received_upheld_and_agencies(world):
    def complaint(agency, received, outcome=ComplaintOutcome.OPEN, answered=None):
        VictimsCodeComplaint.objects.create(agency=agency, received_on=received, right="4", outcome=outcome,
                                            answered_on=answered)

    complaint(world.own, dt.date(2026, 4, 1), ComplaintOutcome.UPHELD, dt.date(2026, 5, 1))
    complaint(world.own, dt.date(2026, 6, 30), ComplaintOutcome.PARTLY_UPHELD, dt.date(2026, 7, 2))
    complaint(world.partner, dt.date(2026, 5, 5), ComplaintOutcome.NOT_UPHELD, dt.date(2026, 6, 1))
    complaint(world.partner, dt.date(2026, 3, 31))
    assert compute("victims.complaints_received") == 3.0
    assert compute("victims.complaining_agencies") == 2.0
    assert compute("victims.complaints_upheld") == 1.0  # the partly upheld one was answered in July
