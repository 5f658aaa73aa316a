"""Issue 18, finding 1: an information-sharing agreement is a draft until the data protection officer of
every party has signed it off; a change to an active agreement is a new version needing the same
sign-off while the active version stays in force; only parties' DPOs propose and change; every step is
in the history shown on the agreement page."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from saferplaces.accounts.models import User
from saferplaces.accounts.roles import Role
from saferplaces.people.models import Person
from saferplaces.policy import access
from saferplaces.policy.models import AgreementStatus, InformationSharingAgreement
from tests.factories import AgreementFactory, UserFactory

pytestmark = pytest.mark.django_db


def _form(reference, parties, categories=("person",), title="Joint safeguarding"):
    return {"reference": reference, "title": title, "purpose": "Safeguarding adults at risk",
            "legal_basis": "cda_s115", "data_categories": list(categories),
            "parties": [p.pk for p in parties], "start_date": "2020-01-01", "review_date": "2099-01-01"}


@pytest.fixture
def dpos(world):
    return {"own": world.users["dpo"],
            "partner": UserFactory(agency=world.partner, role=Role.DPO, username="dpo.partner"),
            "other": UserFactory(agency=world.other, role=Role.DPO, username="dpo.other")}


def _sign(client, user, agreement):
    client.force_login(user)
    return client.post(reverse("policy:isa_sign", kwargs={"pk": agreement.pk}))


def _sees(user, person):
    return access.can(user, "view", Person.objects.get(pk=person.pk))


def test_a_proposed_agreement_shares_nothing_until_every_partys_dpo_signs_it(client, world, dpos):
    caseworker, hidden = world.users["caseworker"], world.people["unrelated"]
    client.force_login(dpos["own"])
    response = client.post(reverse("policy:isa_create"), _form("ISA-NEW", [world.own, world.other]))
    assert response.status_code == 302
    agreement = InformationSharingAgreement.objects.get(reference="ISA-NEW")
    assert agreement.status == AgreementStatus.DRAFT
    assert not _sees(caseworker, hidden)
    assert _sign(client, dpos["own"], agreement).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT and not _sees(caseworker, hidden)
    assert _sign(client, dpos["own"], agreement).status_code == 400, "one sign-off per party"
    assert _sign(client, dpos["partner"], agreement).status_code == 403, "only parties sign"
    assert _sign(client, dpos["other"], agreement).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE and _sees(caseworker, hidden)


def test_only_a_partys_dpo_proposes_an_agreement(client, world, dpos):
    client.force_login(dpos["partner"])
    response = client.post(reverse("policy:isa_create"), _form("ISA-NOT-MINE", [world.own, world.other]))
    assert response.status_code == 200
    assert b"Your agency must be a party" in response.content
    assert not InformationSharingAgreement.objects.filter(reference="ISA-NOT-MINE").exists()


def test_a_dpo_cannot_change_or_join_an_agreement_their_agency_is_not_party_to(client, world, dpos):
    agreement = InformationSharingAgreement.objects.active().get(parties=world.partner)
    client.force_login(dpos["other"])
    url = reverse("policy:isa_edit", kwargs={"pk": agreement.pk})
    assert client.get(url).status_code == 403
    data = _form(agreement.reference, [world.own, world.partner, world.other])
    assert client.post(url, data).status_code == 403
    assert InformationSharingAgreement.objects.filter(reference=agreement.reference).count() == 1
    assert set(agreement.parties.all()) == {world.own, world.partner}


def test_a_change_is_a_new_version_and_the_active_one_stays_in_force_until_all_sign(client, world, dpos):
    caseworker = world.users["caseworker"]
    v1 = InformationSharingAgreement.objects.active().get(parties=world.partner)
    client.force_login(dpos["own"])
    # Own Council's DPO brings in the health trust: the trust must sign too.
    response = client.post(reverse("policy:isa_edit", kwargs={"pk": v1.pk}),
                           _form(v1.reference, [world.own, world.partner, world.other], title="Widened"))
    assert response.status_code == 302
    v2 = InformationSharingAgreement.objects.get(reference=v1.reference, version=2)
    v1.refresh_from_db()
    assert (v1.status, v2.status, v1.title, v2.title) == ("active", "draft", "Test agreement", "Widened")
    assert v2.previous == v1
    assert _sees(caseworker, world.people["agreement"]) and not _sees(caseworker, world.people["unrelated"])
    for who in ("own", "partner"):
        assert _sign(client, dpos[who], v2).status_code == 302
    v2.refresh_from_db()
    assert v2.status == AgreementStatus.DRAFT, "the new party has not signed"
    assert not _sees(caseworker, world.people["unrelated"])
    assert _sign(client, dpos["other"], v2).status_code == 302
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == ("superseded", "active")
    assert _sees(caseworker, world.people["unrelated"]) and _sees(caseworker, world.people["agreement"])


def test_changing_a_draft_makes_a_new_draft_that_needs_every_sign_off_again(client, world, dpos):
    client.force_login(dpos["own"])
    client.post(reverse("policy:isa_create"), _form("ISA-D", [world.own, world.other]))
    v1 = InformationSharingAgreement.objects.get(reference="ISA-D")
    _sign(client, dpos["other"], v1)
    client.force_login(dpos["own"])
    client.post(reverse("policy:isa_edit", kwargs={"pk": v1.pk}),
                _form("ISA-D", [world.own, world.other], categories=("person", "victim")))
    v1.refresh_from_db()
    v2 = InformationSharingAgreement.objects.get(reference="ISA-D", version=2)
    assert (v1.status, v2.status, v2.sign_offs.count()) == ("superseded", "draft", 0)
    _sign(client, dpos["own"], v2)
    v2.refresh_from_db()
    assert v2.status == AgreementStatus.DRAFT, "the health trust signed the old text, not this one"


def test_every_step_is_in_the_history_every_party_sees_on_the_agreement_page(client, world, dpos):
    v1 = InformationSharingAgreement.objects.active().get(parties=world.partner)
    client.force_login(dpos["own"])
    client.post(reverse("policy:isa_edit", kwargs={"pk": v1.pk}),
                _form(v1.reference, [world.own, world.partner, world.other]))
    v2 = InformationSharingAgreement.objects.get(reference=v1.reference, version=2)
    for who in ("own", "partner", "other"):
        _sign(client, dpos[who], v2)
    for viewer in (UserFactory(agency=world.partner, role=Role.MANAGER), dpos["other"]):
        client.force_login(viewer)
        html = client.get(reverse("policy:isa_detail", kwargs={"pk": v2.pk})).content.decode()
        for step in ("Version 2 proposed", f"Version 2 signed for {world.own.name}",
                     f"Version 2 signed for {world.partner.name}", f"Version 2 signed for {world.other.name}",
                     "Version 2 activated", "Version 1 superseded"):
            assert step in html, (viewer.username, step)
        assert dpos["own"].username in html


def test_the_demo_agreements_are_active_with_every_partys_dpo_signature(db):
    from saferplaces.accounts import demo as accounts_demo
    from saferplaces.policy import demo

    out = io.StringIO()
    accounts_demo.load(out)
    demo.load(out)
    demo.load(out)  # loading again changes nothing
    agreement = InformationSharingAgreement.objects.get(reference="SWP-ISA-001")
    assert agreement.status == AgreementStatus.ACTIVE and agreement.start_date == dt.date(2017, 4, 1)
    signed = {s.agency: s.signed_by for s in agreement.sign_offs.select_related("signed_by")}
    assert set(signed) == set(agreement.parties.all()) and len(signed) == 4
    for agency, signer in signed.items():
        assert signer.role == Role.DPO and signer.agency == agency
    assert User.objects.get(username="dpo.mps").pk in {s.pk for s in signed.values()}


def test_the_migration_keeps_active_agreements_active_and_records_why(client, world):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("saferplaces.policy.migrations.0002_agreement_versions_and_sign_off")
    draft = AgreementFactory(parties=[world.own, world.other], status=AgreementStatus.DRAFT)
    migration.carry_over_active_agreements(apps, None)
    for agreement in InformationSharingAgreement.objects.exclude(pk=draft.pk):
        if agreement.status != AgreementStatus.ACTIVE:
            assert not agreement.sign_offs.exists()
            continue
        carried = agreement.sign_offs.all()
        assert {s.agency for s in carried} == set(agreement.parties.all())
        assert all(s.signed_by is None and s.note == migration.CARRIED_OVER for s in carried)
    assert not draft.sign_offs.exists()
    active = InformationSharingAgreement.objects.active().get(parties=world.partner)
    client.force_login(world.users["coordinator"])
    assert migration.CARRIED_OVER in client.get(reverse("policy:isa_detail", kwargs={"pk": active.pk})).content.decode()



def test_any_partys_dpo_may_end_an_active_agreement_alone_and_others_may_not(client, world, dpos):
    agreement = InformationSharingAgreement.objects.active().get(parties=world.partner)
    url = reverse("policy:isa_end", kwargs={"pk": agreement.pk})
    client.force_login(dpos["other"])
    assert client.post(url).status_code == 403
    assert _sees(world.users["caseworker"], world.people["agreement"])
    client.force_login(dpos["partner"])
    assert client.post(url).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ENDED
    assert not _sees(world.users["caseworker"], world.people["agreement"])
    html = client.get(reverse("policy:isa_detail", kwargs={"pk": agreement.pk})).content.decode()
    assert "Version 1 ended by a party" in html and "dpo.partner" in html
