"""The registry of exports: which records each export of personal data contained, so that when a
record must be erased (a person removed from the gangs cohort) the copies that left the product can
be listed and recalled.

The access log already says that an export happened and why; this registry answers the reverse
question, "which exports held this record?", by one indexed lookup. Its rows are identifiers only
(record type and id, who exported, when): an export's content is never kept. Any export can register
itself with :func:`export_recorded`; the cohort members export is the first.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model

from saferplaces.offenders.models import ExportItem, ExportRecord


def export_recorded(*, actor, kind: str, records: Iterable[Model]) -> ExportRecord:
    """Register one export by ``actor`` (``kind``: its route name) of ``records``."""
    records = list(records)
    export = ExportRecord.objects.create(actor=actor, agency_id=actor.agency_id, kind=kind, rows=len(records))
    ExportItem.objects.bulk_create(ExportItem(export=export, record_type=r._meta.label_lower, record_id=str(r.pk))
                                   for r in records)
    return export


def exports_containing(record_type: str, record_id) -> list[ExportRecord]:
    """Every export that contained the record, oldest first, with who made it."""
    return list(ExportRecord.objects.filter(items__record_type=record_type, items__record_id=str(record_id))
                .select_related("actor", "agency").distinct().order_by("at", "pk"))
