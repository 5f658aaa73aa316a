"""Reads: the schedule (every category, set or not) and an agency's review list and holds."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from saferplaces.policy.categories import CATEGORIES, category_label
from saferplaces.policy.rules import may, require_permission
from saferplaces.retention.models import LegalHold, RetentionRule, ReviewItem, ReviewStatus, TriggerEvent
from saferplaces.retention.sources import Source, sources, uncovered


@dataclass(frozen=True)
class ScheduleRow:
    category: str
    label: str
    rule: RetentionRule | None  # None: not set
    applies_to: list[str]  # "ASB cases (from Case closed)"

    @property
    def is_set(self) -> bool:
        return self.rule is not None and self.rule.is_set


def _applies(source: Source, rule: RetentionRule | None) -> str:
    event = source.event_used(rule.trigger) if rule else TriggerEvent.CREATED
    return f"{source.name} (from {TriggerEvent(event).label.lower()})"


def schedule(*, actor) -> tuple[list[ScheduleRow], list[str]]:
    """A row for every category of ``policy.categories`` (read now: a new category shows as not set), and
    the protected records retention cannot date."""
    require_permission(actor, "retention.view")
    rules = {r.category: r for r in RetentionRule.objects.select_related("updated_by")}
    found = sources()
    rows = []
    for category in CATEGORIES:
        rule = rules.get(category)
        applies = [_applies(s, rule) for s in found
                   if category == s.model.DATA_CATEGORY or (s.model.CATEGORY_FIELD and category in s.categories())]
        rows.append(ScheduleRow(category, category_label(category), rule, applies))
    return rows, uncovered()


def review_items(*, actor):
    require_permission(actor, "retention.review")
    return ReviewItem.objects.filter(owner_agency_id=actor.agency_id, status=ReviewStatus.DUE)


def review_item(*, actor, item_id: int) -> ReviewItem:
    """One of the actor's agency's items; 404 for another agency's, a missing one or no permission."""
    item = ReviewItem.objects.filter(pk=item_id, owner_agency_id=actor.agency_id).first()
    if item is None or not may(actor, "retention.review"):
        raise Http404("No such review item")
    return item


def holds(*, actor):
    require_permission(actor, "retention.hold")
    return LegalHold.objects.filter(owner_agency_id=actor.agency_id).select_related("placed_by", "lifted_by")


def hold(*, actor, hold_id: int) -> LegalHold:
    found = LegalHold.objects.filter(pk=hold_id, owner_agency_id=actor.agency_id).first()
    if found is None or not may(actor, "retention.hold"):
        raise Http404("No such hold")
    return found
