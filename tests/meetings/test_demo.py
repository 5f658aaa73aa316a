"""The meetings demo: sample meetings and risks load (twice), are marked as samples, and their pages
open for the coordinator and for a member agency's staff."""

import io

import pytest
from django.urls import reverse

from saferplaces.accounts import demo as accounts_demo
from saferplaces.accounts.models import User
from saferplaces.core import demo as registry
from saferplaces.meetings import demo, reminders
from saferplaces.meetings.models import Meeting, Risk
from saferplaces.plans import demo as plans_demo

pytestmark = pytest.mark.django_db


def _load():
    out = io.StringIO()
    for step in registry.before_load_steps():
        step(out)
    for loader in (accounts_demo.load, plans_demo.load, demo.load):
        loader(out)
    return out.getvalue()


def test_demo_meetings_load_twice_and_open(client):
    _load()
    assert "4 sample partnership meetings" in _load()
    assert Meeting.objects.count() == 4 and all(m.is_sample for m in Meeting.objects.all())
    assert Risk.objects.count() == 2 and all(r.is_sample for r in Risk.objects.all())
    # The next Board falls within the reminder window: the Victim Support lead has updates due.
    owed = reminders.updates_due(actor=User.objects.get(username="caseworker.vs"))
    assert owed is not None and owed.count
    for username in ("coordinator.wcc", "manager.mps"):
        client.force_login(User.objects.get(username=username))
        assert client.get(reverse("meetings:list")).status_code == 200
        for meeting in Meeting.objects.all():
            assert client.get(meeting.get_absolute_url()).status_code == 200
        for risk in Risk.objects.all():
            assert client.get(risk.get_absolute_url()).status_code == 200
        assert client.get(reverse("work:my_work")).status_code == 200
