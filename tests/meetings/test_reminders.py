"""Before each Board meeting, plan leads are reminded (in the app and by e-mail, references and dates
only) of updates due, once; My work shows what is due and the meeting actions the user owns."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from saferplaces.meetings import reminders, services
from saferplaces.meetings.models import ActionStatus, Kind
from saferplaces.notifications.models import Notification, NotificationKind
from saferplaces.plans.models import RAG, ActionUpdate, Cadence, KPIReading, Source, Status
from saferplaces.plans.quarters import Quarter
from tests.meetings.builders import kpi, partnership

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _update(action, date, status=Status.ON_TRACK):
    ActionUpdate.objects.create(action=action, date=date, status=status, rag=RAG.GREEN, narrative="Going well")


@pytest.fixture
def due():
    """The next Board in 10 days, the last one 90 days ago; three actions led by the police manager:
    one not updated since the last Board (with a manual KPI never read), one updated since (with a
    measure KPI), one complete."""
    p = partnership()
    services.meeting_create(actor=p.coordinator, kind=Kind.BOARD, held_on=TODAY - dt.timedelta(days=90), place="x")
    board = services.meeting_create(actor=p.coordinator, kind=Kind.BOARD, held_on=TODAY + dt.timedelta(days=10),
                                    place="x")
    stale, fresh, done = p.actions
    for action in p.actions:
        action.lead_users.add(p.member)
    _update(stale, TODAY - dt.timedelta(days=120))
    _update(fresh, TODAY - dt.timedelta(days=30))
    _update(done, TODAY - dt.timedelta(days=120), Status.COMPLETE)
    manual = kpi(stale, name="Repeat rate", source=Source.MANUAL)
    kpi(fresh, name="Computed", source=Source.MEASURE, measure_key="x.y")
    return p, board, manual


def test_updates_due_lists_stale_actions_and_unread_kpis(due):
    p, board, manual = due
    owed = reminders.updates_due(actor=p.member)
    assert owed.board == board and owed.since == TODAY - dt.timedelta(days=90)
    assert owed.actions == [p.actions[0]] and owed.kpis == [manual]
    assert reminders.updates_due(actor=p.outsider) is None


def test_a_kpi_read_for_its_last_period_is_not_due(due):
    p, board, manual = due
    last = Quarter.containing(board.held_on).previous()
    KPIReading.objects.create(kpi=manual, period_start=last.start, value=12)
    assert reminders.updates_due(actor=p.member).kpis == []
    manual.cadence = Cadence.MONTHLY
    manual.save()
    month = (board.held_on.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    assert reminders.period_due(manual, board.held_on) == month


@pytest.mark.parametrize("board_on, due_from", [
    (dt.date(2019, 1, 15), dt.date(2017, 4, 1)),   # mid-year: the last ended year is 2017/18
    (dt.date(2019, 3, 31), dt.date(2017, 4, 1)),   # the year's last day: 2018/19 has not ended
    (dt.date(2019, 4, 1), dt.date(2018, 4, 1)),    # the first day after it: 2018/19 is due
])
def test_an_annual_kpi_is_due_for_the_last_financial_year_that_ended(due, board_on, due_from):
    p, board, manual = due
    manual.cadence = Cadence.ANNUAL
    assert reminders.period_due(manual, board_on) == due_from


def test_no_board_within_the_window_reminds_nobody(due, settings):
    settings.MEETINGS_REMINDER_DAYS = 5
    p, board, manual = due
    assert reminders.updates_due(actor=p.member) is None
    assert reminders.reminders_send() == 0


def test_reminders_are_sent_once_with_references_and_dates_only(due, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    p, board, manual = due
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminders_send() == 1
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)  # the daily command: nobody is told twice
    assert "0 plan lead(s) reminded" in out.getvalue()
    [note] = Notification.objects.filter(kind=NotificationKind.PLAN_UPDATE_DUE)
    assert note.recipient == p.member and note.url == reverse("plans:mine")
    assert "1 plan action update(s) and 1 KPI reading(s) due" in note.reference
    [mail] = mailoutbox
    assert mail.to == ["inspector@police.example"]
    assert f"{board.held_on:%-d %B %Y}" in mail.body
    assert "Secret plan wording" not in mail.body and "Repeat rate" not in mail.body


def test_my_work_shows_updates_due_and_owned_open_actions(client, due):
    p, board, manual = due
    meeting = services.meeting_create(actor=p.coordinator, kind=Kind.EXECUTIVE, group=p.executive,
                                      held_on=TODAY - dt.timedelta(days=3), place="x", agencies=[p.police])
    mine = services.meeting_action_add(actor=p.coordinator, meeting=meeting, text="Bring the recovery plan",
                                       owner=p.member, due_on=TODAY + dt.timedelta(days=4))
    closed = services.meeting_action_add(actor=p.coordinator, meeting=meeting, text="Already finished",
                                         owner=p.member, due_on=TODAY + dt.timedelta(days=4))
    services.meeting_action_update(actor=p.member, action=closed, status=ActionStatus.DONE)
    services.meeting_action_add(actor=p.coordinator, meeting=meeting, text="Someone else's job",
                                owner=p.coordinator, due_on=TODAY + dt.timedelta(days=4))
    client.force_login(p.member)
    page = client.get(reverse("work:my_work")).content.decode()
    assert "Plan updates due" in page and "Secret plan wording 1" in page and "Repeat rate" in page
    assert "Secret plan wording 2" not in page and "Secret plan wording 3" not in page
    assert "Bring the recovery plan" in page and reverse("meetings:action_update", args=[mine.pk]) in page
    assert "Already finished" not in page and "Someone else" not in page
    client.force_login(p.outsider)
    page = client.get(reverse("work:my_work")).content.decode()
    assert "Plan updates due" not in page and "My meeting actions" not in page
