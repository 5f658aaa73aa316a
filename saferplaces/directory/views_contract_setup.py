"""Pages that set up a contract and its return template, for the coordinators who keep contracts
(``contracts.manage``); other users get 404 for a contract's pages, 403 for the new-contract page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from saferplaces.directory import selectors_contracts
from saferplaces.directory import services_contract_setup as setup
from saferplaces.directory.forms_contract_setup import ContractForm, FigureForm
from saferplaces.directory.models_contracts import Figure
from saferplaces.policy.rules import may, require_permission

TERMS = ("reference", "title", "provider", "commissioner", "fund", "value", "starts_on", "ends_on")
FIGURE = ("label", "code", "minimum", "maximum", "part_of", "breakdown", "kpi")


def _contract_to_keep(request, pk):
    contract = selectors_contracts.contract_access(actor=request.user, contract_id=pk)
    if not may(request.user, "contracts.manage"):
        raise Http404("No such contract")  # a page about one record: refusals look like a missing record
    return contract


def _page(request, form, *, heading: str, caption: str, back: str, button: str):
    return render(request, "directory/form.html", {"form": form, "heading": heading, "caption": caption,
                                                   "back_url": back, "button": button})


def _save(form, save) -> bool:
    try:
        save()
    except setup.ContractError as error:
        form.add_error(error.field, str(error))
        return False
    return True


def contract_create(request):
    require_permission(request.user, "contracts.manage")
    form = ContractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = []
        if _save(form, lambda: made.append(setup.contract_create(actor=request.user, **form.cleaned_data))):
            messages.success(request, "Contract added: now choose its services and the figures of its return")
            return redirect(made[0].get_absolute_url())
    return _page(request, form, heading="Add a contract", caption="Commissioned services",
                 back=reverse("directory:contracts"), button="Add the contract")


def contract_edit(request, pk):
    contract = _contract_to_keep(request, pk)
    form = ContractForm(request.POST or None, provider=contract.provider,
                        initial={**{name: getattr(contract, name) for name in TERMS},
                                 "services": list(contract.services.all())})
    if request.method == "POST" and form.is_valid() and _save(
            form, lambda: setup.contract_update(actor=request.user, contract=contract, **form.cleaned_data)):
        messages.success(request, "Contract saved")
        return redirect(contract.get_absolute_url())
    return _page(request, form, heading="Change the contract", caption=f"Contract {contract.reference}",
                 back=contract.get_absolute_url(), button="Save")


def _totals(contract, figure=None):
    return [f for f in contract.figures.filter(part_of__isnull=True) if figure is None or f.pk != figure.pk]


def figure_add(request, pk):
    contract = _contract_to_keep(request, pk)
    form = FigureForm(request.POST or None, totals=_totals(contract),
                      initial={"required": "yes", "whole_number": "yes", "minimum": 0})
    if request.method == "POST" and form.is_valid() and _save(
            form, lambda: setup.figure_add(actor=request.user, contract=contract, **form.service_kwargs())):
        messages.success(request, "Figure added to the return")
        return redirect(contract.get_absolute_url())
    return _page(request, form, heading="Add a figure to the return", caption=f"Contract {contract.reference}",
                 back=contract.get_absolute_url(), button="Add the figure")


def _figure_to_keep(request, pk) -> Figure:
    figure = Figure.objects.select_related("contract").filter(pk=pk).first()
    if figure is None:
        raise Http404("No such figure")
    _contract_to_keep(request, figure.contract_id)
    return figure


def figure_edit(request, pk):
    figure = _figure_to_keep(request, pk)
    contract = figure.contract
    initial = {name: getattr(figure, name) for name in FIGURE}
    initial.update(required="yes" if figure.required else "no", whole_number="yes" if figure.whole_number else "no")
    form = FigureForm(request.POST or None, totals=_totals(contract, figure), initial=initial)
    if request.method == "POST" and form.is_valid() and _save(
            form, lambda: setup.figure_update(actor=request.user, figure=figure, **form.service_kwargs())):
        messages.success(request, "Figure saved")
        return redirect(contract.get_absolute_url())
    return _page(request, form, heading=f"Change the figure {figure.code}", caption=f"Contract {contract.reference}",
                 back=contract.get_absolute_url(), button="Save")


def figure_remove(request, pk):
    figure = _figure_to_keep(request, pk)
    contract = figure.contract
    error = None
    if request.method == "POST":
        try:
            setup.figure_remove(actor=request.user, figure=figure)
        except setup.ContractError as refused:
            error = str(refused)
        else:
            messages.success(request, f"Figure {figure.code} removed from the return")
            return redirect(contract.get_absolute_url())
    return render(request, "directory/contracts/figure_remove.html",
                  {"figure": figure, "contract": contract, "error": error})
