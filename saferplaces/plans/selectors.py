"""Reads of the plan: the overview, an action's history, and the quarterly board report."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects

from saferplaces.plans.models import RAG, Action, ActionUpdate, DeliveryGroup, KPIReading, Status, Strategy
from saferplaces.plans.quarters import Quarter

STATUS_LABELS = dict(Status.choices)


def current_strategy() -> Strategy | None:
    return Strategy.objects.order_by("-period_start", "-pk").first()


def _actions(group_ids) -> list[Action]:
    return list(
        Action.objects.filter(objective__group__in=group_ids)
        .select_related("objective__group__strategy")
        .prefetch_related(Prefetch("updates", queryset=ActionUpdate.objects.order_by("-date", "-id")))
    )


def _latest(action: Action, on: dt.date) -> ActionUpdate | None:
    return next((u for u in action.updates.all() if u.date <= on), None)


@dataclass
class GroupSummary:
    group: DeliveryGroup
    objectives: int
    actions: int
    status_counts: dict[str, int]
    overdue: list[Action] = field(default_factory=list)
    due_soon: list[Action] = field(default_factory=list)


def overview(strategy: Strategy, today: dt.date) -> list[GroupSummary]:
    groups = list(strategy.groups.filter(is_executive=False).prefetch_related("objectives"))
    actions = _actions(groups)
    out = []
    for group in groups:
        mine = [a for a in actions if a.objective.group_id == group.pk]
        statuses = Counter((_latest(a, today).status if _latest(a, today) else Status.NOT_STARTED) for a in mine)
        summary = GroupSummary(group, group.objectives.count(), len(mine),
                               {label: statuses.get(value, 0) for value, label in Status.choices})
        for action in mine:
            latest = _latest(action, today)
            done = latest is not None and latest.status in {Status.COMPLETE, Status.DROPPED}
            state = action.deadline.status(today, complete=done)
            if state == "overdue":
                summary.overdue.append(action)
            elif state == "due_soon":
                summary.due_soon.append(action)
        out.append(summary)
    return out


@dataclass
class KPIRow:
    kpi: object
    readings: list[tuple[Quarter, float | None, bool | None]]


@dataclass
class GroupReport:
    group: DeliveryGroup
    progress: str
    rag_counts: dict[str, int]
    exceptions: list[tuple[Action, ActionUpdate | None, str]]
    kpis: list[KPIRow]
    decisions: list[ActionUpdate]


@dataclass
class BoardReport:
    strategy: Strategy
    quarter: Quarter
    groups: list[GroupReport]
    sample_data: bool


def board_report(strategy: Strategy, quarter: Quarter) -> BoardReport:
    """The quarter's report: the state of every action at the quarter's end."""
    end = quarter.end
    quarters = [quarter]
    for _ in range(3):
        quarters.insert(0, quarters[0].previous())
    groups = list(strategy.groups.filter(is_executive=False))
    actions = _actions(groups)
    prefetch_related_objects(actions, "kpis")
    readings = {(r.kpi_id, r.period_start): r for r in KPIReading.objects.filter(kpi__action__in=actions)}
    sample = any(r.is_sample for r in readings.values())
    reports = []
    for group in groups:
        mine = [a for a in actions if a.objective.group_id == group.pk]
        latest = {a.pk: _latest(a, end) for a in mine}
        sample = sample or any(u is not None and u.is_sample for u in latest.values())
        rag = Counter(u.rag if u else "none" for u in latest.values())
        status = Counter(u.status if u else Status.NOT_STARTED for u in latest.values())
        exceptions = []
        for action in mine:
            update = latest[action.pk]
            done = update is not None and update.status in {Status.COMPLETE, Status.DROPPED}
            deadline = action.deadline.status(end, complete=done)
            if (update and update.status == Status.OFF_TRACK) or deadline == "overdue":
                exceptions.append((action, update, deadline))
        complete = status.get(Status.COMPLETE, 0)
        on_track = status.get(Status.ON_TRACK, 0)
        progress = (f"Of {len(mine)} actions, {complete} are complete and {on_track} on track; "
                    f"{status.get(Status.AT_RISK, 0)} are at risk, {status.get(Status.OFF_TRACK, 0)} off track and "
                    f"{status.get(Status.NOT_STARTED, 0)} have no update yet.")
        kpi_rows = []
        for action in mine:
            for kpi in action.kpis.all():
                values = [(q, readings[(kpi.pk, q.start)].value if (kpi.pk, q.start) in readings else None)
                          for q in quarters]
                if any(v is not None for _, v in values) or kpi.target is not None:
                    kpi_rows.append(KPIRow(kpi, [(q, v, kpi.on_target(v)) for q, v in values]))
        decisions = [u for u in ActionUpdate.objects.filter(action__in=mine, date__range=(quarter.start, end))
                     .exclude(decision_needed="").select_related("action")]
        reports.append(GroupReport(group, progress,
                                   {"Red": rag.get(RAG.RED, 0), "Amber": rag.get(RAG.AMBER, 0),
                                    "Green": rag.get(RAG.GREEN, 0), "No update": rag.get("none", 0)},
                                   exceptions, kpi_rows, decisions))
    return BoardReport(strategy, quarter, reports, sample)
