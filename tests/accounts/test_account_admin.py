"""Each agency administers its own staff; every account change is logged with who and why."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from saferplaces.accounts import services
from saferplaces.accounts.models import AccountChange, User
from saferplaces.accounts.roles import Role
from saferplaces.audit.models import ChangeRecord
from tests.conftest import force_login_verified
from tests.factories import PASSWORD, AgencyFactory, UserFactory

NEW_USER = {"username": "new.user", "first_name": "Nia", "last_name": "Okafor", "email": "n@example.org",
            "role": "caseworker", "password": "temporary lantern river", "reason": "Joined the ASB team"}


def _account_history(user):
    """The change-history rows (the append-only audit table) about ``user``'s account."""
    ids = {str(pk) for pk in AccountChange.objects.filter(user=user).values_list("pk", flat=True)}
    return [c for c in ChangeRecord.objects.filter(record_type="accounts.accountchange").order_by("at", "id")
            if c.record_id in ids]


def test_an_administrator_cannot_create_an_account_in_another_agency(client, world):
    UserFactory(agency=world.partner, role=Role.ADMINISTRATOR)
    client.force_login(world.users["administrator"])
    response = client.post(reverse("accounts:user_create"), {**NEW_USER, "agency": world.partner.pk})
    assert response.status_code == 200
    assert not User.objects.filter(username="new.user").exists()
    with pytest.raises(PermissionDenied):
        services.user_create(actor=world.users["administrator"], password="temporary lantern river",
                             reason="test", username="x.y", agency=world.partner, role=Role.CASEWORKER)


def test_an_agency_without_an_administrator_may_be_given_its_first_one_but_nobody_else(client, world):
    client.force_login(world.users["administrator"])
    refused = client.post(reverse("accounts:user_create"), {**NEW_USER, "agency": world.other.pk})
    assert refused.status_code == 200 and not User.objects.filter(username="new.user").exists()
    made = client.post(reverse("accounts:user_create"),
                       {**NEW_USER, "agency": world.other.pk, "role": "administrator",
                        "reason": "OTHER joins the partnership; first administrator"})
    assert made.status_code == 302
    first = User.objects.get(username="new.user")
    assert (first.agency, first.role) == (world.other, Role.ADMINISTRATOR)
    assert _account_history(first)[0].after["reason"] == "OTHER joins the partnership; first administrator"
    with pytest.raises(PermissionDenied):  # OTHER has an administrator now: it administers its own staff
        services.user_create(actor=world.users["administrator"], password="temporary lantern river",
                             reason="test", username="second.admin", agency=world.other, role=Role.ADMINISTRATOR)


def test_an_administrator_sees_and_changes_only_their_own_agencys_accounts(client, world):
    outsider = UserFactory(agency=world.partner, username="partner.caseworker")
    admin = world.users["administrator"]
    client.force_login(admin)
    listing = client.get(reverse("accounts:users")).content.decode()
    assert "caseworker.own" in listing and "partner.caseworker" not in listing
    for name in ("user_detail", "user_role", "user_deactivate", "user_unlock", "user_password"):
        assert client.get(reverse(f"accounts:{name}", args=[outsider.pk])).status_code == 404
        assert client.post(reverse(f"accounts:{name}", args=[outsider.pk]),
                           {"reason": "x", "role": "administrator", "password": "temporary lantern river"},
                           ).status_code == 404
    outsider.refresh_from_db()
    assert outsider.is_active and outsider.role == Role.CASEWORKER
    for service, extra in ((services.user_deactivate, {}), (services.user_change_role, {"role": Role.MANAGER}),
                           (services.user_reactivate, {}), (services.user_unlock, {}),
                           (services.user_reset_password, {"password": "temporary lantern river"})):
        with pytest.raises(PermissionDenied):
            service(actor=admin, user=outsider, reason="test", **extra)


