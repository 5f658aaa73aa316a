"""Loading a plan file (JSON, the shape of ``data/swp-2017-2020.json``) into the database without ever
deleting its history.

The file is checked first (every problem listed), then applied in one transaction. Groups, objectives,
actions and KPIs are matched to what is already loaded by their ``ref`` (derived from their position
where a file gives none), so re-importing the same plan year updates wording and keeps every update and
KPI reading; a file for a new plan ``year`` adds a :class:`PlanVersion` into which the items it still
holds carry forward (the same records, history intact); items a file no longer holds are closed in its
version, not deleted. Plans loaded before refs existed are matched once by position and text; records
added in the app (no ref) are left as they are.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

from django.db import transaction

from saferplaces.core.context import acting_as
from saferplaces.plans.models import (
    KPI,
    Action,
    Cadence,
    DeliveryGroup,
    Direction,
    Objective,
    PlanVersion,
    Strategy,
    Unit,
)

BUILT_IN = Path(__file__).resolve().parent / "data" / "swp-2017-2020.json"
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,30}$")
_REF_MAX = 30


class PlanFileError(ValueError):
    """The plan file cannot be loaded; the message lists every problem with where it is."""


def _with_refs(plan: dict) -> None:
    """Give every objective, action and KPI without a ``ref`` one from its position (``victim.2.1.1``)."""
    for g, group in enumerate(plan.get("groups", []), start=1):
        for o, objective in enumerate(group.get("objectives", []), start=1):
            objective.setdefault("ref", f"{group.get('key', g)}.{o}")
            for a, action in enumerate(objective.get("actions", []), start=1):
                action.setdefault("ref", f"{objective['ref']}.{a}")
                for k, kpi in enumerate(action.get("kpis", []), start=1):
                    if isinstance(kpi, dict):
                        kpi.setdefault("ref", f"{action['ref']}.{k}")


def _problems(plan: dict) -> list[str]:
    problems = [f"plan: missing '{key}'" for key in ("title", "period", "vision", "groups") if key not in plan]
    problems.extend(_plan_field_problems(plan))
    refs = []
    for g, group in enumerate(plan.get("groups", []), start=1):
        where = f"group {g} ({group.get('name', '?')})"
        problems.extend(f"{where}: missing '{key}'" for key in ("key", "name", "chair", "aim", "objectives")
                        if key not in group)
        for o, objective in enumerate(group.get("objectives", []), start=1):
            refs.append(objective["ref"])
            if not objective.get("text"):
                problems.append(f"{where}, objective {o}: no text")
            for a, action in enumerate(objective.get("actions", []), start=1):
                refs.append(action["ref"])
                if not action.get("text") and not action.get("note"):
                    problems.append(f"{where}, objective {o}, action {a}: no text and no note saying it was lost")
                problems.extend(f"{where}, objective {o}, action {a}: missing '{field}' (use null if lost)"
                                for field in ("lead", "kpi", "deadline") if field not in action)
                for k, kpi in enumerate(action.get("kpis", []), start=1):
                    problems.extend(f"{where}, objective {o}, action {a}, KPI {k}: {problem}"
                                    for problem in _kpi_problems(kpi))
                    refs.append(kpi.get("ref") if isinstance(kpi, dict) else None)
    keys = Counter(group.get("key") for group in plan.get("groups", []))
    problems.extend(f"group key '{key}' is used {n} times" for key, n in keys.items() if key and n > 1)
    problems.extend(f"ref {ref!r} is not text" for ref in refs if not isinstance(ref, str))
    counted = Counter(ref for ref in refs if isinstance(ref, str))
    problems.extend(f"ref '{ref}' is used {n} times" for ref, n in counted.items() if n > 1)
    problems.extend(f"ref '{ref}' is longer than {_REF_MAX} characters" for ref in counted if len(ref) > _REF_MAX)
    return problems


def _plan_field_problems(plan: dict) -> list[str]:
    problems = []
    if "key" in plan and not _SLUG.match(str(plan["key"])):
        problems.append("plan: 'key' must be letters, digits, '-' or '_' (at most 30)")
    if "year" in plan and not (isinstance(plan["year"], int) and 1990 <= plan["year"] <= 2100):
        problems.append(f"plan: 'year' is '{plan['year']}', not a year such as 2017")
    if "period" in plan:
        try:
            start, end = (dt.date.fromisoformat(day) for day in plan["period"])
        except (TypeError, ValueError):
            problems.append("plan: 'period' must be two dates, YYYY-MM-DD")
        else:
            if end < start:
                problems.append("plan: 'period' ends before it starts")
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


def read_plan(path: Path = BUILT_IN) -> dict:
    try:
        plan = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PlanFileError(f"{path}: not readable as JSON ({error})") from None
    if not isinstance(plan, dict):
        raise PlanFileError(f"{path}: not a plan (a JSON object with title, period, vision and groups)")
    _with_refs(plan)
    problems = _problems(plan)
    if problems:
        raise PlanFileError("; ".join(problems))
    return plan


def _kpis(action: dict) -> list[dict]:
    """The action's KPIs: its list, or (older files) one KPI named by the KPI cell."""
    if "kpis" in action:
        return action["kpis"]
    cell = action["kpi"]
    return [{"name": cell[:300], "ref": f"{action['ref']}.1"}] if cell and cell not in NO_KPI else []


