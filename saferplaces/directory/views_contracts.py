"""Pages of referrals into the directory's services and of commissioned services' contracts and returns."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from saferplaces.audit.models import AccessAction, JustificationReason
from saferplaces.audit.services import access_record
from saferplaces.core import suppression
from saferplaces.core.importpage import import_page
from saferplaces.core.listing import csv_response
from saferplaces.directory import contracts, selectors_contracts, services_contracts
from saferplaces.directory.forms_contracts import (
    DirectoryReferralForm,
    ReferralAnswerForm,
    ReturnForm,
    ServiceSearchForm,
)
from saferplaces.directory.search_referrals import need_choices, service_for_referral, services_for_referral
from saferplaces.people.selectors import person_access
from saferplaces.policy.gate import shown_with, view_with_justification
from saferplaces.policy.rules import may, require_permission
from saferplaces.victims import selectors as victims
from saferplaces.victims import services as victim_services

# --- referring a person to a service of the directory ------------------------------------------


def _person_to_refer(request, person_pk):
    person = person_access(actor=request.user, person_id=person_pk)
    if not may(request.user, "personal.change"):
        raise Http404("No such record")  # a page about one record: refusals look like a missing record
    return person


def refer_find(request, person_pk):
    """Step 1: find the service by need and words; each result has its own "Refer to" link (no script)."""
    person = _person_to_refer(request, person_pk)

    def show():
        form = ServiceSearchForm(request.GET or None, needs=need_choices())
        choices = None
        if form.is_bound and form.is_valid():
            found = services_for_referral(need=form.cleaned_data["need"], words=form.cleaned_data["q"])
            choices = [(service, reverse("directory:refer", kwargs={"person_pk": person.pk, "service_pk": service.pk}))
                       for service in found]
        return render(request, "directory/contracts/refer_find.html",
                      {"form": form, "person": person, "choices": choices})

    return view_with_justification(request, person, show)


def refer(request, person_pk, service_pk):
    """Step 2: the referral to the chosen service (consent or lawful basis, as every referral)."""
    person = _person_to_refer(request, person_pk)
    service = service_for_referral(service_pk)

    def show():
        victimisations = list(victims.visible_victimisations(request.user, people=[person]))
        shown_with(request, person, victimisations)
        form = DirectoryReferralForm(request.POST or None, victimisations=victimisations,
                                     initial={"referred_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                referral = victim_services.referral_create(
                    actor=request.user, person=person, service_name=service.name[:120], directory_service=service,
                    **form.service_kwargs())
            except victim_services.ReferralError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Referral to {service.name} recorded")
                return redirect("victims:referral_detail", pk=referral.pk)
        return render(request, "directory/contracts/refer_form.html",
                      {"form": form, "person": person, "service": service})

    return view_with_justification(request, person, show)


# --- a provider's referrals --------------------------------------------------------------------


def provider_referrals(request):
    require_permission(request.user, "referrals.receive")
    referrals = list(selectors_contracts.provider_referrals(actor=request.user)[:200])
    return render(request, "directory/contracts/provider_referrals.html", {"referrals": referrals})


def _basis(referral) -> str:
    if referral.consent_given:
        return f"Referred to {referral.directory_service} with the person's consent"
    return f"Referred to {referral.directory_service} without consent: {referral.get_lawful_basis_display()}"


def provider_referral(request, pk):
    """A referral to the provider's service: only what the service needs to contact the person and
    answer (never the referring agency's casework), each view logged with the referral as its reason."""
    referral = selectors_contracts.provider_referral_access(actor=request.user, referral_id=pk)
    form = ReferralAnswerForm(request.POST or None, initial={"status_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            victim_services.referral_update(actor=request.user, referral=referral, **form.cleaned_data)
        except victim_services.ReferralError as error:
            form.add_error("status_on", str(error))
        else:
            messages.success(request, "Your answer to the referral is recorded")
            return redirect("directory:provider_referral", pk=referral.pk)
    access_record(actor=request.user, action=AccessAction.VIEW, record=referral, reason=JustificationReason.REFERRAL,
                  justification=f"Referral to {referral.directory_service}, a service of the viewer's organisation",
                  basis=_basis(referral), path=request.path)
    return render(request, "directory/contracts/provider_referral.html", {"referral": referral, "form": form})


# --- contracts and their returns ---------------------------------------------------------------


def _contracts_page(request, title: str):
    states = selectors_contracts.contract_states(selectors_contracts.visible_contracts(request.user),
                                                 timezone.localdate())
    return render(request, "directory/contracts/contracts.html", {"states": states, "title": title,
                                                                  "can_manage": may(request.user, "contracts.manage")})


def contract_list(request):
    """Every contract, for the partnership staff who read them."""
    require_permission(request.user, "contracts.view")
    return _contracts_page(request, "Commissioned services' contracts")


def provider_contracts(request):
    """A provider's staff: their own organisation's contracts only."""
    require_permission(request.user, "contracts.submit")
    return _contracts_page(request, "Your organisation's contracts")


def _suppressed(contract, values: dict) -> dict[str, str]:
    """The return's figures as they may be shown: each breakdown's small counts suppressed (the
    figures describe few people), unless the viewer's role works the records behind them."""
    figures = list(contract.figures.select_related("part_of"))
    counts = {f.code: int(values[f.code]) for f in figures if f.code in values and f.whole_number}
    groups: dict[tuple, list[str]] = {}
    for f in figures:
        if f.part_of_id and f.code in counts:
            groups.setdefault((f.part_of.code, f.breakdown), []).append(f.code)
    shown = {code: f"{value:g}" for code, value in values.items()}
    if groups:
        hidden = suppression.suppress(counts, [suppression.Group(tuple(cells), whole if whole in counts else None)
                                               for (whole, _b), cells in groups.items()])
        in_groups = {code for cells in groups.values() for code in cells} | {whole for whole, _b in groups}
        shown.update({code: hidden[code] for code in in_groups if code in hidden})
    return shown


def contract_detail(request, pk):
    contract = selectors_contracts.contract_access(actor=request.user, contract_id=pk)
    state = selectors_contracts.contract_states(type(contract).objects.filter(pk=contract.pk),
                                                timezone.localdate())[0]
    returns = {r.period_start: r for r in contract.returns.all()}
    return render(request, "directory/contracts/contract.html", {
        "contract": contract, "owed": state.owed, "returns": returns,
        "figures": contract.figures.select_related("part_of", "kpi"),
        "services": contract.services.all(),
        "can_submit": may(request.user, "directory.submit_return", contract),
        "can_manage": may(request.user, "contracts.manage"),
    })


def _contract_to_return(request, pk):
    contract = selectors_contracts.contract_access(actor=request.user, contract_id=pk)
    if not may(request.user, "directory.submit_return", contract):
        raise Http404("No such contract")  # a page about one record: refusals look like a missing record
    return contract


def _owed_quarters(contract) -> list[dt.date]:
    return [start for start, _ in contracts.quarters_owed(contract.starts_on, contract.ends_on, timezone.localdate())]


def return_enter(request, pk):
    contract = _contract_to_return(request, pk)
    figures = list(contract.figures.select_related("part_of"))
    quarters = _owed_quarters(contract)[::-1]
    form = ReturnForm(request.POST or None, figures=figures, quarters=quarters,
                      initial={"period_start": request.GET.get("quarter", "")})
    if request.method == "POST" and form.is_valid():
        try:
            quarter = dt.date.fromisoformat(form.cleaned_data["period_start"])
            submitted = services_contracts.return_submit(actor=request.user, contract=contract, period_start=quarter,
                                                         values=form.values())
        except services_contracts.ReturnError as error:
            for problem in error.problems:
                code = problem.split(" ", 1)[0]
                form.add_error(form.field_of(code) or None, problem)
        else:
            messages.success(request, f"Return for {contracts.quarter_label(submitted.period_start)} recorded")
            return redirect("directory:return_detail", pk=submitted.pk)
    return render(request, "directory/contracts/return_form.html", {"contract": contract, "form": form})


def return_upload(request, pk):
    contract = _contract_to_return(request, pk)
    return import_page(request, title=f"Upload the quarterly return of {contract.reference}",
                       file_label="CSV file of the return", noun="figure", columns=services_contracts.COLUMNS,
                       allowed={"figure": [f.code for f in contract.figures.all()]},
                       run=lambda text: services_contracts.returns_import(actor=request.user, contract=contract,
                                                                          text=text))


def return_template(request, pk):
    contract = _contract_to_return(request, pk)
    quarters = _owed_quarters(contract)
    start = quarters[-1] if quarters else contract.starts_on
    return csv_response(f"return-{contract.reference}", services_contracts.COLUMNS,
                        services_contracts.template_csv_rows(contract, start))


def return_detail(request, pk):
    submitted = selectors_contracts.return_access(actor=request.user, return_id=pk)
    contract = submitted.contract
    # The provider's own staff gave the figures, and caseworkers see exact small numbers anyway.
    exact = may(request.user, suppression.EXACT_PERMISSION) or may(request.user, "contracts.submit")
    shown = ({code: f"{value:g}" for code, value in submitted.values.items()} if exact
             else _suppressed(contract, submitted.values))
    rows = [(figure, shown.get(figure.code, "Not given")) for figure in contract.figures.select_related("part_of")]
    return render(request, "directory/contracts/return_detail.html", {
        "submitted": submitted, "contract": contract, "rows": rows,
        "quarter": contracts.quarter_label(submitted.period_start), "note": suppression.NOTE,
    })
