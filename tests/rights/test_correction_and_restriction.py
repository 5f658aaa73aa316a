"""Correction (Art. 16) with history and partners told; erasure (Art. 17) and restriction (Art. 18)
decided with reasons; a restriction hides the records from everyone in policy until it is lifted."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.asb.models import AsbCase
from saferplaces.audit.models import ChangeRecord
from saferplaces.notifications.models import Notification, NotificationKind
from saferplaces.people.models import Person
from saferplaces.policy import access
from saferplaces.policy.models import Restriction
from saferplaces.rights import services
from saferplaces.rights.models import Decision
from tests.conftest import force_login_verified
from tests.factories import UserFactory
from tests.rights.builders import subject_world

pytestmark = pytest.mark.django_db


def test_correction_keeps_the_old_value_and_reason_in_history_and_tells_the_linked_partner():
    s = subject_world()
    services.person_correct(actor=s.dpo, person=s.person, reason="Passport shows 1979",
                            date_of_birth=dt.date(1979, 11, 2), surname="Kowalska")
    s.person.refresh_from_db()
    assert s.person.date_of_birth == dt.date(1979, 11, 2)
    change = ChangeRecord.objects.filter(record_type="people.person", record_id=str(s.person.pk)).order_by("id").last()
    assert change.reason == "Passport shows 1979"
    [told] = Notification.objects.filter(recipient=s.police_dpo)
    assert told.kind == NotificationKind.RECORD_CORRECTED and "date_of_birth" in told.reference
    assert told.url == reverse("rights:person_correct", args=[s.police_person.pk])


def test_correction_needs_a_reason_a_change_and_the_own_agency():
    s = subject_world()
    with pytest.raises(services.RightsError):
        services.person_correct(actor=s.dpo, person=s.person, reason="", surname="K")
    with pytest.raises(services.RightsError):
        services.person_correct(actor=s.dpo, person=s.person, reason="No change", surname="Kowalska")
    with pytest.raises(PermissionDenied):
        services.person_correct(actor=s.dpo, person=s.police_person, reason="Not ours", surname="K")


def test_correction_page(client):
    s = subject_world()
    force_login_verified(client, s.dpo)
    url = reverse("rights:person_correct", args=[s.person.pk])
    response = client.post(url, {"forename": "Maria", "surname": "Kowalski", "date_of_birth": "1978-11-02",
                                 "reason": "Misspelt"})
    assert response.status_code == 302
    assert Person.objects.get(pk=s.person.pk).surname == "Kowalski"
    assert client.get(reverse("rights:person_correct", args=[s.police_person.pk])).status_code == 404


def test_granted_restriction_hides_the_records_from_everyone_until_lifted():
    s = subject_world()
    manager = UserFactory(agency=s.council, role=Role.MANAGER)
    assert access.scope(manager, Person.objects.all()).filter(pk=s.person.pk).exists()
    request = services.rights_request_create(actor=s.dpo, person=s.person, kind="restriction",
                                             received_on=dt.date(2025, 9, 1), grounds="Contests accuracy")
    services.rights_request_decide(actor=s.dpo, request=request, decision=Decision.GRANTED,
                                   reason="Accuracy contested (Art. 18(1)(a))")

    assert Restriction.objects.active().count() == 2  # the person record and the ASB case
    assert not access.scope(manager, Person.objects.all()).filter(pk=s.person.pk).exists()
    assert not access.scope(manager, AsbCase.objects.all()).filter(pk=s.case.pk).exists()
    with pytest.raises(Http404):
        access.fetch(manager, Person.objects.all(), s.person.pk)
    # The police's linked record is theirs: the council's restriction does not reach it.
    assert access.scope(UserFactory(agency=s.police, role=Role.MANAGER), Person.objects.all()).filter(
        pk=s.police_person.pk).exists()

    services.restriction_lift(actor=s.dpo, request=request, reason="Accuracy verified")
    assert Restriction.objects.active().count() == 0
    assert access.fetch(manager, Person.objects.all(), s.person.pk) == s.person


def test_erasure_granted_erases_and_refused_keeps_with_reason():
    s = subject_world()
    refused = services.rights_request_create(actor=s.dpo, person=s.person, kind="erasure",
                                             received_on=dt.date(2025, 9, 1), grounds="Wants it gone")
    services.rights_request_decide(actor=s.dpo, request=refused, decision=Decision.REFUSED,
                                   reason="Needed for an open ASB case (Art. 17(3)(b))")
    assert Person.objects.get(pk=s.person.pk).surname == "Kowalska"
    with pytest.raises(services.RightsError):
        services.rights_request_decide(actor=s.dpo, request=refused, decision=Decision.GRANTED, reason="Again")

    granted = services.rights_request_create(actor=s.dpo, person=s.person, kind="erasure",
                                             received_on=dt.date(2025, 10, 1), grounds="Case closed")
    services.rights_request_decide(actor=s.dpo, request=granted, decision=Decision.GRANTED, reason="No longer needed")
    erased = Person.objects.filter(pk=s.person.pk).first()
    assert erased is None or (erased.surname == "" and erased.date_of_birth is None)


def test_request_pages(client):
    s = subject_world()
    force_login_verified(client, s.dpo)
    response = client.post(reverse("rights:request_create"), {"kind": "restriction", "person_id": s.police_person.pk,
                                                              "received_on": "2025-09-01", "grounds": "x"})
    assert response.status_code == 200 and "your agency holds" in response.content.decode()
    response = client.post(reverse("rights:request_create"), {"kind": "restriction", "person_id": s.person.pk,
                                                              "received_on": "2025-09-01", "grounds": "x"})
    made = response.url
    client.post(made, {"decision": "granted", "reason": "Contested"})
    assert Restriction.objects.active().exists()
    client.post(made, {"reason": "Verified"})
    assert not Restriction.objects.active().exists()
