from django.db import transaction

from saferplaces.core.context import acting_as
from saferplaces.people.models import Person
from saferplaces.policy.rules import require_permission


def split_name(name: str) -> tuple[str, str]:
    """Forename(s) and surname of a name typed as one ("Mary Ann Jones" → "Mary Ann", "Jones"): the
    last word is taken as the surname, as person records and linkage compare the two apart."""
    words = name.split()
    if not words:
        return "", ""
    return " ".join(words[:-1]), words[-1]


@transaction.atomic
def person_create(*, actor, **fields) -> Person:
    """Record a person in the actor's own agency."""
    require_permission(actor, "personal.change")
    fields["postcode"] = fields.get("postcode", "").upper().strip()
    with acting_as(actor):
        return Person.objects.create(owner_agency=actor.agency, **fields)


class ImportPeople:
    """People an import names by the actor's agency's own reference: known ones found, new ones
    checked (forename and surname needed) and created only when the whole import is saved."""

    def __init__(self, actor):
        self.actor = actor
        self.known = {p.source_reference: p for p in Person.objects.filter(owner_agency=actor.agency).exclude(
            source_reference="")}
        self.created = 0
        self.named: set[str] = set()  # new people an earlier row of the file names

    # The person columns of an import and the fields they fill: a value longer than its field is
    # refused here, as PostgreSQL would refuse it when saving.
    FIELDS = {"person_reference": "source_reference", "forename": "forename", "surname": "surname",
              "postcode": "postcode"}

    def check(self, row: dict) -> list[str]:
        too_long = [f"{column} is longer than {limit} characters" for column, name in self.FIELDS.items()
                    if len(row.get(column, "")) > (limit := Person._meta.get_field(name).max_length)]
        if too_long:
            return too_long
        reference = row.get("person_reference", "")
        if not reference:
            return ["person_reference is empty"]
        if reference in self.known or reference in self.named:
            return []
        if not (row.get("forename") and row.get("surname")):
            return [f"person {reference} is not held by {self.actor.agency.short_name}: give forename and surname "
                    "to record them"]
        self.named.add(reference)
        return []

    def get_or_create(self, row: dict, date_of_birth) -> Person:
        """Call inside the import's transaction and ``acting_as`` block."""
        person = self.known.get(row["person_reference"])
        if person is None:
            # Only the first row naming a new person records them; later rows find them in ``known``.
            person = Person.objects.create(
                owner_agency=self.actor.agency, source_reference=row["person_reference"], forename=row["forename"],
                surname=row["surname"], date_of_birth=date_of_birth, postcode=row.get("postcode", "").upper())
            self.known[person.source_reference] = person
            self.created += 1
        return person
