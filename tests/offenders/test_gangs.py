"""The gangs cohort run lawfully (offenders.gangs): activation on a DPIA and an EIA, marking on the
criteria, three-monthly reviews, removal that erases and lists the exports to recall, and sharing
only by agreements naming "gangs"."""

import datetime as dt
import importlib
import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from saferplaces.accounts.roles import Role
from saferplaces.audit.models import ChangeRecord
from saferplaces.core import files
from saferplaces.offenders import casework, gangs, selectors_gangs, services, services_gangs
from saferplaces.offenders.models import (
    Cohort,
    CohortMembership,
    CohortNote,
    EteRecord,
    ExportItem,
    GangsActivation,
    GangsMark,
    GangsRemoval,
    Intervention,
    NeedsAssessment,
    PanelAction,
    PanelCase,
    Programme,
    ProgrammePlace,
)
from saferplaces.people.notes import note_add, note_correct
from saferplaces.policy import access
from saferplaces.work.selectors import my_work
from tests.factories import AgreementFactory, PersonFactory, UserFactory

D = dt.date
PDF = b"%PDF-1.4 assessment"
FAR, JAN_6, JAN_31 = D(2099, 1, 1), D(2025, 1, 6), D(2025, 1, 31)


def _document(actor, kind, review_on=FAR):
    return services_gangs.document_add(actor=actor, kind=kind, title=f"Our {kind}", author="A. Author, DPO",
                                       dated=D(2025, 1, 2), review_on=review_on, file_name=f"{kind}.pdf", data=PDF)


@pytest.fixture
def activated(world):
    dpo = world.users["dpo"]
    return services_gangs.cohort_activate(actor=dpo, dpia=_document(dpo, "dpia"), eia=_document(dpo, "eia"))


def _clock(monkeypatch, day):
    monkeypatch.setattr(timezone, "localdate", lambda *args: day)


def _add(world, mark="perpetrator", criteria=("P1", "P3"), today=JAN_31):
    person = PersonFactory(owner_agency=world.own, forename="Kai", surname="Marked")
    return services_gangs.member_add(actor=world.users["caseworker"], person=person, started_on=JAN_6, mark=mark,
                                     criteria=list(criteria), notes="Met at the youth club", today=today)


def test_my_works_overdue_reviews_are_the_first_of_all_in_due_order_whatever_the_limit(world, activated):
    """The bounded read (``limit`` of each kind, the last one's ties) gives the same rows as sorting every
    member the agency holds: unmarked members who joined on the 29th to 31st of November are all due on
    28 February, so a limit that falls among them must still take the lowest ids first."""
    import random

    rng = random.Random(20)
    caseworker = world.users["caseworker"]
    joined = [D(2024, 11, 28), D(2024, 11, 29), D(2024, 11, 30), D(2024, 12, 1), D(2024, 10, 31), D(2025, 1, 31)]
    for i in range(24):
        person = PersonFactory(owner_agency=world.own)
        if i % 4 == 0:  # marked on a day of its own: due three months later
            marked_on = D(2024, 10, 1) + dt.timedelta(days=rng.randrange(90))
            services_gangs.member_add(actor=caseworker, person=person, started_on=D(2024, 10, 1), mark="at_risk",
                                      criteria=["V4"], notes="", today=marked_on)
        else:
            CohortMembership.objects.create(owner_agency=world.own, person=person, cohort=Cohort.GANGS,
                                            started_on=rng.choice(joined))
    on = D(2025, 5, 15)
    held = selectors_gangs.visible_members(caseworker, "change").filter(owner_agency_id=world.own.pk)
    every = sorted(((m, selectors_gangs.review_of(m, on)) for m in held), key=lambda row: (row[1].due, row[0].pk))
    expected = [m.pk for m, review in every if review.overdue]
    assert len(expected) > 10
    for limit in range(1, len(expected) + 2):
        got = selectors_gangs.overdue_reviews(actor=caseworker, on=on, limit=limit)
        assert [m.pk for m, _ in got] == expected[:limit], limit


# --- activation --------------------------------------------------------------------------------

