"""Measures for the plan's KPIs: the strategy asks to "compare number of actions in vulnerable areas
with those not", and counts "problems successfully delivered"."""

from saferplaces.places import selectors
from saferplaces.places.models import ActionStatus, TaskingAction
from saferplaces.plans.measures import register


def actions_in_priority_areas(start, end) -> float:
    """Tasking actions raised in the period in a priority area (given one, or at a point inside one)."""
    return float(selectors.counts_between(start, end).in_areas)


def actions_elsewhere(start, end) -> float:
    """Tasking actions raised in the period with a location outside every priority area."""
    return float(selectors.counts_between(start, end).elsewhere)


def priority_area_share(start, end) -> float:
    """Percentage of the period's located tasking actions that are in priority areas (0 with none)."""
    share = selectors.counts_between(start, end).share
    return round(100.0 * share, 1) if share is not None else 0.0


def actions_completed(start, end) -> float:
    """Tasking actions completed in the period ("problems successfully delivered")."""
    return float(TaskingAction.objects.filter(status=ActionStatus.DONE, completed_on__range=(start, end)).count())


def register_all() -> None:
    register("places.actions_in_priority_areas", "Tasking actions in priority areas", "count",
             actions_in_priority_areas)
    register("places.actions_elsewhere", "Tasking actions outside priority areas", "count", actions_elsewhere)
    register("places.priority_area_share", "Share of located tasking actions in priority areas", "percentage",
             priority_area_share)
    register("places.actions_completed", "Tasking actions completed", "count", actions_completed)
