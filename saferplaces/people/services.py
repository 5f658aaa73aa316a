from django.db import transaction

from saferplaces.audit.context import acting_as
from saferplaces.people.models import Person
from saferplaces.core.permissions import require_permission


@transaction.atomic
def person_create(*, actor, **fields) -> Person:
    """Record a person in the actor's own agency."""
    require_permission(actor, "personal.change")
    fields["postcode"] = fields.get("postcode", "").upper().strip()
    with acting_as(actor):
        return Person.objects.create(owner_agency=actor.agency, **fields)
