"""Import another directory's Open Referral UK feed (JSON): all or nothing, every problem reported.

A feed is what our API gives (``directory/oruk.py``): a list of fully nested services, or a page of
them (``{"contents": [...]}``, e.g. ``/directory/api/services?full=true``), or several pages' contents
joined. Every service is checked against the ORUK schema (``directory/schema.py``) and the checks the
schema cannot make (ages in order, a schedule's location one of the service's, an id given twice); if
any service has a problem nothing is saved and each problem is listed with the service's number in the
feed. Records are matched by their ORUK id: a service, organisation, location or taxonomy term already
held is updated, never duplicated, and a service's contacts, places, schedules, areas and needs become
exactly those of the feed. The link of an organisation to a partner agency is ours and is kept.
"""

from __future__ import annotations

import datetime as dt
import json

from django.db import transaction

from saferplaces.core.context import acting_as
from saferplaces.core.csvimport import MAX_ROWS, ImportFileError, ImportResult
from saferplaces.directory import schema
from saferplaces.directory.models import (
    MAX_AGE,
    Address,
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from saferplaces.policy.rules import require_permission

SERVICE_FIELDS = ("name", "description", "url", "email", "status", "fees", "accreditations",
                  "eligibility_description", "minimum_age", "maximum_age", "assurer_email", "alert")


def services_in(text: str) -> list:
    """The services of a feed's text, or :class:`ImportFileError` when it is not a feed at all."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ImportFileError(f"The file is not JSON: {error}") from None
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]
    if not isinstance(data, list):
        raise ImportFileError("The file must hold a list of services, or a page of them under \"contents\"")
    return data


def check(services: list) -> list[tuple[int, str]]:
    """Every problem of every service of a feed, as (its number in the feed, problem)."""
    found: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(services, start=1):
        problems = schema.problems(item, schema.SERVICE, schema.RESPONSES["service"])
        if not problems:
            problems = _more_problems(item)
            first = seen.setdefault(item["id"].lower(), number)
            if first != number:
                problems.append(f"id: the service is also number {first} of the feed")
        found.extend((number, problem) for problem in problems)
    return found


def _more_problems(item: dict) -> list[str]:
    problems = []
    if "organization" not in item:
        problems.append("organization: is required (the organisation that provides the service)")
    low, high = item.get("minimum_age"), item.get("maximum_age")
    for name, age in (("minimum_age", low), ("maximum_age", high)):
        if age is not None and (age > MAX_AGE or age != int(age)):
            problems.append(f"{name}: must be a whole number of years up to {MAX_AGE}")
    if low is not None and high is not None and low > high:
        problems.append("minimum_age: must not be above maximum_age")
    links = {link["id"] for link in item.get("service_at_locations", [])}
    for index, entry in enumerate(item.get("schedules", [])):
        link = entry.get("service_at_location_id")
        if link and link not in links:
            problems.append(f"schedules[{index}].service_at_location_id: is not one of the service's locations")
    for index, link in enumerate(item.get("service_at_locations", [])):
        if "location" not in link:
            problems.append(f"service_at_locations[{index}].location: is required")
        elif link.get("location_id", link["location"]["id"]) != link["location"]["id"]:
            problems.append(f"service_at_locations[{index}].location_id: is not the location's id")
        else:
            place = link["location"]
            lat, lon = place.get("latitude"), place.get("longitude")
            if (lat is None) != (lon is None) or (lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180)):
                problems.append(f"service_at_locations[{index}].location: latitude and longitude must be given "
                                f"together, in degrees")
    terms = []
    for index, attribute in enumerate(item.get("attributes", [])):
        if "taxonomy_term" not in attribute:
            problems.append(f"attributes[{index}].taxonomy_term: is required")
        else:
            terms.append(attribute["taxonomy_term"]["id"])
    places = [link["location"]["id"] for link in item.get("service_at_locations", []) if "location" in link]
    if len(set(places)) < len(places):
        problems.append("service_at_locations: a location is given twice")
    if len(set(terms)) < len(terms):
        problems.append("attributes: a taxonomy term is given twice")
    return problems


def _date(text):
    return dt.date.fromisoformat(text) if text else None


def _time(text):
    return dt.time.fromisoformat(text) if text else None


def _replace(model, kept: set, **owner) -> None:
    """Delete ``owner``'s records of ``model`` that the feed no longer has."""
    model.objects.filter(**owner).exclude(id__in=kept).delete()


def _taxonomy_term(data: dict) -> TaxonomyTerm:
    vocabulary = None
    if data.get("taxonomy_id"):
        vocabulary = Taxonomy.objects.filter(id=data["taxonomy_id"]).first() or Taxonomy.objects.create(
            id=data["taxonomy_id"], name=data.get("taxonomy") or "Imported vocabulary", description="")
    parent = TaxonomyTerm.objects.filter(id=data["parent_id"]).first() if data.get("parent_id") else None
    term, _ = TaxonomyTerm.objects.update_or_create(id=data["id"], defaults={
        "name": data["name"], "description": data["description"], "taxonomy": vocabulary, "parent": parent,
        "term_uri": data.get("term_uri", ""), "term": data.get("term", "")})
    return term


def _location(data: dict) -> Location:
    place, _ = Location.objects.update_or_create(id=data["id"], defaults={
        "location_type": data["location_type"], "name": data.get("name", ""),
        "description": data.get("description", ""), "latitude": data.get("latitude"),
        "longitude": data.get("longitude"), "external_identifier": data.get("external_identifier", ""),
        "external_identifier_type": data.get("external_identifier_type", "")})
    kept = set()
    for address in data.get("addresses", []):
        kept.add(address["id"])
        Address.objects.update_or_create(id=address["id"], defaults={
            "location": place, **{name: address.get(name, "") for name in (
                "attention", "address_1", "city", "region", "state_province", "postal_code", "country",
                "address_type")}})
    _replace(Address, kept, location=place)
    return place


def save(item: dict) -> Service:
    """Create or update one checked service of a feed, and everything it holds."""
    org = item["organization"]
    organization, _ = Organization.objects.update_or_create(id=org["id"], defaults={
        "name": org["name"], "description": org["description"],
        **{name: org.get(name, "") for name in ("email", "website", "logo", "uri")}})
    service, _ = Service.objects.update_or_create(id=item["id"], defaults={
        "organization": organization, **{name: item.get(name, "") for name in SERVICE_FIELDS},
        "minimum_age": item.get("minimum_age"), "maximum_age": item.get("maximum_age"),
        "assured_date": _date(item.get("assured_date")),
        **({"last_modified": dt.datetime.fromisoformat(item["last_modified"])} if item.get("last_modified") else {})})
    kept = set()
    for link in item.get("service_at_locations", []):
        kept.add(link["id"])
        ServiceAtLocation.objects.update_or_create(id=link["id"], defaults={
            "service": service, "location": _location(link["location"])})
    _replace(ServiceAtLocation, kept, service=service)
    kept = set()
    for data in item.get("contacts", []):
        kept.add(data["id"])
        contact, _ = Contact.objects.update_or_create(id=data["id"], defaults={
            "service": service, "name": data.get("name", ""), "title": data.get("title", "")})
        phones = set()
        for phone in data.get("phones", []):
            phones.add(phone["id"])
            Phone.objects.update_or_create(id=phone["id"], defaults={
                "contact": contact, "number": phone["number"], "description": phone.get("description", "")})
        _replace(Phone, phones, contact=contact)
    _replace(Contact, kept, service=service)
    kept = set()
    for data in item.get("schedules", []):
        kept.add(data["id"])
        link = data.get("service_at_location_id")
        Schedule.objects.update_or_create(id=data["id"], defaults={
            "service": None if link else service, "service_at_location_id": link,
            **{name: _date(data.get(name)) for name in ("valid_from", "valid_to", "dtstart")},
            **{name: _time(data.get(name)) for name in ("opens_at", "closes_at")},
            "interval": data.get("interval"),
            **{name: data.get(name, "") for name in ("freq", "byday", "bymonthday", "description", "schedule_link",
                                                     "attending_type", "notes")}})
    Schedule.objects.filter(service=service).exclude(id__in=kept).delete()
    Schedule.objects.filter(service_at_location__service=service).exclude(id__in=kept).delete()
    kept = set()
    for data in item.get("service_areas", []):
        kept.add(data["id"])
        ServiceArea.objects.update_or_create(id=data["id"], defaults={
            "service": service, **{name: data.get(name, "") for name in (
                "name", "service_area", "extent", "extent_type", "uri")}})
    _replace(ServiceArea, kept, service=service)
    kept = set()
    for data in item.get("attributes", []):
        kept.add(data["id"])
        Attribute.objects.update_or_create(id=data["id"], defaults={
            "service": service, "taxonomy_term": _taxonomy_term(data["taxonomy_term"]),
            "link_type": data.get("link_type", "")})
    _replace(Attribute, kept, service=service)
    return service


def feed_import(*, actor, text: str) -> ImportResult:
    """Import a feed's services, all or none (``directory.import``)."""
    require_permission(actor, "directory.import")
    result = ImportResult()
    try:
        services = services_in(text)
    except ImportFileError as error:
        result.rejected.append((0, str(error)))
        return result
    if not services:
        result.rejected.append((0, "the feed has no services"))
    elif len(services) > MAX_ROWS:
        result.rejected.append((0, f"more than {MAX_ROWS} services: split the feed"))
    else:
        result.rejected.extend(check(services))
    if result.rejected:
        return result
    with transaction.atomic(), acting_as(actor):
        for item in services:
            save(item)
            result.imported += 1
    return result
