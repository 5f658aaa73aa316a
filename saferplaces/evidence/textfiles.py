"""Reading the text files analysts have: UTF-8 (with or without a byte-order mark), Windows-1252, gzip.

Police and partner exports come from Excel on Windows as often as from a database, so a CSV may be
Windows-1252 ("£", "é" and smart quotes as single bytes) and a lookup may be gzipped. Every reader of
a CSV or GeoJSON in the engine opens it through :func:`open_text` (or :func:`utf8_copy` where DuckDB
reads the file itself), so each file is decoded one way, and anything else is refused with a message
that names the file, rather than ending in a ``UnicodeDecodeError`` traceback.

Windows-1252 is chosen over Latin-1 because it is what Excel writes, and it is a strict superset of
Latin-1's printable characters; the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90,
0x9D) make a file neither, and it is refused.
"""

from __future__ import annotations

import gzip
import io
import tempfile
from pathlib import Path

from saferplaces.evidence.errors import InputError

_GZIP_MAGIC = b"\x1f\x8b"
_BOM = b"\xef\xbb\xbf"
UTF8 = "utf-8"
WINDOWS_1252 = "cp1252"


def _raw(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None


def _gunzip(raw: bytes, path: Path) -> bytes:
    if raw[:2] != _GZIP_MAGIC:
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError) as error:
        raise InputError(f"{path}: not a readable gzip file ({error})") from None


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, decompressed when it is gzip (recognised by its first bytes, not its name)."""
    path = Path(path)
    return _gunzip(_raw(path), path)


def detect_encoding(data: bytes, name: str | Path) -> str:
    """``"utf-8"`` or ``"cp1252"`` for ``data`` (a byte-order mark is not part of the text); else an error."""
    body = data[len(_BOM):] if data.startswith(_BOM) else data
    try:
        body.decode(UTF8)
        return UTF8
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        body.decode(WINDOWS_1252)
        return WINDOWS_1252
    except UnicodeDecodeError:
        line = body[: utf8_error.start].count(b"\n") + 1
        raise InputError(
            f"{name} line {line}: the text is neither UTF-8 nor Windows-1252 (byte 0x{body[utf8_error.start]:02X}); "
            "save the file as CSV UTF-8 and try again"
        ) from None


def decode(data: bytes, name: str | Path) -> str:
    """``data`` as text, in the encoding :func:`detect_encoding` finds, without a byte-order mark."""
    body = data[len(_BOM):] if data.startswith(_BOM) else data
    return body.decode(detect_encoding(data, name))


def read_text(path: str | Path) -> str:
    """The whole file as text (gzip, UTF-8 with or without BOM, or Windows-1252)."""
    return decode(read_bytes(path), path)


def first_line(path: str | Path, limit: int = 1 << 20) -> str:
    """The file's first line (a CSV header) as text, read without decoding or decompressing the rest.

    Only the first line's bytes decide its encoding: a Windows-1252 character further down does not
    change how a plain-ASCII header reads. ``limit`` bytes at most are read.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            start = handle.read(2)
            handle.seek(0)
            if start == _GZIP_MAGIC:
                with gzip.open(handle) as unzipped:
                    head = unzipped.readline(limit)
            else:
                head = handle.readline(limit)
    except (OSError, EOFError) as error:
        raise InputError(f"{path}: cannot read ({getattr(error, 'strerror', None) or error})") from None
    return decode(head, path).rstrip("\r\n")


def open_text(path: str | Path) -> io.StringIO:
    """A text handle on the file, for ``csv.reader`` and ``json.load`` (newlines are left to the reader)."""
    return io.StringIO(read_text(path), newline="")


def utf8_copy(path: str | Path, workdir: str | Path | None = None) -> Path:
    """A path DuckDB can read as plain UTF-8: ``path`` itself when it already is, else a decoded copy.

    The copy is written into ``workdir`` (a new temporary folder by default); the caller names the
    original in its messages.
    """
    path = Path(path)
    raw = _raw(path)
    data = _gunzip(raw, path)
    if data is raw and not data.startswith(_BOM) and detect_encoding(data, path) == UTF8:
        return path
    folder = Path(workdir or tempfile.mkdtemp(prefix="saferplaces-text-"))
    target = folder / f"{path.name.removesuffix('.gz')}.utf8"
    target.write_text(decode(data, path), encoding=UTF8, newline="")
    return target
