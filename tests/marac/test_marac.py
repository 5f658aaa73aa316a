"""MARAC meetings through the services and pages: the repeat flag, research per agency, actions,
attendance, who sees what (a housing partner without a MARAC agreement sees nothing), the
quarterly return page and the access log."""

import datetime as dt

import pytest
from django.urls import reverse

from saferplaces.accounts.models import AgencyKind
from saferplaces.accounts.roles import Role
from saferplaces.audit.models import AccessAction, AccessEvent
from saferplaces.marac import services
from saferplaces.marac.models import AttendanceStatus, MaracAction, Research
from saferplaces.policy import access
from saferplaces.policy.models import AccessGrant
from tests.factories import AgencyFactory, AgreementFactory, PersonFactory, UserFactory
from tests.marac.builders import MEETING_DAY, marac_referral

pytestmark = pytest.mark.django_db
REASON = {"justification-form": "1", "reason": "casework"}


class Partnership:
    """A council coordinating MARAC, the police (a MARAC agreement), a victim service (listed for the
    meeting, no agreement) and a housing partner (an agreement on victims, not MARAC)."""

    def __init__(self):
        self.council = AgencyFactory(name="Council", short_name="CNCL")
        self.police = AgencyFactory(name="Police", short_name="POL", kind=AgencyKind.POLICE)
        self.victims = AgencyFactory(name="Victim service", short_name="VSV", kind=AgencyKind.VICTIM_SERVICE)
        self.housing = AgencyFactory(name="Housing", short_name="HSG", kind=AgencyKind.HOUSING)
        AgreementFactory(parties=[self.council, self.police], data_categories=["marac"])
        AgreementFactory(parties=[self.council, self.police, self.housing], data_categories=["person", "victim"])
        self.coordinator = UserFactory(agency=self.council, role=Role.MANAGER)
        self.officer = UserFactory(agency=self.police, role=Role.CASEWORKER)
        self.idva = UserFactory(agency=self.victims, role=Role.CASEWORKER)
        self.tenancy = UserFactory(agency=self.housing, role=Role.READ_ONLY_PARTNER)
        self.housing_officer = UserFactory(agency=self.housing, role=Role.CASEWORKER)
        self.person = PersonFactory(owner_agency=self.police, forename="Vera", surname="Victim",
                                    date_of_birth=dt.date(1990, 6, 1), sex="F")
        self.meeting = services.meeting_create(actor=self.coordinator, held_on=MEETING_DAY, chair="Chair",
                                               location="City Hall", agencies=[self.police, self.victims])
        self.referral = marac_referral(self.person, on=dt.date(2025, 2, 20))
        self.case = services.case_add(actor=self.coordinator, meeting=self.meeting, referral=self.referral,
                                      ethnicity="black", children_in_household=2)


@pytest.fixture
def p():
    return Partnership()


def _open(client, user, url):
    client.force_login(user)
    client.post(url, REASON)
    return client.get(url)


def test_repeat_flag_follows_safelives_within_12_months_of_the_last_referral(p):
    assert not p.case.repeat and p.case.previous_referral_on is None
    again = PersonFactory(owner_agency=p.police)
    marac_referral(again, on=dt.date(2024, 2, 20))  # exactly 12 months before: still a repeat
    repeat = services.case_add(actor=p.coordinator, meeting=p.meeting,
                               referral=marac_referral(again, on=dt.date(2025, 2, 20)))
    assert repeat.repeat and repeat.previous_referral_on == dt.date(2024, 2, 20)
    late = PersonFactory(owner_agency=p.police)
    marac_referral(late, on=dt.date(2024, 2, 19))  # a day more than 12 months: a new case
    first = services.case_add(actor=p.coordinator, meeting=p.meeting,
                              referral=marac_referral(late, on=dt.date(2025, 2, 20)))
    assert not first.repeat and first.previous_referral_on == dt.date(2024, 2, 19)


def test_case_takes_the_dataset_from_the_referral_and_person(p):
    assert p.case.victim_name == "Vera Victim"
    assert (p.case.age_band, p.case.gender) == ("25_34", "female")  # 34 on 20 Feb 2025
    assert p.case.referring_agency == p.police and p.case.criterion == "visible_high_risk"
    assert p.case.dash_score == 15 and p.case.ethnicity == "black"


