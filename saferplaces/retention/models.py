"""The retention schedule (one rule per data category), the owning agencies' review lists and legal holds.

Records are named here by their model label and id (``record_type``, ``record_id``), never by a key into
their table, so that these rows outlive the records they were about: once a record is erased its review
item and its holds say, with identifiers only, what happened to it and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from saferplaces.core.tracked import Tracked
from saferplaces.policy.categories import category_label


class TriggerEvent(models.TextChoices):
    """The event a retention period runs from. Each kind of record gives the date of the events it has
    (``retention.sources``); one that lacks the rule's event runs from the record's creation."""

    CASE_CLOSED = "case_closed", "Case closed"
    LAST_CONTACT = "last_contact", "Last contact (the latest note, or the case closed)"
    COHORT_EXIT = "cohort_exit", "Left the cohort"
    EXPIRED = "expired", "Notice, order or record expired"
    CREATED = "created", "Record created"


class RetentionAction(models.TextChoices):
    REVIEW = "review", "Review by the owning agency"
    DELETE = "delete", "Delete"
    ANONYMISE = "anonymise", "Anonymise"


class RetentionRule(Tracked):
    """How long the records of one data category are kept, from which event, and what happens then.

    ``category`` is a code of ``policy.categories.CATEGORIES`` but not a choice: a category added there
    appears on the schedule without a migration, as "not set" until its data protection officers set it.
    """

    category = models.CharField(max_length=60, unique=True)
    period_months = models.PositiveSmallIntegerField(null=True, blank=True,
                                                     help_text="Empty: not set (nothing of the category is due)")
    trigger = models.CharField(max_length=20, choices=TriggerEvent.choices, default=TriggerEvent.CREATED)
    action = models.CharField(max_length=10, choices=RetentionAction.choices, default=RetentionAction.REVIEW)
    basis = models.TextField(blank=True, help_text="The law, guidance or policy the period follows")
    is_sample = models.BooleanField(default=False, help_text="A demonstration rule, not a DPO's decision")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["category"]

    def __str__(self):
        return f"Retention rule for {category_label(self.category)}"

    @property
    def category_label(self) -> str:
        return category_label(self.category)

    @property
    def is_set(self) -> bool:
        return self.period_months is not None


class ReviewStatus(models.TextChoices):
    DUE = "due", "Due for review"
    KEPT = "kept", "Kept"
    LET_GO = "let_go", "Let go (to be deleted)"
    ERASED = "erased", "Deleted"
    ANONYMISED = "anonymised", "Anonymised"


class ReviewItem(Tracked):
    """One record that reached its retention date: on its owning agency's review list while due, then
    the owner's decision (kept with a reason and a new date, or let go) and what the nightly run did."""

    record_type = models.CharField(max_length=100)
    record_id = models.CharField(max_length=64)
    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=60)
    label = models.CharField(max_length=200, help_text="The kind of record and its number: never a name")
    url = models.CharField(max_length=300, blank=True)
    event_on = models.DateField(help_text="The date of the rule's trigger event")
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.DUE)
    reason = models.TextField(blank=True, help_text="Why it is kept")
    keep_until = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["record_type", "record_id"], name="retention_item_record")]
        # The review list's sorts (retention.views.ITEM_SORTS): each ends with the id.
        indexes = [models.Index(fields=["owner_agency", "status", "due_on", "id"], name="retention_review_due_idx")]

    def __str__(self):
        return f"{self.label} (due {self.due_on:%d %B %Y})"

    @property
    def category_label(self) -> str:
        return category_label(self.category)


class LegalHold(Tracked):
    """A hold on one record (litigation, an inquiry, a complaint, a subject access request): while it
    stands, no retention run and no erasure deletes or anonymises the record."""

    record_type = models.CharField(max_length=100)
    record_id = models.CharField(max_length=64)
    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=200, help_text="The kind of record and its number: never a name")
    reason = models.TextField()
    until = models.DateField(null=True, blank=True, help_text="Empty: until lifted")
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="retention_hold_record_idx"),
                   # The holds list's sort (retention.views.HOLD_SORTS).
                   models.Index(fields=["owner_agency", "placed_at", "id"], name="retention_hold_placed_idx")]

    def __str__(self):
        return f"Legal hold on {self.label}"

    def is_active(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.lifted_at is None and (self.until is None or self.until >= on)
