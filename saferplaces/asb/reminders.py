"""Task reminders by e-mail: each officer's overdue and soon-due ASB tasks, once a day.

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
from saferplaces.asb import selectors


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
