"""Writes: the schedule's rules (the data protection officers), the owners' review decisions and legal holds."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from saferplaces.core.context import acting_as
from saferplaces.policy.categories import CATEGORIES
from saferplaces.policy.rules import require_permission
from saferplaces.retention.models import (
    LegalHold,
    RetentionAction,
    RetentionRule,
    ReviewItem,
    ReviewStatus,
    TriggerEvent,
)
from saferplaces.retention.sources import source_of


class RetentionInputError(ValueError):
    """A decision that cannot be recorded; the message says why."""


@transaction.atomic
def rule_set(*, actor, category: str, period_months: int | None, trigger: str, action: str,
             basis: str = "") -> RetentionRule:
    """Set the rule of ``category`` (a data protection officer's decision: no longer a sample)."""
    require_permission(actor, "retention.manage")
    if category not in CATEGORIES:
        raise Http404("No such category")
    if trigger not in TriggerEvent.values or action not in RetentionAction.values:
        raise RetentionInputError("Choose the event and the action")
    if period_months is not None and not 1 <= period_months <= 1200:
        raise RetentionInputError("Enter a period between 1 and 1,200 months")
    rule = RetentionRule.objects.filter(category=category).first() or RetentionRule(category=category)
    rule.period_months, rule.trigger, rule.action, rule.basis = period_months, trigger, action, basis.strip()
    rule.is_sample, rule.updated_by, rule.updated_at = False, actor, timezone.now()
    with acting_as(actor):
        rule.save()
    return rule


def _own_due(actor, item: ReviewItem) -> None:
    require_permission(actor, "retention.review")
    if item.owner_agency_id != actor.agency_id:
        raise Http404("No such review item")  # another agency's list: as if missing (decision 0003)
    if item.status != ReviewStatus.DUE:
        raise RetentionInputError("This record has already been decided")


@transaction.atomic
def review_keep(*, actor, item: ReviewItem, reason: str, keep_until: dt.date) -> ReviewItem:
    """The owner keeps a due record, saying why, until ``keep_until``; it is due for review again then."""
    _own_due(actor, item)
    if not reason.strip():
        raise RetentionInputError("Enter why the record is kept")
    if keep_until <= timezone.localdate():
        raise RetentionInputError("The date to keep it until must be in the future")
    item.status, item.reason, item.keep_until = ReviewStatus.KEPT, reason.strip(), keep_until
    item.decided_by, item.decided_at = actor, timezone.now()
    with acting_as(actor):
        item.save()
    return item


@transaction.atomic
def review_let_go(*, actor, item: ReviewItem) -> ReviewItem:
    """The owner lets a due record go: the next retention run deletes it (unless a legal hold stops it)."""
    _own_due(actor, item)
    item.status, item.decided_by, item.decided_at = ReviewStatus.LET_GO, actor, timezone.now()
    with acting_as(actor):
        item.save()
    return item


@transaction.atomic
def hold_place(*, actor, record_type: str, record_id: int, reason: str, until: dt.date | None = None) -> LegalHold:
    """Put a legal hold on one of the actor's agency's records: no retention run or erasure removes it."""
    require_permission(actor, "retention.hold")
    source = source_of(record_type)
    record = source.model._base_manager.filter(pk=record_id).first() if source else None
    if record is None or record.owner_agency_id != actor.agency_id:
        raise RetentionInputError("Your agency holds no such record")
    if not reason.strip():
        raise RetentionInputError("Enter the reason for the hold")
    if until is not None and until < timezone.localdate():
        raise RetentionInputError("The date the hold ends must not be in the past")
    with acting_as(actor):
        return LegalHold.objects.create(
            record_type=record_type, record_id=str(record_id), owner_agency_id=actor.agency_id, reason=reason.strip(),
            until=until, placed_by=actor, label=f"{str(source.model._meta.verbose_name).capitalize()} {record_id}")


@transaction.atomic
def hold_lift(*, actor, hold: LegalHold) -> LegalHold:
    require_permission(actor, "retention.hold")
    if hold.owner_agency_id != actor.agency_id:
        raise Http404("No such hold")
    if hold.lifted_at is None:
        hold.lifted_at, hold.lifted_by = timezone.now(), actor
        with acting_as(actor):
            hold.save()
    return hold
