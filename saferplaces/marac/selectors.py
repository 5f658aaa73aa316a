"""Reads for MARAC meetings. Records are scoped by policy (``access.scope`` / ``access.fetch``);
the quarterly return and the plan's measures are partnership aggregates over every meeting (counts only)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from saferplaces.accounts.models import AgencyKind
from saferplaces.core.dates import quarter_of
from saferplaces.marac import rules
from saferplaces.marac.models import Attendance, MaracAction, MaracCase, MaracMeeting, Research
from saferplaces.policy import access
from saferplaces.victims import marac as safelives
from saferplaces.victims import selectors as victim_selectors
from saferplaces.victims.models import Referral, Service


def visible_meetings(actor, action: str = "view") -> QuerySet:
    return access.scope(actor, MaracMeeting.objects.select_related("owner_agency"), action)


def meeting_access(*, actor, meeting_id: int, action: str = "view") -> MaracMeeting:
    return access.fetch(actor, MaracMeeting.objects.select_related("owner_agency"), meeting_id, action)


def case_access(*, actor, case_id: int, action: str = "view") -> MaracCase:
    return access.fetch(actor, MaracCase.objects.select_related("meeting__owner_agency", "owner_agency",
                                                                "referring_agency"), case_id, action)


def action_access(*, actor, action_id: int, action: str = "change") -> MaracAction:
    return access.fetch(actor, MaracAction.objects.select_related("case__meeting", "owner_agency"), action_id,
                        action)


def cases_of(meeting: MaracMeeting, actor) -> list[MaracCase]:
    return list(access.scope(actor, meeting.cases.select_related("owner_agency", "referring_agency")))


def research_of(cases, actor) -> list[Research]:
    return list(access.scope(actor, Research.objects.filter(case__in=cases)
                             .select_related("owner_agency", "submitted_by")))


def actions_of(cases, actor) -> list[MaracAction]:
    return list(access.scope(actor, MaracAction.objects.filter(case__in=cases)
                             .select_related("owner_agency", "owner_user")))


def attendance_of(meeting: MaracMeeting) -> list[Attendance]:
    """The meeting's attendance list: shown with the meeting to whoever may see it."""
    return list(meeting.attendances.select_related("agency"))


def referrals_to_hear(*, actor, meeting: MaracMeeting) -> QuerySet:
    """MARAC referrals the actor may see that are not yet on this meeting's case list."""
    queryset = Referral.objects.filter(service=Service.MARAC).exclude(marac_cases__meeting=meeting)
    return access.scope(actor, queryset.select_related("person", "owner_agency")).order_by("-referred_on", "pk")


def repeat_of(referral: Referral) -> tuple[bool, dt.date | None]:
    """Is the referral a repeat (SafeLives), and the person's previous MARAC referral date.

    Judged over every agency's MARAC referrals, people linked across agencies counting once: a
    repeat must be recognised whoever made the earlier referral. Only the answer is kept.
    """
    everyone = victim_selectors.all_marac_referrals()
    this = next(r for r in everyone if r.id == referral.pk)
    earlier = [r.referred_on for r in everyone if r.person == this.person and
               (r.referred_on, r.id) < (this.referred_on, this.id)]
    return referral.pk in safelives.repeat_ids(everyone), (max(earlier) if earlier else None)


def _case_rows() -> list[rules.CaseRow]:
    rows = MaracCase.objects.values_list(
        "meeting__held_on", "repeat", "referring_agency__short_name", "referring_agency__kind", "age_band", "gender",
        "transgender", "ethnicity", "disability", "sexual_orientation", "pregnant", "children_in_household")
    return [rules.CaseRow(on, repeat, agency, kind == AgencyKind.POLICE, *rest)
            for on, repeat, agency, kind, *rest in rows]


def _attendance_rows() -> list[rules.AttendanceRow]:
    return [rules.AttendanceRow(meeting, on, agency, status) for meeting, on, agency, status in
            Attendance.objects.values_list("meeting_id", "meeting__held_on", "agency__short_name", "status")]


def quarterly_return(start: dt.date, end: dt.date) -> rules.QuarterlyReturn:
    dates = list(MaracMeeting.objects.values_list("held_on", flat=True))
    return rules.quarterly_return(_case_rows(), _attendance_rows(), dates, start, end)


def quarterly_returns(*, count: int = 4, on: dt.date | None = None) -> list[rules.QuarterlyReturn]:
    """The returns of the last ``count`` quarters up to the one holding ``on`` (most recent first)."""
    on = on or timezone.localdate()
    cases, attendance = _case_rows(), _attendance_rows()
    dates = list(MaracMeeting.objects.values_list("held_on", flat=True))
    start, end = quarter_of(on)
    returns = []
    for _ in range(count):
        returns.append(rules.quarterly_return(cases, attendance, dates, start, end))
        end = start - dt.timedelta(days=1)
        start, _unused = quarter_of(end)
    return returns