def _note(item: dict) -> str:
    """The item's note with its uncertain readings (field → why) and its KPIs' spelt out."""
    parts = [item["note"]] if item.get("note") else []
    parts.extend(f"uncertain {field}: {why}" for field, why in item.get("uncertain", {}).items())
    parts.extend(f"uncertain KPI '{kpi['name']}': {kpi['uncertain']}" for kpi in item.get("kpis", [])
                 if kpi.get("uncertain"))
    return "; ".join(parts)


_KPI_FIELDS = ("name", "unit", "target", "direction", "cadence", "baseline", "baseline_note", "source_note")


def _apply(instance, **values):
    """Set ``values`` and save only when something changed, so the change history holds real changes."""
    changed = instance.pk is None or any(getattr(instance, field) != value for field, value in values.items())
    for field, value in values.items():
        setattr(instance, field, value)
    if changed:
        instance.save()
    return instance


class _Sync:
    """Matches the file's items to the strategy's records; what is left unmatched is closed at the end.

    Records without a ref were either loaded before refs existed (``legacy``: the strategy has no version
    yet) and are matched by number, text or position, or were added in the app and are left alone."""

    def __init__(self, strategy: Strategy, version: PlanVersion, *, legacy: bool):
        self.strategy, self.version = strategy, version
        self.groups = {group.key: group for group in strategy.groups.all()}
        objectives = Objective.objects.filter(group__strategy=strategy).select_related("group")
        self.objectives = {o.ref: o for o in objectives if o.ref}
        # Loaded before refs existed: the group's objective number (or text) finds it.
        self.old_objectives = {(o.group.key, o.number or o.text): o for o in objectives if legacy and not o.ref}
        actions = Action.objects.filter(objective__group__strategy=strategy).select_related("objective__group")
        self.actions = {a.ref: a for a in actions if a.ref}
        self.old_actions = {}
        for a in actions:
            if legacy and not a.ref:  # by its text within the group (actions moved between objectives), else position
                self.old_actions[(a.objective.group.key, a.text or (a.objective.number, a.order))] = a
        kpis = KPI.objects.filter(action__objective__group__strategy=strategy)
        self.kpis = {k.ref: k for k in kpis if k.ref}
        self.old_kpis = {(k.action_id, k.name): k for k in kpis if legacy and not k.ref}

    def group(self, key: str, order: int, **fields) -> DeliveryGroup:
        group = self.groups.get(key) or DeliveryGroup(strategy=self.strategy, key=key)
        return _apply(group, order=order, **fields)

    def _versioned(self, item) -> dict:
        return {"closed_in_id": None, "since_id": item.since_id or self.version.pk}

    def objective(self, group: DeliveryGroup, order: int, data: dict) -> Objective:
        objective = (self.objectives.pop(data["ref"], None)
                     or self.old_objectives.pop((group.key, data.get("number") or data["text"]), None)
                     or Objective())
        return _apply(objective, group_id=group.pk, ref=data["ref"], number=data.get("number", ""),
                      strand=data.get("strand", ""), text=data["text"], note=_note(data), order=order,
                      **self._versioned(objective))

    def action(self, objective: Objective, group_key: str, order: int, data: dict) -> Action:
        action = (self.actions.pop(data["ref"], None)
                  or self.old_actions.pop((group_key, data["text"]), None)
                  or self.old_actions.pop((group_key, (objective.number, order)), None)
                  or Action())
        _apply(action, objective_id=objective.pk, ref=data["ref"], text=data["text"] or "",
               lead=data["lead"] or "", kpi_text=data["kpi"] or "", deadline_text=data["deadline"] or "",
               note=_note(data), order=order, **self._versioned(action))
        for k, kpi in enumerate(_kpis(data)):
            self.kpi(action, kpi, cell=data["kpi"] if k == 0 else None)
        return action

    def kpi(self, action: Action, data: dict, cell: str | None) -> KPI:
        # A KPI loaded before refs was named by the whole cell: it becomes the cell's first indicator.
        kpi = (self.kpis.pop(data["ref"], None) or self.old_kpis.pop((action.pk, data["name"]), None)
               or (cell and self.old_kpis.pop((action.pk, cell[:300]), None)) or KPI())
        fields = {field: data[field] for field in _KPI_FIELDS if field in data}
        return _apply(kpi, action_id=action.pk, ref=data["ref"], closed_in_id=None, **fields)

    def close_the_rest(self) -> None:
        """Items the file no longer holds leave the plan in this version, with their history."""
        for leftovers in (self.objectives, self.old_objectives, self.actions, self.old_actions,
                          self.kpis, self.old_kpis):
            for item in leftovers.values():
                if item.closed_in_id is None:
                    _apply(item, closed_in_id=self.version.pk)


