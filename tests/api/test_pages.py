"""The pages DPOs and administrators keep their agency's partner systems with."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.api.models import ApiToken, SystemAccount
from saferplaces.api.tokens import token_digest
from tests.api.builders import make_account
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def _token(response) -> str:
    return re.search(r'<code class="app-token" id="token">(sp_[\w-]+)</code>', response.content.decode()).group(1)


def test_a_dpo_creates_an_account_and_sees_its_token_once(client):
    dpo = UserFactory(role=Role.DPO)
    client.force_login(dpo)
    response = client.post(reverse("api:account_create"), {"name": "Housing ASB feed", "categories": ["asb"]})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = _token(response)
    account = SystemAccount.objects.get()
    assert (account.agency, account.categories, account.directory, account.created_by) == (
        dpo.agency, ["asb"], False, dpo)
    assert ApiToken.objects.get().digest == token_digest(token)
    detail = client.get(reverse("api:account_detail", kwargs={"pk": account.pk}))
    assert token not in detail.content.decode() and token[:10] in detail.content.decode()


def test_the_same_name_twice_is_refused_on_the_form(client):
    dpo = UserFactory(role=Role.DPO)
    client.force_login(dpo)
    client.post(reverse("api:account_create"), {"name": "Feed"})
    again = client.post(reverse("api:account_create"), {"name": "Feed"})
    assert again.status_code == 200
    assert "Your agency already has a system account of that name" in again.content.decode()
    assert SystemAccount.objects.count() == 1


def test_rotating_on_the_page_keeps_the_old_token_for_the_chosen_time(client):
    account, first = make_account(AgencyFactory())
    client.force_login(account.created_by)
    response = client.post(reverse("api:token_rotate", kwargs={"pk": account.pk}), {"grace": "1d"})
    second = _token(response)
    old, new = ApiToken.objects.get(digest=token_digest(first)), ApiToken.objects.get(digest=token_digest(second))
    assert old.is_valid() and old.expires_at is not None and new.expires_at is None
    client.post(reverse("api:token_revoke", kwargs={"pk": account.pk, "token_pk": old.pk}))
    old.refresh_from_db()
    assert not old.is_valid() and old.revoked_by == account.created_by


def test_another_agencys_account_is_404_and_other_roles_403(client):
    account, _ = make_account(AgencyFactory())
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))  # another agency's administrator
    assert client.get(reverse("api:account_detail", kwargs={"pk": account.pk})).status_code == 404
    client.force_login(UserFactory(agency=account.agency, role=Role.MANAGER))
    assert client.get(reverse("api:account_list")).status_code == 403


def test_a_system_user_is_kept_only_with_its_system_account(client):
    import datetime as dt

    from django.utils import timezone

    from saferplaces.accounts.forms import RoleForm, UserCreateForm
    from saferplaces.accounts.models import User
    from saferplaces.accounts.selectors import dormant_users, manageable_users

    account, _ = make_account(AgencyFactory())
    admin = UserFactory(agency=account.agency, role=Role.ADMINISTRATOR)
    assert not manageable_users(admin).filter(pk=account.user.pk).exists()
    client.force_login(admin)
    assert client.get(reverse("accounts:user_password", kwargs={"pk": account.user.pk})).status_code == 404
    # It never signs in: the dormant-account check leaves it alone.
    User.objects.filter(pk=account.user.pk).update(date_joined=timezone.now() - dt.timedelta(days=400))
    assert not dormant_users().filter(pk=account.user.pk).exists()
    assert Role.PARTNER_SYSTEM not in dict(RoleForm().fields["role"].choices)
    assert Role.PARTNER_SYSTEM not in dict(UserCreateForm(actor=admin).fields["role"].choices)
