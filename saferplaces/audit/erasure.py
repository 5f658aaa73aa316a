"""Erasing the personal values an audit row holds, leaving its identifiers and its place in the chain.

The one change the audit tables accept (docs/decisions/0006): a row's erasable fields
(``chain.ERASABLE``: what a change said, the label and justification of an access) set to their erased
values together with the row's salt. Its hash covers a digest of those values rather than the values,
so ``manage.py audit_verify`` still walks the chain unbroken; the database triggers refuse any other
update, and the application role may update only those columns (``manage.py audit_app_grants``).
Called by retention when a record is deleted or anonymised; never from a page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from saferplaces.audit import chain
from saferplaces.audit.models import AccessEvent, ChangeRecord


@dataclass(frozen=True)
class Erased:
    """How many audit rows had their values erased, and how many could not be (written before
    decision 0006, their hash covers their values)."""

    changes: int
    accesses: int
    not_erasable: int


def entries_erase(*, record_type: str, record_ids: Iterable) -> Erased:
    """Erase the values of every change record and access event about ``record_type`` ``record_ids``."""
    ids = sorted({str(i) for i in record_ids})
    counts, legacy = [], 0
    for model in (ChangeRecord, AccessEvent):
        rows = model._base_manager.filter(record_type=record_type, record_id__in=ids)
        legacy += rows.filter(values_digest__isnull=True).count()
        # The base manager's plain update: AppendOnlyQuerySet refuses every other change.
        counts.append(rows.filter(values_salt__isnull=False).update(**chain.ERASABLE[model._meta.label_lower],
                                                                     values_salt=None))
    return Erased(changes=counts[0], accesses=counts[1], not_erasable=legacy)
