"""The ASB demo: a partner in another agency finds the notice in the portal; an unrelated user cannot."""

import io

from django.urls import reverse

from saferplaces.accounts import demo as accounts_demo
from saferplaces.accounts.models import User
from saferplaces.asb import demo
from saferplaces.asb.models import AsbCase, CivilOrder, ProtectionNotice, PublicSpacesOrder
from saferplaces.people import demo as people_demo
from saferplaces.policy import demo as policy_demo


def _load():
    out = io.StringIO()
    for loader in (accounts_demo.load, policy_demo.load, people_demo.load, demo.load):
        loader(out)
    return out.getvalue()


def _portal(client, username):
    client.force_login(User.objects.get(username=username))
    return client.get(reverse("asb:portal"), {"reason": "casework", "q": "Demo Court", "kind": "cpn"}).content.decode()


def test_demo_notice_is_found_by_partners_and_not_by_an_unrelated_agency(client, db):
    _load()
    notice = ProtectionNotice.objects.get(kind="cpn")
    assert notice.owner_agency.short_name == "WCC" and notice.steps.count() == 2
    for partner in ("caseworker.mps", "partner.lfb", "partner.cwh"):
        assert notice.reference in _portal(client, partner), partner
    assert notice.reference not in _portal(client, "caseworker.nps")
    assert "0 found" in _portal(client, "caseworker.nps")
    client.force_login(User.objects.get(username="caseworker.nps"))
    assert client.get(reverse("asb:notice_detail", kwargs={"pk": notice.pk})).status_code == 404


def test_demo_loads_once(db):
    _load()
    assert "already loaded" in _load()
    assert AsbCase.objects.count() == 4 and ProtectionNotice.objects.count() == 3


def test_demo_civil_toolkit_has_a_crack_house_closure_and_a_pspo(client, db):
    _load()
    kinds = sorted(CivilOrder.objects.values_list("kind", flat=True))
    assert kinds == ["abc", "cbo", "closure_notice", "closure_order", "injunction"]
    order = CivilOrder.objects.get(kind="closure_order")
    assert order.follows.kind == "closure_notice" and order.owner_agency.short_name == "MPS"
    assert "(sample)" in order.address and "crack" in order.follows.grounds.lower()
    pspo = PublicSpacesOrder.objects.get()
    assert pspo.title.endswith("(demo)") and pspo.current()
    client.force_login(User.objects.get(username="caseworker.nps"))  # no agreement: still reads the public order
    assert pspo.reference in client.get(reverse("places:pspos")).content.decode()
    assert client.get(reverse("asb:civil_detail", kwargs={"pk": order.pk})).status_code == 404
