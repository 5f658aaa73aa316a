from axes.utils import reset
from django.db import transaction

from saferplaces.accounts.models import Agency, SignInUnlock, User
from saferplaces.accounts.roles import require_permission
from saferplaces.core.context import acting_as


@transaction.atomic
def user_create(*, actor, password: str, **fields) -> User:
    require_permission(actor, "accounts.manage")
    with acting_as(actor):
        user = User(**fields)
        user.set_password(password)
        user.save()
    return user


@transaction.atomic
def user_unlock(*, actor, user: User, reason: str) -> None:
    """End every sign-in throttle on ``user`` at once, logged in the change history with who and why."""
    require_permission(actor, "accounts.manage")
    with acting_as(actor):
        SignInUnlock.objects.create(username=user.username, unlocked_by=actor, reason=reason)
    reset(username=user.username)


@transaction.atomic
def agency_save(*, actor, agency: Agency) -> Agency:
    require_permission(actor, "accounts.manage")
    with acting_as(actor):
        agency.save()
    return agency
