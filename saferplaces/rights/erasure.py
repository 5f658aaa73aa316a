"""Erasure of a person's data when an Art. 17 request is granted: one call, behind this function.

The retention engine (``saferplaces.retention.erase``, issue 17's retention work) removes a person's
data everywhere it was copied inside the product and leaves the audit trail with identifiers only; a
granted erasure uses it when it is installed. Until it is, :func:`erase_person` blanks the personal
fields of the agency's own person record (the record stays: other records refer to it), which is less
than the engine does: the change history keeps the earlier values. docs/rights.md says so.
"""

from __future__ import annotations

import importlib

from saferplaces.core.context import acting_as

#: the person record's fields that identify them, and their erased values
ERASED = {"forename": "Erased", "surname": "", "date_of_birth": None, "sex": "", "postcode": "", "address": "",
          "source_reference": ""}


def _engine():
    """The retention engine's ``erase_person``, or None when the retention app is not installed."""
    try:
        module = importlib.import_module("saferplaces.retention.erase")
    except ImportError:
        return None
    return getattr(module, "erase_person", None)


def erase_person(*, actor, person, reason: str) -> None:
    engine = _engine()
    if engine is not None:
        engine(actor=actor, person=person, reason=reason)
        return
    with acting_as(actor, reason=reason):
        for name, value in ERASED.items():
            setattr(person, name, value)
        person.save()
