from axes.utils import reset
from django.db import transaction

from saferplaces.accounts.models import Agency, User
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


def user_unlock(*, actor, user: User) -> None:
    """Clear failed sign-in attempts so a locked-out user can try again."""
    require_permission(actor, "accounts.manage")
    reset(username=user.username)


@transaction.atomic
def agency_save(*, actor, agency: Agency) -> Agency:
    require_permission(actor, "accounts.manage")
    with acting_as(actor):
        agency.save()
    return agency
