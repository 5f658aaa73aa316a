"""Property: whatever the partnership looks like, ``scope()`` lists exactly the records ``can()`` allows.

Hypothesis builds a random partnership of three agencies: information-sharing agreements (any
parties, any data categories, active, draft, suspended, ended, not yet started or past their review
date), records of every personal-data model owned by any agency, grants to users and agencies
(current, expired, revoked, or on a record of another type with the same id), associations through
casework, and an actor of any role and agency (active or not). For every action, the records
``scope()`` returns over each model must be exactly those for which ``can()`` is true, and
``explain()`` must give a reason for exactly the relationships ``can()`` relied on.

Each example runs in its own transaction, rolled back at the end, so examples never see each
other's rows.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saferplaces.accounts.roles import Role, has_permission
from saferplaces.offenders.models import CohortMembership
from saferplaces.people.models import Person
from saferplaces.policy import access
from saferplaces.policy.categories import CATEGORIES
from saferplaces.policy.models import AccessGrant, AgreementStatus
from saferplaces.victims.models import Referral, Service, Victimisation, VictimisationKind
from tests.factories import AgencyFactory, AgreementFactory, PersonFactory, UserFactory

AGENCIES = 3
MODELS = (Person, Victimisation, Referral, CohortMembership)
ACTIONS = tuple(access.ACTION_PERMISSIONS)


def _distinct_roles() -> list[Role]:
    """One role for each different set of personal-data actions (roles alike for policy act alike)."""
    seen, roles = set(), []
    for role in Role:
        actions = frozenset(a for a, perm in access.ACTION_PERMISSIONS.items() if has_permission(role.value, perm))
        if actions not in seen:
            seen.add(actions)
            roles.append(role)
    return roles


DISTINCT_ROLES = _distinct_roles()

#: agreement windows relative to today: (start offset, end offset or None, review offset) in days
WINDOWS = {
    "current": (-30, None, 300),
    "ends_today": (-30, 0, 300),
    "ended": (-60, -1, 300),
    "starts_today": (0, None, 300),
    "not_started": (1, None, 300),
    "review_overdue": (-400, None, -10),  # still active: a late review does not stop sharing
}
#: grant states: (expires offset in minutes or None, revoked)
GRANT_STATES = {"open": (None, False), "until_later": (60, False), "expired": (-1, False),
                "revoked": (None, True)}

# Draws lean towards the states that share (active agreements, two or more parties) so that most
# examples exercise sharing; every other state is still drawn.
agreement_st = st.tuples(
    st.sets(st.integers(0, AGENCIES - 1), min_size=1, max_size=AGENCIES),
    st.sets(st.sampled_from(sorted(CATEGORIES)), min_size=1, max_size=3),
    st.sampled_from([AgreementStatus.ACTIVE] * 3 + [AgreementStatus.DRAFT, AgreementStatus.SUSPENDED,
                                                    AgreementStatus.ENDED]),
    st.sampled_from(["current", "current"] + sorted(WINDOWS)),
)
# A record is (model index, owner agency index); grants and associations name records by position.
record_st = st.tuples(st.integers(0, len(MODELS) - 1), st.integers(0, AGENCIES - 1))
# A grantee is a user (agency index, role) or an agency (agency index, None).
grantee_st = st.tuples(st.integers(0, AGENCIES - 1), st.one_of(st.none(), st.sampled_from(list(Role))))
grant_st = st.tuples(
    st.integers(0, 20),  # which record (modulo the number made)
    grantee_st,
    st.sampled_from(sorted(GRANT_STATES)),
    st.integers(0, len(MODELS) - 1),  # the content type the grant names: sometimes not the record's own
)
association_st = st.tuples(st.integers(0, 20), st.integers(0, AGENCIES - 1))


def _make_record(model, owner, number):
    person = PersonFactory(owner_agency=owner)
    if model is Person:
        return person
    if model is Victimisation:
        return Victimisation.objects.create(owner_agency=owner, person=person, kind=VictimisationKind.ASB,
                                            occurred_on=dt.date(2025, 1, 1 + number % 28))
    if model is Referral:
        return Referral.objects.create(owner_agency=owner, person=person, service=Service.VICTIM_SUPPORT,
                                       referred_on=dt.date(2025, 2, 1), consent_given=True)
    return CohortMembership.objects.create(owner_agency=owner, person=person, cohort="iom",
                                           started_on=dt.date(2025, 3, 1))


class _Associations:
    """An association provider whose links each example sets: (model, agency id) → record ids."""

    def __init__(self):
        self.links: dict[tuple[type, int], set[int]] = {}

    def provider_for(self, model):
        def provider(actor):
            return Q(pk__in=sorted(self.links.get((model, actor.agency_id), set())))

        return provider


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(
    agreements=st.lists(agreement_st, max_size=4),
    records=st.lists(record_st, min_size=1, max_size=8),
    grants=st.lists(grant_st, max_size=4),
    associations=st.lists(association_st, max_size=3),
)
def test_scope_lists_exactly_the_records_can_allows(agreements, records, grants, associations):
    registry = _Associations()
    providers = {model: registry.provider_for(model) for model in MODELS}
    for model, provider in providers.items():
        access.register_association(model, provider)
    try:
        with transaction.atomic():
            _check_one_partnership(registry, agreements, records, grants, associations)
            transaction.set_rollback(True)
    finally:
        for model, provider in providers.items():
            access._ASSOCIATIONS[model].remove(provider)


def _check_one_partnership(registry, agreements, records, grants, associations):
    today = timezone.localdate()
    now = timezone.now()
    agencies = [AgencyFactory() for _ in range(AGENCIES)]
    for parties, categories, status, window in agreements:
        start, end, review = WINDOWS[window]
        AgreementFactory(parties=[agencies[i] for i in parties], data_categories=sorted(categories),
                         status=status, start_date=today + dt.timedelta(days=start),
                         end_date=None if end is None else today + dt.timedelta(days=end),
                         review_date=today + dt.timedelta(days=review))
    made = [_make_record(MODELS[m], agencies[owner], n) for n, (m, owner) in enumerate(records)]
    # Every role in every agency, and a deactivated caseworker in each, act on the same partnership.
    users = {(a, role): UserFactory(agency=agency, role=role) for a, agency in enumerate(agencies) for role in Role}
    actors = [user for (a, role), user in users.items() if role in DISTINCT_ROLES] + [
        UserFactory(agency=agency, role=Role.CASEWORKER, is_active=False) for agency in agencies]
    granter = UserFactory(agency=agencies[0], role=Role.MANAGER)
    for index, (agency, role), state, type_index in grants:
        record = made[index % len(made)]
        expires, revoked = GRANT_STATES[state]
        grantee = {"grantee_agency": agencies[agency]} if role is None else {"grantee_user": users[(agency, role)]}
        grant = AccessGrant(record=record, reason="Joint case", granted_by=granter,
                            expires_at=None if expires is None else now + dt.timedelta(minutes=expires),
                            revoked_at=now if revoked else None, **grantee)
        # Name another model's content type with the same id: it must share nothing of this record.
        if MODELS[type_index] is not type(record):
            grant.content_type = ContentType.objects.get_for_model(MODELS[type_index])
        grant.save()
    for index, agency in associations:
        record = made[index % len(made)]
        registry.links.setdefault((type(record), agencies[agency].pk), set()).add(record.pk)

    for actor in actors:
        for model in MODELS:
            mine = [r for r in made if type(r) is model]
            if not mine:
                continue
            queryset = model.objects.filter(pk__in=[r.pk for r in mine])
            for action in ACTIONS:
                scoped = set(access.scope(actor, queryset, action).values_list("pk", flat=True))
                allowed = {r.pk for r in mine if access.can(actor, action, r)}
                assert scoped == allowed, (actor.role, actor.is_active, model.__name__, action)
            if not actor.has_role_permission("personal.view"):
                continue  # explain() is for the page of a record the actor may open
            for record in mine:
                found = access.relationships(actor, record)
                assert {reason.relationship for reason in access.explain(actor, record)} == found, model.__name__


def test_the_property_test_sees_every_relationship(world):
    """Guard against a vacuous property: the building blocks above do make each relationship hold."""
    registry = _Associations()
    provider = registry.provider_for(Person)
    access.register_association(Person, provider)
    try:
        target = world.people["unrelated"]
        registry.links[(Person, world.own.pk)] = {target.pk}
        actor = world.users["caseworker"]
        assert "own" in access.relationships(actor, world.people["own"])  # own agency is a party too
        assert access.relationships(actor, world.people["agreement"]) == {"agreement"}
        assert access.relationships(actor, world.people["grant"]) == {"grant"}
        assert access.relationships(actor, target) == {"association"}
        assert set(access.scope(actor, Person.objects.all())) == set(world.people.values())
        # Nobody signed in: nothing listed, nothing allowed.
        from django.contrib.auth.models import AnonymousUser

        for action in ACTIONS:
            assert not access.scope(AnonymousUser(), Person.objects.all(), action).exists()
            assert not any(access.can(AnonymousUser(), action, p) for p in world.people.values())
    finally:
        access._ASSOCIATIONS[Person].remove(provider)
