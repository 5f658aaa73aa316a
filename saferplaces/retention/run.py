"""The nightly retention run: find the records past their retention date and do what their category's
rule says (``manage.py retention_run``).

For each record of a source (``retention.sources``) whose category has a rule with a period: the date of
the rule's event plus the period is its retention date. Past it, a record under a legal hold is left; a
review rule puts it on its owning agency's review list (``ReviewItem``), where the owner keeps it (with a
reason and a new date, after which it is due again) or lets it go, and the next run erases it; a delete
or anonymise rule erases or anonymises it at once (``retention.erase``). A person record is left while a
record about the person is kept. Each record is erased in its own transaction, so one refused erasure
stops nothing else.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from saferplaces.retention import erase
from saferplaces.retention.models import RetentionAction, RetentionRule, ReviewItem, ReviewStatus, TriggerEvent
from saferplaces.retention.sources import PERSON, Source, sources

#: what the run did with a record (the report's last column)
PUT_ON_REVIEW = "put on the review list"
AWAITING = "awaiting the owner's review"
KEPT = "kept by the owner"
DELETED = "deleted"
ANONYMISED = "anonymised"
HELD = "left: under a legal hold"
STILL_NEEDED = "left: records about the person are kept"


@dataclass
class RunReport:
    today: dt.date
    dry_run: bool
    counts: Counter = field(default_factory=Counter)  # (model label, category, outcome) → records
    files_removed: int = 0
    history_erased: int = 0
    exports_to_recall: set = field(default_factory=set)

    def lines(self) -> list[str]:
        verb = "would be" if self.dry_run else "were"
        out = [f"Retention run for {self.today:%d %B %Y}{' (dry run: nothing changed)' if self.dry_run else ''}"]
        for (label, category, outcome), n in sorted(self.counts.items()):
            out.append(f"  {label} [{category}]: {n} {outcome}")
        if not self.counts:
            out.append("  nothing due")
        out.append(f"Files removed: {self.files_removed}; audit rows whose values {verb} erased: "
                   f"{self.history_erased}")
        if self.exports_to_recall:
            out.append(f"Exports that carried erased records (recall them): {sorted(self.exports_to_recall)}")
        return out


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day where it is shorter (31 January + 1 month
    is 28 or 29 February)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(rule: RetentionRule, event_on: dt.date) -> dt.date:
    return add_months(event_on, rule.period_months)


def _still_needed(person) -> bool:
    anonymised = set(ReviewItem.objects.filter(status=ReviewStatus.ANONYMISED).values_list("record_type", "record_id"))
    # The person's own rows (links to other records of the same person, review pairs) do not keep it.
    return any(row._meta.app_label != "people" and erase.key(row) not in anonymised
               for row in erase.dependents(person)[:-1])


def _item(source: Source, pk, agency_id, category, event_on, due) -> ReviewItem:
    item = ReviewItem.objects.filter(record_type=source.label, record_id=str(pk)).first()
    if item is not None:
        return item
    record = source.model._base_manager.get(pk=pk)
    url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
    return ReviewItem(url=url, record_type=source.label, record_id=str(pk), owner_agency_id=agency_id,
                              category=category, label=f"{str(source.model._meta.verbose_name).capitalize()} {pk}",
                              event_on=event_on, due_on=due)


def _erase(report, source, item, category, *, anonymise: bool) -> None:
    record = source.model._base_manager.get(pk=item.record_id)
    reason = f"Retention schedule: {category} ({'anonymise' if anonymise else 'delete'})"
    try:
        done = (erase.anonymise_record if anonymise else erase.erase_record)(record, actor=None, reason=reason)
    except erase.OnLegalHold:
        report.counts[source.label, category, HELD] += 1
        return
    with transaction.atomic():
        item.refresh_from_db() if item.pk else None
        item.status = ReviewStatus.ANONYMISED if anonymise else ReviewStatus.ERASED
        item.done_at, item.url = timezone.now(), ""
        item.save()
    report.counts[source.label, category, ANONYMISED if anonymise else DELETED] += 1
    report.files_removed += done.files_removed
    report.history_erased += done.history_erased + done.access_erased
    report.exports_to_recall.update(e.pk for e in done.exports)


def retention_run(*, today: dt.date | None = None, dry_run: bool = False) -> RunReport:
    """Apply the schedule as of ``today`` (the local date by default); ``dry_run`` changes nothing."""
    today = today or timezone.localdate()
    report = RunReport(today=today, dry_run=dry_run)
    rules = {r.category: r for r in RetentionRule.objects.filter(period_months__isnull=False)}
    for source in sources():
        for pk, agency_id, category, dates in list(source.event_dates()):
            rule = rules.get(category)
            if rule is None:
                continue
            event_on = dates.get(source.event_used(rule.trigger)) or dates.get(TriggerEvent.CREATED)
            if event_on is None or due_on(rule, event_on) > today:
                continue
            item = _item(source, pk, agency_id, category, event_on, due_on(rule, event_on))
            if item.status in (ReviewStatus.ERASED, ReviewStatus.ANONYMISED):
                continue
            if erase.active_holds([(source.label, str(pk))]).exists():
                report.counts[source.label, category, HELD] += 1
                continue
            if source.label == PERSON and _still_needed(source.model._base_manager.get(pk=pk)):
                report.counts[source.label, category, STILL_NEEDED] += 1
                continue
            if item.status == ReviewStatus.KEPT and item.keep_until and item.keep_until > today:
                report.counts[source.label, category, KEPT] += 1
                continue
            let_go = item.status == ReviewStatus.LET_GO
            if rule.action == RetentionAction.REVIEW and not let_go:
                if item.pk and item.status == ReviewStatus.DUE:
                    report.counts[source.label, category, AWAITING] += 1
                    continue
                report.counts[source.label, category, PUT_ON_REVIEW] += 1
                if not dry_run:  # new, or kept until a date now passed: due again from that date
                    item.due_on = item.keep_until or item.due_on
                    item.status, item.keep_until = ReviewStatus.DUE, None
                    item.save()
                continue
            anonymise = rule.action == RetentionAction.ANONYMISE and not let_go
            if dry_run:
                report.counts[source.label, category, ANONYMISED if anonymise else DELETED] += 1
                continue
            if not item.pk:
                item.save()
            _erase(report, source, item, category, anonymise=anonymise)
    return report
