"""Case notes on the records about people (ASB cases, victimisations, cohort memberships): the
services that keep them, the reads, and the pages every app's note routes use.

A note belongs to its record and follows it: it is read only through the record's policy check
(``policy.access``), a refusal answers 404 as the record's would, and every page showing notes asks for
and logs the reason as the record's page does (``policy.gate``). Adding a note needs the right to
change the record; correcting one is for its author only, with a reason kept in the change history.

The models are each app's (``asb.CaseNote``, ``victims.VictimNote``, ``offenders.CohortNote``, on
``core.notes.Note``); this module sits in ``people`` because every app holding records about people
already builds on it, and none of them may import another app that imports it back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.core import files
from saferplaces.core.context import acting_as
from saferplaces.core.notes import Note, NoteCorrectionForm, NoteError, NoteForm, attach, check_note
from saferplaces.policy import access
from saferplaces.policy.gate import reason_for, view_with_justification
from saferplaces.policy.rules import require_permission

# Downloads are data, never pages: nothing in them may run, load or be framed.
DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


# --- writes ------------------------------------------------------------------------------------

@transaction.atomic
def note_add(*, actor, model: type[Note], parent, contact_type: str, contact_on: dt.date, text: str,
             file_name: str = "", file_data: bytes | None = None) -> Note:
    """Keep a note of a contact on ``parent`` (a record the actor may change), with an optional file
    checked by content (``core.files``)."""
    require_permission(actor, "personal.change")
    if not access.can(actor, "change", parent):
        raise NoteError("You cannot add notes to this record")
    check_note(contact_type=contact_type, contact_on=contact_on, text=text)
    note = model(**{model.PARENT: parent}, contact_type=contact_type, contact_on=contact_on, text=text,
                 author=actor)
    if file_data is not None:
        attach(note, file_name, file_data)
    with acting_as(actor):
        note.save()
    return note


@transaction.atomic
def note_correct(*, actor, note: Note, contact_type: str, contact_on: dt.date, text: str, reason: str) -> Note:
    """The author's correction of their note. The note as it was stays in the change history, with
    the reason; nobody else may change a note (notes are append-only for them)."""
    require_permission(actor, "personal.change")
    if note.author_id != actor.pk:
        raise NoteError("Only the author of a note may correct it: add a note of your own instead")
    if not reason.strip():
        raise NoteError("Give the reason for the correction")
    check_note(contact_type=contact_type, contact_on=contact_on, text=text)
    with acting_as(actor, reason=reason):
        note.contact_type, note.contact_on, note.text = contact_type, contact_on, text
        note.corrected_at = timezone.now()
        note.save()
    return note


# --- reads -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NoteEntry:
    """One note as a dated entry of a person's chronology."""

    on: dt.date  # the date of the contact
    contact: str  # its type, for people: "Phone call"
    author: str
    author_agency: str
    text: str
    record: object  # the record the note is on (an ASB case, a victimisation, a cohort membership)
    record_label: str  # what that record is, for the reader: "ASB case ASB-2026-00012"
    note: Note

    @property
    def corrected(self) -> bool:
        return self.note.corrected_at is not None


def notes_on(model: type[Note], parents: Iterable) -> list[Note]:
    """The notes on ``parents`` (records the caller has authorised the actor to see), newest contact
    first."""
    parents = list(parents)
    if not parents:
        return []
    return list(model.objects.filter(**{f"{model.PARENT}__in": parents})
                .select_related("author__agency", model.PARENT).order_by("-contact_on", "-created_at", "-pk"))


def entries(notes: Iterable[Note], label: Callable[[object], str]) -> list[NoteEntry]:
    return [NoteEntry(on=n.contact_on, contact=n.get_contact_type_display(), author=n.author.display_name,
                      author_agency=n.author.agency.short_name, text=n.text, record=n.parent,
                      record_label=label(n.parent), note=n) for n in notes]


