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