def test_activation_is_refused_without_each_assessment(world):
    dpo = world.users["dpo"]
    dpia, eia = _document(dpo, "dpia"), _document(dpo, "eia")
    for missing in ({"dpia": None, "eia": eia}, {"dpia": dpia, "eia": None}, {"dpia": eia, "eia": dpia}):
        with pytest.raises(services_gangs.GangsError, match="Attach"):
            services_gangs.cohort_activate(actor=dpo, **missing)
    stale = _document(dpo, "eia", review_on=D(2025, 6, 1))
    with pytest.raises(services_gangs.GangsError, match="due for review"):
        services_gangs.cohort_activate(actor=dpo, dpia=dpia, eia=stale)
    theirs = _document(UserFactory(role=Role.DPO), "eia")  # another agency's assessment
    with pytest.raises(services_gangs.GangsError, match="of your agency"):
        services_gangs.cohort_activate(actor=dpo, dpia=dpia, eia=theirs)
    assert not GangsActivation.objects.exists()
    activation = services_gangs.cohort_activate(actor=dpo, dpia=dpia, eia=eia)
    assert (activation.agency, activation.activated_by, activation.dpia, activation.eia) == (world.own, dpo, dpia, eia)


def test_only_the_data_protection_officer_activates(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _document(world.users["manager"], "dpia")


def test_document_files_are_checked(world):
    with pytest.raises(services_gangs.GangsError, match="PDF"):
        services_gangs.document_add(actor=world.users["dpo"], kind="dpia", title="T", author="A", dated=D(2025, 1, 2),
                                    review_on=D(2026, 1, 2), file_name="dpia.pdf", data=b"\x00\x01binary")


def test_nobody_is_added_before_activation(world, client):
    person = PersonFactory(owner_agency=world.own)
    with pytest.raises(services_gangs.GangsError, match="not activated"):
        services_gangs.member_add(actor=world.users["caseworker"], person=person, started_on=D(2025, 1, 6),
                                  mark="at_risk", criteria=["V1"])
    # Nor through the general cohort form or the cohort-list import.
    with pytest.raises(services.MembershipError, match="gangs cohort's page"):
        services.membership_create(actor=world.users["caseworker"], person=person, cohort="gangs",
                                   started_on=D(2025, 1, 6))
    result = services.memberships_import(actor=world.users["caseworker"], text=(
        ",".join(services.IMPORT_COLUMNS) + "\nG-1,Ann,Example,,,gangs,2025-01-01,,,\n"))
    assert not result.ok and "gangs cohort's page" in str(result.rejected)
    client.force_login(world.users["caseworker"])
    url = reverse("offenders:gangs_member_add", kwargs={"person_pk": person.pk})
    client.post(url, {"justification-form": "1", "reason": "casework"})
    html = client.get(url).content.decode()
    assert "is not activated" in html and 'name="mark"' not in html
    assert not CohortMembership.objects.exists()


# --- marking -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("mark", "criteria", "problem"), [
    ("at_risk", [], "at least one at-risk criterion"),
    ("perpetrator", ["P3", "P4"], "one of them a charge"),  # intelligence and exploitation alone: no
    ("perpetrator", ["P1"], "at least two"),
    ("perpetrator", ["P1", "V4"], "for the other mark"),
    ("", ["V1"], "Choose"),
])
def test_a_mark_needs_the_criteria(world, activated, mark, criteria, problem):
    with pytest.raises(services_gangs.GangsError, match=problem):
        _add(world, mark=mark, criteria=criteria)
    assert not CohortMembership.objects.exists()


def test_a_marked_member_gets_the_score_and_the_review_date(world, activated):
    membership = _add(world)  # P1 (3) + P3 (2), marked on 31 January
    mark = membership.gangs_mark
    assert (mark.mark, mark.criteria, mark.score) == ("perpetrator", ["P1", "P3"], 5)
    assert (mark.reviewed_on, mark.next_review_on) == (D(2025, 1, 31), D(2025, 4, 30))  # 31 Apr does not exist
    assert (membership.data_category, mark.owner_agency) == ("gangs", world.own)
    assert gangs.score(["V1", "V2", "V3", "V4"]) == 9


