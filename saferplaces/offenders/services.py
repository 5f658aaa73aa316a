"""Writes for cohorts: adding a person to a cohort and ending a membership."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from saferplaces.audit.context import acting_as
from saferplaces.core.permissions import require_permission
from saferplaces.offenders.models import Cohort, CohortMembership


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
