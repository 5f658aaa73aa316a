"""Writes for a cohort member's casework: needs assessed at the start and at each review, referrals to
services with their outcome, education/training/employment status, and panel meetings."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from saferplaces.core.context import acting_as
from saferplaces.meetings.models import ActionStatus, AttendanceStatus
from saferplaces.offenders.models import (
    PATHWAYS,
    AssessmentKind,
    CohortMembership,
    EteRecord,
    EteStatus,
    Intervention,
    InterventionOutcome,
    NeedsAssessment,
    NeedScore,
    Panel,
    PanelAction,
    PanelAttendance,
    PanelCase,
    PanelKind,
)
from saferplaces.offenders.services import MembershipError
from saferplaces.policy.rules import require_permission


def _within(membership: CohortMembership, day: dt.date, what: str) -> None:
    if day < membership.started_on or (membership.ended_on and day > membership.ended_on):
        raise MembershipError(f"The {what} must be within the membership")


@transaction.atomic
def needs_record(*, actor, membership: CohortMembership, assessed_on: dt.date, scores: dict[str, int | None],
                 notes: str = "") -> NeedsAssessment:
    """Record the member's needs (``scores``: pathway → 0–3 or None). The first assessment is the start;
    every later one a review, so change is always measured from the start."""
    require_permission(actor, "personal.change")
    _within(membership, assessed_on, "assessment date")
    unknown = set(scores) - {code for code, _ in PATHWAYS}
    if unknown:
        raise MembershipError(f"Unknown pathways: {', '.join(sorted(unknown))}")
    if any(v is not None and v not in NeedScore.values for v in scores.values()):
        raise MembershipError("Each score is 0, 1, 2 or 3")
    if all(v is None for v in scores.values()):
        raise MembershipError("Score at least one pathway")
    earlier = membership.needs.order_by("assessed_on").first()
    if earlier and assessed_on < earlier.assessed_on:
        raise MembershipError("A review cannot be before the start assessment")
    kind = AssessmentKind.REVIEW if earlier else AssessmentKind.START
    with acting_as(actor):
        return NeedsAssessment.objects.create(owner_agency=membership.owner_agency, membership=membership,
                                              assessed_on=assessed_on, kind=kind, notes=notes, **scores)


@transaction.atomic
def intervention_create(*, actor, membership: CohortMembership, service_name: str, referred_on: dt.date,
                        provider: str = "", pathway: str = "", notes: str = "",
                        directory_service=None) -> Intervention:
    """Refer the member to a service, named with its provider, and linked to the directory's service when
    it was found there (see ``Intervention``)."""
    require_permission(actor, "personal.change")
    _within(membership, referred_on, "referral date")
    if not service_name.strip():
        raise MembershipError("Enter the service")
    if pathway and pathway not in dict(PATHWAYS):
        raise MembershipError(f"Unknown pathway {pathway!r}")
    with acting_as(actor):
        return Intervention.objects.create(owner_agency=membership.owner_agency, membership=membership,
                                           service_name=service_name.strip(), provider=provider.strip(),
                                           pathway=pathway, referred_on=referred_on, notes=notes,
                                           directory_service=directory_service)


@transaction.atomic
def intervention_outcome(*, actor, intervention: Intervention, outcome: str, outcome_on: dt.date) -> Intervention:
    require_permission(actor, "personal.change")
    if outcome not in InterventionOutcome.values:
        raise MembershipError(f"Unknown outcome {outcome!r}")
    if outcome_on < intervention.referred_on:
        raise MembershipError("The outcome cannot be before the referral")
    with acting_as(actor):
        intervention.outcome = outcome
        intervention.outcome_on = outcome_on
        intervention.save()
    return intervention


@transaction.atomic
def ete_record(*, actor, membership: CohortMembership, status: str, since: dt.date, detail: str = "") -> EteRecord:
    """The member's ETE status from ``since`` (it holds until the next record)."""
    require_permission(actor, "personal.change")
    if status not in EteStatus.values:
        raise MembershipError(f"Unknown ETE status {status!r}")
    _within(membership, since, "date")
    if membership.ete.filter(since=since).exists():
        raise MembershipError("A status is already recorded from that day")
    with acting_as(actor):
        return EteRecord.objects.create(owner_agency=membership.owner_agency, membership=membership, status=status,
                                        since=since, detail=detail.strip())


# --- panels ---------------------------------------------------------------------------------------

@transaction.atomic
def panel_create(*, actor, kind: str, held_on: dt.date, place: str = "", agencies=(), is_sample: bool = False) -> Panel:
    """A panel chaired by the actor's agency, with the agencies expected at it (the chair's among them)."""
    require_permission(actor, "personal.change")
    if kind not in PanelKind.values:
        raise MembershipError(f"Unknown panel {kind!r}")
    with acting_as(actor):
        panel = Panel.objects.create(kind=kind, held_on=held_on, place=place, chair_agency=actor.agency,
                                     is_sample=is_sample)
        for agency in {actor.agency, *agencies}:
            PanelAttendance.objects.create(panel=panel, agency=agency)
    return panel


@transaction.atomic
def panel_attendance_record(*, actor, panel: Panel, agency, status: str, attendee: str = "") -> PanelAttendance:
    """Record an agency's attendance (adding it to the panel's list if it was not expected)."""
    require_permission(actor, "personal.change")
    if status not in AttendanceStatus.values:
        raise MembershipError(f"Unknown attendance {status!r}")
    with acting_as(actor):
        attendance, _ = PanelAttendance.objects.get_or_create(panel=panel, agency=agency)
        attendance.status = status
        attendance.attendee = attendee.strip()
        attendance.save()
    return attendance


@transaction.atomic
def panel_case_add(*, actor, panel: Panel, membership: CohortMembership, discussion: str = "") -> PanelCase:
    """Record that the panel discussed the member (a membership the caller fetched for change)."""
    require_permission(actor, "personal.change")
    if PanelCase.objects.filter(panel=panel, membership=membership).exists():
        raise MembershipError("The member is already on this panel's list")
    with acting_as(actor):
        return PanelCase.objects.create(owner_agency=membership.owner_agency, panel=panel, membership=membership,
                                        discussion=discussion)


@transaction.atomic
def panel_action_create(*, actor, case: PanelCase, text: str, action_agency, action_owner: str,
                        due_on: dt.date) -> PanelAction:
    require_permission(actor, "personal.change")
    if due_on < case.panel.held_on:
        raise MembershipError("The action cannot be due before the panel")
    with acting_as(actor):
        return PanelAction.objects.create(owner_agency=case.owner_agency, case=case, text=text.strip(),
                                          action_agency=action_agency, action_owner=action_owner.strip(),
                                          due_on=due_on, status=ActionStatus.OPEN)
