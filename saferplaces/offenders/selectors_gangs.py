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


def overdue_reviews(*, actor, on: dt.date, limit: int) -> list[tuple[CohortMembership, Review]]:
    """For My work: the first ``limit`` gangs-cohort members the actor's agency holds whose review is
    overdue, most overdue first (then by id); none for a role that cannot change them.

    Bounded whatever the agency holds (a borough's gangs cohort, its unmarked members all overdue): the
    marked members are read in the order of their mark's review date, the unmarked in the order they
    joined, ``limit`` of each and those due the same day as the last; their due dates are worked out here
    (``review_due``), and the two lists merged. An unmarked member is due ``REVIEW_MONTHS`` calendar
    months after joining, which is never less than 89 days later (31 January to 30 April): that
    bound narrows the read, the exact date decides."""
    if not actor.has_role_permission("personal.change"):
        return []
    held = visible_members(actor, "change").filter(owner_agency_id=actor.agency_id)
    marked = list(held.filter(gangs_mark__next_review_on__lt=on).order_by("gangs_mark__next_review_on", "pk")[:limit])
    unmarked = held.filter(gangs_mark__isnull=True, started_on__lt=on - dt.timedelta(days=89))
    first = list(unmarked.order_by("started_on", "pk")[:limit])
    if len(first) == limit:
        # Joined on different days, due the same day (clamped to the month's end): read the last one's ties.
        last, read = first[-1].started_on, {m.pk for m in first}
        first += [m for m in unmarked.filter(started_on__gte=last, started_on__lte=last + dt.timedelta(days=3))
                  if m.pk not in read]
    rows = [(m, review_of(m, on)) for m in marked + first]
    return sorted([row for row in rows if row[1].overdue], key=lambda row: (row[1].due, row[0].pk))[:limit]


def documents(agency) -> list[GangsDocument]:
    return list(GangsDocument.objects.filter(agency=agency).select_related("uploaded_by"))


def removals(agency, limit: int = 50) -> list[GangsRemoval]:
    """The agency's latest removals, each with the exports to recall."""
    return list(GangsRemoval.objects.filter(agency=agency).select_related("removed_by")
                .prefetch_related("exports__actor", "exports__agency")[:limit])
