"""Postcodes and where they are: open data (ONS postcode directories), not personal data.

A postcode is a place to put a record on the map by (an ASB case, an incident, a tasking action):
nobody types a latitude and longitude. The list is loaded from the ONS National Statistics Postcode
Lookup (``manage.py load_postcodes``); the demo loads a small sample marked as such.
"""

from django.db import models
from django.utils import timezone


class Postcode(models.Model):
    """One postcode's grid point (the NSPL's, in WGS84) and the areas it lies in."""

    postcode = models.CharField(max_length=8, unique=True, help_text="Written as the ONS 'pcds' form: one space")
    latitude = models.FloatField()
    longitude = models.FloatField()
    lad_code = models.CharField("local authority code", max_length=9, blank=True)
    ward_code = models.CharField(max_length=9, blank=True)
    lsoa_code = models.CharField("LSOA code", max_length=9, blank=True)
    is_sample = models.BooleanField(default=False, help_text="A made-up demo postcode, not from the ONS file")
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["postcode"]

    def __str__(self):
        return self.postcode
