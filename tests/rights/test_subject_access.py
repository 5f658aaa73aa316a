"""Subject access: find the subject through linkage, ask the partner, redact a third party, produce the
package; each step in the access log."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from saferplaces.audit.models import AccessEvent
from saferplaces.notifications.models import Notification, NotificationKind
from saferplaces.rights import services
from saferplaces.rights.models import PartnerStatus, RedactionDecision, SubjectAccessRequest
from saferplaces.rights.package import REDACTED, PackageNotReady, build_package, package_pdf
from tests.conftest import force_login_verified
from tests.rights.builders import subject_world

pytestmark = pytest.mark.django_db


def _sar(s, **extra):
    return services.sar_create(actor=s.dpo, forename="Maria", surname="Kowalska", received_on=dt.date(2025, 9, 3),
                               date_of_birth=dt.date(1978, 11, 2), **extra)


def test_finding_the_subject_lists_own_records_asks_the_partner_and_flags_the_third_party():
    s = subject_world()
    sar = _sar(s)
    services.sar_find(actor=s.dpo, sar=sar, person=s.person)

    assert sar.reference == "SAR-2025-0001" and sar.due_on == dt.date(2025, 10, 3)
    assert sorted(i.label for i in sar.items.all()) == sorted([f"Person {s.person.pk}", f"Asb case {s.case.pk}"])
    [partner] = sar.partner_requests.all()
    assert partner.agency == s.police and partner.status == PartnerStatus.SENT
    assert sorted(r[0] for r in partner.records) == ["people.person", "victims.victimisation"]
    [told] = Notification.objects.filter(recipient=s.police_dpo)
    assert told.kind == NotificationKind.SUBJECT_ACCESS and "Kowalska" not in told.reference
    assert [(r.text, r.decision) for r in sar.redactions.all()] == [("Derek Noakes", RedactionDecision.UNDECIDED)]


def test_package_is_refused_until_every_redaction_is_decided_then_redacts_everywhere():
    s = subject_world()
    sar = _sar(s)
    services.sar_find(actor=s.dpo, sar=sar, person=s.person)
    with pytest.raises(PackageNotReady):
        build_package(sar)
    [redaction] = sar.redactions.all()
    services.redaction_decide(actor=s.dpo, redaction=redaction, decision="redact", reason="Third party")
    services.redaction_add(actor=s.dpo, sar=sar, text="3am", reason="Identifies the neighbour's habits")

    package = build_package(sar)
    text = json.dumps(package)
    assert "Derek" not in text and "3am" not in text
    [case] = [r for r in package["records"] if r["kind"] == "Asb case"]
    assert case["notes"] == [{"date": "2025-03-01", "contact": "Visit",
                              "text": f"Visited Maria; {REDACTED} played music until {REDACTED} again."}]
    assert {p["role"]: p["name"] for p in case["parties"]} == {"Victim": "Maria Kowalska",
                                                                "Alleged perpetrator": REDACTED}
    assert package["partners_asked"] == ["Metropolitan Police"] and package["redactions"] == 2
    assert package_pdf(package).startswith(b"%PDF")


def test_a_kept_name_stays_with_its_reason():
    s = subject_world()
    sar = _sar(s)
    services.sar_find(actor=s.dpo, sar=sar, person=s.person)
    [redaction] = sar.redactions.all()
    services.redaction_decide(actor=s.dpo, redaction=redaction, decision="keep", reason="He consented in writing")
    assert "Derek Noakes" in json.dumps(build_package(sar))


def test_extension_moves_the_deadline_by_two_months_once():
    s = subject_world()
    sar = services.sar_extend(actor=s.dpo, sar=_sar(s), reason="Records across six agencies")
    assert sar.due_on == dt.date(2025, 12, 3)
    with pytest.raises(services.RightsError):
        services.sar_extend(actor=s.dpo, sar=sar, reason="Again")


def test_partner_dpo_answers_and_the_requesting_dpo_is_told():
    s = subject_world()
    sar = _sar(s)
    services.sar_find(actor=s.dpo, sar=sar, person=s.person)
    partner = sar.partner_requests.get()
    with pytest.raises(PermissionDenied):  # another agency's DPO cannot answer for the police
        services.partner_request_answer(actor=s.dpo, request=partner, response="x")
    services.partner_request_answer(actor=s.police_dpo, request=partner, response="Sent our copy on 10 September")
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.ANSWERED
    assert Notification.objects.filter(recipient=s.dpo, kind=NotificationKind.SUBJECT_ACCESS).count() == 1


def test_the_pages_walk_the_request_and_the_access_log_shows_each_step(client):
    s = subject_world()
    force_login_verified(client, s.dpo)
    response = client.post(reverse("rights:sar_create"), {"forename": "Maria", "surname": "Kowalska",
                                                         "date_of_birth": "1978-11-02", "received_on": "2025-09-03"})
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302
    page = client.get(sar.get_absolute_url())
    assert f"record {s.person.pk}" in page.content.decode() and s.police_person.pk != s.person.pk
    client.post(reverse("rights:sar_find", args=[sar.pk]), {"person": s.person.pk})
    redaction = sar.redactions.get()
    client.post(reverse("rights:redaction_decide", args=[sar.pk, redaction.pk]),
                {"decision": "redact", "reason": "Third party"})
    pdf = client.get(reverse("rights:sar_pdf", args=[sar.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    data = client.get(reverse("rights:sar_json", args=[sar.pk]))
    assert "Derek" not in data.content.decode()

    steps = [e.detail.get("step") for e in AccessEvent.objects.filter(actor=s.dpo).order_by("id")
             if e.record_type == "rights.subjectaccessrequest"]
    assert steps == ["request recorded", "own agency's records searched for the subject", "subject found",
                     "third-party information redacted", "package downloaded (PDF)", "package downloaded (JSON)"]
    assert AccessEvent.objects.filter(actor=s.dpo, action="view", record_type="asb.asbcase",
                                      record_id=str(s.case.pk), reason="legal").exists()


def test_another_agencys_dpo_and_a_caseworker_cannot_open_the_request(client):
    s = subject_world()
    sar = _sar(s)
    force_login_verified(client, s.police_dpo)
    assert client.get(sar.get_absolute_url()).status_code == 404
    assert client.get(reverse("rights:sar_pdf", args=[sar.pk])).status_code == 404
