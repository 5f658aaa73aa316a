"""The registry of where a person's data is (people.subject_records): every app's records about a person,
found unscoped, across linked records of other agencies."""

import datetime as dt

import pytest

from saferplaces.asb.models import Party, PartyRole, ProtectionNotice
from saferplaces.offenders.models import CohortMembership, Offence
from saferplaces.people.models import PersonLink
from saferplaces.people.subject_records import linked_people, subject_records
from saferplaces.victims.models import Victimisation
from tests.asb.builders import make_case
from tests.factories import AgencyFactory, PersonFactory
from tests.marac.builders import make_case as make_marac_case
from tests.marac.builders import make_meeting, marac_referral

pytestmark = pytest.mark.django_db


def _label(record):
    return (record._meta.label_lower, record.pk)


def test_every_app_lists_its_records_about_the_person_and_nobody_elses():
    council, police = AgencyFactory(), AgencyFactory()
    person, other = PersonFactory(owner_agency=council), PersonFactory(owner_agency=council)
    case = make_case(council)
    Party.objects.create(case=case, role=PartyRole.VICTIM, person=person, name="")
    Party.objects.create(case=case, role=PartyRole.PERPETRATOR, person=other, name="")
    notice_party = Party.objects.create(case=case, role=PartyRole.PERPETRATOR, person=person, name="")
    notice = ProtectionNotice.objects.create(
        owner_agency=council, kind="cpw", case=case, party=notice_party, recipient_name="X", address="1 Road",
        conduct="Noise", conditions="Stop", issued_on=dt.date(2025, 1, 1), comply_by=dt.date(2025, 2, 1),
        expires_on=dt.date(2026, 1, 1))
    victimisation = Victimisation.objects.create(owner_agency=police, person=person, kind="other",
                                                 occurred_on=dt.date(2025, 1, 2))
    Victimisation.objects.create(owner_agency=police, person=other, kind="other", occurred_on=dt.date(2025, 1, 3))
    membership = CohortMembership.objects.create(owner_agency=police, person=person, cohort="iom",
                                                 started_on=dt.date(2024, 1, 1))
    offence = Offence.objects.create(owner_agency=police, person=person, reference="O1", offence_on=dt.date(2023, 1, 1),
                                     offence="Burglary", outcome="charged")
    referral = marac_referral(person, agency=police)
    marac_case = make_marac_case(make_meeting(police), referral)

    found = {_label(r) for r in subject_records([person])}

    assert found == {_label(r) for r in [person, case, notice, victimisation, membership, offence, referral,
                                         marac_case]}


def test_a_case_about_two_linked_records_is_listed_once_and_linkage_finds_the_other_agencys_record():
    council, police = AgencyFactory(), AgencyFactory()
    mine, theirs, stranger = (PersonFactory(owner_agency=council), PersonFactory(owner_agency=police),
                              PersonFactory(owner_agency=police))
    PersonLink.objects.create(person=mine, person_key="P1")
    PersonLink.objects.create(person=theirs, person_key="P1")
    PersonLink.objects.create(person=stranger, person_key="P2")
    case = make_case(council)
    Party.objects.create(case=case, role=PartyRole.VICTIM, person=mine, name="")
    Party.objects.create(case=case, role=PartyRole.WITNESS, person=theirs, name="")

    people = linked_people([mine])
    records = subject_records(people)

    assert {p.pk for p in people} == {mine.pk, theirs.pk}
    assert [_label(r) for r in records] == [_label(mine), _label(theirs), _label(case)]


def test_no_people_no_records():
    assert subject_records([]) == []
