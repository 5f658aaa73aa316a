"""Sign-in throttling (issue 18, finding 3): failures slow down one user name from one address, for a
cool-off that grows on repeat; anonymous requests never lock an account for good."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog
from django.urls import reverse

from saferplaces.accounts.models import AccountChange, AccountChangeKind
from saferplaces.accounts.roles import Role
from saferplaces.audit.models import ChangeRecord
from tests.factories import PASSWORD, UserFactory

ATTACKER = "203.0.113.9"
OFFICE = "198.51.100.7"


def _sign_in(client, username, password, address=ATTACKER):
    return client.post(reverse("accounts:login"), {"username": username, "password": password},
                       REMOTE_ADDR=address)


def _fail(client, username, times, address=ATTACKER):
    for _ in range(times):
        _sign_in(client, username, "wrong-password", address)


def _age(minutes):
    """Move every recorded failure ``minutes`` into the past, as if that much time had gone by."""
    delta = timedelta(minutes=minutes)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - delta)
    for expiration in AccessAttemptExpiration.objects.all():
        AccessAttemptExpiration.objects.filter(pk=expiration.pk).update(expires_at=expiration.expires_at - delta)
    for failure in AccessFailureLog.objects.all():
        AccessFailureLog.objects.filter(pk=failure.pk).update(attempt_time=failure.attempt_time - delta)


@pytest.mark.django_db
def test_failures_from_one_address_do_not_stop_the_user_signing_in_from_another(client):
    user = UserFactory()
    _fail(client, user.username, 5)
    assert _sign_in(client, user.username, PASSWORD, address=ATTACKER).status_code == 429
    assert _sign_in(client, user.username, PASSWORD, address=OFFICE).status_code == 302


@pytest.mark.django_db
def test_the_throttle_ends_after_fifteen_minutes_and_the_page_says_when(client):
    user = UserFactory()
    _fail(client, user.username, 5)
    locked = _sign_in(client, user.username, PASSWORD)
    assert locked.status_code == 429
    assert b"15 minutes" in locked.content
    assert b"Try again after" in locked.content
    _age(14)
    assert _sign_in(client, user.username, PASSWORD).status_code == 429
    _age(2)
    assert _sign_in(client, user.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_cool_off_doubles_when_the_failures_go_on(client):
    user = UserFactory()
    _fail(client, user.username, 5)
    _age(16)
    _fail(client, user.username, 5)
    locked = _sign_in(client, user.username, PASSWORD)
    assert locked.status_code == 429
    assert b"30 minutes" in locked.content
    _age(16)
    assert _sign_in(client, user.username, PASSWORD).status_code == 429
    _age(15)
    assert _sign_in(client, user.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_trying_again_during_the_cool_off_does_not_lengthen_it(client):
    user = UserFactory()
    _fail(client, user.username, 5)
    _age(10)
    _fail(client, user.username, 3)
    _age(6)
    assert _sign_in(client, user.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_an_expired_cool_off_is_logged_in_the_change_history(client):
    user = UserFactory()
    _fail(client, user.username, 5)
    _age(16)
    _sign_in(client, user.username, "wrong-password")  # the next attempt clears the expired throttle
    change = AccountChange.objects.get(user=user, kind=AccountChangeKind.UNLOCK)
    assert change.actor is None
    assert change.detail == {"address": ATTACKER}
    assert "ran out" in change.reason
    record = ChangeRecord.objects.get(record_type="accounts.accountchange")
    assert record.actor is None and record.after["user_id"] == user.pk


@pytest.mark.django_db
def test_an_administrator_unlock_is_logged_with_who_and_why(client):
    user = UserFactory()
    admin = UserFactory(role=Role.ADMINISTRATOR, agency=user.agency)
    _fail(client, user.username, 5)
    client.force_login(admin)
    client.post(reverse("accounts:user_unlock", args=[user.pk]), {"reason": "Rang the service desk"})
    client.logout()
    assert _sign_in(client, user.username, PASSWORD).status_code == 302
    record = ChangeRecord.objects.get(record_type="accounts.accountchange")
    assert record.actor == admin
    assert record.after["user_id"] == user.pk
    assert record.after["kind"] == "unlock" and record.after["reason"] == "Rang the service desk"


@pytest.mark.django_db
def test_after_an_administrator_unlock_the_cool_off_starts_again_at_fifteen_minutes(client):
    user = UserFactory()
    admin = UserFactory(role=Role.ADMINISTRATOR, agency=user.agency)
    _fail(client, user.username, 5)
    _age(16)
    _fail(client, user.username, 5)
    client.force_login(admin)
    client.post(reverse("accounts:user_unlock", args=[user.pk]), {"reason": "Forgot their new password"})
    client.logout()
    _fail(client, user.username, 5)
    assert b"15 minutes" in _sign_in(client, user.username, PASSWORD).content


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_escape_the_throttle(client):
    user = UserFactory()
    _fail(client, user.username, 5)
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD},
                           REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=OFFICE)
    assert response.status_code == 429
