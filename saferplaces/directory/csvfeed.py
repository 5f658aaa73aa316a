"""Import a directory from the CSV template: one row per service at a location, through the one CSV
importer (``core.csvimport``: all or nothing, every problem with its line).

Columns (``COLUMNS``; ``REQUIRED`` must be in the header, the others may be left out):

* ``service_id``, ``organization_id``, ``location_id``: ORUK ids (UUIDs). A row with an id updates
  the record held under it; left empty, the id is made from the names (the organisation's name; the
  organisation and service names; the postcode and first line of the address), so importing the
  same file again updates rather than duplicates.
* ``service_name``, ``organization_name`` (required), ``service_description``,
  ``organization_description``, ``status`` (active, inactive, defunct, temporarily closed; empty:
  active), ``url``, ``email``, ``fees``, ``eligibility_description``, ``minimum_age``,
  ``maximum_age``, ``assured_date`` (the last review), ``phone``, ``needs`` (codes of the taxonomy
  terms held, separated by ``;``).
* ``location_name``, ``address_1``, ``city``, ``postal_code``, ``latitude``, ``longitude``: the place
  of this row; a row without ``address_1`` has no place (a helpline). Without coordinates, those of
  the postcode are used when the postcode directory holds it.

A service on several rows takes its details from its first row; each row adds a place. A service in
the file ends with exactly the places and needs its rows give.
"""

from __future__ import annotations

import uuid

from django.utils import timezone

