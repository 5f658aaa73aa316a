"""Writes for sharing agreements and grants. Each runs in a transaction and is attributed to the actor."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from saferplaces.audit.models import AccessAction, JustificationReason
from saferplaces.audit.services import access_record
from saferplaces.core.context import acting_as
from saferplaces.policy import access
from saferplaces.policy.categories import RESTRICTED, category_label
from saferplaces.policy.models import (
    AccessGrant,
    AgreementSignOff,
    AgreementStatus,
    InformationSharingAgreement,
    NamedReader,
)
from saferplaces.policy.rules import require_permission


def _require_party_dpo(actor, parties) -> None:
    require_permission(actor, "isa.manage")
    if actor.agency_id not in {party.pk for party in parties}:
        raise PermissionDenied("Only the data protection officers of an agreement's parties propose or sign it")


@transaction.atomic
def agreement_propose(*, actor, agreement: InformationSharingAgreement, parties) -> InformationSharingAgreement:
    """Propose a new agreement as a draft: it shares nothing until every party's DPO has signed it
    (:func:`agreement_sign`). Only a DPO of one of the parties proposes."""
    _require_party_dpo(actor, parties)
    if agreement.pk is not None:
        raise ValueError("Propose a new agreement; change an existing one with agreement_change")
    if InformationSharingAgreement.objects.filter(reference=agreement.reference).exists():
        raise ValueError(f"An agreement with reference {agreement.reference} exists already; change it instead")
    agreement.version, agreement.previous, agreement.proposed_by = 1, None, actor
    agreement.status = AgreementStatus.DRAFT
    with acting_as(actor):
        agreement.save()
        agreement.parties.set(parties)
    return agreement


def agreement_latest(agreement: InformationSharingAgreement) -> InformationSharingAgreement:
    """The version a change starts from: the agreement's draft if one awaits sign-off, else ``agreement``."""
    return agreement.versions().filter(status=AgreementStatus.DRAFT).last() or agreement


@transaction.atomic
def agreement_change(*, actor, agreement: InformationSharingAgreement, fields: dict,
                     parties) -> InformationSharingAgreement:
    """Propose a change as a new draft version, signed like a new agreement by every party (new parties
    included). An active version stays in force until the new one is signed by all; a draft being
    changed is superseded at once (its sign-offs were for the old text). Only a DPO of a party to the
    version changed proposes; its reference stays."""
    agreement = InformationSharingAgreement.objects.select_for_update().get(pk=agreement.pk)
    _require_party_dpo(actor, agreement.parties.all())
    if agreement.status not in (AgreementStatus.DRAFT, AgreementStatus.ACTIVE):
        raise ValueError(f"A {agreement.get_status_display().lower()} agreement cannot be changed")
    if agreement_latest(agreement) != agreement:
        raise ValueError("A newer version awaits sign-off: change that one")
    last = agreement.versions().last()
    new = InformationSharingAgreement(**{name: value for name, value in fields.items() if name != "reference"},
                                      reference=agreement.reference, version=last.version + 1,
                                      previous=agreement, proposed_by=actor, status=AgreementStatus.DRAFT)
    with acting_as(actor):
        new.save()
        new.parties.set(parties)
        if agreement.status == AgreementStatus.DRAFT:
            agreement.status = AgreementStatus.SUPERSEDED
            agreement.save()
    return new


@transaction.atomic
def agreement_sign(*, actor, agreement: InformationSharingAgreement) -> InformationSharingAgreement:
    """Sign off a draft version for the actor's agency (its DPO). When every party has signed, the
    version becomes active and any active earlier version of the agreement is superseded."""
    agreement = InformationSharingAgreement.objects.select_for_update().get(pk=agreement.pk)
    parties = list(agreement.parties.all())
    _require_party_dpo(actor, parties)
    if agreement.status != AgreementStatus.DRAFT:
        raise ValueError("Only a draft awaiting sign-off can be signed")
    if agreement.sign_offs.filter(agency_id=actor.agency_id).exists():
        raise ValueError(f"{actor.agency.name} has signed this version already")
    with acting_as(actor):
        AgreementSignOff.objects.create(agreement=agreement, agency_id=actor.agency_id, signed_by=actor)
        if set(agreement.sign_offs.values_list("agency_id", flat=True)) >= {party.pk for party in parties}:
            for earlier in agreement.versions().filter(status=AgreementStatus.ACTIVE):
                earlier.status = AgreementStatus.SUPERSEDED
                earlier.save()
            agreement.status = AgreementStatus.ACTIVE
            agreement.save()
    return agreement