def note_access(*, actor, model: type[Note], note_id: int, action: str = "view") -> Note:
    """A note, authorised through its record: 404 when either is missing or the record is not the
    actor's (the refusal logged as the record's would be)."""
    note = model.objects.select_related(model.PARENT, "author").filter(pk=note_id).first()
    if note is None:
        raise Http404("No such record")
    if not access.can(actor, action, note.parent):
        raise access.refuse(actor, note.parent, action)
    return note


# --- pages -------------------------------------------------------------------------------------

def record_notes_page(request, *, model: type[Note], parent, heading: str, caption: str, summary, back: str,
                      add_url: str, file_url: str, correct_url: str):
    """The page of one record (authorised for view by the caller) with its notes, newest first."""

    def show():
        decision = access.decide(request.user, [parent])[parent]
        return render(request, "people/record_notes.html", {
            "heading": heading, "caption": caption, "summary": summary, "back": back, "reasons": decision.reasons(),
            "entries": entries(notes_on(model, [parent]), lambda record: heading),
            "can_add": decision.allows("change") and request.user.has_role_permission("personal.change"),
            "add_url": add_url, "file_url": file_url, "correct_url": correct_url})

    return view_with_justification(request, parent, show)


def note_add_page(request, *, model: type[Note], parent, back: str, caption: str):
    """The form adding a note to ``parent`` (authorised for change by the caller); back to ``back``."""

    def show():
        form = NoteForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data, upload = form.cleaned_data, form.cleaned_data.get("file")
            try:
                note_add(actor=request.user, model=model, parent=parent, contact_type=data["contact_type"],
                         contact_on=data["contact_on"], text=data["text"],
                         file_name=upload.name if upload else "", file_data=upload.read() if upload else None)
            except NoteError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Note added")
                return redirect(back)
        return render(request, "people/note_form.html", {
            "form": form, "title": "Add a note", "heading": "Add a note", "caption": caption,
            "button": "Add the note", "multipart": True, "back": back})

    return view_with_justification(request, parent, show)


def note_correct_page(request, *, model: type[Note], note_id: int, back: Callable[[Note], str],
                      caption: Callable[[Note], str]):
    """The author's correction of a note. Anyone else gets 404: for them the note cannot be changed,
    whoever they are (a note's existence is no secret to those who may see its record, but a
    correction page is nobody's but the author's)."""
    note = note_access(actor=request.user, model=model, note_id=note_id)
    if note.author_id != request.user.pk:
        raise Http404("No such record")
    require_permission(request.user, "personal.change")  # an author whose role no longer changes records

    def show():
        form = NoteCorrectionForm(request.POST or None, initial={
            "contact_type": note.contact_type, "contact_on": note.contact_on, "text": note.text})
        if request.method == "POST" and form.is_valid():
            try:
                note_correct(actor=request.user, note=note, **form.cleaned_data)
            except NoteError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Note corrected")
                return redirect(back(note))
        return render(request, "people/note_form.html", {
            "form": form, "title": "Correct your note", "heading": "Correct your note", "caption": caption(note),
            "button": "Save the correction", "back": back(note),
            "intro": "The note as it was is kept in the record's history with your reason."})

    return view_with_justification(request, note.parent, show)


def note_file_page(request, *, model: type[Note], note_id: int):
    """A note's file as a download only, after the same access check and reason as its record."""
    note = note_access(actor=request.user, model=model, note_id=note_id)
    if not note.has_file:
        raise Http404("The note has no file")
    parent = note.parent

    def send():
        reason = reason_for(request, parent)
        try:
            handle = files.path_of(note.file_stored_name).open("rb")
        except (files.FileRejected, OSError):
            raise Http404("The file is missing") from None
        access_record(actor=request.user, action=AccessAction.VIEW, record=note, reason=reason["reason"],
                      justification=reason["justification"], basis=access.basis_text(request.user, parent),
                      path=request.path, detail={"record": parent.pk, "sha256": note.file_sha256})
        response = FileResponse(handle, content_type=note.file_type, as_attachment=True, filename=note.file_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = DOWNLOAD_CSP
        response["Cache-Control"] = "no-store"
        return response

    return view_with_justification(request, parent, send)
