import time

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from saferplaces.accounts import reset_limit, second_factor, selectors, services, throttle
from saferplaces.accounts.forms import (
    AdminPasswordForm,
    AgencyForm,
    EnrolCodeForm,
    PasswordChangeOwnForm,
    PasswordResetRequestForm,
    PasswordSetOwnForm,
    ReasonForm,
    RoleForm,
    SecondFactorCodeForm,
    SignInForm,
    UserCreateForm,
)
from saferplaces.accounts.middleware import REFRESHED_AT, second_factor_exempt
from saferplaces.accounts.models import Agency
from saferplaces.accounts.roles import require_permission


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Only the demo (``manage.py demo``, with DEBUG on) runs without the second factor and says so here.
        return super().get_context_data(
            **kwargs, second_factor_required=settings.SAFERPLACES_REQUIRE_2FA, debug_demo=settings.DEBUG,
            session_max_hours=settings.SAFERPLACES_SESSION_MAX_HOURS,
        )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: anything else ("12345", a view's name) would be read by redirect() as a
    # URL name and fail.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@second_factor_exempt
def second_factor_verify(request):
    """The step after the password for a user who has a second factor."""
    if request.user.is_verified() or not second_factor.has_second_factor(request.user):
        return redirect(_next_url(request))
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.second_factor_verify(request, form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", (
            "Enter a correct security code. Each recovery code works once. After several wrong codes, "
            "wait a minute before trying again."
        ))
    return render(request, "accounts/second_factor_verify.html", {"form": form, "next": _next_url(request)})