@transaction.atomic
def agreement_end(*, actor, agreement: InformationSharingAgreement) -> InformationSharingAgreement:
    """End an active agreement now. Any party's DPO may, alone: ending stops sharing, it widens nothing."""
    agreement = InformationSharingAgreement.objects.select_for_update().get(pk=agreement.pk)
    _require_party_dpo(actor, agreement.parties.all())
    if agreement.status != AgreementStatus.ACTIVE:
        raise ValueError("Only an active agreement can be ended")
    with acting_as(actor):
        agreement.status = AgreementStatus.ENDED
        agreement.save()
    return agreement


def grant_days() -> int:
    """How long a grant lasts at most, in days (``SAFERPLACES_GRANT_DAYS``, 90 unless set)."""
    return int(settings.SAFERPLACES_GRANT_DAYS)


def grant_latest_end(now=None) -> dt.datetime:
    """The latest moment a grant made now may run to: no grant is open-ended."""
    return (now or timezone.now()) + dt.timedelta(days=grant_days())


@transaction.atomic
def grant_create(*, actor, record, reason: str, grantee_user=None, grantee_agency=None, expires_at=None) -> AccessGrant:
    """Grant one user or agency access to one record until ``expires_at`` (at most, and by default,
    :func:`grant_days` from now); only the agency holding the record grants. Logged as an access
    event and in history."""
    require_permission(actor, "grant", record)
    if (grantee_user is None) == (grantee_agency is None):
        raise ValueError("Grant to exactly one user or one agency")
    now = timezone.now()
    expires_at = expires_at or grant_latest_end(now)
    if not now < expires_at <= grant_latest_end(now):
        raise ValueError(f"A grant ends in the future and within {grant_days()} days")
    with acting_as(actor):
        grant = AccessGrant.objects.create(
            record=record,
            grantee_user=grantee_user,
            grantee_agency=grantee_agency,
            reason=reason,
            granted_by=actor,
            expires_at=expires_at,
        )
    access_record(
        actor=actor,
        action=AccessAction.GRANT,
        reason=JustificationReason.OTHER,
        justification=reason,
        record=record,
        basis=access.basis_text(actor, record),
        detail={"grant_id": grant.pk, "grantee": str(grantee_user or grantee_agency)},
    )
    return grant


@transaction.atomic
def grant_revoke(*, actor, grant: AccessGrant) -> AccessGrant:
    """End a grant now (the holding agency's managers and data protection officers); logged as an access
    event and in history."""
    record = grant.record
    require_permission(actor, "grant", record)
    if grant.revoked_at is not None:
        raise ValueError("This grant has already been revoked")
    with acting_as(actor):
        grant.revoked_at = timezone.now()
        grant.save()
    access_record(
        actor=actor,
        action=AccessAction.REVOKE,
        reason=JustificationReason.OTHER,
        justification=f"Revoked grant {grant.pk}",
        record=record,
        basis=access.basis_text(actor, record),
        detail={"grant_id": grant.pk},
    )
    return grant


class NamingError(ValueError):
    """A named reader who cannot be added or removed; the message says why."""


def _require_keeper(actor, category: str) -> None:
    if category not in RESTRICTED:
        raise NamingError(f"{category_label(category)} is not a restricted category")
    require_permission(actor, RESTRICTED[category].keeper)


@transaction.atomic
def named_reader_add(*, actor, category: str, user, reason: str) -> NamedReader:
    """Name ``user`` a reader of the restricted ``category`` (its keepers only: ``RESTRICTED``); kept in
    the change history. It lets them read only what an agreement, a grant or their agency already reaches."""
    _require_keeper(actor, category)
    if not (user.is_active and user.has_role_permission(RESTRICTED[category].reader)):
        raise NamingError(f"{user.display_name}'s role does not read records: naming them would let them read nothing")
    if NamedReader.objects.current().filter(category=category, user=user).exists():
        raise NamingError(f"{user.display_name} is already a named reader")
    with acting_as(actor):
        return NamedReader.objects.create(category=category, user=user, reason=reason.strip(), named_by=actor)


@transaction.atomic
def named_reader_remove(*, actor, reader: NamedReader) -> NamedReader:
    """Stop ``reader`` reading the category from now; kept in the change history."""
    _require_keeper(actor, reader.category)
    if reader.removed_at is not None:
        raise NamingError("This reader has already been removed")
    with acting_as(actor):
        reader.removed_at = timezone.now()
        reader.save()
    return reader
