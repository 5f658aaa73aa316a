"""A small partnership for the meetings tests: a plan with one delivery group and the Executive Group,
a coordinator and staff of a member agency and of an agency on no meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from saferplaces.accounts.roles import Role
from saferplaces.plans.models import KPI, Action, DeliveryGroup, Objective, Strategy
from tests.factories import AgencyFactory, UserFactory


@dataclass
class Partnership:
    council: object
    police: object
    health: object
    coordinator: object
    member: object  # a police manager: the police sit on the meetings
    outsider: object  # a health caseworker: health sits on none
    group: object
    executive: object
    actions: list


def partnership() -> Partnership:
    council, police, health = AgencyFactory(short_name="WCC"), AgencyFactory(short_name="MPS"), AgencyFactory()
    coordinator = UserFactory(agency=council, role=Role.COORDINATOR, email="coord@council.example")
    member = UserFactory(agency=police, role=Role.MANAGER, email="inspector@police.example")
    outsider = UserFactory(agency=health, role=Role.CASEWORKER)
    strategy = Strategy.objects.create(title="Test strategy", period_start=dt.date(2024, 4, 1),
                                       period_end=dt.date(2027, 3, 31), vision="Safer")
    executive = DeliveryGroup.objects.create(strategy=strategy, key="executive", name="Executive Group",
                                             chair="Chair", aim="Challenge", is_executive=True, order=0)
    group = DeliveryGroup.objects.create(strategy=strategy, key="victim", name="Victims", chair="Chair",
                                         aim="Support victims", order=1)
    objective = Objective.objects.create(group=group, number="1", text="Support repeat victims", order=1)
    actions = [Action.objects.create(objective=objective, text=f"Secret plan wording {i}", order=i)
               for i in range(1, 4)]
    return Partnership(council, police, health, coordinator, member, outsider, group, executive, actions)


def kpi(action, **fields) -> KPI:
    return KPI.objects.create(action=action, name=fields.pop("name", f"KPI of {action.pk}"), **fields)
