"""Test data for MARAC meetings, built straight in the database."""

from __future__ import annotations

import datetime as dt

from saferplaces.marac.models import Attendance, AttendanceStatus, MaracAction, MaracCase, MaracMeeting, Research
from saferplaces.policy.models import AccessGrant
from saferplaces.victims.models import Referral, Service
from tests.factories import AgreementFactory, UserFactory

MEETING_DAY = dt.date(2025, 3, 4)


def marac_referral(person, on=dt.date(2025, 2, 20), agency=None, score=15):
    return Referral.objects.create(owner_agency=agency or person.owner_agency, person=person, service=Service.MARAC,
                                   referred_on=on, consent_given=True, dash_score=score)


def make_meeting(agency, held_on=MEETING_DAY, **extra):
    extra.setdefault("chair", "Chair")
    extra.setdefault("location", "City Hall")
    meeting = MaracMeeting.objects.create(owner_agency=agency, held_on=held_on, **extra)
    Attendance.objects.create(meeting=meeting, agency=agency, status=AttendanceStatus.PRESENT, attendee_role="Chair")
    return meeting


def make_case(meeting, referral, **extra):
    extra.setdefault("victim_name", f"{referral.person.forename} {referral.person.surname}")
    extra.setdefault("criterion", "visible_high_risk")
    return MaracCase.objects.create(owner_agency=meeting.owner_agency, meeting=meeting, referral=referral,
                                    referring_agency=referral.owner_agency, **extra)


def marac_world(world) -> dict:
    """A meeting per relationship to ``world.own`` (own, agreement, grant, unrelated), each with a
    case, the holder's research and an action of the holder; made once per test."""
    existing = {m.notes: m for m in MaracMeeting.objects.filter(notes__startswith="route ")}
    if len(existing) == 4:
        return {notes.removeprefix("route "): m for notes, m in existing.items()}
    AgreementFactory(parties=[world.own, world.partner], data_categories=["marac"])
    owners = {"own": world.own, "agreement": world.partner, "grant": world.other, "unrelated": world.other}
    granter = world.users["dpo"]
    meetings = {}
    for rel, agency in owners.items():
        meeting = make_meeting(agency, notes=f"route {rel}")
        case = make_case(meeting, marac_referral(world.people[rel]))
        author = world.users["caseworker"] if rel == "own" else UserFactory(agency=agency)
        research = Research.objects.create(owner_agency=agency, case=case, text=f"Research {rel}",
                                           submitted_by=author)
        action = MaracAction.objects.create(owner_agency=agency, case=case, text=f"Action {rel}",
                                            due_on=MEETING_DAY + dt.timedelta(days=7))
        if rel == "grant":
            for record in (meeting, case, research, action):
                AccessGrant.objects.create(record=record, grantee_agency=world.own, reason="Joint case",
                                           granted_by=granter)
        meetings[rel] = meeting
    return meetings
