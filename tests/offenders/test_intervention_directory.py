"""Referring a cohort member to a service found in the directory: the victims' referral search reused,
the form filled in from the chosen service, the link stored beside the copied name and provider, the
typed-in path for services not in the directory, and no sight of it for the service's provider."""

import datetime as dt

import pytest
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.directory import selectors_contracts
from saferplaces.offenders import services
from saferplaces.offenders.models import Intervention
from tests.directory import contract_builders as build
from tests.factories import AgencyFactory, UserFactory

REASON = {"justification-form": "1", "reason": "casework"}
START = dt.date(2025, 1, 6)


@pytest.fixture
def setup(world):
    drugs = build.term("Drugs and alcohol")
    provider_agency = AgencyFactory(name="Turning Point", short_name="TP")
    org = build.organisation("Turning Point Westminster", provider_agency)
    member = services.membership_create(actor=world.users["caseworker"], person=world.people["own"], cohort="iom",
                                        started_on=START)
    return {
        "member": member, "drugs": drugs,
        "service": build.service(org, "Drug and alcohol recovery", [drugs], "Treatment and recovery support"),
        "other": build.service(build.organisation("Shelter"), "Housing advice", [build.term("Housing")]),
        "provider": UserFactory(agency=provider_agency, role=Role.PROVIDER),
    }


def _open(client, world, setup):
    client.force_login(world.users["caseworker"])
    find = reverse("offenders:intervention_find", kwargs={"pk": setup["member"].pk})
    client.post(find, REASON)
    return find


def test_the_search_finds_by_need_and_words_and_links_to_the_filled_in_form(client, world, setup):
    find = _open(client, world, setup)
    by_need = client.get(find, {"need": str(setup["drugs"].pk), "q": ""})
    add = reverse("offenders:intervention_add", kwargs={"pk": setup["member"].pk})
    assert [(s.name, url) for s, url in by_need.context["choices"]] == [
        ("Drug and alcohol recovery", f"{add}?service={setup['service'].pk}")]
    assert f"{add}?service={setup['service'].pk}" in by_need.content.decode()
    assert [s.name for s, _ in client.get(find, {"q": "housing"}).context["choices"]] == ["Housing advice"]
    assert client.get(find, {"q": "nothing like it"}).context["choices"] == []

    filled = client.get(add, {"service": str(setup["service"].pk)})
    assert "Refer to Drug and alcohol recovery (from the directory)" in filled.content.decode()
    form = filled.context["form"]
    assert (form.initial["service_name"], form.initial["provider"]) == (
        "Drug and alcohol recovery", "Turning Point Westminster")


def test_the_referral_stores_the_link_and_a_copy_that_outlives_the_service(client, world, setup):
    _open(client, world, setup)
    add = reverse("offenders:intervention_add", kwargs={"pk": setup["member"].pk})
    response = client.post(f"{add}?service={setup['service'].pk}",
                           {"service_name": "Drug and alcohol recovery", "provider": "Turning Point Westminster",
                            "pathway": "drugs", "referred_on": "2025-02-03"})
    assert response.status_code == 302
    referral = Intervention.objects.get()
    assert (referral.directory_service, referral.service_name, referral.provider, referral.referred_on) == (
        setup["service"], "Drug and alcohol recovery", "Turning Point Westminster", dt.date(2025, 2, 3))
    # The provider hears nothing of it: only victims' referrals are shared with providers.
    assert list(selectors_contracts.provider_referrals(actor=setup["provider"])) == []
    # The service leaves the directory: the referral still reads as it was.
    setup["service"].delete()
    referral.refresh_from_db()
    assert (referral.directory_service, referral.service_name, referral.provider) == (
        None, "Drug and alcohol recovery", "Turning Point Westminster")


def test_a_service_not_in_the_directory_is_typed_in_without_a_link(client, world, setup):
    _open(client, world, setup)
    add = reverse("offenders:intervention_add", kwargs={"pk": setup["member"].pk})
    assert client.post(add, {"service_name": "Mentoring circle", "provider": "St Mungo's",
                             "referred_on": "2025-02-03"}).status_code == 302
    assert list(Intervention.objects.values_list("service_name", "provider", "directory_service")) == [
        ("Mentoring circle", "St Mungo's", None)]
    assert client.get(add, {"service": "not-a-service"}).status_code == 404


def test_the_provider_cannot_open_the_search_or_the_case(client, world, setup):
    client.force_login(setup["provider"])
    for name in ("offenders:intervention_find", "offenders:intervention_add", "offenders:case"):
        assert client.get(reverse(name, kwargs={"pk": setup["member"].pk})).status_code == 404