def test_only_the_coordinator_keeps_the_case_list_and_attendance(p):
    with pytest.raises(services.MaracError):
        services.case_add(actor=p.officer, meeting=p.meeting, referral=marac_referral(PersonFactory()))
    with pytest.raises(services.MaracError):
        services.attendance_record(actor=p.officer, meeting=p.meeting, agency=p.housing, status="expected")


def test_each_agency_submits_its_own_research_once(p):
    services.research_submit(actor=p.officer, case=p.case, text="Two call-outs")
    services.research_submit(actor=p.idva, case=p.case, text="In contact")
    services.research_submit(actor=p.officer, case=p.case, text="Three call-outs")  # replaces the police's
    research = {r.owner_agency.short_name: r.text for r in Research.objects.filter(case=p.case)}
    assert research == {"POL": "Three call-outs", "VSV": "In contact"}


def test_research_page_writes_the_viewers_agency_research(client, p):
    url = reverse("marac:research_submit", args=[p.case.pk])
    _open(client, p.idva, url)
    response = client.post(url, {"text": "IDVA allocated"})
    assert response.status_code == 302
    assert Research.objects.get(case=p.case).owner_agency == p.victims


def test_actions_are_completed_by_their_agency_or_the_coordinator(p):
    action = services.action_add(actor=p.coordinator, case=p.case, agency=p.police, owner_user=p.officer,
                                 text="Flag the address", due_on=MEETING_DAY + dt.timedelta(days=7))
    with pytest.raises(services.MaracError):
        services.action_add(actor=p.coordinator, case=p.case, agency=p.victims, owner_user=p.officer, text="x",
                            due_on=MEETING_DAY)
    with pytest.raises(services.MaracError):
        services.action_complete(actor=p.idva, action=action)
    services.action_complete(actor=p.officer, action=action, on=dt.date(2025, 3, 6))
    assert MaracAction.objects.get().done_on == dt.date(2025, 3, 6)


def test_housing_partner_without_a_marac_agreement_sees_nothing(client, p):
    for user in (p.tenancy, p.housing_officer):
        for url in (reverse("marac:meeting_detail", args=[p.meeting.pk]),
                    reverse("marac:case_detail", args=[p.case.pk])):
            client.force_login(user)
            assert client.get(url).status_code == 404
        assert not access.scope(user, type(p.case).objects.all()).exists()
        # ... though the agreement on victims lets them see the referral behind the case.
        assert access.can(user, "view", p.referral)
    assert AccessEvent.objects.filter(action=AccessAction.DENIED, actor=p.tenancy).count() == 2


def test_marac_agencies_see_the_meeting_by_agreement_or_by_attending(client, p):
    services.research_submit(actor=p.officer, case=p.case, text="Two call-outs")
    url = reverse("marac:meeting_detail", args=[p.meeting.pk])
    for user, relationship in ((p.coordinator, "own"), (p.officer, "agreement"), (p.idva, "association")):
        response = _open(client, user, url)
        assert response.status_code == 200, user
        assert b"Vera Victim" in response.content and b"Two call-outs" in response.content
        assert relationship in {r.relationship for r in access.explain(user, p.case)}


def test_an_agency_marked_absent_no_longer_takes_part(client, p):
    services.attendance_record(actor=p.coordinator, meeting=p.meeting, agency=p.victims,
                               status=AttendanceStatus.ABSENT)
    client.force_login(p.idva)
    assert client.get(reverse("marac:case_detail", args=[p.case.pk])).status_code == 404


def test_an_attending_agency_cannot_change_the_list(client, p):
    client.force_login(p.idva)
    for name in ("marac:attendance", "marac:case_add"):
        assert client.get(reverse(name, args=[p.meeting.pk])).status_code == 404


def test_referral_link_shown_only_to_those_who_may_see_the_referral(client, p):
    referral_url = reverse("victims:referral_detail", args=[p.referral.pk]).encode()
    assert referral_url in _open(client, p.officer, reverse("marac:case_detail", args=[p.case.pk])).content
    assert referral_url not in _open(client, p.idva, reverse("marac:case_detail", args=[p.case.pk])).content


def test_case_view_is_logged_with_the_records_shown(client, p):
    services.research_submit(actor=p.idva, case=p.case, text="In contact")
    _open(client, p.officer, reverse("marac:case_detail", args=[p.case.pk]))
    views = AccessEvent.objects.filter(actor=p.officer, action=AccessAction.VIEW)
    assert set(views.values_list("record_type", flat=True)) >= {"marac.maraccase", "marac.research",
                                                                 "victims.referral"}


