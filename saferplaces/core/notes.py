"""Case notes: the dated record of each contact with or about a person (a visit, a call, a letter, a
meeting), kept on the record the contact was about (an ASB case, a victimisation, a cohort membership).

Each app has its concrete note model (``asb.CaseNote``, ``victims.VictimNote``,
``offenders.CohortNote``) on this abstract base, so that a note lives beside its record and is read
through that record's policy check; the pages are ``people.notes``. Notes are append-only for
everyone but their author, who may correct one with a reason (kept in the change history, as every
change to a :class:`~saferplaces.core.tracked.Tracked` record is).

In core (Django only) so that every app shares one set of fields, one form and one set of checks.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone

from saferplaces.core import files
from saferplaces.core.forms import GovUKForm
from saferplaces.core.tracked import Tracked


class ContactType(models.TextChoices):
    VISIT = "visit", "Visit"
    CALL = "call", "Phone call"
    LETTER = "letter", "Letter"
    MEETING = "meeting", "Meeting"
    EMAIL = "email", "E-mail"
    OTHER = "other", "Other"


class Note(Tracked):
    """A note of one contact, with at most one file (a letter sent, a photo taken on a visit).

    The file's bytes are kept by ``core.files`` outside any URL space; the note keeps its checked
    name, type, size and SHA-256.
    """

    contact_type = models.CharField(max_length=10, choices=ContactType.choices)
    contact_on = models.DateField(help_text="The date of the contact (never in the future)")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    corrected_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_stored_name = models.CharField(max_length=80, blank=True)

    #: the name of the foreign key to the record the note is about (set by each concrete model)
    PARENT = ""

    class Meta:
        abstract = True
        ordering = ["-contact_on", "-created_at", "-pk"]

    def __str__(self):
        # Never the text: this label reaches the change history and the access log.
        return f"{self.get_contact_type_display()} on {self.contact_on:%d %b %Y}"

    @property
    def parent(self):
        return getattr(self, self.PARENT)

    @property
    def owner_agency_id(self):
        """The agency holding the note's record: its change history and access events are that agency's."""
        return self.parent.owner_agency_id

    @property
    def has_file(self) -> bool:
        return bool(self.file_stored_name)


class NoteError(ValueError):
    """A note that cannot be kept as given; the message says what to fix."""


def check_note(*, contact_type: str, contact_on: dt.date, text: str) -> None:
    if contact_type not in ContactType.values:
        raise NoteError("Choose the type of contact")
    if contact_on > timezone.localdate():
        raise NoteError("The date of the contact cannot be in the future")
    if not text.strip():
        raise NoteError("Write the note")


def attach(note: Note, name: str, data: bytes) -> None:
    """Check a file (size, type by content, extension) and keep it for ``note`` (not yet saved)."""
    try:
        filename, kind = files.check(name, data)
    except files.FileRejected as error:
        raise NoteError(str(error)) from None
    note.file_stored_name, note.file_sha256 = files.store(data)
    note.file_name, note.file_type, note.file_size = filename, kind, len(data)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NoteForm(GovUKForm):
    contact_type = forms.ChoiceField(label="Type of contact", choices=ContactType.choices, widget=forms.RadioSelect,
                                     error_messages={"required": "Select the type of contact"})
    contact_on = forms.DateField(label="Date of the contact", widget=DATE,
                                 error_messages={"required": "Enter the date of the contact",
                                                 "invalid": "Enter a real date"})
    text = forms.CharField(label="Note", max_length=10000, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text="What happened, what was said, what was agreed. Write it for the other agencies "
                                     "who may read it, and for the person, who may ask to see it.",
                           error_messages={"required": "Write the note"})
    file = forms.FileField(label="File (optional)", required=False,
                           help_text=f"A {files.ALLOWED_LABEL}, up to 10 MB: for example the letter sent. The file is "
                                     "only ever downloaded, never opened in the browser.")

    def clean_contact_on(self):
        day = self.cleaned_data["contact_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date of the contact cannot be in the future")
        return day

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("Write the note")
        return text

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > settings.ASB["ATTACHMENT_MAX_BYTES"]:
            raise forms.ValidationError(
                f"The file must be smaller than {settings.ASB['ATTACHMENT_MAX_BYTES'] // (1024 * 1024)} MB")
        return upload


class NoteCorrectionForm(GovUKForm):
    """The author's correction of their own note: the new text and date, and why."""

    contact_type = NoteForm.base_fields["contact_type"]
    contact_on = NoteForm.base_fields["contact_on"]
    text = NoteForm.base_fields["text"]
    reason = forms.CharField(label="Why are you correcting the note?", max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Kept with the change in the record's history, with the note as it was",
                             error_messages={"required": "Give the reason for the correction"})

    clean_contact_on = NoteForm.clean_contact_on
    clean_text = NoteForm.clean_text

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give the reason for the correction")
        return reason
