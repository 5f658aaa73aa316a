"""The repeat-victim register, referrals, import and MARAC figures through the web app."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from saferplaces.audit.models import AccessEvent
from saferplaces.people.models import Person, PersonLink
from saferplaces.victims import dash, services
from saferplaces.victims.models import Referral, ReferralStatus, Service, Victimisation
from tests.factories import AgreementFactory, PersonFactory

TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def victims(world):
    """Own and partner share victim records; ``other`` shares nothing."""
    AgreementFactory(parties=[world.own, world.partner], data_categories=["victim"])
    return world


def victimisation(person, kind, days, agency=None):
    return Victimisation.objects.create(owner_agency=agency or person.owner_agency, person=person, kind=kind,
                                        occurred_on=days_ago(days))


def _register(client, user):
    client.force_login(user)
    return client.get(reverse("victims:register"), {"reason": "casework"})


def test_register_shows_flagged_people_with_the_reason_and_logs_the_search(victims, client):
    own = victims.people["own"]
    victimisation(own, "burglary", 100)
    victimisation(own, "burglary", 10)
    response = _register(client, victims.users["caseworker"])
    html = response.content.decode()
    assert "Olive Owned" in html
    assert "2 burglary victimisations in the 12 months" in html
    assert AccessEvent.objects.filter(action="search", record_type="victims.victimisation").exists()


def test_register_asks_for_a_reason_first(victims, client):
    client.force_login(victims.users["caseworker"])
    html = client.get(reverse("victims:register")).content.decode()
    assert "Why do you need the register?" in html
    assert not AccessEvent.objects.exists()


def test_register_judges_only_records_the_viewer_may_see(victims, client):
    hidden = victims.people["unrelated"]
    victimisation(hidden, "burglary", 100)
    victimisation(hidden, "burglary", 10)
    html = _register(client, victims.users["caseworker"]).content.decode()
    assert "Una" not in html and "1 person" not in html
    # Half visible, half hidden: linked records, but the rule sees only the visible one, so no flag.
    shared = victims.people["agreement"]
    victimisation(shared, "robbery", 50)
    twin = PersonFactory(owner_agency=victims.other, forename="Parker", surname="Shared")
    victimisation(twin, "robbery", 20)
    for person in (shared, twin):
        PersonLink.objects.create(person=person, person_key="P-LINKED1")
    html = _register(client, victims.users["caseworker"]).content.decode()
    assert "Parker" not in html


def test_linked_records_count_as_one_person(victims, client):
    own, shared = victims.people["own"], victims.people["agreement"]
    victimisation(own, "robbery", 50)
    victimisation(shared, "robbery", 20)
    for person in (own, shared):
        PersonLink.objects.create(person=person, person_key="P-LINKED2")
    html = _register(client, victims.users["caseworker"]).content.decode()
    assert "1 person flagged" in html
    assert "2 robbery victimisations" in html


def _justify(client, url, reason="casework"):
    """Give the reason the form asks for first (it shows the person or the referral)."""
    client.post(url, {"justification-form": "1", "reason": reason})


def _referral_post(**overrides):
    data = {"service": Service.VICTIM_SUPPORT, "referred_on": days_ago(1).isoformat(), "consent_given": "yes"}
    data.update(overrides)
    return data


def test_referral_without_consent_needs_a_lawful_basis_and_reason(victims, client):
    person = victims.people["agreement"]
    client.force_login(victims.users["caseworker"])
    url = reverse("victims:referral_create", kwargs={"person_pk": person.pk})
    _justify(client, url)
    response = client.post(url, _referral_post(consent_given="no"))
    assert response.status_code == 200
    assert "Choose the lawful basis" in response.content.decode()
    assert not Referral.objects.exists()
    response = client.post(url, _referral_post(consent_given="no", lawful_basis="cda_s115",
                                               basis_detail="Serious risk to the children"))
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.owner_agency == victims.own and not referral.consent_given
    assert referral.lawful_basis == "cda_s115"


def test_marac_referral_needs_fourteen_yes_or_professional_judgement_with_reason(victims, client):
    person = victims.people["own"]
    client.force_login(victims.users["caseworker"])
    url = reverse("victims:referral_create", kwargs={"person_pk": person.pk})
    _justify(client, url)
    thirteen = dash.CODES[:13]
    response = client.post(url, _referral_post(service=Service.MARAC, dash_answers=thirteen))
    assert "13 yes answers" in response.content.decode()
    response = client.post(url, _referral_post(service=Service.MARAC, dash_answers=thirteen,
                                               professional_judgement="on"))
    assert "Give the reason" in response.content.decode()
    assert not Referral.objects.exists()
    client.post(url, _referral_post(service=Service.MARAC, dash_answers=thirteen, professional_judgement="on",
                                    judgement_reason="Escalating threats"))
    client.post(url, _referral_post(service=Service.MARAC, dash_answers=dash.CODES[:14]))
    scores = sorted(Referral.objects.values_list("dash_score", "professional_judgement"))
    assert scores == [(13, True), (14, False)]
    with pytest.raises(services.ReferralError):
        services.referral_create(actor=victims.users["caseworker"], person=person, service=Service.MARAC,
                                 referred_on=TODAY, consent_given=True, dash_answers=dash.CODES[:2])


def test_referral_outcome_only_by_the_owning_agency(victims, client):
    mine = Referral.objects.create(owner_agency=victims.own, person=victims.people["own"],
                                   service=Service.IDVA, referred_on=days_ago(5), consent_given=True)
    theirs = Referral.objects.create(owner_agency=victims.partner, person=victims.people["agreement"],
                                     service=Service.IDVA, referred_on=days_ago(5), consent_given=True)
    client.force_login(victims.users["caseworker"])
    data = {"status": ReferralStatus.CLOSED, "status_on": TODAY.isoformat(), "outcome": ""}
    _justify(client, reverse("victims:referral_update", kwargs={"pk": mine.pk}))
    response = client.post(reverse("victims:referral_update", kwargs={"pk": mine.pk}), data)
    assert "Describe the outcome" in response.content.decode()
    data["outcome"] = "Safety plan in place"
    assert client.post(reverse("victims:referral_update", kwargs={"pk": mine.pk}), data).status_code == 302
    mine.refresh_from_db()
    assert mine.status == ReferralStatus.CLOSED and mine.outcome == "Safety plan in place"
    assert client.post(reverse("victims:referral_update", kwargs={"pk": theirs.pk}), data).status_code == 404


def _csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(services.IMPORT_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def test_import_reports_every_bad_row_and_imports_nothing(victims, client):
    text = _csv([
        ["OWN-1", "Ann", "Example", "1980-01-01", "W2 1AA", "burglary", days_ago(10).isoformat(), "", "R1", ""],
        ["OWN-2", "", "", "", "", "shoplifting", "31/02/2025", "", "R2", ""],
        ["OWN-1", "Ann", "Example", "", "", "burglary", (TODAY + dt.timedelta(days=3)).isoformat(), "", "R1", ""],
    ])
    client.force_login(victims.users["caseworker"])
    response = client.post(reverse("victims:import"),
                           {"file": SimpleUploadedFile("v.csv", text.encode(), content_type="text/csv")})
    html = response.content.decode()
    assert "Nothing was imported" in html
    for problem in ("kind &#x27;shoplifting&#x27;", "occurred_on: &#x27;31/02/2025&#x27; is not a date",
                    "not held by OWN", "occurred_on is in the future", "reference R1 repeats line 2"):
        assert problem in html, problem
    assert not Victimisation.objects.exists()
    assert not Person.objects.filter(source_reference="OWN-1").exists()


def test_import_of_a_good_file_records_people_and_victimisations(victims):
    existing = PersonFactory(owner_agency=victims.own, source_reference="OWN-9")
    text = _csv([
        ["OWN-9", "", "", "", "", "Burglary", days_ago(30).isoformat(), days_ago(29).isoformat(), "R9", "Shed"],
        ["OWN-10", "Ben", "New", "02/03/1975", "w2 1aa", "asb", days_ago(3).strftime("%d/%m/%Y"), "", "", ""],
    ])
    result = services.victimisations_import(actor=victims.users["caseworker"], text=text)
    assert result.ok and (result.imported, result.people_created) == (2, 1)
    assert Victimisation.objects.get(reference="R9").person == existing
    new = Person.objects.get(source_reference="OWN-10")
    assert (new.owner_agency, new.postcode, new.date_of_birth) == (victims.own, "W2 1AA", dt.date(1975, 3, 2))
    again = services.victimisations_import(actor=victims.users["caseworker"], text=text)
    assert not again.ok and (2, "reference R9 is already recorded") in again.rejected


def test_import_page_says_what_was_imported(victims, client):
    text = _csv([["OWN-20", "Cy", "New", "", "", "theft", days_ago(2).isoformat(), "", "R20", ""]])
    client.force_login(victims.users["caseworker"])
    assert "CSV file of victimisations" in client.get(reverse("victims:import")).content.decode()
    response = client.post(reverse("victims:import"),
                           {"file": SimpleUploadedFile("v.csv", text.encode(), content_type="text/csv")}, follow=True)
    assert response.redirect_chain == [(reverse("victims:import"), 302)]
    assert "1 victimisation imported (1 new person records)" in response.content.decode()
    assert Victimisation.objects.get(reference="R20").owner_agency == victims.own


def test_import_refuses_missing_columns(victims):
    result = services.victimisations_import(actor=victims.users["caseworker"], text="person_reference,kind\nA,asb\n")
    assert result.rejected == [(1, "missing columns: occurred_on")]


def test_person_page_shows_only_victim_records_the_viewer_may_see(victims, client):
    own, hidden = victims.people["own"], victims.people["unrelated"]
    victimisation(own, "burglary", 10)
    Victimisation.objects.create(owner_agency=victims.other, person=own, kind="hate", occurred_on=days_ago(5),
                                 reference="HIDDEN-REF")
    client.force_login(victims.users["caseworker"])
    url = reverse("people:detail", kwargs={"pk": own.pk})
    client.post(url, {"justification-form": "1", "reason": "casework"})
    html = client.get(url).content.decode()
    assert "Burglary" in html
    assert "HIDDEN-REF" not in html and "Hate crime" not in html
    assert hidden.forename not in html


def test_marac_export_suppresses_small_numbers(victims, client):
    for _ in range(3):
        person = PersonFactory(owner_agency=victims.own)
        Referral.objects.create(owner_agency=victims.own, person=person, service=Service.MARAC,
                                referred_on=TODAY, consent_given=True, dash_score=15)
    client.force_login(victims.users["caseworker"])
    page = client.get(reverse("victims:marac")).content.decode()
    assert ">3<" in page  # those who work the cases see the real count
    for role in ("analyst", "read_only_partner", "coordinator"):
        client.force_login(victims.users[role])
        page = client.get(reverse("victims:marac")).content.decode()
        assert ">3<" not in page and ">&lt;5<" in page and ">[c]<" in page, role
    client.force_login(victims.users["analyst"])
    body = client.get(reverse("victims:marac_export")).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    this_quarter = [r for r in rows if r[0] == rows[1][0]]
    values = {r[1]: r[2] for r in this_quarter}
    assert values["MARAC cases"] == "<5"
    assert values["Repeat rate"] == "[c]"
    assert "3" not in {r[2] for r in rows}


def test_record_a_victimisation_for_own_person_only(victims, client):
    own, shared = victims.people["own"], victims.people["agreement"]
    client.force_login(victims.users["caseworker"])
    url = reverse("victims:victimisation_create", kwargs={"person_pk": own.pk})
    _justify(client, url)
    future = (TODAY + dt.timedelta(days=2)).isoformat()
    response = client.post(url, {"kind": "theft", "occurred_on": future})
    assert "cannot be in the future" in response.content.decode()
    response = client.post(url, {"kind": "theft", "occurred_on": days_ago(3).isoformat(),
                                 "reported_on": days_ago(4).isoformat()})
    assert "cannot be before" in response.content.decode()
    response = client.post(url, {"kind": "theft", "occurred_on": days_ago(3).isoformat(), "reference": "T-1"})
    assert response.status_code == 302
    assert Victimisation.objects.get(reference="T-1").owner_agency == victims.own
    response = client.post(url, {"kind": "theft", "occurred_on": days_ago(3).isoformat(), "reference": "T-1"})
    assert "already recorded" in response.content.decode()
    other = reverse("victims:victimisation_create", kwargs={"person_pk": shared.pk})
    assert client.post(other, {"kind": "theft", "occurred_on": days_ago(3).isoformat()}).status_code == 404


def test_opening_the_referral_form_asks_why_and_logs_the_person_and_victimisations_shown(victims, client):
    own = victims.people["own"]
    v = victimisation(own, "burglary", 10)
    client.force_login(victims.users["caseworker"])
    url = reverse("victims:referral_create", kwargs={"person_pk": own.pk})
    first = client.get(url).content.decode()
    assert "Why do you need to see this?" in first and own.surname not in first  # the reason, not a default
    assert not AccessEvent.objects.exists()
    _justify(client, url, reason="referral")
    assert own.surname in client.get(url).content.decode()
    logged = set(AccessEvent.objects.filter(action="view", reason="referral").values_list("record_type", "record_id"))
    assert {("people.person", str(own.pk)), ("victims.victimisation", str(v.pk))} <= logged


def test_marac_referral_page_says_when_it_is_a_repeat(victims, client):
    own = victims.people["own"]
    first = Referral.objects.create(owner_agency=victims.own, person=own, service=Service.MARAC,
                                    referred_on=days_ago(200), consent_given=True, dash_score=15)
    second = Referral.objects.create(owner_agency=victims.own, person=own, service=Service.MARAC,
                                     referred_on=days_ago(10), consent_given=True, dash_score=16)
    client.force_login(victims.users["caseworker"])
    for referral in (first, second):
        url = reverse("victims:referral_detail", kwargs={"pk": referral.pk})
        client.post(url, {"justification-form": "1", "reason": "casework"})
    html = client.get(reverse("victims:referral_detail", kwargs={"pk": second.pk})).content.decode()
    assert "Yes: referred before on" in html
    html = client.get(reverse("victims:referral_detail", kwargs={"pk": first.pk})).content.decode()
    assert "No earlier referral within 12 months" in html