@second_factor_exempt
def second_factor_enrol(request):
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code, keep the
    recovery codes, which are shown this once."""
    if second_factor.has_second_factor(request.user) and not request.user.is_verified():
        return redirect("accounts:second_factor_verify")
    device = second_factor.pending_device(request.user)
    form = EnrolCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.second_factor_confirm(actor=request.user, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            device.refresh_from_db()
            django_otp.login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", "Enter the code your authenticator app shows now; codes change every 30 seconds.")
    context = {
        "form": form, "next": _next_url(request),
        "qr_svg": mark_safe(second_factor.qr_svg(device)),  # paths only, drawn by qrcode
        "secret": second_factor.secret_text(device),
        "enrolled": second_factor.has_second_factor(request.user),
    }
    return render(request, "accounts/second_factor_enrol.html", context)


def agency_list(request):
    agencies = Agency.objects.all()
    return render(request, "accounts/agency_list.html", {"agencies": agencies})


def agency_edit(request, pk=None):
    if pk:  # another agency's record answers "Page not found", as another agency's accounts do
        agency = get_object_or_404(selectors.manageable_agencies(request.user), pk=pk)
    else:
        require_permission(request.user, "accounts.manage")
        agency = Agency()
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        saved = services.agency_save(actor=request.user, agency=form.save(commit=False))
        messages.success(request, f"{saved.name} saved.")
        return redirect("accounts:agencies")
    return render(request, "accounts/agency_form.html", {"form": form, "agency": agency})


def user_list(request):
    require_permission(request.user, "accounts.manage")
    users = selectors.manageable_users(request.user)
    locked = throttle.throttled_usernames(users.values_list("username", flat=True))
    return render(request, "accounts/user_list.html", {"users": users, "locked": locked})


def user_create(request):
    require_permission(request.user, "accounts.manage")
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        password, reason = data.pop("password"), data.pop("reason")
        user = services.user_create(actor=request.user, password=password, reason=reason, **data)
        messages.success(request, f"Account {user.username} created.")
        return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


def user_detail(request, pk):
    user = get_object_or_404(selectors.manageable_users(request.user), pk=pk)
    return render(request, "accounts/user_detail.html", {
        "account": user, "locked": user.username in throttle.throttled_usernames([user.username]),
        "changes": user.account_changes.select_related("actor"), "is_self": user.pk == request.user.pk,
    })


#: Account changes that need only a reason: (service, page heading, button, message once done).
_REASON_ACTIONS = {
    "deactivate": (services.user_deactivate, "Deactivate {}", "Deactivate account", "{} can no longer sign in."),
    "reactivate": (services.user_reactivate, "Reactivate {}", "Reactivate account", "{} can sign in again."),
    "unlock": (services.user_unlock, "Unlock {}", "Unlock account", "{} is unlocked."),
    "second_factor": (services.user_reset_second_factor, "Reset the second factor of {}", "Reset second factor",
                      "{} must set up an authenticator app again when they next sign in."),
}


def _account_action(request, pk, action):
    user = get_object_or_404(selectors.manageable_users(request.user), pk=pk)
    service, heading, button, done = _REASON_ACTIONS[action]
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service(actor=request.user, user=user, reason=form.cleaned_data["reason"])
        messages.success(request, done.format(user.username))
        return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_action.html",
                  {"form": form, "account": user, "heading": heading.format(user.username), "button": button})


def user_deactivate(request, pk):
    return _account_action(request, pk, "deactivate")


def user_reactivate(request, pk):
    return _account_action(request, pk, "reactivate")


def user_unlock(request, pk):
    return _account_action(request, pk, "unlock")


def user_second_factor(request, pk):
    return _account_action(request, pk, "second_factor")


def user_role(request, pk):
    user = get_object_or_404(selectors.manageable_users(request.user), pk=pk)
    form = RoleForm(request.POST or None, initial={"role": user.role})
    if request.method == "POST" and form.is_valid():
        services.user_change_role(actor=request.user, user=user, role=form.cleaned_data["role"],
                                  reason=form.cleaned_data["reason"])
        messages.success(request, f"{user.username} is now {user.get_role_display()}.")
        return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_action.html", {
        "form": form, "account": user, "heading": f"Change the role of {user.username}", "button": "Change role",
    })


def user_password(request, pk):
    user = get_object_or_404(selectors.manageable_users(request.user), pk=pk)
    form = AdminPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.user_reset_password(actor=request.user, user=user, password=form.cleaned_data["password"],
                                     reason=form.cleaned_data["reason"])
        messages.success(request, f"{user.username} must choose a new password when they next sign in.")
        return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_action.html", {
        "form": form, "account": user, "heading": f"Set a temporary password for {user.username}",
        "button": "Set temporary password",
        "explanation": "Use this only when they cannot reset their password by e-mail. Give them the "
                       "temporary password in person or by phone; they must change it when they sign in.",
    })


def access_review(request):
    """Who in the manager's agency has access: the periodic review of accounts."""
    require_permission(request.user, "accounts.review")
    return render(request, "accounts/access_review.html", {
        "rows": selectors.access_review(request.user), "dormant_days": settings.SAFERPLACES_DORMANT_DAYS,
    })


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeOwnForm
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user, how="changed by its user, signed in")
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by e-mail. The next page is the same whether or not the address is known, and
    whether or not the request is over the limit."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if not reset_limit.reset_request_allowed(self.request, form.cleaned_data["email"]):
            return redirect(self.get_success_url())  # the same page as ever, and no mail
        # Links point at the configured address, never at the Host header of the request.
        self.extra_email_context = {"site_url": settings.SITE_URL, "service_name": settings.SERVICE_NAME,
                                    "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = PasswordSetOwnForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user, how="reset by its user with a link sent by e-mail")
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@require_POST
def session_extend(request):
    """"Stay signed in" from the idle-timeout warning (WCAG 2.2.1): restarts the idle clock now (other
    requests restart it at most once a minute: ``SessionLifetimeMiddleware``) and says how long the
    session now has; without script it goes back to the page it came from."""
    request.session[REFRESHED_AT] = time.time()
    if request.accepts("application/json") and not request.accepts("text/html"):
        return JsonResponse({"seconds": request.session.get_expiry_age()})
    return redirect(_next_url(request))


@login_not_required
def session_ended(request):
    return render(request, "accounts/session_ended.html", {"max_hours": settings.SAFERPLACES_SESSION_MAX_HOURS})
