"""Writes for cohorts: adding a person to a cohort, deciding its case management (strand, lead, risk),
ending a membership with its reason, programme places within capacity, importing cohort lists."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from saferplaces.core import csvimport
from saferplaces.core.context import acting_as
from saferplaces.offenders.models import (
    SHORT,
    STRANDS,
    Cohort,
    CohortMembership,
    ExitReason,
    IOMLead,
    Programme,
    ProgrammePlace,
    RiskLevel,
)
from saferplaces.people.services import ImportPeople
from saferplaces.policy.rules import require_permission


class MembershipError(ValueError):
    pass


def _case_management(cohort: str, *, strand: str, risk_level: str, lead_agency, lead_officer: str,
                     lead_reason: str) -> dict:
    """The case-management fields of a membership, checked: the strand is one of its cohort's, a decided
    lead agency comes with its reason."""
    if strand and strand not in dict(STRANDS.get(cohort, [])):
        allowed = ", ".join(dict(STRANDS.get(cohort, []))) or "none"
        raise MembershipError(f"Strand {strand!r} is not one of the {SHORT[cohort]} cohort's strands ({allowed})")
    if risk_level and risk_level not in RiskLevel.values:
        raise MembershipError(f"Unknown risk level {risk_level!r}")
    if lead_agency is not None and not lead_reason.strip():
        raise MembershipError("Give the reason this agency leads")
    if lead_agency is None and (lead_officer.strip() or lead_reason.strip()):
        raise MembershipError("Choose the lead agency of the lead officer")
    return {"strand": strand, "risk_level": risk_level, "lead_agency": lead_agency,
            "lead_officer": lead_officer.strip(), "lead_reason": lead_reason.strip()}


def _exit_reason(ended_on: dt.date | None, exit_reason: str) -> str:
    if exit_reason and exit_reason not in ExitReason.values:
        raise MembershipError(f"Unknown exit reason {exit_reason!r}")
    if ended_on and not exit_reason:
        raise MembershipError("Select why the membership ended")
    if exit_reason and not ended_on:
        raise MembershipError("An exit reason is only for a membership that has ended")
    return exit_reason


@transaction.atomic
def membership_create(*, actor, person, cohort: str, started_on: dt.date, ended_on: dt.date | None = None,
                      iom_lead: str = "", notes: str = "", strand: str = "", risk_level: str = "",
                      lead_agency=None, lead_officer: str = "", lead_reason: str = "",
                      exit_reason: str = "") -> CohortMembership:
    """Add ``person`` (a record the caller authorised the actor to change) to a cohort."""
    require_permission(actor, "personal.change")
    if cohort not in Cohort.values:
        raise MembershipError(f"Unknown cohort {cohort!r}")
    if ended_on and ended_on < started_on:
        raise MembershipError("The end date must be on or after the start date")
    managed = _case_management(cohort, strand=strand, risk_level=risk_level, lead_agency=lead_agency,
                               lead_officer=lead_officer, lead_reason=lead_reason)
    with acting_as(actor):
        return CohortMembership.objects.create(owner_agency=actor.agency, person=person, cohort=cohort,
                                               started_on=started_on, ended_on=ended_on,
                                               exit_reason=_exit_reason(ended_on, exit_reason),
                                               iom_lead=iom_lead if cohort == Cohort.IOM else "", notes=notes,
                                               **managed)


@transaction.atomic
def membership_update(*, actor, membership: CohortMembership, strand: str = "", risk_level: str = "",
                      lead_agency=None, lead_officer: str = "", lead_reason: str = "",
                      iom_lead: str | None = None) -> CohortMembership:
    """Record the strand, risk level and decided lead of a membership (the caller fetched it for change)."""
    require_permission(actor, "personal.change")
    managed = _case_management(membership.cohort, strand=strand, risk_level=risk_level, lead_agency=lead_agency,
                               lead_officer=lead_officer, lead_reason=lead_reason)
    with acting_as(actor):
        for field, value in managed.items():
            setattr(membership, field, value)
        if iom_lead is not None and membership.cohort == Cohort.IOM:
            membership.iom_lead = iom_lead
        membership.save()
    return membership


@transaction.atomic
def membership_end(*, actor, membership: CohortMembership, ended_on: dt.date, exit_reason: str) -> CohortMembership:
    """End a membership with the reason; any programme place it holds is released on the same day."""
    require_permission(actor, "personal.change")
    if ended_on < membership.started_on:
        raise MembershipError("The end date must be on or after the start date")
    reason = _exit_reason(ended_on, exit_reason)
    with acting_as(actor):
        for place in membership.places.filter(ended_on__isnull=True):
            place.ended_on = max(ended_on, place.started_on)
            place.save()
        membership.ended_on = ended_on
        membership.exit_reason = reason
        membership.save()
    return membership


# --- programmes and their places --------------------------------------------------------------

class ProgrammeFull(MembershipError):
    pass


@transaction.atomic
def programme_create(*, actor, name: str, capacity: int, provider: str = "", description: str = "",
                     is_sample: bool = False) -> Programme:
    """A programme with places (e.g. "Starting Over", up to 30 at a time), set up by case managers."""
    require_permission(actor, "personal.change")
    if capacity < 1:
        raise MembershipError("A programme has at least one place")
    if Programme.objects.filter(name__iexact=name.strip()).exists():
        raise MembershipError(f"There is already a programme called {name.strip()}")
    with acting_as(actor):
        return Programme.objects.create(name=name.strip(), capacity=capacity, provider=provider.strip(),
                                        description=description, is_sample=is_sample)


def places_taken(programme: Programme) -> int:
    """Places held now (open places) on ``programme``: a partnership count, no one named."""
    return ProgrammePlace.objects.filter(programme=programme, ended_on__isnull=True).count()


@transaction.atomic
def place_take(*, actor, membership: CohortMembership, programme: Programme, started_on: dt.date) -> ProgrammePlace:
    """Give the member (a membership the caller fetched for change) a place on ``programme``, if one is
    free. The programme's row is locked first, so two people cannot take its last place at once."""
    require_permission(actor, "personal.change")
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if not programme.active:
        raise MembershipError(f"{programme} is closed")
    if membership.ended_on is not None:
        raise MembershipError("The membership has ended")
    if started_on < membership.started_on:
        raise MembershipError("The place cannot start before the membership")
    if ProgrammePlace.objects.filter(membership=membership, programme=programme, ended_on__isnull=True).exists():
        raise MembershipError(f"The member already holds a place on {programme}")
    taken = places_taken(programme)
    if taken >= programme.capacity:
        raise ProgrammeFull(f"{programme} is full: {taken} of {programme.capacity} places are taken")
    with acting_as(actor):
        return ProgrammePlace.objects.create(owner_agency=membership.owner_agency, membership=membership,
                                             programme=programme, started_on=started_on)


@transaction.atomic
def place_release(*, actor, place: ProgrammePlace, ended_on: dt.date) -> ProgrammePlace:
    """End a place (the caller fetched it for change): it is free for someone else from the next day."""
    require_permission(actor, "personal.change")
    if place.ended_on is not None:
        raise MembershipError("The place has already ended")
    if ended_on < place.started_on:
        raise MembershipError("The place cannot end before it started")
    with acting_as(actor):
        place.ended_on = ended_on
        place.save()
    return place


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
