"""Sessions end 30 minutes after the last request (idle) and, however active, some hours after sign-in."""

import time

import pytest
from django.conf import settings
from django.urls import reverse

from saferplaces.accounts.middleware import REFRESHED_AT, SESSION_REFRESH_SECONDS, SIGNED_IN_AT
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _sign_in(client):
    user = UserFactory()
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    return user


def _age_session(client, hours):
    session = client.session
    session[SIGNED_IN_AT] = time.time() - hours * 3600
    session.save()


def test_absolute_lifetime_is_twelve_hours_by_default():
    assert settings.SAFERPLACES_SESSION_MAX_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 30 * 60  # the idle timeout stays


def test_sign_in_time_is_kept_in_the_session(client):
    before = time.time()
    _sign_in(client)
    assert before <= client.session[SIGNED_IN_AT] <= time.time()


def test_an_active_session_ends_after_the_absolute_lifetime(client):
    _sign_in(client)
    _age_session(client, 11.9)
    assert client.get(reverse("core:home")).status_code == 200  # still inside the 12 hours
    _age_session(client, 12.1)
    response = client.get(reverse("core:home"))
    assert response["Location"] == reverse("accounts:session_ended")
    ended = client.get(response["Location"])
    assert ended.status_code == 200 and b"You have been signed out" in ended.content
    assert client.get(reverse("core:home"))["Location"].startswith(reverse("accounts:login"))


def test_the_lifetime_is_a_setting(client, settings):
    settings.SAFERPLACES_SESSION_MAX_HOURS = 1
    _sign_in(client)
    _age_session(client, 1.5)
    assert client.get(reverse("core:home"))["Location"] == reverse("accounts:session_ended")


def test_signing_in_again_starts_a_new_lifetime(client):
    user = _sign_in(client)
    _age_session(client, 13)
    client.get(reverse("core:home"))
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["12345678901234567890", "plans:overview", "https://elsewhere.example/", "//x"])
def test_stay_signed_in_goes_back_only_to_a_page_of_this_site(client, target):
    """Without script, "Stay signed in" returns to the page it came from; any other ``next`` (a bare
    number, a view's name, another site) goes home instead of failing (it was a 500)."""
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:session_extend"), {"next": target})
    assert response.status_code == 302 and response.url == "/"
    assert client.post(reverse("accounts:session_extend"), {"next": "/plans/"}).url == "/plans/"


def _expires(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_page_read_within_a_minute_of_the_last_save_writes_no_session(client):
    _sign_in(client)
    client.get(reverse("core:home"))  # saved now
    before = _expires(client)
    client.get(reverse("core:home"))
    assert _expires(client) == before  # not saved again: no write on every GET


def test_the_idle_clock_restarts_once_the_last_save_is_a_minute_old(client):
    _sign_in(client)
    client.get(reverse("core:home"))
    session = client.session
    session[REFRESHED_AT] = time.time() - SESSION_REFRESH_SECONDS - 1
    session.save()
    before = _expires(client)
    time.sleep(0.01)
    client.get(reverse("core:home"))
    after = _expires(client)
    assert after > before  # the expiry moved on: 30 minutes from this request


def test_stay_signed_in_restarts_the_idle_clock_at_once(client):
    _sign_in(client)
    client.get(reverse("core:home"))
    before = _expires(client)
    time.sleep(0.01)
    client.post(reverse("accounts:session_extend"), {"next": "/"})
    assert _expires(client) > before
