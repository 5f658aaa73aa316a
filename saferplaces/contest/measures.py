"""Measures for the plan's Contest (Protect) KPIs, computed from the group's registers.

Counted over every agency's records: a KPI is a figure for the partnership, not a view of records
(it names no site). Project Griffin and Project Argus, which the plan's KPIs name, were replaced by
ACT Awareness and ACT Strategic: each KPI counts its historic sessions and their successors.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum

from saferplaces.contest.models import SecurityAssessment, SessionKind, Site, TrainingSession
from saferplaces.plans.measures import register

AWARENESS = (SessionKind.ACT_AWARENESS, SessionKind.GRIFFIN)
STRATEGIC = (SessionKind.ACT_STRATEGIC, SessionKind.ARGUS)


def sites_identified(start: dt.date, end: dt.date) -> float:
    """Sites identified as vulnerable on or before the period's end."""
    return float(Site.objects.filter(identified_on__lte=end).count())


def sites_assessed(start: dt.date, end: dt.date) -> float:
    """Of those, the sites with an assessment in force at the period's end: assessed on or before it and
    not yet due again (a site whose re-assessment fell due in the period and was not done drops out)."""
    in_force = SecurityAssessment.objects.filter(assessed_on__lte=end, next_due_on__gt=end)
    return float(Site.objects.filter(identified_on__lte=end, pk__in=in_force.values("site_id")).count())


def sites_assessed_share(start: dt.date, end: dt.date) -> float:
    """Percentage of the sites identified with an assessment in force at the period's end (0 with none)."""
    identified = sites_identified(start, end)
    return round(100.0 * sites_assessed(start, end) / identified, 1) if identified else 0.0


def _sessions(start, end, kinds=None):
    sessions = TrainingSession.objects.filter(held_on__range=(start, end))
    return sessions.filter(kind__in=kinds) if kinds else sessions


def _total(sessions, field: str) -> float:
    return float(sessions.aggregate(total=Sum(field))["total"] or 0)


def sessions_held(start, end) -> float:
    return float(_sessions(start, end).count())


def people_trained(start, end) -> float:
    return _total(_sessions(start, end), "people_trained")


def organisations_trained(start, end) -> float:
    """Organisations trained in the period's sessions, counted once a session (an organisation at two
    sessions counts twice: the plan counts attendances)."""
    return _total(_sessions(start, end), "organisation_count")


def awareness_sessions(start, end) -> float:
    return float(_sessions(start, end, AWARENESS).count())


def awareness_people(start, end) -> float:
    return _total(_sessions(start, end, AWARENESS), "people_trained")


def strategic_sessions(start, end) -> float:
    return float(_sessions(start, end, STRATEGIC).count())


def strategic_organisations(start, end) -> float:
    return _total(_sessions(start, end, STRATEGIC), "organisation_count")


def register_all() -> None:
    register("contest.sites_identified", "Vulnerable sites identified", "count", sites_identified)
    register("contest.sites_assessed", "Vulnerable sites with an assessment in force", "count", sites_assessed)
    register("contest.sites_assessed_share", "Percentage of identified sites with an assessment in force",
             "percentage", sites_assessed_share)
    register("contest.sessions", "Counter-terrorism awareness sessions held (every type)", "count", sessions_held)
    register("contest.people_trained", "People trained in counter-terrorism awareness (every type)", "count",
             people_trained)
    register("contest.organisations_trained", "Organisations trained in counter-terrorism awareness (every type)",
             "count", organisations_trained)
    register("contest.awareness_sessions", "ACT Awareness (formerly Project Griffin) sessions", "count",
             awareness_sessions)
    register("contest.awareness_people", "People trained in ACT Awareness (formerly Project Griffin)", "count",
             awareness_people)
    register("contest.strategic_sessions", "ACT Strategic (formerly Project Argus) sessions", "count",
             strategic_sessions)
    register("contest.strategic_organisations", "Organisations trained in ACT Strategic (formerly Project Argus)",
             "count", strategic_organisations)
