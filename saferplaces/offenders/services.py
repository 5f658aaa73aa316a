"""Writes for cohorts: adding a person to a cohort, ending a membership, importing cohort lists."""

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


#: a gangs-cohort member joins marked, once the cohort is activated: through offenders.services_gangs only
GANGS_ELSEWHERE = "Add people to the gangs cohort from the gangs cohort's page, with their mark and its criteria"


@transaction.atomic
def membership_create(*, actor, person, cohort: str, started_on: dt.date, ended_on: dt.date | None = None,
                      iom_lead: str = "", notes: str = "") -> CohortMembership:
    """Add ``person`` (a record the caller authorised the actor to change) to a cohort."""
    require_permission(actor, "personal.change")
    if cohort not in Cohort.values:
        raise MembershipError(f"Unknown cohort {cohort!r}")
    if cohort == Cohort.GANGS:
        raise MembershipError(GANGS_ELSEWHERE)
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


class _MembershipRows:
    """The row checker and creator of one cohort-list import by ``actor``."""

    def __init__(self, actor):
        self.actor = actor
        self.today = timezone.localdate()
        self.people = ImportPeople(actor)
        self.memberships = csvimport.Duplicates(set(
            CohortMembership.objects.filter(owner_agency=actor.agency)
            .values_list("person__source_reference", "cohort", "started_on")))

    def check(self, line: int, row: csvimport.Row) -> tuple[dict, list[str]]:
        problems: list[str] = []
        clean: dict = dict(row)
        clean["cohort"] = _COHORTS.get(row.get("cohort", "").lower())
        if clean["cohort"] is None:
            problems.append(f"cohort '{row.get('cohort', '')}' is not one of: {', '.join(Cohort.values)}")
        elif clean["cohort"] == Cohort.GANGS:
            problems.append(GANGS_ELSEWHERE)
        clean.update(csvimport.dates(row, {"started_on": True, "ended_on": False, "date_of_birth": False},
                                     problems))
        if clean["started_on"] and clean["started_on"] > self.today:
            problems.append("started_on is in the future")
        if clean["started_on"] and clean["ended_on"] and clean["ended_on"] < clean["started_on"]:
            problems.append("ended_on is before started_on")
        lead = row.get("iom_lead", "").lower()
        if lead and lead not in IOMLead.values:
            problems.append(f"iom_lead '{row.get('iom_lead')}' is not police or probation")
        elif lead and clean["cohort"] != Cohort.IOM:
            problems.append("iom_lead is only for the IOM cohort")
        clean["iom_lead"] = lead
        problems += self.people.check(row)
        if clean["cohort"] and clean["started_on"]:
            key = (clean.get("person_reference"), clean["cohort"], clean["started_on"])
            if repeated := self.memberships.problem(key, line, "this membership"):
                problems.append(repeated)
        return clean, problems

    def create(self, clean: dict) -> CohortMembership:
        person = self.people.get_or_create(clean, clean["date_of_birth"])
        return CohortMembership.objects.create(
            owner_agency=self.actor.agency, person=person, cohort=clean["cohort"], started_on=clean["started_on"],
            ended_on=clean["ended_on"], iom_lead=clean["iom_lead"], notes=clean.get("notes", ""))


def memberships_import(*, actor, text: str) -> csvimport.ImportResult:
    """Import a cohort list (memberships owned by the actor's agency) from CSV: all rows or none."""
    require_permission(actor, "personal.change")
    rows = _MembershipRows(actor)
    with acting_as(actor):
        result = csvimport.run_import(text, columns=IMPORT_COLUMNS, required=REQUIRED_COLUMNS, check=rows.check,
                                      create=rows.create)
    result.people_created = rows.people.created
    return result
