"""Prepare's pages through the Django client: a rota swap asked by an officer and approved by the rota
manager, the officer's calendar file, and the registers asking a reason and logging each page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from saferplaces.audit.models import AccessAction, AccessEvent
from saferplaces.contest import rota
from saferplaces.contest import services_prepare as services
from saferplaces.contest.models_prepare import RotaSwap, SwapStatus
from tests.conftest import force_login_verified
from tests.contest.prepare_builders import a_plan, prepare_world

pytestmark = pytest.mark.django_db


def test_an_officer_asks_for_a_swap_the_manager_approves_and_the_rota_shows_it(client):
    w = prepare_world()
    ann, ben, cat = w.officers
    monday = rota.monday_of(timezone.localdate()) + dt.timedelta(weeks=1)
    week = services.rota_week_set(actor=w.lead, starts_on=monday, primary=ann, reserve=ben)

    force_login_verified(client, ann)
    response = client.post(reverse("contest:swap_request"), {"week": f"{week.pk}-primary", "cover": cat.pk,
                                                             "reason": "Leave"})
    assert response.status_code == 302
    swap = RotaSwap.objects.get()
    assert (swap.requested_by, swap.cover, swap.status) == (ann, cat, SwapStatus.PENDING)

    force_login_verified(client, w.lead)
    assert "Swap to decide" in client.get(reverse("work:my_work")).content.decode()
    response = client.post(reverse("contest:swap_decide", args=[swap.pk]), {"decision": "approve"})
    assert response.status_code == 302
    page = client.get(reverse("contest:rota"), {"from": monday.isoformat()}).content.decode()
    row = page[page.index(f"{monday:%-d %b %Y}"):]
    row = row[:row.index("</tr>")]
    assert cat.display_name in row and ann.display_name not in row and ben.display_name in row


def test_the_calendar_file_holds_the_signed_in_officers_weeks_only(client):
    w = prepare_world()
    ann, ben, cat = w.officers
    monday = rota.monday_of(timezone.localdate())
    services.rota_week_set(actor=w.lead, starts_on=monday, primary=ann, reserve=ben)
    services.rota_week_set(actor=w.lead, starts_on=monday + dt.timedelta(weeks=1), primary=ben, reserve=cat)
    force_login_verified(client, ann)
    response = client.get(reverse("contest:rota_calendar"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert text.count("BEGIN:VEVENT") == 1 and f"DTSTART;VALUE=DATE:{monday:%Y%m%d}\r\n" in text


def test_the_plans_register_asks_a_reason_and_logs_each_page(client):
    w = prepare_world()
    plan = a_plan(w, next_review_on=timezone.localdate() - dt.timedelta(days=1))
    force_login_verified(client, w.adviser)
    page = client.get(reverse("contest:plans")).content.decode()
    assert plan.title not in page  # the reason first
    page = client.get(reverse("contest:plans"), {"reason": "casework"}).content.decode()
    assert plan.title in page and "Review overdue" in page
    event = AccessEvent.objects.get(actor=w.adviser, action=AccessAction.SEARCH)
    assert event.detail["shown"] == [plan.pk]
