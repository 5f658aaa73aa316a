"""Writes that set up a commissioned service's contract and its return template (the figures each
quarterly return gives), for the coordinators who keep contracts (``contracts.manage``).

Once a return has been submitted, the template may change only in ways every submitted return still
satisfies: each change is checked by re-running the return checks (``contracts.return_problems``) over
every stored return against the template as it would become, and refused with the quarters it would
break. A figure's code is its name in the stored returns, so it is fixed once a return exists, and a
figure a return gives a value for cannot be removed: the stored figures would lose their meaning."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from saferplaces.core.context import acting_as
from saferplaces.directory import contracts
from saferplaces.directory.models_contracts import Contract, Figure
from saferplaces.directory.services_contracts import rules_of
from saferplaces.policy.rules import require_permission


class ContractError(ValueError):
    """A contract or template change refused, with the reason to show against ``field`` (or the form)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _check_terms(*, reference: str, starts_on: dt.date, ends_on: dt.date, value: Decimal, exclude=None) -> None:
    if ends_on < starts_on:
        raise ContractError("The end date must be the same as or after the start date", "ends_on")
    if value < 0:
        raise ContractError("The value must be 0 or more", "value")
    if Contract.objects.filter(reference=reference).exclude(pk=exclude).exists():
        raise ContractError("Another contract has this reference", "reference")


@transaction.atomic
def contract_create(*, actor, reference: str, title: str, provider, commissioner, fund: str, value: Decimal,
                    starts_on: dt.date, ends_on: dt.date, services=()) -> Contract:
    require_permission(actor, "contracts.manage")
    _check_terms(reference=reference, starts_on=starts_on, ends_on=ends_on, value=value)
    with acting_as(actor):
        contract = Contract.objects.create(reference=reference, title=title, provider=provider,
                                           commissioner=commissioner, fund=fund, value=value,
                                           starts_on=starts_on, ends_on=ends_on)
        contract.services.set(services)
    return contract


@transaction.atomic
def contract_update(*, actor, contract: Contract, reference: str, title: str, provider, commissioner, fund: str,
                    value: Decimal, starts_on: dt.date, ends_on: dt.date, services=()) -> Contract:
    """Change a contract's terms. Returns already in are for quarters of the old term: a term that no
    longer covers one of them is refused (the return would belong to no quarter of the contract)."""
    require_permission(actor, "contracts.manage")
    _check_terms(reference=reference, starts_on=starts_on, ends_on=ends_on, value=value, exclude=contract.pk)
    outside = [r.period_start for r in contract.returns.all() if not starts_on <= r.period_start <= ends_on]
    if outside:
        raise ContractError(f"A return has been submitted for the quarter from {min(outside):%d %B %Y}: "
                            "the term must still cover it", "starts_on")
    if any(service.organization_id != provider.pk for service in services):
        raise ContractError("Choose only services of the provider", "services")
    with acting_as(actor):
        for name, new in (("reference", reference), ("title", title), ("provider", provider),
                          ("commissioner", commissioner), ("fund", fund), ("value", value),
                          ("starts_on", starts_on), ("ends_on", ends_on)):
            setattr(contract, name, new)
        contract.save()
        contract.services.set(services)
    return contract


def _check_template(contract: Contract, rules: list[contracts.Rule]) -> None:
    """Refuse a template that names a figure twice, breaks a breakdown's total, or that a submitted
    return would no longer satisfy."""
    codes = [rule.code for rule in rules]
    if len(codes) != len(set(codes)):
        raise ContractError("The return already has a figure with this code", "code")
    broken = []
    for submitted in contract.returns.order_by("period_start"):
        problems = contracts.return_problems(rules, submitted.values)
        if problems:
            broken.append(f"{contracts.quarter_label(submitted.period_start)} ({problems[0][1]})")
    if broken:
        raise ContractError("Returns already submitted would no longer be valid: " + "; ".join(broken))


def _rule(*, code, label, required, minimum, maximum, whole_number, part_of, breakdown) -> contracts.Rule:
    return contracts.Rule(code, label, required, minimum, maximum, whole_number, part_of.code if part_of else "",
                          breakdown)


def _check_figure(contract: Contract, figure: Figure | None, fields: dict) -> None:
    if fields["maximum"] is not None and fields["maximum"] < fields["minimum"]:
        raise ContractError("The largest value must be the same as or more than the smallest", "maximum")
    part_of = fields["part_of"]
    if part_of is not None:
        if part_of.contract_id != contract.pk or (figure is not None and part_of.pk == figure.pk):
            raise ContractError("Choose a total from this contract's other figures", "part_of")
        if part_of.part_of_id is not None:
            raise ContractError("Choose a total that is not itself part of a breakdown", "part_of")
        if not fields["breakdown"]:
            raise ContractError("Enter the breakdown this figure belongs to, for example sex or age", "breakdown")
    elif fields["breakdown"]:
        raise ContractError("Choose the total this breakdown adds up to", "part_of")
    if figure is not None and figure.parts.exists() and part_of is not None:
        raise ContractError("This figure is a total of other figures: it cannot also be part of one", "part_of")
    has_returns = contract.returns.exists()
    if figure is not None and has_returns and fields["code"] != figure.code:
        raise ContractError("Returns have been submitted with this code: it cannot change", "code")
    rules = [rule for rule in rules_of(contract) if figure is None or rule.code != figure.code]
    _check_template(contract, [*rules, _rule(**{k: fields[k] for k in (
        "code", "label", "required", "minimum", "maximum", "whole_number", "part_of", "breakdown")})])


FIELDS = ("code", "label", "required", "minimum", "maximum", "whole_number", "part_of", "breakdown", "kpi")


@transaction.atomic
def figure_add(*, actor, contract: Contract, code: str, label: str, required: bool = True, minimum: float = 0,
               maximum: float | None = None, whole_number: bool = True, part_of: Figure | None = None,
               breakdown: str = "", kpi=None) -> Figure:
    require_permission(actor, "contracts.manage")
    fields = dict(code=code, label=label, required=required, minimum=minimum, maximum=maximum,
                  whole_number=whole_number, part_of=part_of, breakdown=breakdown, kpi=kpi)
    _check_figure(contract, None, fields)
    order = max(contract.figures.values_list("order", flat=True), default=-1) + 1
    with acting_as(actor):
        return Figure.objects.create(contract=contract, order=order, **fields)


@transaction.atomic
def figure_update(*, actor, figure: Figure, code: str, label: str, required: bool = True, minimum: float = 0,
                  maximum: float | None = None, whole_number: bool = True, part_of: Figure | None = None,
                  breakdown: str = "", kpi=None) -> Figure:
    require_permission(actor, "contracts.manage")
    fields = dict(code=code, label=label, required=required, minimum=minimum, maximum=maximum,
                  whole_number=whole_number, part_of=part_of, breakdown=breakdown, kpi=kpi)
    _check_figure(figure.contract, figure, fields)
    with acting_as(actor):
        for name in FIELDS:
            setattr(figure, name, fields[name])
        figure.save()
    return figure


@transaction.atomic
def figure_remove(*, actor, figure: Figure) -> None:
    """Remove a figure no return gives, and that is not the total of a breakdown."""
    require_permission(actor, "contracts.manage")
    if figure.parts.exists():
        raise ContractError("Remove the figures of its breakdown first: they add up to this one")
    given = [r.period_start for r in figure.contract.returns.all() if figure.code in r.values]
    if given:
        raise ContractError(f"The return for {contracts.quarter_label(min(given))} gives this figure: "
                            "it cannot be removed")
    with acting_as(actor):
        figure.delete()
