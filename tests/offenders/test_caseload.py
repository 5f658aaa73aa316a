"""The caseload: needs change, ETE and attendance measures on hand-worked data, the caseload list and
panels scoped by policy, and the overlap drill-down's scoping."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from saferplaces.audit.models import AccessEvent
from saferplaces.offenders import caseload, casework, selectors, services
from saferplaces.offenders.models import CohortMembership, NeedsAssessment, Programme
from saferplaces.people.models import PersonLink
from saferplaces.plans import measures
from tests.factories import AgreementFactory, PersonFactory


def measure_compute(key, start, end):
    return measures.get(key).compute(start, end)

D = dt.date
TODAY = timezone.localdate()


def test_needs_change_from_the_start_to_the_latest_review(world):
    actor = world.users["caseworker"]
    member = services.membership_create(actor=actor, person=world.people["own"], cohort="iom",
                                        started_on=D(2025, 1, 1))
    start = casework.needs_record(actor=actor, membership=member, assessed_on=D(2025, 1, 10),
                                  scores={"accommodation": 3, "drugs": 2, "ete": 2, "health": None})
    casework.needs_record(actor=actor, membership=member, assessed_on=D(2025, 4, 10),
                          scores={"accommodation": 1, "drugs": 2, "ete": 3})
    casework.needs_record(actor=actor, membership=member, assessed_on=D(2025, 7, 10),
                          scores={"accommodation": 0, "health": 1})
    assert start.kind == "start" and list(member.needs.values_list("kind", flat=True)) == ["start", "review",
                                                                                           "review"]
    rows = {row.pathway: row for row in caseload.needs_change(member.needs.all())}
    assert rows["Accommodation"].scores == (3, 1, 0) and rows["Accommodation"].change == -3
    assert rows["Accommodation"].change_text == "Down 3 (better)"
    assert rows["Drugs"].change == 0 and rows["Drugs"].change_text == "No change"  # 2, 2, not scored
    assert rows["Education, training and employment"].change_text == "Up 1 (worse)"
    assert rows["Health"].change is None  # scored once
    assert NeedsAssessment.objects.get(pk=start.pk).needs() == ["Accommodation", "Education, training and employment",
                                                                "Drugs"]
    with pytest.raises(services.MembershipError, match="before the start assessment"):
        casework.needs_record(actor=actor, membership=member, assessed_on=D(2025, 1, 5), scores={"drugs": 1})
    with pytest.raises(services.MembershipError, match="0, 1, 2 or 3"):
        casework.needs_record(actor=actor, membership=member, assessed_on=D(2025, 8, 1), scores={"drugs": 4})


def test_ete_share_on_hand_worked_data(world):
    """YOS on 30 June 2025: A employed (since May), B was in training then NEET from June, C in education
    from July (after the day: not known), D left the cohort in May, E no record. Known: A, B → 1 of 2."""
    actor = world.users["caseworker"]
    made = [services.membership_create(actor=actor, person=PersonFactory(owner_agency=world.own), cohort="yos",
                                       started_on=D(2025, 1, 1)) for _ in range(5)]
    a, b, c, d, _ = made
    casework.ete_record(actor=actor, membership=a, status="none", since=D(2025, 1, 1))
    casework.ete_record(actor=actor, membership=a, status="employment", since=D(2025, 5, 1))
    casework.ete_record(actor=actor, membership=b, status="training", since=D(2025, 2, 1))
    casework.ete_record(actor=actor, membership=b, status="none", since=D(2025, 6, 1))
    casework.ete_record(actor=actor, membership=c, status="education", since=D(2025, 7, 1))
    casework.ete_record(actor=actor, membership=d, status="education", since=D(2025, 2, 1))
    services.membership_end(actor=actor, membership=d, ended_on=D(2025, 5, 31), exit_reason="moved")
    assert caseload.ete_share("yos", D(2025, 6, 30)) == 50.0
    assert caseload.ete_share("yos", D(2025, 7, 31)) == pytest.approx(66.7)  # A, C in; B not
    assert caseload.ete_share("iom", D(2025, 6, 30)) is None
    assert measure_compute("offenders.ete_share_yos", D(2025, 4, 1), D(2025, 6, 30)) == 50.0


def test_panel_attendance_by_agency_on_hand_worked_data(world):
    """Two IOM panels in the quarter: OWN present at both, PARTNER present then apologies, OTHER absent at
    the first and still "expected" at the second (not recorded). Places recorded 5, present 3 → 60%."""
    actor = world.users["caseworker"]
    first = casework.panel_create(actor=actor, kind="iom", held_on=D(2025, 4, 8),
                                  agencies=[world.partner, world.other])
    second = casework.panel_create(actor=actor, kind="iom", held_on=D(2025, 5, 13),
                                   agencies=[world.partner, world.other])
    casework.panel_create(actor=actor, kind="mappa", held_on=D(2025, 5, 14))  # another kind: not counted
    for panel, partner in ((first, "present"), (second, "apologies")):
        casework.panel_attendance_record(actor=actor, panel=panel, agency=world.own, status="present")
        casework.panel_attendance_record(actor=actor, panel=panel, agency=world.partner, status=partner)
    casework.panel_attendance_record(actor=actor, panel=first, agency=world.other, status="absent")
    assert caseload.attendance_by_agency("iom", D(2025, 4, 1), D(2025, 6, 30)) == {
        "OTHER": (0, 1), "OWN": (2, 2), "PARTNER": (1, 2)}
    assert caseload.attendance_rate("iom", D(2025, 4, 1), D(2025, 6, 30)) == 60.0
    assert measure_compute("offenders.panel_attendance_iom", D(2025, 4, 1), D(2025, 6, 30)) == 60.0
    assert measure_compute("offenders.panel_attendance_mappa", D(2025, 4, 1), D(2025, 6, 30)) == 0.0


@pytest.fixture
def shared(world):
    """Own and partner share offender records; other does not. Own: Ann (IOM, high risk) and Bob (IOM);
    partner: Cat (IOM); other: Dan (IOM), hidden."""
    AgreementFactory(parties=[world.own, world.partner], data_categories=["offender"])
    start = TODAY - dt.timedelta(days=60)
    made = {}
    for name, agency in (("Ann", world.own), ("Bob", world.own), ("Cat", world.partner), ("Dan", world.other)):
        person = PersonFactory(owner_agency=agency, forename=name, surname=f"{name}son")
        made[name] = CohortMembership.objects.create(owner_agency=agency, person=person, cohort="iom",
                                                     started_on=start)
    CohortMembership.objects.filter(pk=made["Ann"].pk).update(risk_level="high", strand="fixed")
    return made


def test_caseload_lists_only_visible_members_filters_and_logs(world, shared, client):
    casework.needs_record(actor=world.users["caseworker"], membership=shared["Bob"],
                          assessed_on=TODAY - dt.timedelta(days=10), scores={"accommodation": 3, "drugs": 0})
    client.force_login(world.users["caseworker"])
    html = client.get(reverse("offenders:caseload"), {"reason": "casework"}).content.decode()
    assert "Annson" in html and "Catson" in html and "Danson" not in html
    assert "Accommodation" in html and "Not assessed" in html
    assert (TODAY - dt.timedelta(days=10) + dt.timedelta(days=91)).strftime("%-d %b %Y") in html
    filtered = client.get(reverse("offenders:caseload"), {"reason": "casework", "risk_level": "high"}).content.decode()
    assert "Annson" in filtered and "Bobson" not in filtered
    event = AccessEvent.objects.filter(action="search", path=reverse("offenders:caseload")).order_by("pk").last()
    assert event.detail["risk_level"] == "high" and event.detail["ids"] == [shared["Ann"].pk]
    assert client.get(reverse("offenders:caseload")).content.decode().count("Annson") == 0  # no reason, no list


def test_case_page_shows_decided_beside_suggested_lead_and_needs(world, shared, client):
    actor = world.users["caseworker"]
    services.membership_update(actor=actor, membership=shared["Ann"], strand="fixed", lead_agency=world.partner,
                               lead_reason="Police hold the warrant", iom_lead="probation")
    casework.needs_record(actor=actor, membership=shared["Ann"], assessed_on=TODAY - dt.timedelta(days=50),
                          scores={"alcohol": 2})
    casework.needs_record(actor=actor, membership=shared["Ann"], assessed_on=TODAY - dt.timedelta(days=5),
                          scores={"alcohol": 1})
    casework.intervention_create(actor=actor, membership=shared["Ann"], service_name="Alcohol Service",
                                 provider="Turning Point", pathway="alcohol", referred_on=TODAY - dt.timedelta(days=40))
    client.force_login(actor)
    url = reverse("offenders:case", kwargs={"pk": shared["Ann"].pk})
    client.post(url, {"justification-form": "1", "reason": "casework"})
    html = client.get(url).content.decode()
    assert "Partner Police" in html and "Police hold the warrant" in html  # decided
    assert "Probation" in html and "IOM: the agency the IOM panel assigned leads" in html  # suggested
    assert "Down 1 (better)" in html and "Alcohol Service (Turning Point)" in html


def test_panel_shows_only_members_the_viewer_may_see(world, shared, client):
    actor = world.users["caseworker"]
    panel = casework.panel_create(actor=actor, kind="iom", held_on=TODAY, agencies=[world.partner])
    for name in ("Ann", "Cat", "Dan"):
        casework.panel_case_add(actor=actor, panel=panel, membership=shared[name], discussion=f"About {name}")
    case = panel.cases.get(membership=shared["Ann"])
    casework.panel_action_create(actor=actor, case=case, text="Find a hostel place", action_agency=world.own,
                                 action_owner="Jo, housing officer", due_on=TODAY + dt.timedelta(days=14))
    client.force_login(actor)
    url = reverse("offenders:panel", kwargs={"pk": panel.pk})
    assert "Annson" not in client.get(url).content.decode()  # the list waits for the reason
    html = client.get(url, {"reason": "casework"}).content.decode()
    assert "Annson" in html and "Catson" in html and "Danson" not in html and "About Dan" not in html
    assert "Find a hostel place: Jo, housing officer" in html
    assert AccessEvent.objects.get(record_type="offenders.panelcase").detail["ids"] == [shared["Ann"].pk,
                                                                                        shared["Cat"].pk]


CELL = {"a": "iom", "b": "mappa", "reason": "casework"}


def test_overlap_cell_lists_only_people_seen_in_both_cohorts(world, shared, client):
    """Ann (own) is in IOM and, on a linked record held by other, in MAPPA; Cat (partner) in IOM and MAPPA.
    The caseworker sees Cat's two memberships but not Ann's MAPPA one: only Cat is listed, while the cell
    (an exact figure for those who work the cases, as on the matrix) counts 2."""
    start = TODAY - dt.timedelta(days=60)
    twin = PersonFactory(owner_agency=world.other, forename="Ann", surname="Annson")
    PersonLink.objects.create(person=shared["Ann"].person, person_key="P-ANN")
    PersonLink.objects.create(person=twin, person_key="P-ANN")
    CohortMembership.objects.create(owner_agency=world.other, person=twin, cohort="mappa", started_on=start)
    CohortMembership.objects.create(owner_agency=world.partner, person=shared["Cat"].person, cohort="mappa",
                                    started_on=start)
    period = selectors.quarter_period(TODAY)
    assert selectors.partnership_overlap(period).pairs[("iom", "mappa")] == 2
    rows = selectors.cell_members(actor=world.users["caseworker"], period=period, a="iom", b="mappa")
    assert [row.people[0].forename for row in rows] == ["Cat"]
    client.force_login(world.users["caseworker"])
    html = client.get(reverse("offenders:overlap_cell"), CELL).content.decode()
    assert "shows 2 for this cell" in html and "1 person you may see" in html
    assert "Catson" in html and "Annson" not in html
    event = AccessEvent.objects.get(action="search", path=reverse("offenders:overlap_cell"))
    assert event.detail["people"] == 1 and event.detail["cell"] == ["iom", "mappa"]
    # A viewer who does not work the cases gets the cell as the suppressed matrix shows it, nothing more.
    client.force_login(world.users["read_only_partner"])
    html = client.get(reverse("offenders:overlap_cell"), CELL).content.decode()
    assert "shows &lt;5 for this cell" in html and "shows 2" not in html
    assert client.get(reverse("offenders:overlap_cell"), {"a": "iom", "b": "choir"}).status_code == 404


def test_case_forms_record_needs_referral_outcome_ete_and_place(world, shared, client):
    actor = world.users["caseworker"]
    member = shared["Bob"]
    services.programme_create(actor=actor, name="Starting Over", capacity=30)
    client.force_login(actor)
    base = {"pk": member.pk}
    client.post(reverse("offenders:needs_add", kwargs=base), {"justification-form": "1", "reason": "casework"})
    empty = client.post(reverse("offenders:needs_add", kwargs=base), {"assessed_on": TODAY.isoformat()})
    assert "Score at least one pathway" in empty.content.decode()
    assert client.post(reverse("offenders:needs_add", kwargs=base),
                       {"assessed_on": TODAY.isoformat(), "drugs": "2"}).status_code == 302
    assert client.post(reverse("offenders:intervention_add", kwargs=base),
                       {"service_name": "Drug Service", "referred_on": TODAY.isoformat()}).status_code == 302
    referral = member.interventions.get()
    outcome = reverse("offenders:intervention_outcome", kwargs={"pk": referral.pk})
    client.post(outcome, {"justification-form": "1", "reason": "casework"})
    assert client.post(outcome, {"outcome": "started", "outcome_on": TODAY.isoformat()}).status_code == 302
    assert client.post(reverse("offenders:ete_add", kwargs=base),
                       {"status": "training", "since": TODAY.isoformat()}).status_code == 302
    programme = Programme.objects.get()
    assert client.post(reverse("offenders:place_add", kwargs=base),
                       {"programme": programme.pk, "started_on": TODAY.isoformat()}).status_code == 302
    referral.refresh_from_db()
    assert (member.needs.get().drugs, referral.outcome, member.ete.get().status, member.places.count()) == (
        2, "started", "training", 1)
