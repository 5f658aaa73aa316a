"""Writes of directory entries by their keepers: an organisation and its services, made or edited by hand.

Who keeps what is ``freshness.may_keep_organization``: ``directory.manage`` staff of the agency an
organisation is linked to, or the coordinators (``directory.import``) for one linked to no agency.
Saving a service's entry counts as a review (ORUK ``assured_date``), as accepting a correction does.

Opening hours are kept as ORUK ``schedule`` rows of the service, one a day: ``freq`` "WEEKLY",
``byday`` the RFC 5545 day code ("MO"), ``opens_at`` and ``closes_at``. The form edits only those
rows; other schedules (monthly ones, or of a service at one location, from an import) are left as
they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from saferplaces.core.context import acting_as
from saferplaces.directory.freshness import may_keep_organization
from saferplaces.directory.models import (
    Address,
    Attribute,
    Contact,
    Frequency,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from saferplaces.directory.services import DirectoryError
from saferplaces.policy.rules import require_permission

#: RFC 5545 day codes (ORUK ``schedule.byday``), Monday first, with their names.
DAYS = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
        "SA": "Saturday", "SU": "Sunday"}


def agencies_for(actor) -> list:
    """The agencies ``actor`` may make keep an organisation: their own; None (no agency: the
    coordinators keep it) too for a coordinator."""
    choices = [actor.agency] if actor.agency_id and actor.has_role_permission("directory.manage") else []
    if actor.has_role_permission("directory.import"):
        choices.append(None)
    return choices


def _require_keeper(actor, organization: Organization) -> None:
    if not may_keep_organization(actor, organization):
        raise PermissionDenied("directory.manage")


@transaction.atomic
def organization_save(*, actor, organization: Organization | None = None, name: str, description: str,
                      website: str = "", email: str = "", agency=None) -> Organization:
    """Make an organisation (``organization`` None) or edit one the actor keeps."""
    require_permission(actor, "directory.manage")
    if organization is not None:
        _require_keeper(actor, organization)
    if agency not in agencies_for(actor):
        raise PermissionDenied("directory.manage")
    if not name.strip():
        raise DirectoryError("Enter the organisation's name")
    organization = organization or Organization()
    organization.name, organization.description = name.strip(), description.strip()
    organization.website, organization.email, organization.agency = website, email, agency
    with acting_as(actor):
        organization.save()
    return organization


@dataclass
class Place:
    """The address of the place a service is delivered, with its coordinates (WGS84 degrees)."""

    address_1: str
    city: str
    postal_code: str
    latitude: float
    longitude: float
    name: str = ""


@dataclass
class Entry:
    """What the form of a service gives: its fields, needs, phone contact, place and weekly hours."""

    fields: dict
    needs: list[TaxonomyTerm]
    contact_name: str = ""
    phone: str = ""
    place: Place | None = None
    #: day code → (opens, closes), for the days it is open
    hours: dict[str, tuple[dt.time, dt.time]] = field(default_factory=dict)


def _check(entry: Entry) -> None:
    low, high = entry.fields.get("minimum_age"), entry.fields.get("maximum_age")
    if low is not None and high is not None and low > high:
        raise DirectoryError("The youngest age must not be above the oldest")
    if not entry.needs:
        raise DirectoryError("Choose at least one need the service meets")
    for day, (opens, closes) in entry.hours.items():
        if day not in DAYS or opens >= closes:
            raise DirectoryError(f"The closing time on {DAYS.get(day, day)} must be after the opening time")


@transaction.atomic
def service_save(*, actor, organization: Organization, entry: Entry, service: Service | None = None) -> Service:
    """Make a service of ``organization`` (``service`` None) or edit one; either way the entry counts
    as reviewed today."""
    require_permission(actor, "directory.manage")
    if service is not None:
        organization = service.organization
    _require_keeper(actor, organization)
    _check(entry)
    service = service or Service(organization=organization)
    with acting_as(actor):
        for name, value in entry.fields.items():
            setattr(service, name, value)
        service.assured_date = timezone.localdate()
        service.assurer_email = actor.email or ""
        service.last_modified = timezone.now()
        service.save()
        _save_needs(service, entry.needs)
        _save_contact(service, entry.contact_name, entry.phone)
        _save_place(service, entry.place)
        _save_hours(service, entry.hours)
    return service


def _save_needs(service: Service, needs: list[TaxonomyTerm]) -> None:
    service.attributes.exclude(taxonomy_term__in=needs).delete()
    for term in needs:
        Attribute.objects.get_or_create(service=service, taxonomy_term=term)


def _save_contact(service: Service, name: str, number: str) -> None:
    """The service's first contact and its first phone: the one the form shows."""
    contact = service.contacts.order_by("name", "id").first()
    if not name and not number:
        if contact is not None:
            contact.delete()
        return
    contact = contact or Contact(service=service)
    contact.name = name
    contact.save()
    phone = contact.phones.order_by("id").first()
    if not number:
        if phone is not None:
            phone.delete()
        return
    phone = phone or Phone(contact=contact)
    phone.number = number
    phone.save()


def first_place(service: Service) -> tuple[ServiceAtLocation | None, Address | None]:
    """The service's first place and its first address: the one the form shows."""
    link = service.service_at_locations.select_related("location").order_by("id").first()
    if link is None:
        return None, None
    return link, link.location.addresses.order_by("id").first()


def _save_place(service: Service, place: Place | None) -> None:
    link, address = first_place(service)
    if place is None:
        if link is not None:
            link.delete()  # the location stays, as other services may be delivered there
        return
    location = link.location if link is not None else Location()
    location.name, location.latitude, location.longitude = place.name, place.latitude, place.longitude
    location.save()
    address = address or Address(location=location)
    address.address_1, address.city, address.postal_code = place.address_1, place.city, place.postal_code
    address.state_province = address.state_province or place.city
    address.save()
    if link is None:
        ServiceAtLocation.objects.create(service=service, location=location)


def weekly_hours(service: Service) -> dict[str, tuple[dt.time, dt.time]]:
    """The service's opening hours the form edits: its weekly schedules, by day."""
    hours = {}
    for entry in _weekly(service):
        for day in entry.byday.split(","):
            if day.strip() in DAYS and entry.opens_at and entry.closes_at:
                hours[day.strip()] = (entry.opens_at, entry.closes_at)
    return hours


def _weekly(service: Service):
    return service.schedules.filter(freq=Frequency.WEEKLY, bymonthday="").exclude(byday="")


def _save_hours(service: Service, hours: dict[str, tuple[dt.time, dt.time]]) -> None:
    if weekly_hours(service) == hours:
        return  # unchanged: keep the rows (and their history) as they are
    _weekly(service).delete()
    for day in DAYS:
        if day in hours:
            opens, closes = hours[day]
            Schedule.objects.create(service=service, freq=Frequency.WEEKLY, interval=1, byday=day,
                                    opens_at=opens, closes_at=closes,
                                    description=f"{DAYS[day]} {opens:%H:%M} to {closes:%H:%M}")
