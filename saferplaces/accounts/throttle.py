"""Sign-in throttling on django-axes: failures count per user name *and* address, and a throttle ends
by itself after a cool-off that doubles each time the same pair fails again (15, 30, 60 … minutes,
at most a day). Nobody can lock an account for good from the outside, and a correct password from
another address still signs in.

Settings (``config/settings.py``): ``AXES_FAILURE_LIMIT`` failures lead to a throttle of
``SIGN_IN_COOL_OFF`` (a timedelta), doubled for each earlier throttle of the pair within
``SIGN_IN_MEMORY`` (since its last successful sign-in or unlock), capped at ``SIGN_IN_COOL_OFF_MAX``.
"""

from __future__ import annotations

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_client_username
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone

from saferplaces.accounts.models import AccountChange, AccountChangeKind, User

EXPIRED = "The pause on signing in from {address} ran out"


def _pair(request) -> tuple[str | None, str | None]:
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    return get_client_username(request), address


def cool_off(request) -> timedelta:
    """How long the request's user name and address are throttled once they reach the failure limit.

    Counts the pair's logged failures since the latest of: ``SIGN_IN_MEMORY`` ago, its last successful
    sign-in, and the last unlock of the user name; every ``AXES_FAILURE_LIMIT`` of them doubles the
    cool-off. Failures during a throttle are not logged (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT``
    is off), so they neither lengthen it nor count.
    """
    base = settings.SIGN_IN_COOL_OFF
    if request is None:
        return base
    username, address = _pair(request)
    now = timezone.now()
    since = [now - settings.SIGN_IN_MEMORY]
    since.append(AccessLog.objects.filter(username=username, ip_address=address)
                 .aggregate(last=Max("attempt_time"))["last"])
    since.append(AccountChange.objects.filter(user__username=username, kind=AccountChangeKind.UNLOCK,
                                              actor__isnull=False).aggregate(last=Max("at"))["last"])
    start = max(moment for moment in since if moment is not None)
    failures = AccessFailureLog.objects.filter(username=username, ip_address=address, attempt_time__gt=start).count()
    doublings = max(failures - 1, 0) // settings.AXES_FAILURE_LIMIT
    return min(base * 2 ** min(doublings, 16), settings.SIGN_IN_COOL_OFF_MAX)


def _pauses_now():
    """The (user name, address) pairs whose throttle is on now."""
    return AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
                                        expiration__expires_at__gt=timezone.now())


def throttled_until(username: str, address: str | None = None):
    """When the throttle of ``username`` (from ``address``, or from any address) ends; None if none is on."""
    attempts = _pauses_now().filter(username=username)
    if address is not None:
        attempts = attempts.filter(ip_address=address)
    return attempts.aggregate(until=Max("expiration__expires_at"))["until"]


def throttled_usernames(usernames) -> set[str]:
    """Which of ``usernames`` are paused from at least one address now."""
    return set(_pauses_now().filter(username__in=list(usernames)).values_list("username", flat=True))


def lockout_response(request, original_response=None, credentials=None):
    """The "try again later" page: how long the cool-off is and when it ends."""
    username, address = _pair(request)
    context = {
        "cool_off_minutes": int(cool_off(request).total_seconds() // 60),
        "until": throttled_until(username, address) if username else None,
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)


class ThrottleHandler(AxesDatabaseHandler):
    """axes' database handler that also records, as an account change by nobody, each pause whose
    cool-off ran out when it clears it (pauses on user names that have no account are not recorded)."""

    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        expired = AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT, expiration__expires_at__lte=timezone.now(),
        )
        users = {user.username: user for user in User.objects.filter(username__in=expired.values("username"))}
        for username, address in expired.values_list("username", "ip_address"):
            if username in users:
                AccountChange.objects.create(user=users[username], actor=None, kind=AccountChangeKind.UNLOCK,
                                             reason=EXPIRED.format(address=address), detail={"address": address})
        return super().clean_expired_user_attempts(request, credentials)
