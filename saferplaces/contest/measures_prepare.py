"""Prepare's measures for the plan's KPIs: exercises held against the plan's "at least one exercise a
year involving all service areas" (Contest action plan, Prepare 2.5 and 4.3), and lessons closed.
Registered by the app's ``ready`` (``plans/kpi_sources.py`` maps them to the Prepare actions)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from saferplaces.contest.models_prepare import Exercise, ExerciseKind, Lesson
from saferplaces.plans.measures import register


def _year_to(end: dt.date) -> dt.date:
    """The first day of the twelve months ending on ``end``."""
    try:
        return end.replace(year=end.year - 1) + dt.timedelta(days=1)
    except ValueError:  # 29 February: the year before has none
        return dt.date(end.year - 1, 3, 1)


def exercises_held(start: dt.date, end: dt.date) -> float:
    """Exercises of every kind held in the period."""
    return float(Exercise.objects.filter(held_on__range=(start, end)).count())


def all_services_exercise_in_year(start: dt.date, end: dt.date) -> float:
    """1 when an all-services exercise was held in the year ending on the period's last day (the
    plan's "at least one a year"), else 0: a milestone read each quarter."""
    return float(Exercise.objects.filter(kind=ExerciseKind.ALL_SERVICES,
                                         held_on__range=(_year_to(end), end)).exists())


def lessons_closed(start: dt.date, end: dt.date) -> float:
    """Lessons identified by exercises that were closed in the period."""
    return float(Lesson.objects.filter(closed_on__range=(start, end)).count())


def lessons_open(start: dt.date, end: dt.date) -> float:
    """Lessons identified by the period's end and not closed by then (lower is better)."""
    return float(Lesson.objects.filter(identified_on__lte=end)
                 .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end)).count())


register("contest.exercises_held", "Exercises held", "count", exercises_held)
register("contest.all_services_exercise", "All-services exercise held in the last twelve months", "milestone",
         all_services_exercise_in_year)
register("contest.lessons_closed", "Exercise lessons closed", "count", lessons_closed)
register("contest.lessons_open", "Exercise lessons still open", "count", lessons_open)
