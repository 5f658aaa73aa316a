import datetime as dt

from django.db.models import Q, QuerySet

from saferplaces.people.models import Person, PersonLink
from saferplaces.policy import access


def _date(word: str) -> dt.date | None:
    """A date of birth typed as 01/05/1990, 1/5/1990, 01-05-1990 or 1990-05-01; None otherwise."""
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(word, pattern).date()
        except ValueError:
            continue
    return None


def person_search(*, actor, query: str, action: str = "view") -> QuerySet:
    """People the actor may see matching every word of ``query``: a date matches the date of birth,
    any other word the name, postcode or reference."""
    people = access.scope(actor, Person.objects.select_related("owner_agency"), action)
    for word in query.split():
        born = _date(word)
        if born is not None:
            people = people.filter(date_of_birth=born)
            continue
        people = people.filter(
            Q(forename__icontains=word)
            | Q(surname__icontains=word)
            | Q(postcode__icontains=word.replace(" ", ""))
            | Q(source_reference__iexact=word)
        )
    return people


def person_access(*, actor, person_id: int, action: str = "view") -> Person:
    return access.fetch(actor, Person.objects.select_related("owner_agency"), person_id, action)


def linked_records(*, actor, person: Person) -> tuple[list[Person], int]:
    """The other records linked to ``person`` (same person id) that the actor may see, and how many
    more there are that they may not (a number only: see docs/people.md)."""
    key = PersonLink.objects.filter(person=person).values_list("person_key", flat=True).first()
    if not key:
        return [], 0
    others = Person.objects.filter(link__person_key=key).exclude(pk=person.pk)
    shown = list(access.scope(actor, others.select_related("owner_agency")).order_by("owner_agency__name", "pk"))
    return shown, others.count() - len(shown)


def person_key(person: Person) -> str | None:
    return PersonLink.objects.filter(person=person).values_list("person_key", flat=True).first()


def person_keys(person_ids) -> dict[int, str]:
    """Linked person id of each record; a record not linked yet stands for itself."""
    ids = set(person_ids)
    keys = dict(PersonLink.objects.filter(person_id__in=ids).values_list("person_id", "person_key"))
    return {pid: keys.get(pid, f"record-{pid}") for pid in ids}
