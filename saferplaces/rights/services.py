"""Writes of the rights app: ``noun_verb(*, actor, ...)`` in one transaction each.

Every step of a subject access request writes an access event with the reason ``legal`` and the request's
reference as its justification (DPA 2018 s.62 logging; UK GDPR Art. 5(2) accountability), so that the
access log shows who found, reviewed, redacted and disclosed what, and when.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from saferplaces.accounts.models import User
from saferplaces.accounts.roles import Role
from saferplaces.asb.models import AsbCase, CivilOrder, ProtectionNotice
from saferplaces.audit.models import AccessAction, JustificationReason
from saferplaces.audit.services import access_record, access_record_many
from saferplaces.core.context import acting_as
from saferplaces.marac.models import MaracCase
from saferplaces.notifications.models import NotificationKind
from saferplaces.notifications.services import notification_send_many
from saferplaces.people.models import Person
from saferplaces.people.subject_records import linked_people, subject_records
from saferplaces.policy.models import Restriction
from saferplaces.policy.rules import require_permission
from saferplaces.rights import erasure
from saferplaces.rights.models import (
    Decision,
    PartnerRequest,
    PartnerStatus,
    Redaction,
    RedactionDecision,
    RequestKind,
    RightsRequest,
    SarItem,
    SarStatus,
    SubjectAccessRequest,
)


class RightsError(ValidationError):
    """A step that cannot be taken, with a message for the DPO."""


def _require_dpo_of(actor, agency_id) -> None:
    require_permission(actor, "rights.manage")
    if agency_id != actor.agency_id:
        raise PermissionDenied("Another agency's request")


def log_step(*, actor, sar: SubjectAccessRequest, step: str, action: str = AccessAction.VIEW, path: str = "",
             detail: dict | None = None) -> None:
    """One access event for a step of ``sar``: reason ``legal``, the reference and the step as the
    justification."""
    access_record(actor=actor, action=action, record=sar, reason=JustificationReason.LEGAL,
                  justification=f"Subject access request {sar.reference}: {step}", path=path,
                  detail={"step": step, **(detail or {})})


def _dpos(agency_id) -> list:
    return list(User.objects.filter(agency_id=agency_id, role=Role.DPO, is_active=True).order_by("pk"))


# --- subject access ------------------------------------------------------------------------------

def _next_reference(received_on: dt.date) -> str:
    prefix = f"SAR-{received_on.year}-"
    last = (SubjectAccessRequest.objects.filter(reference__startswith=prefix).order_by("-reference")
            .values_list("reference", flat=True).first())
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def sar_create(*, actor, forename: str, surname: str, received_on: dt.date, date_of_birth=None, postcode: str = "",
               identity_checked: bool = False, is_sample: bool = False) -> SubjectAccessRequest:
    """Record a subject access request received by the actor's agency; its clock starts at ``received_on``."""
    require_permission(actor, "rights.manage")
    if received_on > timezone.localdate():
        raise RightsError("The date received cannot be in the future")
    with acting_as(actor):
        sar = SubjectAccessRequest.objects.create(
            agency=actor.agency, reference=_next_reference(received_on), forename=forename.strip(),
            surname=surname.strip(), date_of_birth=date_of_birth, postcode=postcode.upper().strip(),
            identity_checked=identity_checked, received_on=received_on, created_by=actor, is_sample=is_sample)
    log_step(actor=actor, sar=sar, step="request recorded")
    return sar


@transaction.atomic
def sar_extend(*, actor, sar: SubjectAccessRequest, reason: str) -> SubjectAccessRequest:
    """Extend the time to answer by two further months (Art. 12(3)): once, with the reason the subject is told."""
    _require_dpo_of(actor, sar.agency_id)
    if sar.extended:
        raise RightsError("This request has already been extended")
    if not reason.strip():
        raise RightsError("Give the reason for the extension")
    with acting_as(actor, reason=reason):
        sar.extended, sar.extension_reason = True, reason.strip()
        sar.save()
    log_step(actor=actor, sar=sar, step="time extended by two months")
    return sar


