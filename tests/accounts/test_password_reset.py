"""Password change for a signed-in user, and reset by e-mail with single-use, short-lived links."""

import datetime as dt
import re

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from saferplaces.accounts import services
from saferplaces.accounts.models import AccountChange, User
from saferplaces.audit.models import ChangeRecord
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW = "a fresh phrase of my own"


@pytest.fixture(autouse=True)
def _fresh_reset_limits():
    # Reset requests are counted in the cache, which outlives a test: each test starts with none counted.
    cache.clear()
    yield
    cache.clear()


def _sign_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_a_signed_in_user_changes_their_password(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200 and b"govuk-input" in page.content
    wrong = client.post(reverse("accounts:password_change"),
                        {"old_password": "not it", "new_password1": NEW, "new_password2": NEW})
    assert wrong.status_code == 200 and b"There is a problem" in wrong.content
    done = client.post(reverse("accounts:password_change"),
                       {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == reverse("accounts:password_change_done")
    assert client.get(reverse("core:home")).status_code == 200  # this session carries on
    client.logout()
    assert _sign_in(client, user.username, NEW).status_code == 302


def test_a_changed_password_must_follow_the_rules(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Westminster2017", "new_password2": "Westminster2017"})
    assert response.status_code == 200
    assert b'href="#id_new_password2"' in response.content


def _reset_link(email_body: str) -> str:
    return re.search(r"https?://\S+(/accounts/password-reset/\S+/\S+/)", email_body).group(1)


@override_settings(SITE_URL="https://safer.example.org")
def test_reset_by_email_works_once(client):
    user = UserFactory(email="ana@example.org")
    user.must_change_password = True
    user.save()
    response = client.post(reverse("accounts:password_reset"), {"email": "ana@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "https://safer.example.org/accounts/password-reset/" in message.body  # never the Host header
    assert "testserver" not in message.body
    link = _reset_link(message.body)

    form = client.get(link, follow=True)
    assert form.status_code == 200 and b"Choose a new password" in form.content
    set_url = form.redirect_chain[-1][0]
    saved = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert saved["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW) and user.must_change_password is False

    again = client.get(link, follow=True)  # the same link a second time
    assert b"This link does not work" in again.content
    assert _sign_in(client, user.username, NEW).status_code == 302


def test_reset_links_last_an_hour(client, settings, monkeypatch):
    assert settings.PASSWORD_RESET_TIMEOUT == 60 * 60
    user = UserFactory(email="ben@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "ben@example.org"})
    link = _reset_link(mail.outbox[0].body)
    sent = dt.datetime.now()
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: sent + dt.timedelta(minutes=59))
    assert b"Choose a new password" in client.get(link, follow=True).content
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: sent + dt.timedelta(minutes=61))
    expired = client.get(link, follow=True)
    assert b"This link does not work" in expired.content
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_reset_page_does_not_reveal_whether_an_address_exists(client):
    UserFactory(email="known@example.org")
    known = client.post(reverse("accounts:password_reset"), {"email": "known@example.org"}, follow=True)
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    def page(response, address):  # the script nonce is new on every response
        return re.sub(rb'nonce="[^"]*"', b"", response.content.replace(address, b""))

    assert page(known, b"known@") == page(unknown, b"nobody@")
    assert len(mail.outbox) == 1


def test_a_deactivated_account_gets_no_reset_link(client):
    UserFactory(email="gone@example.org", is_active=False)
    response = client.post(reverse("accounts:password_reset"), {"email": "gone@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_the_sign_in_page_links_to_reset(client):
    assert reverse("accounts:password_reset").encode() in client.get(reverse("accounts:login")).content
    assert User.objects.count() == 0


def test_a_users_own_password_changes_are_logged_and_they_are_told(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="cat@example.org")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_change"),
                    {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    (change,) = AccountChange.objects.filter(user=user)
    assert (change.kind, change.actor) == ("password_change", user)
    record = ChangeRecord.objects.get(record_type="accounts.accountchange", record_id=str(change.pk))
    assert record.actor == user and "signed in" in record.after["reason"]
    (notice,) = mail.outbox
    assert notice.to == ["cat@example.org"] and "was changed" in notice.subject

    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "cat@example.org"})
    link = _reset_link(mail.outbox[-1].body)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(set_url, {"new_password1": "yet another phrase", "new_password2": "yet another phrase"})
    assert AccountChange.objects.filter(user=user, kind="password_change").count() == 2
    assert "was changed" in mail.outbox[-1].subject


def test_a_user_is_told_when_an_administrator_sets_their_password(world, django_capture_on_commit_callbacks):
    user = world.users["caseworker"]
    user.email = "dan@example.org"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.user_reset_password(actor=world.users["administrator"], user=user,
                                     password="temporary lantern river", reason="Locked out of e-mail")
    (notice,) = mail.outbox
    assert notice.to == ["dan@example.org"] and "set by an administrator" in notice.body


def _ask_reset(client, email, address="192.0.2.1"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address)


@override_settings(PASSWORD_RESET_LIMIT=5)
def test_reset_requests_are_limited_per_address_without_revealing_it(client):
    UserFactory(email="ana@example.org")
    UserFactory(email="ben@example.org")
    for _ in range(5):
        assert _ask_reset(client, "ana@example.org")["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 5
    over = _ask_reset(client, "ben@example.org")  # another address's mail, same requester
    assert over.status_code == 302 and over["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 5
    _ask_reset(client, "ben@example.org", address="192.0.2.2")  # another requester is not held back
    assert [m.to for m in mail.outbox[5:]] == [["ben@example.org"]]


@override_settings(PASSWORD_RESET_LIMIT=5)
def test_reset_requests_are_limited_per_email_whatever_the_address(client):
    UserFactory(email="ana@example.org")
    for n in range(5):
        _ask_reset(client, "Ana@Example.org ", address=f"192.0.2.{n + 10}")
    assert len(mail.outbox) == 5
    over = _ask_reset(client, "ana@example.org", address="192.0.2.99")
    assert over["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 5
    _ask_reset(client, "nobody@example.org", address="192.0.2.99")  # an unknown address gets no mail either way
    assert len(mail.outbox) == 5
