"""ASB letters: the placeholder language of their templates, how a letter is put together, and the
services that keep templates and record the letters written.

A template is plain text. Paragraphs are separated by a blank line; a paragraph that is one line
starting with ``# `` is a heading. A placeholder is a name in square brackets, ``[case reference]``,
from a fixed list for each kind of letter (:data:`PLACEHOLDERS`). Nothing else is interpreted: the
body is never run as Django template code, so ``{{ x }}`` or ``{% tag %}`` appear in the letter as
typed, and every value is escaped when the letter is shown as a page. A template that names a
placeholder outside its kind's list cannot be saved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from saferplaces.asb.models import AsbCase, Letter, LetterKind, LetterTemplate, Party, ProtectionNotice
from saferplaces.core.context import acting_as
from saferplaces.policy.rules import require_permission

#: A placeholder: a short name in square brackets, on one line, without brackets inside.
PLACEHOLDER = re.compile(r"\[([^\[\]\n]{1,60})\]")

_COMMON = {
    "date": "the date the letter is written",
    "case reference": "the case's reference (ASB-2026-00012)",
    "case location": "where the behaviour happens, as recorded on the case",
    "recipient name": "the name of the person or business the letter is to",
    "recipient address": "their address and postcode, on several lines",
    "officer name": "the name of the officer writing the letter",
    "officer job title": "their job title",
    "agency": "the agency the officer works for",
}
_NOTICE = {
    "notice reference": "the warning's or notice's reference",
    "conduct": "the conduct recorded on the warning or notice",
    "notice conditions": "what the recipient must stop doing or do, as recorded",
    "issued on": "the date it was issued",
    "expires on": "the date it ends",
}

#: kind → placeholder → what it is replaced by. The only names a template of the kind may use.
PLACEHOLDERS: dict[str, dict[str, str]] = {
    LetterKind.WARNING: {**_COMMON, "conduct": "the behaviour complained of (typed when writing)"},
    LetterKind.CPW: {**_COMMON, **_NOTICE, "comply by": "the date by which the conduct must stop"},
    LetterKind.CPN: {**_COMMON, **_NOTICE,
                     "warning reference": "the reference of the warning the notice follows",
                     "warning date": "the date of that warning",
                     "appeal by": "the last day to appeal to a magistrates' court (s.46)",
                     "appeal days": "the number of days allowed to appeal (21)",
                     "fixed penalty": "the fixed penalty amount in pounds (s.52)"},
    LetterKind.ABC: {**_COMMON,
                     "abc terms": "what the person agrees to do and not do (typed when writing)",
                     "review date": "when the contract is reviewed (typed when writing)"},
    LetterKind.CLOSURE_NOTICE: {**_COMMON,
                                "premises": "the premises closed (typed when writing)",
                                "closure ends": "when the notice stops having effect (typed when writing)",
                                "hearing": "when and where the magistrates' court hears the application for a "
                                           "closure order (typed when writing)",
                                "advice services": "who gives advice about housing and legal matters "
                                                   "(typed when writing)"},
    LetterKind.CASE_CLOSURE: {**_COMMON,
                              "closed on": "the date the case was closed",
                              "case outcome": "the outcome recorded when it was closed"},
}

#: kind → the title printed at the head of the letter.
TITLES = {
    LetterKind.WARNING: "Warning about anti-social behaviour",
    LetterKind.CPW: "Community Protection Warning",
    LetterKind.CPN: "Community Protection Notice",
    LetterKind.ABC: "Acceptable Behaviour Contract",
    LetterKind.CLOSURE_NOTICE: "Closure notice",
    LetterKind.CASE_CLOSURE: "Your anti-social behaviour case is closed",
}

#: The kinds written about a warning or notice (from its page), and those written from a case page.
NOTICE_KINDS = frozenset({LetterKind.CPW, LetterKind.CPN})
CASE_KINDS = frozenset(set(LetterKind) - NOTICE_KINDS)


@dataclass(frozen=True)
class Typed:
    """A detail the writer types for one letter: its placeholder, the question asked, the input."""

    placeholder: str
    label: str
    widget: str = "text"  # text, textarea or date


#: kind → the details typed when writing (the other placeholders come from the records).
TYPED: dict[str, tuple[Typed, ...]] = {
    LetterKind.WARNING: (Typed("conduct", "The behaviour complained of", "textarea"),),
    LetterKind.ABC: (Typed("abc terms", "What the person agrees to do and not to do", "textarea"),
                     Typed("review date", "When the contract will be reviewed", "date")),
    LetterKind.CLOSURE_NOTICE: (
        Typed("premises", "The premises closed (address)"),
        Typed("closure ends", "When the notice stops having effect (for example 6pm on 3 December 2026)"),
        Typed("hearing", "Date, time and place of the court hearing"),
        Typed("advice services", "Who gives advice about housing and legal matters, and how to contact them",
              "textarea")),
}


class LetterError(ValueError):
    """A template or letter that cannot be saved as given; the message says what to fix."""


def key(name: str) -> str:
    """A placeholder's name as compared: lower case, single spaces."""
    return " ".join(name.lower().split())


