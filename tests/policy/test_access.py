"""can() and scope() across roles and relationships, and "why can I see this"."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saferplaces.accounts.roles import Role
from saferplaces.people.models import Person
from saferplaces.policy import access
from saferplaces.policy.models import AccessGrant, AgreementStatus
from tests.conftest import RELATIONSHIPS
from tests.factories import AgencyFactory, AgreementFactory, PersonFactory, UserFactory

VISIBLE_TO_CASEWORKER = {"own", "agreement", "grant"}


def test_caseworker_sees_own_shared_and_granted_records_only(world):
    actor = world.users["caseworker"]
    for relationship, person in world.people.items():
        assert access.can(actor, "view", person) is (relationship in VISIBLE_TO_CASEWORKER), relationship
    visible = set(access.scope(actor, Person.objects.all()))
    assert visible == {world.people[r] for r in VISIBLE_TO_CASEWORKER}


def test_change_needs_own_agency_even_when_shared(world):
    actor = world.users["caseworker"]
    assert access.can(actor, "change", world.people["own"])
    assert not access.can(actor, "change", world.people["agreement"])
    assert not access.can(actor, "change", world.people["grant"])


@pytest.mark.parametrize("role", [Role.ANALYST, Role.COORDINATOR, Role.ADMINISTRATOR, Role.DPO])
def test_roles_without_personal_data_see_nothing_even_in_their_own_agency(world, role):
    actor = world.users[role.value]
    assert not any(access.can(actor, "view", p) for p in world.people.values())
    assert access.scope(actor, Person.objects.all()).count() == 0


def test_read_only_partner_can_view_but_not_change_or_export(world):
    actor = world.users["read_only_partner"]
    assert access.can(actor, "view", world.people["own"])
    assert not access.can(actor, "change", world.people["own"])
    assert not access.can(actor, "export", world.people["own"])


def test_agreement_must_cover_the_records_category(world):
    partner_only_offenders = AgencyFactory()
    AgreementFactory(parties=[world.own, partner_only_offenders], data_categories=["offender"])
    person = PersonFactory(owner_agency=partner_only_offenders)
    assert not access.can(world.users["caseworker"], "view", person)


def test_agreement_not_yet_started_or_past_its_end_shares_nothing(world):
    later, ended = AgencyFactory(), AgencyFactory()
    today = timezone.localdate()
    AgreementFactory(parties=[world.own, later], start_date=today + dt.timedelta(days=1))
    AgreementFactory(parties=[world.own, ended], end_date=today - dt.timedelta(days=1))
    for agency in (later, ended):
        assert not access.can(world.users["caseworker"], "view", PersonFactory(owner_agency=agency))


def test_expired_and_revoked_grants_share_nothing(world):
    actor = world.users["caseworker"]
    grant = AccessGrant.objects.get(object_id=world.people["grant"].pk)
    grant.revoked_at = timezone.now()
    grant.save()
    assert not access.can(actor, "view", world.people["grant"])
    grant.revoked_at = None
    grant.expires_at = timezone.now() - dt.timedelta(minutes=1)
    grant.save()
    assert not access.can(actor, "view", world.people["grant"])


def test_grant_to_one_user_does_not_extend_to_colleagues(world):
    person = PersonFactory(owner_agency=world.other)
    colleague = world.users["manager"]
    AccessGrant.objects.create(record=person, grantee_user=world.users["caseworker"], reason="r",
                               granted_by=UserFactory(agency=world.other, role=Role.MANAGER))
    assert access.can(world.users["caseworker"], "view", person)
    assert not access.can(colleague, "view", person)


def test_explain_names_each_relationship(world):
    actor = world.users["caseworker"]
    assert "Own Council" in access.explain(actor, world.people["own"])[0].text
    agreement_reason = access.explain(actor, world.people["agreement"])[0]
    assert agreement_reason.relationship == "agreement"
    assert "Crime and Disorder Act 1998, section 115" in agreement_reason.text
    grant_reason = access.explain(actor, world.people["grant"])[0]
    assert grant_reason.relationship == "grant" and "Joint safeguarding meeting" in grant_reason.text
    assert access.explain(actor, world.people["unrelated"]) == []


def test_decide_answers_for_many_records_with_as_many_queries_as_for_one(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actor = world.users["caseworker"]
    people = [*world.people.values(), *(PersonFactory(owner_agency=a) for a in (world.own, world.partner) * 4)]
    with CaptureQueriesContext(connection) as one:
        access.decide(actor, people[:1])
    with CaptureQueriesContext(connection) as many:
        decisions = access.decide(actor, people)
    assert len(many) == len(one) == 3  # the actor's agreements, their parties, the grants
    for person in people:  # the batch answers as a question about each record alone would
        single = access.decide(actor, [person])[person]
        assert decisions[person] == single
        assert decisions[person].allows("view") is access.can(actor, "view", person)
        assert decisions[person].reasons() == access.explain(actor, person)
    # Own Council is a party to the agreement sharing person details, so its own records are reached both ways.
    assert [decisions[world.people[k]].basis for k in ("own", "agreement", "grant", "unrelated")] == [
        "agreement, own", "agreement", "grant", ""]
    with CaptureQueriesContext(connection) as none:
        assert len(access.decide(actor, [])) == 0
    assert len(none) == 0


def test_fetch_answers_404_for_missing_and_hidden_alike(world):
    from django.http import Http404

    actor = world.users["caseworker"]
    for pk in (world.people["unrelated"].pk, 999999):
        with pytest.raises(Http404):
            access.fetch(actor, Person.objects.all(), pk)


def test_association_providers_make_records_visible(world):
    from django.db.models import Q

    target = world.people["unrelated"]
    provider = lambda actor: Q(pk=target.pk) if actor.agency_id == world.own.pk else Q(pk__in=[])  # noqa: E731
    access.register_association(Person, provider)
    try:
        assert access.can(world.users["caseworker"], "view", target)
        assert access.can(world.users["caseworker"], "change", target)
        assert "association" in {r.relationship for r in access.explain(world.users["caseworker"], target)}
    finally:
        access._ASSOCIATIONS[Person].remove(provider)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    agreements=st.lists(
        st.tuples(st.sampled_from([0, 1, 2]), st.sampled_from([0, 1, 2]), st.sampled_from(["person", "asb"]),
                  st.sampled_from([AgreementStatus.ACTIVE, AgreementStatus.DRAFT, AgreementStatus.ENDED])),
        max_size=4,
    ),
    grants=st.lists(st.tuples(st.integers(0, 5), st.booleans()), max_size=3),
    role=st.sampled_from(list(Role)),
    actor_agency=st.sampled_from([0, 1, 2]),
)
def test_scope_lists_exactly_what_can_allows(agreements, grants, role, actor_agency):
    """Property: for random agreements, grants and roles, scope() and can() agree record by record."""
    agencies = [AgencyFactory() for _ in range(3)]
    for a, b, category, status in agreements:
        if a != b:
            AgreementFactory(parties=[agencies[a], agencies[b]], data_categories=[category], status=status)
    people = [PersonFactory(owner_agency=agencies[i % 3]) for i in range(6)]
    actor = UserFactory(agency=agencies[actor_agency], role=role)
    granter = UserFactory(agency=agencies[0], role=Role.MANAGER)
    for index, to_user in grants:
        AccessGrant.objects.create(record=people[index], reason="r", granted_by=granter,
                                   **({"grantee_user": actor} if to_user else {"grantee_agency": actor.agency}))
    for action in ("view", "change", "export"):
        scoped = set(access.scope(actor, Person.objects.filter(pk__in=[p.pk for p in people]), action))
        allowed = {p for p in people if access.can(actor, action, p)}
        assert scoped == allowed, action


def test_relationship_fixture_covers_every_relationship(world):
    assert set(world.people) == set(RELATIONSHIPS)
