"""Finding a service to refer someone to: the public directory's own search (``directory.selectors``)
by need and words, shown as a short list of candidates to choose from, never the whole directory in
one select."""

from __future__ import annotations

import uuid

from django.http import Http404

from saferplaces.directory import selectors
from saferplaces.directory.models import Service, TaxonomyTerm

MAX_RESULTS = 25


def need_choices() -> list[tuple[str, str]]:
    return [(str(term.pk), term.name) for term in selectors.needs()]


def services_for_referral(*, need: str = "", words: str = "") -> list[Service]:
    term = None
    if need:
        try:
            term = TaxonomyTerm.objects.filter(pk=uuid.UUID(need)).first()
        except ValueError:
            term = None
        if term is None:
            return []
    return [hit.service for hit in selectors.search(term=term, keyword=words)[:MAX_RESULTS]]


def service_for_referral(service_id) -> Service:
    service = (Service.objects.select_related("organization")
               .filter(pk=service_id, status__in=selectors.LISTED).first())
    if service is None:
        raise Http404("No such service")
    return service
