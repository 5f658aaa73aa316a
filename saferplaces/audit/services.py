"""Writing access events: the one way a view, search, export or grant is logged."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from saferplaces.audit.models import AccessEvent
from saferplaces.core.context import current_client_request_id, current_request_id


def _storable(value):
    """``value`` with every NUL character replaced by U+FFFD: PostgreSQL keeps no NUL in text or JSON, and
    the search terms a log records are whatever the request sent."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_storable(key): _storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(item) for item in value]
    return value


def _event(*, actor, action, reason, justification, record, record_type, record_label, basis, path, detail):
    if record is not None:
        record_type = record._meta.label_lower
        record_label = record_label or str(record)
    return AccessEvent(
        actor=actor,
        actor_username=actor.username,
        agency=actor.agency,
        agency_name=actor.agency.name,
        action=action,
        record_type=record_type,
        record_id=str(record.pk) if record is not None else "",
        record_label=_storable(record_label[:200]),
        record_agency_id=getattr(record, "owner_agency_id", None),
        reason=reason,
        justification=_storable(justification),
        basis=basis[:300],
        request_id=current_request_id.get(),
        client_request_id=current_client_request_id.get(),
        path=_storable(path[:500]),
        detail=_storable(detail or {}),
    )


def access_record(
    *,
    actor,
    action: str,
    reason: str,
    justification: str = "",
    record: models.Model | None = None,
    record_type: str = "",
    record_label: str = "",
    basis: str = "",
    path: str = "",
    detail: dict | None = None,
) -> AccessEvent:
    """Log that ``actor`` did ``action`` (view, search, export, grant) for ``reason``."""
    event = _event(actor=actor, action=action, reason=reason, justification=justification, record=record,
                   record_type=record_type, record_label=record_label, basis=basis, path=path, detail=detail)
    event.save()
    return event


def access_record_many(
    *,
    actor,
    action: str,
    reason: str,
    records: Iterable[tuple[models.Model, str]],
    justification: str = "",
    path: str = "",
    detail: dict | None = None,
) -> list[AccessEvent]:
    """Log that ``actor`` did ``action`` to each of ``records`` (record, basis) for ``reason``: one
    event per record, written together (a page showing many records)."""
    events = [_event(actor=actor, action=action, reason=reason, justification=justification, record=record,
                     record_type="", record_label="", basis=basis, path=path, detail=detail)
              for record, basis in records]
    return AccessEvent.objects.bulk_create(events) if events else []
