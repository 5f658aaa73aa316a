"""Directory records as Open Referral UK 3.0 JSON (the API's and the feed's shape).

Field names are the standard's (``directory/models.py`` keeps them). A field with no value is left
out rather than sent as ``null`` or an empty string: the standard types its fields without null, and
an empty string is no valid URI, e-mail or date.
"""

from __future__ import annotations

from saferplaces.directory.models import (
    Location,
    Organization,
    Schedule,
    Service,
    Taxonomy,
    TaxonomyTerm,
)


def _clean(record: dict) -> dict:
    return {key: value for key, value in record.items() if value is not None and value != ""}


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _time(value) -> str | None:
    return value.strftime("%H:%M") if value else None


def _id(value) -> str | None:
    return str(value) if value else None


def organization(org: Organization) -> dict:
    return _clean({"id": str(org.id), "name": org.name, "description": org.description, "email": org.email,
                   "website": org.website, "logo": org.logo, "uri": org.uri,
                   "parent_organization_id": _id(org.parent_organization_id)})


def taxonomy(vocabulary: Taxonomy) -> dict:
    return _clean({"id": str(vocabulary.id), "name": vocabulary.name, "description": vocabulary.description,
                   "uri": vocabulary.uri, "version": vocabulary.version})


def taxonomy_term(term: TaxonomyTerm) -> dict:
    return _clean({"id": str(term.id), "name": term.name, "description": term.description,
                   "parent_id": _id(term.parent_id), "taxonomy": term.taxonomy.name if term.taxonomy else None,
                   "taxonomy_id": _id(term.taxonomy_id), "term_uri": term.term_uri, "term": term.term})


def location(place: Location) -> dict:
    record = _clean({"id": str(place.id), "location_type": place.location_type, "name": place.name,
                     "description": place.description, "latitude": place.latitude, "longitude": place.longitude,
                     "external_identifier": place.external_identifier,
                     "external_identifier_type": place.external_identifier_type})
    record["addresses"] = [_clean({
        "id": str(a.id), "location_id": str(place.id), "attention": a.attention, "address_1": a.address_1,
        "city": a.city, "region": a.region, "state_province": a.state_province, "postal_code": a.postal_code,
        "country": a.country, "address_type": a.address_type}) for a in place.addresses.all()]
    return record


def schedule(entry: Schedule) -> dict:
    return _clean({
        "id": str(entry.id), "service_id": _id(entry.service_id),
        "service_at_location_id": _id(entry.service_at_location_id), "valid_from": _date(entry.valid_from),
        "valid_to": _date(entry.valid_to), "dtstart": _date(entry.dtstart), "freq": entry.freq,
        "interval": entry.interval, "byday": entry.byday, "bymonthday": entry.bymonthday,
        "description": entry.description, "opens_at": _time(entry.opens_at), "closes_at": _time(entry.closes_at),
        "schedule_link": entry.schedule_link, "attending_type": entry.attending_type, "notes": entry.notes})


def service_list_item(service: Service) -> dict:
    """The one-to-one fields of a service and its organisation (the standard's ``service_list``)."""
    record = _clean({
        "id": str(service.id), "organization_id": str(service.organization_id), "name": service.name,
        "description": service.description, "url": service.url, "email": service.email, "status": service.status,
        "fees": service.fees, "accreditations": service.accreditations,
        "eligibility_description": service.eligibility_description, "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age, "assured_date": _date(service.assured_date),
        "assurer_email": service.assurer_email, "alert": service.alert,
        "last_modified": service.last_modified.isoformat()})
    record["organization"] = organization(service.organization)
    return record


def service_full(service: Service) -> dict:
    """A fully nested service; its queryset should come from ``selectors.with_details``."""
    record = service_list_item(service)
    links = list(service.service_at_locations.all())
    schedules = [*service.schedules.all(), *(entry for link in links for entry in link.schedules.all())]
    record.update({
        "schedules": [schedule(entry) for entry in sorted(schedules, key=lambda entry: str(entry.id))],
        "service_areas": [_clean({"id": str(area.id), "service_id": str(service.id), "name": area.name,
                                  "extent": area.extent, "extent_type": area.extent_type, "uri": area.uri,
                                  "service_area": area.service_area})
                          for area in sorted(service.service_areas.all(), key=lambda area: str(area.id))],
        "service_at_locations": [{"id": str(link.id), "service_id": str(service.id),
                                  "location_id": str(link.location_id), "location": location(link.location)}
                                 for link in links],
        "contacts": [{**_clean({"id": str(contact.id), "service_id": str(service.id), "name": contact.name,
                                "title": contact.title}),
                      "phones": [_clean({"id": str(phone.id), "contact_id": str(contact.id), "number": phone.number,
                                         "description": phone.description}) for phone in contact.phones.all()]}
                     for contact in service.contacts.all()],
        "attributes": [_clean({"id": str(a.id), "link_id": str(service.id), "link_type": a.link_type,
                               "taxonomy_term_id": str(a.taxonomy_term_id),
                               "taxonomy_term": taxonomy_term(a.taxonomy_term)})
                       for a in service.attributes.all()],
        "languages": [], "funding": [], "cost_options": [],
    })
    return record


def page(items: list, *, total: int, number: int, per_page: int) -> dict:
    """The standard's paginated envelope around ``items`` (page ``number`` of ``per_page``)."""
    pages = max(1, -(-total // per_page))
    return {"total_items": total, "total_pages": pages, "page_number": number, "size": len(items),
            "first_page": number == 1, "last_page": number >= pages, "empty": total == 0, "contents": items}
