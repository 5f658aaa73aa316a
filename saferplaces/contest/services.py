"""Writes of the Contest Protect registers: the counter-terrorism lead and security advisers
(``contest.manage``) record them for their own agency."""

from __future__ import annotations

from django.db import transaction

from saferplaces.contest.models import Site
from saferplaces.core.context import acting_as
from saferplaces.policy.rules import require_permission


class ContestError(ValueError):
    """A change that cannot be made as given; the message says what to fix."""


def _check_site(site: Site) -> None:
    if site.tier_override and not site.tier_override_reason.strip():
        raise ContestError("Give the reason the tier is set by hand")
    if (site.longitude is None) != (site.latitude is None):
        raise ContestError("Give both the longitude and the latitude, or neither")


@transaction.atomic
def site_create(*, actor, **fields) -> Site:
    """A site held by the actor's agency."""
    require_permission(actor, "contest.manage")
    site = Site(owner_agency=actor.agency, **fields)
    _check_site(site)
    with acting_as(actor):
        site.save()
    return site