def allowed_text(kind: str) -> str:
    return ", ".join(f"[{name}]" for name in PLACEHOLDERS[kind])


def unknown_placeholders(body: str, kind: str) -> list[str]:
    """The placeholders in ``body`` that a letter of ``kind`` may not use, in order, each once."""
    allowed = PLACEHOLDERS[kind]
    unknown: list[str] = []
    for match in PLACEHOLDER.finditer(body):
        name = match.group(0)
        if key(match.group(1)) not in allowed and name not in unknown:
            unknown.append(name)
    return unknown


def check_body(body: str, kind: str) -> None:
    """Refuse a body with a placeholder outside the kind's list, naming it and the allowed ones."""
    unknown = unknown_placeholders(body, kind)
    if unknown:
        names = ", ".join(unknown)
        noun = "placeholder" if len(unknown) == 1 else "placeholders"
        raise LetterError(f"Unknown {noun} {names}. A {LetterKind(kind).label.lower()} may use: "
                          f"{allowed_text(kind)}")
    if not body.strip():
        raise LetterError("Enter the wording of the letter")


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph of a letter, as lines of plain text (never markup)."""

    heading: bool
    lines: tuple[str, ...]


def substitute(text: str, values: dict[str, str]) -> str:
    """``text`` with each allowed placeholder replaced by its value, in one pass: a value is never
    read again for placeholders, and a name not in ``values`` is left as typed."""
    return PLACEHOLDER.sub(lambda m: values.get(key(m.group(1)), m.group(0)), text)


def blocks(body: str, values: dict[str, str]) -> list[Block]:
    """The letter's headings and paragraphs with the values put in."""
    result = []
    for chunk in re.split(r"\n\s*\n", body.replace("\r\n", "\n").strip()):
        lines = chunk.strip().split("\n")
        heading = len(lines) == 1 and lines[0].startswith("# ")
        if heading:
            lines = [lines[0][2:]]
        text = substitute("\n".join(line.rstrip() for line in lines), values)
        result.append(Block(heading, tuple(text.split("\n"))))
    return result


@dataclass(frozen=True)
class Recipient:
    name: str
    address: str = ""
    postcode: str = ""

    def address_lines(self) -> list[str]:
        lines = [part.strip() for part in re.split(r"[\n,]", self.address) if part.strip()]
        return lines + ([self.postcode] if self.postcode else [])


@dataclass(frozen=True)
class LetterView:
    """Everything a printed letter shows: who from, to whom, and its blocks."""

    reference: str
    title: str
    agency: str
    written_on: dt.date
    recipient: Recipient
    officer: str
    officer_job_title: str
    blocks: list[Block] = field(default_factory=list)