def test_the_add_page_marks_the_member(world, activated, client):
    person = PersonFactory(owner_agency=world.own)
    client.force_login(world.users["caseworker"])
    url = reverse("offenders:gangs_member_add", kwargs={"person_pk": person.pk})
    client.post(url, {"justification-form": "1", "reason": "casework"})
    response = client.post(url, {"started_on": "2025-01-06", "mark": "perpetrator", "criteria": ["P3"]})
    assert "A perpetrator mark needs at least two" in response.content.decode()
    response = client.post(url, {"started_on": "2025-01-06", "mark": "at_risk", "criteria": ["V2", "V3"]})
    assert response.status_code == 302
    assert CohortMembership.objects.get(person=person).gangs_mark.score == 5


# --- reviews -----------------------------------------------------------------------------------

def test_overdue_reviews_are_flagged_on_a_fixed_clock(world, activated, client, monkeypatch, settings):
    settings.GANGS = {"REVIEW_GRACE_DAYS": 28}
    membership = _add(world)  # review due 30 April 2025
    assert not selectors_gangs.review_of(membership, D(2025, 4, 30)).overdue
    review = selectors_gangs.review_of(membership, D(2025, 5, 1))
    assert (review.overdue, review.removal_on) == (True, D(2025, 5, 28))
    assert not gangs.removal_due(D(2025, 4, 30), D(2025, 5, 28)) and gangs.removal_due(D(2025, 4, 30), D(2025, 5, 29))
    # My work of the holding agency lists it; a partner's does not.
    assert [m.pk for m, _ in my_work(actor=world.users["caseworker"], on=D(2025, 5, 1))["gangs_reviews"]] == [
        membership.pk]
    assert my_work(actor=world.users["caseworker"], on=D(2025, 4, 30))["gangs_reviews"] == []
    partner = UserFactory(agency=world.partner, role=Role.CASEWORKER)
    assert my_work(actor=partner, on=D(2025, 5, 1))["gangs_reviews"] == []
    _clock(monkeypatch, D(2025, 5, 1))
    client.force_login(world.users["caseworker"])
    html = client.get(reverse("work:my_work")).content.decode()
    assert f"Review gangs cohort membership {membership.pk}" in html and "Marked" not in html  # no name on My work
    html = client.get(reverse("offenders:gangs"), {"reason": "casework", "overdue": "on"}).content.decode()
    assert "Kai Marked" in html and "Overdue" in html and "28 May 2025" in html
    # ... and on the membership: its notes page and the person page.
    url = reverse("offenders:membership_notes", kwargs={"pk": membership.pk})
    client.post(url, {"justification-form": "1", "reason": "casework"})
    html = client.get(url).content.decode()
    assert "30 April 2025: overdue; removed after 28 May 2025 unless reviewed" in html and "Perpetrator" in html
    url = reverse("people:detail", kwargs={"pk": membership.person_id})
    client.post(url, {"justification-form": "1", "reason": "casework"})
    html = client.get(url).content.decode()
    assert "Perpetrator, score 5; review due 30 Apr 2025" in html and "Review overdue" in html
    # A review moves the date three months on and clears the flag.
    services_gangs.mark_review(actor=world.users["caseworker"], membership=membership, mark="at_risk",
                               criteria=["V4"], today=D(2025, 5, 1))
    membership.refresh_from_db()
    assert (membership.gangs_mark.next_review_on, membership.gangs_mark.score) == (D(2025, 8, 1), 1)
    html = client.get(reverse("offenders:gangs"), {"reason": "casework", "overdue": "on"}).content.decode()
    assert "Kai Marked" not in html


# --- removal -----------------------------------------------------------------------------------

def _personal_values(membership, note):
    person = membership.person
    return [person.forename, person.surname, str(person.pk), "Met at the youth club", "perpetrator", "P1",
            note.text, note.file_name, "2025-01-06"]


