"""Writes to the plan: action updates, KPI definitions and readings, by those allowed to make them."""

from __future__ import annotations

from django.db import transaction

from saferplaces.core.context import acting_as
from saferplaces.plans import measures
from saferplaces.plans.models import KPI, Action, ActionUpdate, KPIReading, Source
from saferplaces.plans.quarters import Quarter
from saferplaces.policy.rules import require_permission


@transaction.atomic
def action_update_record(*, actor, action: Action, **fields) -> ActionUpdate:
    # The action's leads, its group's chair and coordinators.
    require_permission(actor, "plans.update_action", action)
    with acting_as(actor):
        return ActionUpdate.objects.create(action=action, author=actor, **fields)


#: the parts of an action a coordinator may correct (the plan as agreed by the board)
ACTION_FIELDS = ("text", "lead", "kpi_text", "deadline_text", "note")


@transaction.atomic
def action_edit(*, actor, action: Action, reason: str = "", **fields) -> Action:
    """Correct the action's wording, lead, KPI or deadline (partnership coordinators). The plan is not
    personal data, so the reason is optional; given, it is kept with the change."""
    require_permission(actor, "plans.manage")
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise ValueError(f"Not a part of an action that can be changed: {', '.join(sorted(unknown))}")
    with acting_as(actor, reason=reason):
        for name, value in fields.items():
            setattr(action, name, value)
        action.save()
    return action


@transaction.atomic
def kpi_reading_record(*, actor, kpi: KPI, quarter: Quarter, value: float, commentary: str = "") -> KPIReading:
    """Record (or correct) the KPI's value for a quarter."""
    require_permission(actor, "plans.update_action", kpi.action)
    with acting_as(actor):
        reading, _ = KPIReading.objects.update_or_create(
            kpi=kpi, period_start=quarter.start,
            defaults={"value": value, "commentary": commentary, "author": actor, "is_sample": False})
    return reading


@transaction.atomic
def kpi_save(*, actor, kpi: KPI) -> KPI:
    """Save a changed KPI definition (partnership coordinators)."""
    require_permission(actor, "plans.manage")
    with acting_as(actor):
        kpi.save()
    return kpi


@transaction.atomic
def kpis_compute(*, quarter: Quarter) -> list[KPIReading]:
    """Read every measure-sourced KPI for ``quarter`` from its registered measure."""
    readings = []
    for kpi in KPI.objects.filter(source=Source.MEASURE).exclude(measure_key=""):
        value = measures.get(kpi.measure_key).compute(quarter.start, quarter.end)
        reading, _ = KPIReading.objects.update_or_create(
            kpi=kpi, period_start=quarter.start,
            defaults={"value": value, "commentary": f"Computed by the measure {kpi.measure_key}"})
        readings.append(reading)
    return readings
