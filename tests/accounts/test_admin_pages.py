import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from saferplaces.accounts import services
from saferplaces.accounts.models import Agency, User
from saferplaces.audit.models import ChangeRecord


def test_administrator_adds_an_agency_and_the_change_is_kept(client, world):
    admin = world.users["administrator"]
    client.force_login(admin)
    response = client.post(reverse("accounts:agency_create"),
                           {"name": "St Mungo's", "short_name": "MUNGO", "kind": "voluntary", "active": "on"})
    assert response.status_code == 302
    agency = Agency.objects.get(short_name="MUNGO")
    change = ChangeRecord.objects.get(record_type="accounts.agency", record_id=str(agency.pk))
    assert (change.action, change.actor) == ("create", admin)


def test_user_form_explains_a_weak_password(client, world):
    client.force_login(world.users["administrator"])
    response = client.post(reverse("accounts:user_create"), {
        "username": "new.user", "agency": world.own.pk, "role": "caseworker", "password": "password",
    })
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b'href="#id_password"' in response.content
    assert not User.objects.filter(username="new.user").exists()


def test_administrator_creates_a_user_who_can_sign_in(client, world):
    client.force_login(world.users["administrator"])
    response = client.post(reverse("accounts:user_create"), {
        "username": "new.user", "first_name": "New", "last_name": "User", "email": "n@example.org",
        "agency": world.own.pk, "role": "caseworker", "password": "Long-enough-pass-9", "reason": "New starter",
    })
    assert response.status_code == 302
    client.logout()
    signed_in = client.post(reverse("accounts:login"), {"username": "new.user", "password": "Long-enough-pass-9"})
    assert signed_in.status_code == 302


def test_an_administrator_changes_only_their_own_agencys_record(client, world):
    admin = world.users["administrator"]
    client.force_login(admin)
    listing = client.get(reverse("accounts:agencies")).content.decode()
    assert reverse("accounts:agency_edit", args=[world.own.pk]) in listing
    assert reverse("accounts:agency_edit", args=[world.partner.pk]) not in listing
    before = world.partner.name
    other = client.post(reverse("accounts:agency_edit", args=[world.partner.pk]),
                        {"name": "Renamed", "short_name": "REN", "kind": "voluntary"})
    assert other.status_code == 404
    assert client.get(reverse("accounts:agency_edit", args=[world.partner.pk])).status_code == 404
    world.partner.refresh_from_db()
    assert world.partner.name == before
    with pytest.raises(PermissionDenied):
        world.partner.name = "Renamed"
        services.agency_save(actor=admin, agency=world.partner)
    own = client.post(reverse("accounts:agency_edit", args=[world.own.pk]),
                      {"name": "Own agency renamed", "short_name": world.own.short_name, "kind": world.own.kind,
                       "active": "on"})
    assert own.status_code == 302
    world.own.refresh_from_db()
    assert world.own.name == "Own agency renamed"