def test_every_account_change_is_in_the_change_history_with_who_and_why(client, world):
    admin = world.users["administrator"]
    client.force_login(admin)
    assert client.post(reverse("accounts:user_create"), {**NEW_USER, "agency": world.own.pk}).status_code == 302
    user = User.objects.get(username="new.user")
    steps = [
        ("user_role", {"role": "manager", "reason": "Promoted to team leader"}),
        ("user_deactivate", {"reason": "Long-term leave"}),
        ("user_reactivate", {"reason": "Back from leave"}),
        ("user_unlock", {"reason": "Confirmed identity by phone"}),
        ("user_password", {"password": "another temporary phrase", "reason": "Forgot password, no e-mail"}),
    ]
    for name, data in steps:
        assert client.post(reverse(f"accounts:{name}", args=[user.pk]), data).status_code == 302, name
    history = _account_history(user)
    assert [(c.after["kind"], c.after["reason"]) for c in history] == [
        ("create", "Joined the ASB team"), ("role_change", "Promoted to team leader"),
        ("deactivate", "Long-term leave"), ("reactivate", "Back from leave"),
        ("unlock", "Confirmed identity by phone"), ("password_reset", "Forgot password, no e-mail"),
    ]
    assert {(c.actor, c.actor_username) for c in history} == {(admin, admin.username)}
    assert history[1].after["detail"] == {"before": "caseworker", "after": "manager"}
    assert not any("pbkdf2" in str(c.after) for c in history)  # no password hash in the history
    user.refresh_from_db()
    assert user.role == Role.MANAGER and user.is_active
    detail = client.get(reverse("accounts:user_detail", args=[user.pk])).content.decode()
    assert "Promoted to team leader" in detail and "Long-term leave" in detail


@pytest.mark.parametrize("name", ["user_role", "user_deactivate", "user_reactivate", "user_unlock", "user_password"])
def test_every_account_change_needs_a_reason(client, world, name):
    user = world.users["caseworker"]
    client.force_login(world.users["administrator"])
    response = client.post(reverse(f"accounts:{name}", args=[user.pk]),
                           {"role": "manager", "password": "temporary lantern river", "reason": "  "})
    assert response.status_code == 200
    assert b'href="#id_reason"' in response.content
    assert not AccountChange.objects.filter(user=user).exists()
    with pytest.raises(ValueError):
        services.user_deactivate(actor=world.users["administrator"], user=user, reason="")
    user.refresh_from_db()
    assert user.is_active and user.role == Role.CASEWORKER


def test_a_deactivated_account_cannot_sign_in_and_its_session_ends(client, world):
    user = world.users["caseworker"]
    client.force_login(user)
    assert client.get(reverse("core:home")).status_code == 200
    services.user_deactivate(actor=world.users["administrator"], user=user, reason="Left the council")
    assert client.get(reverse("core:home")).status_code == 302
    signed_in = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert signed_in.status_code == 200


def test_a_role_change_changes_what_the_user_may_do(client, world):
    user = world.users["analyst"]
    client.force_login(user)
    assert client.get(reverse("people:list")).status_code == 403
    services.user_change_role(actor=world.users["administrator"], user=user, role=Role.CASEWORKER,
                              reason="Moved to casework")
    assert client.get(reverse("people:list")).status_code == 200


def test_an_administrator_cannot_deactivate_demote_or_reset_themselves(world):
    admin = world.users["administrator"]
    for service, extra in ((services.user_deactivate, {}), (services.user_change_role, {"role": Role.MANAGER}),
                           (services.user_reset_password, {"password": "temporary lantern river"})):
        with pytest.raises(PermissionDenied):
            service(actor=admin, user=admin, reason="test", **extra)


def test_roles_without_account_management_cannot_change_accounts(world):
    for role in ("manager", "dpo", "caseworker", "coordinator"):
        with pytest.raises(PermissionDenied):
            services.user_deactivate(actor=world.users[role], user=world.users["analyst"], reason="test")


def _age(user, *, joined_days, last_login_days=None, reactivated_days=None):
    now = timezone.now()
    user.date_joined = now - dt.timedelta(days=joined_days)
    user.last_login = None if last_login_days is None else now - dt.timedelta(days=last_login_days)
    user.reactivated_at = None if reactivated_days is None else now - dt.timedelta(days=reactivated_days)
    user.save()
    return user


@override_settings(SAFERPLACES_DORMANT_DAYS=90)
def test_deactivate_dormant_deactivates_accounts_unused_for_90_days_and_logs_it(db):
    agency = AgencyFactory()
    idle = _age(UserFactory(agency=agency, username="idle"), joined_days=400, last_login_days=91)
    never = _age(UserFactory(agency=agency, username="never"), joined_days=100)
    recent = _age(UserFactory(agency=agency, username="recent"), joined_days=400, last_login_days=89)
    new = _age(UserFactory(agency=agency, username="new"), joined_days=10)
    back = _age(UserFactory(agency=agency, username="back"), joined_days=400, last_login_days=200,
                reactivated_days=5)
    out = io.StringIO()
    call_command("deactivate_dormant", stdout=out)
    states = {u.username: u.is_active for u in User.objects.filter(agency=agency)}
    assert states == {"idle": False, "never": False, "recent": True, "new": True, "back": True}
    assert "2 dormant account(s) deactivated" in out.getvalue()
    for user in (idle, never):
        (change,) = _account_history(user)
        assert change.actor is None and change.after["kind"] == "deactivate"
        assert "90 days" in change.after["reason"]
    assert not AccountChange.objects.filter(user__in=[recent, new, back]).exists()


