"""Writes for ASB cases: opening, parties, incidents, risk, tasks, status, evidence files and
corrections (with their reasons).

The caller has authorised the actor for the case (``selectors.case_access(action="change")``);
each service still checks the role, and refuses what the rules do not allow with :class:`CaseError`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from saferplaces.accounts.models import User
from saferplaces.accounts.roles import Role
from saferplaces.asb import files, risk, rules
from saferplaces.asb.models import (
    AsbCase,
    Attachment,
    CaseReview,
    CaseStatus,
    Incident,
    Party,
    ReviewContribution,
    ReviewStatus,
    Task,
)
from saferplaces.core.context import acting_as
from saferplaces.geo.postcodes import in_uk
from saferplaces.notifications.models import NotificationKind
from saferplaces.notifications.services import notification_send_many
from saferplaces.people.services import person_create, split_name
from saferplaces.policy.rules import may, require_permission


class CaseError(ValueError):
    """A change to a case that cannot be made as given; the message says what to fix."""


def policy() -> rules.Policy:
    s = settings.ASB
    return rules.Policy(comply_days=s["CPW_COMPLY_DAYS"], cpn_months=s["CPN_DURATION_MONTHS"],
                        cpw_months=s["CPW_DURATION_MONTHS"], appeal_days=s["APPEAL_DAYS"], fpn_amount=s["FPN_AMOUNT"],
                        fpn_pay_days=s["FPN_PAY_DAYS"], trigger_complaints=s["TRIGGER_COMPLAINTS"],
                        trigger_months=s["TRIGGER_MONTHS"], review_days=s["REVIEW_DAYS"])


#: status → the statuses a case may move to (closing has its own service)
TRANSITIONS = {
    CaseStatus.OPEN: {CaseStatus.INVESTIGATING},
    CaseStatus.INVESTIGATING: {CaseStatus.ACTION, CaseStatus.MONITORING},
    CaseStatus.ACTION: {CaseStatus.MONITORING, CaseStatus.INVESTIGATING},
    CaseStatus.MONITORING: {CaseStatus.ACTION, CaseStatus.INVESTIGATING},
    CaseStatus.CLOSED: {CaseStatus.INVESTIGATING},  # reopened
}


def _check_point(latitude: float | None, longitude: float | None) -> None:
    if (latitude is None) != (longitude is None):
        raise CaseError("A place on the map needs both its latitude and its longitude")
    if latitude is not None and not in_uk(latitude, longitude):
        raise CaseError("The place on the map is not in the United Kingdom")


@transaction.atomic
def case_open(*, actor, title: str, location: str, postcode: str = "", summary: str = "",
              opened_on: dt.date | None = None, latitude: float | None = None,
              longitude: float | None = None) -> AsbCase:
    """Open a case led by the actor's agency, with the actor as lead officer (and its place on the map,
    if known: both of ``latitude`` and ``longitude`` or neither)."""
    require_permission(actor, "personal.change")
    _check_point(latitude, longitude)
    with acting_as(actor):
        return AsbCase.objects.create(owner_agency=actor.agency, lead_officer=actor, title=title, location=location,
                                      postcode=postcode.upper().strip(), summary=summary,
                                      latitude=latitude, longitude=longitude,
                                      opened_on=opened_on or timezone.localdate())


@transaction.atomic
def party_add(*, actor, case: AsbCase, role: str, name: str = "", person=None, is_business: bool = False,
              date_of_birth: dt.date | None = None, address: str = "", postcode: str = "") -> Party:
    """Add a party: a person record (which the caller authorised) is linked, never copied; details
    typed for a person make a new person record of the actor's agency, linked the same way; a
    business keeps the details typed."""
    require_permission(actor, "personal.change")
    if person is not None:
        if is_business:
            raise CaseError("A business cannot be linked to a person record")
        if name.strip() or date_of_birth or address.strip() or postcode.strip():
            raise CaseError("Link the person record or type the details, not both: the record's details are used")
        with acting_as(actor):
            return Party.objects.create(case=case, role=role, person=person, name="")
    if not name.strip():
        raise CaseError("Enter the name of the person or business, or choose a person record")
    if not is_business:
        # A person typed in becomes a person record of the actor's agency, so that people search and
        # linkage find them (issue 12: "one person, everywhere"); the caller offered the similar
        # records first (``people.offer``). Only businesses keep typed details.
        forename, surname = split_name(name)
        person = person_create(actor=actor, forename=forename, surname=surname, date_of_birth=date_of_birth,
                               address=address.strip(), postcode=postcode)
        with acting_as(actor):
            return Party.objects.create(case=case, role=role, person=person, name="")
    with acting_as(actor):
        return Party.objects.create(case=case, role=role, is_business=True, name=name.strip(), address=address,
                                    postcode=postcode.upper().strip())


@transaction.atomic
def incident_add(*, actor, case: AsbCase, occurred_at: dt.datetime, location: str, kind: str, description: str,
                 reporting_agency, is_complaint: bool = True, latitude: float | None = None,
                 longitude: float | None = None) -> Incident:
    require_permission(actor, "personal.change")
    if occurred_at > timezone.now():
        raise CaseError("The incident cannot be in the future")
    _check_point(latitude, longitude)
    with acting_as(actor):
        return Incident.objects.create(case=case, occurred_at=occurred_at, location=location, kind=kind,
                                       latitude=latitude, longitude=longitude,
                                       description=description, reporting_agency=reporting_agency,
                                       is_complaint=is_complaint, recorded_by=actor)


@transaction.atomic
def risk_assess(*, actor, case: AsbCase, answers, judgement_level: str = "", judgement: str = "") -> risk.Assessment:
    """Score the risk matrix; raising the level on professional judgement needs the reason."""
    require_permission(actor, "personal.change")
    result = risk.assess(answers, judgement_level)
    if result.raised and not judgement.strip():
        raise CaseError("Give the reason for raising the risk level on professional judgement")
    with acting_as(actor):
        case.risk_answers = sorted(set(answers))
        case.risk_score = result.score
        case.risk_level = result.level
        case.risk_judgement = judgement if result.raised else ""
        case.risk_assessed_on = timezone.localdate()
        case.save()
    return result


@transaction.atomic
def task_add(*, actor, case: AsbCase, title: str, assigned_agency, due_on: dt.date, assigned_to=None) -> Task:
    """A task on the case. A task for another agency names its officer, who then takes part in the
    case while the task is open (policy: association); only the lead agency brings another agency in."""
    require_permission(actor, "personal.change")
    if case.status == CaseStatus.CLOSED:
        raise CaseError("The case is closed: reopen it to add tasks")
    if assigned_to is not None and assigned_to.agency_id != assigned_agency.pk:
        raise CaseError(f"{assigned_to.display_name} does not work for {assigned_agency.name}")
    if assigned_agency.pk != case.owner_agency_id:
        if actor.agency_id != case.owner_agency_id:
            raise CaseError(f"Only the lead agency, {case.owner_agency.name}, gives tasks to other agencies: "
                            f"a task you add is for {case.owner_agency.name}")
        if assigned_to is None:
            raise CaseError(f"Name the officer at {assigned_agency.name}: they see the case while the task is open")
        if not may(assigned_to, "personal.change"):
            raise CaseError(f"{assigned_to.display_name}'s role cannot work on cases")
    with acting_as(actor):
        task = Task.objects.create(case=case, title=title, assigned_agency=assigned_agency, assigned_to=assigned_to,
                                   due_on=due_on, created_by=actor)
    _tell_assigned(actor=actor, task=task)
    return task


def _tell_assigned(*, actor, task: Task) -> None:
    """Tell whoever the task is for: the officer named, or else the caseworkers and managers of the
    agency it is for. The notification gives the case reference and the due date, not the task's
    title (which may name someone); a task for another agency's officer also shares the case."""
    case = task.case
    if task.assigned_to_id:
        recipients = [task.assigned_to]
    else:
        recipients = list(User.objects.filter(agency_id=task.assigned_agency_id, is_active=True,
                                              role__in=[Role.CASEWORKER, Role.MANAGER]).order_by("pk"))
    shared = task.assigned_agency_id != case.owner_agency_id
    reference = case.reference + (", shared with your agency while the task is open" if shared else "")
    notification_send_many(recipients=recipients, kind=NotificationKind.TASK_ASSIGNED, reference=reference,
                           url=case.get_absolute_url(), dates=[("Due", task.due_on)], actor=actor)


