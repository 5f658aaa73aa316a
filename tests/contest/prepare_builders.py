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


def prepare_route_world(world) -> dict:
    """For the access table: a plan and an exercise (with a lesson and an action) per relationship to
    ``world.own``, a rota week and a waiting swap; made once per test."""
    from saferplaces.contest.models_prepare import Exercise, Lesson, LessonAction, ResiliencePlan, RotaSwap, RotaWeek
    from saferplaces.contest.rota import monday_of
    from saferplaces.policy.models import AccessGrant
    from tests.contest.builders import contest_world

    existing = {plan.title.removeprefix("route plan "): plan
                for plan in ResiliencePlan.objects.filter(title__startswith="route plan ")}
    if len(existing) == 4:
        return {rel: (plan, Exercise.objects.get(title=f"route exercise {rel}")) for rel, plan in existing.items()}
    contest_world(world)  # the agreement sharing counter-terrorism records with the partner
    owners = {"own": world.own, "agreement": world.partner, "grant": world.other, "unrelated": world.other}
    lead = world.users["ct_lead"]
    made = {}
    for rel, agency in owners.items():
        plan = ResiliencePlan.objects.create(owner_agency=agency, kind=PlanKind.CEREMONIAL, title=f"route plan {rel}",
                                             owner=lead, version="1", last_reviewed_on=dt.date(2025, 1, 1),
                                             next_review_on=dt.date(2026, 1, 1))
        exercise = Exercise.objects.create(owner_agency=agency, kind="tabletop", title=f"route exercise {rel}",
                                           held_on=dt.date(2025, 6, 1), objectives="Route test")
        lesson = Lesson.objects.create(exercise=exercise, text="Route lesson", identified_on=exercise.held_on)
        LessonAction.objects.create(lesson=lesson, text="Route action", owner=lead, due_on=dt.date(2025, 7, 1))
        if rel == "grant":
            for record in (plan, exercise):
                AccessGrant.objects.create(record=record, grantee_agency=world.own, reason="Joint exercise",
                                           granted_by=world.users["dpo"])
        made[rel] = (plan, exercise)
    monday = monday_of(dt.date.today()) + dt.timedelta(weeks=2)
    week = RotaWeek.objects.create(starts_on=monday, primary=world.users["manager"], reserve=lead)
    RotaSwap.objects.create(week=week, duty="primary", requested_by=world.users["manager"],
                            cover=world.users["coordinator"])
    return made


def route_plan(world, relationship):
    return {"pk": prepare_route_world(world)[relationship][0].pk}


def route_exercise(world, relationship):
    return {"pk": prepare_route_world(world)[relationship][1].pk}


def route_lesson(world, relationship):
    exercise = prepare_route_world(world)[relationship][1]
    return {"pk": exercise.pk, "lesson_pk": exercise.lessons.get().pk}


def route_lesson_action(world, relationship):
    exercise = prepare_route_world(world)[relationship][1]
    return {"pk": exercise.pk, "action_pk": exercise.lessons.get().actions.get().pk}


def route_loaded(world, relationship):
    prepare_route_world(world)
    return {}


def route_swap(world, relationship):
    from saferplaces.contest.models_prepare import RotaSwap

    prepare_route_world(world)
    return {"pk": RotaSwap.objects.get().pk}


def route_week(world, relationship):
    from saferplaces.contest.rota import monday_of

    prepare_route_world(world)
    return {"starts_on": (monday_of(dt.date.today()) + dt.timedelta(weeks=2)).isoformat()}
