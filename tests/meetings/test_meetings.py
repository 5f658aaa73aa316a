"""Meetings: who records and reads them, attendance by agency, actions and the risk and issue log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from saferplaces.meetings import selectors, services
from saferplaces.meetings.models import ActionStatus, AttendanceStatus, Kind, Meeting, RiskKind
from saferplaces.policy.rules import may
from tests.meetings.builders import partnership

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PAST = TODAY - dt.timedelta(days=20)


@pytest.fixture
def p():
    return partnership()


def _board(p, held_on=PAST, agencies=None):
    return services.meeting_create(actor=p.coordinator, kind=Kind.BOARD, held_on=held_on, place="City Hall",
                                   agencies=agencies if agencies is not None else [p.council, p.police])


def test_coordinators_record_meetings_and_others_may_not(p):
    meeting = _board(p)
    assert meeting.group is None and str(meeting).startswith("Board meeting")
    assert {a.agency for a in meeting.attendances.all()} == {p.council, p.police}
    with pytest.raises(PermissionDenied):
        services.meeting_create(actor=p.member, kind=Kind.BOARD, held_on=PAST, place="x")


def test_a_group_meeting_names_the_right_kind_of_group(p):
    with pytest.raises(services.MeetingError, match="group that is meeting"):
        services.meeting_create(actor=p.coordinator, kind=Kind.DELIVERY, held_on=PAST, place="x")
    with pytest.raises(services.MeetingError, match="Executive Group"):
        services.meeting_create(actor=p.coordinator, kind=Kind.EXECUTIVE, group=p.group, held_on=PAST, place="x")
    meeting = services.meeting_create(actor=p.coordinator, kind=Kind.EXECUTIVE, group=p.executive, held_on=PAST,
                                      place="x")
    assert meeting.body == "Executive Group"
    # A Board meeting has no group whatever the form sent.
    assert services.meeting_create(actor=p.coordinator, kind=Kind.BOARD, group=p.group, held_on=PAST,
                                   place="x").group is None


def test_attendance_is_recorded_once_held_and_counted_by_agency(p):
    future = _board(p, held_on=TODAY + dt.timedelta(days=5))
    with pytest.raises(services.MeetingError, match="not been held"):
        services.attendance_record(actor=p.coordinator, meeting=future, agency=p.police,
                                   status=AttendanceStatus.PRESENT)
    first, second = _board(p), _board(p, held_on=PAST - dt.timedelta(days=90))
    services.attendance_record(actor=p.coordinator, meeting=first, agency=p.police, status=AttendanceStatus.PRESENT,
                               attendee="Inspector")
    services.attendance_record(actor=p.coordinator, meeting=second, agency=p.police,
                               status=AttendanceStatus.APOLOGIES)
    services.attendance_record(actor=p.coordinator, meeting=first, agency=p.council, status=AttendanceStatus.ABSENT)
    rows = {r["agency"]: r for r in selectors.attendance_by_agency(Meeting.objects.all())}
    assert rows[p.police.name] == {"agency": p.police.name, "present": 1, "apologies": 1, "absent": 0, "rate": 50}
    # The council is absent once and only expected at the others (not yet recorded, or not yet held).
    assert rows[p.council.name]["rate"] == 0 and rows[p.council.name]["absent"] == 1


def test_agenda_decisions_minutes_and_actions(p):
    meeting = _board(p)
    item = services.agenda_item_add(actor=p.coordinator, meeting=meeting, title="Performance",
                                    plan_actions=p.actions[:2])
    assert list(item.plan_actions.all()) == p.actions[:2] and item.order == 1
    services.decision_record(actor=p.coordinator, meeting=meeting, agenda_item=item, text="Accept the report")
    other = _board(p)
    with pytest.raises(services.MeetingError, match="another meeting"):
        services.decision_record(actor=p.coordinator, meeting=other, agenda_item=item, text="x")
    services.minutes_save(actor=p.coordinator, meeting=meeting, minutes="Minuted")
    with pytest.raises(services.MeetingError, match="before the meeting"):
        services.meeting_action_add(actor=p.coordinator, meeting=meeting, text="x", owner=p.member,
                                    due_on=PAST - dt.timedelta(days=1))
    action = services.meeting_action_add(actor=p.coordinator, meeting=meeting, text="Report back", owner=p.member,
                                         due_on=TODAY)
    with pytest.raises(PermissionDenied):
        services.meeting_action_update(actor=p.outsider, action=action, status=ActionStatus.DONE)
    services.meeting_action_update(actor=p.member, action=action, status=ActionStatus.DONE)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.completed_on == TODAY


def test_members_read_their_agencys_meetings_and_coordinators_read_all(client, p):
    shared, elsewhere = _board(p), _board(p, agencies=[p.council])
    assert set(selectors.visible_meetings(p.member)) == {shared}
    assert set(selectors.visible_meetings(p.coordinator)) == {shared, elsewhere}
    assert set(selectors.visible_meetings(p.outsider)) == set()
    # The rule policy answers for one meeting agrees with the list's query.
    for user in (p.member, p.coordinator, p.outsider):
        for meeting in (shared, elsewhere):
            assert may(user, "meetings.view_meeting", meeting) == (meeting in selectors.visible_meetings(user))
    client.force_login(p.member)
    assert client.get(reverse("meetings:detail", args=[shared.pk])).status_code == 200
    assert client.get(reverse("meetings:detail", args=[elsewhere.pk])).status_code == 404
    listed = client.get(reverse("meetings:list")).content.decode()
    assert reverse("meetings:detail", args=[shared.pk]) in listed
    assert reverse("meetings:detail", args=[elsewhere.pk]) not in listed


def test_an_owner_outside_the_meeting_opens_and_updates_their_action(client, p):
    meeting = _board(p, agencies=[p.council])
    action = services.meeting_action_add(actor=p.coordinator, meeting=meeting, text="Report back", owner=p.member,
                                         due_on=TODAY + dt.timedelta(days=3))
    client.force_login(p.member)
    url = reverse("meetings:action_update", args=[action.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": ActionStatus.DONE, "due_on": action.due_on.isoformat()})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_the_meeting_form_says_what_to_enter(client, p):
    client.force_login(p.coordinator)
    response = client.post(reverse("meetings:create"), {"kind": Kind.DELIVERY})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the group that is meeting" in page and "Enter the date of the meeting" in page
    assert "This field is required" not in page
    response = client.post(reverse("meetings:create"), {
        "kind": Kind.DELIVERY, "group": p.group.pk, "held_on": PAST.isoformat(), "place": "Room 1",
        "agencies": [p.police.pk]})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.group == p.group


def test_risk_log_scores_filters_and_keeps_history(client, p):
    risk = services.risk_save(actor=p.coordinator, kind=RiskKind.RISK, title="Data not shared", group=p.group,
                              owner=p.member, likelihood=4, impact=4, review_on=TODAY, plan_actions=p.actions[:1])
    assert (risk.score, risk.rag) == (16, "red")
    with pytest.raises(services.MeetingError, match="likelihood"):
        services.risk_save(actor=p.coordinator, risk=risk, likelihood=6)
    services.risk_save(actor=p.coordinator, risk=risk, likelihood=2, status="closed")
    risk.refresh_from_db()
    assert (risk.score, risk.rag, risk.status) == (8, "amber", "closed")
    with pytest.raises(PermissionDenied):
        services.risk_save(actor=p.member, risk=risk, likelihood=1)
    services.risk_save(actor=p.coordinator, kind=RiskKind.ISSUE, title="Attendance falls", group=p.executive,
                       owner=p.coordinator, likelihood=1, impact=2, review_on=TODAY)
    client.force_login(p.member)
    url = reverse("meetings:risks")
    assert "Attendance falls" in client.get(url).content.decode()  # open risks by default
    page = client.get(url, {"status": "", "kind": "risk"}).content.decode()
    assert "Data not shared" in page and "Attendance falls" not in page
    page = client.get(url, {"status": "", "owner": "me"}).content.decode()
    assert "Data not shared" in page and "Attendance falls" not in page
    assert client.get(url, {"kind": "bogus"}).status_code == 404
    assert client.get(url, {"group": "99999999999999999999999"}).status_code == 404
