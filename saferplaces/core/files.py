"""Uploaded files (ASB evidence, files on case notes): an allow-list of types recognised by their
content, stored outside any URL space.

A file's type is decided from its first bytes (its "magic number"), and its name's extension must
agree with it: a script renamed ``photo.jpg`` is refused. Files are kept under a random name in
``settings.ASB['ATTACHMENT_DIR']`` (the one file store, named for the module that first needed it) and
only ever served as downloads after the access check of the record they belong to
(``asb.views_cases.attachment_download``, ``people.notes.note_file``).

In core so that every app holding files about people uses the one set of checks.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from pathlib import Path

from django.conf import settings

#: type → (extensions, description)
ALLOWED = {
    "application/pdf": ({".pdf"}, "PDF"),
    "image/png": ({".png"}, "PNG image"),
    "image/jpeg": ({".jpg", ".jpeg"}, "JPEG image"),
    "text/plain": ({".txt"}, "plain text"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ({".docx"}, "Word document"),
}
ALLOWED_LABEL = "PDF, PNG, JPEG, plain text (.txt) or Word (.docx)"


class FileRejected(ValueError):
    """A file that is not accepted; the message says why."""


def sniff(head: bytes, data: bytes) -> str | None:
    """The allowed type of a file from its content, or None."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return None
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # Markup saved as .txt is refused rather than trusted: browsers have sniffed such files as HTML.
    if re.match(r"\s*<(!doctype|html|script|svg|\?xml)", text[:512], re.IGNORECASE):
        return None
    return "text/plain"


def safe_filename(name: str) -> str:
    """The base name with anything but letters, digits, dot, dash and underscore replaced."""
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", base).strip("._") or "file"
    return cleaned[-150:]


def check(name: str, data: bytes, max_bytes: int | None = None) -> tuple[str, str]:
    """(clean file name, content type) of an acceptable file; :class:`FileRejected` otherwise."""
    max_bytes = max_bytes or settings.ASB["ATTACHMENT_MAX_BYTES"]
    if not data:
        raise FileRejected("The file is empty")
    if len(data) > max_bytes:
        raise FileRejected(f"The file must be smaller than {max_bytes // (1024 * 1024)} MB")
    kind = sniff(data[:16], data)
    if kind is None:
        raise FileRejected(f"The file must be a {ALLOWED_LABEL}; this file's content is none of those")
    filename = safe_filename(name)
    extension = Path(filename).suffix.lower()
    extensions, label = ALLOWED[kind]
    if extension not in extensions:
        raise FileRejected(f"The file's content is a {label} but its name ends {extension or 'without an extension'}"
                           f": rename it to end {' or '.join(sorted(extensions))}")
    return filename, kind


def store(data: bytes) -> tuple[str, str]:
    """Write the bytes under a random name; (stored name, SHA-256)."""
    directory = Path(settings.ASB["ATTACHMENT_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    stored_name = f"{uuid.uuid4().hex}.bin"
    (directory / stored_name).write_bytes(data)
    return stored_name, hashlib.sha256(data).hexdigest()


def path_of(stored_name: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}\.bin", stored_name):
        raise FileRejected("Bad stored name")
    return Path(settings.ASB["ATTACHMENT_DIR"]) / stored_name
