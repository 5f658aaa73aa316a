"""The gangs cohort run lawfully (``offenders.gangs``): its activation with a DPIA and an equality
impact assessment, each member's mark, and the record of removals; and the registry of exports that
says which records each export contained, so that copies can be recalled.

Loaded through ``offenders.models``; foreign keys name their models by label so that this module
imports nothing from it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from saferplaces.core.tracked import Tracked
from saferplaces.policy.models import Protected


class DocumentKind(models.TextChoices):
    DPIA = "dpia", "Data protection impact assessment (DPIA)"
    EIA = "eia", "Equality impact assessment (EIA)"


class GangsDocument(Tracked):
    """An assessment an agency attached to activate its gangs cohort: the file, its date, author and
    review date. Not personal data about cohort members: governance papers of the agency."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    author = models.CharField(max_length=200, help_text="Who wrote the assessment (name and role)")
    dated = models.DateField(help_text="The date of the assessment")
    review_on = models.DateField(help_text="When the assessment is next reviewed")
    file_name = models.CharField(max_length=200)
    file_type = models.CharField(max_length=100)
    file_size = models.PositiveIntegerField()
    file_sha256 = models.CharField(max_length=64)
    file_stored_name = models.CharField(max_length=80)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title} ({self.dated:%d %b %Y})"


class GangsActivation(Tracked):
    """One agency's activation of its gangs cohort: who activated it, when, on which assessments.
    Until its agency has one, nobody of the agency can add a person to the cohort."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    activated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    activated_at = models.DateTimeField(default=timezone.now)
    dpia = models.ForeignKey(GangsDocument, on_delete=models.PROTECT, related_name="+")
    eia = models.ForeignKey(GangsDocument, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-activated_at", "-pk"]

    def __str__(self):
        return f"Gangs cohort of {self.agency} activated {self.activated_at:%d %b %Y}"


class Mark(models.TextChoices):
    AT_RISK = "at_risk", "At risk / victim"
    PERPETRATOR = "perpetrator", "Perpetrator"


class GangsMark(Protected):
    """A gangs-cohort member's mark: at risk / victim or perpetrator, the criteria met, the score they
    give, and the review dates. Erased with its membership."""

    DATA_CATEGORY = "gangs"

    membership = models.OneToOneField("offenders.CohortMembership", on_delete=models.PROTECT, related_name="gangs_mark")
    mark = models.CharField(max_length=12, choices=Mark.choices)
    criteria = models.JSONField(default=list, help_text="The codes of the criteria met (offenders.gangs.CRITERIA)")
    score = models.PositiveSmallIntegerField()
    reviewed_on = models.DateField(help_text="The date of the marking or of its last review")
    next_review_on = models.DateField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["next_review_on", "pk"]

    def __str__(self):
        return f"Gangs cohort mark {self.pk}"  # never the mark itself: this label reaches the access log

    def history_fields(self):
        return frozenset({"id", "owner_agency_id", "membership_id", "reviewed_by_id"})


class RemovalReason(models.TextChoices):
    REVIEW_OVERDUE = "review_overdue", "Review overdue beyond the grace period (removed by the nightly check)"
    CRITERIA_NOT_MET = "criteria_not_met", "No longer meets the criteria"
    WRONGLY_ADDED = "wrongly_added", "Added in error"
    LEFT_AREA = "left_area", "Moved away or no longer managed here"


class GangsRemoval(Tracked):
    """That a gangs membership was removed and its data erased: identifiers only (the membership's
    former id, never the person), with the exports that had contained it, to recall their copies."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    membership_id = models.PositiveBigIntegerField(help_text="The removed membership's id (the row is gone)")
    removed_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", help_text="Empty when the nightly check removed it")
    reason = models.CharField(max_length=20, choices=RemovalReason.choices)
    exports = models.ManyToManyField("offenders.ExportRecord", blank=True, related_name="+",
                                     help_text="The exports that contained the membership: recall their copies")

    class Meta:
        ordering = ["-removed_at", "-pk"]

    def __str__(self):
        return f"Removal of gangs membership {self.membership_id}"


class ExportRecord(models.Model):
    """One export of personal records (a CSV download): who, when, which export, how many rows. The
    records it contained are its :class:`ExportItem` rows. Identifiers only: never what was exported."""

    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                               help_text="The exporting user's agency, whom a recall goes to")
    kind = models.CharField(max_length=100, help_text="The export's route name, e.g. offenders:members_export")
    rows = models.PositiveIntegerField()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"Export {self.pk} ({self.kind}) on {self.at:%d %b %Y %H:%M}"


class ExportItem(models.Model):
    """One record an export contained, by type and id."""

    export = models.ForeignKey(ExportRecord, on_delete=models.PROTECT, related_name="items")
    record_type = models.CharField(max_length=100)
    record_id = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["record_type", "record_id"], name="export_item_record_idx")]

    def __str__(self):
        return f"{self.record_type} {self.record_id} in export {self.export_id}"
