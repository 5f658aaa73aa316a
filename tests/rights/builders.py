"""A subject across two agencies: the council holds an ASB case where she is the victim of a named
neighbour (a third party, also in a note), the police hold a linked person record and a victimisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from saferplaces.accounts.roles import Role
from saferplaces.asb.models import CaseNote, PartyRole
from saferplaces.people.models import PersonLink
from saferplaces.victims.models import Victimisation
from tests.asb.builders import make_case, make_party
from tests.factories import AgencyFactory, PersonFactory, UserFactory


@dataclass
class Subject:
    council: object
    police: object
    dpo: object
    police_dpo: object
    person: object
    police_person: object
    case: object
    victimisation: object


def subject_world() -> Subject:
    council = AgencyFactory(name="Westminster Council", short_name="WCC")
    police = AgencyFactory(name="Metropolitan Police", short_name="MPS")
    dpo = UserFactory(agency=council, role=Role.DPO, username="dpo.council")
    police_dpo = UserFactory(agency=police, role=Role.DPO, username="dpo.police")
    person = PersonFactory(owner_agency=council, forename="Maria", surname="Kowalska",
                           date_of_birth=dt.date(1978, 11, 2))
    police_person = PersonFactory(owner_agency=police, forename="Maria", surname="Kowalska",
                                  date_of_birth=dt.date(1978, 11, 2))
    PersonLink.objects.create(person=person, person_key="K1")
    PersonLink.objects.create(person=police_person, person_key="K1")
    case = make_case(council, title="Noise at Harrow Road")
    make_party(case, name="", role=PartyRole.VICTIM, person=person, dob=None)
    make_party(case, name="Derek Noakes", role=PartyRole.PERPETRATOR)
    CaseNote.objects.create(case=case, contact_type="visit", contact_on=dt.date(2025, 3, 1), author=dpo,
                            text="Visited Maria; Derek Noakes played music until 3am again.")
    victimisation = Victimisation.objects.create(owner_agency=police, person=police_person, kind="other",
                                                 occurred_on=dt.date(2025, 2, 1), summary="Harassment")
    return Subject(council, police, dpo, police_dpo, person, police_person, case, victimisation)
