"""Referrals into the directory's services and the commissioned services' quarterly returns: a
caseworker finds a service by need and refers; the provider's staff answer; the measures count it;
providers see only their own organisation's referrals, contracts and returns; returns are checked
against their contract's template as a whole, uploaded or entered."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from saferplaces.accounts.roles import Role
from saferplaces.audit.models import AccessEvent
from saferplaces.directory import measures_referrals, registry_contracts, selectors_contracts, services_contracts
from saferplaces.directory.models_contracts import PerformanceReturn
from saferplaces.plans.models import KPIReading
from saferplaces.plans.quarters import Quarter
from saferplaces.victims.models import Referral, ReferralStatus, Service
from tests.directory import contract_builders as build
from tests.factories import AgencyFactory, PersonFactory, UserFactory

REASON = {"justification-form": "1", "reason": "casework"}
Q2_2025 = dt.date(2025, 4, 1)


@pytest.fixture
def setup(db):
    council = AgencyFactory(name="Council", short_name="WCC")
    angelou, refuge = AgencyFactory(name="Angelou", short_name="ANG"), AgencyFactory(name="Refuge", short_name="REF")
    domestic = build.term("Domestic abuse")
    housing = build.term("Housing")
    org_a, org_b = build.organisation("Angelou Partnership", angelou), build.organisation("Refuge Trust", refuge)
    return {
        "council": council,
        "caseworker": UserFactory(agency=council, role=Role.CASEWORKER),
        "coordinator": UserFactory(agency=council, role=Role.COORDINATOR),
        "provider_a": UserFactory(agency=angelou, role=Role.PROVIDER),
        "provider_b": UserFactory(agency=refuge, role=Role.PROVIDER),
        "person": PersonFactory(owner_agency=council, forename="Vera", surname="Victim"),
        "service_a": build.service(org_a, "Angelou advocacy", [domestic], "Advocacy for women"),
        "service_b": build.service(org_b, "Refuge housing", [housing], "Safe housing"),
        "contract_a": build.contract(org_a, council, reference="A-1"),
        "contract_b": build.contract(org_b, council, reference="B-1"),
    }


def _refer(client, s):
    client.force_login(s["caseworker"])
    find = reverse("directory:refer_find", kwargs={"person_pk": s["person"].pk})
    client.post(find, REASON)
    domestic = build.term("Domestic abuse")
    found = client.get(find, {"need": str(domestic.pk), "q": ""})
    refer_url = reverse("directory:refer", kwargs={"person_pk": s["person"].pk, "service_pk": s["service_a"].pk})
    assert found.status_code == 200
    assert [service.name for service, _ in found.context["choices"]] == ["Angelou advocacy"]
    assert refer_url in found.content.decode()
    response = client.post(refer_url, {"service": Service.COMMISSIONED, "referred_on": "2025-05-06",
                                       "consent_given": "yes"})
    assert response.status_code == 302
    return Referral.objects.get()


def test_search_by_words_finds_the_service_and_not_the_others(client, setup):
    client.force_login(setup["caseworker"])
    find = reverse("directory:refer_find", kwargs={"person_pk": setup["person"].pk})
    client.post(find, REASON)
    assert [s.name for s, _ in client.get(find, {"q": "housing"}).context["choices"]] == ["Refuge housing"]
    assert client.get(find, {"q": "nothing like it"}).context["choices"] == []


def test_a_caseworker_refers_to_a_service_found_by_need_and_its_provider_answers(client, setup):
    referral = _refer(client, setup)
    assert (referral.directory_service, referral.service, referral.service_name, referral.owner_agency) == (
        setup["service_a"], Service.COMMISSIONED, "Angelou advocacy", setup["council"])
    # Only the provider's staff hear of it, by number, with a link to their page of it.
    from saferplaces.notifications.models import Notification

    page = reverse("directory:provider_referral", kwargs={"pk": referral.pk})
    assert list(Notification.objects.values_list("recipient", "url")) == [(setup["provider_a"].pk, page)]
    client.force_login(setup["provider_a"])
    shown = client.get(page)
    assert shown.status_code == 200 and "Vera Victim" in shown.content.decode()
    assert AccessEvent.objects.filter(actor=setup["provider_a"], record_id=str(referral.pk), action="view").exists()
    # A decline needs its reason.
    refused = client.post(page, {"status": ReferralStatus.DECLINED, "status_on": "2025-05-07", "outcome": ""})
    assert "Give the reason for declining the referral" in refused.content.decode()
    client.post(page, {"status": ReferralStatus.ACCEPTED, "status_on": "2025-05-07", "outcome": ""})
    referral.refresh_from_db()
    assert (referral.status, referral.status_on) == (ReferralStatus.ACCEPTED, dt.date(2025, 5, 7))
    client.post(page, {"status": ReferralStatus.CLOSED, "status_on": "2025-06-20", "outcome": "Safety plan in place",
                       "outcome_positive": "yes"})
    referral.refresh_from_db()
    assert (referral.status, referral.outcome_positive) == (ReferralStatus.CLOSED, True)
    # The measures count it: made and taken on in April–June 2025, closed positive in it.
    q2 = (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert measures_referrals.referrals_made(*q2) == 1.0
    assert measures_referrals.referrals_taken_on(*q2) == 1.0
    assert measures_referrals.referrals_positive_share(*q2) == 100.0
    assert measures_referrals.service_referrals(str(setup["service_a"].pk), *q2) == 1.0
    assert measures_referrals.service_referrals(str(setup["service_b"].pk), *q2) == 0.0
    assert measures_referrals.referrals_made(dt.date(2025, 7, 1), dt.date(2025, 9, 30)) == 0.0


def test_another_provider_cannot_see_or_answer_the_referral(client, setup):
    referral = _refer(client, setup)
    client.force_login(setup["provider_b"])
    page = reverse("directory:provider_referral", kwargs={"pk": referral.pk})
    assert client.get(page).status_code == 404
    assert client.post(page, {"status": ReferralStatus.ACCEPTED, "status_on": "2025-05-07"}).status_code == 404
    assert list(client.get(reverse("directory:provider_referrals")).context["referrals"]) == []
    # Nor can a provider open the referring agency's own pages of it.
    assert client.get(reverse("victims:referral_detail", kwargs={"pk": referral.pk})).status_code in (403, 404)


def test_a_provider_sees_only_its_own_contracts_and_returns(client, setup):
    own_return = build.a_return(setup["contract_a"])
    other_return = build.a_return(setup["contract_b"])
    client.force_login(setup["provider_a"])
    listed = client.get(reverse("directory:provider_contracts"))
    assert [s.contract.reference for s in listed.context["states"]] == ["A-1"]
    assert client.get(reverse("directory:contract", kwargs={"pk": setup["contract_a"].pk})).status_code == 200
    assert client.get(reverse("directory:return_detail", kwargs={"pk": own_return.pk})).status_code == 200
    for name, pk in (("directory:contract", setup["contract_b"].pk), ("directory:return_enter", setup["contract_b"].pk),
                     ("directory:return_upload", setup["contract_b"].pk),
                     ("directory:return_detail", other_return.pk)):
        assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 404, name


def test_a_provider_enters_a_return_in_the_form(client, setup):
    client.force_login(setup["provider_a"])
    url = reverse("directory:return_enter", kwargs={"pk": setup["contract_a"].pk})
    bad = client.post(url, {"period_start": "2025-04-01", "figure_total": "10", "figure_female": "6",
                            "figure_male": "3", "figure_share": "50"})
    assert "add up to 9, not 10" in bad.content.decode()
    assert not PerformanceReturn.objects.exists()
    good = client.post(url, {"period_start": "2025-04-01", "figure_total": "10", "figure_female": "6",
                             "figure_male": "4", "figure_share": "50"})
    assert good.status_code == 302
    assert PerformanceReturn.objects.get().values == {"total": 10, "female": 6, "male": 4, "share": 50}


CSV_HEADER = "period_start,figure,value\n"


def test_an_uploaded_return_reports_every_problem_and_saves_nothing(setup):
    text = CSV_HEADER + ("2025-04-01,total,10\n2025-04-01,female,six\n2025-04-01,male,4\n2025-04-01,male,4\n"
                         "2025-04-01,bogus,1\n2025-07-01,share,50\n")
    result = services_contracts.returns_import(actor=setup["provider_a"], contract=setup["contract_a"], text=text)
    assert result.rejected == [
        (3, "value 'six' is not a number (write it like 1234 or 87.5)"),
        (5, "figure male repeats line 4"),
        (6, "figure 'bogus' is not a figure of this contract's return"),
        (7, "period_start 01/07/2025 differs from line 2: a file holds one quarter's return"),
    ]
    assert not PerformanceReturn.objects.exists()


def test_an_uploaded_return_is_checked_as_a_whole(setup):
    text = CSV_HEADER + "2025-04-01,total,10\n2025-04-01,female,6\n2025-04-01,male,3\n"
    result = services_contracts.returns_import(actor=setup["provider_a"], contract=setup["contract_a"], text=text)
    assert result.rejected == [(1, "share (Share safer (%)) is required"),
                               (2, "the parts of total by sex (female, male) add up to 9, not 10")]
    assert not PerformanceReturn.objects.exists()


def test_a_good_upload_is_saved_and_feeds_the_plan_kpi(setup):
    from saferplaces.plans.importer import plan_import
    from saferplaces.plans.models import KPI

    plan_import()
    kpi = KPI.objects.filter(name__startswith="Women reporting increased").first()
    setup["contract_a"].figures.filter(code="share").update(kpi=kpi)
    text = CSV_HEADER + "2025-04-01,total,10\n2025-04-01,female,6\n2025-04-01,male,4\n2025-04-01,share,62.5\n"
    result = services_contracts.returns_import(actor=setup["provider_a"], contract=setup["contract_a"], text=text)
    assert result.ok and result.imported == 4
    assert PerformanceReturn.objects.get().values == {"total": 10, "female": 6, "male": 4, "share": 62.5}
    assert KPIReading.objects.get(kpi=kpi, period_start=Q2_2025).value == 62.5


def test_a_provider_cannot_submit_for_another_providers_contract(setup):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services_contracts.return_submit(actor=setup["provider_b"], contract=setup["contract_a"],
                                         period_start=Q2_2025, values={})


def test_a_quarter_not_yet_ended_or_outside_the_term_is_refused(setup):
    with pytest.raises(services_contracts.ReturnError) as refused:
        services_contracts.return_submit(actor=setup["provider_a"], contract=setup["contract_a"],
                                         period_start=dt.date(2025, 1, 1),
                                         values={"total": 1, "female": 1, "male": 0, "share": 1})
    assert "owes no return for that quarter" in str(refused.value)


def test_overdue_returns_show_for_the_commissioner_on_my_work_and_on_the_board_pack(client, setup, monkeypatch):
    build.a_return(setup["contract_a"])  # only April–June 2025 is in for A-1
    on = dt.date(2025, 11, 1)  # July–September 2025 was due by 31 October
    overdue = selectors_contracts.overdue_returns(actor=setup["coordinator"], today=on)
    assert [(c.reference, o.period_start) for c, o in overdue] == [
        ("A-1", dt.date(2025, 7, 1)), ("B-1", dt.date(2025, 7, 1)), ("B-1", dt.date(2025, 4, 1))]
    # The provider sees its own contract's only; a caseworker none.
    assert [(c.reference, o.period_start) for c, o in selectors_contracts.overdue_returns(
        actor=setup["provider_a"], today=on)] == [("A-1", dt.date(2025, 7, 1))]
    assert selectors_contracts.overdue_returns(actor=setup["caseworker"], today=on) == []
    monkeypatch.setattr(timezone, "localdate", lambda *args: on)  # the board pack counts on the day it is made
    assert len(registry_contracts.overdue_section(Quarter(2025, 3))["rows"]) == 3
    client.force_login(setup["coordinator"])
    page = client.get(reverse("work:my_work")).content.decode()
    assert "Quarterly returns overdue" in page and "A-1" in page
