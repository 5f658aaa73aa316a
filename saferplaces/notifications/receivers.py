"""Notifications for changes made below the business apps, which cannot call this app: a grant."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from saferplaces.accounts.models import User
from saferplaces.accounts.roles import Role
from saferplaces.notifications.models import NotificationKind
from saferplaces.notifications.services import notification_send_many
from saferplaces.policy.models import AccessGrant


def record_reference(record) -> str:
    """A reference for a record that names nobody: its own reference when it has one (cases, notices,
    crime references), otherwise its kind and number. Never ``str(record)``, which may be a name."""
    reference = getattr(record, "reference", "")
    kind = str(record._meta.verbose_name)
    return reference or f"{kind[:1].upper()}{kind[1:]} {record.pk}"


@receiver(post_save, sender=AccessGrant, dispatch_uid="notifications.grant_made")
def grant_made(sender, instance: AccessGrant, created: bool, raw: bool = False, **kwargs):
    """A record shared by a grant: the user granted, or the managers of the agency granted (they give
    out the work). The grant is what lets them open it; the notification only says it is there."""
    if not created or raw:
        return
    record = instance.record
    if record is None:
        return
    if instance.grantee_user_id:
        recipients = [instance.grantee_user]
    else:
        recipients = list(User.objects.filter(agency_id=instance.grantee_agency_id, role=Role.MANAGER,
                                              is_active=True).order_by("pk"))
    url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
    dates = [("Shared until", instance.expires_at.date())] if instance.expires_at else []
    notification_send_many(recipients=recipients, kind=NotificationKind.CASE_SHARED,
                           reference=record_reference(record), url=url, dates=dates, actor=instance.granted_by)
