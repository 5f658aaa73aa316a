"""Session rules beyond Django's idle timeout: an absolute lifetime, and a forced password change."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

SIGNED_IN_AT = "signed_in_at"

#: Pages a user whose password an administrator set may still open: choosing a new one, or leaving.
PASSWORD_CHANGE_ROUTES = frozenset({"accounts:password_change", "accounts:password_change_done",
                                    "accounts:logout", "accounts:session_ended"})


def remember_sign_in(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: the absolute lifetime counts from here."""
    request.session[SIGNED_IN_AT] = time.time()


class SessionLifetimeMiddleware:
    """End a session ``SAFERPLACES_SESSION_MAX_HOURS`` after sign-in, however active it is; the
    30-minute idle timeout (``SESSION_COOKIE_AGE``) ends it sooner when it is left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, time.time())
            if time.time() - signed_in_at > settings.SAFERPLACES_SESSION_MAX_HOURS * 3600:
                logout(request)
                return redirect("accounts:session_ended")
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
