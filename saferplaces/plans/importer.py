"""Loading a plan file (JSON, the shape of ``data/swp-2017-2020.json``) into the database:
validated first, then written in one transaction, replacing the strategy of the same title."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import transaction

from saferplaces.core.context import acting_as
from saferplaces.plans.models import KPI, Action, Cadence, DeliveryGroup, Direction, Objective, Strategy, Unit

BUILT_IN = Path(__file__).resolve().parent / "data" / "swp-2017-2020.json"


class PlanFileError(ValueError):
    """The plan file cannot be loaded; the message lists every problem with where it is."""


def _problems(plan: dict) -> list[str]:
    problems = [f"plan: missing '{key}'" for key in ("title", "period", "vision", "groups") if key not in plan]
    for g, group in enumerate(plan.get("groups", []), start=1):
        where = f"group {g} ({group.get('name', '?')})"
        problems.extend(f"{where}: missing '{key}'" for key in ("key", "name", "chair", "aim", "objectives")
                        if key not in group)
        for o, objective in enumerate(group.get("objectives", []), start=1):
            if not objective.get("text"):
                problems.append(f"{where}, objective {o}: no text")
            for a, action in enumerate(objective.get("actions", []), start=1):
                if not action.get("text") and not action.get("note"):
                    problems.append(f"{where}, objective {o}, action {a}: no text and no note saying it was lost")
                problems.extend(f"{where}, objective {o}, action {a}: missing '{field}' (use null if lost)"
                                for field in ("lead", "kpi", "deadline") if field not in action)
                for k, kpi in enumerate(action.get("kpis", []), start=1):
                    problems.extend(f"{where}, objective {o}, action {a}, KPI {k}: {problem}"
                                    for problem in _kpi_problems(kpi))
    return problems


_CHOICES = {"unit": Unit.values, "direction": Direction.values, "cadence": Cadence.values}
#: KPI cells that name no indicator: the cell is kept as printed, no KPI is made from it
NO_KPI = {"N/A", "TBD", "Awaiting confirmation"}


def _kpi_problems(kpi: dict) -> list[str]:
    if not isinstance(kpi, dict) or not kpi.get("name"):
        return ["no name"]
    problems = [f"'{field}' is '{kpi[field]}', not one of {', '.join(values)}"
                for field, values in _CHOICES.items() if field in kpi and kpi[field] not in values]
    problems.extend(f"'{field}' is not a number" for field in ("target", "baseline")
                    if kpi.get(field) is not None and not isinstance(kpi[field], (int, float)))
    if len(kpi["name"]) > 300:
        problems.append("name longer than 300 characters")
    return problems


def _kpis(action: dict) -> list[dict]:
    """The action's KPIs: its list, or (older files) one KPI named by the KPI cell."""
    if "kpis" in action:
        return action["kpis"]
    cell = action["kpi"]
    return [{"name": cell[:300]}] if cell and cell not in NO_KPI else []


def _note(item: dict) -> str:
    """The item's note with its uncertain readings (field → why) and its KPIs' spelt out."""
    parts = [item["note"]] if item.get("note") else []
    parts.extend(f"uncertain {field}: {why}" for field, why in item.get("uncertain", {}).items())
    parts.extend(f"uncertain KPI '{kpi['name']}': {kpi['uncertain']}" for kpi in item.get("kpis", [])
                 if kpi.get("uncertain"))
    return "; ".join(parts)


def read_plan(path: Path = BUILT_IN) -> dict:
    try:
        plan = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PlanFileError(f"{path}: not readable as JSON ({error})") from None
    problems = _problems(plan)
    if problems:
        raise PlanFileError("; ".join(problems))
    return plan


_KPI_FIELDS = ("name", "unit", "target", "direction", "cadence", "baseline", "baseline_note", "source_note")


def _kpi_fields(kpi: dict) -> dict:
    return {field: kpi[field] for field in _KPI_FIELDS if field in kpi}


@transaction.atomic
def plan_import(*, actor=None, path: Path = BUILT_IN) -> Strategy:
    """Load the plan at ``path``; a strategy with the same title is replaced, with its history kept."""
    plan = read_plan(path)
    with acting_as(actor):
        Strategy.objects.filter(title=plan["title"]).delete()
        start, end = (dt.date.fromisoformat(d) for d in plan["period"])
        strategy = Strategy.objects.create(title=plan["title"], period_start=start, period_end=end,
                                           vision=plan["vision"], principles=plan.get("principles", []),
                                           source=plan.get("source", ""))
        executive = plan.get("executive_group")
        if executive:
            DeliveryGroup.objects.create(strategy=strategy, key="executive", name=executive["name"],
                                         chair=executive["chair"], aim=executive["aim"], is_executive=True, order=0)
        for g, group in enumerate(plan["groups"], start=1):
            delivery = DeliveryGroup.objects.create(strategy=strategy, key=group["key"], name=group["name"],
                                                    chair=group["chair"], aim=group["aim"],
                                                    note=group.get("aim_note", ""), order=g)
            for o, objective in enumerate(group["objectives"], start=1):
                obj = Objective.objects.create(group=delivery, number=objective.get("number", ""),
                                               strand=objective.get("strand", ""), text=objective["text"],
                                               note=_note(objective), order=o)
                for a, action in enumerate(objective["actions"], start=1):
                    created = Action.objects.create(
                        objective=obj, text=action["text"] or "", lead=action["lead"] or "",
                        kpi_text=action["kpi"] or "", deadline_text=action["deadline"] or "",
                        note=_note(action), order=a)
                    for kpi in _kpis(action):
                        KPI.objects.create(action=created, **_kpi_fields(kpi))
    return strategy
