"""Business Continuity Champions meetings are partnership meetings of one more body."""

from __future__ import annotations

import datetime as dt

import pytest

from saferplaces.meetings import services
from saferplaces.meetings.forms import MeetingForm
from saferplaces.meetings.models import Kind
from saferplaces.plans.importer import plan_import
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_champions_meeting_reports_to_its_delivery_group():
    strategy = plan_import()
    contest = strategy.groups.get(key="contest")
    council = AgencyFactory()
    coordinator = UserFactory(agency=council, role="coordinator")
    meeting = services.meeting_create(actor=coordinator, kind=Kind.BC_CHAMPIONS, group=contest, agencies=[council],
                                      held_on=dt.date(2025, 1, 9), place="City Hall")
    assert meeting.body == "Business Continuity Champions (Contest)"
    form = MeetingForm({"kind": Kind.BC_CHAMPIONS, "held_on": "2025-01-09", "place": "City Hall",
                        "agencies": [council.pk]})
    assert not form.is_valid() and form.errors["group"] == ["Choose the group that is meeting"]