def _day(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return f"{value.day} {value:%B %Y}"


def values_for(*, kind: str, case: AsbCase, recipient: Recipient, writer, written_on: dt.date,
               notice: ProtectionNotice | None = None, details: dict | None = None, policy=None) -> dict[str, str]:
    """The value of every placeholder a letter of ``kind`` may use."""
    values = {
        "date": _day(written_on), "case reference": case.reference, "case location": case.location,
        "recipient name": recipient.name, "recipient address": "\n".join(recipient.address_lines()),
        "officer name": writer.display_name, "officer job title": writer.job_title,
        "agency": writer.agency.name,
    }
    if notice is not None:
        values.update({"notice reference": notice.reference, "conduct": notice.conduct,
                       "notice conditions": notice.conditions, "issued on": _day(notice.issued_on),
                       "expires on": _day(notice.expires_on), "comply by": _day(notice.comply_by),
                       "appeal by": _day(notice.appeal_by),
                       "warning reference": notice.warning.reference if notice.warning else "",
                       "warning date": _day(notice.warning.issued_on) if notice.warning else ""})
    if policy is not None:
        values.update({"appeal days": str(policy.appeal_days), "fixed penalty": f"£{policy.fpn_amount}"})
    values.update({"closed on": _day(case.closed_on), "case outcome": case.get_outcome_display()})
    for typed in TYPED.get(kind, ()):
        value = (details or {}).get(typed.placeholder, "")
        values[typed.placeholder] = _day(value) if typed.widget == "date" else str(value)
    allowed = PLACEHOLDERS[kind]
    return {name: value for name, value in values.items() if name in allowed}


def letter_view(letter: Letter, recipient: Recipient, policy) -> LetterView:
    writer = letter.written_by
    written_on = timezone.localtime(letter.written_at).date()
    values = values_for(kind=letter.kind, case=letter.case, recipient=recipient, writer=writer,
                        written_on=written_on, notice=letter.notice, details=letter.details, policy=policy)
    return LetterView(reference=letter.notice.reference if letter.notice else letter.case.reference,
                      title=TITLES[letter.kind], agency=writer.agency.name, written_on=written_on,
                      recipient=recipient, officer=writer.display_name, officer_job_title=writer.job_title,
                      blocks=blocks(letter.body, values))


# --- services -----------------------------------------------------------------------------------

@transaction.atomic
def letter_template_save(*, actor, kind: str, name: str, body: str,
                         template: LetterTemplate | None = None) -> LetterTemplate:
    """Create or change a template, refusing placeholders its kind does not have."""
    require_permission(actor, "asb.letters")
    if kind not in PLACEHOLDERS:
        raise LetterError("Choose the kind of letter")
    body = body.replace("\r\n", "\n")
    check_body(body, kind)
    name = name.strip()
    if not name:
        raise LetterError("Enter a name for the template")
    if LetterTemplate.objects.filter(name__iexact=name).exclude(pk=template.pk if template else None).exists():
        raise LetterError(f"There is already a template called {name}")
    template = template or LetterTemplate()
    template.kind, template.name, template.body = kind, name, body
    template.updated_by, template.updated_at = actor, timezone.now()
    with acting_as(actor):
        template.save()
    return template


@transaction.atomic
def letter_write(*, actor, case: AsbCase, template: LetterTemplate, party: Party | None = None,
                 notice: ProtectionNotice | None = None, details: dict | None = None) -> Letter:
    """Record a letter written on ``case`` (about ``notice`` for a warning or notice) to ``party``.

    The caller has authorised the actor to change the case (and the notice) and to see the party's
    details."""
    require_permission(actor, "personal.change")
    if notice is not None:
        if notice.case_id != case.pk:
            raise LetterError("The warning or notice is not on this case")
        if template.kind != notice.kind:
            raise LetterError(f"Choose a template for a {notice.get_kind_display().lower()}")
        party = notice.party
    else:
        if template.kind not in CASE_KINDS:
            raise LetterError("A warning or notice letter is written from the warning's or notice's page")
        if party is None or party.case_id != case.pk:
            raise LetterError("Choose who the letter is to")
    typed = {t.placeholder for t in TYPED.get(template.kind, ())}
    details = {name: (value.isoformat() if isinstance(value, dt.date) else str(value).strip())
               for name, value in (details or {}).items() if name in typed}
    with acting_as(actor):
        return Letter.objects.create(case=case, notice=notice, party=party, template=template, kind=template.kind,
                                     template_name=template.name, body=template.body, details=details,
                                     written_by=actor)
