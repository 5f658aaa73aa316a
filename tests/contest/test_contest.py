"""The Protect registers: who records and who sees them, the override's reason, the re-assessment
cycle, the hot-spot flag and the measures the plan's KPIs read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.urls import reverse

from saferplaces.audit.models import AccessAction, AccessEvent
from saferplaces.contest import hotspots, measures, selectors, services
from saferplaces.contest.models import Rating, RecommendationStatus, SessionKind, Site
from saferplaces.contest.rules import Tier, Use
from saferplaces.policy import access
from tests.contest.builders import make_assessment, make_session, make_site
from tests.factories import AgencyFactory, AgreementFactory, UserFactory

pytestmark = pytest.mark.django_db
PROCEDURES = {h: (Rating.IN_PLACE, "") for h in ("evacuation", "invacuation", "lockdown", "communication")}


@pytest.fixture
def ct():
    """A council and a police force sharing counter-terrorism records; a health trust outside."""
    council, police, health = AgencyFactory(short_name="WCC"), AgencyFactory(short_name="MPS"), AgencyFactory()
    AgreementFactory(parties=[council, police], data_categories=["counter_terrorism"])
    AgreementFactory(parties=[council, police, health], data_categories=["person"])

    class CT:
        lead = UserFactory(agency=council, role="ct_lead")
        adviser = UserFactory(agency=police, role="ct_adviser")
        coordinator = UserFactory(agency=council, role="coordinator")
        caseworker = UserFactory(agency=council, role="caseworker")
        outsider = UserFactory(agency=health, role="ct_lead")

    CT.council, CT.police = council, police
    return CT


def _site(actor, **fields):
    fields = {"name": "Arcade", "use": Use.ENTERTAINMENT, "capacity": 500, "address": "1 Square",
              "identified_on": dt.date(2025, 4, 1), **fields}
    return services.site_create(actor=actor, **fields)


def test_the_tier_is_computed_on_save_and_an_override_needs_a_reason(ct):
    site = _site(ct.lead, capacity=800)
    assert site.tier == Tier.ENHANCED and site.owner_agency == ct.council
    with pytest.raises(services.ContestError, match="reason"):
        services.site_update(actor=ct.lead, site=site, tier_override=Tier.STANDARD, tier_override_reason=" ")
    site = services.site_update(actor=ct.lead, site=Site.objects.get(pk=site.pk), tier_override=Tier.STANDARD,
                                tier_override_reason="Capacity limited by licence")
    assert site.tier == Tier.STANDARD and site.computed_tier == Tier.ENHANCED
    site = services.site_update(actor=ct.lead, site=site, tier_override="")
    assert site.tier == Tier.ENHANCED and site.tier_override_reason == ""


def test_the_database_refuses_an_override_without_a_reason(ct):
    with pytest.raises(IntegrityError):
        make_site(ct.council, tier_override=Tier.STANDARD)


def test_only_the_ct_roles_record_and_only_the_holder_changes(ct):
    with pytest.raises(PermissionDenied):
        _site(ct.coordinator)
    site = _site(ct.lead)
    with pytest.raises(Http404):  # shared by agreement for reading, not for changing
        services.site_update(actor=ct.adviser, site=site, capacity=100)


def test_scoping_partner_sees_by_agreement_others_get_404(ct):
    site = _site(ct.lead)
    assessment = services.assessment_record(actor=ct.adviser, site=site, assessed_on=dt.date(2025, 5, 1),
                                            findings=PROCEDURES)
    for viewer in (ct.lead, ct.adviser, ct.coordinator):
        assert selectors.assessment_access(actor=viewer, assessment_id=assessment.pk) == assessment
    # a caseworker of the holding agency (personal.view, no contest.view) and a CT lead with no agreement
    for viewer in (ct.caseworker, ct.outsider):
        with pytest.raises(Http404):
            selectors.assessment_access(actor=viewer, assessment_id=assessment.pk)
        assert not selectors.visible_sites(viewer).exists()
    assert AccessEvent.objects.filter(action=AccessAction.DENIED, actor=ct.outsider).count() == 1


def test_the_ct_roles_read_no_personal_data(ct):
    from tests.factories import PersonFactory

    person = PersonFactory(owner_agency=ct.council)
    assert not access.can(ct.lead, "view", person)


def test_an_assessment_rates_the_headings_of_the_tier_and_is_due_again_in_a_year(ct):
    standard = _site(ct.lead)
    with pytest.raises(services.ContestError, match="Lockdown"):
        services.assessment_record(actor=ct.adviser, site=standard, assessed_on=dt.date(2025, 5, 1),
                                   findings={"evacuation": (Rating.IN_PLACE, "")})
    assessment = services.assessment_record(actor=ct.adviser, site=standard, assessed_on=dt.date(2025, 5, 1),
                                            findings=PROCEDURES)
    assert assessment.next_due_on == dt.date(2026, 5, 1) and assessment.owner_agency == ct.police
    assert assessment.findings.count() == 4
    enhanced = _site(ct.lead, capacity=900)
    with pytest.raises(services.ContestError, match="Vehicle mitigation"):
        services.assessment_record(actor=ct.adviser, site=enhanced, assessed_on=dt.date(2025, 5, 1),
                                   findings=PROCEDURES)


def test_recommendations_belong_to_the_assessing_agency(ct):
    site = _site(ct.lead)
    assessment = services.assessment_record(actor=ct.adviser, site=site, assessed_on=dt.date(2025, 5, 1),
                                            findings=PROCEDURES)
    rec = services.recommendation_add(actor=ct.adviser, assessment=assessment, text="Rehearse lockdown",
                                      owner="Duty manager", due_on=dt.date(2025, 8, 1))
    with pytest.raises(Http404):
        services.recommendation_add(actor=ct.lead, assessment=assessment, text="x", owner="y",
                                    due_on=dt.date(2025, 8, 1))
    rec = services.recommendation_update(actor=ct.adviser, recommendation=rec, status=RecommendationStatus.DONE,
                                         due_on=rec.due_on)
    assert not rec.is_open


def test_the_register_flags_sites_never_assessed_or_overdue(ct):
    fresh, stale, never = _site(ct.lead, name="Fresh"), _site(ct.lead, name="Stale"), _site(ct.lead, name="Never")
    make_assessment(fresh, ct.adviser, agency=ct.police, on=dt.date(2025, 5, 1))
    make_assessment(stale, ct.adviser, agency=ct.police, on=dt.date(2024, 1, 1))
    overdue = selectors.overdue(selectors.visible_sites(ct.lead), dt.date(2025, 6, 1))
    assert {s.name for s in overdue} == {"Stale", "Never"}
    assert stale.pk not in {s.pk for s in selectors.overdue(selectors.visible_sites(ct.lead), dt.date(2024, 6, 1))}
    assert never.pk in {s.pk for s in overdue}


def test_hot_spot_flag_uses_persistent_cells_only():
    # One persistent 200 m cell around Leicester Square (BNG 529900, 180600) and a Gi* hot cell that is not persistent
    summary = {"hotspots": {"cell_size": 200, "cells": [
        {"x": 529900, "y": 180600, "gistar_class": "hot spot (99%)", "trend_class": "persistent hot spot"},
        {"x": 531900, "y": 180600, "gistar_class": "hot spot (99%)", "trend_class": "emerging hot spot"}]}}
    spots = hotspots.HotSpots(source="test", cells=hotspots.cells_from_summary(summary))
    assert len(spots.cells) == 1
    assert spots.contains(-0.1301, 51.5103)  # Leicester Square
    assert not spots.contains(-0.1014, 51.5105)  # inside the emerging cell only
    assert not spots.contains(None, None)


def test_site_assessment_share_by_quarter_on_hand_worked_data(ct):
    a, b, c = (make_site(ct.council, name=n, identified_on=dt.date(2025, 4, 1)) for n in "abc")
    make_site(ct.council, name="later", identified_on=dt.date(2025, 8, 1))  # not yet identified in Q1
    make_assessment(a, ct.adviser, on=dt.date(2025, 5, 1))
    make_assessment(b, ct.adviser, on=dt.date(2024, 5, 1))  # due again 1 May 2025: lapsed by 30 June
    q1 = (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert measures.sites_identified(*q1) == 3
    assert measures.sites_assessed(*q1) == 1
    assert measures.sites_assessed_share(*q1) == 33.3
    make_assessment(c, ct.adviser, on=dt.date(2025, 8, 15))
    q2 = (dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    assert measures.sites_assessed_share(*q2) == 50.0  # a and c of four
    assert measures.sites_assessed_share(dt.date(2020, 1, 1), dt.date(2020, 3, 31)) == 0.0


def test_training_measures_on_hand_worked_data(ct):
    make_session(ct.police, dt.date(2025, 4, 10), SessionKind.ACT_AWARENESS, people=20, organisations=["A", "B"])
    make_session(ct.police, dt.date(2025, 5, 10), SessionKind.GRIFFIN, people=5, organisations=["C"])
    make_session(ct.police, dt.date(2025, 6, 10), SessionKind.ACT_STRATEGIC, people=7, organisations=["D", "E", "F"])
    make_session(ct.police, dt.date(2025, 6, 20), SessionKind.FIRE_AWARENESS, people=9, organisations=["G"])
    make_session(ct.police, dt.date(2025, 7, 1), SessionKind.ARGUS, people=100, organisations=["H"])  # next quarter
    q = (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert measures.sessions_held(*q) == 4
    assert measures.people_trained(*q) == 41
    assert measures.organisations_trained(*q) == 7
    assert measures.awareness_sessions(*q) == 2 and measures.awareness_people(*q) == 25
    assert measures.strategic_sessions(*q) == 1 and measures.strategic_organisations(*q) == 3


def test_a_training_session_names_its_organisations(ct):
    with pytest.raises(services.ContestError, match="organisations"):
        services.training_save(actor=ct.adviser, kind=SessionKind.ACT_AWARENESS, held_on=dt.date(2025, 5, 1),
                               venue="Hall", organisations=" \n ", people_trained=3)
    session = services.training_save(actor=ct.adviser, kind=SessionKind.ACT_AWARENESS, held_on=dt.date(2025, 5, 1),
                                     venue="Hall", organisations="Shop A\n\nShop B\n", people_trained=3)
    assert session.organisation_count == 2 and session.owner_agency == ct.police


def test_the_site_register_page_filters_logs_and_flags(client, ct):
    _site(ct.lead, name="Big", capacity=900)
    _site(ct.lead, name="Small", capacity=250)
    client.force_login(ct.adviser)
    response = client.get(reverse("contest:sites"), {"tier": Tier.ENHANCED})
    assert response.status_code == 200
    names = [s.name for s in response.context["page"].object_list]
    assert names == ["Big"]
    event = AccessEvent.objects.filter(action=AccessAction.SEARCH, actor=ct.adviser).get()
    assert event.record_type == "contest.site" and event.detail["results"] == 1


def test_the_home_page_lists_the_registers(client, ct):
    client.force_login(ct.coordinator)
    response = client.get(reverse("contest:home"))
    assert [s.url_name for s in response.context["strands"]["Protect"]] == [
        "contest:sites", "contest:requests", "contest:schemes", "contest:training", "contest:threat_list",
        "contest:deployments"]
    client.force_login(ct.caseworker)
    assert client.get(reverse("contest:home")).status_code == 403
