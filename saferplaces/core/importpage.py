"""The page every import shares: upload a CSV or Excel file, match its columns, preview, import.

Each domain's view checks the permission and returns ``import_page`` with its own words and service;
``core.csvimport`` explains how an import is put together. Without code of their own, every import
then takes:

* **CSV or Excel** (.xlsx: the first sheet, or the sheet named on the form), read to the same rows;
* **a column mapping**: the file's column → the import's column, suggested by matching names,
  editable, and savable per source ("police crime export") as ``core.models.ColumnMapping``, offered
  again to the agency's users on the same page (the page's route name is the import's key);
* **a preview**: the first rows as mapped and EVERY problem by row and column, from a dry run of the
  import (its checker on every row; nothing is saved: the dry run also runs inside a transaction
  that is rolled back);
* **all or nothing**: "Import" runs the import again from the file, checker included, in one
  transaction.

"Check and import" on the upload form keeps the one-step way for a file already in the import's
columns (or with a saved mapping). Between steps the file waits under a random name in
``settings.IMPORT_STAGING_DIR``, known only to the uploader's session, and is deleted once imported.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import secrets
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from saferplaces.core import csvimport
from saferplaces.core.forms import GovUKForm
from saferplaces.core.models import ColumnMapping

MAX_MEGABYTES = 5
SESSION_KEY = "staged_imports"
STAGED_HOURS = 24
KEPT_UPLOADS = 5
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


class UploadForm(GovUKForm):
    """A CSV file, read as UTF-8 text: ``cleaned_data["file"]`` is its text (for pages that read a
    CSV themselves; ``import_page`` uses ``MappedUploadForm``)."""

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


class MappedUploadForm(GovUKForm):
    """A CSV (UTF-8) or Excel file, checked but not yet read: ``cleaned_data["file"]`` is the upload;
    the sheet to read and a saved mapping to apply, optional."""

    file = forms.FileField(error_messages={"required": "Choose a CSV or Excel file"})
    sheet = forms.CharField(label="Sheet (Excel only, optional)", required=False, max_length=100,
                            help_text="Leave empty to read the workbook's first sheet")
    mapping = forms.ModelChoiceField(label="Saved column mapping (optional)", queryset=ColumnMapping.objects.none(),
                                     required=False, empty_label="None: the file uses the columns below")

    def __init__(self, *args, label: str, columns: Sequence[str], mappings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = label
        self.fields["file"].help_text = (f"Columns: {', '.join(columns)}. CSV (UTF-8) or Excel (.xlsx), at most "
                                         f"{MAX_MEGABYTES} MB and {csvimport.MAX_ROWS:,} rows")
        self.fields["mapping"].queryset = mappings
        if not mappings.exists():
            del self.fields["mapping"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_MEGABYTES * 1024 * 1024:
            raise forms.ValidationError(f"The file must be smaller than {MAX_MEGABYTES} MB")
        name = upload.name.lower()
        if name.endswith(".xls"):
            raise forms.ValidationError("Save the workbook as Excel (.xlsx) or CSV UTF-8 first")
        if name.endswith(EXCEL_SUFFIXES):
            if upload.read(4) != b"PK\x03\x04":
                raise forms.ValidationError("The file cannot be read as an Excel workbook (.xlsx)")
        else:
            decoder = codecs.getincrementaldecoder("utf-8")()
            try:
                for chunk in upload.chunks():
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                raise forms.ValidationError("The file must be UTF-8 text (save it as CSV UTF-8)") from None
        upload.seek(0)
        return upload


class MappingForm(GovUKForm):
    """For each of the import's columns, the file's column that gives it; the file's date format; a
    name to save the mapping under."""

    date_format = forms.ChoiceField(label="How the file writes dates", required=False,
                                    choices=list(csvimport.DATE_FORMAT_CHOICES.items()))
    save_as = forms.CharField(label="Save this mapping as (optional)", required=False, max_length=80,
                              help_text='Name the source, e.g. "police crime export", to use it again next time')

    def __init__(self, *args, header: Sequence[str], columns: Sequence[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = list(columns)
        choices = [("", "Not in this file"), *((name, name) for name in header if name)]
        fields = {}
        for index, column in enumerate(columns):
            fields[f"c{index}"] = forms.ChoiceField(label=column, choices=choices, required=False)
        # The import's columns first, in its own order, then the date format and the name.
        self.fields = {**fields, **self.fields}

    def clean(self):
        cleaned = super().clean()
        chosen: dict[str, str] = {}
        for index, column in enumerate(self.columns):
            source = cleaned.get(f"c{index}")
            if not source:
                continue
            if source in chosen:
                self.add_error(f"c{index}", f"'{source}' already gives {chosen[source]}: choose another column")
            chosen[source] = column
        if not chosen:
            raise forms.ValidationError("Choose the file's column for at least one of the import's columns")
        cleaned["mapping"] = chosen
        return cleaned


def import_page(request: HttpRequest, *, title: str, file_label: str, noun: str, columns: Sequence[str],
                run: Callable[[str | csvimport.Table], csvimport.ImportResult],
                allowed: Mapping[str, Sequence[str]] | None = None) -> HttpResponse:
    """The upload page of one import, with its mapping and preview steps.

    ``run(text)`` is the domain's import service for the signed-in user, given the file's text or a
    ``csvimport.Table``; ``noun`` names one imported record in the message after a good file
    ("3 victimisations imported"); ``allowed`` lists the codes some columns take
    (``{"Cohorts": [...]}``) under the column help.
    """
    page = _Page(request, title=title, file_label=file_label, noun=noun, columns=columns, run=run,
                 allowed=allowed or {})
    step = request.POST.get("step", "upload") if request.method == "POST" else ""
    if step in ("map", "preview", "apply"):
        staged = page.staged(request.POST.get("token", ""))
        if staged is None:
            messages.error(request, "That upload has expired: upload the file again")
            return redirect(request.path)
        if step == "map":
            return page.mapping_step(staged, None)
        if step == "preview":
            return page.preview_step(staged)
        return page.apply_step(staged)
    return page.upload_step()


class _Page:
    def __init__(self, request, *, title, file_label, noun, columns, run, allowed):
        self.request = request
        self.title, self.file_label, self.noun, self.allowed = title, file_label, noun, allowed
        self.columns = list(columns)
        self.run = run
        match = request.resolver_match
        self.key = match.view_name if match else request.path
        self.mappings = ColumnMapping.objects.filter(agency_id=getattr(request.user, "agency_id", None),
                                                     import_key=self.key)

    # --- the steps ----------------------------------------------------------------------------

    def upload_step(self) -> HttpResponse:
        request = self.request
        posted = request.method == "POST"
        form = MappedUploadForm(request.POST if posted else None, request.FILES if posted else None,
                                label=self.file_label, columns=self.columns, mappings=self.mappings)
        result = None
        if posted and form.is_valid():
            saved = form.cleaned_data.get("mapping")
            sheet = form.cleaned_data["sheet"] or (saved.sheet if saved else "")
            staged = self.stage(form.cleaned_data["file"], sheet=sheet, mapping=saved.columns if saved else None,
                                date_format=saved.date_format if saved else "")
            if request.POST.get("action") == "map":
                return self.mapping_step(staged, saved)
            with self.table(staged) as table:
                result = self.run(table)
            if result.ok:
                self.unstage(staged)
                messages.success(request, _summary(result, self.noun))
                return redirect(request.path)
            self.unstage(staged)
        header_problem = bool(result and any(line == 1 and "columns:" in problem for line, problem in result.rejected))
        return render(request, "core/csv_import.html", {
            "form": form, "result": result, "title": self.title, "columns": self.columns, "allowed": self.allowed,
            "header_problem": header_problem,
        })

    def mapping_step(self, staged: dict, saved: ColumnMapping | None) -> HttpResponse:
        header = self.header(staged)
        if not header:
            self.unstage(staged)
            messages.error(self.request, "The file has no first row of column names: check it and upload it again")
            return redirect(self.request.path)
        posted = self.request.method == "POST" and self.request.POST.get("step") == "preview"
        initial = {f"c{index}": source for index, source in _suggest(header, self.columns, staged["mapping"]).items()}
        initial["date_format"] = staged["date_format"]
        if saved:
            initial["save_as"] = saved.name
        form = MappingForm(self.request.POST if posted else None, initial=initial, header=header,
                           columns=self.columns)
        return render(self.request, "core/import_mapping.html", {
            "form": form, "title": self.title, "staged": staged, "header": header,
        })

    def preview_step(self, staged: dict) -> HttpResponse:
        header = self.header(staged)
        form = MappingForm(self.request.POST, header=header, columns=self.columns)
        if not form.is_valid():
            return render(self.request, "core/import_mapping.html", {
                "form": form, "title": self.title, "staged": staged, "header": header,
            })
        staged["mapping"] = form.cleaned_data["mapping"]
        staged["date_format"] = form.cleaned_data["date_format"]
        self.save_staged(staged)
        if name := form.cleaned_data["save_as"].strip():
            self.save_mapping(name, staged)
        return self.preview(staged, self.dry_run(staged))

    def apply_step(self, staged: dict) -> HttpResponse:
        with self.table(staged) as table:
            result = self.run(table)
        if not result.ok:
            return self.preview(staged, result)
        self.unstage(staged)
        messages.success(self.request, _summary(result, self.noun))
        return redirect(self.request.path)

    def preview(self, staged: dict, result: csvimport.ImportResult) -> HttpResponse:
        source_of = {column: source for source, column in (staged["mapping"] or {}).items()}
        problems = []
        for line, problem in result.rejected:
            column = problem_column(problem, self.columns)
            problems.append((line, column, source_of.get(column, ""), problem))
        sample = [(line, [row.get(column, "") for column in result.columns]) for line, row in result.sample]
        return render(self.request, "core/import_preview.html", {
            "title": self.title, "staged": staged, "result": result, "problems": problems, "noun": self.noun,
            "sample_columns": [(column, source_of.get(column, column)) for column in result.columns],
            "sample": sample, "max_rows": f"{csvimport.MAX_ROWS:,}",
        })

    # --- helpers ------------------------------------------------------------------------------

    def dry_run(self, staged: dict) -> csvimport.ImportResult:
        """The import's result on the staged file with nothing saved: its checker only, and a rollback
        of anything the service may write around it."""
        with transaction.atomic():
            with csvimport.dry_run(), self.table(staged) as table:
                result = self.run(table)
            transaction.set_rollback(True)
        return result

    @contextlib.contextmanager
    def table(self, staged: dict, *, mapped: bool = True) -> Iterator[csvimport.Table]:
        """The staged file's rows, read as they are used (the file is closed after the block)."""
        with self._path(staged["token"]).open("rb") as stream:
            yield csvimport.read_table(stream, filename=staged["filename"], sheet=staged["sheet"],
                                       mapping=staged["mapping"] if mapped else None,
                                       date_format=staged["date_format"] if mapped else "")

    def header(self, staged: dict) -> list[str]:
        try:
            with self.table(staged, mapped=False) as table:
                return csvimport.header_of(table)
        except csvimport.ImportFileError:
            return []

    def stage(self, upload, *, sheet: str, mapping: dict | None, date_format: str) -> dict:
        folder = Path(settings.IMPORT_STAGING_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        _remove_old(folder)
        token = secrets.token_urlsafe(18)
        with (folder / f"{token}.upload").open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        staged = {"token": token, "key": self.key, "filename": upload.name, "sheet": sheet, "mapping": mapping,
                  "date_format": date_format}
        self.save_staged(staged)
        return staged

    def save_staged(self, staged: dict) -> None:
        """Keep the upload in the session (the latest few: an upload left at its preview is forgotten
        once there are more; its file goes after a day)."""
        session = self.request.session
        kept = {token: value for token, value in session.get(SESSION_KEY, {}).items() if token != staged["token"]}
        session[SESSION_KEY] = {**dict(list(kept.items())[-(KEPT_UPLOADS - 1):]), staged["token"]: staged}

    def staged(self, token: str) -> dict | None:
        staged = self.request.session.get(SESSION_KEY, {}).get(token) if _TOKEN.match(token) else None
        if staged is None or staged["key"] != self.key or not self._path(token).exists():
            return None
        return staged

    def unstage(self, staged: dict) -> None:
        self._path(staged["token"]).unlink(missing_ok=True)
        session = self.request.session
        session[SESSION_KEY] = {k: v for k, v in session.get(SESSION_KEY, {}).items() if k != staged["token"]}

    def save_mapping(self, name: str, staged: dict) -> None:
        user = self.request.user
        try:
            with transaction.atomic():
                ColumnMapping.objects.update_or_create(
                    agency_id=user.agency_id, import_key=self.key, name=name,
                    defaults={"columns": staged["mapping"], "date_format": staged["date_format"],
                              "sheet": staged["sheet"], "created_by": user, "import_title": self.title,
                              "import_path": self.request.path})
        except IntegrityError:  # saved at the same moment by a colleague: theirs stands
            return
        messages.success(self.request, f"Column mapping '{name}' saved")

    @staticmethod
    def _path(token: str) -> Path:
        return Path(settings.IMPORT_STAGING_DIR) / f"{token}.upload"


def mappings_page(request: HttpRequest) -> HttpResponse:
    """The column mappings saved by the user's agency, each with its import; any of them can be deleted
    (they hold column names only, no personal data)."""
    mappings = ColumnMapping.objects.filter(agency_id=request.user.agency_id).select_related("created_by")
    if request.method == "POST":
        mapping = get_object_or_404(mappings, pk=query_number(request.POST.get("delete", "")))
        mapping.delete()
        messages.success(request, f"Column mapping '{mapping.name}' deleted")
        return redirect(request.path)
    rows = [(mapping, sorted(mapping.columns.items(), key=lambda item: item[1]),
             csvimport.DATE_FORMAT_CHOICES.get(mapping.date_format, mapping.date_format))
            for mapping in mappings.order_by("import_title", "name")]
    return render(request, "core/import_mappings.html", {"rows": rows})


def query_number(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise Http404("not an id")
    return int(text)


def _remove_old(folder: Path) -> None:
    cutoff = time.time() - STAGED_HOURS * 3600
    for path in folder.glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            continue


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _suggest(header: Sequence[str], columns: Sequence[str], mapping: Mapping[str, str] | None) -> dict[int, str]:
    """For each of the import's columns (by position), the file's column that most likely gives it:
    the saved mapping's, else the one with the same name once case, spaces and punctuation are
    ignored, else the only one whose name holds the column's (or is held in it)."""
    suggested: dict[int, str] = {}
    used: set[str] = set()
    by_column = {column: source for source, column in (mapping or {}).items() if source in header}
    normal = {_normal(name): name for name in header if name}
    for index, column in enumerate(columns):
        source = by_column.get(column) or normal.get(_normal(column))
        if source and source not in used:
            suggested[index] = source
            used.add(source)
    for index, column in enumerate(columns):
        if index in suggested or len(_normal(column)) < 3:
            continue
        near = [name for key, name in normal.items()
                if name not in used and key and (_normal(column) in key or key in _normal(column))]
        if len(near) == 1:
            suggested[index] = near[0]
            used.add(near[0])
    return suggested


def problem_column(problem: str, columns: Sequence[str]) -> str:
    """The import's column a checker's problem names (problems start with it: "kind is empty"), or ""."""
    for column in sorted(columns, key=len, reverse=True):
        if problem.startswith(column) and problem[len(column):len(column) + 1] in ("", " ", ":"):
            return column
    return ""


def _summary(result: csvimport.ImportResult, noun: str) -> str:
    text = f"{result.imported} {noun}{'' if result.imported == 1 else 's'} imported"
    if result.people_created is not None:
        text += f" ({result.people_created} new person records)"
    return text