@override_settings(SAFERPLACES_DORMANT_DAYS=30)
def test_the_dormant_period_is_a_setting(db):
    user = _age(UserFactory(), joined_days=400, last_login_days=31)
    services.users_deactivate_dormant()
    user.refresh_from_db()
    assert not user.is_active


def test_managers_review_who_in_their_agency_has_access(client, world):
    outsider = UserFactory(agency=world.partner, username="partner.person")
    _age(world.users["analyst"], joined_days=400, last_login_days=120)
    _age(world.users["coordinator"], joined_days=400, last_login_days=85)
    services.user_deactivate(actor=world.users["administrator"], user=world.users["scrutiny"], reason="Left")
    client.force_login(world.users["manager"])
    response = client.get(reverse("accounts:access_review"))
    assert response.status_code == 200
    rows = {row["user"].username: row for row in response.context["rows"]}
    assert set(rows) == {u.username for u in world.users.values()}
    assert outsider.username not in response.content.decode()
    assert rows["analyst.own"]["dormant"] and rows["coordinator.own"]["dormant_soon"]
    assert not rows["scrutiny.own"]["user"].is_active
    page = response.content.decode()
    assert "Dormant: not used for 120 days" in page and "Deactivated" in page and "Never" in page
    client.force_login(world.users["caseworker"])
    assert client.get(reverse("accounts:access_review")).status_code == 403


def _second_factor(user):
    TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=static, token="recovery-one")


def test_an_administrator_resets_a_lost_second_factor_logged_and_the_user_is_told(
        client, world, mailoutbox, django_capture_on_commit_callbacks):
    user = world.users["caseworker"]
    user.email = "caseworker@example.org"
    user.save()
    _second_factor(user)
    client.force_login(world.users["administrator"])
    assert b"Reset second factor" in client.get(reverse("accounts:user_detail", args=[user.pk])).content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_second_factor", args=[user.pk]),
                               {"reason": "Phone lost; identity confirmed in person"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    (change,) = _account_history(user)
    assert change.after["kind"] == "second_factor_reset"
    assert change.after["reason"] == "Phone lost; identity confirmed in person"
    assert change.actor == world.users["administrator"]
    (mail,) = mailoutbox
    assert mail.to == ["caseworker@example.org"] and "second factor" in mail.subject
    client.logout()
    with override_settings(SAFERPLACES_REQUIRE_2FA=True):  # the user enrols again at next sign-in
        client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
        assert client.get(reverse("core:home"))["Location"].startswith(reverse("accounts:second_factor_enrol"))


def test_a_second_factor_reset_needs_a_reason_own_agency_and_not_oneself(client, world):
    admin, user = world.users["administrator"], world.users["caseworker"]
    outsider = UserFactory(agency=world.partner)
    for person in (user, admin, outsider):
        _second_factor(person)
    force_login_verified(client, admin)
    refused = client.post(reverse("accounts:user_second_factor", args=[user.pk]), {"reason": " "})
    assert refused.status_code == 200 and b'href="#id_reason"' in refused.content
    assert client.post(reverse("accounts:user_second_factor", args=[outsider.pk]),
                       {"reason": "x"}).status_code == 404
    with pytest.raises(ValueError):
        services.user_reset_second_factor(actor=admin, user=user, reason="")
    for target in (outsider, admin):
        with pytest.raises(PermissionDenied):
            services.user_reset_second_factor(actor=admin, user=target, reason="test")
    with pytest.raises(PermissionDenied):
        services.user_reset_second_factor(actor=world.users["manager"], user=user, reason="test")
    assert TOTPDevice.objects.filter(user__in=[user, admin, outsider]).count() == 3
    assert StaticDevice.objects.filter(user__in=[user, admin, outsider]).count() == 3
    assert not AccountChange.objects.filter(user__in=[user, admin, outsider]).exists()
