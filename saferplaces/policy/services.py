"""Writes for sharing agreements and grants. Each runs in a transaction and is attributed to the actor."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from saferplaces.audit.models import AccessAction, JustificationReason
from saferplaces.audit.services import access_record
from saferplaces.core.context import acting_as
from saferplaces.policy import access
from saferplaces.policy.models import AccessGrant, InformationSharingAgreement
from saferplaces.policy.rules import require_permission


@transaction.atomic
def agreement_save(*, actor, agreement: InformationSharingAgreement, parties) -> InformationSharingAgreement:
    """Create or change an information-sharing agreement (data protection officers only)."""
    require_permission(actor, "isa.manage")
    with acting_as(actor):
        agreement.save()
        agreement.parties.set(parties)
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
