"""The audit trail: access events (who saw what, and why) and the history of every change.

Rows are written once and never changed: the models refuse updates and deletes, and on PostgreSQL
database triggers refuse them too (see migration 0002). Each table is a hash chain (``chain.py``), so a
change made behind the application's back is found by ``manage.py audit_verify``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from saferplaces.audit import chain


class AuditImmutableError(Exception):
    """Raised on any attempt to change or delete an audit row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("Audit rows cannot be changed.")

    def delete(self):
        raise AuditImmutableError("Audit rows cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditImmutableError("Audit rows cannot be changed.")

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            chain.seal_new(self.model, objs)
            return super().bulk_create(objs, *args, **kwargs)


class AppendOnly(models.Model):
    """A row written once, sealed onto the end of its table's hash chain."""

    chain_seq = models.PositiveBigIntegerField(unique=True, editable=False)
    chain_prev = models.CharField(max_length=64, editable=False)
    chain_hash = models.CharField(max_length=64, editable=False)
    # A salted digest of the row's erasable fields (``chain.ERASABLE``), which its hash covers in their place,
    # and the salt, erased with them (docs/decisions/0006). NULL on rows written before the fields existed:
    # those rows' hashes cover their values, which therefore cannot be erased.
    values_digest = models.CharField(max_length=64, null=True, editable=False)  # noqa: DJ001 - NULL: not hashed
    values_salt = models.CharField(max_length=32, null=True, editable=False)  # noqa: DJ001 - NULL once erased

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditImmutableError("Audit rows cannot be changed.")
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            chain.seal_new(type(self), [self])
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("Audit rows cannot be deleted.")


class AccessAction(models.TextChoices):
    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched"
    EXPORT = "export", "Exported"
    GRANT = "grant", "Granted access"
    REVOKE = "revoke", "Revoked access"
    DENIED = "denied", "Refused (page not found)"
    # A partner system's create or update through the partner API (saferplaces/api); its reads are views.
    PUSH = "push", "Pushed by a partner system"


class JustificationReason(models.TextChoices):
    CASEWORK = "casework", "Active casework"
    SAFEGUARDING = "safeguarding", "Safeguarding concern"
    MEETING = "meeting", "Multi-agency meeting (for example MARAC or tasking)"
    REFERRAL = "referral", "Referral to or from a service"
    DATA_QUALITY = "data_quality", "Data quality check"
    LEGAL = "legal", "Subject access, disclosure or legal request"
    OTHER = "other", "Other (explain below)"
    # Never offered to a user: recorded without a prompt when the actor's own part in the record is
    # the reason (policy.gate.relationship_to; docs/security.md, "Reasons").
    RELATIONSHIP = "relationship", "Own casework (the relationship is the reason)"


class AccessEvent(AppendOnly):
    """One view, search, export or grant touching personal data (DPA 2018 s.62 logging)."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_username = models.CharField(max_length=150)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    agency_name = models.CharField(max_length=200)
    action = models.CharField(max_length=20, choices=AccessAction.choices)
    record_type = models.CharField(max_length=100, blank=True, db_index=True)
    record_id = models.CharField(max_length=64, blank=True, db_index=True)
    record_label = models.CharField(max_length=200, blank=True)
    # The agency holding the record, so that its data protection officer reads the events on it.
    record_agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    reason = models.CharField(max_length=20, choices=JustificationReason.choices)
    justification = models.TextField(blank=True)
    basis = models.CharField(max_length=300, blank=True, help_text="Why policy let the actor see it")
    request_id = models.CharField(max_length=64, blank=True, help_text="Made by the server for each request")
    client_request_id = models.CharField(max_length=64, blank=True, default="",
                                         help_text="The X-Request-ID the client sent")
    path = models.CharField(max_length=500, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        # The access log's filters (audit.views.AccessEventFilter), each an exact match followed by the time
        # and the id: the log is read newest first by key (at, id), so each filter's index serves the order
        # too. The agency pair serves a data protection officer's own scope (their staff, their records).
        indexes = [models.Index(fields=["actor_username", "at", "id"], name="audit_event_actor_idx"),
                   models.Index(fields=["action", "at", "id"], name="audit_event_action_idx"),
                   models.Index(fields=["at", "id"], name="audit_event_at_idx"),
                   models.Index(fields=["agency", "at", "id"], name="audit_event_agency_idx"),
                   models.Index(fields=["record_agency", "at", "id"], name="audit_event_rec_agency_idx"),
                   models.Index(fields=["record_type", "record_id", "at", "id"], name="audit_event_record_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.record_type}:{self.record_id}"


class ChangeAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"


class ChangeRecord(AppendOnly):
    """One change to a domain record: who, when, and the fields before and after."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_username = models.CharField(max_length=150, blank=True)
    record_type = models.CharField(max_length=100, db_index=True)
    record_id = models.CharField(max_length=64, db_index=True)
    # The agency holding the record, so that its data protection officer reads the changes to it.
    record_agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    action = models.CharField(max_length=10, choices=ChangeAction.choices)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    # Why the change was made, when the service was told (a correction of personal data must say why).
    # Nullable, never blank: NULL is left out of the row's hash, so the rows written before this field
    # existed keep their hashes (``chain.hashed_values``).
    reason = models.TextField(null=True, blank=True)  # noqa: DJ001 - NULL on purpose, see above

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        who = self.actor_username or "system"
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.action} {self.record_type}:{self.record_id}"

    def changed_fields(self) -> list[str]:
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
