from django.core.exceptions import PermissionDenied


def require_permission(user, permission: str) -> None:
    """Refuse (403) unless ``user``'s role has ``permission``. Views and services both call it.

    For one record, use ``policy.access.fetch`` or ``policy.access.can`` instead: a record the user
    may not see answers 404.
    """
    if not user.has_role_permission(permission):
        raise PermissionDenied(permission)
