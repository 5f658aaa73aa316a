"""Loading a plan file (JSON, the shape of ``data/swp-2017-2020.json``) into the database:
validated first, then written in one transaction, replacing the strategy of the same title."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import transaction

from saferplaces.core.context import acting_as
from saferplaces.plans.models import KPI, Action, DeliveryGroup, Objective, Strategy

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
    return problems


def read_plan(path: Path = BUILT_IN) -> dict:
    try:
        plan = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PlanFileError(f"{path}: not readable as JSON ({error})") from None
    problems = _problems(plan)
    if problems:
        raise PlanFileError("; ".join(problems))
    return plan


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
                                               note=objective.get("note", ""), order=o)
                for a, action in enumerate(objective["actions"], start=1):
                    created = Action.objects.create(
                        objective=obj, text=action["text"] or "", lead=action["lead"] or "",
                        kpi_text=action["kpi"] or "", deadline_text=action["deadline"] or "",
                        note=action.get("note", ""), order=a)
                    if action["kpi"] and action["kpi"] not in {"N/A", "TBD"}:
                        KPI.objects.create(action=created, name=action["kpi"][:300])
    return strategy
