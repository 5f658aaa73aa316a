"""System accounts and their tokens for the partner API's tests."""

from __future__ import annotations

from saferplaces.accounts.roles import Role
from saferplaces.api.services import account_create
from tests.factories import AgreementFactory, UserFactory

CATEGORIES = ["asb", "victim", "offender"]


def make_account(agency, *, categories=CATEGORIES, directory=True, name="Police feed", agreement=True):
    """A system account of ``agency`` (made by its DPO) and its token; with ``agreement``, an active
    agreement of the agency covering ``categories``."""
    dpo = UserFactory(agency=agency, role=Role.DPO)
    if agreement and categories:
        AgreementFactory(parties=[agency], data_categories=list(categories))
    return account_create(actor=dpo, name=name, categories=list(categories), directory=directory)


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
