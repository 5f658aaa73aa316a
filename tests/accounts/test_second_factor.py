"""The second factor (issue 18): an authenticator app (TOTP, RFC 6238) with single-use recovery codes."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, UserFactory


def _code(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def _enrolled(recovery=("recovery-one",)):
    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    for token in recovery:
        StaticToken.objects.create(device=static, token=token)
    return user, device


def _password(client, user):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


def _code_step(client, code):
    return client.post(reverse("accounts:second_factor_verify"), {"code": code})


@pytest.mark.django_db
def test_an_enrolled_user_must_give_a_code_after_the_password(client):
    user, device = _enrolled()
    _password(client, user)
    home = client.get(reverse("core:home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("accounts:second_factor_verify"))
    assert client.get(reverse("accounts:agencies")).status_code == 302
    response = _code_step(client, _code(device))
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_does_not_sign_in(client):
    user, device = _enrolled()
    _password(client, user)
    wrong = f"{(int(_code(device)) + 1) % 10**6:06d}"
    response = _code_step(client, wrong)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert client.get(reverse("core:home")).status_code == 302


@pytest.mark.django_db
def test_a_code_cannot_be_used_twice(client):
    user, device = _enrolled()
    code = _code(device)
    _password(client, user)
    _code_step(client, code)
    client.post(reverse("accounts:logout"))
    _password(client, user)
    assert _code_step(client, code).status_code == 200
    assert client.get(reverse("core:home")).status_code == 302


@pytest.mark.django_db
def test_a_recovery_code_works_once(client):
    user, _ = _enrolled(recovery=("recovery-one", "recovery-two"))
    _password(client, user)
    assert _code_step(client, "RECOVERY-ONE").status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    _password(client, user)
    assert _code_step(client, "recovery-one").status_code == 200
    assert client.get(reverse("core:home")).status_code == 302


@pytest.mark.django_db
def test_an_enrolled_user_cannot_replace_the_device_without_passing_it(client):
    user, _ = _enrolled()
    _password(client, user)
    response = client.get(reverse("accounts:second_factor_enrol"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:second_factor_verify")


@pytest.mark.django_db
@override_settings(SAFERPLACES_REQUIRE_2FA=True)
def test_enrolment_is_forced_when_the_setting_is_on(client):
    user = UserFactory()
    _password(client, user)
    for page in ("core:home", "accounts:agencies"):
        response = client.get(reverse(page))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:second_factor_enrol"))
    enrol = client.get(reverse("accounts:second_factor_enrol"))
    assert enrol.status_code == 200
    assert b"<svg" in enrol.content
    secret = re.search(rb'<code id="secret-key">([A-Z2-7 ]+)</code>', enrol.content).group(1)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert secret.replace(b" ", b"").decode() in device.config_url

    wrong = f"{(int(_code(device)) + 1) % 10**6:06d}"
    assert b"There is a problem" in client.post(reverse("accounts:second_factor_enrol"), {"code": wrong}).content
    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes the next try wait a second after a wrong code; skip the wait
    done = client.post(reverse("accounts:second_factor_enrol"), {"code": _code(device)})
    assert done.status_code == 200
    codes = re.findall(rb"<li><code>([a-z2-7]+)</code></li>", done.content)
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:home")).status_code == 200

    client.post(reverse("accounts:logout"))
    _password(client, user)
    assert client.get(reverse("core:home"))["Location"].startswith(reverse("accounts:second_factor_verify"))
    assert _code_step(client, codes[0].decode()).status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
@override_settings(SAFERPLACES_REQUIRE_2FA=True)
def test_a_user_being_enrolled_can_still_sign_out_and_see_public_pages(client):
    user = UserFactory()
    _password(client, user)
    assert client.get(reverse("core:health")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("core:home")).status_code == 302
    assert client.get(reverse("core:home"))["Location"].startswith(reverse("accounts:login"))


def test_the_second_factor_is_required_by_default(monkeypatch):
    import importlib

    import config.settings

    monkeypatch.delenv("SAFERPLACES_REQUIRE_2FA", raising=False)
    try:
        assert importlib.reload(config.settings).SAFERPLACES_REQUIRE_2FA is True
        monkeypatch.setenv("SAFERPLACES_REQUIRE_2FA", "0")
        assert importlib.reload(config.settings).SAFERPLACES_REQUIRE_2FA is False
    finally:
        monkeypatch.undo()
        importlib.reload(config.settings)


@pytest.mark.django_db
@override_settings(DEBUG=True, SAFERPLACES_REQUIRE_2FA=False)
def test_the_demo_sign_in_page_says_the_second_factor_is_off(client):
    assert b"The second factor is off in this demo" in client.get(reverse("accounts:login")).content


@pytest.mark.django_db
@override_settings(SAFERPLACES_REQUIRE_2FA=True)
def test_the_sign_in_page_does_not_say_it_is_off_when_it_is_on(client):
    assert b"second factor is off" not in client.get(reverse("accounts:login")).content


@pytest.mark.django_db
def test_the_demo_sample_user_signs_in_with_the_printed_key_or_recovery_code(client):
    import io

    from saferplaces.accounts import demo
    from saferplaces.core.demo import DEMO_PASSWORD

    demo.load(io.StringIO())
    lines = "\n".join(demo.sign_in_lines())
    key = re.search(r"authenticator app \(enter a key, time-based\): ([A-Z2-7 ]+)", lines).group(1)
    device = TOTPDevice.objects.get(user__username=demo.SECOND_FACTOR_USER)
    assert key.replace(" ", "") in device.config_url
    assert demo.SECOND_FACTOR_RECOVERY[0] in lines

    client.post(reverse("accounts:login"), {"username": demo.SECOND_FACTOR_USER, "password": DEMO_PASSWORD})
    assert client.get(reverse("core:home")).status_code == 302
    assert _code_step(client, _code(device)).status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": demo.SECOND_FACTOR_USER, "password": DEMO_PASSWORD})
    assert _code_step(client, demo.SECOND_FACTOR_RECOVERY[0]).status_code == 302
    # Others sign in with the password alone while the requirement is off, as in the demo.
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": "caseworker.wcc", "password": DEMO_PASSWORD})
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
@override_settings(SAFERPLACES_REQUIRE_2FA=True)
def test_tests_sign_in_enrolled_users_with_the_verified_helper(client):
    from tests.conftest import force_login_verified

    user, _ = _enrolled()
    client.force_login(user)
    assert client.get(reverse("core:home")).status_code == 302
    force_login_verified(client, user)
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
def test_the_second_factor_comes_before_a_forced_password_change(client):
    user, device = _enrolled()
    user.must_change_password = True
    user.save()
    _password(client, user)
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor_verify"))
    _code_step(client, _code(device))
    assert client.get(reverse("accounts:password_change")).status_code == 200
    assert client.get(reverse("core:home"))["Location"] == reverse("accounts:password_change")
