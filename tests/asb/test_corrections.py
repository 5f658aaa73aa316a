"""Correcting what was saved: a case, its parties and incidents (personal data: each change needs its
reason, kept in the change history), an action of the plan and a priority area (reason optional)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from saferplaces.asb import services
from saferplaces.asb.models import Incident
from saferplaces.audit import chain
from saferplaces.audit.models import ChangeRecord
from saferplaces.places import services as places_services
from saferplaces.places.boundaries import Boundary
from saferplaces.plans.importer import plan_import
from saferplaces.plans.models import Action
from tests.asb.builders import make_case, make_party
from tests.factories import AgreementFactory

NOW = timezone.localtime()
SQUARE = {"type": "Polygon", "coordinates": [[[-0.2, 51.5], [-0.19, 51.5], [-0.19, 51.51], [-0.2, 51.51],
                                              [-0.2, 51.5]]]}


def _justify(client, url):
    client.post(url, {"justification-form": "1", "reason": "casework"})


def _change(model_label, pk):
    return ChangeRecord.objects.filter(record_type=model_label, record_id=str(pk), action="update").get()


@pytest.fixture
def asb(world):
    AgreementFactory(parties=[world.own, world.partner], data_categories=["asb", "enforcement"])
    return world


def _case_form(case, **changes):
    return {"title": case.title, "location": case.location, "postcode": case.postcode, "summary": case.summary,
            "opened_on": case.opened_on.isoformat(), "reason": "", **changes}


def test_a_case_is_corrected_with_its_reason_and_refused_without_one(client, asb):
    case = make_case(asb.own, title="Noise at Demo Cort")
    client.force_login(asb.users["caseworker"])
    url = reverse("asb:case_edit", kwargs={"pk": case.pk})
    _justify(client, url)
    page = client.post(url, _case_form(case, title="Noise at Demo Court")).content.decode()
    assert "Give the reason for the change" in page
    case.refresh_from_db()
    assert case.title == "Noise at Demo Cort"
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    page = client.post(url, _case_form(case, opened_on=future, reason="Typo")).content.decode()
    assert "The date the case opened cannot be in the future" in page
    response = client.post(url, _case_form(case, title="Noise at Demo Court", postcode="w2 5eh",
                                           reason="Street name misspelt"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.title, case.postcode) == ("Noise at Demo Court", "W2 5EH")
    change = _change("asb.asbcase", case.pk)
    assert change.reason == "Street name misspelt" and change.actor == asb.users["caseworker"]
    assert change.before["title"] == "Noise at Demo Cort" and change.after["title"] == "Noise at Demo Court"
    # The reason is shown in the case's history and on the data protection officer's history page.
    assert "Street name misspelt" in client.get(reverse("asb:case_detail", kwargs={"pk": case.pk})).content.decode()
    client.force_login(asb.users["dpo"])
    history = client.get(reverse("audit:changes"), {"record_type": "asb.asbcase", "record_id": case.pk})
    assert "Street name misspelt" in history.content.decode()


def test_a_reason_is_sealed_into_the_change_records_hash(asb):
    case = make_case(asb.own)
    services.case_update(actor=asb.users["caseworker"], case=case, title="Corrected", location="Here",
                         reason="Typo in the title")
    change = _change("asb.asbcase", case.pk)
    # Sealed through the salted digest of the row's erasable values (docs/decisions/0006).
    assert change.reason == "Typo in the title"
    assert chain.hashed_values(change)["values_digest"] == chain.values_digest(change, change.values_salt)
    assert list(chain.verify(ChangeRecord)) == []
    # Changes made without a reason carry none (NULL, left out of the hash as before the field existed).
    created = ChangeRecord.objects.get(record_type="asb.asbcase", record_id=str(case.pk), action="create")
    assert created.reason is None and "reason" not in chain.hashed_values(created)


def test_the_service_refuses_a_correction_without_a_reason(asb):
    case = make_case(asb.own)
    with pytest.raises(services.CaseError, match="reason"):
        services.case_update(actor=asb.users["caseworker"], case=case, title="New", location="Here", reason="  ")
    assert not ChangeRecord.objects.filter(record_type="asb.asbcase", action="update").exists()


def test_other_agencies_cannot_correct_a_case_or_its_parts(client, asb):
    shared = make_case(asb.partner)  # visible through the agreement, but not theirs to change
    hidden = make_case(asb.other)
    client.force_login(asb.users["caseworker"])
    for case in (shared, hidden):
        party = make_party(case)
        incident = Incident.objects.create(case=case, occurred_at=timezone.now(), location="Here", kind="noise",
                                           description="Music", reporting_agency=case.owner_agency)
        for url in (reverse("asb:case_edit", kwargs={"pk": case.pk}),
                    reverse("asb:party_edit", kwargs={"pk": party.pk}),
                    reverse("asb:incident_edit", kwargs={"pk": incident.pk})):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"reason": "Mine now", "title": "Taken"}).status_code == 404, url
    shared.refresh_from_db()
    assert shared.title != "Taken"
    client.force_login(asb.users["read_only_partner"])  # their own agency's case, but a role that reads only
    own = make_case(asb.own)
    assert client.get(reverse("asb:case_edit", kwargs={"pk": own.pk})).status_code == 404


def test_a_typed_party_is_corrected_and_a_linked_party_changes_only_its_part(client, asb):
    case = make_case(asb.own)
    typed = make_party(case, name="Sam Lowd", address="1 Demo St")
    linked = make_party(case, name="", dob=None, address="", person=asb.people["own"], role="complainant")
    client.force_login(asb.users["caseworker"])
    url = reverse("asb:party_edit", kwargs={"pk": typed.pk})
    _justify(client, url)
    form = {"role": "perpetrator", "is_business": "person", "name": "Sam Loud", "date_of_birth": "1990-05-01",
            "address": "1 Demo Street", "postcode": "w2 5eh", "reason": ""}
    assert "Give the reason for the change" in client.post(url, form).content.decode()
    assert client.post(url, {**form, "name": "", "reason": "x"}).status_code == 200
    assert client.post(url, {**form, "reason": "Name misspelt on the complaint"}).status_code == 302
    typed.refresh_from_db()
    assert (typed.name, typed.address, typed.postcode) == ("Sam Loud", "1 Demo Street", "W2 5EH")
    assert _change("asb.party", typed.pk).reason == "Name misspelt on the complaint"
    url = reverse("asb:party_edit", kwargs={"pk": linked.pk})
    page = client.get(url).content.decode()
    assert 'name="name"' not in page and 'name="role"' in page  # details are the person record's
    assert client.post(url, {"role": "victim", "reason": "They are the victim"}).status_code == 302
    linked.refresh_from_db()
    assert (linked.role, linked.person, linked.name) == ("victim", asb.people["own"], "")
    with pytest.raises(services.CaseError, match="person record"):
        services.party_update(actor=asb.users["caseworker"], party=linked, role="victim", name="Copied name",
                              reason="Trying to copy")


def test_an_incident_is_corrected_with_its_reason(client, asb):
    case = make_case(asb.own)
    incident = Incident.objects.create(case=case, occurred_at=timezone.now() - dt.timedelta(days=2),
                                       location="Demo Court", kind="noise", description="Music",
                                       reporting_agency=asb.own)
    client.force_login(asb.users["caseworker"])
    url = reverse("asb:incident_edit", kwargs={"pk": incident.pk})
    _justify(client, url)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    form = {"occurred_on": yesterday.isoformat(), "occurred_time": "22:30", "location": "Demo Court, flat 3",
            "kind": "intimidation", "description": "Shouting at the neighbour", "reporting_agency": asb.partner.pk,
            "is_complaint": "on", "reason": ""}
    assert "Give the reason for the change" in client.post(url, form).content.decode()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert "cannot be in the future" in client.post(url, {**form, "occurred_on": tomorrow,
                                                          "reason": "x"}).content.decode()
    assert client.post(url, {**form, "reason": "Recorded as noise by mistake"}).status_code == 302
    incident.refresh_from_db()
    assert (incident.kind, incident.location, incident.reporting_agency) == (
        "intimidation", "Demo Court, flat 3", asb.partner)
    assert timezone.localtime(incident.occurred_at).date() == yesterday
    assert _change("asb.incident", incident.pk).reason == "Recorded as noise by mistake"


def test_a_coordinator_corrects_a_plan_action_and_others_may_not(client, world):
    plan_import()
    action = Action.objects.exclude(text="").order_by("pk").first()
    url = reverse("plans:action_edit", kwargs={"pk": action.pk})
    client.force_login(world.users["caseworker"])
    assert client.get(url).status_code == 403
    client.force_login(world.users["coordinator"])
    form = {"text": "Reduce repeat burglary in the West End", "lead": "Police", "kpi_text": "Repeat rate",
            "deadline_text": "March 2019", "note": "", "reason": "Board agreed new wording"}
    assert "Describe the action" in client.post(url, {**form, "text": " "}).content.decode()
    assert client.post(url, form).status_code == 302
    action.refresh_from_db()
    assert (action.text, action.deadline_text) == ("Reduce repeat burglary in the West End", "March 2019")
    assert _change("plans.action", action.pk).reason == "Board agreed new wording"


def test_a_priority_area_is_renamed_with_an_optional_reason(client, world):
    coordinator = world.users["coordinator"]
    area = places_services.priority_area_create(actor=coordinator, name="North", boundary=Boundary(SQUARE, (), ()))
    places_services.priority_area_create(actor=coordinator, name="South", boundary=Boundary(SQUARE, (), ()))
    client.force_login(coordinator)
    url = reverse("places:area_edit", kwargs={"pk": area.pk})
    assert "already a priority area called South" in client.post(
        url, {"name": "South", "description": "", "active": "on"}).content.decode()
    assert client.post(url, {"name": "North Church Street", "description": "Market area", "active": "on",
                             "reason": "Named after the market"}).status_code == 302
    area.refresh_from_db()
    assert (area.name, area.description, area.active) == ("North Church Street", "Market area", True)
    assert _change("places.priorityarea", area.pk).reason == "Named after the market"
    client.force_login(world.users["caseworker"])
    assert client.get(url).status_code == 403


def test_correcting_an_incident_keeps_its_place_on_the_map(client, asb):
    case = make_case(asb.own)
    incident = Incident.objects.create(case=case, occurred_at=NOW - dt.timedelta(days=1), location="Demo Court",
                                       kind="noise", description="Music", reporting_agency=asb.own,
                                       latitude=51.52, longitude=-0.18)
    client.force_login(asb.users["caseworker"])
    url = reverse("asb:incident_edit", kwargs={"pk": incident.pk})
    _justify(client, url)
    form = client.get(url).context["form"]
    # The form carries the point it was saved with (hidden), so saving the correction keeps it.
    assert (form["latitude"].value(), form["longitude"].value()) == (51.52, -0.18)
    at = timezone.localtime(incident.occurred_at)
    response = client.post(url, {"occurred_on": at.date().isoformat(), "occurred_time": at.strftime("%H:%M"),
                                 "location": "Demo Court", "postcode": "", "kind": "verbal_abuse",
                                 "description": "Shouting", "reporting_agency": asb.own.pk, "is_complaint": "on",
                                 "latitude": form["latitude"].value(), "longitude": form["longitude"].value(),
                                 "reason": "Recorded as noise by mistake"})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.kind, incident.latitude, incident.longitude) == ("verbal_abuse", 51.52, -0.18)


def test_a_new_postcode_moves_the_case_and_a_click_wins_over_it(client, asb):
    from saferplaces.geo.models import Postcode

    Postcode.objects.create(postcode="NW8 8EY", latitude=51.5255, longitude=-0.1705)
    case = make_case(asb.own, postcode="W2 5EH", latitude=51.515, longitude=-0.185)
    client.force_login(asb.users["caseworker"])
    url = reverse("asb:case_edit", kwargs={"pk": case.pk})
    _justify(client, url)
    form = client.get(url).context["form"]
    saved = {"latitude": form["latitude"].value(), "longitude": form["longitude"].value()}
    assert saved == {"latitude": 51.515, "longitude": -0.185}
    # Without a script the hidden point is still the saved one: the new postcode places the case.
    assert client.post(url, _case_form(case, postcode="nw8 8ey", reason="Wrong postcode", **saved)).status_code == 302
    case.refresh_from_db()
    assert (case.postcode, case.latitude, case.longitude) == ("NW8 8EY", 51.5255, -0.1705)
    # A point marked on the map (it differs from the saved one) is kept whatever the postcode.
    client.post(url, _case_form(case, postcode="W2 5EH", latitude=51.52, longitude=-0.19, reason="Exact place"))
    case.refresh_from_db()
    assert (case.postcode, case.latitude, case.longitude) == ("W2 5EH", 51.52, -0.19)
