"""Writes to the directory: the partnership's vocabulary, reviews of entries, and corrections.

A partner who sees a mistake proposes a correction to one field of a service (any signed-in user);
the service's keepers (``freshness.may_keep``) accept it, which applies the value and counts as a
review, or reject it, with a note either way.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone

from saferplaces.core.context import acting_as
from saferplaces.directory import taxonomy
from saferplaces.directory.freshness import may_keep
from saferplaces.directory.models import (
    MAX_AGE,
    Correction,
    CorrectionStatus,
    Service,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)

#: The fields of a service a correction may change, with their labels.
CORRECTABLE = {
    "name": "Name", "description": "Description", "eligibility_description": "Who it is for",
    "minimum_age": "Youngest age", "maximum_age": "Oldest age", "fees": "Fees", "url": "Website",
    "email": "Email", "status": "Status", "alert": "Notice (for example a temporary closure)",
}


class DirectoryError(ValueError):
    """A change that cannot be made as given; the message says what to fix."""


@transaction.atomic
def taxonomy_ensure() -> Taxonomy:
    """The partnership's vocabulary (``directory/taxonomy.py``), made or brought up to date."""
    vocabulary, _ = Taxonomy.objects.update_or_create(id=taxonomy.TAXONOMY_ID, defaults={
        "name": taxonomy.TAXONOMY_NAME, "description": taxonomy.TAXONOMY_DESCRIPTION, "version": taxonomy.VERSION})
    for code, (name, description) in taxonomy.TERMS.items():
        TaxonomyTerm.objects.update_or_create(id=taxonomy.term_id(code), defaults={
            "name": name, "description": description, "taxonomy": vocabulary, "term": code})
    return vocabulary


def _require_keeper(actor, service: Service) -> None:
    if not may_keep(actor, service):
        raise PermissionDenied("directory.manage")


@transaction.atomic
def service_review(*, actor, service: Service) -> Service:
    """Record that the service's entry was checked today and is right (ORUK ``assured_date``)."""
    _require_keeper(actor, service)
    with acting_as(actor):
        service.assured_date = timezone.localdate()
        service.assurer_email = actor.email or ""
        service.last_modified = timezone.now()
        service.save(update_fields=["assured_date", "assurer_email", "last_modified"])
    return service


def clean_value(service: Service, field: str, text: str):
    """The value ``text`` gives the service's ``field``, or :class:`DirectoryError` saying what is wrong."""
    if field not in CORRECTABLE:
        raise DirectoryError("Choose the detail to correct")
    text = text.strip()
    if field in ("minimum_age", "maximum_age"):
        if not text:
            return None
        if not text.isdigit() or int(text) > MAX_AGE:
            raise DirectoryError(f"Enter an age from 0 to {MAX_AGE}, or leave it empty for no limit")
        age = int(text)
        low, high = (age, service.maximum_age) if field == "minimum_age" else (service.minimum_age, age)
        if low is not None and high is not None and low > high:
            raise DirectoryError("The youngest age must not be above the oldest")
        return age
    if field == "status" and text not in ServiceStatus.values:
        raise DirectoryError(f"Enter a status: {', '.join(ServiceStatus.values)}")
    if field == "name" and not text:
        raise DirectoryError("Enter the service's name")
    try:
        if field == "url" and text:
            URLValidator()(text)
        if field == "email" and text:
            EmailValidator()(text)
    except ValidationError:
        raise DirectoryError(f"Enter a valid {CORRECTABLE[field].lower()}") from None
    return text


@transaction.atomic
def correction_propose(*, actor, service: Service, field: str, proposed_value: str, reason: str) -> Correction:
    """Any signed-in partner proposes a new value for one field; the keepers are asked to decide."""
    clean_value(service, field, proposed_value)
    if not reason.strip():
        raise DirectoryError("Say why the entry is wrong")
    with acting_as(actor):
        return Correction.objects.create(service=service, field=field, proposed_value=proposed_value.strip(),
                                         reason=reason.strip(), proposed_by=actor)


@transaction.atomic
def correction_decide(*, actor, correction: Correction, accept: bool, note: str = "") -> Correction:
    """Accept (apply the value, which counts as a review) or reject a pending correction."""
    service = Service.objects.select_for_update().select_related("organization").get(pk=correction.service_id)
    _require_keeper(actor, service)
    if correction.status != CorrectionStatus.PENDING:
        raise DirectoryError("This correction has already been decided")
    with acting_as(actor):
        if accept:
            setattr(service, correction.field, clean_value(service, correction.field, correction.proposed_value))
            service.assured_date = timezone.localdate()
            service.assurer_email = actor.email or ""
            service.last_modified = timezone.now()
            service.save()
        correction.status = CorrectionStatus.ACCEPTED if accept else CorrectionStatus.REJECTED
        correction.decided_by = actor
        correction.decided_at = timezone.now()
        correction.decision_note = note.strip()
        correction.save()
    return correction