@transaction.atomic
def task_complete(*, actor, task: Task, on: dt.date | None = None) -> Task:
    require_permission(actor, "personal.change")
    if task.done_on:
        raise CaseError("The task is already done")
    with acting_as(actor):
        task.done_on = on or timezone.localdate()
        task.save()
    return task


@transaction.atomic
def case_move(*, actor, case: AsbCase, status: str) -> AsbCase:
    """Move a case along its lifecycle (open → under investigation → action → monitoring → closed)."""
    require_permission(actor, "personal.change")
    if status == CaseStatus.CLOSED:
        raise CaseError("Close the case with its outcome")
    allowed = TRANSITIONS[CaseStatus(case.status)]
    if status not in allowed:
        raise CaseError(f"A case that is {case.get_status_display().lower()} cannot move to "
                        f"{CaseStatus(status).label.lower()}; it can move to: "
                        f"{', '.join(sorted(s.label.lower() for s in allowed))}")
    with acting_as(actor):
        case.status = status
        if case.closed_on:
            case.closed_on, case.outcome, case.outcome_notes = None, "", ""
        case.save()
    return case


@transaction.atomic
def case_lead(*, actor, case: AsbCase, lead_officer) -> AsbCase:
    """Hand the case to another officer of the lead agency."""
    require_permission(actor, "personal.change")
    if lead_officer.agency_id != case.owner_agency_id:
        raise CaseError(f"The lead officer must work for the lead agency, {case.owner_agency.name}")
    if not may(lead_officer, "personal.change"):
        raise CaseError(f"{lead_officer.display_name}'s role cannot work on cases")
    with acting_as(actor):
        case.lead_officer = lead_officer
        case.save()
    return case