from saferplaces.core import csvimport
from saferplaces.core.context import acting_as
from saferplaces.directory import taxonomy
from saferplaces.directory.models import (
    MAX_AGE,
    Address,
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from saferplaces.geo import postcodes
from saferplaces.policy.rules import require_permission

COLUMNS = ("service_id", "service_name", "service_description", "organization_id", "organization_name",
           "organization_description", "status", "url", "email", "fees", "eligibility_description", "minimum_age",
           "maximum_age", "assured_date", "phone", "needs", "location_id", "location_name", "address_1", "city",
           "postal_code", "latitude", "longitude")
REQUIRED = ("service_name", "organization_name")


def _made_id(*parts: str) -> uuid.UUID:
    return uuid.uuid5(taxonomy.NAMESPACE, "csv:" + ":".join(part.strip().lower() for part in parts))


def _uuid(row, name: str, problems: list[str]) -> uuid.UUID | None:
    try:
        return uuid.UUID(row[name]) if row.get(name) else None
    except ValueError:
        problems.append(f"{name} is not a UUID")
        return None


class CsvFeed:
    """The checker and creator of one CSV import (the state they share)."""

    def __init__(self):
        self.terms = {term.term: term for term in TaxonomyTerm.objects.exclude(term="")}
        self.first_line: dict[uuid.UUID, int] = {}

    def check(self, line: int, row: csvimport.Row) -> tuple[dict, list[str]]:
        problems: list[str] = []
        clean: dict = {name: row.get(name, "") for name in COLUMNS}
        if not clean["service_name"]:
            problems.append("service_name is empty")
        if not clean["organization_name"]:
            problems.append("organization_name is empty")
        clean["organization_id"] = (_uuid(row, "organization_id", problems)
                                    or _made_id(clean["organization_name"]))
        clean["service_id"] = (_uuid(row, "service_id", problems)
                               or _made_id(clean["organization_name"], clean["service_name"]))
        clean["status"] = clean["status"] or ServiceStatus.ACTIVE
        if clean["status"] not in ServiceStatus.values:
            problems.append(f"status must be one of: {', '.join(ServiceStatus.values)}")
        for name in ("minimum_age", "maximum_age"):
            text = clean[name]
            clean[name] = int(text) if text.isdigit() and int(text) <= MAX_AGE else None
            if text and clean[name] is None:
                problems.append(f"{name} must be a whole number from 0 to {MAX_AGE}")
        if (clean["minimum_age"] is not None and clean["maximum_age"] is not None
                and clean["minimum_age"] > clean["maximum_age"]):
            problems.append("minimum_age is above maximum_age")
        clean.update(csvimport.dates(row, {"assured_date": False}, problems))
        codes = [code.strip() for code in clean["needs"].split(";") if code.strip()]
        unknown = [code for code in codes if code not in self.terms]
        if unknown:
            problems.append(f"needs: unknown codes {', '.join(unknown)} (use {', '.join(sorted(self.terms))})")
        clean["needs"] = [self.terms[code] for code in codes if code in self.terms]
        self._check_place(clean, row, problems)
        first = self.first_line.setdefault(clean["service_id"], line)
        clean["first"] = first == line
        return clean, problems

    def _check_place(self, clean: dict, row, problems: list[str]) -> None:
        clean["place"] = bool(clean["address_1"])
        if not clean["place"]:
            return
        postcode = postcodes.normalise(clean["postal_code"])
        if postcode is None:
            problems.append("postal_code is not a UK postcode (a row with an address needs one)")
        clean["postal_code"] = postcode or clean["postal_code"]
        clean["location_id"] = (_uuid(row, "location_id", problems)
                                or _made_id(clean["postal_code"], clean["address_1"]))
        lat, lon = clean["latitude"], clean["longitude"]
        clean["latitude"] = clean["longitude"] = None
        if lat or lon:
            try:
                clean["latitude"], clean["longitude"] = float(lat), float(lon)
            except ValueError:
                problems.append("latitude and longitude must be numbers in degrees, given together")
            else:
                if not postcodes.in_uk(clean["latitude"], clean["longitude"]):
                    problems.append("latitude and longitude are not in the United Kingdom")
        elif postcode and (held := postcodes.find(postcode)) is not None:
            clean["latitude"], clean["longitude"] = held.latitude, held.longitude

    def create(self, clean: dict) -> None:
        organization, _ = Organization.objects.get_or_create(id=clean["organization_id"], defaults={
            "name": clean["organization_name"], "description": clean["organization_description"]})
        if clean["first"]:
            organization.name = clean["organization_name"]
            organization.description = clean["organization_description"] or organization.description
            organization.save()
            service, _ = Service.objects.update_or_create(id=clean["service_id"], defaults={
                "organization": organization, "name": clean["service_name"],
                "description": clean["service_description"], "status": clean["status"], "url": clean["url"],
                "email": clean["email"], "fees": clean["fees"],
                "eligibility_description": clean["eligibility_description"],
                "minimum_age": clean["minimum_age"], "maximum_age": clean["maximum_age"],
                "assured_date": clean["assured_date"], "last_modified": timezone.now()})
            service.service_at_locations.all().delete()
            service.attributes.all().delete()
            self._phone(service, clean["phone"])
        else:
            service = Service.objects.get(id=clean["service_id"])
        for term in clean["needs"]:
            Attribute.objects.get_or_create(service=service, taxonomy_term=term)
        if clean["place"]:
            place, _ = Location.objects.update_or_create(id=clean["location_id"], defaults={
                "name": clean["location_name"], "latitude": clean["latitude"], "longitude": clean["longitude"]})
            Address.objects.update_or_create(id=_made_id(str(place.id), "address"), defaults={
                "location": place, "address_1": clean["address_1"], "city": clean["city"] or "London",
                "state_province": clean["city"] or "London", "postal_code": clean["postal_code"]})
            ServiceAtLocation.objects.get_or_create(service=service, location=place)

    @staticmethod
    def _phone(service: Service, number: str) -> None:
        contact_id = _made_id(str(service.id), "contact")
        if not number:
            Contact.objects.filter(id=contact_id).delete()
            return
        contact, _ = Contact.objects.update_or_create(id=contact_id, defaults={"service": service,
                                                                               "title": "Main number"})
        Phone.objects.update_or_create(id=_made_id(str(service.id), "phone"),
                                       defaults={"contact": contact, "number": number})


def csv_import(*, actor, text: str) -> csvimport.ImportResult:
    """Import the CSV template's rows, all or none (``directory.import``)."""
    require_permission(actor, "directory.import")
    feed = CsvFeed()
    with acting_as(actor):
        return csvimport.run_import(text, columns=COLUMNS, required=REQUIRED, check=feed.check, create=feed.create)
