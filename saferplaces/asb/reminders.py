"""Reminders, once a day: each officer's overdue and soon-due ASB tasks by e-mail, and notifications
of warnings and notices nearing expiry.

An e-mail leaves the partnership's systems, so it carries case references and due dates only, never
task titles or names: the officer signs in to read them.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from saferplaces.accounts.models import User
from saferplaces.asb import civil, selectors
from saferplaces.asb.models import (
    CivilKind,
    CivilOrder,
    CivilStatus,
    NoticeStatus,
    ProtectionNotice,
    PspoStatus,
    PublicSpacesOrder,
)
from saferplaces.notifications.models import NotificationKind
from saferplaces.notifications.services import notification_send_many


def _line(task, on: dt.date) -> str:
    state = "overdue" if task.due_on < on else "due"
    return f"  {task.case.reference}: {state} {task.due_on:%-d %B %Y}"


def task_reminders_send(*, on: dt.date | None = None) -> int:
    """E-mail every active user with an address about their open tasks that are overdue or due within
    7 days (their own, and their agency's with nobody named); returns the number of e-mails sent."""
    on = on or timezone.localdate()
    sent = 0
    for user in User.objects.filter(is_active=True).exclude(email="").select_related("agency").order_by("pk"):
        groups = selectors.my_tasks(actor=user, on=on)
        tasks = groups["overdue"] + groups["soon"]
        if not tasks:
            continue
        overdue = len(groups["overdue"])
        subject = f"{settings.SERVICE_NAME}: {len(tasks)} ASB task{'s' if len(tasks) != 1 else ''} due" + (
            f", {overdue} overdue" if overdue else "")
        body = "\n".join([
            f"Open ASB tasks for you or {user.agency.name} that are overdue or due in the next 7 days:",
            "",
            *(_line(task, on) for task in tasks),
            "",
            f"Read them at {settings.SITE_URL}{reverse('asb:my_tasks')}",
        ])
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    return sent


# --- The civil toolkit's clocks -----------------------------------------------------------------

CBO_REVIEW_NOTICE_DAYS = 30  # warn a month before a youth CBO's review falls due (s.28)
PSPO_EXPIRY_NOTICE_DAYS = 90  # an extension needs a fresh consultation first (s.60(2), s.72(3))
ORDER_EXPIRY_NOTICE_DAYS = 14  # a closure order is extended only while in force (s.82)


def civil_deadlines(*, on: dt.date | None = None) -> list[tuple[object, str, str, dt.date]]:
    """Every civil-toolkit clock that is due soon or overdue: (user to tell, reference, what, by when).

    The user is the officer who recorded the order (else the case's lead officer); for a PSPO the
    officer who recorded it. References and dates only: the e-mail names nobody.
    """
    on = on or timezone.localdate()
    found = []
    orders = (CivilOrder.objects.filter(status__in=[CivilStatus.IN_FORCE, CivilStatus.BREACHED])
              .select_related("issued_by", "case__lead_officer"))
    for order in orders:
        who = order.issued_by or order.case.lead_officer
        if order.kind == CivilKind.CLOSURE_NOTICE:
            hearing = civil.closure_hearing_due(order)
            if hearing is not None and hearing.date() >= on - dt.timedelta(days=1):
                found.append((who, order.reference, "closure order application to be heard (s.80(3)) by "
                              f"{hearing:%H:%M} on", hearing.date()))
        elif order.kind == CivilKind.CBO:
            for due, done in civil.cbo_reviews(order):
                if not done and due <= on + dt.timedelta(days=CBO_REVIEW_NOTICE_DAYS):
                    found.append((who, order.reference, "youth CBO review (s.28) due", due))
        elif (order.kind == CivilKind.CLOSURE_ORDER and order.expires_on is not None
              and on <= order.expires_on <= on + dt.timedelta(days=ORDER_EXPIRY_NOTICE_DAYS)):
            found.append((who, order.reference, "closure order ends (extend before then, s.82)", order.expires_on))
    for pspo in PublicSpacesOrder.objects.filter(status=PspoStatus.IN_FORCE).select_related("created_by"):
        if on <= pspo.expires_on <= on + dt.timedelta(days=PSPO_EXPIRY_NOTICE_DAYS):
            found.append((pspo.created_by, pspo.reference, "PSPO expires (consult before extending, s.60, s.72)",
                          pspo.expires_on))
    return [item for item in found if item[0] is not None]


def civil_reminders_send(*, on: dt.date | None = None) -> int:
    """E-mail each officer their civil-toolkit deadlines (see :func:`civil_deadlines`); returns the
    number of e-mails sent."""
    on = on or timezone.localdate()
    by_user: dict = {}
    for user, reference, what, due in civil_deadlines(on=on):
        if user.is_active and user.email:
            by_user.setdefault(user, []).append(f"  {reference}: {what} {due:%-d %B %Y}")
    for user, lines in sorted(by_user.items(), key=lambda item: item[0].pk):
        send_mail(f"{settings.SERVICE_NAME}: {len(lines)} ASB order deadline{'s' if len(lines) != 1 else ''}",
                  "\n".join(["Closure notices and orders, Criminal Behaviour Orders and PSPOs with a deadline soon:",
                             "", *lines, "", f"Read them at {settings.SITE_URL}{reverse('asb:civil_list')}"]),
                  settings.DEFAULT_FROM_EMAIL, [user.email])
    return len(by_user)


def notice_expiry_notify(*, on: dt.date | None = None) -> int:
    """Notify the officer who issued each current warning or notice, and its case's lead officer, when
    it expires within ``ASB["NOTICE_EXPIRY_DAYS"]`` days: time to decide whether to renew it before it
    lapses. Run daily; each recipient hears once about each notice's expiry date however often it runs.
    Returns the number of notifications made."""
    on = on or timezone.localdate()
    until = on + dt.timedelta(days=settings.ASB["NOTICE_EXPIRY_DAYS"])
    notices = (ProtectionNotice.objects.filter(status__in=[NoticeStatus.ACTIVE, NoticeStatus.BREACHED],
                                               expires_on__gte=on, expires_on__lte=until)
               .select_related("issued_by", "case__lead_officer").order_by("expires_on", "pk"))
    made = 0
    for notice in notices:
        recipients = [notice.issued_by, notice.case.lead_officer if notice.case else None]
        made += len(notification_send_many(
            recipients=recipients, kind=NotificationKind.NOTICE_EXPIRING, reference=notice.reference,
            url=notice.get_absolute_url(), dates=[("Expires on", notice.expires_on)],
            key=f"notice-expiring:{notice.pk}:{notice.expires_on:%Y-%m-%d}"))
    return made
