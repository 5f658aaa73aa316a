"""Finding a service to refer someone to: by need (a taxonomy term, or any narrower term under it)
and by words in its name, description or organisation, among the active services only. A short list
of the best candidates, never the whole directory in one select."""

from __future__ import annotations

import uuid

from django.db.models import Q
from django.http import Http404

from saferplaces.directory.models import Service, ServiceStatus, TaxonomyTerm

MAX_RESULTS = 25


def need_choices() -> list[tuple[str, str]]:
    """(id, name) of each term that some active service is filed under, and of the terms above them."""
    used = set(TaxonomyTerm.objects.filter(services__status=ServiceStatus.ACTIVE).values_list("pk", "parent_id"))
    ids = {pk for pk, _parent in used} | {parent for _pk, parent in used if parent}
    return [(str(pk), name) for pk, name in TaxonomyTerm.objects.filter(pk__in=ids).order_by("name", "pk")
            .values_list("pk", "name")]


def services_for_referral(*, need: str = "", words: str = "") -> list[Service]:
    services = Service.objects.filter(status=ServiceStatus.ACTIVE).select_related("organization")
    if need:
        try:
            term = uuid.UUID(need)
        except ValueError:
            return []
        services = services.filter(Q(taxonomy_terms=term) | Q(taxonomy_terms__parent=term))
    for word in words.split()[:8]:
        services = services.filter(Q(name__icontains=word) | Q(description__icontains=word)
                                   | Q(organization__name__icontains=word))
    return list(services.distinct().order_by("name", "pk")[:MAX_RESULTS])


def service_for_referral(service_id) -> Service:
    service = Service.objects.select_related("organization").filter(pk=service_id, status=ServiceStatus.ACTIVE).first()
    if service is None:
        raise Http404("No such service")
    return service
