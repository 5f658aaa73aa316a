"""Reads of the directory. Directory entries are public: the search and a service's page need no
sign-in and write no access events (they hold no personal data).

Distances are great-circle distances on a sphere of the Earth's mean radius (6,371,008.8 m, the IUGG
value) by the haversine formula: within a borough the error against the ellipsoid is well under 1%.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from saferplaces.directory.models import (
    Address,
    Attribute,
    Contact,
    Correction,
    CorrectionStatus,
    Location,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)

EARTH_RADIUS_M = 6_371_008.8
#: Statuses the public search shows: a defunct or inactive service is found only by its address.
LISTED = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The haversine distance in metres between two WGS84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def with_details(services):
    """``services`` with everything a service's page and the ORUK API show, in a fixed number of queries."""
    locations = Location.objects.prefetch_related(Prefetch("addresses", queryset=Address.objects.order_by("id")))
    return services.select_related("organization").prefetch_related(
        Prefetch("attributes", queryset=Attribute.objects.select_related("taxonomy_term__taxonomy")
                 .order_by("taxonomy_term__name", "id")),
        Prefetch("service_at_locations", queryset=ServiceAtLocation.objects.select_related(None)
                 .prefetch_related(Prefetch("location", queryset=locations), "schedules").order_by("id")),
        Prefetch("contacts", queryset=Contact.objects.prefetch_related("phones").order_by("name", "id")),
        "schedules", "service_areas")


@dataclass
class Hit:
    service: Service
    distance_m: float | None = None
    location: Location | None = None

    @property
    def distance_miles(self) -> float | None:
        return None if self.distance_m is None else self.distance_m / 1609.344


def search(*, term: TaxonomyTerm | None = None, keyword: str = "", age: int | None = None,
           near: tuple[float, float] | None = None, within_m: float | None = None) -> list[Hit]:
    """The listed services for a need (``term``), words (``keyword``: in the name, description,
    eligibility, organisation or needs), an age, and near a point: each with its nearest location's
    distance when ``near`` is given, only those within ``within_m`` when that is given too (a service
    with no located place is then left out)."""
    services = Service.objects.filter(status__in=LISTED)
    if term is not None:
        services = services.filter(attributes__taxonomy_term=term)
    for word in keyword.split():
        services = services.filter(Q(name__icontains=word) | Q(description__icontains=word)
                                   | Q(eligibility_description__icontains=word)
                                   | Q(organization__name__icontains=word)
                                   | Q(attributes__taxonomy_term__name__icontains=word))
    if age is not None:
        services = services.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=age),
                                   Q(maximum_age__isnull=True) | Q(maximum_age__gte=age))
    hits = [Hit(service) for service in with_details(services.distinct().order_by("name", "id"))]
    if near is None:
        return hits
    for hit in hits:
        for link in hit.service.service_at_locations.all():
            place = link.location
            if place.latitude is None or place.longitude is None:
                continue
            metres = distance_m(near[0], near[1], place.latitude, place.longitude)
            if hit.distance_m is None or metres < hit.distance_m:
                hit.distance_m, hit.location = metres, place
    if within_m is not None:
        hits = [hit for hit in hits if hit.distance_m is not None and hit.distance_m <= within_m]
    return hits


def service_public(pk) -> Service:
    """One service with its details (``Service.DoesNotExist`` when there is none)."""
    return with_details(Service.objects.filter(pk=pk)).get()


def needs():
    """The taxonomy terms some listed service has, by name: the choices of the search."""
    return (TaxonomyTerm.objects.filter(attributes__service__status__in=LISTED).distinct()
            .select_related("taxonomy").order_by("name", "id"))


def services_for_needs(codes) -> list[tuple[TaxonomyTerm, list[Service]]]:
    """For each term of ``codes`` held, its listed services (a service may come under several)."""
    terms = {term.term: term for term in TaxonomyTerm.objects.filter(term__in=codes)}
    listed = with_details(Service.objects.filter(status__in=LISTED, attributes__taxonomy_term__in=terms.values())
                          .distinct().order_by("name", "id"))
    by_term: dict = {code: [] for code in codes if code in terms}
    for service in listed:
        for attribute in service.attributes.all():
            code = attribute.taxonomy_term.term
            if code in by_term:
                by_term[code].append(service)
    return [(terms[code], services) for code, services in by_term.items()]


def pending_corrections(services):
    return (Correction.objects.filter(service__in=services, status=CorrectionStatus.PENDING)
            .select_related("service", "proposed_by__agency").order_by("proposed_at", "pk"))
