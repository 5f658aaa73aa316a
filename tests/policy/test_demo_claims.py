"""Every sharing claim the demo prints holds on the loaded demo.

The loaders print each claim as "agreement REF: A, B and C see each other's x and y records
(D sees none)". For each claim this loads the demo (``manage.py load_demo``) and checks, against
``policy.access``, that the agreement is in force between exactly those agencies for exactly those
categories, that a user of every party can see a demo record of every other party in each category
(and is told it is under that agreement), and that a user of an agency the claim leaves out cannot.
Two loaders once printed claims under one reference (SWP-ISA-002) and one of them was false.
"""

from __future__ import annotations

import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command

from saferplaces.accounts.models import Agency
from saferplaces.accounts.roles import Role
from saferplaces.policy import access
from saferplaces.policy.models import InformationSharingAgreement, Protected
from saferplaces.victims.models import Referral, Service
from tests.factories import UserFactory

CLAIM = re.compile(r"agreement (?P<ref>[\w-]+): (?P<parties>.+?) see each other's (?P<categories>.+?) records"
                   r"(?: \((?P<excluded>.+?) sees none\))?$")


def _names(text: str) -> list[str]:
    return [name.strip() for name in re.split(r", | and ", text) if name.strip()]


def _claims(output: str) -> list[dict]:
    claims = []
    for line in output.splitlines():
        match = CLAIM.search(line.strip())
        if match:
            claims.append({"ref": match["ref"], "parties": _names(match["parties"]),
                           "categories": _names(match["categories"]),
                           "excluded": _names(match["excluded"] or "")})
    return claims


def _records(category: str, agency) -> list:
    """Up to three demo records of ``category`` that ``agency`` holds."""
    found = []
    for model in apps.get_models():
        if issubclass(model, Protected) and model.CATEGORY_FIELD:  # each record names its category
            found += list(model.objects.filter(owner_agency=agency, **{model.CATEGORY_FIELD: category})
                          .order_by("pk")[:3])
        elif issubclass(model, Protected) and getattr(model, "DATA_CATEGORY", None) == category:
            found += list(model.objects.filter(owner_agency=agency).order_by("pk")[:3])
    return found


def _fresh_user(agency):
    """A caseworker named on no task and given no grant: what they see, they see by agreement or as owner."""
    return UserFactory(agency=agency, role=Role.CASEWORKER)


def _covered_by_another(viewer, owner, category, ref) -> bool:
    others = InformationSharingAgreement.objects.active().filter(parties=viewer).filter(parties=owner).exclude(
        reference=ref)
    return any(category in agreement.data_categories for agreement in others)


@pytest.mark.slow  # loads the whole demo, person linkage included (about a minute)
@pytest.mark.django_db
def test_every_sharing_claim_the_demo_prints_holds():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    claims = _claims(out.getvalue())
    assert {c["ref"] for c in claims} == {"SWP-ISA-001", "SWP-ISA-002", "SWP-ISA-003", "SWP-ISA-MARAC"}, out.getvalue()
    assert len({c["ref"] for c in claims}) == len(claims), "two claims under one reference"
    agencies = {a.short_name: a for a in Agency.objects.all()}

    for claim in claims:
        parties = [agencies[name] for name in claim["parties"]]
        agreement = InformationSharingAgreement.objects.active().get(reference=claim["ref"])
        assert set(agreement.parties.all()) == set(parties), claim["ref"]
        assert sorted(agreement.data_categories) == sorted(claim["categories"]), claim["ref"]
        viewers = {agency.pk: _fresh_user(agency) for agency in agencies.values()}
        checked = 0
        for category in claim["categories"]:
            for owner in parties:
                for record in _records(category, owner):
                    for viewer in parties:
                        if viewer == owner:
                            continue
                        user = viewers[viewer.pk]
                        assert access.can(user, "view", record), (claim["ref"], viewer.short_name, record)
                        texts = [reason.text for reason in access.explain(user, record)]
                        assert any(claim["ref"] in text for text in texts), (claim["ref"], texts)
                        checked += 1
                    for outsider in agencies.values():
                        if outsider in parties or _covered_by_another(outsider, owner, category, claim["ref"]):
                            continue
                        assert not access.can(viewers[outsider.pk], "view", record), (
                            claim["ref"], outsider.short_name, record)
        assert checked, f"no demo record shows {claim['ref']} at work"
        for name in claim["excluded"]:
            outsider = viewers[agencies[name].pk]
            for category in claim["categories"]:
                for owner in parties:
                    for record in _records(category, owner):
                        assert not access.can(outsider, "view", record), (claim["ref"], name, record)

    # docs/categories.md: the housing partner (CWH) sees the partners' MARAC referrals under SWP-ISA-001 but
    # not their DASH answers (domestic_abuse, which only SWP-ISA-MARAC names); the council (WCC) sees them.
    answered = list(Referral.objects.filter(service=Service.MARAC, dash_answers__isnull=False)
                    .exclude(owner_agency__short_name__in=["CWH", "WCC"]))
    assert answered
    housing = UserFactory(agency=agencies["CWH"], role=Role.READ_ONLY_PARTNER)
    council = _fresh_user(agencies["WCC"])
    for referral in answered:
        seen_by_housing = access.decide(housing, [referral])[referral]
        assert seen_by_housing.allows("view") and "dash_answers" in access.hidden_parts(seen_by_housing)
        seen_by_council = access.decide(council, [referral])[referral]
        assert seen_by_council.allows("view") and not access.hidden_parts(seen_by_council)
