"""Issue 12, "one person, everywhere": case parties are person records (with the similar-person offer
first), ASB complaints feed the repeat-victim register, and the person page tells the story once."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from saferplaces.accounts.roles import Role
from saferplaces.asb import services as asb_services
from saferplaces.asb.models import Incident, IncidentKind, Party, PartyRole
from saferplaces.audit.models import AccessEvent
from saferplaces.offenders.models import CohortMembership
from saferplaces.people.models import Person
from saferplaces.people.selectors import person_search
from saferplaces.victims import selectors as victim_selectors
from saferplaces.victims.models import Victimisation, VictimisationKind
from tests.asb.builders import make_case, make_party
from tests.factories import AgreementFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PARTY = {"role": "victim", "is_business": "person", "person": "", "name": "Mo Quiet", "date_of_birth": "1980-02-03",
         "address": "2 Quiet Row", "postcode": "w2 5eh"}


def _justified(client, user, url):
    client.force_login(user)
    client.post(url, {"justification-form": "1", "reason": "casework"})


def _complaint(case, days_ago, agency=None, is_complaint=True):
    at = timezone.now() - dt.timedelta(days=days_ago)
    return Incident.objects.create(case=case, occurred_at=at, location="Demo Court", kind=IncidentKind.NOISE,
                                   description="Loud music", reporting_agency=agency or case.owner_agency,
                                   is_complaint=is_complaint)


# -- Parties are person records ----------------------------------------------------------------


def test_a_person_typed_into_a_case_is_a_person_record_found_by_people_search(world):
    user = world.users["caseworker"]
    case = make_case(world.partner)
    party = asb_services.party_add(actor=user, case=case, role=PartyRole.PERPETRATOR, name="Sam  Noisy Loud",
                                   date_of_birth=dt.date(1990, 5, 1), address="1 Demo Street", postcode="w2 5eh")
    person = party.person
    assert (person.forename, person.surname, person.postcode, person.owner_agency) == ("Sam Noisy", "Loud",
                                                                                      "W2 5EH", world.own)
    assert (party.name, party.date_of_birth, party.address) == ("", None, "")  # a reference, not a copy
    assert list(person_search(actor=user, query="Loud W2")) == [person]
    business = asb_services.party_add(actor=user, case=case, role=PartyRole.PERPETRATOR, name="Late Bar Ltd",
                                      is_business=True)
    assert business.person is None and business.name == "Late Bar Ltd"


def test_adding_a_party_offers_similar_people_first_and_respects_the_choice(client, world):
    case = make_case(world.own)
    user = world.users["caseworker"]
    url = reverse("asb:party_add", kwargs={"pk": case.pk})
    _justified(client, user, url)
    shared = PersonFactory(owner_agency=world.partner, forename="Mo", surname="Quiet", postcode="W1 1AA")
    hidden = PersonFactory(owner_agency=world.other, forename="Mo", surname="Quiet")  # no agreement
    before = Person.objects.count()
    html = client.post(url, PARTY).content.decode()
    assert "Similar person records" in html and f'value="{shared.pk}"' in html and f'value="{hidden.pk}"' not in html
    assert Person.objects.count() == before and not case.parties.exists()
    offer = AccessEvent.objects.get(action="search", record_type="people.person")
    assert offer.reason == "casework" and offer.detail["ids"] == [shared.pk]
    # A record that was not offered cannot be chosen: the offer is shown again.
    assert client.post(url, {**PARTY, "use_person": str(hidden.pk)}).status_code == 200
    response = client.post(url, {**PARTY, "use_person": str(shared.pk)})
    assert response.status_code == 302 and case.parties.get().person == shared
    assert Person.objects.count() == before
    response = client.post(url, {**PARTY, "confirm_new_person": "1"})
    assert response.status_code == 302 and Person.objects.count() == before + 1
    new = case.parties.exclude(person=shared).get().person
    assert new.owner_agency == world.own and str(new) == "Mo Quiet"


def test_no_offer_when_nobody_is_similar(client, world):
    case = make_case(world.own)
    url = reverse("asb:party_add", kwargs={"pk": case.pk})
    _justified(client, world.users["caseworker"], url)
    assert client.post(url, {**PARTY, "name": "Nobody Alike"}).status_code == 302
    assert str(case.parties.get().person) == "Nobody Alike"


def test_opening_a_case_keeps_the_chosen_person_through_the_similar_case_offer(client, world):
    existing = make_case(world.own, postcode="W2 5EH", location="Elsewhere")
    olive = world.people["own"]
    client.force_login(world.users["caseworker"])
    form = {"title": "Noise", "location": "Demo Court", "case_postcode": "W2 5EH", "summary": "", **PARTY,
            "name": "Olive Owned", "date_of_birth": "", "postcode": ""}
    assert "Similar person records" in client.post(reverse("asb:case_create"), form).content.decode()
    html = client.post(reverse("asb:case_create"), {**form, "use_person": str(olive.pk)}).content.decode()
    assert existing.reference in html and f'name="use_person" value="{olive.pk}"' in html
    response = client.post(reverse("asb:case_create"), {**form, "use_person": str(olive.pk), "confirm_new": "1"})
    assert response.status_code == 302
    assert Party.objects.exclude(case=existing).get().person == olive


def test_recording_a_person_offers_the_similar_records_first(client, world):
    client.force_login(world.users["caseworker"])
    form = {"forename": "olive", "surname": "owned", "date_of_birth": "", "sex": "", "postcode": "", "address": "",
            "source_reference": ""}
    html = client.post(reverse("people:create"), form).content.decode()
    assert "Similar person records" in html and Person.objects.filter(surname__iexact="owned").count() == 1
    response = client.post(reverse("people:create"), {**form, "use_person": str(world.people["own"].pk)})
    assert response["Location"] == reverse("people:detail", kwargs={"pk": world.people["own"].pk})
    client.post(reverse("people:create"), {**form, "confirm_new_person": "1"})
    assert Person.objects.filter(surname__iexact="owned").count() == 2


def test_the_migration_turns_typed_parties_into_person_records_of_the_lead_agency(world):
    migration = importlib.import_module("saferplaces.asb.migrations.0003_typed_parties_to_people")
    case = make_case(world.partner)
    typed = make_party(case, name="Sam Loud", postcode="w2 5eh")
    shop = make_party(case, name="Late Bar Ltd", dob=None, is_business=True)
    linked = make_party(case, name="", dob=None, address="", person=world.people["own"])
    migration.parties_to_people(apps, None)
    typed.refresh_from_db()
    shop.refresh_from_db()
    linked.refresh_from_db()
    person = typed.person
    assert (person.forename, person.surname, person.date_of_birth, person.address, person.postcode) == (
        "Sam", "Loud", dt.date(1990, 5, 1), "1 Demo Street", "W2 5EH")
    assert person.owner_agency == world.partner and (typed.name, typed.date_of_birth) == ("", None)
    assert shop.person is None and shop.name == "Late Bar Ltd"
    assert linked.person == world.people["own"]
    partner_user = UserFactory(agency=world.partner)
    assert list(person_search(actor=partner_user, query="Sam Loud")) == [person]


# -- ASB complaints on the repeat-victim register ---------------------------------------------------


@pytest.fixture
def complained(world):
    """Olive (own) complains three times in an own-agency ASB case; partner shares people, not ASB."""
    case = make_case(world.own)
    make_party(case, name="", dob=None, address="", role=PartyRole.COMPLAINANT, person=world.people["own"])
    for days in (5, 40, 100):
        _complaint(case, days)
    _complaint(case, 20, is_complaint=False)  # an officer's observation: not the victim's report
    return case


def _register_html(client, user, **params):
    client.force_login(user)
    return client.get(reverse("victims:register"), {"reason": "casework", **params}).content.decode()


def test_three_asb_complaints_put_the_complainant_on_the_register_with_rule_and_source(client, world, complained):
    entries = victim_selectors.register(actor=world.users["caseworker"])
    assert len(entries) == 1 and entries[0].people == (world.people["own"],)
    flags = {f.rule: f for f in entries[0].flags}
    assert set(flags) == {"community_trigger"}  # ASB has its own threshold, not the same-type rule
    flag = flags["community_trigger"]
    assert flag.reason.startswith("3 anti-social behaviour reports in the 6 months")
    assert flag.sources == (f"ASB case {complained.reference}: 3 complaints",)
    html = _register_html(client, world.users["caseworker"])
    assert "Olive Owned" in html and f"ASB case {complained.reference}: 3 complaints" in html


def test_complaints_count_only_for_viewers_who_may_see_the_case(client, world, complained):
    partner = UserFactory(agency=world.partner, role=Role.CASEWORKER)
    assert victim_selectors.register(actor=partner) == []
    assert "Nobody you may see is flagged" in _register_html(client, partner)
    AgreementFactory(parties=[world.own, world.partner], data_categories=["asb"])
    entries = victim_selectors.register(actor=partner)
    assert [f.rule for f in entries[0].flags] == ["community_trigger"]


def test_complaints_and_victimisations_are_sources_of_one_flag(world, complained):
    Victimisation.objects.create(owner_agency=world.own, person=world.people["own"], kind=VictimisationKind.ASB,
                                 occurred_on=TODAY - dt.timedelta(days=10))
    flags = {f.rule: f for f in victim_selectors.register(actor=world.users["caseworker"])[0].flags}
    assert flags["community_trigger"].reason.startswith("4 anti-social")
    assert set(flags["community_trigger"].sources) == {f"ASB case {complained.reference}: 3 complaints",
                                                        "Recorded by Own Council: 1 victimisation"}


def test_thresholds_come_from_settings(world, complained):
    user = world.users["caseworker"]
    with override_settings(VICTIMS={"ASB_COUNT": 4, "ASB_MONTHS": 6, "SAME_TYPE_COUNT": 5, "SAME_TYPE_MONTHS": 12}):
        assert victim_selectors.register(actor=user) == []
    with override_settings(VICTIMS={"ASB_COUNT": 2, "ASB_MONTHS": 2, "SAME_TYPE_COUNT": 9, "SAME_TYPE_MONTHS": 12}):
        flag, = victim_selectors.register(actor=user)[0].flags  # 5 and 40 days ago; not 100
        assert flag.reason.startswith("2 anti-social behaviour reports in the 2 months")
    with override_settings(VICTIMS={"ASB_COUNT": 1, "ASB_MONTHS": 1, "SAME_TYPE_COUNT": 9, "SAME_TYPE_MONTHS": 12}):
        flag, = victim_selectors.register(actor=user)[0].flags
        assert flag.reason.startswith("1 anti-social behaviour report in the 1 month")


def test_the_register_is_paged_25_at_a_time(client, world):
    for n in range(27):
        person = PersonFactory(owner_agency=world.own, forename=f"Rep{n:02d}", surname="Eater")
        for days in (10, 20):
            Victimisation.objects.create(owner_agency=world.own, person=person, kind=VictimisationKind.THEFT,
                                         occurred_on=TODAY - dt.timedelta(days=days))
    first = _register_html(client, world.users["caseworker"])
    assert "27 people flagged" in first and first.count("Eater</a>") == 25 and "page=2" in first
    assert _register_html(client, world.users["caseworker"], page=2).count("Eater</a>") == 2


# -- The person page's chronology -------------------------------------------------------------------


def _chronology(html):
    part = html.split('id="chronology"', 1)[1].split("</table>", 1)[0]
    return [row.split('<td class="govuk-table__cell">')[2].split("</td>")[0]
            for row in part.split('<tr class="govuk-table__row">')[2:]]


def test_the_chronology_is_in_date_order_and_shows_each_viewer_only_what_they_may_see(client, world):
    olive = world.people["own"]
    case = make_case(world.own, opened_on=TODAY - dt.timedelta(days=60))
    make_party(case, name="", dob=None, address="", role=PartyRole.VICTIM, person=olive)
    _complaint(case, 50)
    Victimisation.objects.create(owner_agency=world.partner, person=olive, kind=VictimisationKind.BURGLARY,
                                 occurred_on=TODAY - dt.timedelta(days=300), reference="CR/1")
    CohortMembership.objects.create(owner_agency=world.own, person=olive, cohort="iom",
                                    started_on=TODAY - dt.timedelta(days=10))
    url = reverse("people:detail", kwargs={"pk": olive.pk})
    _justified(client, world.users["caseworker"], url)
    rows = _chronology(client.get(url).content.decode())
    assert len(rows) == 3 and "Victim of" not in "".join(rows)  # partner shares people, not victim records
    assert f"ASB case {case.reference} opened" in rows[0] and "ASB complaint" in rows[1] and "Joined" in rows[2]
    # Each record shown is logged once, with the reason for the person page.
    viewed = AccessEvent.objects.filter(action="view", detail__shown_with=olive.pk)
    assert sorted(e.record_type for e in viewed) == ["asb.asbcase", "offenders.cohortmembership"]
    AgreementFactory(parties=[world.own, world.partner], data_categories=["victim"])
    rows = _chronology(client.get(url).content.decode())
    assert len(rows) == 4 and rows[0] == "Victim of burglary"
    partner = UserFactory(agency=world.partner, role=Role.CASEWORKER)  # sees Olive and victim records only
    _justified(client, partner, url)
    assert _chronology(client.get(url).content.decode()) == ["Victim of burglary"]
