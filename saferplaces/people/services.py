from django.core.exceptions import PermissionDenied
from django.db import transaction

from saferplaces.audit.context import acting_as
from saferplaces.people.models import Person


@transaction.atomic
def person_create(*, actor, **fields) -> Person:
    """Record a person in the actor's own agency."""
    if not actor.has_role_permission("personal.change"):
        raise PermissionDenied("personal.change")
    fields["postcode"] = fields.get("postcode", "").upper().strip()
    with acting_as(actor):
        return Person.objects.create(owner_agency=actor.agency, **fields)