def _third_parties(record, subject_ids: set[int]) -> list[str]:
    """Names of other people in ``record`` (Art. 15(4); DPA 2018 Sch. 2 para 16): the parties of an ASB
    case that are not the subject, the named recipient of a notice or order against someone else, the
    other person named on a MARAC case."""
    names: list[str] = []
    if isinstance(record, AsbCase):
        for party in record.parties.all():
            if party.person_id not in subject_ids and not party.is_business:
                names.append(party.details()[0])
    elif isinstance(record, ProtectionNotice | CivilOrder):
        party = record.party
        name = record.recipient_name if isinstance(record, ProtectionNotice) else record.subject_name
        if name and (party is None or party.person_id not in subject_ids):
            names.append(name)
    elif isinstance(record, MaracCase):
        if record.referral.person_id in subject_ids:
            names.append(record.perpetrator_name)
        else:
            names.append(record.victim_name)
    return [n.strip() for n in names if n and n.strip()]


@transaction.atomic
def sar_find(*, actor, sar: SubjectAccessRequest, person: Person, path: str = "") -> SubjectAccessRequest:
    """The subject is ``person`` (a record of the actor's agency): find every record about them through
    person linkage (``people.subject_records``). The agency's own records join the package; each partner
    holding linked records is sent a request naming which (types and ids), and its DPOs are told.
    Third-party names found in the own records are put up for the redaction review."""
    _require_dpo_of(actor, sar.agency_id)
    if person.owner_agency_id != actor.agency_id:
        raise RightsError("Choose a record your agency holds: partners answer for theirs")
    people = linked_people([person])
    subject_ids = {p.pk for p in people}
    records = subject_records(people)
    own = [r for r in records if r.owner_agency_id == actor.agency_id]
    partners: dict[int, list] = defaultdict(list)
    for record in records:
        if record.owner_agency_id != actor.agency_id:
            partners[record.owner_agency_id].append(record)
    with acting_as(actor):
        sar.person = person
        sar.save()
        for record in own:
            SarItem.objects.get_or_create(
                sar=sar, content_type=ContentType.objects.get_for_model(record), object_id=record.pk,
                defaults={"label": f"{record._meta.verbose_name.capitalize()} {record.pk}"})
        for agency_id, theirs in partners.items():
            listed = [[r._meta.label_lower, r.pk, f"{r._meta.verbose_name} {r.pk}"] for r in theirs]
            request, created = PartnerRequest.objects.get_or_create(
                sar=sar, agency_id=agency_id, defaults={"records": listed, "sent_by": actor})
            if not created and request.records != listed:
                request.records = listed
                request.save()
            if created:
                notification_send_many(recipients=_dpos(agency_id), kind=NotificationKind.SUBJECT_ACCESS,
                                       reference=f"{sar.reference}: {len(theirs)} linked record"
                                                 f"{'' if len(theirs) == 1 else 's'}",
                                       url=reverse("rights:partner_request", kwargs={"pk": request.pk}),
                                       dates=[("Answer by", sar.due_on)], actor=actor)
        for record in own:
            for name in _third_parties(record, subject_ids):
                Redaction.objects.get_or_create(sar=sar, text=name[:200], defaults={
                    "found_in": f"{record._meta.verbose_name.capitalize()} {record.pk}"})
    justification = f"Subject access request {sar.reference}: records found by person linkage"
    access_record_many(actor=actor, action=AccessAction.VIEW, reason=JustificationReason.LEGAL,
                       justification=justification, path=path, detail={"step": "records found", "sar": sar.pk},
                       records=[(r, "subject access request (own agency)") for r in own])
    log_step(actor=actor, sar=sar, step="subject found", action=AccessAction.SEARCH, path=path,
             detail={"person": person.pk, "linked_people": sorted(subject_ids), "own_records": len(own),
                     "partner_agencies": sorted(partners)})
    return sar


