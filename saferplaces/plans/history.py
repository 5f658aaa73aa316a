"""The change history of a plan record (objective, action, KPI), told for its page: who changed what,
when, from what to what, and why. The plan is not personal data, so the values themselves are shown."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from saferplaces.accounts.models import Agency, User
from saferplaces.audit.models import ChangeAction, ChangeRecord

#: bookkeeping fields a reader of the plan has no use for
HIDDEN = {"id", "order"}
#: many-to-many links recorded by id (``audit.history.record_links_change``), shown by name
LINKS = {"lead_users": "Lead people", "lead_agencies": "Lead agencies"}
LIMIT = 50
#: the fields' names as the plan's pages and forms call them (the models' names are the code's)
LABELS = {"text": "Wording", "name": "Name", "lead": "Lead as the plan names it", "kpi_text": "KPI as worded",
          "deadline_text": "Deadline", "note": "Note", "number": "Number", "strand": "Strand",
          "group_id": "Delivery group", "objective_id": "Objective", "action_id": "Action",
          "measure_key": "Measure", "source": "How the figure is obtained", "cadence": "How often it is reported",
          "baseline_note": "Baseline period or source", "source_note": "Where the figure comes from",
          "direction": "Which way is better", "ref": "Reference in the plan file",
          "since_id": "In the plan since (version)", "closed_in_id": "Closed in (version)"}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Entry:
    record: ChangeRecord
    verb: str
    changes: list[Change]


def _labels(model: type[models.Model]) -> dict[str, tuple[str, models.Field]]:
    return {f.attname: (LABELS.get(f.attname, str(f.verbose_name).capitalize()), f)
            for f in model._meta.concrete_fields}


def _names(field: str, ids: list) -> str:
    if field == "lead_users":
        people = User.objects.filter(pk__in=ids).select_related("agency")
        names = [f"{u.display_name} ({u.agency.short_name})" for u in people]
    else:
        names = list(Agency.objects.filter(pk__in=ids).values_list("short_name", flat=True))
    missing = len(ids) - len(names)
    return ", ".join(sorted(names) + ([f"{missing} removed from the system"] if missing > 0 else [])) or "none"


def _shown(field: models.Field | None, value) -> str:
    if value in (None, ""):
        return "blank"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def history(record: models.Model) -> list[Entry]:
    """The record's changes, newest first (the last :data:`LIMIT`)."""
    labels = _labels(type(record))
    rows = ChangeRecord.objects.filter(record_type=record._meta.label_lower, record_id=str(record.pk))
    entries = []
    for row in rows.select_related("actor").order_by("-at", "-id")[:LIMIT]:
        changes = []
        if row.action == ChangeAction.UPDATE:
            before, after = row.before or {}, row.after or {}
            for name in row.changed_fields():
                if name in LINKS:
                    changes.append(Change(LINKS[name], _names(name, before.get(name, [])),
                                          _names(name, after.get(name, []))))
                elif name not in HIDDEN:
                    label, field = labels.get(name, (name, None))
                    changes.append(Change(label, _shown(field, before.get(name)), _shown(field, after.get(name))))
        verb = {ChangeAction.CREATE: "Added", ChangeAction.UPDATE: "Changed"}.get(row.action, "Removed")
        entries.append(Entry(row, verb, changes))
    return entries
