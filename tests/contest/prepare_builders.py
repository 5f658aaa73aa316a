"""A small partnership for the Prepare tests: the council holds the plans and the rota; the police
share counter-terrorism records with it by agreement; a health trust shares nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from saferplaces.accounts.roles import Role
from saferplaces.contest import services_prepare as services
from saferplaces.contest.models_prepare import PlanKind
from tests.factories import AgencyFactory, AgreementFactory, UserFactory


@dataclass
class Prepare:
    council: object
    police: object
    health: object
    lead: object  # the council's counter-terrorism lead: manages plans, exercises and the rota
    adviser: object  # the police's security adviser: reads what the agreement shares
    outsider: object  # a counter-terrorism lead of an agency without an agreement
    caseworker: object  # council staff without counter-terrorism permissions
    officers: list  # council officers who stand on the Gold rota


def prepare_world() -> Prepare:
    council = AgencyFactory(name="Test Council", short_name="TC")
    police = AgencyFactory(name="Test Police", short_name="TP")
    health = AgencyFactory(name="Test Health", short_name="TH")
    AgreementFactory(parties=[council, police], data_categories=["counter_terrorism"])
    lead = UserFactory(username="lead", agency=council, role=Role("ct_lead"), first_name="Lee", last_name="Lead")
    officers = [UserFactory(username=f"gold{n}", agency=council, role=Role.MANAGER, first_name="Officer",
                            last_name=f"Number {n}") for n in range(1, 4)]
    return Prepare(council=council, police=police, health=health, lead=lead,
                   adviser=UserFactory(username="adviser", agency=police, role=Role("ct_adviser")),
                   outsider=UserFactory(username="outsider", agency=health, role=Role("ct_lead")),
                   caseworker=UserFactory(username="caseworker", agency=council, role=Role.CASEWORKER),
                   officers=officers)


def a_plan(world: Prepare, *, next_review_on: dt.date, kind: str = PlanKind.BUSINESS_CONTINUITY, title="Plan A"):
    return services.plan_save(actor=world.lead, kind=kind, title=title, owner=world.lead, version="1.0",
                              last_reviewed_on=next_review_on - dt.timedelta(days=365), next_review_on=next_review_on)
