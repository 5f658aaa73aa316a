"""Setting up a contract and its return template: the coordinator's pages, the checks of the terms
and the template, and the rule that a template may not change in a way that invalidates returns
already submitted."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from saferplaces.accounts.roles import Role
from saferplaces.audit.models import ChangeRecord
from saferplaces.directory import services_contract_setup as setup
from saferplaces.directory.models_contracts import Contract, Figure
from saferplaces.policy.rules import PermissionDenied
from tests.directory import contract_builders as build
from tests.factories import AgencyFactory, UserFactory


@pytest.fixture
def s(db):
    council = AgencyFactory(name="Council", short_name="WCC")
    angelou = AgencyFactory(name="Angelou", short_name="ANG")
    org = build.organisation("Angelou Partnership", angelou)
    return {"council": council, "org": org, "other_org": build.organisation("Refuge Trust"),
            "coordinator": UserFactory(agency=council, role=Role.COORDINATOR),
            "manager": UserFactory(agency=council, role=Role.MANAGER),
            "advocacy": build.service(org, "Angelou advocacy")}


TERMS = {"reference": "LCPF-7", "title": "Advocacy", "fund": "LCPF", "value": "25000",
         "starts_on": "2025-04-01", "ends_on": "2026-03-31"}


def test_a_coordinator_adds_a_contract_then_its_services_and_figures(client, s):
    client.force_login(s["coordinator"])
    assert reverse("directory:contract_create") in client.get(reverse("directory:contracts")).content.decode()
    empty = client.post(reverse("directory:contract_create"), {"title": ""})
    assert "Enter the reference" in empty.content.decode()
    backwards = client.post(reverse("directory:contract_create"), {
        **TERMS, "provider": s["org"].pk, "commissioner": s["council"].pk, "ends_on": "2025-03-31"})
    assert "The end date must be the same as or after the start date" in backwards.content.decode()
    made = client.post(reverse("directory:contract_create"),
                       {**TERMS, "provider": s["org"].pk, "commissioner": s["council"].pk})
    contract = Contract.objects.get()
    assert made.url == contract.get_absolute_url()
    assert (contract.provider, contract.commissioner, contract.value, contract.ends_on) == (
        s["org"], s["council"], Decimal("25000"), dt.date(2026, 3, 31))
    page = client.get(contract.get_absolute_url()).content.decode()
    assert reverse("directory:contract_edit", kwargs={"pk": contract.pk}) in page
    assert reverse("directory:figure_add", kwargs={"pk": contract.pk}) in page
    client.post(reverse("directory:contract_edit", kwargs={"pk": contract.pk}),
                {**TERMS, "provider": s["org"].pk, "commissioner": s["council"].pk, "services": [s["advocacy"].pk]})
    assert list(contract.services.all()) == [s["advocacy"]]
    add = reverse("directory:figure_add", kwargs={"pk": contract.pk})
    figure = {"required": "yes", "whole_number": "yes", "minimum": "0"}
    client.post(add, {**figure, "label": "Service users", "code": "total"})
    total = Figure.objects.get(code="total")
    no_breakdown = client.post(add, {**figure, "label": "Female", "code": "female", "part_of": total.pk})
    assert "Enter the breakdown this figure belongs to" in no_breakdown.content.decode()
    client.post(add, {**figure, "label": "Female", "code": "female", "part_of": total.pk, "breakdown": "sex"})
    twice = client.post(add, {**figure, "label": "Again", "code": "female"})
    assert "The return already has a figure with this code" in twice.content.decode()
    assert list(contract.figures.values_list("code", "part_of__code", "breakdown", "order")) == [
        ("total", None, "", 0), ("female", "total", "sex", 1)]
    assert ChangeRecord.objects.filter(record_type="directory.figure", record_id=str(total.pk),
                                       actor=s["coordinator"], action="create").count() == 1


def test_only_contract_keepers_set_up_contracts(s):
    with pytest.raises(PermissionDenied):
        setup.contract_create(actor=s["manager"], reference="X", title="X", provider=s["org"],
                              commissioner=s["council"], fund="F", value=Decimal(1), starts_on=build.START,
                              ends_on=build.END)


def test_a_template_cannot_change_so_that_submitted_returns_become_invalid(s):
    actor = s["coordinator"]
    contract = build.contract(s["org"], s["council"])
    build.a_return(contract)  # total 10 = female 7 + male 3, share 80
    female, note = Figure.objects.get(code="female"), Figure.objects.get(code="note_count")
    same = {"label": "Service users: female", "required": True, "minimum": 0, "maximum": None,
            "whole_number": True, "part_of": female.part_of, "breakdown": "sex"}
    with pytest.raises(setup.ContractError, match="cannot change"):
        setup.figure_update(actor=actor, figure=female, code="women", **same)
    with pytest.raises(setup.ContractError, match=r"Returns already submitted would no longer be valid: "
                                                  r"April to June 2025 \(female .*\)"):
        setup.figure_update(actor=actor, figure=female, code="female", **{**same, "maximum": 5})
    with pytest.raises(setup.ContractError, match="no longer be valid"):
        setup.figure_add(actor=actor, contract=contract, code="age_0_17", label="Under 18")  # required, not given
    with pytest.raises(setup.ContractError, match="gives this figure"):
        setup.figure_remove(actor=actor, figure=female)
    with pytest.raises(setup.ContractError, match="starts_on|cover"):
        setup.contract_update(actor=actor, contract=contract, reference="C-1", title="T", provider=s["org"],
                              commissioner=s["council"], fund="F", value=Decimal(1),
                              starts_on=dt.date(2025, 7, 1), ends_on=build.END)
    # Changes every submitted return still satisfies are kept.
    setup.figure_add(actor=actor, contract=contract, code="age_0_17", label="Under 18", required=False)
    setup.figure_update(actor=actor, figure=female, code="female", **{**same, "label": "Women and girls"})
    setup.figure_remove(actor=actor, figure=note)
    assert list(contract.figures.values_list("code", flat=True)) == ["total", "female", "male", "share", "age_0_17"]
    assert Figure.objects.get(code="female").label == "Women and girls"
