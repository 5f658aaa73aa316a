"""Keeps a signed-in user who has not passed the second factor on the second-factor pages."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from saferplaces.accounts.second_factor import has_second_factor

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
        if has_second_factor(user):
            target = "accounts:second_factor_verify"
        elif required:
            target = "accounts:second_factor_enrol"
        else:
            # Devices are added only by their verified owner, so one look per session is enough.
            request.session[NO_DEVICE] = user.pk
            return None
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
