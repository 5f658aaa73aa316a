"""Test data for the Contest registers, built straight in the database."""

from __future__ import annotations

import datetime as dt

from saferplaces.contest.models import Site
from saferplaces.contest.rules import Use
from saferplaces.policy.models import AccessGrant
from tests.factories import AgreementFactory

IDENTIFIED = dt.date(2025, 4, 1)


def make_site(agency, name="Test site", use=Use.SHOP, capacity=500, **extra) -> Site:
    extra.setdefault("address", "1 Test Street")
    extra.setdefault("identified_on", IDENTIFIED)
    return Site.objects.create(owner_agency=agency, name=name, use=use, capacity=capacity, **extra)


def contest_world(world) -> dict:
    """A site per relationship to ``world.own`` (own, agreement, grant, unrelated): the partner shares
    counter-terrorism records by agreement; made once per test."""
    existing = {s.name: s for s in Site.objects.filter(name__startswith="route ")}
    if len(existing) == 4:
        return {name.removeprefix("route "): s for name, s in existing.items()}
    AgreementFactory(parties=[world.own, world.partner], data_categories=["counter_terrorism"])
    owners = {"own": world.own, "agreement": world.partner, "grant": world.other, "unrelated": world.other}
    sites = {}
    for rel, agency in owners.items():
        sites[rel] = make_site(agency, name=f"route {rel}")
        if rel == "grant":
            AccessGrant.objects.create(record=sites[rel], grantee_agency=world.own, reason="Joint assessment",
                                       granted_by=world.users["dpo"])
    return sites
