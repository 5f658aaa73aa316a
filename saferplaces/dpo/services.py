"""Writes of the DPIA register and the breach log: each service checks the permission once and saves in
one transaction, acting as the user so that the change history names them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from saferplaces.core.context import acting_as
from saferplaces.dpo.models import DPIA, Breach
from saferplaces.policy.rules import require_permission

PERMISSION = "dpo.records"


@transaction.atomic
def dpia_save(*, actor, dpia: DPIA, agreements=None, signed_off: bool = False) -> DPIA:
    """Record a new DPIA of the actor's agency or change one; ``signed_off`` records the actor's sign-off
    today (kept until the assessment is signed again)."""
    require_permission(actor, PERMISSION)
    if dpia.pk is None:
        dpia.owner_agency, dpia.recorded_by = actor.agency, actor
    elif dpia.owner_agency_id != actor.agency_id:
        raise PermissionDenied("Only the agency's own data protection officers change its DPIAs")
    if signed_off:
        dpia.signed_off_by, dpia.signed_off_on = actor, timezone.localdate()
    with acting_as(actor):
        dpia.save()
        if agreements is not None:
            dpia.agreements.set(agreements)
    return dpia


@transaction.atomic
def breach_save(*, actor, breach: Breach) -> Breach:
    """Record a new personal-data breach of the actor's agency, or what has happened since."""
    require_permission(actor, PERMISSION)
    if breach.pk is None:
        breach.owner_agency, breach.recorded_by = actor.agency, actor
    elif breach.owner_agency_id != actor.agency_id:
        raise PermissionDenied("Only the agency's own data protection officers change its breach log")
    with acting_as(actor):
        breach.save()
    return breach
