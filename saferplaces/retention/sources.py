"""Which records retention looks at and the date of each trigger event on each of them.

Found, not listed: every protected model (``policy.models.Protected``) that does not hang off another
protected record is a source; a record hanging off one (a research entry on a MARAC case, a mark on a
membership) goes with it. A model's event dates are read from fields named by convention (a case's
``closed_on``, a membership's ``ended_on``, a notice's ``expires_on``) and, for the last contact, from the
latest note kept on the record (``core.notes.Note``). So a model added later, or a category split, takes
part without a change here; a model that has none of its rule's event runs from its creation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils import timezone

from saferplaces.core.notes import Note
from saferplaces.policy.models import Protected
from saferplaces.retention.models import TriggerEvent

PERSON = "people.person"
#: event → the fields that give its date, the first a model has being used
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    TriggerEvent.CASE_CLOSED: ("closed_on", "closed_at", "held_on", "ended_on"),
    TriggerEvent.COHORT_EXIT: ("ended_on",),
    TriggerEvent.EXPIRED: ("expires_on", "ends_on", "end_date"),
    TriggerEvent.CREATED: ("created_at", "created_on", "opened_on", "started_on", "occurred_on",
                           "produced_on"),
}


@dataclass(frozen=True)
class Source:
    model: type[models.Model]
    fields: dict[str, str]  # event → the field giving its date (only the events the model has)
    notes: str  # the lookup to its notes' contact dates, or ""

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def name(self) -> str:
        return str(self.model._meta.verbose_name_plural).capitalize()

    def event_used(self, event: str) -> str:
        """The event a rule of ``event`` runs from on this model (its creation when it lacks that one)."""
        if event == TriggerEvent.LAST_CONTACT:
            return event if (self.notes or self.fields) else TriggerEvent.CREATED
        return event if event in self.fields else TriggerEvent.CREATED

    def categories(self) -> list[str]:
        if not self.model.CATEGORY_FIELD:
            return [self.model.DATA_CATEGORY]
        return sorted(set(self.model._base_manager.values_list(self.model.CATEGORY_FIELD, flat=True)))

    def event_dates(self) -> Iterator[tuple[int, int, str, dict[str, dt.date | None]]]:
        """(id, owner agency id, category, event → date) for every record, from one query."""
        columns = {f"d_{event}": name for event, name in self.fields.items()}
        queryset = self.model._base_manager.all()
        if self.notes:
            queryset = queryset.annotate(d_last_note=models.Max(self.notes))
        category = self.model.CATEGORY_FIELD
        values = ["pk", "owner_agency_id", *columns.values(), *(["d_last_note"] if self.notes else []),
                  *([category] if category else [])]
        for row in queryset.order_by("pk").values(*values):
            dates = {event: _as_date(row[name]) for event, name in self.fields.items()}
            closed = dates.get(TriggerEvent.CASE_CLOSED) or dates.get(TriggerEvent.COHORT_EXIT)
            if TriggerEvent.CASE_CLOSED in self.fields or TriggerEvent.COHORT_EXIT in self.fields:
                # An open case or a current member has had no last contact yet: it is still in use.
                candidates = [closed, _as_date(row.get("d_last_note"))] if closed else []
            else:
                candidates = [dates.get(TriggerEvent.CREATED), _as_date(row.get("d_last_note"))]
            dates[TriggerEvent.LAST_CONTACT] = max((d for d in candidates if d), default=None)
            yield row["pk"], row["owner_agency_id"], row[category] if category else self.model.DATA_CATEGORY, dates


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _field_names(model) -> set[str]:
    return {f.name for f in model._meta.concrete_fields}


def _is_root(model) -> bool:
    for f in model._meta.concrete_fields:
        if (f.is_relation and not f.null and issubclass(f.related_model, Protected)
                and f.related_model._meta.label_lower != PERSON):
            return False
    return True


def _notes_lookup(model) -> str:
    for relation in model._meta.related_objects:
        if issubclass(relation.related_model, Note) and relation.field.name == relation.related_model.PARENT:
            return f"{relation.get_accessor_name()}__contact_on"
    return ""


def sources() -> list[Source]:
    """Every source model, the person records last (a person is kept while records about them are)."""
    found = []
    for model in apps.get_models():
        if not issubclass(model, Protected) or not _is_root(model):
            continue
        names = _field_names(model)
        fields = {event: next(n for n in candidates if n in names)
                  for event, candidates in EVENT_FIELDS.items() if any(n in names for n in candidates)}
        if TriggerEvent.CREATED not in fields:
            continue  # no date to run from at all: listed by the schedule page as not covered
        found.append(Source(model, fields, _notes_lookup(model)))
    return sorted(found, key=lambda s: (s.label == PERSON, s.label))


def uncovered() -> list[str]:
    """Protected source models retention cannot date (no creation date): the schedule page names them."""
    dated = {s.label for s in sources()}
    return sorted(m._meta.label_lower for m in apps.get_models()
                  if issubclass(m, Protected) and _is_root(m) and m._meta.label_lower not in dated)


def source_of(record_type: str) -> Source | None:
    return next((s for s in sources() if s.label == record_type), None)
