"""The directory of services, in the data model of Open Referral UK.

Open Referral UK (ORUK) is the UK profile of the Human Services Data Specification (HSDS); this
follows **ORUK 3.0** (profile of HSDS 3.0.0, github.com/OpenReferralUK/uk-profile, schema/ and
profile/). Tables and fields keep the standard's names so that the API (``directory/oruk.py``) maps
one to one: ``organization``, ``service``, ``location``, ``address``, ``service_at_location``,
``contact``, ``phone``, ``schedule``, ``service_area``, ``taxonomy``, ``taxonomy_term`` and
``attribute`` (the link of a service to a taxonomy term). Identifiers are the standard's UUIDs, so a
record imported from another directory keeps its id and an update is matched on it.

Where this keeps an HSDS 3.0 field that the UK profile leaves out, it says so: ``eligibility_description``
on a service and ``phones`` of a contact (the profile keeps ``phone.contact_id``).

A directory entry describes an organisation's public service, not a person: it is not personal data,
so the models are :class:`Tracked` (every change kept in the history), not ``Protected``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from saferplaces.core.tracked import Tracked

MAX_AGE = 130


class Organization(Tracked):
    """ORUK ``organization``: who provides services. ``agency`` links it, one way, to the partner
    agency whose staff keep its entries (most providers are not agencies of the partnership)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255)
    description = models.TextField()
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    logo = models.URLField(blank=True)
    uri = models.URLField(blank=True, help_text="A persistent identifier of the organisation elsewhere")
    parent_organization = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                            related_name="children")
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", help_text="The partner agency whose staff keep its entries")
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class ServiceStatus(models.TextChoices):
    """ORUK ``service.status``."""

    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class Service(Tracked):
    """ORUK ``service``. ``assured_date`` is "the date that the information about the service was last
    checked": the last-reviewed date that freshness reminders run on."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    fees = models.TextField(blank=True, help_text="Any charges for using the service")
    accreditations = models.TextField(blank=True)
    eligibility_description = models.TextField("Eligibility", blank=True,
                                               help_text="Who the service is for (an HSDS 3.0 field)")
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)])
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)])
    assured_date = models.DateField("Last reviewed", null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    alert = models.TextField(blank=True, help_text="A short-term notice, for example a temporary closure")
    last_modified = models.DateTimeField(default=timezone.now)
    taxonomy_terms = models.ManyToManyField("TaxonomyTerm", through="Attribute", related_name="services")
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["status", "name"], name="directory_service_status"),
                   models.Index(fields=["assured_date"], name="directory_service_assured")]
        constraints = [models.CheckConstraint(
            condition=models.Q(minimum_age__isnull=True) | models.Q(maximum_age__isnull=True)
            | models.Q(minimum_age__lte=models.F("maximum_age")), name="directory_service_age_range")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:service", args=[self.pk])


class LocationType(models.TextChoices):
    PHYSICAL = "physical", "Physical"
    POSTAL = "postal", "Postal"
    VIRTUAL = "virtual", "Virtual"


class Location(Tracked):
    """ORUK ``location``: where a service is delivered; coordinates in WGS84 degrees."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location_type = models.CharField(max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL)
    name = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=100, blank=True, help_text="For example a UPRN")
    external_identifier_type = models.CharField(max_length=50, blank=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name or str(self.id)


class Address(Tracked):
    """ORUK ``address`` of a location."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=255, blank=True)
    address_1 = models.CharField(max_length=255)
    city = models.CharField(max_length=100)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(max_length=100)
    postal_code = models.CharField(max_length=10)
    country = models.CharField(max_length=2, default="GB")
    address_type = models.CharField(max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL)

    class Meta:
        ordering = ["location", "id"]
        verbose_name_plural = "addresses"

    def __str__(self):
        return f"{self.address_1}, {self.city} {self.postal_code}"


class ServiceAtLocation(Tracked):
    """ORUK ``service_at_location``: a service delivered at a location."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="service_at_locations")

    class Meta:
        ordering = ["service", "id"]
        constraints = [models.UniqueConstraint(fields=["service", "location"],
                                               name="directory_service_at_location_once")]

    def __str__(self):
        return f"{self.service} at {self.location}"


class Contact(Tracked):
    """ORUK ``contact`` of a service: a named person or a desk ("Helpline")."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=255, blank=True)
    title = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["service", "name", "id"]

    def __str__(self):
        return self.name or self.title or str(self.id)


class Phone(Tracked):
    """ORUK ``phone`` of a contact."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=30)
    description = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["contact", "id"]

    def __str__(self):
        return self.number


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", "Weekly"
    MONTHLY = "MONTHLY", "Monthly"


class Schedule(Tracked):
    """ORUK ``schedule``: opening hours as RFC 5545 recurrence parts (``freq``, ``interval``,
    ``byday`` such as "MO,WE", ``bymonthday``), of a service or of a service at one location."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    service_at_location = models.ForeignKey(ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE,
                                            related_name="schedules")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    freq = models.CharField(max_length=10, choices=Frequency.choices, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=30, blank=True)
    bymonthday = models.CharField(max_length=30, blank=True)
    description = models.TextField(blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    schedule_link = models.URLField(blank=True)
    attending_type = models.CharField(max_length=50, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(
            condition=models.Q(service__isnull=False) | models.Q(service_at_location__isnull=False),
            name="directory_schedule_of_something")]

    def __str__(self):
        return self.description or f"{self.byday} {self.opens_at}–{self.closes_at}"


class ServiceArea(Tracked):
    """ORUK ``service_area``: where a service is available, in words (and optionally an extent)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=255, blank=True)
    service_area = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=20, blank=True)
    uri = models.URLField(blank=True)

    class Meta:
        ordering = ["service", "id"]

    def __str__(self):
        return self.name or self.service_area[:60]


class Taxonomy(Tracked):
    """ORUK ``taxonomy``: a vocabulary of terms (needs, circumstances)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "taxonomies"

    def __str__(self):
        return self.name


class TaxonomyTerm(Tracked):
    """ORUK ``taxonomy_term``; ``term`` is the term's code in its vocabulary."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255)
    description = models.TextField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    taxonomy = models.ForeignKey(Taxonomy, null=True, blank=True, on_delete=models.PROTECT, related_name="terms")
    term_uri = models.URLField(blank=True)
    term = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Attribute(Tracked):
    """ORUK ``attribute``: links a service (``link_id``, ``link_entity`` "service") to a taxonomy term."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.PROTECT, related_name="attributes")
    link_type = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["service", "taxonomy_term__name", "id"]
        constraints = [models.UniqueConstraint(fields=["service", "taxonomy_term"], name="directory_attribute_once")]

    def __str__(self):
        return f"{self.service}: {self.taxonomy_term}"


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class Correction(Tracked):
    """A partner's proposed correction to one field of a service, which the owning organisation's
    staff accept (the value is applied) or reject. Not part of ORUK: the review queue's own record."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(max_length=40)
    proposed_value = models.TextField(blank=True)
    reason = models.TextField()
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        indexes = [models.Index(fields=["status", "service"], name="directory_correction_queue")]

    def __str__(self):
        return f"Correction to {self.service}: {self.field}"


# Commissioned services: contracts, their return templates and the quarterly returns (issue 16).
from saferplaces.directory.models_contracts import Contract, Figure, PerformanceReturn  # noqa: E402,F401
