"""Pins the role → permission table: a change to who may do what must change this test too."""

from saferplaces.accounts.roles import PERMISSIONS, ROLE_PERMISSIONS, Role, has_permission

EXPECTED = {
    "caseworker": {"personal.view", "personal.search", "personal.change", "plans.view", "evidence.view",
                   "places.view", "meetings.view"},
    "manager": {"personal.view", "personal.search", "personal.change", "personal.export", "records.grant",
                "isa.view", "plans.view", "evidence.view", "linkage.run", "linkage.review", "places.view",
                "places.manage", "accounts.review", "asb.letters", "work.team", "meetings.view"},
    "analyst": {"plans.view", "evidence.view", "evidence.run", "places.view", "meetings.view"},
    "coordinator": {"plans.view", "evidence.view", "isa.view", "plans.manage", "places.view", "places.manage",
                    "asb.letters", "meetings.view", "meetings.manage", "contest.view"},
    "read_only_partner": {"personal.view", "personal.search", "plans.view", "evidence.view", "places.view",
                          "meetings.view"},
    "administrator": {"accounts.manage", "accounts.review", "isa.view", "plans.view"},
    "dpo": {"audit.view", "isa.view", "isa.manage", "records.grant", "plans.view", "linkage.run",
            "accounts.review", "gangs.activate", "dpo.records"},
    "scrutiny": {"plans.view"},
    "ct_lead": {"contest.view", "contest.manage", "contest.rota", "plans.view", "evidence.view", "places.view",
                "meetings.view"},
    "ct_adviser": {"contest.view", "contest.manage", "plans.view", "evidence.view", "places.view",
                   "meetings.view"},
    "provider": {"contracts.submit", "referrals.receive"},
}
EXPECTED["coordinator"] |= {"contracts.view", "contracts.manage"}
EXPECTED["manager"] |= {"contracts.view"}
EXPECTED["manager"] |= {"directory.manage"}
EXPECTED["coordinator"] |= {"directory.manage", "directory.import"}
# Data subject rights (saferplaces.rights)
EXPECTED["dpo"] |= {"rights.manage", "people.correct"}
EXPECTED["manager"] |= {"people.correct"}

# Retention (saferplaces.retention)
EXPECTED["dpo"] |= {"retention.view", "retention.manage", "retention.review", "retention.hold"}
EXPECTED["manager"] |= {"retention.view", "retention.review"}
EXPECTED["administrator"] |= {"retention.view"}

# The partner API (saferplaces.api)
EXPECTED["dpo"] |= {"api.manage"}
EXPECTED["administrator"] |= {"api.manage"}
EXPECTED["partner_system"] = {"api.push", "personal.view", "personal.change", "directory.manage"}


def test_role_permission_table_is_pinned():
    assert {role.value: set(perms) for role, perms in ROLE_PERMISSIONS.items()} == EXPECTED


def test_every_role_is_in_the_table_and_every_permission_is_declared():
    assert set(ROLE_PERMISSIONS) == set(Role)
    for perms in ROLE_PERMISSIONS.values():
        assert perms <= set(PERMISSIONS)


def test_roles_the_partnership_needs_exist():
    labels = {role.label for role in Role}
    assert {"Caseworker", "Manager", "Analyst", "Partnership coordinator", "Read-only partner",
            "Administrator", "Data protection officer"} <= labels


def test_has_permission_refuses_unknown_permission_names():
    import pytest

    with pytest.raises(KeyError):
        has_permission("caseworker", "personal.veiw")