def test_meeting_list_is_logged_as_a_search(client, p):
    client.force_login(p.officer)
    response = client.get(reverse("marac:meetings"), {"reason": "casework"})
    assert response.status_code == 200 and str(p.meeting.held_on.year).encode() in response.content
    event = AccessEvent.objects.get(actor=p.officer, action=AccessAction.SEARCH)
    assert event.record_type == "marac.maracmeeting" and event.detail["results"] == 1
    client.force_login(p.tenancy)
    client.get(reverse("marac:meetings"), {"reason": "casework"})
    assert AccessEvent.objects.get(actor=p.tenancy, action=AccessAction.SEARCH).detail["results"] == 0


def test_a_grant_opens_one_meeting_to_another_agency(client, p):
    AccessGrant.objects.create(record=p.meeting, grantee_agency=p.housing, reason="Joint case",
                               granted_by=p.coordinator)
    assert _open(client, p.tenancy, reverse("marac:meeting_detail", args=[p.meeting.pk])).status_code == 200
    client.force_login(p.tenancy)
    assert client.get(reverse("marac:case_detail", args=[p.case.pk])).status_code == 404


def test_quarterly_return_page_shows_the_rate_against_the_national_figure(client, p, settings):
    settings.MARAC = {"NATIONAL_REPEAT_RATE": 25.0, "NATIONAL_REPEAT_SOURCE": "SafeLives test source"}
    again = PersonFactory(owner_agency=p.police)
    marac_referral(again, on=dt.date(2024, 9, 1))
    services.case_add(actor=p.coordinator, meeting=p.meeting, referral=marac_referral(again))
    services.attendance_record(actor=p.coordinator, meeting=p.meeting, agency=p.police, status="present",
                               attendee_role="DS")
    client.force_login(p.coordinator)
    from saferplaces.marac import selectors

    (q,) = selectors.quarterly_returns(count=1, on=MEETING_DAY)
    assert (q.cases, q.repeats, q.police_referrals, q.children, q.bame) == (2, 1, 2, 2, 1)
    assert [(a.agency, a.present, a.meetings) for a in q.attendance] == [("CNCL", 0, 1), ("POL", 1, 1),
                                                                         ("VSV", 0, 1)]
    response = client.get(reverse("marac:quarterly"), {"quarter": "2025-Q2"})  # the four quarters to June 2025
    text = response.content.decode()
    assert response.status_code == 200
    assert "25%" in text and "SafeLives test source" in text and "18%" in text
    assert "Black, Black British, Caribbean or African" in text  # the breakdowns, for those who work the cases
    analyst = UserFactory(agency=p.council, role=Role.ANALYST)
    client.force_login(analyst)
    text = client.get(reverse("marac:quarterly"), {"quarter": "2025-Q1"}).content.decode()
    assert "&lt;5" in text and "Black, Black British" not in text  # small numbers suppressed, no breakdowns


def test_quarterly_return_refuses_what_is_not_a_quarter(client, p):
    client.force_login(p.coordinator)
    assert client.get(reverse("marac:quarterly"), {"quarter": "2025-Q5"}).status_code == 404


def test_measures_are_registered_for_the_plan(p):
    from saferplaces.plans import measures

    services.attendance_record(actor=p.coordinator, meeting=p.meeting, agency=p.police, status="present",
                               attendee_role="DS")
    start, end = dt.date(2025, 1, 1), dt.date(2025, 3, 31)
    assert measures.get("marac.cases_heard").compute(start, end) == 1.0
    assert measures.get("marac.repeat_rate").compute(start, end) == 0.0
    assert measures.get("marac.attendance_rate").compute(start, end) == pytest.approx(33.3)


def test_repeat_rate_against_the_national_rate(p):
    from saferplaces.marac.measures import NATIONAL_REPEAT_RATE
    from saferplaces.plans import measures

    against = measures.get("marac.repeat_rate_against_national")
    assert NATIONAL_REPEAT_RATE == 31.0  # SafeLives, 12 months to 30 September 2024
    assert against.compute(dt.date(2025, 1, 1), dt.date(2025, 3, 31)) == -31.0  # one case, no repeat
    assert against.compute(dt.date(2024, 1, 1), dt.date(2024, 3, 31)) == 0.0  # no cases: nothing to compare