@transaction.atomic
def redaction_add(*, actor, sar: SubjectAccessRequest, text: str, reason: str, path: str = "") -> Redaction:
    """Redact other third-party information the DPO found in the package (e.g. a name in a note)."""
    _require_dpo_of(actor, sar.agency_id)
    text = text.strip()
    if not text or not reason.strip():
        raise RightsError("Give the words to redact and the reason")
    with acting_as(actor, reason=reason):
        redaction, _ = Redaction.objects.update_or_create(sar=sar, text=text[:200], defaults={
            "decision": RedactionDecision.REDACT, "reason": reason.strip(), "decided_by": actor,
            "decided_at": timezone.now(), "found_in": "Added by the DPO"})
    log_step(actor=actor, sar=sar, step="third-party information redacted", path=path,
             detail={"redaction": redaction.pk})
    return redaction


@transaction.atomic
def redaction_decide(*, actor, redaction: Redaction, decision: str, reason: str, path: str = "") -> Redaction:
    """Redact or keep one piece of third-party information, with the reason (keeping it needs one: the
    third party consented, or disclosure without consent is reasonable, DPA 2018 Sch. 2 para 16(1))."""
    sar = redaction.sar
    _require_dpo_of(actor, sar.agency_id)
    if decision not in {RedactionDecision.REDACT, RedactionDecision.KEEP}:
        raise RightsError("Choose redact or keep")
    if not reason.strip():
        raise RightsError("Give the reason for the decision")
    with acting_as(actor, reason=reason):
        redaction.decision, redaction.reason = decision, reason.strip()
        redaction.decided_by, redaction.decided_at = actor, timezone.now()
        redaction.save()
    step = "third-party information redacted" if decision == RedactionDecision.REDACT else \
        "third-party information kept"
    log_step(actor=actor, sar=sar, step=step, path=path, detail={"redaction": redaction.pk})
    return redaction


@transaction.atomic
def sar_complete(*, actor, sar: SubjectAccessRequest) -> SubjectAccessRequest:
    """Mark the request answered (the package sent to the subject)."""
    _require_dpo_of(actor, sar.agency_id)
    if sar.person_id is None:
        raise RightsError("Find the subject's records before completing the request")
    with acting_as(actor):
        sar.status, sar.completed_on = SarStatus.COMPLETED, timezone.localdate()
        sar.save()
    log_step(actor=actor, sar=sar, step="request completed")
    return sar


@transaction.atomic
def partner_request_answer(*, actor, request: PartnerRequest, response: str) -> PartnerRequest:
    """A partner DPO's answer for their agency's linked records (what they will send the subject, or why not)."""
    _require_dpo_of(actor, request.agency_id)
    if not response.strip():
        raise RightsError("Enter your answer")
    with acting_as(actor):
        request.response, request.status = response.strip(), PartnerStatus.ANSWERED
        request.answered_by, request.answered_at = actor, timezone.now()
        request.save()
    access_record(actor=actor, action=AccessAction.VIEW, record=request.sar, reason=JustificationReason.LEGAL,
                  justification=f"Subject access request {request.sar.reference}: partner's answer",
                  detail={"step": "partner answered", "partner_request": request.pk})
    notification_send_many(recipients=[request.sent_by], kind=NotificationKind.SUBJECT_ACCESS,
                           reference=f"{request.sar.reference}: a partner answered",
                           url=request.sar.get_absolute_url(), actor=actor)
    return request


# --- correction ----------------------------------------------------------------------------------

CORRECTABLE = ("forename", "surname", "date_of_birth", "sex", "postcode", "address", "source_reference")


@transaction.atomic
def person_correct(*, actor, person: Person, reason: str, **fields) -> Person:
    """Correct the agency's record of a person (UK GDPR Art. 16; DPA 2018 s.46): the record as it was
    stays in the change history with the reason. The DPOs of partners holding linked records of the same
    person are told, so that they can correct theirs (Art. 19)."""
    require_permission(actor, "people.correct")
    if person.owner_agency_id != actor.agency_id:
        raise PermissionDenied("Another agency's record")
    if not reason.strip():
        raise RightsError("Give the reason for the correction")
    changed = {k: v for k, v in fields.items() if k in CORRECTABLE and getattr(person, k) != v}
    if not changed:
        raise RightsError("Nothing was changed")
    if "postcode" in changed:
        changed["postcode"] = changed["postcode"].upper().strip()
    with acting_as(actor, reason=reason):
        for name, value in changed.items():
            setattr(person, name, value)
        person.save()
    for other in linked_people([person])[1:]:
        if other.owner_agency_id != actor.agency_id:
            notification_send_many(
                recipients=_dpos(other.owner_agency_id), kind=NotificationKind.RECORD_CORRECTED,
                reference=f"{actor.agency.short_name} corrected a person record linked to yours "
                          f"({', '.join(sorted(changed))})",
                url=reverse("rights:person_correct", kwargs={"pk": other.pk}), actor=actor)
    return person


