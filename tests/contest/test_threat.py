"""The monthly threat assessment: only named readers open it, every read is logged, and the KPI
"produced on time"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.audit.models import AccessAction, AccessEvent, ChangeRecord
from saferplaces.contest import threat
from saferplaces.contest.models import ThreatAssessment
from saferplaces.policy import access
from saferplaces.policy.gate import FORM_MARKER
from saferplaces.policy.services import NamingError, named_reader_add, named_reader_remove
from tests.contest.reporting_builders import CATEGORY, make_assessment, name_reader
from tests.factories import AgencyFactory, AgreementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    """The police hold the assessment; the council shares both Contest categories with them; a health
    trust shares only the ordinary counter-terrorism category."""
    police, council, health = AgencyFactory(short_name="POL"), AgencyFactory(short_name="LA"), AgencyFactory()
    AgreementFactory(parties=[police, council], data_categories=["counter_terrorism", CATEGORY])
    AgreementFactory(parties=[police, health], data_categories=["counter_terrorism"])
    adviser = UserFactory(agency=police, role=Role.CT_ADVISER)
    lead = UserFactory(agency=council, role=Role.CT_LEAD)
    name_reader(lead)
    name_reader(adviser, named_by=lead)
    assessment = make_assessment(police, adviser)
    return {"police": police, "council": council, "health": health, "adviser": adviser, "lead": lead,
            "assessment": assessment}


def _read(client, user, assessment):
    client.force_login(user)
    url = reverse("contest:threat_detail", args=[assessment.pk])
    response = client.get(url)
    if response.status_code == 200 and FORM_MARKER in response.content.decode():
        response = client.post(url, {FORM_MARKER: "1", "reason": "meeting"}, follow=True)
    return response


def _events(assessment, action):
    return list(AccessEvent.objects.filter(record_type="contest.threatassessment", record_id=str(assessment.pk),
                                           action=action))


def test_a_named_reader_in_a_sharing_agency_reads_it_and_the_read_is_logged(client, partnership):
    assessment = partnership["assessment"]
    response = _read(client, partnership["lead"], assessment)
    html = response.content.decode()
    assert response.status_code == 200 and "Test assessment" in html and "named reader" in html
    [event] = _events(assessment, AccessAction.VIEW)
    assert (event.reason, event.basis) == ("meeting", "agreement, named_reader")


def test_a_ct_user_of_the_holding_agency_who_is_not_named_gets_404_logged_as_denied(client, partnership):
    colleague = UserFactory(agency=partnership["police"], role=Role.CT_ADVISER)
    assessment = partnership["assessment"]
    assert _read(client, colleague, assessment).status_code == 404
    assert _events(assessment, AccessAction.VIEW) == []
    assert len(_events(assessment, AccessAction.DENIED)) == 1
    assert not access.scope(colleague, ThreatAssessment.objects.all()).exists()


def test_a_ct_user_under_the_counter_terrorism_agreement_only_gets_404_even_when_named(client, partnership):
    outsider = UserFactory(agency=partnership["health"], role=Role.CT_LEAD)
    name_reader(outsider, named_by=partnership["lead"])
    assert _read(client, outsider, partnership["assessment"]).status_code == 404


def test_a_named_user_whose_role_is_outside_the_category_gets_404(client, partnership):
    caseworker = UserFactory(agency=partnership["police"], role=Role.CASEWORKER)
    name_reader(caseworker, named_by=partnership["lead"])
    assert _read(client, caseworker, partnership["assessment"]).status_code == 404


def test_the_list_shows_a_non_reader_nothing_and_a_reader_the_month(client, partnership):
    colleague = UserFactory(agency=partnership["police"], role=Role.CT_ADVISER)
    client.force_login(colleague)
    html = client.get(reverse("contest:threat_list")).content.decode()
    assert "not a named reader" in html and "January 2025" not in html
    client.force_login(partnership["adviser"])
    assert "January 2025" in client.get(reverse("contest:threat_list")).content.decode()


def test_removing_a_reader_ends_their_access(partnership):
    lead, assessment = partnership["lead"], partnership["assessment"]
    assert access.can(lead, "view", assessment)
    reader = threat.readers()[0 if threat.readers()[0].user == lead else 1]
    named_reader_remove(actor=lead, reader=reader)
    assert not access.can(lead, "view", assessment)


def test_only_keepers_name_readers_and_only_roles_that_read_the_records(partnership):
    coordinator = UserFactory(agency=partnership["council"], role=Role.COORDINATOR)
    caseworker = UserFactory(agency=partnership["council"], role=Role.CASEWORKER)
    with pytest.raises(PermissionDenied):
        named_reader_add(actor=coordinator, category=CATEGORY, user=caseworker, reason="x")
    with pytest.raises(NamingError, match="role does not read"):
        named_reader_add(actor=partnership["lead"], category=CATEGORY, user=caseworker, reason="x")
    with pytest.raises(NamingError, match="already"):
        named_reader_add(actor=partnership["lead"], category=CATEGORY, user=partnership["adviser"], reason="x")
    assert [r.user for r in threat.readers()] == sorted([partnership["lead"], partnership["adviser"]],
                                                        key=lambda u: (u.first_name, u.last_name))


def test_only_a_named_reader_writes_one_and_each_month_once(partnership):
    fields = {"month": dt.date(2025, 2, 14), "national_level": "severe", "national_level_set_on": dt.date(2025, 1, 3),
              "local_assessment": "February", "produced_on": dt.date(2025, 2, 4)}
    stranger = UserFactory(agency=partnership["police"], role=Role.CT_ADVISER)
    with pytest.raises(threat.ThreatError, match="named reader"):
        threat.assessment_record(actor=stranger, **fields)
    made = threat.assessment_record(actor=partnership["adviser"], **fields)
    assert (made.month, made.owner_agency) == (dt.date(2025, 2, 1), partnership["police"])
    with pytest.raises(threat.ThreatError, match="February 2025 is already recorded"):
        threat.assessment_record(actor=partnership["adviser"], **fields)


@override_settings(CONTEST_THREAT_DUE_DAY=5)
def test_produced_on_time_counts_each_month_of_the_period(partnership):
    # January (made by the fixture, produced on the 3rd): on time. February produced on the 5th: on time
    # (the due day itself). March produced on the 6th: late. No assessment for April.
    police, adviser = partnership["police"], partnership["adviser"]
    make_assessment(police, adviser, dt.date(2025, 2, 1), produced_on=dt.date(2025, 2, 5))
    make_assessment(police, adviser, dt.date(2025, 3, 1), produced_on=dt.date(2025, 3, 6))
    assert threat.on_time_share(dt.date(2025, 1, 1), dt.date(2025, 3, 31)) == pytest.approx(200 / 3)
    assert threat.on_time_share(dt.date(2025, 4, 1), dt.date(2025, 4, 30)) == 0.0
    assert threat.on_time_share(dt.date(2025, 1, 1), dt.date(2025, 1, 31)) == 100.0


def test_a_reader_of_the_holding_agency_corrects_an_old_assessment_with_a_reason(client, partnership):
    adviser = partnership["adviser"]
    old = make_assessment(partnership["police"], adviser, dt.date(2020, 1, 1))
    client.force_login(adviser)
    url = reverse("contest:threat_edit", args=[old.pk])
    client.post(url, {FORM_MARKER: "1", "reason": "data_quality"})
    response = client.post(url, {"month": "2020-01-01", "national_level": "severe",
                                 "national_level_set_on": "2019-11-04", "local_assessment": "Corrected",
                                 "produced_on": "2020-01-03", "reason": "Level was misread"})
    assert response.status_code == 302
    old.refresh_from_db()
    assert (old.national_level, old.local_assessment) == ("severe", "Corrected")
    assert ChangeRecord.objects.filter(record_id=str(old.pk), reason="Level was misread").exists()
    # The council's lead reads it under the agreement but may not change it: not their agency's.
    client.force_login(partnership["lead"])
    assert client.get(url).status_code == 404
