import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


def _sign_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_sign_in_with_the_right_password(client):
    user = UserFactory()
    response = _sign_in(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
def test_wrong_password_shows_an_error_summary(client):
    user = UserFactory()
    response = _sign_in(client, user.username, "wrong")
    assert response.status_code == 200
    assert b"There is a problem" in response.content


@pytest.mark.django_db
def test_five_failed_attempts_pause_sign_in_even_with_the_right_password(client):
    user = UserFactory()
    for _ in range(5):
        _sign_in(client, user.username, "wrong-password")
    response = _sign_in(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert b"Too many attempts to sign in" in response.content
    assert client.get(reverse("core:home")).status_code == 302


@pytest.mark.django_db
def test_four_failures_do_not_lock(client):
    user = UserFactory()
    for _ in range(4):
        _sign_in(client, user.username, "wrong-password")
    assert _sign_in(client, user.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_administrator_unlocks_a_locked_account(client):
    from saferplaces.accounts.roles import Role

    user = UserFactory()
    admin = UserFactory(role=Role.ADMINISTRATOR, agency=user.agency)
    for _ in range(5):
        _sign_in(client, user.username, "wrong-password")
    client.force_login(admin)
    assert user.username.encode() in client.get(reverse("accounts:users")).content
    client.post(reverse("accounts:user_unlock", args=[user.pk]), {"reason": "Confirmed by phone"})
    client.logout()
    assert _sign_in(client, user.username, PASSWORD).status_code == 302


def test_idle_timeout_is_thirty_minutes_from_last_request():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # Not saved on every request: SessionLifetimeMiddleware saves a session in use once a minute
    # (tests/accounts/test_sessions.py: the idle timeout still counts from the last request).
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


@pytest.mark.django_db
def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "en-gb"
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.USE_TZ is True
