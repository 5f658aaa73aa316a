"""Writes for MARAC meetings: the meeting and its attendance list, the case list, each agency's
research and the actions agreed.

The coordinating agency holds the meeting: only it changes the attendance list and the case list
and minutes the actions (putting an agency on the list lets it see every case, so nobody else may).
Each agency writes its own research. An action is completed by its agency or by the coordinator.
The caller has authorised the actor for the record (``selectors.*_access``); each service checks
the role and refuses what these rules do not allow with :class:`MaracError`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from saferplaces.core.context import acting_as
from saferplaces.marac import rules, selectors
from saferplaces.marac.models import (
    Attendance,
    AttendanceStatus,
    Criterion,
    MaracAction,
    MaracCase,
    MaracMeeting,
    Research,
)
from saferplaces.policy.rules import may, require_permission
from saferplaces.victims import dash
from saferplaces.victims.models import Service

#: ``Person.sex`` → the case's gender, when the form leaves it to the person record
_SEX_TO_GENDER = {"F": "female", "M": "male"}


class MaracError(ValueError):
    """A change that cannot be made as given; the message says what to fix."""


def _holder_only(actor, meeting: MaracMeeting, what: str) -> None:
    if actor.agency_id != meeting.owner_agency_id:
        raise MaracError(f"Only the coordinating agency, {meeting.owner_agency.name}, {what}")


@transaction.atomic
def meeting_create(*, actor, held_on: dt.date, chair: str, location: str, notes: str = "",
                   agencies=()) -> MaracMeeting:
    """A meeting held by the actor's agency, with the agencies expected at it (the actor's own always)."""
    require_permission(actor, "personal.change")
    with acting_as(actor):
        meeting = MaracMeeting.objects.create(owner_agency=actor.agency, held_on=held_on, chair=chair,
                                              location=location, notes=notes)
        for agency in {actor.agency, *agencies}:
            Attendance.objects.create(meeting=meeting, agency=agency)
    return meeting


@transaction.atomic
def attendance_record(*, actor, meeting: MaracMeeting, agency, status: str, attendee_role: str = "") -> Attendance:
    """Put an agency on the meeting's list, or record whether it attended (and the attendee's role)."""
    require_permission(actor, "personal.change")
    _holder_only(actor, meeting, "keeps the attendance list")
    if status in (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT) and meeting.held_on > timezone.localdate():
        raise MaracError("The meeting has not been held yet: record who attended on or after its date")
    if status == AttendanceStatus.PRESENT and not attendee_role.strip():
        raise MaracError("Give the role of the person who attended")
    with acting_as(actor):
        attendance, created = Attendance.objects.get_or_create(
            meeting=meeting, agency=agency, defaults={"status": status, "attendee_role": attendee_role.strip()})
        if not created:
            attendance.status, attendance.attendee_role = status, attendee_role.strip()
            attendance.save()
    return attendance


def criterion_of(referral) -> str:
    """Which of SafeLives' three criteria the referral met."""
    if referral.dash_score is not None and referral.dash_score >= dash.HIGH_RISK_THRESHOLD:
        return Criterion.VISIBLE_HIGH_RISK
    if referral.professional_judgement:
        return Criterion.PROFESSIONAL_JUDGEMENT
    return Criterion.ESCALATION


@transaction.atomic
def case_add(*, actor, meeting: MaracMeeting, referral, victim_name: str = "", perpetrator_name: str = "",
             age_band: str = "", gender: str = "", **dataset) -> MaracCase:
    """Put a MARAC referral on the meeting's case list, with the SafeLives dataset fields.

    The repeat flag is worked out here by SafeLives' definition; the age band and gender come from
    the person record when the form leaves them blank.
    """
    require_permission(actor, "personal.change")
    _holder_only(actor, meeting, "keeps the case list")
    if referral.service != Service.MARAC:
        raise MaracError("Only a referral to MARAC can be heard at a MARAC meeting")
    if referral.referred_on > meeting.held_on:
        raise MaracError("The referral was made after the meeting")
    if MaracCase.objects.filter(meeting=meeting, referral=referral).exists():
        raise MaracError("The referral is already on this meeting's case list")
    person = referral.person
    repeat, previous = selectors.repeat_of(referral)
    with acting_as(actor):
        return MaracCase.objects.create(
            owner_agency=meeting.owner_agency, meeting=meeting, referral=referral,
            victim_name=victim_name.strip() or f"{person.forename} {person.surname}",
            perpetrator_name=perpetrator_name.strip(), repeat=repeat, previous_referral_on=previous,
            criterion=criterion_of(referral), dash_score=referral.dash_score,
            referring_agency_id=referral.owner_agency_id,
            age_band=age_band or rules.age_band(person.date_of_birth, referral.referred_on),
            gender=gender or _SEX_TO_GENDER.get(person.sex, "unknown"), **dataset)


@transaction.atomic
def research_submit(*, actor, case: MaracCase, text: str) -> Research:
    """The actor's agency's research on the case: one per agency, replaced when submitted again."""
    require_permission(actor, "personal.change")
    if not text.strip():
        raise MaracError("Enter what your agency found")
    with acting_as(actor):
        research, created = Research.objects.get_or_create(
            case=case, owner_agency=actor.agency,
            defaults={"text": text.strip(), "submitted_by": actor})
        if not created:
            research.text, research.submitted_by, research.submitted_at = text.strip(), actor, timezone.now()
            research.save()
    return research


@transaction.atomic
def action_add(*, actor, case: MaracCase, agency, text: str, due_on: dt.date, owner_user=None) -> MaracAction:
    """An action agreed at the meeting, minuted by the coordinator, held by the agency that owns it."""
    require_permission(actor, "personal.change")
    _holder_only(actor, case.meeting, "minutes the actions")
    if owner_user is not None:
        if owner_user.agency_id != agency.pk:
            raise MaracError(f"{owner_user.display_name} does not work for {agency.name}")
        if not may(owner_user, "personal.change"):
            raise MaracError(f"{owner_user.display_name}'s role cannot work on cases")
    if due_on < case.meeting.held_on:
        raise MaracError("The action is due before the meeting that agreed it")
    with acting_as(actor):
        return MaracAction.objects.create(owner_agency=agency, case=case, owner_user=owner_user, text=text.strip(),
                                          due_on=due_on)


@transaction.atomic
def action_complete(*, actor, action: MaracAction, on: dt.date | None = None) -> MaracAction:
    """Mark the action done: by its own agency, or by the coordinator."""
    require_permission(actor, "personal.change")
    if actor.agency_id not in (action.owner_agency_id, action.case.meeting.owner_agency_id):
        raise MaracError("Only the agency that owns the action, or the coordinator, completes it")
    if action.done_on:
        raise MaracError("The action is already done")
    action.done_on = on or timezone.localdate()
    with acting_as(actor):
        action.save()
    return action