# --- erasure and restriction ---------------------------------------------------------------------

@transaction.atomic
def rights_request_create(*, actor, person: Person, kind: str, received_on: dt.date, grounds: str,
                          is_sample: bool = False) -> RightsRequest:
    """Record a request to erase (Art. 17) or restrict (Art. 18) the agency's record of ``person``."""
    require_permission(actor, "rights.manage")
    if person.owner_agency_id != actor.agency_id:
        raise RightsError("Choose a record your agency holds")
    if kind not in RequestKind.values:
        raise RightsError("Choose erasure or restriction")
    with acting_as(actor):
        return RightsRequest.objects.create(agency=actor.agency, kind=kind, person=person,
                                            person_label=f"Person record {person.pk}", received_on=received_on,
                                            grounds=grounds.strip(), created_by=actor, is_sample=is_sample)


def _own_records(request: RightsRequest) -> list:
    """The person record and every other record about that person that the agency holds."""
    return [r for r in subject_records([request.person]) if r.owner_agency_id == request.agency_id]


@transaction.atomic
def rights_request_decide(*, actor, request: RightsRequest, decision: str, reason: str) -> RightsRequest:
    """Grant or refuse, with the reason the subject is told (Art. 12(4) when refused). A granted
    restriction hides the person's records at the agency from everyone (``policy.access``) until it is
    lifted; a granted erasure erases them (``rights.erasure``)."""
    _require_dpo_of(actor, request.agency_id)
    if request.decision != Decision.PENDING:
        raise RightsError("This request has been decided")
    if decision not in {Decision.GRANTED, Decision.REFUSED}:
        raise RightsError("Choose grant or refuse")
    if not reason.strip():
        raise RightsError("Give the reason for the decision")
    if decision == Decision.GRANTED and request.person is None:
        raise RightsError("The person record is no longer held")
    with acting_as(actor, reason=reason):
        request.decision, request.decision_reason = decision, reason.strip()
        request.decided_by, request.decided_at = actor, timezone.now()
        request.save()
        if decision == Decision.GRANTED and request.kind == RequestKind.RESTRICTION:
            for record in _own_records(request):
                ct = ContentType.objects.get_for_model(record)
                if not Restriction.objects.active().filter(content_type=ct, object_id=record.pk).exists():
                    Restriction.objects.create(content_type=ct, object_id=record.pk, placed_by=actor,
                                               reason=f"{request}: {reason.strip()}")
    if decision == Decision.GRANTED and request.kind == RequestKind.ERASURE:
        erasure.erase_person(actor=actor, person=request.person, reason=f"{request}: {reason.strip()}")
    return request


@transaction.atomic
def restriction_lift(*, actor, request: RightsRequest, reason: str) -> RightsRequest:
    """Lift a restriction in force (Art. 18(3): the subject is told before it is lifted)."""
    _require_dpo_of(actor, request.agency_id)
    if not request.restriction_in_force:
        raise RightsError("No restriction is in force under this request")
    if not reason.strip():
        raise RightsError("Give the reason for lifting the restriction")
    now = timezone.now()
    with acting_as(actor, reason=reason):
        request.lifted_at, request.lifted_by, request.lift_reason = now, actor, reason.strip()
        request.save()
        if request.person is not None:
            for record in _own_records(request):
                for restriction in Restriction.objects.active().filter(
                        content_type=ContentType.objects.get_for_model(record), object_id=record.pk):
                    restriction.lifted_at, restriction.lifted_by = now, actor
                    restriction.save()
    return request