def test_the_nightly_removal_erases_the_member_and_lists_the_exports(world, activated, client, monkeypatch,
                                                                     settings, django_capture_on_commit_callbacks):
    settings.GANGS = {"REVIEW_GRACE_DAYS": 28}
    membership = _add(world)  # review due 30 April 2025: removed from 29 May
    kept = _add(world, mark="at_risk", criteria=["V1"], today=D(2025, 5, 20))  # reviewed recently: stays
    caseworker = world.users["caseworker"]
    note = note_add(actor=caseworker, model=CohortNote, parent=membership, contact_type="visit",
                    contact_on=D(2025, 1, 20), text="Visited Kai at home about the youth club",
                    file_name="letter.pdf", file_data=b"%PDF-1.4 letter")
    path = files.path_of(note.file_stored_name)
    values = _personal_values(membership, note)
    note_correct(actor=caseworker, note=note, contact_type="visit", contact_on=D(2025, 1, 20),
                 text="Visited Kai at his home about the youth club", reason="Kai Marked asked for a correction")
    # Two exports contain it: the gangs list and the cohort members list (a manager may export).
    manager = world.users["manager"]
    client.force_login(manager)
    _clock(monkeypatch, D(2025, 5, 20))
    assert client.get(reverse("offenders:gangs_export"), {"reason": "casework"}).status_code == 200
    assert client.get(reverse("offenders:members_export"), {"reason": "casework"}).status_code == 200
    assert client.get(reverse("offenders:gangs_export"), {"reason": "casework", "mark": "at_risk"}).status_code == 200
    assert set(ExportItem.objects.values_list("record_type", flat=True)) == {"offenders.cohortmembership"}
    _clock(monkeypatch, D(2025, 5, 28))  # the last day of grace
    out = io.StringIO()
    call_command("gangs_reviews", stdout=out)
    assert "0 gangs cohort member(s) removed" in out.getvalue()
    assert CohortMembership.objects.filter(pk=membership.pk).exists()
    _clock(monkeypatch, D(2025, 5, 29))
    with django_capture_on_commit_callbacks(execute=True):  # the note's file goes once the deletion commits
        call_command("gangs_reviews", stdout=out)
    assert f"membership {membership.pk} removed" in out.getvalue()
    assert not CohortMembership.objects.filter(pk=membership.pk).exists()
    assert CohortMembership.objects.filter(pk=kept.pk).exists()
    assert not CohortNote.objects.filter(pk=note.pk).exists() and not path.exists()
    assert not GangsMark.objects.filter(membership_id=membership.pk).exists()
    removal = GangsRemoval.objects.get()
    assert (removal.membership_id, removal.reason, removal.removed_by) == (membership.pk, "review_overdue", None)
    # The first two exports held it; the third (at-risk members only) did not.
    assert [e.kind for e in removal.exports.order_by("pk")] == ["offenders:gangs_export", "offenders:members_export"]
    # Nothing personal stays in the change history of the membership, its note or its mark.
    history = ChangeRecord.objects.filter(record_type__in=["offenders.cohortmembership", "offenders.cohortnote",
                                                           "offenders.gangsmark"])
    assert history.filter(action="delete").count() == 3
    dumped = json.dumps([[r.before, r.after, r.reason] for r in history])
    for value in values + ["correction"]:
        assert value not in dumped, value
    for record in history.filter(record_type="offenders.cohortmembership"):
        assert set(record.before or record.after) <= {"id", "owner_agency_id", "cohort", "data_category"}


def _casework(world, membership):
    """Every kind of casework on ``membership``: needs, a referral, ETE, a programme place, a panel's
    discussion and its action."""
    actor = world.users["caseworker"]
    casework.needs_record(actor=actor, membership=membership, assessed_on=D(2025, 1, 20), scores={"drugs": 3},
                          notes="Kai Marked uses cannabis daily")
    casework.intervention_create(actor=actor, membership=membership, service_name="Youth mentoring",
                                 referred_on=D(2025, 1, 21), notes="Kai Marked agreed")
    casework.ete_record(actor=actor, membership=membership, status="none", since=D(2025, 1, 6),
                        detail="Excluded from Kai's school")
    programme = Programme.objects.create(name="Starting Over", capacity=30)
    services.place_take(actor=actor, membership=membership, programme=programme, started_on=D(2025, 1, 22))
    panel = casework.panel_create(actor=actor, kind="gangs", held_on=D(2025, 1, 23))
    case = casework.panel_case_add(actor=actor, panel=panel, membership=membership, discussion="Kai Marked at risk")
    casework.panel_action_create(actor=actor, case=case, text="Visit Kai Marked at home", action_agency=world.own,
                                 action_owner="Youth worker", due_on=D(2025, 2, 1))


CASEWORK = (NeedsAssessment, Intervention, EteRecord, ProgrammePlace, PanelCase, PanelAction)


