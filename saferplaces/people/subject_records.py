"""Where a person's data is: every protected record about a set of person records, whatever app holds it.

Each app holding personal data registers a provider from its ``AppConfig.ready()``:
``provider(people) -> list[record]`` returns every :class:`~saferplaces.policy.models.Protected` record
about those :class:`~saferplaces.people.models.Person` rows: *unscoped*, so that the duties that must
find everything (a subject access request, UK GDPR Art. 15; erasure, Art. 17; restriction, Art. 18;
retention deletion, Art. 5(1)(e)) find everything. Callers apply policy: a page shows only what
``policy.access.scope`` allows, or works on the records of the actor's own agency.

A record's notes, files and other parts are not listed: they belong to their record and follow it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from saferplaces.people.models import Person, PersonLink

#: ``provider(people)``: every protected record about ``people`` (a list of Person rows), unscoped
SubjectRecordProvider = Callable[[list], list]
_PROVIDERS: list[SubjectRecordProvider] = []


def register_subject_records(provider: SubjectRecordProvider) -> None:
    """Add ``provider`` to the registry (once, however often an app is made ready)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def subject_records(people: Iterable) -> list:
    """Every protected record about ``people`` (the Person rows themselves included), each once, in the
    order the providers give them (a record reached from two people is listed once).

    Unscoped: the caller decides what its actor may see or change of them.
    """
    people = list(people)
    if not people:
        return []
    found: dict[tuple[str, object], object] = {}
    for provider in _PROVIDERS:
        for record in provider(people):
            found.setdefault((record._meta.label_lower, record.pk), record)
    return list(found.values())


def linked_people(people: Iterable) -> list:
    """``people`` with every person record linkage gave the same person id (``people.PersonLink``), in
    every agency: the records of one data subject across the partnership. Unscoped."""
    people = list(people)
    ids = {p.pk for p in people}
    keys = set(PersonLink.objects.filter(person_id__in=ids).values_list("person_key", flat=True))
    if not keys:
        return people
    others = Person.objects.filter(link__person_key__in=keys).exclude(pk__in=ids).select_related("owner_agency")
    return [*people, *others]


def person_records(people: list) -> list:
    """The people app's own provider: the Person rows themselves."""
    return list(people)
