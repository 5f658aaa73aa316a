"""A notification: one line in a user's inbox saying something needs them, with a link.

A notification never carries personal data: its reference is a case, notice or referral reference
(``ASB-2026-00012``) or a count, and its link goes through the usual policy checks when opened, so a
notification grants nothing. The same text is e-mailed (``services.notification_send``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class NotificationKind(models.TextChoices):
    TASK_ASSIGNED = "task_assigned", "Task assigned"
    REFERRAL_RECEIVED = "referral_received", "Referral received"
    CASE_SHARED = "case_shared", "Case shared with your agency"
    NOTICE_EXPIRING = "notice_expiring", "Notice nearing expiry"
    LINKAGE_REVIEW = "linkage_review", "Linkage matches to review"
    PLAN_UPDATE_DUE = "plan_update_due", "Plan updates due before the Board"
    DIRECTORY_REVIEW_DUE = "directory_review_due", "Directory entry due for review"
    # Data subject rights (saferplaces.rights): a partner DPO's part of a subject access request, and a
    # person record corrected that the recipient's agency holds a linked record of.
    SUBJECT_ACCESS = "subject_access", "Subject access request: records to answer for"
    RECORD_CORRECTED = "record_corrected", "Linked person record corrected"


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    reference = models.CharField(max_length=200, help_text="References and dates only, never names")
    url = models.CharField(max_length=300, help_text="A path in this service: opening it checks access as usual")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # For reminders sent by a daily command: one notification per recipient and key, however often it runs.
    key = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~models.Q(key=""),
                                    name="notification_once_per_key"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.reference}"
