"""Test data for the directory, built straight in the database."""

from __future__ import annotations

import datetime as dt

from saferplaces.directory import taxonomy
from saferplaces.directory.models import (
    Address,
    Attribute,
    Contact,
    Correction,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from saferplaces.directory.services import taxonomy_ensure


def term(code: str) -> TaxonomyTerm:
    taxonomy_ensure()
    return TaxonomyTerm.objects.get(id=taxonomy.term_id(code))


def make_service(name="Test service", *, organization=None, agency=None, needs=(), ages=(None, None),
                 at=(), reviewed=dt.date(2026, 11, 1), status="active", **extra) -> Service:
    """A service of ``organization`` (or a new one kept by ``agency``) with the ``needs`` (term codes) and a
    place at each (latitude, longitude) of ``at``."""
    organization = organization or Organization.objects.create(name=f"{name} provider", description="Provides",
                                                               agency=agency)
    service = Service.objects.create(organization=organization, name=name, minimum_age=ages[0], maximum_age=ages[1],
                                     assured_date=reviewed, status=status, **extra)
    for code in needs:
        Attribute.objects.create(service=service, taxonomy_term=term(code))
    for index, (lat, lon) in enumerate(at):
        place = Location.objects.create(name=f"{name} place {index + 1}", latitude=lat, longitude=lon)
        Address.objects.create(location=place, address_1=f"{index + 1} Test Street", city="London",
                               state_province="Greater London", postal_code="SW1A 1AA")
        ServiceAtLocation.objects.create(service=service, location=place)
    return service


def make_full_service(name="Full service", **kwargs) -> Service:
    """A service with one of everything the ORUK model holds."""
    service = make_service(name, needs=("domestic-abuse", "housing"), ages=(16, 65), at=[(51.5, -0.14)],
                           description="Everything", url="https://example.org/full", email="full@example.org",
                           fees="Free", eligibility_description="Adults", alert="Closed on 1 January", **kwargs)
    contact = Contact.objects.create(service=service, name="Reception", title="Main number")
    Phone.objects.create(contact=contact, number="020 7946 0999", description="Mornings")
    Schedule.objects.create(service=service, freq="WEEKLY", byday="MO,TU", opens_at=dt.time(9), closes_at=dt.time(17),
                            description="Monday and Tuesday")
    Schedule.objects.create(service_at_location=service.service_at_locations.get(), freq="MONTHLY",
                            bymonthday="1", valid_from=dt.date(2026, 1, 1))
    ServiceArea.objects.create(service=service, name="Westminster", service_area="The City of Westminster")
    return service


def directory_world(world) -> dict:
    """A service per relationship to ``world.own``: "own" kept by the actors' agency, "agreement" by the
    partner, "grant" and "unrelated" by the other agency; each with a pending correction. Made once."""
    existing = {s.name.removeprefix("Route "): s for s in Service.objects.filter(name__startswith="Route ")}
    if len(existing) == 4:
        return existing
    proposer = world.users["caseworker"]
    made = {}
    for relationship in ("own", "agreement", "grant", "unrelated"):
        agency = {"own": world.own, "agreement": world.partner}.get(relationship, world.other)
        made[relationship] = make_service(f"Route {relationship}", agency=agency, needs=("victims-of-crime",),
                                          at=[(51.5, -0.14)])
        Correction.objects.create(service=made[relationship], field="fees", proposed_value="£5", reason="Leaflet",
                                  proposed_by=proposer)
    return made
