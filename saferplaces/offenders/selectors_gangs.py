"""Reads for the gangs cohort: its members the viewer may see (policy decides, category ``gangs``),
their marks and review dates, the reviews overdue for My work, and the removals to recall copies for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from saferplaces.offenders import gangs
from saferplaces.offenders.models import Cohort, CohortMembership, GangsDocument, GangsRemoval
from saferplaces.offenders.services_gangs import review_due
from saferplaces.policy import access


def visible_members(actor, action: str = "view"):
    """The gangs-cohort memberships the actor may ``action``, with their person, holder and mark."""
    queryset = (CohortMembership.objects.filter(cohort=Cohort.GANGS)
                .select_related("person", "owner_agency", "gangs_mark"))
    return access.scope(actor, queryset, action)


@dataclass(frozen=True)
class Review:
    """Where a member's review stands on ``today``."""

    due: dt.date
    overdue: bool
    removal_on: dt.date  # the nightly check removes the member after this day

    @property
    def label(self) -> str:
        return "Overdue" if self.overdue else "Due"


def review_of(membership: CohortMembership, today: dt.date) -> Review:
    due = review_due(membership)
    return Review(due, gangs.is_overdue(due, today), due + dt.timedelta(days=gangs.grace_days()))


def overdue_reviews(*, actor, on: dt.date) -> list[tuple[CohortMembership, Review]]:
    """For My work: the gangs-cohort members the actor's agency holds whose review is overdue, most
    overdue first; none for a role that cannot change them. One query."""
    if not actor.has_role_permission("personal.change"):
        return []
    held = visible_members(actor, "change").filter(owner_agency_id=actor.agency_id)
    rows = [(m, review_of(m, on)) for m in held]
    return sorted([row for row in rows if row[1].overdue], key=lambda row: (row[1].due, row[0].pk))


def documents(agency) -> list[GangsDocument]:
    return list(GangsDocument.objects.filter(agency=agency).select_related("uploaded_by"))


def removals(agency, limit: int = 50) -> list[GangsRemoval]:
    """The agency's latest removals, each with the exports to recall."""
    return list(GangsRemoval.objects.filter(agency=agency).select_related("removed_by")
                .prefetch_related("exports__actor", "exports__agency")[:limit])
