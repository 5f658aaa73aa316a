"""Small directory organisations, services, contracts and returns for the tests of referrals and
commissioned services (hand-made, never the demo's)."""

from __future__ import annotations

import datetime as dt

from saferplaces.directory.models import Organization, Service, TaxonomyTerm
from saferplaces.directory.models_contracts import Contract, Figure, PerformanceReturn

START, END = dt.date(2025, 4, 1), dt.date(2027, 3, 31)


def organisation(name: str, agency=None) -> Organization:
    found = Organization.objects.filter(name=name).first()
    return found or Organization.objects.create(name=name, description=f"{name} (test)", agency=agency)


def term(name: str, parent=None) -> TaxonomyTerm:
    return TaxonomyTerm.objects.get_or_create(name=name, defaults={"description": name, "parent": parent})[0]


def service(org: Organization, name: str, terms=(), description: str = "") -> Service:
    found = Service.objects.filter(name=name, organization=org).first()
    if found:
        return found
    made = Service.objects.create(organization=org, name=name, description=description or f"{name} (test)")
    made.taxonomy_terms.add(*terms)
    return made


def contract(provider: Organization, commissioner, reference: str = "C-1", starts_on=START, ends_on=END) -> Contract:
    """A contract whose return gives: ``total`` (required), ``female`` and ``male`` (its parts by sex),
    ``share`` (a percentage, 0 to 100, not a whole number) and ``note_count`` (optional)."""
    found = Contract.objects.filter(reference=reference).first()
    if found:
        return found
    made = Contract.objects.create(reference=reference, title=f"Service {reference}", provider=provider,
                                   commissioner=commissioner, fund="MOPAC London Crime Prevention Fund",
                                   value="1000.00", starts_on=starts_on, ends_on=ends_on)
    total = Figure.objects.create(contract=made, code="total", label="Service users", order=0)
    Figure.objects.create(contract=made, code="female", label="Service users: female", part_of=total,
                          breakdown="sex", order=1)
    Figure.objects.create(contract=made, code="male", label="Service users: male", part_of=total, breakdown="sex",
                          order=2)
    Figure.objects.create(contract=made, code="share", label="Share safer (%)", maximum=100, whole_number=False,
                          order=3)
    Figure.objects.create(contract=made, code="note_count", label="Notes", required=False, order=4)
    return made


def a_return(of: Contract, period_start=dt.date(2025, 4, 1)) -> PerformanceReturn:
    return PerformanceReturn.objects.get_or_create(contract=of, period_start=period_start, defaults={
        "values": {"total": 10, "female": 7, "male": 3, "share": 80}})[0]