def _strategy(plan: dict) -> Strategy | None:
    if plan.get("key"):
        found = Strategy.objects.filter(key=plan["key"]).first()
        if found:
            return found
    return Strategy.objects.filter(title=plan["title"]).first()


@transaction.atomic
def plan_import(*, actor=None, path: Path = BUILT_IN) -> Strategy:
    """Load the plan at ``path`` as its plan year's version of the strategy (found by key, else title).

    Re-importing a year updates that version in place; a later year adds a version; an earlier year than
    one already loaded is refused. Nothing is deleted: updates and KPI readings stay with their records."""
    plan = read_plan(path)
    start, end = (dt.date.fromisoformat(day) for day in plan["period"])
    year = plan.get("year", start.year)
    strategy = _strategy(plan) or Strategy()
    latest = strategy.versions.order_by("-year").first() if strategy.pk else None
    if latest and year < latest.year:
        raise PlanFileError(f"plan: year {year} is older than the version already loaded ({latest.year})")
    legacy = strategy.pk is not None and latest is None
    with acting_as(actor):
        _apply(strategy, key=plan.get("key", strategy.key), title=plan["title"], period_start=start,
               period_end=end, vision=plan["vision"], principles=plan.get("principles", []),
               source=plan.get("source", ""))
        version = strategy.versions.filter(year=year).first() or PlanVersion(strategy=strategy, year=year)
        _apply(version, title=plan["title"], period_start=start, period_end=end, source=plan.get("source", ""))
        sync = _Sync(strategy, version, legacy=legacy)
        executive = plan.get("executive_group")
        if executive:
            sync.group("executive", 0, name=executive["name"], chair=executive["chair"], aim=executive["aim"],
                       is_executive=True)
        for g, group_data in enumerate(plan["groups"], start=1):
            group = sync.group(group_data["key"], g, name=group_data["name"], chair=group_data["chair"],
                               aim=group_data["aim"], note=group_data.get("aim_note", ""))
            for o, objective_data in enumerate(group_data["objectives"], start=1):
                objective = sync.objective(group, o, objective_data)
                for a, action_data in enumerate(objective_data["actions"], start=1):
                    sync.action(objective, group.key, a, action_data)
        sync.close_the_rest()
    return strategy
