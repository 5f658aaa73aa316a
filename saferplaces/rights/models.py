"""The records of a data protection officer's work on the subject's rights.

A request is its agency's (the controller's) and read only by that agency's DPOs (``selectors``): it
names the data subject, so it is personal data itself, but it is the DPO's own work, not casework
shared with partners. Every step writes an access event (``services``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from saferplaces.core.tracked import Tracked
from saferplaces.rights import clock


class SarStatus(models.TextChoices):
    OPEN = "open", "Open"
    COMPLETED = "completed", "Completed: package sent"


class SubjectAccessRequest(Tracked):
    """A subject access request (UK GDPR Art. 15; DPA 2018 s.45) received by one agency."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=20, unique=True)
    forename = models.CharField(max_length=100)
    surname = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    identity_checked = models.BooleanField(default=False, help_text="The requester's identity was verified")
    received_on = models.DateField(help_text="The day the request reached the agency")
    extended = models.BooleanField(default=False)
    extension_reason = models.TextField(blank=True)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               help_text="The agency's own record of the subject, once found")
    status = models.CharField(max_length=10, choices=SarStatus.choices, default=SarStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = "subject access request"
        constraints = [models.CheckConstraint(condition=models.Q(extended=False) | ~models.Q(extension_reason=""),
                                              name="sar_extension_has_reason")]

    def __str__(self):
        return self.reference  # never the subject's name: this label reaches the access log

    def get_absolute_url(self):
        return reverse("rights:sar_detail", kwargs={"pk": self.pk})

    @property
    def subject_name(self) -> str:
        return f"{self.forename} {self.surname}".strip()

    @property
    def due_on(self) -> dt.date:
        return clock.due_date(self.received_on, self.extended)

    def days_left(self, today: dt.date | None = None) -> int:
        return clock.days_left(self.due_on, today or timezone.localdate())

    def overdue(self, today: dt.date | None = None) -> bool:
        return self.status == SarStatus.OPEN and self.days_left(today) < 0


class SarItem(Tracked):
    """One record of the agency's own found for the request: the package includes it."""

    sar = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="items")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["sar", "content_type", "object_id"], name="sar_item_once")]

    def __str__(self):
        return f"{self.sar}: {self.label}"


class PartnerStatus(models.TextChoices):
    SENT = "sent", "Waiting for the partner"
    ANSWERED = "answered", "Answered"


class PartnerRequest(Tracked):
    """A request to a partner agency's DPOs to answer for the records they hold about the subject,
    found through person linkage. It lists record types and ids, never their content."""

    sar = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="partner_requests")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    records = models.JSONField(default=list, help_text="[record type, id, label] of each linked record")
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=PartnerStatus.choices, default=PartnerStatus.SENT)
    response = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["sar", "agency"], name="partner_request_once")]

    def __str__(self):
        return f"{self.sar} to {self.agency}"

    def get_absolute_url(self):
        return reverse("rights:partner_request", kwargs={"pk": self.pk})


class RedactionDecision(models.TextChoices):
    UNDECIDED = "undecided", "Not decided"
    REDACT = "redact", "Redact"
    KEEP = "keep", "Keep"


class Redaction(Tracked):
    """Third-party information in the package (another person's name in a record or a note: Art. 15(4),
    DPA 2018 Sch. 2 para 16), and the DPO's decision: redact it, or keep it (with the reason, e.g. the
    third party consented or it is reasonable to disclose without their consent)."""

    sar = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="redactions")
    text = models.CharField(max_length=200, help_text="The words redacted wherever they appear in the package")
    found_in = models.CharField(max_length=200, blank=True)
    decision = models.CharField(max_length=10, choices=RedactionDecision.choices, default=RedactionDecision.UNDECIDED)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["sar", "text"], name="redaction_once_per_text")]

    def __str__(self):
        return f"Redaction {self.pk} of {self.sar}"

    def history_fields(self):
        # A third party's name stays out of the history: it says who decided what, when.
        return frozenset({"id", "sar_id", "decision", "decided_by_id", "decided_at"})


class RequestKind(models.TextChoices):
    ERASURE = "erasure", "Erasure (Article 17)"
    RESTRICTION = "restriction", "Restriction (Article 18)"


class Decision(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"


class RightsRequest(Tracked):
    """A request to erase or to restrict the agency's record of a person, with the DPO's decision and
    its reason. A granted restriction stays in force until it is lifted (``lifted_at``)."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=RequestKind.choices)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    person_label = models.CharField(max_length=40, help_text="The person record's id: kept once it is erased")
    received_on = models.DateField()
    grounds = models.TextField(help_text="What the subject asks and why")
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    lift_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "erasure or restriction request"

    def __str__(self):
        return f"{self.get_kind_display()} request {self.pk}"

    def get_absolute_url(self):
        return reverse("rights:request_detail", kwargs={"pk": self.pk})

    @property
    def restriction_in_force(self) -> bool:
        return (self.kind == RequestKind.RESTRICTION and self.decision == Decision.GRANTED
                and self.lifted_at is None)
