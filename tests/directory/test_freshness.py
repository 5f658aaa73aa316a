"""Freshness: review dates, stale entries, reminders to keepers (fixed dates), and corrections that the
keepers accept or reject."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import timezone

from saferplaces.accounts.roles import Role
from saferplaces.directory import freshness, services
from saferplaces.directory.models import CorrectionStatus
from saferplaces.notifications.models import Notification
from tests.directory.builders import make_service
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory()


def test_a_review_falls_due_six_months_after_the_last(agency):
    service = make_service(agency=agency, reviewed=dt.date(2026, 1, 15))
    assert freshness.due_on(service) == dt.date(2026, 7, 15)
    assert not freshness.is_stale(service, dt.date(2026, 7, 15))
    assert freshness.is_stale(service, dt.date(2026, 7, 16))
    with override_settings(DIRECTORY_REVIEW_MONTHS=12):
        assert freshness.due_on(service) == dt.date(2027, 1, 15)


def test_keepers_are_reminded_once_per_review(agency):
    keeper = UserFactory(agency=agency, role=Role.MANAGER)
    UserFactory(agency=agency, role=Role.CASEWORKER)  # not a keeper
    UserFactory(role=Role.MANAGER)  # another agency's
    coordinator = UserFactory(role=Role.COORDINATOR)  # keeps what no agency keeps
    make_service("Kept", agency=agency, reviewed=dt.date(2026, 1, 15))  # due 15 July 2026
    make_service("Unkept", reviewed=dt.date(2026, 2, 15))  # due 15 August 2026
    assert freshness.reminders_send(on=dt.date(2026, 6, 14)) == 0  # 31 days before
    assert freshness.reminders_send(on=dt.date(2026, 6, 15)) == 1  # 30 days before
    assert [n.recipient for n in Notification.objects.all()] == [keeper]
    assert freshness.reminders_send(on=dt.date(2026, 6, 16)) == 0
    assert freshness.reminders_send(on=dt.date(2026, 7, 20)) == 1
    assert Notification.objects.get(recipient=coordinator).reference == "Directory entry to review: Unkept"


def test_a_review_resets_the_clock_and_only_keepers_review(agency):
    service = make_service(agency=agency, reviewed=dt.date(2020, 1, 1))
    assert freshness.is_stale(service)
    with pytest.raises(PermissionDenied):
        services.service_review(actor=UserFactory(role=Role.MANAGER), service=service)
    services.service_review(actor=UserFactory(agency=agency, role=Role.MANAGER), service=service)
    assert service.assured_date == timezone.localdate() and not freshness.is_stale(service)


def test_stale_entries_are_marked_on_the_public_page(client, agency):
    old = make_service("Old", agency=agency, reviewed=dt.date(2020, 1, 1))
    new = make_service("New", agency=agency, reviewed=timezone.localdate())
    assert "has not been reviewed since 1 January 2020" in client.get(old.get_absolute_url()).content.decode()
    assert "has not been reviewed" not in client.get(new.get_absolute_url()).content.decode()
    assert client.get("/directory/").content.decode().count("Not reviewed recently") == 1


def test_a_correction_accepted_changes_the_entry_and_counts_as_a_review(agency):
    service = make_service(agency=agency, reviewed=dt.date(2020, 1, 1), fees="Free")
    partner = UserFactory(role=Role.CASEWORKER)
    correction = services.correction_propose(actor=partner, service=service, field="fees",
                                             proposed_value="£5 a session", reason="Their leaflet")
    keeper = UserFactory(agency=agency, role=Role.MANAGER)
    with pytest.raises(PermissionDenied):
        services.correction_decide(actor=UserFactory(role=Role.MANAGER), correction=correction, accept=True)
    services.correction_decide(actor=keeper, correction=correction, accept=True, note="Checked")
    service.refresh_from_db()
    assert service.fees == "£5 a session" and service.assured_date == timezone.localdate()
    assert correction.status == CorrectionStatus.ACCEPTED and correction.decided_by == keeper
    with pytest.raises(services.DirectoryError):
        services.correction_decide(actor=keeper, correction=correction, accept=False)


def test_a_correction_rejected_leaves_the_entry(agency):
    service = make_service(agency=agency, ages=(18, None))
    correction = services.correction_propose(actor=UserFactory(), service=service, field="minimum_age",
                                             proposed_value="16", reason="Leaflet")
    services.correction_decide(actor=UserFactory(agency=agency, role=Role.COORDINATOR), correction=correction,
                               accept=False, note="Still 18")
    service.refresh_from_db()
    assert service.minimum_age == 18 and correction.status == CorrectionStatus.REJECTED


@pytest.mark.parametrize(("field", "value", "message"), [
    ("minimum_age", "abc", "Enter an age from 0 to 130"),
    ("maximum_age", "10", "The youngest age must not be above the oldest"),
    ("status", "open", "Enter a status"),
    ("url", "not a url", "Enter a valid website"),
    ("name", "", "Enter the service's name"),
])
def test_a_correction_must_be_a_value_the_field_takes(agency, field, value, message):
    service = make_service(agency=agency, ages=(18, None))
    with pytest.raises(services.DirectoryError, match=message):
        services.correction_propose(actor=UserFactory(), service=service, field=field, proposed_value=value,
                                    reason="Because")


def test_the_review_queue_pages(client, agency):
    service = make_service("Queued", agency=agency)
    client.force_login(UserFactory(role=Role.CASEWORKER))
    response = client.post(f"/directory/services/{service.pk}/correct/",
                           {"field": "email", "proposed_value": "new@example.org", "reason": "Website"})
    assert response.status_code == 302
    keeper = UserFactory(agency=agency, role=Role.MANAGER)
    client.force_login(keeper)
    text = client.get("/directory/manage/").content.decode()
    assert "Corrections waiting for a decision (1)" in text and "Queued" in text
    correction = service.corrections.get()
    response = client.post(f"/directory/corrections/{correction.pk}/", {"decision": "accept"})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.email == "new@example.org"
