"""Writes for the repeat-victim register: referrals, their outcomes, and importing victimisations."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from saferplaces.core import csvimport
from saferplaces.core.context import acting_as
from saferplaces.notifications.models import NotificationKind
from saferplaces.notifications.services import notification_send_many
from saferplaces.people.models import Person
from saferplaces.people.services import ImportPeople
from saferplaces.policy.rules import may, require_permission
from saferplaces.victims import dash, selectors
from saferplaces.victims.models import (
    ComplaintOutcome,
    Referral,
    ReferralStatus,
    Service,
    Victimisation,
    VictimisationKind,
    VictimsCodeComplaint,
)


class ReferralError(ValueError):
    """A referral that cannot be recorded as given; the message says what to fix."""


@transaction.atomic
def referral_create(*, actor, person: Person, service: str, referred_on: dt.date, consent_given: bool,
                    lawful_basis: str = "", basis_detail: str = "", victimisation: Victimisation | None = None,
                    service_name: str = "", dash_answers=None, professional_judgement: bool = False,
                    judgement_reason: str = "", directory_service=None) -> Referral:
    """Refer ``person`` (whom the caller has authorised the actor to see) to a service.

    Without consent, a lawful basis and the reason are required. A MARAC referral needs the DASH
    checklist; it must be high risk (14 or more "yes") or carry professional judgement with a reason.
    """
    require_permission(actor, "personal.change")
    if not consent_given and not (lawful_basis and basis_detail.strip()):
        raise ReferralError("Without consent, choose the lawful basis for sharing and explain it")
    if service == Service.COMMISSIONED and not service_name.strip():
        raise ReferralError("Enter the name of the commissioned service")
    score = None
    if service == Service.MARAC:
        if dash_answers is None:
            raise ReferralError("Complete the DASH checklist for a MARAC referral")
        score = dash.score(dash_answers)
        if professional_judgement and not judgement_reason.strip():
            raise ReferralError("Give the reason for your professional judgement")
        if not dash.is_high_risk(score, professional_judgement):
            raise ReferralError(f"The DASH score is {score}: MARAC takes 14 or more, or professional judgement "
                                "with a reason")
    with acting_as(actor):
        referral = Referral.objects.create(
            owner_agency=actor.agency, person=person, victimisation=victimisation, service=service,
            service_name=service_name, referred_on=referred_on, referred_by=actor, consent_given=consent_given,
            lawful_basis="" if consent_given else lawful_basis, basis_detail="" if consent_given else basis_detail,
            dash_answers=sorted(dash_answers) if dash_answers is not None else None, dash_score=score,
            professional_judgement=professional_judgement, judgement_reason=judgement_reason,
            directory_service=directory_service,
        )
    # The service's staff hear of it by its number and date only: the referral names the victim.
    notification_send_many(recipients=selectors.referral_recipients(referral),
                           kind=NotificationKind.REFERRAL_RECEIVED,
                           reference=f"Referral {referral.pk} to {referral.get_service_display().split(' (')[0]}",
                           url=_answer_url(referral), dates=[("Referred on", referral.referred_on)], actor=actor)
    return referral


def _answer_url(referral: Referral) -> str:
    # A directory service's provider answers on its own page of the referral (it has no other).
    if referral.directory_service_id:
        return reverse("directory:provider_referral", kwargs={"pk": referral.pk})
    return referral.get_absolute_url()


@transaction.atomic
def referral_update(*, actor, referral: Referral, status: str, status_on: dt.date, outcome: str = "",
                    outcome_positive: bool | None = None) -> Referral:
    """Record that the service accepted or declined the referral, or its outcome: the referring
    agency's staff, or the staff of the directory service's provider (``directory.answer_referral``)."""
    if not may(actor, "directory.answer_referral", referral):
        require_permission(actor, "personal.change")
    if status == ReferralStatus.CLOSED and not outcome.strip():
        raise ReferralError("Describe the outcome")
    if status_on < referral.referred_on:
        raise ReferralError("The date cannot be before the referral")
    with acting_as(actor):
        referral.status, referral.status_on, referral.outcome = status, status_on, outcome
        referral.outcome_positive = outcome_positive if status == ReferralStatus.CLOSED else None
        referral.save()
    return referral


@transaction.atomic
def victimisation_create(*, actor, person: Person, kind: str, occurred_on: dt.date, reported_on: dt.date | None = None,
                         reference: str = "", summary: str = "") -> Victimisation:
    """Record a victimisation of a person the actor's agency holds (the caller has authorised it)."""
    require_permission(actor, "personal.change")
    if person.owner_agency_id != actor.agency_id:
        raise ReferralError("Record victimisations against your own agency's record of the person")
    if reference and Victimisation.objects.filter(owner_agency=actor.agency, reference=reference).exists():
        raise ReferralError(f"Reference {reference} is already recorded")
    with acting_as(actor):
        return Victimisation.objects.create(owner_agency=actor.agency, person=person, kind=kind,
                                            occurred_on=occurred_on, reported_on=reported_on, reference=reference,
                                            summary=summary)


# --- importing victimisations ---------------------------------------------------------------

