"""Reads of the Contest registers, narrowed by policy to what the actor may see."""

from __future__ import annotations

from saferplaces.contest.models import Site
from saferplaces.policy import access


def visible_sites(actor, action: str = "view"):
    return access.scope(actor, Site.objects.select_related("owner_agency"), action)


def site_access(*, actor, site_id: int, action: str = "view") -> Site:
    """The site, or 404 whether it is missing or not the actor's to ``action``."""
    return access.fetch(actor, Site.objects.select_related("owner_agency"), site_id, action)
