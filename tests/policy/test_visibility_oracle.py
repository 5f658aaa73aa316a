"""Property: ``scope()`` and ``can()`` agree with an independent statement of the sharing rules.

Hypothesis builds a random partnership of three agencies: information-sharing agreements (any
parties, any data categories, any status, active, ended, not yet started or past their review date),
records of every personal-data model held by any agency, ASB cases with tasks (open or done, for a
named actor or for an agency with nobody named) and warnings or notices on them, grants to users or
agencies (current, expiring later, expired, revoked, or naming another model's record with the same
id), and a few actors of any role and agency, active or not. For every actor, action and record the
expected answer is worked out below in plain Python from the generated rows, re-stating
docs/security.md without using anything from ``saferplaces.policy``, so a wrong filter in the policy
fails here instead of breaking both sides of a comparison alike.

Each example runs in its own transaction, rolled back at the end, so examples never see each
other's rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from saferplaces.accounts.roles import Role, has_permission
from saferplaces.asb.models import AsbCase, NoticeKind, ProtectionNotice, Task
from saferplaces.offenders.models import CohortMembership
from saferplaces.people.models import Person
from saferplaces.policy.access import can, decide, scope
from saferplaces.policy.models import AccessGrant, AgreementStatus
from saferplaces.victims.models import Referral, Service, Victimisation, VictimisationKind
from tests.factories import AgencyFactory, AgreementFactory, PersonFactory, UserFactory

AGENCIES = 3
ACTIONS = ("view", "change", "export", "grant")

# The rules, re-stated from docs/security.md. Each personal-data model and its data category:
CATEGORY = {Person: "person", Victimisation: "victim", Referral: "victim", CohortMembership: "offender",
            AsbCase: "asb", ProtectionNotice: "enforcement"}
MODELS = tuple(CATEGORY)
#: the role permission each action needs
PERMISSION = {"view": "personal.view", "change": "personal.change", "export": "personal.export",
              "grant": "records.grant"}
#: agreements and grants share for reading; changing needs the own agency or a part in the casework
READ_ONLY_RELATIONSHIPS = {"agreement", "grant"}

#: agreement windows relative to today: (start offset, end offset or None, review offset) in days
WINDOWS = {
    "current": (-30, None, 300),
    "ends_today": (-30, 0, 300),
    "ended_yesterday": (-60, -1, 300),
    "starts_today": (0, None, 300),
    "starts_tomorrow": (1, None, 300),
    "review_overdue": (-400, None, -10),
}
#: grant states: (expiry offset in minutes or None, revoked)
GRANT_STATES = {"open": (None, False), "until_later": (60, False), "expired": (-1, False), "revoked": (None, True)}

agency_st = st.integers(0, AGENCIES - 1)
# Draws lean towards what can share (active agreements between two or more agencies, actors whose role
# reads personal data) so that most examples exercise sharing; every other state is still drawn.
agreement_st = st.tuples(
    st.sets(agency_st, min_size=2, max_size=AGENCIES) | st.sets(agency_st, min_size=1, max_size=1),
    st.sets(st.sampled_from(sorted(set(CATEGORY.values()))), min_size=1, max_size=5),
    st.sampled_from([AgreementStatus.ACTIVE] * 4 + [AgreementStatus.DRAFT, AgreementStatus.SUSPENDED,
                                                    AgreementStatus.ENDED]),
    st.sampled_from(sorted(WINDOWS)),
)
# Records other than ASB casework: (model index among the first four, owner).
record_st = st.tuples(st.integers(0, 3), agency_st)
# A warning or notice: (owner, index of its case or None).
notice_st = st.tuples(agency_st, st.none() | st.integers(0, 9))
# A task on a case: (case index, assignee, done); the assignee is ("actor", actor index), the task then
# being for that actor's agency, or ("agency", agency) with nobody named.
task_st = st.tuples(st.integers(0, 9), st.tuples(st.just("actor"), st.integers(0, 2))
                    | st.tuples(st.just("agency"), agency_st), st.booleans())
# A grantee: ("actor", actor index), ("colleague", agency) or ("agency", agency).
grantee_st = (st.tuples(st.just("actor"), st.integers(0, 2)) | st.tuples(st.just("colleague"), agency_st)
              | st.tuples(st.just("agency"), agency_st))
# A grant: (record index, grantee, state, content type index or None for the record's own type).
grant_st = st.tuples(st.integers(0, 20), grantee_st, st.sampled_from(sorted(GRANT_STATES)),
                     st.none() | st.none() | st.integers(0, len(MODELS) - 1))
READS_PERSONAL_DATA = [role for role in Role if has_permission(role, "personal.view")]
actor_st = st.tuples(agency_st, st.sampled_from(READS_PERSONAL_DATA * 2 + list(Role)),
                     st.sampled_from([True, True, True, False]))


@dataclass
class Partnership:
    """The rows of one example as plain data: what the oracle reads."""

    agencies: list
    actors: list
    records: list
    #: (party agency ids, categories, status, start date, end date)
    agreements: list = field(default_factory=list)
    #: (model named, object id, grantee user id, grantee agency id, expires at, revoked at)
    grants: list = field(default_factory=list)
    #: (case id, assigned agency id, assigned user id or None, done)
    tasks: list = field(default_factory=list)


def _person(owner):
    return PersonFactory(owner_agency=owner)


def _make_record(model_index, owner, number):
    model = MODELS[model_index]
    if model is Person:
        return _person(owner)
    if model is Victimisation:
        return Victimisation.objects.create(owner_agency=owner, person=_person(owner), kind=VictimisationKind.ASB,
                                            occurred_on=dt.date(2025, 1, 1 + number % 28))
    if model is Referral:
        return Referral.objects.create(owner_agency=owner, person=_person(owner), service=Service.VICTIM_SUPPORT,
                                       referred_on=dt.date(2025, 2, 1), consent_given=True)
    return CohortMembership.objects.create(owner_agency=owner, person=_person(owner), cohort="iom",
                                           started_on=dt.date(2025, 3, 1))


def _make_notice(owner, case):
    issued = dt.date(2025, 4, 1)
    return ProtectionNotice.objects.create(
        owner_agency=owner, kind=NoticeKind.WARNING, case=case, recipient_name="Pat Loud", address="1 Demo Street",
        conduct="Loud music", conditions="Stop it", issued_on=issued, comply_by=issued + dt.timedelta(days=14),
        expires_on=issued + dt.timedelta(days=180))


def build(spec) -> Partnership:
    """Store one drawn partnership and return it as plain data."""
    today, now = timezone.localdate(), timezone.now()
    agencies = [AgencyFactory() for _ in range(AGENCIES)]
    actors = [UserFactory(agency=agencies[a], role=role, is_active=active) for a, role, active in spec["actors"]]
    world = Partnership(agencies=agencies, actors=actors, records=[])
    for parties, categories, status, window in spec["agreements"]:
        start, end, review = WINDOWS[window]
        start_date = today + dt.timedelta(days=start)
        end_date = None if end is None else today + dt.timedelta(days=end)
        AgreementFactory(parties=[agencies[i] for i in parties], data_categories=sorted(categories), status=status,
                         start_date=start_date, end_date=end_date, review_date=today + dt.timedelta(days=review))
        world.agreements.append(({agencies[i].pk for i in parties}, set(categories), status, start_date, end_date))
    world.records += [_make_record(m, agencies[owner], n) for n, (m, owner) in enumerate(spec["records"])]
    cases = [AsbCase.objects.create(owner_agency=agencies[owner], title="Noise", location="Demo Court")
             for owner in spec["cases"]]
    world.records += cases
    for owner, case_index in spec["notices"]:
        case = cases[case_index % len(cases)] if cases and case_index is not None else None
        world.records.append(_make_notice(agencies[owner], case))
    for case_index, (kind, who), done in spec["tasks"] if cases else ():
        case = cases[case_index % len(cases)]
        officer = actors[who % len(actors)] if kind == "actor" else None
        agency = officer.agency if officer else agencies[who]
        Task.objects.create(case=case, title="Visit", assigned_agency=agency, assigned_to=officer, due_on=today,
                            done_on=today if done else None)
        world.tasks.append((case.pk, agency.pk, officer.pk if officer else None, done))
    granter = UserFactory(agency=agencies[0], role=Role.MANAGER)
    for record_index, (kind, who), state, type_index in spec["grants"] if world.records else ():
        record = world.records[record_index % len(world.records)]
        model = type(record) if type_index is None else MODELS[type_index]
        if kind == "actor":
            grantee = {"grantee_user": actors[who % len(actors)]}
        elif kind == "colleague":
            grantee = {"grantee_user": UserFactory(agency=agencies[who], role=Role.MANAGER)}
        else:
            grantee = {"grantee_agency": agencies[who]}
        minutes, revoked = GRANT_STATES[state]
        grant = AccessGrant.objects.create(
            content_type=ContentType.objects.get_for_model(model), object_id=record.pk, reason="Joint case",
            granted_by=granter, expires_at=None if minutes is None else now + dt.timedelta(minutes=minutes),
            revoked_at=now if revoked else None, **grantee)
        world.grants.append((model, record.pk, grant.grantee_user_id, grant.grantee_agency_id, grant.expires_at,
                             grant.revoked_at))
    return world


# The oracle -------------------------------------------------------------------------------------------

def expected_relationships(world: Partnership, actor, record) -> set[str]:
    """Every relationship by which ``actor`` reaches ``record``, from docs/security.md."""
    today, now = timezone.localdate(), timezone.now()
    model, agency = type(record), actor.agency_id
    found = set()
    if record.owner_agency_id == agency:
        found.add("own")
    for parties, categories, status, start, end in world.agreements:
        # Active from its start date, while its status is Active, until (and including) its end date; a late
        # review does not stop sharing.
        active = status == AgreementStatus.ACTIVE and start <= today and (end is None or today <= end)
        if active and {agency, record.owner_agency_id} <= parties and CATEGORY[model] in categories:
            found.add("agreement")
    for granted_model, object_id, user_id, agency_id, expires, revoked in world.grants:
        current = revoked is None and (expires is None or expires > now)
        names_actor = user_id == actor.pk or agency_id == agency
        if current and names_actor and (granted_model, object_id) == (model, record.pk):
            found.add("grant")
    # Casework: the officer named on an open task of an ASB case takes part in the case and its warnings
    # and notices while the task is open. A done task, or one for an agency with nobody named, gives nothing;
    # the officer's colleagues get nothing either.
    case_id = record.pk if model is AsbCase else record.case_id if model is ProtectionNotice else None
    for task_case, _agency, user_id, done in world.tasks:
        if case_id is not None and task_case == case_id and user_id == actor.pk and not done:
            found.add("association")
    return found


def expected_can(world: Partnership, actor, action: str, record) -> bool:
    if not (actor.is_active and has_permission(actor.role, PERMISSION[action])):
        return False
    found = expected_relationships(world, actor, record)
    if action == "change":
        found -= READ_ONLY_RELATIONSHIPS
    if action == "grant":
        # only the agency holding a record widens access to it
        found &= {"own"}
    return bool(found)


def check(world: Partnership) -> None:
    for actor in world.actors:
        # One decision for every record of every model at once, as a page showing many records asks.
        decisions = decide(actor, world.records)
        for model in MODELS:
            records = [r for r in world.records if type(r) is model]
            queryset = model.objects.filter(pk__in=[r.pk for r in records])
            for action in ACTIONS:
                expected = {r.pk for r in records if expected_can(world, actor, action, r)}
                where = (actor.role, actor.is_active, model.__name__, action)
                assert set(scope(actor, queryset, action).values_list("pk", flat=True)) == expected, where
                assert {r.pk for r in records if can(actor, action, r)} == expected, where
                assert {r.pk for r in records if decisions[r].allows(action)} == expected, where
            for record in records:
                assert decisions[record].relationships == expected_relationships(world, actor, record), where


partnership_st = st.fixed_dictionaries({
    "actors": st.lists(actor_st, min_size=1, max_size=3),
    "agreements": st.lists(agreement_st, min_size=1, max_size=3),
    "records": st.lists(record_st, min_size=1, max_size=4),
    "cases": st.lists(agency_st, max_size=2),
    "notices": st.lists(notice_st, max_size=2),
    "tasks": st.lists(task_st, max_size=3),
    "grants": st.lists(grant_st, max_size=4),
})


@pytest.mark.django_db
@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=partnership_st)
def test_scope_and_can_give_the_visibility_the_rules_describe(spec):
    note(repr(spec))
    with transaction.atomic():
        world = build(spec)
        for relationship in set().union(*(expected_relationships(world, a, r) for a in world.actors
                                           for r in world.records)):
            event(f"an actor reaches a record by {relationship}")  # see pytest --hypothesis-show-statistics
        check(world)
        transaction.set_rollback(True)


def test_the_oracle_sees_every_relationship_and_policy_agrees(db):
    """Guard against a vacuous property: a fixed partnership in which each relationship holds."""
    spec = {
        "actors": [(0, Role.MANAGER, True), (0, Role.READ_ONLY_PARTNER, True), (0, Role.CASEWORKER, False)],
        # Agency 0 shares person details with 1; a draft agreement with 2 shares nothing.
        "agreements": [({0, 1}, {"person"}, AgreementStatus.ACTIVE, "current"),
                       ({0, 2}, {"person", "asb"}, AgreementStatus.DRAFT, "current")],
        # records 0..3: own person, person shared by agreement, granted person, unrelated person
        "records": [(0, 0), (0, 1), (0, 2), (0, 2)],
        # case 4 has an open task for the manager (and a done one for the partner); case 5 has a done task for
        # the manager and an open one for agency 0 with nobody named: neither counts.
        "cases": [2, 2],
        "notices": [(2, 0), (2, 1)],  # notice 6 on case 4 (association); notice 7 on case 5 (none)
        "tasks": [(0, ("actor", 0), False), (0, ("actor", 1), True), (1, ("actor", 0), True),
                  (1, ("agency", 0), False)],
        "grants": [(2, ("agency", 0), "open", None), (3, ("agency", 0), "expired", None)],
    }
    world = build(spec)
    manager, partner, inactive = world.actors
    relationships = [expected_relationships(world, manager, r) for r in world.records]
    # The own agency is a party to the agreement too, so its own person record is reached both ways.
    assert relationships == [{"own", "agreement"}, {"agreement"}, {"grant"}, set(), {"association"}, set(),
                             {"association"}, set()]
    check(world)
    # Spot checks a reader can follow: change needs own or association; no personal data when inactive.
    assert [can(manager, "change", r) for r in world.records] == [True, False, False, False, True, False, True,
                                                                  False]
    assert can(partner, "view", world.records[1]) and not can(partner, "export", world.records[1])
    # The manager's task does not open the case to a colleague of the same agency (whose own task is done).
    assert expected_relationships(world, partner, world.records[4]) == set()
    assert not can(partner, "view", world.records[4]) and not can(partner, "view", world.records[6])
    assert not any(can(inactive, "view", r) for r in world.records)
    for action in ACTIONS:
        assert not scope(AnonymousUser(), Person.objects.all(), action).exists()
        assert not any(can(AnonymousUser(), action, r) for r in world.records)
