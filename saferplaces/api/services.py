"""Writes of system accounts: create one (its user and first token), rotate, revoke, deactivate.

Only DPOs and administrators (``api.manage``) of the account's own agency do these. Each returns the
new token's secret where one is made: the caller shows it once; only its digest is kept.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from saferplaces.accounts.models import User
from saferplaces.accounts.roles import Role, require_permission
from saferplaces.api.models import ApiToken, SystemAccount
from saferplaces.api.tokens import token_digest, token_new
from saferplaces.core.context import acting_as
from saferplaces.policy.categories import CATEGORIES

#: the longest an old token may stay valid after a rotation (a partner's change window)
MAX_GRACE = dt.timedelta(days=7)


def _require_keeper(actor, account: SystemAccount) -> None:
    require_permission(actor, "api.manage")
    if account.agency_id != actor.agency_id:
        raise PermissionDenied("api.manage")


def _issue(*, actor, account: SystemAccount) -> str:
    token = token_new()
    ApiToken.objects.create(account=account, digest=token_digest(token), prefix=token[:10], created_by=actor)
    return token


@transaction.atomic
def account_create(*, actor, name: str, categories: list[str], directory: bool = False) -> tuple[SystemAccount, str]:
    """A system account of the actor's agency, its user (no password: it never signs in) and its first
    token, returned once."""
    require_permission(actor, "api.manage")
    unknown = sorted(set(categories) - set(CATEGORIES))
    if unknown:
        raise ValidationError({"categories": f"Unknown data categories: {', '.join(unknown)}"})
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the name of the partner system"})
    if SystemAccount.objects.filter(agency=actor.agency_id, name=name).exists():
        raise ValidationError({"name": "Your agency already has a system account of that name"})
    with acting_as(actor):
        user = User(username=f"system.{secrets.token_hex(6)}",
                    agency=actor.agency, role=Role.PARTNER_SYSTEM, first_name=name[:150], last_name="(system)")
        user.set_unusable_password()
        user.save()
        account = SystemAccount.objects.create(name=name, agency=actor.agency, user=user,
                                               categories=sorted(set(categories)), directory=directory,
                                               created_by=actor)
    return account, _issue(actor=actor, account=account)


@transaction.atomic
def token_rotate(*, actor, account: SystemAccount, grace: dt.timedelta = dt.timedelta(0)) -> str:
    """A new token for ``account``; its valid tokens stay valid for ``grace`` (at most a week), or are
    revoked at once when it is zero."""
    _require_keeper(actor, account)
    if not account.active:
        raise ValidationError("A deactivated account gets no new token")
    if grace < dt.timedelta(0) or grace > MAX_GRACE:
        raise ValidationError({"grace": "The old token may stay valid for at most 7 days"})
    now = timezone.now()
    old = ApiToken.objects.valid(now).filter(account=account)
    if grace:
        until = now + grace
        old.filter(expires_at__isnull=True).update(expires_at=until)
        old.filter(expires_at__gt=until).update(expires_at=until)
    else:
        old.update(revoked_at=now, revoked_by=actor)
    return _issue(actor=actor, account=account)


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke one token at once."""
    _require_keeper(actor, token.account)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), actor
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


@transaction.atomic
def account_deactivate(*, actor, account: SystemAccount) -> SystemAccount:
    """Stop an account: every token revoked, its user deactivated."""
    _require_keeper(actor, account)
    now = timezone.now()
    ApiToken.objects.filter(account=account, revoked_at__isnull=True).update(revoked_at=now, revoked_by=actor)
    with acting_as(actor):
        account.active = False
        account.save(update_fields=["active"])
        account.user.is_active = False
        account.user.save(update_fields=["is_active"])
    return account
