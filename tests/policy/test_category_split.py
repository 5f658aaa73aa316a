"""The finer data categories (issue 17): their class in law, and the migration that splits them.

The proof: a partnership of five agencies, users of several roles in each, agreements, grants and
records in the coarse categories as they were. Everything each user may view, change and export is
recorded (``policy.access.scope`` over every protected model), with the DASH answers each user is shown;
then the two migrations of the split run; then the same is recorded again. Every user reaches exactly the
same records, and sees the DASH answers on exactly the same referrals except the intended narrowing
(documented in the policy migration and docs/categories.md), which is asserted pair by pair.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.offenders.models import CohortMembership, NeedsAssessment
from saferplaces.policy import access
from saferplaces.policy.categories import (
    CATEGORIES,
    CATEGORY_CLASSES,
    CRIMINAL,
    LEGAL_CLASSES,
    NOT_PERSONAL,
    PERSONAL,
    SPECIAL,
    category_choices,
    category_class,
)
from saferplaces.policy.forms import AgreementForm
from saferplaces.policy.models import AccessGrant, AgreementStatus, InformationSharingAgreement, Protected
from saferplaces.victims import dash
from saferplaces.victims.models import Referral, Service, Victimisation
from tests.factories import AgencyFactory, AgreementFactory, PersonFactory, UserFactory

D = dt.date
ROLES = (Role.CASEWORKER, Role.READ_ONLY_PARTNER, Role.ANALYST)  # writes, reads only, reads no records
ACTIONS = ("view", "change", "export")
MIGRATIONS = ("_cats_split_categories", "_cats_youth_justice")


# --- the class of each category ------------------------------------------------------------------

def test_every_category_has_exactly_one_class_in_law():
    assert set(CATEGORY_CLASSES) == set(CATEGORIES)
    assert set(LEGAL_CLASSES.values()) == {PERSONAL, SPECIAL, CRIMINAL, NOT_PERSONAL}
    assert {code: category_class(code).code for code in CATEGORIES} == {
        "person": "personal", "asb": "personal",
        "victim": "criminal_offence", "offender": "criminal_offence", "enforcement": "criminal_offence",
        "gangs": "criminal_offence", "youth_justice": "criminal_offence",
        "marac": "special_category", "domestic_abuse": "special_category", "health": "special_category",
        "counter_terrorism": "not_personal", "counter_terrorism_restricted": "not_personal",
    }
    with pytest.raises(KeyError):
        category_class("no_such_category")


def test_the_split_categories_are_offered_with_their_class_and_the_law(db):
    choices = dict(category_choices())
    assert choices["domestic_abuse"].endswith("(special category data)")
    assert choices["youth_justice"].endswith("(criminal offence data)")
    assert choices["health"] == "Health: physical and mental health, drug and alcohol needs (special category data)"
    assert "Article 9" in SPECIAL.law and "Article 10" in CRIMINAL.law and "s.11(2)" in CRIMINAL.law
    form = AgreementForm(actor=UserFactory(role=Role.DPO))
    assert dict(form.fields["data_categories"].choices) == choices


def test_an_agreement_page_shows_each_category_with_its_class(db, client):
    dpo = UserFactory(role=Role.DPO)
    agreement = AgreementFactory(parties=[dpo.agency, AgencyFactory()], data_categories=["victim", "domestic_abuse"])
    assert agreement.category_classes() == [
        ("Victim records and referrals", "Criminal offence data"),
        (CATEGORIES["domestic_abuse"], "Special category data"),
    ]
    client.force_login(dpo)
    html = client.get(reverse("policy:isa_detail", args=[agreement.pk])).content.decode()
    assert 'govuk-tag--grey">Special category data</strong>' in html
    assert 'govuk-tag--grey">Criminal offence data</strong>' in html


# --- the migration changes no one's access but as intended ---------------------------------------

def _protected_models() -> list[type[Protected]]:
    return sorted((m for m in apps.get_models() if issubclass(m, Protected)), key=lambda m: m._meta.label)


def _record_access(users) -> dict:
    """user → action → model label → the ids of the records the user may do the action to."""
    seen = {}
    with access.remembering_agreements():  # nothing changes in here: each agency's agreements read once
        for user in users:
            seen[user.username] = {action: {model._meta.label: set(access.scope(user, model.objects.all(), action)
                                                                   .values_list("pk", flat=True))
                                            for model in _protected_models()}
                                   for action in ACTIONS}
    return seen


def _dash_shown(users, referrals, *, split: bool) -> set[tuple[str, int]]:
    """(user, referral) for each referral with DASH answers whose answers the user is shown. Before the
    split the answers were shown with the referral to whoever could view it; after it, only where
    ``hidden_parts`` does not hide them."""
    shown = set()
    for user in users:
        decisions = access.decide(user, referrals)
        for referral in referrals:
            decision = decisions[referral]
            if decision.allows("view") and (not split or "dash_answers" not in access.hidden_parts(decision)):
                shown.add((user.username, referral.pk))
    return shown


def _run_split_migrations() -> list[str]:
    """Run this change's data migrations, found in the project's migration graph, in their order.

    They change data only, so they run forwards on the test's own rows with today's models, without
    taking the schema back and forth (which would also unapply every later migration of other apps).
    """
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    ours = [key for key in graph.nodes if key[1].endswith(MIGRATIONS)]
    leaves = [key for key in ours if not {child.key for child in graph.node_map[key].children} & set(ours)]
    plan = [key for key in graph.forwards_plan(leaves[0]) if key in ours]
    for key in plan:
        for operation in graph.nodes[key].operations:
            operation.code(apps, None)
    return [name for _, name in plan]


@pytest.fixture
def partnership(db):
    agencies = {name: AgencyFactory(name=name, short_name=name) for name in ("POL", "WCC", "CWH", "VS", "YOT")}
    users = [UserFactory(username=f"{role.value}.{name}", agency=agency, role=role)
             for name, agency in agencies.items() for role in ROLES]
    # The agreements in the coarse categories, as they were before the split.
    AgreementFactory(parties=[agencies[n] for n in ("POL", "WCC", "CWH", "VS")],
                     data_categories=["person", "victim", "asb", "enforcement"])
    marac = AgreementFactory(parties=[agencies[n] for n in ("POL", "WCC", "VS")], data_categories=["marac"])
    offenders = AgreementFactory(parties=[agencies[n] for n in ("POL", "WCC", "YOT")], data_categories=["offender"])
    draft = AgreementFactory(parties=[agencies["CWH"], agencies["YOT"]], data_categories=["offender", "victim"],
                             status=AgreementStatus.DRAFT)
    gangs = AgreementFactory(parties=[agencies["VS"], agencies["YOT"]], data_categories=["gangs"])
    people = {name: PersonFactory(owner_agency=agency, forename=name) for name, agency in agencies.items()}

    def referral(owner, answers):
        return Referral.objects.create(owner_agency=agencies[owner], person=people[owner], service=Service.MARAC,
                                       referred_on=D(2025, 2, 1), consent_given=True, dash_answers=answers,
                                       dash_score=len(answers or []), professional_judgement=answers is None,
                                       judgement_reason="Escalating threats" if answers is None else "")

    referrals = {"pol": referral("POL", dash.CODES[:15]), "pol_granted": referral("POL", dash.CODES[:16]),
                 "cwh": referral("CWH", dash.CODES[:14]), "vs": referral("VS", dash.CODES[:18]),
                 "wcc_judgement": referral("WCC", None)}
    AccessGrant.objects.create(record=referrals["pol_granted"], grantee_agency=agencies["CWH"],
                               reason="Housing safeguarding meeting", granted_by=users[0])
    for owner in ("POL", "CWH"):
        Victimisation.objects.create(owner_agency=agencies[owner], person=people[owner], kind="domestic_abuse",
                                     occurred_on=D(2025, 1, 30))
    memberships = {cohort: CohortMembership.objects.create(owner_agency=agencies[owner], person=people[owner],
                                                           cohort=cohort, started_on=D(2025, 1, 1))
                   for cohort, owner in (("yos", "WCC"), ("iom", "POL"), ("gangs", "YOT"))}
    CohortMembership.objects.filter(cohort="yos").update(data_category="offender")  # as the row was
    NeedsAssessment.objects.create(owner_agency=agencies["WCC"], membership=memberships["yos"],
                                   assessed_on=D(2025, 1, 10), kind="start", ete=2, health=1)
    return {"agencies": agencies, "users": users, "referrals": referrals, "memberships": memberships,
            "agreements": {"marac": marac, "offenders": offenders, "draft": draft, "gangs": gangs}}


def test_the_split_changes_no_ones_access_except_the_dash_answers_it_means_to_hide(partnership):
    users, referrals = partnership["users"], list(partnership["referrals"].values())
    with_answers = [r for r in referrals if r.dash_answers]
    before_records = _record_access(users)
    before_dash = _dash_shown(users, with_answers, split=False)

    assert len(_run_split_migrations()) == 2

    # The records moved and the agreements gained what they covered, no more.
    yos = partnership["memberships"]["yos"]
    yos.refresh_from_db()
    assert yos.data_category == "youth_justice"
    assert {c.cohort: c.data_category for c in CohortMembership.objects.all()} == {
        "yos": "youth_justice", "iom": "offender", "gangs": "gangs"}
    agreements = {name: InformationSharingAgreement.objects.get(pk=a.pk)
                  for name, a in partnership["agreements"].items()}
    assert {name: a.data_categories for name, a in agreements.items()} == {
        "marac": ["marac", "domestic_abuse"], "offenders": ["offender", "youth_justice"],
        "draft": ["offender", "victim", "youth_justice"], "gangs": ["gangs"]}
    assert [a.data_categories for a in InformationSharingAgreement.objects.all() if "victim" in a.data_categories] == [
        ["person", "victim", "asb", "enforcement"], ["offender", "victim", "youth_justice"]]  # no DASH answers

    # Every user reaches the same records by every action, the YOS membership and its needs included.
    after_records = _record_access(users)
    assert after_records == before_records
    wcc_yos = before_records["caseworker.POL"]["view"]["offenders.CohortMembership"]
    assert yos.pk in wcc_yos and yos.pk not in before_records["caseworker.CWH"]["view"]["offenders.CohortMembership"]

    # The DASH answers: shown to no one new, and hidden exactly where the housing partner (CWH) and the
    # partners it shares victims' records with have no MARAC agreement between them: CWH's staff lose
    # them on POL's and VS's referrals (not on the one POL granted to CWH), POL's, WCC's and VS's on CWH's.
    after_dash = _dash_shown(users, with_answers, split=True)
    assert after_dash <= before_dash
    names = {r.pk: name for name, r in partnership["referrals"].items()}
    narrowed = {(username, names[pk]) for username, pk in before_dash - after_dash}
    viewers = {u.username for u in users if u.has_role_permission("personal.view")}
    assert narrowed == ({(u, ref) for u in viewers if u.endswith(".CWH") for ref in ("pol", "vs")}
                        | {(u, "cwh") for u in viewers if u.endswith((".POL", ".WCC", ".VS"))})
    # What stays: the holder's own staff, the MARAC partners, and the housing partner under its grant.
    kept = {(username, names[pk]) for username, pk in after_dash}
    assert {("caseworker.CWH", "cwh"), ("caseworker.VS", "pol"), ("read_only_partner.WCC", "vs"),
            ("caseworker.CWH", "pol_granted")} <= kept


def test_the_reason_for_professional_judgement_is_hidden_with_the_answers(partnership):
    _run_split_migrations()
    referral = partnership["referrals"]["wcc_judgement"]
    by_name = {u.username: u for u in partnership["users"]}
    hidden = {name: access.hidden_parts(access.decide(by_name[name], [referral])[referral])
              for name in ("caseworker.WCC", "caseworker.VS", "caseworker.CWH", "caseworker.YOT")}
    assert hidden == {"caseworker.WCC": frozenset(), "caseworker.VS": frozenset(),
                      "caseworker.CWH": {"dash_answers", "judgement_reason"},
                      "caseworker.YOT": {"dash_answers", "judgement_reason"}}  # YOT cannot see it at all


def test_the_referral_page_shows_the_dash_answers_only_where_an_agreement_names_domestic_abuse(partnership, client):
    _run_split_migrations()
    referral = partnership["referrals"]["pol"]
    url = reverse("victims:referral_detail", kwargs={"pk": referral.pk})
    first_question = dict(dash.QUESTIONS)[dash.CODES[0]]
    pages = {}
    for name in ("read_only_partner.CWH", "read_only_partner.VS"):
        client.force_login(next(u for u in partnership["users"] if u.username == name))
        client.post(url, {"justification-form": "1", "reason": "casework"})
        pages[name] = client.get(url).content.decode()
    assert first_question not in pages["read_only_partner.CWH"]
    assert "The DASH answers are not shown: they are domestic abuse data" in pages["read_only_partner.CWH"]
    assert "15 of 24" in pages["read_only_partner.CWH"]  # the score stays with the referral
    assert first_question in pages["read_only_partner.VS"]
    assert "not shown" not in pages["read_only_partner.VS"]
