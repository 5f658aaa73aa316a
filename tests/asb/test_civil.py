"""The civil toolkit through its services and pages: closure notices and orders (a crack house
closure), injunctions, CBOs with their youth reviews, contracts, PSPOs with their area, who may see
them across agencies, the reminders of their deadlines and the plan's measures."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from saferplaces.accounts.models import AgencyKind
from saferplaces.asb import civil, reminders
from saferplaces.asb.enforcement import EnforcementError
from saferplaces.asb.models import CivilKind, CivilOrder, CivilStatus, PspoStatus, PublicSpacesOrder
from saferplaces.audit.models import AccessEvent
from saferplaces.core.dates import add_months
from saferplaces.plans import measures
from tests.asb.builders import SQUARE, TODAY, days_ago, make_case, make_cbo, make_closure_notice, make_party, make_pspo
from tests.factories import AgencyFactory, AgreementFactory, UserFactory


@pytest.fixture
def asb(world):
    """``own`` (a council) shares enforcement records with ``partner``; ``other`` shares nothing."""
    AgreementFactory(parties=[world.own, world.partner], data_categories=["asb", "enforcement"])
    return world


@pytest.fixture
def police(asb):
    """A police force's caseworker (closure notices by an inspector or superintendent)."""
    force = AgencyFactory(name="Demo Police", short_name="DPOL", kind=AgencyKind.POLICE)
    return UserFactory(agency=force, role="caseworker", username="caseworker.police")


def _justify(client, url):
    client.post(url, {"justification-form": "1", "reason": "casework"})


def HEARING(served):  # noqa: N802 (reads as a constant of the calls it completes)
    return {"court": "Demo Magistrates' Court", "hearing_at": served + dt.timedelta(hours=40)}


def _at(when):
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


# --- Closure: a crack house ------------------------------------------------------------------

