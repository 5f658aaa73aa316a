"""Prevent reporting: Channel figures shown with small numbers suppressed, and the activity measures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.contest import prevent
from saferplaces.contest.models import ChannelFigure, PreventActivity
from saferplaces.plans import measures
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return UserFactory(role=Role.CT_LEAD)


def _quarter(lead, figures, start=dt.date(2025, 1, 1)):
    return prevent.channel_record(actor=lead, quarter_start=start, figures=figures)


def test_small_channel_counts_are_suppressed_with_their_complements(lead):
    # Referrals 9, 3, 7: the 3 is hidden (<5); the total 19 is shown, so the smallest other (7) is
    # withheld ([c]). Adoptions 2, 1, 0: both non-zero counts hidden, total 3 hidden too (<5).
    # Education's 9 referrals less its 2 adoptions is 7 not adopted: shown, so nothing else is exposed.
    _quarter(lead, {"education": (9, 2), "health": (3, 1), "police": (7, 0)})
    [quarter] = prevent.channel_quarters()
    assert quarter.rows == [("Education", "9", "<5"), ("Health", "<5", "<5"), ("Police", "[c]", "0")]
    assert (quarter.referrals, quarter.adoptions) == ("19", "<5")
    assert quarter.label == "January to March 2025"


def test_the_prevent_page_never_shows_a_small_count(client, lead):
    _quarter(lead, {"education": (12, 6), "health": (3, 0)})
    client.force_login(UserFactory(role=Role.COORDINATOR))
    html = client.get(reverse("contest:prevent")).content.decode()
    assert "&lt;5" in html and ">3<" not in html


def test_a_quarter_is_recorded_once_and_only_when_it_has_ended(lead):
    _quarter(lead, {"education": (5, 1)})
    with pytest.raises(prevent.PreventError, match="already recorded"):
        _quarter(lead, {"health": (5, 1)})
    with pytest.raises(prevent.PreventError, match="not the first day"):
        _quarter(lead, {"health": (5, 1)}, start=dt.date(2025, 2, 1))
    with pytest.raises(prevent.PreventError, match="not ended"):
        _quarter(lead, {"health": (5, 1)}, start=dt.date(2099, 1, 1))
    assert ChannelFigure.objects.count() == 1


def test_the_activity_measures_on_hand_worked_records(lead):
    def add(kind, held_on, people=0, ended_on=None):
        PreventActivity.objects.create(kind=kind, title="t", organisation="o", held_on=held_on, ended_on=ended_on,
                                       people=people, recorded_by=lead)

    add("training", dt.date(2025, 1, 10), people=30)
    add("training", dt.date(2025, 3, 31), people=12)
    add("training", dt.date(2025, 4, 1), people=50)  # next quarter
    add("engagement", dt.date(2025, 2, 2))
    add("project", dt.date(2024, 6, 1), ended_on=dt.date(2024, 12, 31))  # ended before the quarter
    add("project", dt.date(2024, 9, 1), ended_on=dt.date(2025, 1, 15))  # runs into it
    add("project", dt.date(2025, 3, 1))  # starts in it, still running
    add("project", dt.date(2025, 4, 2))  # starts after it
    quarter = (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert measures.get("contest.prevent_people_trained").compute(*quarter) == 42.0
    assert measures.get("contest.prevent_training_sessions").compute(*quarter) == 2.0
    assert measures.get("contest.prevent_engagement_sessions").compute(*quarter) == 1.0
    assert measures.get("contest.prevent_projects_running").compute(*quarter) == 2.0
    assert measures.get("contest.prevent_institutions_supported").compute(*quarter) == 0.0
