"""Who may change the plan. Everyone in the partnership reads it (``plans.view``); an action is
updated by its leads, its group's chair and partnership coordinators (``plans.manage``)."""

from saferplaces.plans.models import Action


def can_update(user, action: Action) -> bool:
    if not (user.is_authenticated and user.has_role_permission("plans.view")):
        return False
    if user.has_role_permission("plans.manage"):
        return True
    if action.objective.group.chair_user_id == user.pk:
        return True
    return action.lead_users.filter(pk=user.pk).exists()