def test_crack_house_closure_notice_48_hours_ok_49_refused_then_order_and_extension(client, police):
    case = make_case(police.agency, title="Crack house, Demo Court")
    client.force_login(police)
    _justify(client, case.get_absolute_url())
    url = reverse("asb:civil_create", kwargs={"pk": case.pk, "kind": "closure_notice"})
    served = (timezone.localtime() - dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    form = {"address": "Flat 3, Demo Court", "postcode": "W2 5EH",
            "grounds": "Class A drugs supplied; callers at night",
            "terms": "The tenant and the landlord", "authority": "superintendent", "served_at": _at(served),
            "ends_at": _at(served + dt.timedelta(hours=49)), "court": "Demo Magistrates' Court",
            "hearing_at": _at(served + dt.timedelta(hours=49))}
    html = client.post(url, form).content.decode()
    assert "may last at most 48 hours (section 77): this one lasts 49 hours" in html
    assert not CivilOrder.objects.exists()
    html = client.post(url, {**form, "ends_at": _at(served + dt.timedelta(hours=48))}).content.decode()
    assert "no later than 48 hours after service (section 80(3))" in html  # the hearing, an hour too late
    response = client.post(url, {**form, "ends_at": _at(served + dt.timedelta(hours=48)),
                                 "hearing_at": _at(served + dt.timedelta(hours=48))})
    notice = CivilOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == notice.get_absolute_url()
    assert notice.kind == CivilKind.CLOSURE_NOTICE and notice.owner_agency == police.agency
    assert notice.reference.startswith("CLN-")

    _justify(client, notice.get_absolute_url())
    html = client.get(notice.get_absolute_url()).content.decode()
    hearing = served + dt.timedelta(hours=48)
    assert f"must be heard by the magistrates by {hearing:%H:%M on %-d %B %Y}" in html.replace("\n", " ")
    assert "(48 hours; at most 48 in all, section 77)" in html and "Section 76(1)" in html
    printed = client.get(reverse("asb:civil_print", kwargs={"pk": notice.pk})).content.decode()
    assert "Closure notice" in printed and "Demo Magistrates" in printed and "is an offence (section 86)" in printed
    assert "Shelter" in printed  # s.76(5)(g): sources of housing and legal advice

    order_url = reverse("asb:closure_order_create", kwargs={"pk": notice.pk})
    decision = {"decision": "granted", "court": "Demo Magistrates' Court", "made_on": TODAY.isoformat(),
                "grounds": "Serious nuisance", "terms": "All persons"}
    html = client.post(order_url, {**decision, "expires_on": (add_months(TODAY, 3) + dt.timedelta(days=1))
                                   .isoformat()}).content.decode()
    assert "at most 3 months (section 80(6))" in html
    client.post(order_url, {**decision, "expires_on": add_months(TODAY, 3).isoformat()})
    order = CivilOrder.objects.get(kind=CivilKind.CLOSURE_ORDER)
    assert order.follows == notice and order.status == CivilStatus.IN_FORCE and order.steps.get().kind == "granted"
    assert civil.closure_hearing_due(notice) is None  # decided: no more clock

    with pytest.raises(EnforcementError, match=r"more than 6 months in total \(section 82\)"):
        civil.civil_step_record(actor=police, order=order, kind="extension", on=TODAY, details="Further dealing",
                                new_expiry=add_months(TODAY, 6) + dt.timedelta(days=1))
    civil.civil_step_record(actor=police, order=order, kind="extension", on=TODAY, details="Further dealing",
                            new_expiry=add_months(TODAY, 6))
    order.refresh_from_db()
    assert order.expires_on == add_months(TODAY, 6)
    with pytest.raises(EnforcementError, match="already recorded"):
        civil.closure_order_record(actor=police, notice=notice, decision="refused", grounds="x", terms="", court="c",
                                   made_on=TODAY)


def test_a_council_without_its_chief_executive_may_close_for_24_hours_only(asb):
    user = asb.users["caseworker"]  # of a council
    case = make_case(asb.own)
    served = timezone.now() - dt.timedelta(hours=1)
    with pytest.raises(EnforcementError, match="at most 24 hours"):
        civil.closure_notice_issue(actor=user, case=case, address="1 Demo Street", postcode="", grounds="Disorder",
                                   terms="Residents", authority="council", served_at=served,
                                   ends_at=served + dt.timedelta(hours=30), **HEARING(served))
    with pytest.raises(EnforcementError, match=r"section 76\(1\)"):
        civil.closure_notice_issue(actor=user, case=case, address="1 Demo Street", postcode="", grounds="Disorder",
                                   terms="Residents", authority="inspector", served_at=served,
                                   ends_at=served + dt.timedelta(hours=20), **HEARING(served))
    notice = civil.closure_notice_issue(actor=user, case=case, address="1 Demo Street", postcode="",
                                        grounds="Disorder", terms="Residents", authority="council", served_at=served,
                                        ends_at=served + dt.timedelta(hours=24), **HEARING(served))
    # A 24-hour notice extended by the chief executive's designate to 48 hours in all, not beyond.
    with pytest.raises(EnforcementError, match="48 hours in all"):
        civil.civil_step_record(actor=user, order=notice, kind="extension", on=TODAY, details="Party announced",
                                authority="council_chief", new_end_at=served + dt.timedelta(hours=49))
    civil.civil_step_record(actor=user, order=notice, kind="extension", on=TODAY, details="Party announced",
                            authority="council_chief", new_end_at=served + dt.timedelta(hours=48))
    notice.refresh_from_db()
    assert notice.ends_at == served + dt.timedelta(hours=48)


# --- Injunctions, CBOs, contracts -----------------------------------------------------------

def test_an_injunction_against_a_9_year_old_is_refused_on_the_page(client, asb):
    case = make_case(asb.own)
    child = make_party(case, name="Kid Young", dob=TODAY.replace(year=TODAY.year - 10) + dt.timedelta(days=1))
    client.force_login(asb.users["caseworker"])
    _justify(client, case.get_absolute_url())
    url = reverse("asb:civil_create", kwargs={"pk": case.pk, "kind": "injunction"})
    form = {"party": str(child.pk), "grounds": "Threw stones at buses", "terms": "Not to enter the bus station",
            "applied_on": TODAY.isoformat(), "yot_consulted": "on"}
    html = client.post(url, form).content.decode()
    assert "The respondent is 9" in html and "aged 10 or over (section 1(1) of the 2014 Act)" in html
    assert not CivilOrder.objects.exists()
    child.date_of_birth = TODAY.replace(year=TODAY.year - 15)
    child.save()
    response = client.post(url, form)
    injunction = CivilOrder.objects.get()
    assert response.status_code == 302
    assert injunction.status == CivilStatus.APPLIED and injunction.court == "Youth court"
    with pytest.raises(EnforcementError, match=r"section 1\(6\)"):
        civil.civil_step_record(actor=asb.users["caseworker"], order=injunction, kind="granted", on=TODAY,
                                details="Granted", new_expiry=None)
    civil.civil_step_record(actor=asb.users["caseworker"], order=injunction, kind="granted", on=TODAY,
                            details="Granted", new_expiry=TODAY + dt.timedelta(days=180))
    injunction.refresh_from_db()
    assert injunction.status == CivilStatus.IN_FORCE and injunction.made_on == TODAY


def test_a_youth_cbo_shows_its_review_dates_and_reminds_the_officer(client, asb, mailoutbox):
    user = asb.users["caseworker"]
    user.email = "cw@own.example"
    user.save()
    case = make_case(asb.own)
    made = days_ago(340)  # the first review period ends in 24 days
    # 15 when the order is made, 18 a month before its third review period ends: two reviews.
    teen = make_party(case, name="Teen Driver", dob=made.replace(year=made.year - 15) - dt.timedelta(days=30))
    order = civil.civil_order_record(actor=user, case=case, kind="cbo", party=teen, grounds="Dangerous driving",
                                     terms="Not to drive", offence="Dangerous driving", convicted_on=made,
                                     made_on=made, expires_on=made.replace(year=made.year + 3),
                                     court="Demo Youth Court")
    first = made.replace(year=made.year + 1) - dt.timedelta(days=1)
    assert [due for due, _done in civil.cbo_reviews(order)] == [first, made.replace(year=made.year + 2)
                                                                - dt.timedelta(days=1)]
    client.force_login(user)
    _justify(client, order.get_absolute_url())
    html = client.get(order.get_absolute_url()).content.decode()
    assert f"Review due by {first:%-d %B %Y}: to do" in html
    assert any(ref == order.reference and "youth CBO review" in what
               for _who, ref, what, _due in reminders.civil_deadlines())
    assert reminders.civil_reminders_send() == 1
    assert order.reference in mailoutbox[0].body and "Teen Driver" not in mailoutbox[0].body
    civil.civil_step_record(actor=user, order=order, kind="review", on=TODAY, details="Reviewed with the YOT")
    assert civil.cbo_reviews(order)[0] == (first, True)
    assert not reminders.civil_deadlines()


def test_an_abc_must_be_agreed(asb):
    case = make_case(asb.own)
    party = make_party(case)
    with pytest.raises(EnforcementError, match="voluntary"):
        civil.civil_order_record(actor=asb.users["caseworker"], case=case, kind="abc", party=party, grounds="Noise",
                                 terms="No noise", made_on=TODAY, expires_on=TODAY + dt.timedelta(days=180))
    abc = civil.civil_order_record(actor=asb.users["caseworker"], case=case, kind="abc", party=party, grounds="Noise",
                                   terms="No noise", made_on=TODAY, expires_on=TODAY + dt.timedelta(days=180),
                                   agreed=True)
    assert abc.reference.startswith("ABC-") and abc.subject_name == "Sam Loud"


# --- Who sees what --------------------------------------------------------------------------

def test_orders_are_seen_by_agreement_not_by_other_agencies_and_views_are_logged(client, asb):
    case = make_case(asb.own)
    order = make_cbo(case, make_party(case))
    partner = UserFactory(agency=asb.partner, role="caseworker")
    stranger = UserFactory(agency=asb.other, role="caseworker")
    url = order.get_absolute_url()

    client.force_login(partner)
    assert "audit/justify.html" in [t.name for t in client.get(url).templates]  # a reason first
    _justify(client, url)
    response = client.get(url)
    assert response.status_code == 200 and "Sam Loud" in response.content.decode()
    assert AccessEvent.objects.filter(actor=partner, action="view", record_id=str(order.pk)).exists()
    listed = client.get(reverse("asb:civil_list"), {"reason": "casework", "kind": "cbo"}).content.decode()
    assert order.reference in listed
    assert client.get(reverse("asb:civil_step_add", kwargs={"pk": order.pk})).status_code == 404  # reading only

    client.force_login(stranger)
    assert client.get(url).status_code == 404
    listed = client.get(reverse("asb:civil_list"), {"reason": "casework"}).content.decode()
    assert order.reference not in listed and "0 found" in listed


def test_the_case_page_lists_its_orders_and_offers_the_tools(client, asb):
    case = make_case(asb.own)
    notice = make_closure_notice(case)
    client.force_login(asb.users["caseworker"])
    _justify(client, case.get_absolute_url())
    html = client.get(case.get_absolute_url()).content.decode()
    assert notice.reference in html and "Issue a closure notice" in html


# --- PSPOs ----------------------------------------------------------------------------------

def test_a_council_records_a_pspo_with_its_area_and_every_agency_reads_it(client, asb, police):
    user = asb.users["caseworker"]
    client.force_login(user)
    upload = SimpleUploadedFile("area.geojson", json.dumps(SQUARE).encode(), content_type="application/geo+json")
    form = {"title": "Church Street alcohol control (test)", "area_description": "Church Street and the market",
            "boundary": upload, "activities": "Street drinking", "prohibitions": "Drinking when asked to stop",
            "requirements": "", "consulted_on": days_ago(40).isoformat(), "made_on": days_ago(10).isoformat(),
            "expires_on": (days_ago(10).replace(year=days_ago(10).year + 3) + dt.timedelta(days=1)).isoformat()}
    html = client.post(reverse("places:pspo_create"), form).content.decode()
    assert "at most 3 years (section 60(1))" in html
    upload.seek(0)
    response = client.post(reverse("places:pspo_create"), {**form, "expires_on": days_ago(10).replace(
        year=days_ago(10).year + 3).isoformat()})
    order = PublicSpacesOrder.objects.get()
    assert response.status_code == 302 and order.made_by == asb.own and order.geometry["type"] == "Polygon"

    # The police (no agreement with the council) read it: a public order naming nobody.
    client.force_login(police)
    listed = client.get(reverse("places:pspos")).content.decode()
    assert order.reference in listed and "<svg" in listed and "<path d=\"M" in listed
    html = client.get(order.get_absolute_url()).content.decode()
    challenge_by = days_ago(10) + dt.timedelta(days=41)
    assert f"{challenge_by:%-d %B %Y} (6 weeks, section 66)" in html
    geojson = json.loads(client.get(reverse("places:pspo_geojson", kwargs={"pk": order.pk})).content)
    assert geojson["features"][0]["geometry"] == order.geometry
    assert client.get(reverse("places:pspo_step_add", kwargs={"pk": order.pk})).status_code == 404
    with pytest.raises(EnforcementError, match="section 59"):
        civil.pspo_make(actor=police, title="x", area_description="y", geometry=SQUARE, activities="z",
                        prohibitions="p", requirements="", consulted_on=days_ago(5), made_on=TODAY,
                        expires_on=TODAY + dt.timedelta(days=30))


def test_pspo_extension_challenge_and_discharge(asb):
    user = asb.users["caseworker"]
    order = make_pspo(asb.own, made_on=days_ago(60))
    with pytest.raises(EnforcementError, match=r"section 66\(2\)"):
        civil.pspo_step_record(actor=user, order=order, kind="challenge", on=TODAY, details="Residents' group")
    with pytest.raises(EnforcementError, match=r"section 72\(3\)"):
        civil.pspo_step_record(actor=user, order=order, kind="extension", on=TODAY, details="Still needed",
                               new_expiry=order.expires_on + dt.timedelta(days=365))
    civil.pspo_step_record(actor=user, order=order, kind="extension", on=TODAY, details="Still needed",
                           new_expiry=order.expires_on + dt.timedelta(days=365), consulted=True)
    partner = UserFactory(agency=asb.partner, role="caseworker")
    with pytest.raises(EnforcementError, match="Only the council that made"):
        civil.pspo_step_record(actor=partner, order=order, kind="discharge", on=TODAY, details="No")
    civil.pspo_step_record(actor=user, order=order, kind="discharge", on=TODAY, details="Problem gone")
    order.refresh_from_db()
    assert order.status == PspoStatus.DISCHARGED and not order.current()


def test_a_pspo_near_its_expiry_is_a_reminder(asb):
    order = make_pspo(asb.own, made_on=days_ago(3 * 365 - 30), created_by=asb.users["caseworker"])
    assert [(ref, due) for _who, ref, _what, due in reminders.civil_deadlines()] == [
        (order.reference, order.expires_on)]


# --- Measures -------------------------------------------------------------------------------

def test_measures_count_each_tool_by_period(asb):
    case = make_case(asb.own)
    party = make_party(case)
    q1, q2 = (dt.date(2025, 1, 1), dt.date(2025, 3, 31)), (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    make_cbo(case, party, made_on=dt.date(2025, 2, 1))
    make_cbo(case, party, made_on=dt.date(2025, 4, 1))
    make_cbo(case, party, made_on=dt.date(2025, 4, 2), status=CivilStatus.DISCHARGED)
    refused = make_cbo(case, party, made_on=dt.date(2025, 4, 3))
    refused.status = CivilStatus.REFUSED
    refused.save()
    served = timezone.make_aware(dt.datetime(2025, 3, 31, 23, 0))
    make_closure_notice(case, served_at=served)
    make_pspo(asb.own, made_on=dt.date(2025, 6, 30))
    assert measures.get("asb.civil_cbo").compute(*q1) == 1.0
    assert measures.get("asb.civil_cbo").compute(*q2) == 2.0  # the refusal is not counted
    assert measures.get("asb.civil_closure_notice").compute(*q1) == 1.0
    assert measures.get("asb.civil_closure_notice").compute(*q2) == 0.0
    assert measures.get("asb.civil_pspo").compute(*q2) == 1.0
    assert measures.get("asb.civil_injunction").compute(*q1) == 0.0
    assert {key for key, _label in measures.choices()} >= {
        "asb.civil_closure_notice", "asb.civil_closure_order", "asb.civil_injunction", "asb.civil_cbo",
        "asb.civil_abc", "asb.civil_pspo"}


def test_the_person_page_lists_the_orders_against_them(client, asb):
    person = asb.people["own"]
    case = make_case(asb.own)
    order = make_cbo(case, make_party(case, name="", person=person))
    other_case = make_case(asb.other)
    hidden = make_cbo(other_case, make_party(other_case, name="", person=person))
    client.force_login(asb.users["caseworker"])
    url = reverse("people:detail", kwargs={"pk": person.pk})
    _justify(client, url)
    html = client.get(url).content.decode()
    assert order.reference in html and "Criminal Behaviour Orders and contracts you may see" in html
    assert hidden.reference not in html


def test_each_tool_has_its_form_with_its_legal_test(client, asb):
    case = make_case(asb.own)
    make_party(case)
    client.force_login(asb.users["caseworker"])
    _justify(client, case.get_absolute_url())
    for kind, words in [("closure_notice", "section 76(1)"), ("injunction", "just and convenient"),
                        ("cbo", "harassment, alarm or distress"), ("abc", "no statutory basis")]:
        response = client.get(reverse("asb:civil_create", kwargs={"pk": case.pk, "kind": kind}))
        assert response.status_code == 200 and words in response.content.decode().replace("&#x27;", "'"), kind
    assert client.get(reverse("asb:civil_create", kwargs={"pk": case.pk, "kind": "pspo"})).status_code == 404


def test_a_breach_after_the_order_ended_is_refused_and_one_during_it_is_recorded(asb):
    user = asb.users["caseworker"]
    case = make_case(asb.own)
    order = make_cbo(case, make_party(case), made_on=days_ago(800))  # 2 years: ended 70 days ago
    with pytest.raises(EnforcementError, match="a later failure is not a breach"):
        civil.civil_step_record(actor=user, order=order, kind="breach", on=days_ago(60), details="Seen in the street")
    civil.civil_step_record(actor=user, order=order, kind="breach", on=days_ago(75), details="Seen in the street")
    order.refresh_from_db()
    assert order.status == CivilStatus.BREACHED and civil.steps_available(order)
    with pytest.raises(EnforcementError, match="does not apply"):
        civil.civil_step_record(actor=user, order=order, kind="cancelled", on=TODAY, details="No")
