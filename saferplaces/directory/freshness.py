"""Freshness: when each service's entry is due for review, which entries are stale, and who keeps them.

Each service has a last-reviewed date (ORUK ``assured_date``). Its review falls due
``settings.DIRECTORY_REVIEW_MONTHS`` (6 by default) after it; a service never reviewed is due from the day
its entry last changed. Past that date the entry is *stale*: the public page says so. The owners of a
service are told ``settings.DIRECTORY_REVIEW_NOTICE_DAYS`` (30 by default) before it falls due.

Ownership: a service belongs to its organisation. An organisation linked to a partner agency
(``Organization.agency``) is kept by that agency's staff whose role has ``directory.manage``; one linked
to no agency by the partnership's coordinators (``directory.import``), who import other directories.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from saferplaces.accounts.models import User
from saferplaces.accounts.roles import ROLE_PERMISSIONS
from saferplaces.core.dates import add_months
from saferplaces.directory.models import Organization, Service, ServiceStatus
from saferplaces.notifications.models import NotificationKind
from saferplaces.notifications.services import notification_send_many


def due_on(service: Service) -> dt.date:
    """The day the service's review falls due."""
    reviewed = service.assured_date or timezone.localdate(service.last_modified)
    return add_months(reviewed, settings.DIRECTORY_REVIEW_MONTHS)


def is_stale(service: Service, on: dt.date | None = None) -> bool:
    return due_on(service) < (on or timezone.localdate())


def _roles_with(permission: str) -> list[str]:
    return [role.value for role, permissions in ROLE_PERMISSIONS.items() if permission in permissions]


def keepers(agency) -> Q:
    """The users who keep the entries of organisations linked to ``agency`` (None: to no agency)."""
    if agency is None:
        return Q(role__in=_roles_with("directory.import"))
    return Q(agency=agency, role__in=_roles_with("directory.manage"))


def may_keep(user, service: Service) -> bool:
    """Whether ``user`` may review the service's entry and decide corrections to it."""
    return may_keep_organization(user, service.organization)


def may_keep_organization(user, organization: Organization) -> bool:
    """Whether ``user`` keeps the entries of ``organization``: edits it and its services."""
    agency_id = organization.agency_id
    if agency_id is None:
        return user.has_role_permission("directory.import")
    return user.has_role_permission("directory.manage") and user.agency_id == agency_id


def kept_by(user):
    """The services ``user`` keeps (none for a role without ``directory.manage``)."""
    if not user.has_role_permission("directory.manage"):
        return Service.objects.none()
    mine = Q(organization__agency=user.agency_id)
    if user.has_role_permission("directory.import"):
        mine |= Q(organization__agency__isnull=True)
    return Service.objects.filter(mine)


def organizations_kept_by(user):
    """The organisations ``user`` keeps, by the same rule as :func:`kept_by`."""
    if not user.has_role_permission("directory.manage"):
        return Organization.objects.none()
    mine = Q(agency=user.agency_id)
    if user.has_role_permission("directory.import"):
        mine |= Q(agency__isnull=True)
    return Organization.objects.filter(mine)


def reminders_send(*, on: dt.date | None = None) -> int:
    """Tell the keepers of every open service whose review falls due within the notice period (or is
    overdue); returns how many notifications were made. Keyed on the service and its due date, so a
    keeper is told once per review however often this runs."""
    on = on or timezone.localdate()
    horizon = on + dt.timedelta(days=settings.DIRECTORY_REVIEW_NOTICE_DAYS)
    told = 0
    services = (Service.objects.exclude(status=ServiceStatus.DEFUNCT).select_related("organization")
                .order_by("organization__agency_id", "name", "id"))
    users_by_agency: dict = {}
    for service in services:
        due = due_on(service)
        if due > horizon:
            continue
        agency_id = service.organization.agency_id
        if agency_id not in users_by_agency:
            users_by_agency[agency_id] = list(User.objects.filter(keepers(agency_id), is_active=True).order_by("pk"))
        sent = notification_send_many(
            recipients=users_by_agency[agency_id], kind=NotificationKind.DIRECTORY_REVIEW_DUE,
            reference=f"Directory entry to review: {service.name}"[:200],
            url=reverse("directory:service", args=[service.pk]), dates=[("Review due", due)],
            key=f"directory.review.{service.pk}.{due:%Y-%m-%d}")
        told += len(sent)
    return told
