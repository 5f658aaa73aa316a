"""Changes to agencies and user accounts.

Each agency administers its own staff: an administrator creates, changes, deactivates, reactivates,
unlocks and resets the password and second factor of accounts in their own agency only. The one exception starts a new
agency: while an agency has no active administrator, any administrator may create its first one.
Every account change needs a reason and is kept as an :class:`AccountChange` (so in the change history).
"""

from __future__ import annotations

import datetime as dt

from axes.utils import reset
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from saferplaces.accounts.models import AccountChange, AccountChangeKind, Agency, User
from saferplaces.accounts.roles import Role, require_permission
from saferplaces.accounts.selectors import agencies_to_staff, dormant_users, manageable_agencies, manageable_users
from saferplaces.core.context import acting_as


def may_create(actor, *, agency: Agency, role: str) -> bool:
    if agency.pk == actor.agency_id:
        return actor.has_role_permission("accounts.manage")
    return role == Role.ADMINISTRATOR and agencies_to_staff(actor).filter(pk=agency.pk).exists()


def _require_manageable(actor, user: User) -> None:
    require_permission(actor, "accounts.manage")
    if not manageable_users(actor).filter(pk=user.pk).exists():
        raise PermissionDenied("That account belongs to another agency.")


def _require_not_self(actor, user: User) -> None:
    # An administrator who could deactivate or demote themselves could leave an agency with nobody to
    # administer it; another administrator of the agency does it.
    if user.pk == actor.pk:
        raise PermissionDenied("Ask another administrator to change your own account.")


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("Every change to an account needs a reason.")
    return reason


def _record(*, actor, user: User, kind: str, reason: str, **detail) -> AccountChange:
    change = AccountChange(user=user, actor=actor, kind=kind, reason=_require_reason(reason), detail=detail)
    with acting_as(actor):
        change.save()
    return change


@transaction.atomic
def user_create(*, actor, password: str, reason: str, **fields) -> User:
    """Create an account with a temporary password that its user must change at first sign-in."""
    require_permission(actor, "accounts.manage")
    user = User(**fields)
    if not may_create(actor, agency=user.agency, role=user.role):
        raise PermissionDenied("You may create accounts only in your own agency.")
    user.set_password(password)
    user.must_change_password = True
    with acting_as(actor):
        user.save()
    _record(actor=actor, user=user, kind=AccountChangeKind.CREATE, reason=reason,
            agency=user.agency.short_name, role=user.role)
    return user


@transaction.atomic
def user_change_role(*, actor, user: User, role: str, reason: str) -> User:
    _require_manageable(actor, user)
    _require_not_self(actor, user)
    before = user.role
    user.role = Role(role)
    user.save(update_fields=["role"])
    _record(actor=actor, user=user, kind=AccountChangeKind.ROLE_CHANGE, reason=reason, before=before, after=user.role)
    return user


@transaction.atomic
def user_deactivate(*, actor, user: User, reason: str) -> User:
    """Stop the account signing in; its sessions end at their next request."""
    _require_manageable(actor, user)
    _require_not_self(actor, user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    _record(actor=actor, user=user, kind=AccountChangeKind.DEACTIVATE, reason=reason)
    return user


@transaction.atomic
def user_reactivate(*, actor, user: User, reason: str) -> User:
    _require_manageable(actor, user)
    user.is_active = True
    user.reactivated_at = timezone.now()
    user.save(update_fields=["is_active", "reactivated_at"])
    _record(actor=actor, user=user, kind=AccountChangeKind.REACTIVATE, reason=reason)
    return user


@transaction.atomic
def user_unlock(*, actor, user: User, reason: str) -> None:
    """Clear failed sign-in attempts so a locked-out user can try again."""
    _require_manageable(actor, user)
    _record(actor=actor, user=user, kind=AccountChangeKind.UNLOCK, reason=reason)
    reset(username=user.username)


@transaction.atomic
def user_reset_password(*, actor, user: User, password: str, reason: str) -> User:
    """Set a temporary password (the user must change it at their next sign-in); sessions end."""
    _require_manageable(actor, user)
    _require_not_self(actor, user)
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    _record(actor=actor, user=user, kind=AccountChangeKind.PASSWORD_RESET, reason=reason)
    transaction.on_commit(lambda: _notify_password_changed(user, "set by an administrator"))
    return user


@transaction.atomic
def user_reset_second_factor(*, actor, user: User, reason: str) -> User:
    """Remove the user's authenticator and recovery codes (lost phone): they enrol again at next sign-in."""
    _require_manageable(actor, user)
    _require_not_self(actor, user)
    _record(actor=actor, user=user, kind=AccountChangeKind.SECOND_FACTOR_RESET, reason=reason)
    with acting_as(actor):
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    transaction.on_commit(lambda: _notify_sign_in_changed(user, "second factor", "reset by an administrator"))
    return user


def _notify_password_changed(user: User, how: str) -> None:
    _notify_sign_in_changed(user, "password", how)


def _notify_sign_in_changed(user: User, what: str, how: str) -> None:
    # ASVS asks that people hear of changes to how they sign in: a change they did not make is a warning.
    if user.email:
        send_mail(
            f"{settings.SERVICE_NAME}: your {what} was changed",
            f"The {what} of your {settings.SERVICE_NAME} account {user.username} was {how}.\n\n"
            "If this was not you, tell your agency's administrator at once.",
            None, [user.email],
        )


@transaction.atomic
def user_password_changed(*, user: User, how: str) -> AccountChange:
    """Record that ``user`` chose a new password themselves (signed in, or by an e-mailed link) and tell them."""
    change = _record(actor=user, user=user, kind=AccountChangeKind.PASSWORD_CHANGE, reason=f"Password {how}.")
    transaction.on_commit(lambda: _notify_password_changed(user, how))
    return change


@transaction.atomic
def users_deactivate_dormant(*, now: dt.datetime | None = None, days: int | None = None) -> list[User]:
    """Deactivate every dormant account (the daily check: no actor, the change history says "system")."""
    days = settings.SAFERPLACES_DORMANT_DAYS if days is None else days
    users = list(dormant_users(now=now, days=days))
    for user in users:
        user.is_active = False
        user.save(update_fields=["is_active"])
        _record(actor=None, user=user, kind=AccountChangeKind.DEACTIVATE,
                reason=f"No sign-in for {days} days (daily dormant-account check).")
    return users


@transaction.atomic
def agency_save(*, actor, agency: Agency) -> Agency:
    """Add an agency (any administrator: a new partner) or change one (its own administrators only);
    the change history keeps who did either."""
    require_permission(actor, "accounts.manage")
    if not agency._state.adding and not manageable_agencies(actor).filter(pk=agency.pk).exists():
        raise PermissionDenied("You may change only your own agency's record.")
    with acting_as(actor):
        agency.save()
    return agency
