"""Writes to the plan: action updates, KPI definitions and readings, by those allowed to make them."""

from __future__ import annotations

from django.db import transaction

from saferplaces.audit.history import record_links_change
from saferplaces.core.context import acting_as
from saferplaces.plans import measures, returns
from saferplaces.plans.models import (
    KPI,
    RAG,
    Action,
    ActionUpdate,
    DeliveryGroup,
    KPIReading,
    Objective,
    Source,
    Status,
)
from saferplaces.plans.quarters import Quarter
from saferplaces.policy.rules import require_permission


@transaction.atomic
def action_update_record(*, actor, action: Action, **fields) -> ActionUpdate:
    # The action's leads, its group's chair and coordinators.
    require_permission(actor, "plans.update_action", action)
    with acting_as(actor):
        return ActionUpdate.objects.create(action=action, author=actor, **fields)


#: the parts of an action a coordinator may correct (the plan as agreed by the board)
ACTION_FIELDS = ("text", "lead", "kpi_text", "deadline_text", "note", "lead_users", "lead_agencies")
#: the action's links to its lead people and agencies (many-to-many: kept in its history by hand)
ACTION_LINKS = ("lead_users", "lead_agencies")


def _set_links(action: Action, links: dict) -> None:
    for name, chosen in links.items():
        manager = getattr(action, name)
        before = list(manager.values_list("pk", flat=True))
        manager.set(chosen)
        record_links_change(action, name, before, [item.pk for item in chosen])


@transaction.atomic
def action_edit(*, actor, action: Action, reason: str = "", **fields) -> Action:
    """Correct the action's wording, leads (as written, and as people and agencies), KPI or deadline
    (partnership coordinators). The plan is not personal data, so the reason is optional; given, it is
    kept with the change."""
    require_permission(actor, "plans.manage")
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise ValueError(f"Not a part of an action that can be changed: {', '.join(sorted(unknown))}")
    links = {name: fields.pop(name) for name in ACTION_LINKS if name in fields}
    with acting_as(actor, reason=reason):
        for name, value in fields.items():
            setattr(action, name, value)
        action.save()
        _set_links(action, links)
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
def kpi_save(*, actor, kpi: KPI, reason: str = "") -> KPI:
    """Save a changed KPI definition (partnership coordinators); the reason, given, is kept with it."""
    require_permission(actor, "plans.manage")
    with acting_as(actor, reason=reason):
        kpi.save()
    return kpi


@transaction.atomic
def kpis_compute(*, quarter: Quarter) -> list[KPIReading]:
    """Read every measure-sourced KPI from its registered measure, for each period of the KPI's cadence
    that ends in ``quarter``: a monthly KPI gets its three months, an annual one its financial year
    when ``quarter`` closes it."""
    readings = []
    for kpi in KPI.objects.filter(source=Source.MEASURE).exclude(measure_key=""):
        measure = measures.get(kpi.measure_key)
        for start, end in returns.periods_ending_in(kpi.cadence, quarter.start, quarter.end):
            reading, _ = KPIReading.objects.update_or_create(
                kpi=kpi, period_start=start,
                defaults={"value": measure.compute(start, end),
                          "commentary": f"Computed by the measure {kpi.measure_key}"})
            readings.append(reading)
    return readings


# --- keeping the plan: objectives, actions and KPIs added, changed and closed by coordinators -------
#: the parts of an objective a coordinator may correct
OBJECTIVE_FIELDS = ("number", "strand", "text", "note")


def _next_order(records) -> int:
    last = records.order_by("-order").values_list("order", flat=True).first()
    return 0 if last is None else last + 1


@transaction.atomic
def objective_edit(*, actor, objective: Objective, reason: str = "", **fields) -> Objective:
    """Correct an objective's number, strand, wording or note; the reason, given, is kept with it."""
    require_permission(actor, "plans.manage")
    unknown = set(fields) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise ValueError(f"Not a part of an objective that can be changed: {', '.join(sorted(unknown))}")
    with acting_as(actor, reason=reason):
        for name, value in fields.items():
            setattr(objective, name, value)
        objective.save()
    return objective


@transaction.atomic
def objective_add(*, actor, group: DeliveryGroup, reason: str = "", **fields) -> Objective:
    """Add an objective at the end of the delivery group's (the board agreed a new one)."""
    require_permission(actor, "plans.manage")
    unknown = set(fields) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise ValueError(f"Not a part of an objective: {', '.join(sorted(unknown))}")
    with acting_as(actor, reason=reason):
        return Objective.objects.create(group=group, order=_next_order(group.objectives), **fields)


@transaction.atomic
def action_add(*, actor, objective: Objective, reason: str = "", **fields) -> Action:
    """Add an action at the end of the objective's, with its leads as people and agencies."""
    require_permission(actor, "plans.manage")
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise ValueError(f"Not a part of an action: {', '.join(sorted(unknown))}")
    links = {name: fields.pop(name) for name in ACTION_LINKS if name in fields}
    with acting_as(actor, reason=reason):
        action = Action.objects.create(objective=objective, order=_next_order(objective.actions), **fields)
        _set_links(action, links)
    return action


@transaction.atomic
def kpi_add(*, actor, kpi: KPI, reason: str = "") -> KPI:
    """Add a KPI (built, unsaved, by the form on its action) to the plan."""
    require_permission(actor, "plans.manage")
    if kpi.pk is not None:
        raise ValueError("The KPI is already in the plan: change it instead")
    with acting_as(actor, reason=reason):
        kpi.save()
    return kpi


#: how an action ends: the final update's status and, when the coordinator gives none, its RAG rating
CLOSING = {Status.COMPLETE: RAG.GREEN, Status.DROPPED: RAG.AMBER}


@transaction.atomic
def action_close(*, actor, action: Action, status: str, reason: str, date=None, rag: str = "") -> ActionUpdate:
    """Close an action as complete or dropped: a final update says so and why, so the board report
    stops counting it as due and its history keeps the decision. Nothing is deleted."""
    require_permission(actor, "plans.manage")
    if status not in CLOSING:
        raise ValueError("An action closes as complete or dropped")
    if not reason.strip():
        raise ValueError("Say why the action is closed")
    latest = action.latest_update()
    if latest is not None and latest.status in CLOSING:
        raise ValueError("The action is already closed: record an update to reopen it")
    fields = {"status": status, "rag": rag or CLOSING[status], "narrative": reason.strip()}
    if date is not None:
        fields["date"] = date
    with acting_as(actor, reason=reason):
        return ActionUpdate.objects.create(action=action, author=actor, **fields)
