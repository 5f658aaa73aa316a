"""Plan updates due before a Board meeting, and the reminders that say so.

The strategy is "performance managed quarterly" and the Board reads the plan's progress: before each
Board meeting (``settings.MEETINGS_REMINDER_DAYS`` ahead, 14 by default) the leads of every open plan
action with no update since the previous Board meeting (with no earlier
Board meeting, no update at all), and of every KPI whose last period has no
reading, are told in the app and by e-mail (references and dates only). The reminder is keyed on
the meeting, so a second run the same day or the next tells nobody twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils import timezone

from saferplaces.meetings.models import Kind, Meeting
from saferplaces.notifications.models import NotificationKind
from saferplaces.notifications.services import notification_send
from saferplaces.plans.models import KPI, Action, ActionUpdate, Source, Status
from saferplaces.plans.returns import last_ended_period
from saferplaces.plans.selectors import current_strategy

CLOSED = {Status.COMPLETE, Status.DROPPED}


@dataclass
class UpdatesDue:
    """What one lead owes one Board meeting."""

    board: Meeting
    since: dt.date | None  # the previous Board meeting: an update on or after it counts
    actions: list[Action] = field(default_factory=list)
    kpis: list[KPI] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.actions) + len(self.kpis)


def next_board(on: dt.date) -> Meeting | None:
    """The next Board meeting within the reminder window (today included)."""
    return (Meeting.objects.filter(kind=Kind.BOARD, held_on__gte=on,
                                   held_on__lte=on + dt.timedelta(days=settings.MEETINGS_REMINDER_DAYS))
            .order_by("held_on", "pk").first())


def previous_board_date(board: Meeting) -> dt.date | None:
    return (Meeting.objects.filter(kind=Kind.BOARD, held_on__lt=board.held_on)
            .aggregate(last=Max("held_on"))["last"])


def period_due(kpi: KPI, board_on: dt.date) -> dt.date:
    """The first day of the KPI's last period (by its cadence) that ended before the Board: a reading
    for a period starting on or after it is up to date. An annual KPI is due once its financial year
    has ended, not at every Board."""
    return last_ended_period(kpi.cadence, board_on)[0]


def _open_actions(users=None) -> list[Action]:
    """The current plan's actions not complete or dropped (of ``users`` when given), with their
    updates newest first, leads and KPI readings: a fixed number of queries."""
    strategy = current_strategy()
    if strategy is None:
        return []
    actions = (Action.objects.filter(objective__group__strategy=strategy, objective__group__is_executive=False)
               .select_related("objective__group")
               .prefetch_related(Prefetch("updates", queryset=ActionUpdate.objects.order_by("-date", "-id")),
                                 "lead_users", "kpis__readings"))
    if users is not None:
        actions = actions.filter(lead_users__in=users).distinct()
    return [a for a in actions if not (a.updates.all() and a.updates.all()[0].status in CLOSED)]


def _kpis_due(action: Action, board_on: dt.date) -> list[KPI]:
    due = []
    for kpi in action.kpis.all():
        if kpi.source == Source.MEASURE:
            continue  # computed by the product: nobody has to enter it
        due_from = period_due(kpi, board_on)
        if not any(r.period_start >= due_from for r in kpi.readings.all()):
            due.append(kpi)
    return due


def _by_lead(board: Meeting, users=None) -> dict:
    since = previous_board_date(board)
    by_user: dict = {}
    for action in _open_actions(users):
        updates = action.updates.all()
        stale = not updates or (since is not None and updates[0].date < since)
        kpis = _kpis_due(action, board.held_on)
        if not stale and not kpis:
            continue
        for lead in action.lead_users.all():
            if users is not None and lead not in users:
                continue
            entry = by_user.setdefault(lead, UpdatesDue(board, since))
            if stale:
                entry.actions.append(action)
            entry.kpis.extend(kpis)
    return by_user


def updates_due(*, actor, on: dt.date | None = None) -> UpdatesDue | None:
    """What the actor owes the next Board meeting (None when no Board meets soon or nothing is due)."""
    board = next_board(on or timezone.localdate())
    if board is None:
        return None
    return _by_lead(board, users=[actor]).get(actor)


def reminders_send(*, on: dt.date | None = None) -> int:
    """Remind every lead with updates due before the next Board meeting; returns how many were told.

    Keyed on the meeting (``notification_send``'s ``key``): running again tells nobody twice, and a
    lead is told again only for the next meeting.
    """
    board = next_board(on or timezone.localdate())
    if board is None:
        return 0
    told = 0
    for user, due in sorted(_by_lead(board).items(), key=lambda item: item[0].pk):
        reference = (f"Board {board.held_on:%-d %B %Y}: {len(due.actions)} plan action update(s) "
                     f"and {len(due.kpis)} KPI reading(s) due")
        dates = [("Board meeting", board.held_on)]
        if due.since:
            dates.append(("No update since the last Board meeting", due.since))
        if notification_send(recipient=user, kind=NotificationKind.PLAN_UPDATE_DUE, reference=reference,
                             url=reverse("plans:mine"), dates=dates, key=f"meetings.board.{board.pk}.updates"):
            told += 1
    return told
