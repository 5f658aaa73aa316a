"""The subject access package: what the agency holds about the subject, with third-party information
redacted, as JSON (machine-readable, Art. 15(3) "in a commonly used electronic form") and as a PDF drawn
from the same data, so the two always say the same.

Each record found (``SarItem``) gives its own fields (ids and internal flags left out), the parties of a
case and the notes kept on it. Every piece of text then has the words the DPO chose to redact replaced,
wherever they appear (a third party's name in a note as well as in the parties).
"""

from __future__ import annotations

import datetime as dt
import json
import re

from django.db import models

from saferplaces.core.notes import Note
from saferplaces.rights.models import RedactionDecision, SubjectAccessRequest

REDACTED = "[Redacted: third party]"
#: fields that say nothing about the subject: identifiers, internal flags, stored file names
SKIPPED = {"id", "is_sample", "data_category", "file_stored_name", "file_sha256", "owner_agency"}


class PackageNotReady(ValueError):
    pass


def _value(value):
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | float | str):
        return value
    return json.dumps(value, default=str) if isinstance(value, list | dict) else str(value)


def _fields(record) -> dict:
    out = {}
    for field in record._meta.concrete_fields:
        if field.name in SKIPPED:
            continue
        if isinstance(field, models.ForeignKey):
            continue  # links to other records, users and agencies: the record's parts are listed below
        display = getattr(record, f"get_{field.name}_display", None)
        value = display() if field.choices and display else getattr(record, field.name)
        value = _value(value)
        if value != "":
            out[str(field.verbose_name).capitalize()] = value
    return out


def _notes(record) -> list[dict]:
    notes = []
    for relation in record._meta.related_objects:
        if relation.one_to_many and issubclass(relation.related_model, Note):
            for note in getattr(record, relation.get_accessor_name()).order_by("contact_on", "pk"):
                notes.append({"date": note.contact_on.isoformat(), "contact": note.get_contact_type_display(),
                              "text": note.text})
    return notes


def _parties(record) -> list[dict]:
    parties = getattr(record, "parties", None)
    if parties is None or not hasattr(parties, "all"):
        return []
    return [{"role": party.get_role_display(), "name": party.details()[0]} for party in parties.all()]


def _redact(value, patterns: list[re.Pattern]):
    if isinstance(value, str):
        for pattern in patterns:
            value = pattern.sub(REDACTED, value)
        return value
    if isinstance(value, dict):
        return {key: _redact(item, patterns) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact(item, patterns) for item in value]
    return value


def build_package(sar: SubjectAccessRequest) -> dict:
    """The package of ``sar`` with the redactions applied. Refused while a redaction is undecided."""
    redactions = list(sar.redactions.all())
    if any(r.decision == RedactionDecision.UNDECIDED for r in redactions):
        raise PackageNotReady("Decide every piece of third-party information before producing the package")
    # Longest first, so that "Jo Bloggs" is redacted whole before "Jo" could be.
    patterns = [re.compile(re.escape(r.text), re.IGNORECASE)
                for r in sorted(redactions, key=lambda r: -len(r.text)) if r.decision == RedactionDecision.REDACT]
    records = []
    for item in sar.items.select_related("content_type"):
        record = item.record
        if record is None:  # erased since it was found
            continue
        records.append({
            "record": item.label,
            "kind": str(record._meta.verbose_name).capitalize(),
            "held_by": record.owner_agency.name,
            "details": _fields(record),
            "parties": _parties(record),
            "notes": _notes(record),
        })
    package = {
        "reference": sar.reference,
        "controller": sar.agency.name,
        "subject": {"name": sar.subject_name, "date_of_birth": _value(sar.date_of_birth)},
        "received_on": sar.received_on.isoformat(),
        "due_on": sar.due_on.isoformat(),
        "records": records,
        "partners_asked": sorted(p.agency.name for p in sar.partner_requests.select_related("agency")),
        "redactions": sum(1 for r in redactions if r.decision == RedactionDecision.REDACT),
        "note": ("Information about other people has been removed where marked, as UK GDPR Article 15(4) "
                 "and the Data Protection Act 2018, Schedule 2, paragraph 16 require."),
    }
    return _redact(package, patterns)


def package_pdf(package: dict) -> bytes:
    """The package as an A4 PDF (standard Helvetica: nothing embedded)."""
    # fpdf2 is loaded only when a PDF is asked for: no other page needs it.
    from fpdf import FPDF

    # The letters' Latin-1 mapping; here, not at the top, as its module imports fpdf2 too.
    from saferplaces.asb.letter_pdf import latin1

    pdf = FPDF(format="A4")
    pdf.set_title(latin1(f"Subject access request {package['reference']}"))
    pdf.set_author(latin1(package["controller"]))
    pdf.set_creator("Safer Places")
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    width = pdf.epw

    def line(text, size=10, style="", height=5.5):
        pdf.set_font("Helvetica", style=style, size=size)
        pdf.multi_cell(width, height, latin1(str(text)), new_x="LMARGIN", new_y="NEXT")

    line(f"Subject access request {package['reference']}", size=16, style="B", height=8)
    line(f"{package['controller']}: the personal data we hold about {package['subject']['name']}")
    line(f"Received {package['received_on']}; due by {package['due_on']}")
    line(package["note"], size=9)
    if package["partners_asked"]:
        line("Partner agencies asked to answer for the records they hold: " + ", ".join(package["partners_asked"]),
             size=9)
    for record in package["records"]:
        pdf.ln(3)
        line(f"{record['record']} (held by {record['held_by']})", size=12, style="B", height=7)
        for key, value in record["details"].items():
            line(f"{key}: {value}")
        for party in record["parties"]:
            line(f"Party, {party['role']}: {party['name']}")
        for note in record["notes"]:
            line(f"Note of {note['date']} ({note['contact']}): {note['text']}")
    if not package["records"]:
        line("We hold no records about you.")
    return bytes(pdf.output())
