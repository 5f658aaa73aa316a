"""The one model of core: a column mapping saved for a source of imported files.

A partner system's export ("police crime export", "housing ASB export") names its columns its own
way; a mapping saved once says, for one import (``import_key``, the upload page's route name), which
of the file's columns gives each of the import's columns, and how the file writes dates. It holds no
personal data, only column names. Mappings belong to the agency of the user who saved them and are
offered to that agency's users on the same import page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ColumnMapping(models.Model):
    name = models.CharField(max_length=80, help_text='The source of the files, e.g. "police crime export"')
    import_key = models.CharField(max_length=100)
    #: the import page's title and address when the mapping was last saved, to list and link it
    import_title = models.CharField(max_length=200, blank=True)
    import_path = models.CharField(max_length=300, blank=True)
    #: the file's column → the import's column; the file's other columns are left out
    columns = models.JSONField(default=dict)
    date_format = models.CharField(max_length=20, blank=True)
    sheet = models.CharField(max_length=100, blank=True)
    # By their labels: core comes before accounts in the layers and never imports it.
    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["agency", "import_key", "name"],
                                               name="column_mapping_unique_name")]

    def __str__(self) -> str:
        return self.name
