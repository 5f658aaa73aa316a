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
    PROVIDER = "provider", "Commissioned service provider"
    PARTNER_SYSTEM = "partner_system", "Partner system (API only)"


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
    "contracts.view": "Read the commissioned services' contracts and their quarterly returns",
    "contracts.manage": "Keep the commissioned services' contracts and enter returns sent in by their providers",
    "contracts.submit": "Submit the quarterly returns of their own organisation's contracts",
    "referrals.receive": "See and answer the referrals made to their own organisation's services",
    "directory.manage": "Review and correct the directory entries of organisations their agency keeps",
    "directory.import": "Import other directories' feeds and keep the entries of organisations no agency keeps",
    "gangs.activate": "Attach their agency's DPIA and equality impact assessment and activate its gangs cohort",
    "contest.view": "Read the Contest delivery group's counter-terrorism registers that policy allows",
    "contest.manage": "Record the Contest delivery group's counter-terrorism registers of their own agency",
    "contest.rota": "Manage the London Local Authority Gold rota: set its weeks and approve or refuse swaps",
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
                          "accounts.review",
                          # The DPIA is the controller's, on its DPO's advice (UK GDPR Art. 35(2)): the DPO
                          # activates the agency's gangs cohort (saferplaces/offenders/gangs.py).
                          "gangs.activate"}),
    # The council's scrutiny committee reads the plan and its reports, nothing else.
    Role.SCRUTINY: frozenset({"plans.view"}),
    # The Contest delivery group: the council's counter-terrorism lead and the police counter-terrorism
    # security adviser record its registers and read the partnership's work like every partner. Of the
    # other roles only the partnership coordinator reads the registers (it prepares the group's performance
    # for the Board); no one else's work needs premises' security findings (the Terrorism (Protection of
    # Premises) Act 2025 restricts disclosure of premises plans). Neither CT role reads personal data.
    # The council's lead also manages the London Local Authority Gold rota, a council arrangement.
    Role.CT_LEAD: frozenset(_READ_PARTNERSHIP | {"contest.view", "contest.manage", "contest.rota"}),
    Role.CT_ADVISER: frozenset(_READ_PARTNERSHIP | {"contest.view", "contest.manage"}),
    # A commissioned service's staff: their own organisation's referrals, contracts and returns only.
    Role.PROVIDER: frozenset({"contracts.submit", "referrals.receive"}),
}
# Commissioned services (issue 16): coordinators keep the contracts; managers read them.
ROLE_PERMISSIONS[Role.COORDINATOR] |= {"contracts.view", "contracts.manage"}
ROLE_PERMISSIONS[Role.MANAGER] |= {"contracts.view"}
# The directory of services: managers and coordinators keep their agency's entries; coordinators also
# import feeds and keep the entries of organisations no agency keeps.
ROLE_PERMISSIONS[Role.MANAGER] |= {"directory.manage"}
ROLE_PERMISSIONS[Role.COORDINATOR] |= {"directory.manage", "directory.import"}
# Retention (issue 17): the data protection officers set the schedule and place legal holds; managers and
# DPOs decide their own agency's records due for review; the schedule is read by those and administrators.
PERMISSIONS.update({
    "retention.view": "Read the retention schedule",
    "retention.manage": "Set the retention schedule: each category's period, trigger event and action",
    "retention.review": "Keep or let go their own agency's records due for retention review",
    "retention.hold": "Place and lift legal holds on their own agency's records",
})
ROLE_PERMISSIONS[Role.DPO] |= {"retention.view", "retention.manage", "retention.review", "retention.hold"}
ROLE_PERMISSIONS[Role.MANAGER] |= {"retention.view", "retention.review"}
ROLE_PERMISSIONS[Role.ADMINISTRATOR] |= {"retention.view"}

# The partner API (saferplaces/api, docs/api.md): DPOs and administrators keep their agency's system
# accounts; a system account's user pushes and reads through the API only (it has no password, so it
# never signs in to the web). Its pushes go through the same services and policy as a caseworker's:
# personal.view/change, and directory.manage for its agency's directory entries.
PERMISSIONS["api.manage"] = "Create partner systems' API accounts of their own agency, rotate and revoke their tokens"
PERMISSIONS["api.push"] = "Push and read records through the partner API (system accounts only)"
ROLE_PERMISSIONS[Role.DPO] |= {"api.manage"}
ROLE_PERMISSIONS[Role.ADMINISTRATOR] |= {"api.manage"}
ROLE_PERMISSIONS[Role.PARTNER_SYSTEM] = frozenset({"api.push", "personal.view", "personal.change",
                                                   "directory.manage"})
# The data protection officer's records (issue 17): the DPIA register, the breach log and the record of
# processing of their own agency (UK GDPR Art. 30, 33, 35).
PERMISSIONS["dpo.records"] = ("Keep their agency's DPIA register and personal-data breach log, and read its record "
                              "of processing activities")
ROLE_PERMISSIONS[Role.DPO] |= {"dpo.records"}


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


# Data subject rights (issue 17, saferplaces.rights): each agency's DPO handles subject access, erasure and
# restriction requests for the records their agency holds; DPOs and managers correct their agency's
# person records (UK GDPR Art. 16), with a reason kept in the change history.
PERMISSIONS["rights.manage"] = ("Handle their own agency's subject access, erasure and restriction requests, and "
                                "answer partners' subject access requests")
PERMISSIONS["people.correct"] = "Correct the person records their own agency holds, giving the reason"
ROLE_PERMISSIONS[Role.DPO] |= {"rights.manage", "people.correct"}
ROLE_PERMISSIONS[Role.MANAGER] |= {"people.correct"}
