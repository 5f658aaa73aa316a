"""Erasure: remove a record and every copy of its personal data inside the product.

:func:`erase_record` deletes the record and everything that hangs off it (its notes and their files,
casework rows, parties, enforcement steps: every row of a business app that refers to it, and the rows
that refer to those), the grants on them and the notifications that link to them, then erases the
personal values of their change history and access events (``audit.erasure``, docs/decisions/0006),
leaving the audit trail with identifiers only. :func:`anonymise_record` keeps the record itself with
its free text blanked. :func:`erase_person` erases a person record and every record about them.

These are the one way to erase: the nightly retention run (``retention.run``) and granted erasure
requests call them. They do not check the actor's permission; the caller has authorised the erasure.
A legal hold on any of the records refuses it (:class:`OnLegalHold`). The exports that carried the
records out of the product are listed in the report (``offenders.exports_registry``), to be recalled.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from saferplaces.audit.erasure import entries_erase
from saferplaces.core import files
from saferplaces.core.context import acting_as
from saferplaces.notifications.models import Notification
from saferplaces.offenders.exports_registry import exports_containing
from saferplaces.policy.models import AccessGrant
from saferplaces.retention.models import LegalHold, ReviewItem

#: Apps whose rows are not copies of a record's data: the audit trail (erased in place), accounts,
#: Django's own tables and retention's identifier-only rows.
NOT_COPIES = frozenset({"audit", "accounts", "auth", "contenttypes", "sessions", "admin", "retention", "axes",
                        "otp_totp", "otp_static", "django_otp", "django_tasks", "django_tasks_database"})
FILE_FIELDS = ("file_stored_name", "stored_name")
#: Fields an anonymised record keeps although they hold text: they classify, they do not describe.
KEEP_ON_ANONYMISE = frozenset({"data_category"})
ANONYMISED = "Anonymised"


class RetentionError(Exception):
    """An erasure that cannot be done; the message says why."""


class OnLegalHold(RetentionError):
    pass


@dataclass
class ErasureReport:
    """What one erasure did: rows deleted (per model label), files removed from disk, notifications
    removed, audit rows whose values were erased, and the exports that carried the records out."""

    record_type: str
    record_id: str
    anonymised: bool = False
    deleted: Counter = field(default_factory=Counter)
    files_removed: int = 0
    grants_removed: int = 0
    notifications_removed: int = 0
    history_erased: int = 0
    access_erased: int = 0
    history_not_erasable: int = 0
    exports: list = field(default_factory=list)

    @property
    def rows_deleted(self) -> int:
        return sum(self.deleted.values())


def key(record: models.Model) -> tuple[str, str]:
    return record._meta.label_lower, str(record.pk)


def label_of(record: models.Model) -> str:
    """A record named without its personal data: its kind and number."""
    return f"{str(record._meta.verbose_name).capitalize()} {record.pk}"


def active_holds(keys) -> models.QuerySet:
    today = timezone.localdate()
    wanted = models.Q(pk__in=[])
    for record_type, record_id in keys:
        wanted |= models.Q(record_type=record_type, record_id=record_id)
    return (LegalHold.objects.filter(wanted, lifted_at__isnull=True)
            .filter(models.Q(until__isnull=True) | models.Q(until__gte=today)))


def dependents(record: models.Model, seen: set | None = None) -> list[models.Model]:
    """``record`` and every business-app row that refers to it, directly or through another such row;
    the rows that refer to a row come before it (the order to delete them in)."""
    seen = set() if seen is None else seen
    if key(record) in seen:
        return []
    seen.add(key(record))
    found = []
    for relation in record._meta.related_objects:
        if relation.many_to_many or relation.related_model._meta.app_label in NOT_COPIES:
            continue  # an automatic many-to-many table's rows go with the record
        for child in relation.related_model._base_manager.filter(**{relation.field.name: record}).order_by("pk"):
            found.extend(dependents(child, seen))
    found.append(record)
    return found


def _grants(records) -> models.QuerySet:
    wanted = models.Q(pk__in=[])
    for record in records:
        wanted |= models.Q(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)
    return AccessGrant.objects.filter(wanted)


def _notifications(records) -> models.QuerySet:
    wanted = models.Q(pk__in=[])
    for record in records:
        url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
        if url:
            wanted |= models.Q(url__startswith=url) if url.endswith("/") else models.Q(url=url)
    return Notification.objects.filter(wanted)


def _blank(record: models.Model) -> None:
    for f in record._meta.concrete_fields:
        if f.primary_key or f.choices or f.name in KEEP_ON_ANONYMISE:
            continue
        if f.is_relation:
            if f.null and f.related_model._meta.label_lower == "people.person":
                setattr(record, f.attname, None)
        elif isinstance(f, (models.CharField, models.TextField)):
            setattr(record, f.attname, None if f.null else "" if f.blank else
                    (f"{ANONYMISED} {record.pk}" if f.unique else ANONYMISED))
        elif isinstance(f, models.JSONField):
            setattr(record, f.attname, None if f.null else f.get_default())
        elif isinstance(f, models.DateField) and "birth" in f.name and f.null:
            setattr(record, f.attname, None)


def _forget_decisions(keys) -> list[int]:
    """Blank the owners' reasons on the records' review items and holds (a reason may quote the record),
    mark the items done; the ids of those rows, whose history is erased too."""
    touched = {"retention.reviewitem": [], "retention.legalhold": []}
    for record_type, record_id in keys:
        for item in ReviewItem.objects.filter(record_type=record_type, record_id=record_id):
            item.reason, item.url = "", ""
            item.done_at = item.done_at or timezone.now()
            item.save()
            touched["retention.reviewitem"].append(item.pk)
        for hold in LegalHold.objects.filter(record_type=record_type, record_id=record_id):
            hold.reason = "(erased with the record)"
            hold.save()
            touched["retention.legalhold"].append(hold.pk)
    return touched


def _erase(record: models.Model, *, actor, reason: str, anonymise: bool) -> ErasureReport:
    rows = dependents(record)
    keys = [key(row) for row in rows]
    hold = active_holds(keys).first()
    if hold is not None:
        raise OnLegalHold(f"{hold.label} is under a legal hold: {hold.reason}")
    report = ErasureReport(*key(record), anonymised=anonymise)
    for record_type, record_id in keys:
        report.exports.extend(e for e in exports_containing(record_type, record_id) if e not in report.exports)
    stored = [getattr(row, name) for row in rows for name in FILE_FIELDS if getattr(row, name, "")]
    with acting_as(actor, reason):
        report.notifications_removed = _notifications(rows).delete()[0]
        grant_ids = []
        for grant in _grants(rows):
            grant_ids.append(str(grant.pk))
            grant.delete()
        report.grants_removed = len(grant_ids)
        for row in rows:
            if anonymise and row is record:
                _blank(row)
                row.save()
            else:
                row.delete()
                report.deleted[row._meta.label_lower] += 1
        touched = _forget_decisions(keys)
    history = [*keys, *((t, str(i)) for t, ids in touched.items() for i in ids)]
    by_type: dict[str, list[str]] = {}
    for record_type, record_id in history:
        by_type.setdefault(record_type, []).append(record_id)
    if grant_ids:  # a grant's reason may name the person
        by_type["policy.accessgrant"] = grant_ids
    for record_type, ids in by_type.items():
        erased = entries_erase(record_type=record_type, record_ids=ids)
        report.history_erased += erased.changes
        report.access_erased += erased.accesses
        report.history_not_erasable += erased.not_erasable
    report.files_removed = len(stored)
    # The files go once the rows are gone for good (the transaction committed).
    transaction.on_commit(lambda: [files.path_of(name).unlink(missing_ok=True) for name in stored])
    return report


@transaction.atomic
def erase_record(record: models.Model, *, actor, reason: str) -> ErasureReport:
    """Delete ``record`` and every copy of its personal data in the product; ``actor`` (``None`` for the
    nightly run) is named in the history, ``reason`` says why (retention, or a granted erasure request)."""
    return _erase(record, actor=actor, reason=reason, anonymise=False)


@transaction.atomic
def anonymise_record(record: models.Model, *, actor, reason: str) -> ErasureReport:
    """Keep ``record`` for counting with its free text and dates of birth blanked and its link to a person
    removed where the link may be empty; everything hanging off it is deleted as by :func:`erase_record`."""
    return _erase(record, actor=actor, reason=reason, anonymise=True)


@transaction.atomic
def erase_person(person: models.Model, *, actor, reason: str) -> ErasureReport:
    """Erase a person record and every record about the person (victimisations, referrals, cohort
    memberships, offences, their parts in ASB cases), as :func:`erase_record`."""
    if person._meta.label_lower != "people.person":
        raise RetentionError("erase_person takes a person record")
    return _erase(person, actor=actor, reason=reason, anonymise=False)
