"""Writes for cohorts: adding a person to a cohort and ending a membership."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from saferplaces.core import csvimport
from saferplaces.core.context import acting_as
from saferplaces.offenders.models import SHORT, Cohort, CohortMembership, IOMLead
from saferplaces.people.services import ImportPeople
from saferplaces.policy.rules import require_permission


class MembershipError(ValueError):
    pass


@transaction.atomic
def membership_create(*, actor, person, cohort: str, started_on: dt.date, ended_on: dt.date | None = None,
                      iom_lead: str = "", notes: str = "") -> CohortMembership:
    """Add ``person`` (a record the caller authorised the actor to change) to a cohort."""
    require_permission(actor, "personal.change")
    if cohort not in Cohort.values:
        raise MembershipError(f"Unknown cohort {cohort!r}")
    if ended_on and ended_on < started_on:
        raise MembershipError("The end date must be on or after the start date")
    with acting_as(actor):
        return CohortMembership.objects.create(owner_agency=actor.agency, person=person, cohort=cohort,
                                               started_on=started_on, ended_on=ended_on,
                                               iom_lead=iom_lead if cohort == Cohort.IOM else "", notes=notes)


@transaction.atomic
def membership_end(*, actor, membership: CohortMembership, ended_on: dt.date) -> CohortMembership:
    require_permission(actor, "personal.change")
    if ended_on < membership.started_on:
        raise MembershipError("The end date must be on or after the start date")
    with acting_as(actor):
        membership.ended_on = ended_on
        membership.save()
    return membership


# --- importing cohort lists -------------------------------------------------------------------

IMPORT_COLUMNS = ["person_reference", "forename", "surname", "date_of_birth", "postcode", "cohort", "started_on",
                  "ended_on", "iom_lead", "notes"]
REQUIRED_COLUMNS = {"person_reference", "cohort", "started_on"}
_COHORTS = {**{c.value: c.value for c in Cohort}, **{label.lower(): c.value for c, label in SHORT.items()}}


def _check_row(row: dict, today: dt.date) -> tuple[dict, list[str]]:
    problems: list[str] = []
    clean = dict(row)
    clean["cohort"] = _COHORTS.get(row.get("cohort", "").lower())
    if clean["cohort"] is None:
        problems.append(f"cohort '{row.get('cohort', '')}' is not one of: {', '.join(Cohort.values)}")
    clean.update(csvimport.dates(row, {"started_on": True, "ended_on": False, "date_of_birth": False}, problems))
    if clean["started_on"] and clean["started_on"] > today:
        problems.append("started_on is in the future")
    if clean["started_on"] and clean["ended_on"] and clean["ended_on"] < clean["started_on"]:
        problems.append("ended_on is before started_on")
    lead = row.get("iom_lead", "").lower()
    if lead and lead not in IOMLead.values:
        problems.append(f"iom_lead '{row.get('iom_lead')}' is not police or probation")
    elif lead and clean["cohort"] != Cohort.IOM:
        problems.append("iom_lead is only for the IOM cohort")
    clean["iom_lead"] = lead
    return clean, problems


def memberships_import(*, actor, text: str) -> csvimport.ImportResult:
    """Import a cohort list (memberships owned by the actor's agency) from CSV: all rows or none."""
    require_permission(actor, "personal.change")
    result = csvimport.ImportResult()
    table = csvimport.read_table(text, IMPORT_COLUMNS, REQUIRED_COLUMNS, result)
    today = timezone.localdate()
    people = ImportPeople(actor)
    existing = set(CohortMembership.objects.filter(owner_agency=actor.agency).values_list(
        "person__source_reference", "cohort", "started_on"))
    seen: dict[tuple, int] = {}
    rows = []
    for line, row in table:
        clean, problems = _check_row(row, today)
        problems += people.check(row)
        key = (clean.get("person_reference"), clean["cohort"], clean["started_on"])
        if clean["cohort"] and clean["started_on"]:
            if key in existing:
                problems.append("this membership is already recorded")
            elif key in seen:
                problems.append(f"this membership repeats line {seen[key]}")
            seen.setdefault(key, line)
        result.rejected.extend((line, problem) for problem in problems)
        rows.append(clean)
    if result.rejected:
        return result
    with transaction.atomic(), acting_as(actor):
        for clean in rows:
            person = people.get_or_create(clean, clean["date_of_birth"])
            CohortMembership.objects.create(owner_agency=actor.agency, person=person, cohort=clean["cohort"],
                                            started_on=clean["started_on"], ended_on=clean["ended_on"],
                                            iom_lead=clean["iom_lead"], notes=clean.get("notes", ""))
            result.imported += 1
    result.people_created = people.created
    return result
