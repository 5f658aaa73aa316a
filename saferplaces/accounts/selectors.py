"""Reads about accounts: whom an administrator manages, and who in an agency has access."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from saferplaces.accounts.models import Agency, User
from saferplaces.accounts.roles import Role


def manageable_users(actor) -> QuerySet[User]:
    """The accounts ``actor`` administers: their own agency's, none without ``accounts.manage``. A partner
    system's user is kept with its system account (``saferplaces.api``, ``api.manage``), never here: no
    password, role or second factor is set for it."""
    if not actor.has_role_permission("accounts.manage"):
        return User.objects.none()
    return (User.objects.filter(agency_id=actor.agency_id).exclude(role=Role.PARTNER_SYSTEM)
            .select_related("agency"))


def manageable_agencies(actor) -> QuerySet[Agency]:
    """The agency records ``actor`` may change: their own agency's, none without ``accounts.manage``."""
    if not actor.has_role_permission("accounts.manage"):
        return Agency.objects.none()
    return Agency.objects.filter(pk=actor.agency_id)


def agencies_to_staff(actor) -> QuerySet[Agency]:
    """Agencies ``actor`` may create an account in: their own, and any agency with no active administrator
    (for its first administrator)."""
    if not actor.has_role_permission("accounts.manage"):
        return Agency.objects.none()
    administered = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).values("agency_id")
    return Agency.objects.filter(Q(pk=actor.agency_id) | (Q(active=True) & ~Q(pk__in=administered)))


def dormant_users(*, now: dt.datetime | None = None, days: int | None = None) -> QuerySet[User]:
    """Active accounts with no sign-in, creation or reactivation in the last ``days`` days."""
    days = settings.SAFERPLACES_DORMANT_DAYS if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    return User.objects.filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True),
        Q(reactivated_at__lt=cutoff) | Q(reactivated_at__isnull=True),
        is_active=True,
        date_joined__lt=cutoff,
    ).exclude(role=Role.PARTNER_SYSTEM)  # never signs in: its tokens are revoked at /partner-systems/


def access_review(actor) -> list[dict]:
    """Everyone in ``actor``'s agency with their role, last sign-in, whether active, and a warning when
    the account is dormant (the daily check will deactivate it) or close to it (within a week)."""
    if not actor.has_role_permission("accounts.review"):
        return []
    days = settings.SAFERPLACES_DORMANT_DAYS
    now = timezone.now()
    rows = []
    for user in User.objects.filter(agency_id=actor.agency_id).order_by("-is_active", "last_name", "username"):
        last_activity = max(d for d in (user.last_login, user.reactivated_at, user.date_joined) if d is not None)
        idle_days = (now - last_activity).days
        rows.append({"user": user, "idle_days": idle_days,
                     "dormant": user.is_active and idle_days >= days,
                     "dormant_soon": user.is_active and days - 7 <= idle_days < days})
    return rows
