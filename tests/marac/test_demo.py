"""The MARAC demo: the sample meeting loads (twice), the MARAC agencies see it, housing does not."""

import io

from django.urls import reverse

from saferplaces.accounts import demo as accounts_demo
from saferplaces.accounts.models import User
from saferplaces.core import demo as registry
from saferplaces.marac import demo
from saferplaces.marac.models import MaracCase, MaracMeeting
from saferplaces.people import demo as people_demo
from saferplaces.policy import demo as policy_demo
from saferplaces.victims import demo as victims_demo


def _load():
    out = io.StringIO()
    for loader in registry.before_load_steps():
        loader(out)
    for loader in (accounts_demo.load, policy_demo.load, people_demo.load, victims_demo.load, demo.load):
        loader(out)
    return out.getvalue()


def test_demo_meeting_is_seen_by_marac_agencies_and_not_by_housing(client, db):
    _load()
    _load()  # reloading replaces the sample meeting
    meeting = MaracMeeting.objects.get()
    assert meeting.notes.startswith(demo.SAMPLE)
    cases = list(MaracCase.objects.filter(meeting=meeting))
    assert len(cases) == 2 and sum(c.repeat for c in cases) == 1
    url = reverse("marac:meeting_detail", kwargs={"pk": meeting.pk})
    for username in ("caseworker.mps", "caseworker.vs", "caseworker.nps", "manager.wcc"):
        client.force_login(User.objects.get(username=username))
        client.post(url, {"justification-form": "1", "reason": "casework"})
        assert client.get(url).status_code == 200, username
    client.force_login(User.objects.get(username="partner.cwh"))
    assert client.get(url).status_code == 404
