import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from saferplaces.accounts import second_factor, services, throttle
from saferplaces.accounts.forms import (
    AgencyForm,
    EnrolCodeForm,
    SecondFactorCodeForm,
    SignInForm,
    UserCreateForm,
)
from saferplaces.accounts.middleware import second_factor_exempt
from saferplaces.accounts.models import Agency, User
from saferplaces.accounts.roles import require_permission


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Only the demo (``manage.py demo``, with DEBUG on) runs without the second factor and says so here.
        return super().get_context_data(
            **kwargs, second_factor_required=settings.SAFERPLACES_REQUIRE_2FA, debug_demo=settings.DEBUG
        )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
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
    require_permission(request.user, "accounts.manage")
    agency = get_object_or_404(Agency, pk=pk) if pk else Agency()
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        saved = services.agency_save(actor=request.user, agency=form.save(commit=False))
        messages.success(request, f"{saved.name} saved.")
        return redirect("accounts:agencies")
    return render(request, "accounts/agency_form.html", {"form": form, "agency": agency})


def user_list(request):
    require_permission(request.user, "accounts.manage")
    users = User.objects.select_related("agency")
    locked = throttle.throttled_usernames()
    return render(request, "accounts/user_list.html", {"users": users, "locked": locked})


def user_create(request):
    require_permission(request.user, "accounts.manage")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        password = data.pop("password")
        user = services.user_create(actor=request.user, password=password, **data)
        messages.success(request, f"Account {user.username} created.")
        return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form})


@require_POST
def user_unlock(request, pk):
    require_permission(request.user, "accounts.manage")
    user = get_object_or_404(User, pk=pk)
    reason = request.POST.get("reason", "").strip()[:300] or "Unlocked on the Users page"
    services.user_unlock(actor=request.user, user=user, reason=reason)
    messages.success(request, f"Account {user.username} unlocked.")
    return redirect("accounts:users")
