"""Sending notifications: a line in the recipient's inbox and an e-mail with the same references.

An e-mail leaves the partnership's systems, so it says what kind of thing happened, the reference
(a case, notice or referral reference, or a count), the dates and the link, never a name, a title
or any other personal data; the recipient signs in to read the rest, and the link is checked by
policy like any other request. The e-mail is sent when the transaction that caused it commits, so a
change that is rolled back tells nobody.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from saferplaces.notifications.models import Notification, NotificationKind


def _dates_text(dates: Iterable[tuple[str, dt.date]]) -> list[str]:
    return [f"{label}: {day:%-d %B %Y}" for label, day in dates]


def email_text(notification: Notification, dates: Iterable[tuple[str, dt.date]] = ()) -> tuple[str, str]:
    """The subject and body of the e-mail for ``notification``: its kind, reference, dates and link."""
    kind = NotificationKind(notification.kind).label
    subject = f"{settings.SERVICE_NAME}: {kind.lower()}: {notification.reference}"
    body = "\n".join([
        f"{kind}: {notification.reference}",
        *_dates_text(dates),
        "",
        f"Sign in to read it: {settings.SITE_URL}{notification.url}",
        "",
        "This e-mail carries references and dates only. Do not reply with personal details.",
    ])
    return subject, body


def notification_send(*, recipient, kind: str, reference: str, url: str,
                      dates: Iterable[tuple[str, dt.date]] = (), key: str = "", actor=None) -> Notification | None:
    """Tell ``recipient`` in the app and by e-mail. ``reference`` and ``dates`` must carry no personal
    data (the callers pass case, notice and referral references). Nobody is told of their own action
    (``actor``), an inactive account is not told, and with a ``key`` a recipient is told once however
    often the caller runs (the daily reminders). Returns the notification, or None when none was made."""
    if recipient is None or not recipient.is_active or (actor is not None and recipient.pk == actor.pk):
        return None
    dates = list(dates)
    if key and Notification.objects.filter(recipient=recipient, key=key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(recipient=recipient, kind=kind, reference=reference[:200],
                                                       url=url, key=key)
    except IntegrityError:  # the same key made at the same moment by another run
        return None
    if recipient.email:
        subject, body = email_text(notification, dates)
        address = recipient.email
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))
    return notification


def notification_send_many(*, recipients, **fields) -> list[Notification]:
    """:func:`notification_send` to each of ``recipients`` (each once)."""
    seen, sent = set(), []
    for recipient in recipients:
        if recipient is None or recipient.pk in seen:
            continue
        seen.add(recipient.pk)
        notification = notification_send(recipient=recipient, **fields)
        if notification is not None:
            sent.append(notification)
    return sent


def notifications_mark_read(*, actor, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own unread notifications read (those of ``ids``, or all); returns how many."""
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
