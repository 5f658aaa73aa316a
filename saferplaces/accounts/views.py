from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from saferplaces.accounts import services, throttle
from saferplaces.accounts.forms import AgencyForm, SignInForm, UserCreateForm
from saferplaces.accounts.models import Agency, User
from saferplaces.accounts.roles import require_permission


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


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
