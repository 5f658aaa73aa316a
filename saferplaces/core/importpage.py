"""The page every CSV import shares: upload a file, see every rejected row and why, or what was imported.

Each domain's view checks the permission and returns ``import_page`` with its own words and service;
``core.csvimport`` explains how an import is put together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from saferplaces.core import csvimport
from saferplaces.core.forms import GovUKForm

MAX_MEGABYTES = 5


class UploadForm(GovUKForm):
    """A CSV file, read as UTF-8 text: ``cleaned_data["file"]`` is its text."""

    file = forms.FileField(error_messages={"required": "Choose a CSV file"})

    def __init__(self, *args, label: str, columns: Sequence[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = label
        self.fields["file"].help_text = f"Columns: {', '.join(columns)}"

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_MEGABYTES * 1024 * 1024:
            raise forms.ValidationError(f"The file must be smaller than {MAX_MEGABYTES} MB")
        try:
            return csvimport.decode(upload.read())
        except csvimport.ImportFileError as error:
            raise forms.ValidationError(str(error)) from None


def import_page(request: HttpRequest, *, title: str, file_label: str, noun: str, columns: Sequence[str],
                run: Callable[[str], csvimport.ImportResult],
                allowed: Mapping[str, Sequence[str]] | None = None) -> HttpResponse:
    """The upload page of one import.

    ``run(text)`` is the domain's import service for the signed-in user; ``noun`` names one imported
    record in the message after a good file ("3 victimisations imported"); ``allowed`` lists the
    codes some columns take (``{"Cohorts": [...]}``) under the column help.
    """
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None, label=file_label,
                      columns=columns)
    result = None
    if posted and form.is_valid():
        result = run(form.cleaned_data["file"])
        if result.ok:
            messages.success(request, _summary(result, noun))
            return redirect(request.path)
    return render(request, "core/csv_import.html", {
        "form": form, "result": result, "title": title, "columns": columns, "allowed": allowed or {},
    })


def _summary(result: csvimport.ImportResult, noun: str) -> str:
    text = f"{result.imported} {noun}{'' if result.imported == 1 else 's'} imported"
    if result.people_created is not None:
        text += f" ({result.people_created} new person records)"
    return text