@transaction.atomic
def case_close(*, actor, case: AsbCase, outcome: str, notes: str, on: dt.date | None = None) -> AsbCase:
    """Close with an outcome: every task done, and no open case review."""
    require_permission(actor, "personal.change")
    on = on or timezone.localdate()
    if case.status == CaseStatus.CLOSED:
        raise CaseError("The case is already closed")
    if case.status == CaseStatus.OPEN:
        raise CaseError("Investigate a case before closing it: move it to under investigation first")
    if not notes.strip():
        raise CaseError("Describe the outcome")
    open_tasks = case.tasks.filter(done_on__isnull=True).count()
    if open_tasks:
        raise CaseError(f"{open_tasks} task{'s are' if open_tasks > 1 else ' is'} still open: complete "
                        f"{'them' if open_tasks > 1 else 'it'} first")
    if CaseReview.objects.filter(case=case, decided_on__isnull=True).exists():
        raise CaseError("The case review has not been decided yet")
    if on < case.opened_on:
        raise CaseError("The case cannot close before it opened")
    with acting_as(actor):
        case.status, case.closed_on, case.outcome, case.outcome_notes = CaseStatus.CLOSED, on, outcome, notes
        case.save()
    return case


@transaction.atomic
def attachment_add(*, actor, case: AsbCase, name: str, data: bytes, description: str = "") -> Attachment:
    """Keep an evidence file after checking its size and its type by content (``files.check``)."""
    require_permission(actor, "personal.change")
    try:
        filename, kind = files.check(name, data)
    except files.FileRejected as error:
        raise CaseError(str(error)) from None
    stored_name, digest = files.store(data)
    with acting_as(actor):
        return Attachment.objects.create(case=case, filename=filename, content_type=kind, size=len(data),
                                         sha256=digest, stored_name=stored_name, description=description,
                                         uploaded_by=actor)


# --- corrections: the record is personal data, so each change says why (kept in its history) -----

def _reason(reason: str) -> str:
    if not reason.strip():
        raise CaseError("Give the reason for the change: it is kept in the case's history")
    return reason.strip()


@transaction.atomic
def case_update(*, actor, case: AsbCase, title: str, location: str, postcode: str = "", summary: str = "",
                opened_on: dt.date | None = None, latitude: float | None = None, longitude: float | None = None,
                reason: str) -> AsbCase:
    """Correct the case's description and its place; the reason is kept with the change."""
    require_permission(actor, "personal.change")
    reason = _reason(reason)
    if not title.strip() or not location.strip():
        raise CaseError("Enter the case's title and where the behaviour happens")
    opened_on = opened_on or case.opened_on
    if opened_on > timezone.localdate():
        raise CaseError("The case cannot open in the future")
    if case.closed_on and opened_on > case.closed_on:
        raise CaseError("The case cannot open after it closed")
    _check_point(latitude, longitude)
    with acting_as(actor, reason=reason):
        case.title, case.location, case.summary = title.strip(), location.strip(), summary
        case.postcode, case.opened_on = postcode.upper().strip(), opened_on
        case.latitude, case.longitude = latitude, longitude
        case.save()
    return case


