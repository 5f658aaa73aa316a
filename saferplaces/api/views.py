"""Pages of system accounts for DPOs and administrators: list, create (the token shown once), rotate,
revoke, deactivate."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from saferplaces.api import selectors, services
from saferplaces.api.forms import GRACE, AccountForm, RotateForm
from saferplaces.api.models import ApiToken
from saferplaces.policy.categories import category_label


def account_list(request):
    accounts = selectors.accounts_for(request.user)
    return render(request, "api/account_list.html", {"accounts": accounts})


def _token_page(request, account, token):
    response = render(request, "api/token.html", {"account": account, "token": token})
    response["Cache-Control"] = "no-store"
    return response


def account_create(request):
    selectors.accounts_for(request.user)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account, token = services.account_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(None if field == "__all__" else field, problem)
        else:
            return _token_page(request, account, token)
    return render(request, "api/account_form.html", {"form": form})


def account_detail(request, pk):
    account = get_object_or_404(selectors.accounts_for(request.user), pk=pk)
    return render(request, "api/account_detail.html", {
        "account": account, "tokens": account.tokens.select_related("created_by", "revoked_by"),
        "categories": [category_label(code) for code in account.categories]})


def token_rotate(request, pk):
    account = get_object_or_404(selectors.accounts_for(request.user), pk=pk)
    form = RotateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token = services.token_rotate(actor=request.user, account=account, grace=GRACE[form.cleaned_data["grace"]])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _token_page(request, account, token)
    return render(request, "api/token_rotate.html", {"form": form, "account": account})


@require_POST
def token_revoke(request, pk, token_pk):
    account = get_object_or_404(selectors.accounts_for(request.user), pk=pk)
    token = get_object_or_404(ApiToken.objects.filter(account=account), pk=token_pk)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, f"Token {token.prefix}… is revoked.")
    return redirect("api:account_detail", pk=account.pk)


@require_POST
def account_deactivate(request, pk):
    account = get_object_or_404(selectors.accounts_for(request.user), pk=pk)
    services.account_deactivate(actor=request.user, account=account)
    messages.success(request, f"{account.name} is deactivated: its tokens no longer work.")
    return redirect("api:account_detail", pk=account.pk)
