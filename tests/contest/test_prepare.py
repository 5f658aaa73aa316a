"""Prepare: the plans register (who may add, change and read plans; overdue reviews on My work and
the board pack), exercises with lessons and actions, the Gold rota's services and its measures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.audit.models import AccessAction, AccessEvent
from saferplaces.contest import selectors_prepare as selectors
from saferplaces.contest import services_prepare as services
from saferplaces.contest.models_prepare import ActionStatus, Duty, ExerciseKind, PlanKind, RotaWeek, SwapStatus
from saferplaces.plans import measures
from saferplaces.plans.importer import plan_import
from saferplaces.plans.kpi_sources import kpi_sources_apply
from saferplaces.plans.models import KPI
from tests.conftest import force_login_verified
from tests.contest.prepare_builders import a_plan, prepare_world
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)  # a fixed clock: a Thursday, its week starts on Monday 23 November
MONDAY = dt.date(2026, 11, 23)


@pytest.fixture
def w():
    return prepare_world()


# --- plans register --------------------------------------------------------------------------------

def test_the_lead_adds_a_plan_held_by_their_agency_and_others_may_not(w):
    plan = a_plan(w, next_review_on=TODAY)
    assert plan.owner_agency == w.council and plan.reference == f"PLAN-{plan.pk:04d}"
    for actor in (w.caseworker, w.adviser):
        with pytest.raises((PermissionDenied, services.PrepareError)):
            services.plan_save(actor=actor, plan=plan, version="2.0")
    with pytest.raises(services.PrepareError, match="after the last one"):
        services.plan_save(actor=w.lead, plan=plan, next_review_on=plan.last_reviewed_on)


def test_plans_are_read_through_the_agreement_and_404_outside_it(w):
    plan = a_plan(w, next_review_on=TODAY)
    assert selectors.plan_access(actor=w.adviser, plan_id=plan.pk) == plan  # the police, by agreement
    with pytest.raises(Http404):
        selectors.plan_access(actor=w.outsider, plan_id=plan.pk)
    with pytest.raises(PermissionDenied):
        selectors.plans(w.caseworker)
    assert AccessEvent.objects.filter(actor=w.outsider, action=AccessAction.DENIED).count() == 1


def test_a_review_is_overdue_the_day_after_it_was_due(w):
    due_today = a_plan(w, next_review_on=TODAY, title="Due today")
    overdue = a_plan(w, next_review_on=TODAY - dt.timedelta(days=1), kind=PlanKind.EBIA, title="Overdue")
    assert not due_today.is_overdue(on=TODAY) and overdue.is_overdue(on=TODAY)
    assert selectors.overdue_plans(actor=w.lead, on=TODAY) == [overdue]
    assert selectors.my_work(actor=w.lead, on=TODAY)["overdue_plans"] == [overdue]
    assert selectors.my_work(actor=w.caseworker, on=TODAY) == {}  # nothing of Prepare for other staff
    assert selectors.overdue_by_kind(TODAY) == [
        {"kind": "Business continuity plan", "held": 1, "overdue": 0},
        {"kind": "Executive Business Impact Assessment", "held": 1, "overdue": 1}]
    # recording the review takes it off
    services.plan_save(actor=w.lead, plan=overdue, version="2.0", last_reviewed_on=TODAY,
                       next_review_on=TODAY + dt.timedelta(days=365))
    assert selectors.overdue_plans(actor=w.lead, on=TODAY) == []


# --- exercises -------------------------------------------------------------------------------------

def _exercise(w, held_on=dt.date(2026, 5, 12), kind=ExerciseKind.TABLETOP):
    return services.exercise_record(actor=w.lead, kind=kind, title="Exercise", held_on=held_on,
                                    objectives="Test the plan", agencies=[w.council, w.police])


def test_a_lesson_closes_only_when_its_actions_are_finished(w):
    exercise = _exercise(w)
    lesson = services.lesson_add(actor=w.lead, exercise=exercise, text="The call-out list is out of date")
    action = services.lesson_action_add(actor=w.lead, lesson=lesson, text="Refresh it", owner=w.lead,
                                        due_on=dt.date(2026, 6, 1))
    assert selectors.my_work(actor=w.lead, on=TODAY)["lesson_actions"] == [action]
    with pytest.raises(services.PrepareError, match="open actions"):
        services.lesson_close(actor=w.lead, lesson=lesson, on=TODAY)
    services.lesson_action_update(actor=w.lead, action=action, status=ActionStatus.DONE, on=dt.date(2026, 6, 2))
    services.lesson_close(actor=w.lead, lesson=lesson, on=dt.date(2026, 6, 3))
    lesson.refresh_from_db()
    assert lesson.closed_on == dt.date(2026, 6, 3)
    with pytest.raises(services.PrepareError, match="before the exercise"):
        services.lesson_action_add(actor=w.lead, lesson=services.lesson_add(actor=w.lead, exercise=exercise, text="x"),
                                   text="Too early", owner=w.lead, due_on=dt.date(2026, 5, 1))
    with pytest.raises((PermissionDenied, services.PrepareError)):
        services.lesson_add(actor=w.adviser, exercise=exercise, text="Not theirs")


def test_measures_count_exercises_against_one_a_year_and_lessons_closed(w):
    q3_start, q3_end = dt.date(2026, 7, 1), dt.date(2026, 9, 30)
    _exercise(w, held_on=dt.date(2025, 9, 30), kind=ExerciseKind.ALL_SERVICES)  # outside the year to 30 Sep 2026
    in_q3 = _exercise(w, held_on=dt.date(2026, 8, 4))
    _exercise(w, held_on=dt.date(2026, 10, 1))  # the next quarter
    assert measures.get("contest.exercises_held").compute(q3_start, q3_end) == 1.0
    # the all-services exercise of 30 September 2025 counts for the year to 29 September 2026, not to 30 September
    assert measures.get("contest.all_services_exercise").compute(q3_start, dt.date(2026, 9, 29)) == 1.0
    assert measures.get("contest.all_services_exercise").compute(q3_start, q3_end) == 0.0
    first = services.lesson_add(actor=w.lead, exercise=in_q3, text="One")
    second = services.lesson_add(actor=w.lead, exercise=in_q3, text="Two")
    services.lesson_add(actor=w.lead, exercise=in_q3, text="Three")
    services.lesson_close(actor=w.lead, lesson=first, on=dt.date(2026, 9, 1))
    services.lesson_close(actor=w.lead, lesson=second, on=dt.date(2026, 10, 2))
    assert measures.get("contest.lessons_closed").compute(q3_start, q3_end) == 1.0
    assert measures.get("contest.lessons_open").compute(q3_start, q3_end) == 2.0  # second closed after the quarter
    assert measures.get("contest.lessons_open").compute(dt.date(2026, 10, 1), dt.date(2026, 12, 31)) == 1.0


# --- the Gold rota ---------------------------------------------------------------------------------

def test_only_the_rota_manager_sets_weeks_on_mondays(w):
    ann, ben, _ = w.officers
    with pytest.raises(PermissionDenied):
        services.rota_week_set(actor=w.caseworker, starts_on=MONDAY, primary=ann, reserve=ben)
    with pytest.raises(services.PrepareError, match="Monday"):
        services.rota_week_set(actor=w.lead, starts_on=TODAY, primary=ann, reserve=ben)
    with pytest.raises(services.PrepareError, match="another officer"):
        services.rota_week_set(actor=w.lead, starts_on=MONDAY, primary=ann, reserve=ann)
    week = services.rota_week_set(actor=w.lead, starts_on=MONDAY, primary=ann, reserve=ben)
    assert (week.primary, week.reserve) == (ann, ben)


def test_gaps_four_weeks_ahead_are_on_the_rota_managers_my_work(w):
    ann, ben, _ = w.officers
    for n in range(6):
        services.rota_week_set(actor=w.lead, starts_on=MONDAY + dt.timedelta(weeks=n), primary=ann,
                               reserve=None if n in (2, 5) else ben)
    RotaWeek.objects.filter(starts_on=MONDAY + dt.timedelta(weeks=3)).delete()  # never filled
    gaps = [MONDAY + dt.timedelta(weeks=2), MONDAY + dt.timedelta(weeks=3)]  # the fifth week ahead is not flagged yet
    assert selectors.rota_gaps(today=TODAY) == gaps
    assert selectors.my_work(actor=w.lead, on=TODAY)["rota_gaps"] == gaps
    assert selectors.my_work(actor=w.adviser, on=TODAY).get("rota_gaps") == []


def test_a_swap_is_asked_by_the_officer_on_duty_and_decided_by_the_manager(w):
    ann, ben, cat = w.officers
    week = services.rota_week_set(actor=w.lead, starts_on=MONDAY + dt.timedelta(weeks=2), primary=ann, reserve=ben)
    with pytest.raises(services.PrepareError, match="Only the officer"):
        services.swap_request(actor=ben, week=week, duty=Duty.PRIMARY, cover=cat, on=TODAY)
    with pytest.raises(services.PrepareError, match="already on call"):
        services.swap_request(actor=ann, week=week, duty=Duty.PRIMARY, cover=ben, on=TODAY)
    swap = services.swap_request(actor=ann, week=week, duty=Duty.PRIMARY, cover=cat, reason="Leave", on=TODAY)
    with pytest.raises(services.PrepareError, match="already waiting"):
        services.swap_request(actor=ann, week=week, duty=Duty.PRIMARY, cover=cat, on=TODAY)
    with pytest.raises(PermissionDenied):
        services.swap_decide(actor=ann, swap=swap, approve=True)
    services.swap_decide(actor=w.lead, swap=swap, approve=True, note="Fine")
    week.refresh_from_db()
    swap.refresh_from_db()
    assert (week.primary, week.reserve, swap.status, swap.decided_by) == (cat, ben, SwapStatus.APPROVED, w.lead)
    with pytest.raises(services.PrepareError, match="already been decided"):
        services.swap_decide(actor=w.lead, swap=swap, approve=False)
    # the history says who was on call before and after
    history = selectors.week_history(week)
    assert [(h["primary"], h["reserve"]) for h in history] == [
        (cat.display_name, ben.display_name), (ann.display_name, ben.display_name)]
    refused = services.swap_request(actor=ben, week=week, duty=Duty.RESERVE, cover=ann, on=TODAY)
    services.swap_decide(actor=w.lead, swap=refused, approve=False)
    week.refresh_from_db()
    assert week.reserve == ben and RotaWeek.objects.count() == 1


def test_a_week_that_is_over_cannot_be_swapped(w):
    ann, ben, cat = w.officers
    week = services.rota_week_set(actor=w.lead, starts_on=MONDAY - dt.timedelta(weeks=1), primary=ann, reserve=ben)
    with pytest.raises(services.PrepareError, match="over"):
        services.swap_request(actor=ann, week=week, duty=Duty.PRIMARY, cover=cat, on=TODAY)


def test_the_prepare_actions_of_the_plan_read_the_exercise_measures(w):
    strategy = plan_import()
    kpi_sources_apply(strategy)
    measured = set(KPI.objects.filter(action__ref__startswith="PREPARE").values_list("action__ref", "measure_key"))
    assert measured == {("PREPARE1.2", "contest.exercises_held"), ("PREPARE1.2", "contest.lessons_closed"),
                        ("PREPARE1.2", "contest.lessons_open"), ("PREPARE2.5", "contest.all_services_exercise"),
                        ("PREPARE4.3", "contest.all_services_exercise"), ("PREPARE4.3", "contest.exercises_held")}


def test_the_board_pack_counts_overdue_plans_by_kind_without_naming_them(w, client):
    plan_import()
    a_plan(w, next_review_on=dt.date(2020, 1, 1), title="Secret mortuary plan", kind=PlanKind.DISASTER_MORTUARY)
    force_login_verified(client, UserFactory(agency=w.health, role=Role.SCRUTINY))
    page = client.get(reverse("plans:board_report")).content.decode()
    section = page[page.index("Resilience plans: reviews"):]
    assert "Disaster mortuary plan</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">1</td>" \
           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">1</td>" in section
    assert "Secret mortuary plan" not in page
