"""The retention pages: the schedule shows every category (a new one as not set), only the owning
agency decides its records, legal holds placed and lifted by the owner's DPO."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from saferplaces.policy import categories
from saferplaces.retention.models import LegalHold, RetentionRule, ReviewItem, ReviewStatus
from tests.conftest import force_login_verified

pytestmark = pytest.mark.django_db


def _item(agency, record_id="1"):
    return ReviewItem.objects.create(record_type="asb.asbcase", record_id=record_id, owner_agency=agency,
                                     category="asb", label=f"Anti-social behaviour case {record_id}",
                                     event_on=dt.date(2019, 1, 1), due_on=dt.date(2025, 1, 1))


def test_the_schedule_lists_every_category_and_a_new_one_as_not_set(client, world, monkeypatch):
    monkeypatch.setitem(categories.CATEGORIES, "youth_justice", "Youth justice records")
    RetentionRule.objects.create(category="asb", period_months=72, trigger="case_closed", action="delete",
                                 basis="Six years", is_sample=True)
    force_login_verified(client, world.users["manager"])
    page = client.get(reverse("retention:schedule")).content.decode()
    for label in categories.CATEGORIES.values():
        assert escape(label) in page
    row = page[page.index("Youth justice records"):]
    assert row.index("Not set") < row.index("</tr>")
    asb = page[page.index(categories.CATEGORIES["asb"]):]
    assert "72 months" in asb[:asb.index("</tr>")] and "Sample" in asb[:asb.index("</tr>")]
    assert "Asb cases (from case closed)" in asb[:asb.index("</tr>")]
    assert reverse("retention:rule_edit", args=["asb"]) not in page  # managers read, DPOs change


def test_the_dpo_sets_a_rule_and_it_is_no_longer_a_sample(client, world):
    RetentionRule.objects.create(category="victim", period_months=72, is_sample=True)
    force_login_verified(client, world.users["dpo"])
    response = client.post(reverse("retention:rule_edit", args=["victim"]),
                           {"period_months": "84", "trigger": "last_contact", "action": "anonymise", "basis": "Policy"})
    assert response.status_code == 302
    rule = RetentionRule.objects.get(category="victim")
    assert (rule.period_months, rule.trigger, rule.action, rule.is_sample, rule.updated_by) == (
        84, "last_contact", "anonymise", False, world.users["dpo"])
    assert client.get(reverse("retention:rule_edit", args=["no_such"])).status_code == 404


def test_the_review_list_shows_only_the_agencys_own_due_records_oldest_first(client, world):
    _item(world.own, "2")
    first = _item(world.own, "3")
    first.due_on = dt.date(2024, 1, 1)
    first.save()
    _item(world.partner, "4")
    decided = _item(world.own, "5")
    decided.status = ReviewStatus.KEPT
    decided.save()
    force_login_verified(client, world.users["manager"])
    page = client.get(reverse("retention:review_list")).content.decode()
    assert page.index("case 3") < page.index("case 2")
    assert "case 4" not in page and "case 5" not in page
    assert client.get(reverse("retention:review_decide", args=[ReviewItem.objects.get(record_id="4").pk])
                      ).status_code == 404


def test_keep_needs_a_reason_and_a_future_date_and_let_go_is_recorded(client, world):
    kept, let_go = _item(world.own, "6"), _item(world.own, "7")
    force_login_verified(client, world.users["manager"])
    url = reverse("retention:review_decide", args=[kept.pk])
    response = client.post(url, {"decision": "keep", "reason": "", "keep_until": ""})
    assert "Enter why the record is kept" in response.content.decode()
    assert "Enter the date to keep it until" in response.content.decode()
    response = client.post(url, {"decision": "keep", "reason": "Complaint open", "keep_until": "2000-01-01"})
    assert "must be in the future" in response.content.decode()
    assert client.post(url, {"decision": "keep", "reason": "Complaint open", "keep_until": "2099-01-01"}
                       ).status_code == 302
    assert client.post(reverse("retention:review_decide", args=[let_go.pk]), {"decision": "let_go"}).status_code == 302
    kept.refresh_from_db()
    let_go.refresh_from_db()
    assert (kept.status, kept.reason, kept.keep_until, kept.decided_by) == (
        ReviewStatus.KEPT, "Complaint open", dt.date(2099, 1, 1), world.users["manager"])
    assert let_go.status == ReviewStatus.LET_GO


def test_a_dpo_places_a_hold_on_their_agencys_record_only_and_lifts_it(client, world):
    force_login_verified(client, world.users["dpo"])
    own, other = world.people["own"], world.people["unrelated"]
    data = {"record_type": "people.person", "reason": "Civil claim", "until": ""}
    response = client.post(reverse("retention:hold_place"), {**data, "record_id": other.pk})
    assert "Your agency holds no such record" in response.content.decode() and not LegalHold.objects.exists()
    assert client.post(reverse("retention:hold_place"), {**data, "record_id": own.pk}).status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.record_id, hold.owner_agency, hold.placed_by, hold.is_active()) == (
        str(own.pk), world.own, world.users["dpo"], True)
    assert client.post(reverse("retention:hold_lift", args=[hold.pk])).status_code == 302
    hold.refresh_from_db()
    assert not hold.is_active() and hold.lifted_by == world.users["dpo"]