IMPORT_COLUMNS = ["person_reference", "forename", "surname", "date_of_birth", "postcode", "kind", "occurred_on",
                  "reported_on", "reference", "summary"]
REQUIRED_COLUMNS = {"person_reference", "kind", "occurred_on"}
_KINDS = {**{k.value: k.value for k in VictimisationKind}, **{k.label.lower(): k.value for k in VictimisationKind}}


class _VictimisationRows:
    """The row checker and creator of one victimisation import by ``actor``."""

    def __init__(self, actor):
        self.actor = actor
        self.today = timezone.localdate()
        self.people = ImportPeople(actor)
        self.references = csvimport.Duplicates(set(
            Victimisation.objects.filter(owner_agency=actor.agency).exclude(reference="")
            .values_list("reference", flat=True)))

    def check(self, line: int, row: csvimport.Row) -> tuple[dict, list[str]]:
        problems: list[str] = []
        clean: dict = dict(row)
        kind = row.get("kind", "").lower()
        if kind not in _KINDS:
            problems.append(f"kind '{row.get('kind', '')}' is not one of: "
                            f"{', '.join(k.value for k in VictimisationKind)}")
        clean["kind"] = _KINDS.get(kind)
        clean.update(csvimport.dates(row, {"occurred_on": True, "reported_on": False, "date_of_birth": False},
                                     problems))
        if clean["occurred_on"] and clean["occurred_on"] > self.today:
            problems.append("occurred_on is in the future")
        if clean["occurred_on"] and clean["reported_on"] and clean["reported_on"] < clean["occurred_on"]:
            problems.append("reported_on is before occurred_on")
        if len(row.get("reference", "")) > 60:
            problems.append("reference is longer than 60 characters")
        problems += self.people.check(row)
        ref = clean.get("reference", "")
        if ref and (repeated := self.references.problem(ref, line, f"reference {ref}")):
            problems.append(repeated)
        return clean, problems

    def create(self, clean: dict) -> Victimisation:
        person = self.people.get_or_create(clean, clean["date_of_birth"])
        return Victimisation.objects.create(
            owner_agency=self.actor.agency, person=person, kind=clean["kind"], occurred_on=clean["occurred_on"],
            reported_on=clean["reported_on"], reference=clean.get("reference", ""), summary=clean.get("summary", ""))


def victimisations_import(*, actor, text: str) -> csvimport.ImportResult:
    """Import victimisations (owned by the actor's agency) from CSV text: all rows or none.

    A row names the person by the agency's own reference; a person the agency does not hold yet is
    recorded from the row's forename, surname, date of birth and postcode.
    """
    require_permission(actor, "personal.change")
    rows = _VictimisationRows(actor)
    with acting_as(actor):
        result = csvimport.run_import(text, columns=IMPORT_COLUMNS, required=REQUIRED_COLUMNS, check=rows.check,
                                      create=rows.create)
    result.people_created = rows.people.created
    return result


def complaint_record(*, actor, received_on: dt.date, right: str, stage: str, outcome: str,
                     answered_on: dt.date | None = None, reference: str = "") -> VictimsCodeComplaint:
    """Log a Victims' Code complaint the actor's agency received (counts for the plan; no personal
    data: the complainant stays in the agency's own complaints system)."""
    require_permission(actor, "personal.change")
    if received_on > timezone.localdate():
        raise ReferralError("The date received cannot be in the future")
    if answered_on and answered_on < received_on:
        raise ReferralError("The date answered cannot be before the date received")
    if (outcome == ComplaintOutcome.OPEN) != (answered_on is None):
        raise ReferralError("Enter the date answered with the outcome, or neither while it is open")
    with acting_as(actor):
        return VictimsCodeComplaint.objects.create(agency=actor.agency, received_on=received_on, right=right,
                                                   stage=stage, outcome=outcome, answered_on=answered_on,
                                                   reference=reference, recorded_by=actor)


@transaction.atomic
def victimisation_update(*, actor, victimisation: Victimisation, kind: str, occurred_on: dt.date,
                         reported_on: dt.date | None = None, reference: str = "", summary: str = "") -> Victimisation:
    """Correct a victimisation of the actor's agency (the caller fetched it for change): the same rules
    as recording one."""
    require_permission(actor, "personal.change")
    if victimisation.owner_agency_id != actor.agency_id:
        raise ReferralError("Correct only your own agency's victimisations")
    if kind not in VictimisationKind.values:
        raise ReferralError(f"Unknown kind {kind!r}")
    if occurred_on > timezone.localdate():
        raise ReferralError("The victimisation cannot be in the future")
    if reported_on and reported_on < occurred_on:
        raise ReferralError("It cannot be reported before it happened")
    if reference and Victimisation.objects.filter(owner_agency=actor.agency, reference=reference).exclude(
            pk=victimisation.pk).exists():
        raise ReferralError(f"Reference {reference} is already recorded")
    with acting_as(actor):
        victimisation.kind, victimisation.occurred_on, victimisation.reported_on = kind, occurred_on, reported_on
        victimisation.reference, victimisation.summary = reference, summary
        victimisation.save()
    return victimisation
