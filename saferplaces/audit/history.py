"""Change history for domain records: every save and delete of a :class:`~saferplaces.core.tracked.Tracked`
record is kept.

The before/after snapshots hold every concrete field. ``QuerySet.update()`` bypasses model signals,
so services change tracked records with ``save()``.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from saferplaces.accounts.models import AccountChange, Agency
from saferplaces.audit.models import ChangeAction, ChangeRecord
from saferplaces.core.context import current_actor, current_reason, current_request_id
from saferplaces.core.tracked import Tracked


def snapshot(instance: models.Model) -> dict:
    # A time set on every save (``auto_now``, e.g. Person.updated_at for incremental linkage) is
    # bookkeeping, not a change anyone made: left out, so saving without a change writes no history.
    values = {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
              if not getattr(field, "auto_now", False)}
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def record_agency_id(instance: models.Model, *, deleted: bool = False) -> int | None:
    """The agency holding ``instance``: its owner for protected records, itself for an agency, the user's
    agency for an account change; ``None`` for records no single agency holds (agreements, plans)."""
    if isinstance(instance, Agency):
        return None if deleted else instance.pk  # a deleted agency's row is gone: nothing to refer to
    if isinstance(instance, AccountChange):
        return instance.user.agency_id
    return getattr(instance, "owner_agency_id", None)


def _kept(instance, values: dict | None) -> dict | None:
    """``values`` without the fields the record keeps out of its history (``Tracked.history_fields``)."""
    fields = instance.history_fields()
    if values is None or fields is None:  # nothing to narrow, or a record whose history keeps every field
        return values
    return {name: value for name, value in values.items() if name in fields}


def _write(instance, action, before, after):
    identifiers_only = instance.history_fields() is not None
    before, after = _kept(instance, before), _kept(instance, after)
    actor = current_actor.get()
    ChangeRecord.objects.create(
        actor=actor,
        actor_username=getattr(actor, "username", "") or "",
        record_type=instance._meta.label_lower,
        record_id=str(instance.pk),
        record_agency_id=record_agency_id(instance, deleted=action == ChangeAction.DELETE),
        action=action,
        before=before,
        after=after,
        request_id=current_request_id.get(),
        # A reason may quote what it corrects: a record keeping identifiers only keeps no reason either.
        reason=None if identifiers_only else current_reason.get(),
    )


@receiver(pre_save)
def _remember_before(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, Tracked):
        return
    previous = None
    if instance.pk is not None and not instance._state.adding:
        old = type(instance)._default_manager.filter(pk=instance.pk).first()
        previous = snapshot(old) if old is not None else None
    instance._history_before = previous


@receiver(post_save)
def _record_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, Tracked):
        return
    before = getattr(instance, "_history_before", None)
    after = snapshot(instance)
    if before == after:
        return
    _write(instance, ChangeAction.CREATE if created else ChangeAction.UPDATE, before, after)


@receiver(post_delete)
def _record_delete(sender, instance, **kwargs):
    if isinstance(instance, Tracked):
        _write(instance, ChangeAction.DELETE, snapshot(instance), None)


def record_links_change(instance: Tracked, field: str, before: list[int], after: list[int]) -> None:
    """Record a change to ``instance``'s many-to-many ``field`` (the ids linked before and after).

    A save's snapshot holds concrete fields only, so links (an action's lead people and agencies) are
    invisible to the signals above: the service that changes them records the change here, under the
    same actor, request and reason."""
    before, after = sorted(before), sorted(after)
    if before != after:
        _write(instance, ChangeAction.UPDATE, {field: before}, {field: after})
