"""Writes for the repeat-victim register: referrals, their outcomes, and importing victimisations."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from saferplaces.audit.context import acting_as
from saferplaces.core.permissions import require_permission
from saferplaces.people.models import Person
from saferplaces.victims import dash
from saferplaces.victims.models import Referral, ReferralStatus, Service, Victimisation, VictimisationKind


class ReferralError(ValueError):
    """A referral that cannot be recorded as given; the message says what to fix."""


@transaction.atomic
def referral_create(*, actor, person: Person, service: str, referred_on: dt.date, consent_given: bool,
                    lawful_basis: str = "", basis_detail: str = "", victimisation: Victimisation | None = None,
                    service_name: str = "", dash_answers=None, professional_judgement: bool = False,
                    judgement_reason: str = "") -> Referral:
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
        return Referral.objects.create(
            owner_agency=actor.agency, person=person, victimisation=victimisation, service=service,
            service_name=service_name, referred_on=referred_on, referred_by=actor, consent_given=consent_given,
            lawful_basis="" if consent_given else lawful_basis, basis_detail="" if consent_given else basis_detail,
            dash_answers=sorted(dash_answers) if dash_answers is not None else None, dash_score=score,
            professional_judgement=professional_judgement, judgement_reason=judgement_reason,
        )


@transaction.atomic
def referral_update(*, actor, referral: Referral, status: str, status_on: dt.date, outcome: str = "") -> Referral:
    """Record that the service accepted or declined the referral, or its outcome."""
    require_permission(actor, "personal.change")
    if status == ReferralStatus.CLOSED and not outcome.strip():
        raise ReferralError("Describe the outcome")
    if status_on < referral.referred_on:
        raise ReferralError("The date cannot be before the referral")
    with acting_as(actor):
        referral.status, referral.status_on, referral.outcome = status, status_on, outcome
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
MAX_ROWS = 10_000
_KINDS = {**{k.value: k.value for k in VictimisationKind}, **{k.label.lower(): k.value for k in VictimisationKind}}


@dataclass
class ImportResult:
    """``rejected`` lists (line, problem) for every bad row; when it is not empty nothing was saved."""

    imported: int = 0
    people_created: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def _date(text: str) -> dt.date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)")


def _check_row(row: dict, today: dt.date) -> tuple[dict, list[str]]:
    problems, clean = [], {}
    reference = (row.get("person_reference") or "").strip()
    if not reference:
        problems.append("person_reference is empty")
    clean["person_reference"] = reference
    kind = (row.get("kind") or "").strip().lower()
    if kind not in _KINDS:
        problems.append(f"kind '{row.get('kind', '')}' is not one of: {', '.join(k.value for k in VictimisationKind)}")
    clean["kind"] = _KINDS.get(kind)
    for name, required in (("occurred_on", True), ("reported_on", False), ("date_of_birth", False)):
        text = (row.get(name) or "").strip()
        if not text:
            if required:
                problems.append(f"{name} is empty")
            clean[name] = None
            continue
        try:
            clean[name] = _date(text)
        except ValueError as error:
            problems.append(f"{name}: {error}")
            clean[name] = None
    if clean.get("occurred_on") and clean["occurred_on"] > today:
        problems.append("occurred_on is in the future")
    if clean.get("occurred_on") and clean.get("reported_on") and clean["reported_on"] < clean["occurred_on"]:
        problems.append("reported_on is before occurred_on")
    for name in ("forename", "surname", "postcode", "reference", "summary"):
        clean[name] = (row.get(name) or "").strip()
    if len(clean["reference"]) > 60:
        problems.append("reference is longer than 60 characters")
    return clean, problems


def victimisations_import(*, actor, text: str) -> ImportResult:
    """Import victimisations (owned by the actor's agency) from CSV text: all rows or none.

    A row names the person by the agency's own reference; a person the agency does not hold yet is
    recorded from the row's forename, surname, date of birth and postcode.
    """
    require_permission(actor, "personal.change")
    result = ImportResult()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        result.rejected.append((1, f"missing columns: {', '.join(sorted(missing))}"))
        return result
    unknown = set(header) - set(IMPORT_COLUMNS)
    if unknown:
        result.rejected.append((1, f"unknown columns: {', '.join(sorted(unknown))}"))
        return result
    reader.fieldnames = header
    today = timezone.localdate()
    known = {p.source_reference: p for p in Person.objects.filter(owner_agency=actor.agency).exclude(
        source_reference="")}
    existing_refs = set(Victimisation.objects.filter(owner_agency=actor.agency).exclude(reference="")
                        .values_list("reference", flat=True))
    seen_refs: dict[str, int] = {}
    rows = []
    for line, row in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            result.rejected.append((line, f"more than {MAX_ROWS} rows: split the file"))
            break
        if None in row:
            result.rejected.append((line, "more values than columns"))
            continue
        clean, problems = _check_row(row, today)
        ref = clean["reference"]
        if ref:
            if ref in existing_refs:
                problems.append(f"reference {ref} is already recorded")
            elif ref in seen_refs:
                problems.append(f"reference {ref} repeats line {seen_refs[ref]}")
            seen_refs.setdefault(ref, line)
        if clean["person_reference"] and clean["person_reference"] not in known:
            if not (clean["forename"] and clean["surname"]):
                problems.append(f"person {clean['person_reference']} is not held by {actor.agency.short_name}: "
                                "give forename and surname to record them")
        for problem in problems:
            result.rejected.append((line, problem))
        rows.append(clean)
    if not rows and not result.rejected:
        result.rejected.append((1, "the file has no rows"))
    if result.rejected:
        return result
    with transaction.atomic(), acting_as(actor):
        for clean in rows:
            person = known.get(clean["person_reference"])
            if person is None:
                person = Person.objects.create(
                    owner_agency=actor.agency, source_reference=clean["person_reference"],
                    forename=clean["forename"], surname=clean["surname"], date_of_birth=clean["date_of_birth"],
                    postcode=clean["postcode"].upper())
                known[person.source_reference] = person
                result.people_created += 1
            Victimisation.objects.create(
                owner_agency=actor.agency, person=person, kind=clean["kind"], occurred_on=clean["occurred_on"],
                reported_on=clean["reported_on"], reference=clean["reference"], summary=clean["summary"])
            result.imported += 1
    return result