@transaction.atomic
def party_update(*, actor, party: Party, role: str, name: str = "", is_business: bool = False,
                 date_of_birth: dt.date | None = None, address: str = "", postcode: str = "", reason: str) -> Party:
    """Correct a party. A party linked to a person record keeps the link: only its part in the case
    changes here (the person's details are corrected on the person record, by the agency holding it)."""
    require_permission(actor, "personal.change")
    reason = _reason(reason)
    if party.person_id is not None:
        if name.strip() or date_of_birth or address.strip() or postcode.strip() or is_business:
            raise CaseError("This party is linked to a person record: correct their details on that record")
        with acting_as(actor, reason=reason):
            party.role = role
            party.save()
        return party
    if not name.strip():
        raise CaseError("Enter the name of the person or business")
    if date_of_birth and date_of_birth > timezone.localdate():
        raise CaseError("The date of birth cannot be in the future")
    with acting_as(actor, reason=reason):
        party.role, party.is_business, party.name = role, is_business, name.strip()
        party.date_of_birth = None if is_business else date_of_birth
        party.address, party.postcode = address, postcode.upper().strip()
        party.save()
    return party


@transaction.atomic
def incident_update(*, actor, incident: Incident, occurred_at: dt.datetime, location: str, kind: str,
                    description: str, reporting_agency, is_complaint: bool = True, latitude: float | None = None,
                    longitude: float | None = None, reason: str) -> Incident:
    """Correct an incident (it may change whether the Community Trigger threshold is met), its place
    on the map included."""
    require_permission(actor, "personal.change")
    reason = _reason(reason)
    if occurred_at > timezone.now():
        raise CaseError("The incident cannot be in the future")
    _check_point(latitude, longitude)
    with acting_as(actor, reason=reason):
        incident.occurred_at, incident.location, incident.kind = occurred_at, location, kind
        incident.latitude, incident.longitude = latitude, longitude
        incident.description, incident.reporting_agency, incident.is_complaint = (description, reporting_agency,
                                                                                  is_complaint)
        incident.save()
    return incident


# --- ASB case review (Community Trigger) ------------------------------------------------------

def complaint_dates(case: AsbCase) -> list[dt.date]:
    return [timezone.localtime(at).date() for at in case.incidents.filter(is_complaint=True)
            .values_list("occurred_at", flat=True)]


@transaction.atomic
def review_start(*, actor, case: AsbCase, applicant: str, requested_on: dt.date | None = None) -> CaseReview:
    """Record a request for a case review; the threshold is checked and the clock starts.

    A request below the threshold is still recorded (the applicant is told why no review follows).
    """
    require_permission(actor, "personal.change")
    requested_on = requested_on or timezone.localdate()
    if CaseReview.objects.filter(case=case).exists():
        raise CaseError("This case already has a case review")
    if not applicant.strip():
        raise CaseError("Enter who asked for the review")
    p = policy()
    count = rules.complaints_in_window(complaint_dates(case), requested_on, p.trigger_months)
    with acting_as(actor):
        return CaseReview.objects.create(
            case=case, applicant=applicant, requested_on=requested_on,
            due_on=requested_on + dt.timedelta(days=p.review_days), complaints=count,
            threshold_met=count >= p.trigger_complaints)


@transaction.atomic
def review_contribute(*, actor, review: CaseReview, text: str) -> ReviewContribution:
    """A partner agency's contribution (any agency that may see the case)."""
    require_permission(actor, "personal.change")
    if review.decided_on:
        raise CaseError("The review has been decided: contributions are closed")
    if not text.strip():
        raise CaseError("Enter your agency's information and proposals")
    with acting_as(actor):
        return ReviewContribution.objects.create(review=review, agency=actor.agency, author=actor, text=text)


@transaction.atomic
def review_decide(*, actor, review: CaseReview, decision: str, recommendations: str = "",
                  on: dt.date | None = None) -> CaseReview:
    require_permission(actor, "personal.change")
    if review.decided_on:
        raise CaseError("The review is already decided")
    if not decision.strip():
        raise CaseError("Enter the decision given to the applicant")
    if review.threshold_met and not review.contributions.exists():
        raise CaseError("No partner has contributed yet: a case review hears the partners first")
    with acting_as(actor):
        review.decision, review.recommendations = decision, recommendations
        review.decided_on = on or timezone.localdate()
        review.status = ReviewStatus.DECIDED
        review.save()
    return review
