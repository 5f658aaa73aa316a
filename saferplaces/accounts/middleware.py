"""Session rules beyond Django's idle timeout: an absolute lifetime, a forced password change, and the
second factor before anything else."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django_otp import user_has_device

SIGNED_IN_AT = "signed_in_at"
#: when the session was last saved for the idle timeout (``SessionLifetimeMiddleware``)
REFRESHED_AT = "refreshed_at"
#: the session is saved again (its idle timeout pushed back) at most this often while in use
SESSION_REFRESH_SECONDS = 60

#: Pages a user whose password an administrator set may still open: choosing a new one, or leaving.
#: The second factor comes first: whoever knows only the temporary password cannot choose a new one.
PASSWORD_CHANGE_ROUTES = frozenset({"accounts:password_change", "accounts:password_change_done",
                                    "accounts:logout", "accounts:session_ended",
                                    "accounts:second_factor_verify", "accounts:second_factor_enrol"})


def remember_sign_in(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: the absolute lifetime counts from here."""
    request.session[SIGNED_IN_AT] = time.time()


class SessionLifetimeMiddleware:
    """End a session ``SAFERPLACES_SESSION_MAX_HOURS`` after sign-in, however active it is; the
    30-minute idle timeout (``SESSION_COOKIE_AGE``) ends it sooner when it is left alone.

    The idle timeout counts from the session's last save (its ``expire_date``). Saving it on every
    request (``SESSION_SAVE_EVERY_REQUEST``) would write the session table on every page; instead a
    session in use is saved when its last save is more than :data:`SESSION_REFRESH_SECONDS` old, so
    the idle timeout is exact to within a minute and a signed-in reader's GETs write at most once a
    minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, time.time())
            if time.time() - signed_in_at > settings.SAFERPLACES_SESSION_MAX_HOURS * 3600:
                logout(request)
                return redirect("accounts:session_ended")
            now = time.time()
            if now - request.session.get(REFRESHED_AT, 0) > SESSION_REFRESH_SECONDS:
                request.session[REFRESHED_AT] = now  # modified: saved with a new expiry at the response
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """Send a user whose password an administrator set to choose their own before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and request.user.must_change_password:
            try:
                route = resolve(request.path_info).view_name
            except Resolver404:
                route = None
            if route not in PASSWORD_CHANGE_ROUTES:
                return redirect("accounts:password_change")
        return self.get_response(request)


NO_DEVICE = "second_factor_none"


def second_factor_exempt(view):
    """Mark a view that a signed-in user may reach before passing the second factor."""
    view.second_factor_exempt = True
    return view


class SecondFactorMiddleware:
    """After the password: a user with a device must give a code (verify page); a user without one is
    sent to enrolment when ``SAFERPLACES_REQUIRE_2FA`` is on. Until then they reach nothing else but
    public pages and signing out. Install after django-otp's ``OTPMiddleware`` and ``LoginRequiredMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if getattr(view_func, "second_factor_exempt", False) or not getattr(view_func, "login_required", True):
            return None
        required = settings.SAFERPLACES_REQUIRE_2FA
        if not required and request.session.get(NO_DEVICE) == user.pk:
            return None
        if user_has_device(user):
            target = "accounts:second_factor_verify"
        elif required:
            target = "accounts:second_factor_enrol"
        else:
            # Devices are added only by their verified owner, so one look per session is enough.
            request.session[NO_DEVICE] = user.pk
            return None
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
