"""Case management of a cohort membership: strand, decided lead with reason, risk, exit reason, and
programme places within capacity."""

import datetime as dt

import pytest
from django.urls import reverse

from saferplaces.audit.models import ChangeRecord
from saferplaces.offenders import services
from saferplaces.offenders.forms import CaseManagementForm, MembershipForm
from saferplaces.offenders.models import CohortMembership, ProgrammePlace
from tests.factories import PersonFactory

D = dt.date


@pytest.fixture
def member(world):
    return services.membership_create(actor=world.users["caseworker"], person=world.people["own"], cohort="iom",
                                      started_on=D(2025, 1, 6))


def test_a_membership_records_strand_decided_lead_and_risk(world, member):
    actor = world.users["caseworker"]
    services.membership_update(actor=actor, membership=member, strand="flex", risk_level="high",
                               lead_agency=world.partner, lead_officer="DC Ann Smith, IOM police",
                               lead_reason="Police hold the warrant", iom_lead="police")
    member.refresh_from_db()
    assert (member.strand, member.get_strand_display(), member.risk_level) == ("flex", "Flex", "high")
    assert (member.lead_agency, member.lead_officer, member.iom_lead) == (world.partner, "DC Ann Smith, IOM police",
                                                                         "police")
    assert ChangeRecord.objects.filter(record_type="offenders.cohortmembership", record_id=str(member.pk)).count() == 2


@pytest.mark.parametrize("fields, message", [
    ({"strand": "level2"}, "not one of the IOM cohort's strands"),  # a MAPPA level is not an IOM strand
    ({"lead_agency": "partner"}, "Give the reason this agency leads"),
    ({"lead_officer": "DC Smith"}, "Choose the lead agency"),
    ({"risk_level": "extreme"}, "Unknown risk level"),
])
def test_case_management_is_checked(world, member, fields, message):
    if fields.get("lead_agency"):
        fields["lead_agency"] = world.partner
    with pytest.raises(services.MembershipError, match=message):
        services.membership_update(actor=world.users["caseworker"], membership=member, **fields)


def test_mappa_keeps_a_level_and_other_cohorts_have_no_strand(world):
    actor = world.users["caseworker"]
    mappa = services.membership_create(actor=actor, person=world.people["own"], cohort="mappa",
                                       started_on=D(2025, 2, 1), strand="level2")
    assert mappa.get_strand_display() == "Level 2: multi-agency"
    with pytest.raises(services.MembershipError, match=r"ASB cohort's strands \(none\)"):
        services.membership_create(actor=actor, person=world.people["own"], cohort="asb", started_on=D(2025, 2, 1),
                                   strand="fixed")


def test_ending_needs_a_reason_and_releases_the_places(world, member):
    actor = world.users["caseworker"]
    programme = services.programme_create(actor=actor, name="Starting Over", capacity=30)
    place = services.place_take(actor=actor, membership=member, programme=programme, started_on=D(2025, 2, 1))
    with pytest.raises(services.MembershipError, match="Select why"):
        services.membership_end(actor=actor, membership=member, ended_on=D(2025, 6, 30), exit_reason="")
    services.membership_end(actor=actor, membership=member, ended_on=D(2025, 6, 30), exit_reason="custody")
    member.refresh_from_db()
    place.refresh_from_db()
    assert (member.ended_on, member.get_exit_reason_display()) == (D(2025, 6, 30), "Long custodial sentence")
    assert place.ended_on == D(2025, 6, 30)
    assert services.places_taken(programme) == 0
    with pytest.raises(services.MembershipError, match="only for a membership that has ended"):
        services.membership_create(actor=actor, person=world.people["own"], cohort="gangs", started_on=D(2025, 1, 1),
                                   exit_reason="moved")


def test_programme_capacity_is_enforced_and_a_released_place_is_free_again(world):
    actor = world.users["caseworker"]
    programme = services.programme_create(actor=actor, name="Starting Over", capacity=2, provider="St Mungo's")
    members = [services.membership_create(actor=actor, person=PersonFactory(owner_agency=world.own), cohort="iom",
                                          started_on=D(2025, 1, 1)) for _ in range(3)]
    first = services.place_take(actor=actor, membership=members[0], programme=programme, started_on=D(2025, 2, 1))
    with pytest.raises(services.MembershipError, match="already holds a place"):
        services.place_take(actor=actor, membership=members[0], programme=programme, started_on=D(2025, 2, 2))
    services.place_take(actor=actor, membership=members[1], programme=programme, started_on=D(2025, 2, 1))
    with pytest.raises(services.ProgrammeFull, match="Starting Over is full: 2 of 2 places are taken"):
        services.place_take(actor=actor, membership=members[2], programme=programme, started_on=D(2025, 2, 1))
    services.place_release(actor=actor, place=first, ended_on=D(2025, 3, 31))
    services.place_take(actor=actor, membership=members[2], programme=programme, started_on=D(2025, 4, 1))
    assert services.places_taken(programme) == 2
    assert ProgrammePlace.objects.filter(programme=programme).count() == 3
    with pytest.raises(services.MembershipError, match="already a programme called"):
        services.programme_create(actor=actor, name="starting over", capacity=5)


def test_places_need_the_change_permission(world, member):
    programme = services.programme_create(actor=world.users["caseworker"], name="Starting Over", capacity=30)
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        services.place_take(actor=world.users["analyst"], membership=member, programme=programme,
                            started_on=D(2025, 2, 1))


def test_membership_form_checks_strand_lead_and_exit_reason(world):
    form = MembershipForm({"cohort": "asb", "started_on": "2025-01-01", "ended_on": "2025-02-01", "strand": "fixed",
                           "lead_agency": world.partner.pk})
    assert not form.is_valid()
    assert form.errors["strand"] == ["Select a strand of the cohort chosen, or no strand"]
    assert form.errors["lead_reason"] == ["Enter why this agency leads"]
    assert form.errors["exit_reason"] == ["Select why the membership ended"]
    mappa = CaseManagementForm({"strand": "fixed"}, cohort="mappa")
    assert not mappa.is_valid() and "strand" in mappa.errors and "iom_lead" not in mappa.fields
    assert "strand" not in CaseManagementForm(cohort="asb").fields


def test_add_to_a_cohort_with_strand_and_lead_from_the_form(world, client):
    person = world.people["own"]
    client.force_login(world.users["caseworker"])
    url = reverse("offenders:membership_create", kwargs={"person_pk": person.pk})
    client.post(url, {"justification-form": "1", "reason": "casework"})
    response = client.post(url, {"cohort": "iom", "started_on": "2025-05-01", "strand": "fixed", "risk_level": "medium",
                                 "lead_agency": world.own.pk, "lead_officer": "Jo Bloggs, IOM probation officer",
                                 "lead_reason": "Probation supervise the licence"})
    assert response.status_code == 302
    created = CohortMembership.objects.get(person=person)
    assert (created.strand, created.risk_level, created.lead_agency) == ("fixed", "medium", world.own)
    end = reverse("offenders:membership_end", kwargs={"pk": created.pk})
    client.post(end, {"justification-form": "1", "reason": "casework"})
    assert "Select why the membership ended" in client.post(end, {"ended_on": "2025-06-30"}).content.decode()
    assert client.post(end, {"ended_on": "2025-06-30", "exit_reason": "moved"}).status_code == 302
    created.refresh_from_db()
    assert created.exit_reason == "moved"
