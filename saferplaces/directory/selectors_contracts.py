"""Reads for commissioned services. Contracts and returns are not personal data, but a provider's staff
see only their own organisation's (``policy.rules``: ``directory.view_contract``); a referral to a
provider's service is victim data shared with it, read here only through the rule
``directory.answer_referral`` and logged on every view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from saferplaces.directory import contracts
from saferplaces.directory.models_contracts import Contract, PerformanceReturn
from saferplaces.policy.rules import may
from saferplaces.victims.models import Referral, ReferralStatus


def visible_contracts(actor):
    queryset = Contract.objects.select_related("provider", "commissioner")
    if may(actor, "contracts.view"):
        return queryset
    if may(actor, "contracts.submit"):
        return queryset.filter(provider__agency_id=actor.agency_id)
    return queryset.none()


def contract_access(*, actor, contract_id: int) -> Contract:
    """The contract, if the actor may see it; 404 for missing and forbidden alike."""
    contract = visible_contracts(actor).filter(pk=contract_id).first()
    if contract is None or not may(actor, "directory.view_contract", contract):
        raise Http404("No such contract")
    return contract


def return_access(*, actor, return_id: int) -> PerformanceReturn:
    found = PerformanceReturn.objects.select_related("contract__provider", "submitted_by").filter(pk=return_id).first()
    if found is None or not may(actor, "directory.view_contract", found.contract):
        raise Http404("No such return")
    return found


@dataclass(frozen=True)
class ContractState:
    contract: Contract
    owed: list[contracts.Owed]

    @property
    def overdue(self) -> list[contracts.Owed]:
        return [row for row in self.owed if row.status == "overdue"]


def contract_states(contracts_qs, today: dt.date) -> list[ContractState]:
    """Each contract with its owed quarters: two queries whatever the number of contracts."""
    rows = list(contracts_qs.prefetch_related(
        Prefetch("returns", queryset=PerformanceReturn.objects.only("contract_id", "period_start"))))
    return [ContractState(c, contracts.returns_owed(c.starts_on, c.ends_on, [r.period_start for r in c.returns.all()],
                                                    today)) for c in rows]


def overdue_returns(*, actor, today: dt.date) -> list[tuple[Contract, contracts.Owed]]:
    """The overdue returns of the contracts the actor's agency commissions (for its contract keepers),
    or of their own organisation's contracts (for a provider's staff)."""
    if may(actor, "contracts.view"):
        mine = Contract.objects.filter(commissioner_id=actor.agency_id)
    elif may(actor, "contracts.submit"):
        mine = visible_contracts(actor)
    else:
        return []
    return [(state.contract, owed) for state in contract_states(mine.select_related("provider"), today)
            for owed in state.overdue]


def all_overdue_returns(today: dt.date) -> list[tuple[Contract, contracts.Owed]]:
    """Every contract's overdue returns, for the board pack."""
    return [(state.contract, owed) for state in contract_states(Contract.objects.select_related("provider"), today)
            for owed in state.overdue]


# --- referrals to a provider's services ----------------------------------------------------------

def provider_referrals(*, actor):
    """Referrals made to the services of the actor's organisation (a provider's staff), newest first."""
    if not may(actor, "referrals.receive"):
        return Referral.objects.none()
    return (Referral.objects.filter(directory_service__organization__agency_id=actor.agency_id)
            .select_related("person", "directory_service__organization", "victimisation", "owner_agency")
            .order_by("-referred_on", "-pk"))


def provider_referrals_waiting(*, actor):
    return provider_referrals(actor=actor).filter(status=ReferralStatus.MADE).order_by("referred_on", "pk")


def provider_referral_access(*, actor, referral_id: int) -> Referral:
    referral = provider_referrals(actor=actor).filter(pk=referral_id).first()
    if referral is None or not may(actor, "directory.answer_referral", referral):
        raise Http404("No such referral")
    return referral
