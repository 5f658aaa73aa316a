"""Reads of a user's own notifications: nobody reads another's inbox."""

from __future__ import annotations

from saferplaces.notifications.models import Notification


def inbox(*, actor):
    return Notification.objects.filter(recipient=actor)


def unread_count(*, actor) -> int:
    """One COUNT query (the header shows it on every page)."""
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).count()
