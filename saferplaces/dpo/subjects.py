"""The access log's two questions that audit cannot answer itself (``audit.showing``): what may this
viewer see of the records the events name, and which records are one data subject's?"""

from __future__ import annotations

import importlib
from collections import defaultdict

from django.apps import apps
from django.core.exceptions import ValidationError

from saferplaces.audit.showing import Shown
from saferplaces.people.models import Person, PersonLink
from saferplaces.policy import access
from saferplaces.policy.models import Protected

try:
    # The people app's registry of records about a person (subject access, erasure, retention) arrived on
    # another branch; without it a data subject's events are those on their person records only.
    _subject_registry = importlib.import_module("saferplaces.people.subject_records")
except ImportError:
    _subject_registry = None


def _protected_model(record_type: str):
    try:
        model = apps.get_model(record_type)
    except (LookupError, ValueError):
        return None
    return model if issubclass(model, Protected) else None


def present_records(actor, events) -> dict[int, Shown]:
    """The name or reference and page of each event's record that ``actor`` may see: one read per kind
    of record on the page and one policy decision for all of them (``access.decide``)."""
    ids: dict[str, set] = defaultdict(set)
    for event in events:
        model = _protected_model(event.record_type) if event.record_id else None
        if model is None:
            continue
        try:
            ids[event.record_type].add(model._meta.pk.to_python(event.record_id))
        except ValidationError:
            continue
    records = {}
    for record_type, pks in sorted(ids.items()):
        model = apps.get_model(record_type)
        for record in model._default_manager.filter(pk__in=pks):
            records[(record_type, str(record.pk))] = record
    if not records:
        return {}
    decisions = access.decide(actor, records.values())
    found = {}
    for event in events:
        record = records.get((event.record_type, event.record_id))
        if record is None or not decisions[record].allows("view"):
            continue
        url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
        found[event.pk] = Shown(label=str(record)[:200], url=url)
    return found


def linked_people(person: Person) -> list[Person]:
    """``person`` and every person record linkage gave the same person id, in every agency (unscoped:
    the access log shows only the events the viewer may read)."""
    keys = PersonLink.objects.filter(person=person).values_list("person_key", flat=True)
    return [person, *Person.objects.filter(link__person_key__in=keys).exclude(pk=person.pk)]


def subject_records(actor, person_id: int) -> dict[str, set[str]] | None:
    """The records whose events are the data subject's: the person record, the person records linked to
    it and, where the people app lists them, the records about those people. None: no such person."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        return None
    people = linked_people(person)
    records = _subject_registry.subject_records(people) if _subject_registry is not None else people
    found: dict[str, set[str]] = defaultdict(set)
    for record in [*people, *records]:
        found[record._meta.label_lower].add(str(record.pk))
    return dict(found)
