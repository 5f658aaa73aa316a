from django.db.models import Q, QuerySet

from saferplaces.people.models import Person
from saferplaces.policy import access


def person_search(*, actor, query: str, action: str = "view") -> QuerySet:
    """People the actor may see whose name, postcode or reference matches every word of ``query``."""
    people = access.scope(actor, Person.objects.select_related("owner_agency"), action)
    for word in query.split():
        people = people.filter(
            Q(forename__icontains=word)
            | Q(surname__icontains=word)
            | Q(postcode__icontains=word.replace(" ", ""))
            | Q(source_reference__iexact=word)
        )
    return people


def person_access(*, actor, person_id: int, action: str = "view") -> Person:
    return access.fetch(actor, Person.objects.select_related("owner_agency"), person_id, action)
