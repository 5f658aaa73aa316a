from saferplaces.accounts.roles import require_permission
from saferplaces.api.models import SystemAccount


def accounts_for(actor):
    """The system accounts of the actor's agency (DPOs and administrators keep them)."""
    require_permission(actor, "api.manage")
    return SystemAccount.objects.filter(agency=actor.agency_id).select_related("user", "created_by")
