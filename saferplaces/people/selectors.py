import datetime as dt

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat

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
    return _matching(access.scope(actor, Person.objects.select_related("owner_agency"), action), query)


#: a search that finds at most this many records is sorted apart (see :func:`sorted_apart`)
FEW_MATCHES = 10_000


def sorted_apart(people: QuerySet) -> QuerySet | None:
    """``people`` (a search) with its name sort through expressions no index covers, when it finds at
    most :data:`FEW_MATCHES` records; None when it finds more.

    Sorted by name, a search may be read in two ways: walk the name index until a page of matches has
    gone by, or find the matches through the trigram indexes and sort them. PostgreSQL cannot tell how
    many records a word ``LIKE '%...%'`` finds, and walks the index for a word that finds a few records,
    or many that sort late ("Smith"): most of a million rows. So the matches are counted first, up to the
    limit (one query, no order: through the trigram indexes); when they are few, the page is sorted by
    ``_surname`` and ``_forename``, the same text in the same order, which no index offers, so the database
    sorts the matches it found. When they are many, a page of them is soon found along the name index.
    """
    if len(people.order_by().values_list("pk", flat=True)[:FEW_MATCHES + 1]) > FEW_MATCHES:
        return None
    return people.alias(_surname=Concat("surname", Value("")), _forename=Concat("forename", Value("")))


def _matching(people: QuerySet, query: str) -> QuerySet:
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


def linked_records(*, actor, person: Person, key: str | None = None) -> tuple[list[Person], int]:
    """The other records linked to ``person`` (same person id ``key``, read when not given; "" when it
    has none) that the actor may see, and how many more there are that they may not (a number only: see
    docs/people.md)."""
    if key is None:
        key = person_key(person)
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


#: at most this many similar person records are offered before a new one is recorded
SIMILAR_LIMIT = 10


def similar_people(*, actor, forename: str, surname: str, date_of_birth=None, postcode: str = "") -> list[Person]:
    """Person records the actor may see that may be the person about to be recorded: the same
    surname with the same forename, date of birth or postcode, or the same forename and date of
    birth (a surname that changed). Offered first so that one person does not become two records
    of the same agency (linkage joins records across agencies, not duplicates typed in twice)."""
    forename, surname = forename.strip(), surname.strip()
    postcode = postcode.upper().replace(" ", "")
    if not surname:
        return []
    same_surname = Q(surname__iexact=surname)
    also = Q(pk__in=[])
    if forename:
        also |= Q(forename__iexact=forename)
    if date_of_birth:
        also |= Q(date_of_birth=date_of_birth)
    if postcode:
        also |= Q(postcode__iexact=postcode) | Q(postcode__iexact=f"{postcode[:-3]} {postcode[-3:]}")
    match = same_surname & also
    if forename and date_of_birth:
        match |= Q(forename__iexact=forename, date_of_birth=date_of_birth)
    people = access.scope(actor, Person.objects.select_related("owner_agency")).filter(match)
    return list(people.order_by("surname", "forename", "pk")[:SIMILAR_LIMIT])
