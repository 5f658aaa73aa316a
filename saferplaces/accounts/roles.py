"""Roles and the permissions each one carries: the role → permission table, declared in code.

A role says what kind of work a person does; which records they may touch is decided by
``saferplaces.policy`` from their agency, information-sharing agreements, grants and casework.
Later modules add permissions here; ``tests/accounts/test_roles.py`` pins the whole table.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    CASEWORKER = "caseworker", "Caseworker"
    MANAGER = "manager", "Manager"
    ANALYST = "analyst", "Analyst"
    COORDINATOR = "coordinator", "Partnership coordinator"
    READ_ONLY_PARTNER = "read_only_partner", "Read-only partner"
    ADMINISTRATOR = "administrator", "Administrator"
    DPO = "dpo", "Data protection officer"
    SCRUTINY = "scrutiny", "Scrutiny committee member"
    CT_LEAD = "ct_lead", "Counter-terrorism lead (council)"
    CT_ADVISER = "ct_adviser", "Counter-terrorism security adviser (police)"


#: Every permission, with what it lets a person do.
PERMISSIONS: dict[str, str] = {
    "personal.view": "View personal data about people and cases that policy allows",
    "personal.search": "Search personal data that policy allows",
    "personal.change": "Create and change personal data records of their own agency",
    "personal.export": "Export personal data that policy allows",
    "records.grant": "Grant another agency or user access to a record their own agency holds, and revoke it",
    "isa.view": "Read information-sharing agreements",
    "isa.manage": "Create and change information-sharing agreements",
    "audit.view": "Search the access log and the change history of their own agency (its staff, its records)",
    "audit.view_all": "Search every agency's access log (each use is itself logged)",
    "accounts.manage": "Manage agencies and the user accounts of their own agency",
    "accounts.review": "Review who in their own agency has access (the access review)",
    "plans.view": "Read the partnership plan",
    "plans.manage": "Update any action of the plan, record KPI readings and define KPIs",
    "evidence.view": "Read evidence reports",
    "evidence.run": "Run analyses of police and partner data",
    "linkage.run": "Start person linkage across every agency's person records",
    "linkage.review": "Decide pairs of person records linkage could not (clerical review)",
    "places.view": "Read priority areas, tasking meetings, their actions and the priority-area report",
    "places.manage": "Define priority areas and record tasking meetings, agendas and actions",
    "asb.letters": "Write and change the templates of ASB letters (warnings, notices, contracts, closures)",
    "work.team": "See their agency's open caseload and overdue tasks on My work (team leads)",
    "meetings.view": "Read the partnership meetings their agency sits on, and the risk and issue log",
    "meetings.manage": "Record Board, Executive Group and delivery-group meetings, their actions and the risk log",
    "contest.view": "Read the Contest delivery group's counter-terrorism registers that policy allows",
    "contest.manage": "Record the Contest delivery group's counter-terrorism registers of their own agency",
}

_CASEWORK = {"personal.view", "personal.search", "personal.change"}
_READ_PARTNERSHIP = {"plans.view", "evidence.view", "places.view", "meetings.view"}

ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.CASEWORKER: frozenset(_CASEWORK | _READ_PARTNERSHIP),
    Role.MANAGER: frozenset(_CASEWORK | _READ_PARTNERSHIP | {"personal.export", "records.grant", "isa.view",
                                                             "linkage.run", "linkage.review", "places.manage",
                                                             "accounts.review", "asb.letters", "work.team"}),
    Role.ANALYST: frozenset(_READ_PARTNERSHIP | {"evidence.run"}),
    Role.COORDINATOR: frozenset(_READ_PARTNERSHIP | {"isa.view", "plans.manage", "places.manage",
                                                              "asb.letters", "meetings.manage", "contest.view"}),
    Role.READ_ONLY_PARTNER: frozenset(_READ_PARTNERSHIP | {"personal.view", "personal.search"}),
    Role.ADMINISTRATOR: frozenset({"accounts.manage", "accounts.review", "isa.view", "plans.view"}),
    Role.DPO: frozenset({"audit.view", "isa.view", "isa.manage", "records.grant", "plans.view", "linkage.run",
                          "accounts.review"}),
    # The council's scrutiny committee reads the plan and its reports, nothing else.
    Role.SCRUTINY: frozenset({"plans.view"}),
    # The Contest delivery group: the council's counter-terrorism lead and the police counter-terrorism
    # security adviser record its registers and read the partnership's work like every partner. Of the
    # other roles only the partnership coordinator reads the registers (it prepares the group's performance
    # for the Board); no one else's work needs premises' security findings (the Terrorism (Protection of
    # Premises) Act 2025 restricts disclosure of premises plans). Neither CT role reads personal data.
    Role.CT_LEAD: frozenset(_READ_PARTNERSHIP | {"contest.view", "contest.manage"}),
    Role.CT_ADVISER: frozenset(_READ_PARTNERSHIP | {"contest.view", "contest.manage"}),
}


def has_permission(role: str, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}")
    return permission in ROLE_PERMISSIONS.get(Role(role), frozenset())


def require_permission(user, permission: str) -> None:
    """Refuse (403) unless ``user``'s role has ``permission``.

    Accounts and audit call this directly; the apps above them ask ``saferplaces.policy.rules``,
    which uses it.
    """
    if not user.has_role_permission(permission):
        raise PermissionDenied(permission)
