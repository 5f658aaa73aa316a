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
        # An action a later plan year closed is history, not part of the plan as it stands.
        Action.objects.filter(objective__group__in=group_ids, closed_in__isnull=True)
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
        summary = GroupSummary(group, sum(1 for o in group.objectives.all() if o.closed_in_id is None), len(mine),
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
    commentary: str = ""  # the latest reading's, in the quarter reported
    chart: str = ""  # an inline SVG, drawn by the view that shows the row

    @property
    def latest(self) -> tuple[Quarter, float | None, bool | None]:
        return self.readings[-1]

    @property
    def off_target(self) -> bool:
        return self.latest[2] is False

    @property
    def charted(self) -> bool:
        """Two readings or more make a line worth drawing."""
        return sum(v is not None for _, v, _ in self.readings) >= 2


@dataclass
class GroupReport:
    group: DeliveryGroup
    actions: int
    status_counts: dict[str, int]
    rag_counts: dict[str, int]
    exceptions: list[tuple[Action, ActionUpdate | None, str]]
    kpis: list[KPIRow]
    decisions: list[ActionUpdate]
    no_update: int  # actions with no update by the quarter's end: counted, not listed
    no_update_overdue: int

    @property
    def kpis_off_target(self) -> list[KPIRow]:
        return [row for row in self.kpis if row.off_target]


@dataclass
class BoardReport:
    strategy: Strategy
    quarter: Quarter
    quarters: list[Quarter]
    groups: list[GroupReport]
    sample_data: bool

    @property
    def decisions(self) -> list[ActionUpdate]:
        return [u for g in self.groups for u in g.decisions]

    @property
    def kpis_off_target(self) -> list[KPIRow]:
        return [row for g in self.groups for row in g.kpis_off_target]


def _is_exception(update: ActionUpdate | None, deadline: str) -> bool:
    """Red or amber, at risk or off track, or past its deadline: what the board is asked to look at.
    An action with no update is counted apart (a page of "no update" tells the board nothing more)."""
    if update is None:
        return False
    return (update.rag in {RAG.RED, RAG.AMBER} or update.status in {Status.AT_RISK, Status.OFF_TRACK}
            or deadline == "overdue")


def board_report(strategy: Strategy, quarter: Quarter) -> BoardReport:
    """The quarter's report: the state of every action at the quarter's end, and the last four
    quarters of each KPI. A bounded number of queries: four, and one per group for its decisions."""
    end = quarter.end
    quarters = [quarter]
    for _ in range(3):
        quarters.insert(0, quarters[0].previous())
    groups = list(strategy.groups.filter(is_executive=False))
    actions = _actions(groups)
    prefetch_related_objects(actions, "kpis")
    readings = {(r.kpi_id, r.period_start): r for r in KPIReading.objects.filter(
        kpi__action__in=actions, period_start__range=(quarters[0].start, quarter.start))}
    sample = any(r.is_sample for r in readings.values())
    reports = []
    for group in groups:
        mine = [a for a in actions if a.objective.group_id == group.pk]
        latest = {a.pk: _latest(a, end) for a in mine}
        sample = sample or any(u is not None and u.is_sample for u in latest.values())
        rag = Counter(u.rag if u else "none" for u in latest.values())
        status = Counter(u.status if u else Status.NOT_STARTED for u in latest.values())
        exceptions, no_update, no_update_overdue = [], 0, 0
        for action in mine:
            update = latest[action.pk]
            done = update is not None and update.status in {Status.COMPLETE, Status.DROPPED}
            deadline = action.deadline.status(end, complete=done)
            if update is None:
                no_update += 1
                no_update_overdue += deadline == "overdue"
            elif _is_exception(update, deadline):
                exceptions.append((action, update, deadline))
        kpi_rows = []
        for action in mine:
            for kpi in action.kpis.all():
                found = [(q, readings.get((kpi.pk, q.start))) for q in quarters]
                values = [(q, r.value if r else None) for q, r in found]
                if any(v is not None for _, v in values) or kpi.target is not None:
                    last = found[-1][1]
                    kpi_rows.append(KPIRow(kpi, [(q, v, kpi.on_target(v)) for q, v in values],
                                           last.commentary if last else ""))
        decisions = [u for u in ActionUpdate.objects.filter(action__in=mine, date__range=(quarter.start, end))
                     .exclude(decision_needed="").select_related("action__objective__group")]
        reports.append(GroupReport(
            group, len(mine), {value: status.get(value, 0) for value in Status.values},
            {"Red": rag.get(RAG.RED, 0), "Amber": rag.get(RAG.AMBER, 0), "Green": rag.get(RAG.GREEN, 0),
             "No update": rag.get("none", 0)},
            exceptions, kpi_rows, decisions, no_update, no_update_overdue))
    return BoardReport(strategy, quarter, quarters, reports, sample)
