"""Who may change tasking records. Everyone with ``places.view`` reads them; ``places.manage``
(partnership coordinators and managers) records meetings, areas and actions; an action's owner
updates its progress."""

from saferplaces.places.models import TaskingAction


def can_manage(user) -> bool:
    return bool(user.is_authenticated and user.has_role_permission("places.manage"))


def can_update_action(user, action: TaskingAction) -> bool:
    if not (user.is_authenticated and user.has_role_permission("places.view")):
        return False
    return can_manage(user) or (action.owner_user_id is not None and action.owner_user_id == user.pk)