def test_removal_erases_the_casework_on_the_membership_too(world, activated):
    membership = _add(world)
    _casework(world, membership)
    services_gangs.member_remove(actor=world.users["manager"], membership=membership, reason="criteria_not_met")
    assert not any(model.objects.exists() for model in CASEWORK)
    history = ChangeRecord.objects.filter(record_type__in=[m._meta.label_lower for m in CASEWORK])
    assert history.filter(action="delete").count() == len(CASEWORK)
    dumped = json.dumps([[r.before, r.after] for r in history])
    for value in ("Kai", "cannabis", "Youth mentoring", "school", "at risk", "Youth worker", str(membership.person_id)):
        assert value not in dumped, value


def test_the_casework_on_a_gangs_membership_is_shared_only_by_agreements_naming_gangs(world, activated):
    membership = _add(world)
    _casework(world, membership)
    partner = UserFactory(agency=world.partner, role=Role.CASEWORKER)
    AgreementFactory(parties=[world.own, world.partner], data_categories=["offender"])
    for model in CASEWORK:
        assert not access.scope(partner, model.objects.all()).exists(), model
        assert not access.can(partner, "view", model.objects.get())
    AgreementFactory(parties=[world.own, world.partner], data_categories=["gangs"])
    for model in CASEWORK:
        assert access.scope(partner, model.objects.all()).exists(), model
        assert access.can(partner, "view", model.objects.get())


def test_removal_by_hand_needs_a_reason_and_lists_the_exports(world, activated, client):
    membership = _add(world)
    client.force_login(world.users["manager"])
    client.get(reverse("offenders:gangs_export"), {"reason": "casework"})
    url = reverse("offenders:gangs_remove", kwargs={"pk": membership.pk})
    client.post(url, {"justification-form": "1", "reason": "casework"})
    assert "Select why the person is removed" in client.post(url, {}).content.decode()
    html = client.post(url, {"reason": "criteria_not_met"}).content.decode()
    assert "Removed from the gangs cohort" in html and "Export " in html and world.users["manager"].display_name in html
    assert not CohortMembership.objects.filter(pk=membership.pk).exists()
    assert GangsRemoval.objects.get().removed_by == world.users["manager"]
    client.force_login(world.users["dpo"])  # the DPO sees the removal and the export to recall
    html = client.get(reverse("offenders:gangs_activation")).content.decode()
    assert f"<td class=\"govuk-table__cell\">{membership.pk}</td>" in html and "No longer meets the criteria" in html


# --- sharing -----------------------------------------------------------------------------------

def test_gangs_memberships_are_shared_only_by_agreements_naming_gangs(world, activated):
    membership = _add(world)
    partner = UserFactory(agency=world.partner, role=Role.CASEWORKER)
    AgreementFactory(parties=[world.own, world.partner], data_categories=["offender"])
    assert not access.can(partner, "view", membership)
    assert not access.scope(partner, CohortMembership.objects.all()).filter(pk=membership.pk).exists()
    AgreementFactory(parties=[world.own, world.partner], data_categories=["gangs"])
    assert access.can(partner, "view", membership) and not access.can(partner, "change", membership)
    assert access.scope(partner, CohortMembership.objects.all()).filter(pk=membership.pk).exists()
    assert "share gangs cohort" in access.explain(partner, membership)[0].text


def test_the_data_migration_narrows_existing_gangs_memberships_to_the_gangs_category(world):
    person = PersonFactory(owner_agency=world.own)
    gangs_member = CohortMembership.objects.create(owner_agency=world.own, person=person, cohort="gangs",
                                                   started_on=D(2024, 1, 1))
    iom = CohortMembership.objects.create(owner_agency=world.own, person=person, cohort="iom",
                                          started_on=D(2024, 1, 1))
    CohortMembership.objects.filter(pk=gangs_member.pk).update(data_category="offender")  # as before the change
    partner = UserFactory(agency=world.partner, role=Role.CASEWORKER)
    AgreementFactory(parties=[world.own, world.partner], data_categories=["offender"])
    assert access.scope(partner, CohortMembership.objects.all()).count() == 2
    importlib.import_module("saferplaces.offenders.migrations.0006_gangs_category").to_gangs(apps, None)
    assert list(access.scope(partner, CohortMembership.objects.all())) == [iom]  # no longer sees it
    assert access.scope(world.users["caseworker"], CohortMembership.objects.all()).count() == 2  # the owner does
