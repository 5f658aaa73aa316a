"""Who may do what: the one question every view, service and template asks.

:func:`may` answers "may this user do this?" for three kinds of question:

* a **role permission** (``"plans.manage"``): the role table in ``saferplaces.accounts.roles``;
* a **rule about one record** (``"plans.update_action"``): the rules in :data:`RULES` below;
* an **access action** on a record holding personal data (``"view"``, ``"change"``, ``"export"``,
  ``"grant"``): decided by :mod:`saferplaces.policy.access` from agency, agreements, grants and
  casework (pages fetch such records with ``access.fetch``, which answers 404).

Services call :func:`require_permission` once; views call it to refuse a page (403) and otherwise
leave the check to the service. Templates ask through ``{% load policy %}{% may "..." record as ok %}``.

Policy sits below the business apps, so rules read records through their fields and never import
the apps' modules.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied

from saferplaces.accounts.roles import PERMISSIONS
from saferplaces.policy import access

__all__ = ["RULES", "Rule", "may", "require_permission"]


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _role(user, permission: str) -> bool:
    return _signed_in(user) and user.has_role_permission(permission)


def _update_plan_action(user, action) -> bool:
    # The action's leads, its delivery group's chair and partnership coordinators (plans.manage).
    if not _role(user, "plans.view"):
        return False
    if _role(user, "plans.manage") or action.objective.group.chair_user_id == user.pk:
        return True
    return action.lead_users.filter(pk=user.pk).exists()


def _submit_plan_return(user, kpi) -> bool:
    # A KPI filled by a partner's periodic return: partnership coordinators (plans.manage), the action's
    # lead users, and the staff of its lead agencies who hold or analyse the agency's data (caseworkers,
    # managers, analysts: not its administrators, DPO, scrutiny members or read-only partners).
    if kpi.source != "return" or not _role(user, "plans.view"):
        return False
    if _role(user, "plans.manage"):
        return True
    # Read through .all() so that a page listing many KPIs prefetches the leads once.
    action = kpi.action
    if any(lead.pk == user.pk for lead in action.lead_users.all()):
        return True
    works_the_data = _role(user, "personal.change") or _role(user, "evidence.run")
    return works_the_data and any(agency.pk == user.agency_id for agency in action.lead_agencies.all())


def _update_tasking_action(user, action) -> bool:
    # Tasking managers (places.manage) and the action's owner.
    if not _role(user, "places.view"):
        return False
    return _role(user, "places.manage") or (action.owner_user_id is not None and action.owner_user_id == user.pk)


def _view_meeting(user, meeting) -> bool:
    # Coordinators (meetings.manage) read every meeting; others the meetings their agency is listed for
    # (its members). saferplaces.meetings.selectors.visible_meetings asks the same as a query.
    if not _role(user, "meetings.view"):
        return False
    return _role(user, "meetings.manage") or meeting.attendances.filter(agency_id=user.agency_id).exists()


def _update_meeting_action(user, action) -> bool:
    # The action's owner and coordinators (meetings.manage).
    if not _role(user, "meetings.view"):
        return False
    return _role(user, "meetings.manage") or action.owner_id == user.pk


Rule = Callable[[object, object], bool]

def _acts_for(user, organization) -> bool:
    # A provider's staff work in the agency that keeps the directory organisation's entries.
    return organization.agency_id is not None and organization.agency_id == user.agency_id


def _view_contract(user, contract) -> bool:
    # Partnership staff who read contracts see every one; a provider's staff only their organisation's.
    if _role(user, "contracts.view"):
        return True
    return _role(user, "contracts.submit") and _acts_for(user, contract.provider)


def _submit_contract_return(user, contract) -> bool:
    # The provider's staff, and the coordinators who keep the contracts (entering a return sent by email).
    if _role(user, "contracts.manage"):
        return True
    return _role(user, "contracts.submit") and _acts_for(user, contract.provider)


def _answer_referral(user, referral) -> bool:
    # The staff of the organisation running the directory service the referral was made to.
    service = referral.directory_service
    return (service is not None and _role(user, "referrals.receive")
            and _acts_for(user, service.organization))


#: rule name → ``rule(user, record)``: the questions a role permission alone cannot answer.
RULES: dict[str, Rule] = {
    "plans.update_action": _update_plan_action,
    "plans.submit_return": _submit_plan_return,
    "places.update_action": _update_tasking_action,
    "meetings.view_meeting": _view_meeting,
    "meetings.update_action": _update_meeting_action,
    "directory.view_contract": _view_contract,
    "directory.submit_return": _submit_contract_return,
    "directory.answer_referral": _answer_referral,
}


def may(user, permission: str, record=None) -> bool:
    """May ``user`` do ``permission`` (a role permission, a rule name or an access action) to ``record``?"""
    if permission in RULES:
        if record is None:
            raise TypeError(f"The rule {permission!r} is about one record; pass it")
        return RULES[permission](user, record)
    if permission in access.ACTION_PERMISSIONS:
        if record is None:
            raise TypeError(f"The access action {permission!r} is about one record; pass it")
        return access.can(user, permission, record)
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}")
    return _role(user, permission)


def require_permission(user, permission: str, record=None) -> None:
    """Refuse (403) unless :func:`may` allows it.

    A page for one record of personal data fetches it with ``access.fetch`` instead: a record the
    user may not see answers 404.
    """
    if not may(user, permission, record):
        raise PermissionDenied(permission)
