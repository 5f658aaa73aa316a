"""Output files written whole or not at all.

Every file the engine writes goes through here: the paths are checked before any work starts (so an
hour's analysis does not end in "no such folder" after half its files are written), and each file is
written to a temporary file in its own folder and renamed into place (a rename within one folder
replaces the old file in one step, so a reader never sees half a file and a failure leaves none).
Folders of outputs (the synthetic data) are built in a temporary folder beside the target and moved
in once complete.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from saferplaces.evidence.errors import ParameterError


def _writable_folder(folder: Path, what: str, path: Path) -> None:
    if not folder.exists():
        raise ParameterError(f"{what} {path}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise ParameterError(f"{what} {path}: {folder} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ParameterError(f"{what} {path}: the folder {folder} is not writable")


def check_file(path: str | Path, what: str = "output file") -> Path:
    """``path`` as a Path, after checking a file can be written there: its folder exists and is
    writable, and the path is not a folder. ``what`` names the file in the error."""
    target = Path(path)
    if str(path) == "" or target.is_dir():
        raise ParameterError(f"{what} {str(path)!r}: a folder, not a file name")
    _writable_folder(target.parent, what, target)
    return target


def check_files(files: Mapping[str, str | Path | None]) -> dict[str, Path]:
    """Check every output file of one job at once (name in words → path, ``None`` when not asked
    for); two outputs on one path are refused too."""
    checked = {what: check_file(path, what) for what, path in files.items() if path is not None}
    seen: dict[Path, str] = {}
    for what, path in checked.items():
        key = path.resolve()
        if key in seen:
            raise ParameterError(f"the {seen[key]} and the {what} are the same file, {path}")
        seen[key] = what
    return checked


def check_folder(path: str | Path, what: str = "output folder") -> Path:
    """``path`` as a Path, after checking it is a writable folder or can be made as one (its nearest
    existing ancestor is a writable folder)."""
    target = Path(path)
    if target.exists():
        if not target.is_dir():
            raise ParameterError(f"{what} {target}: a file, not a folder")
        _writable_folder(target, what, target)
        return target
    ancestor = target.absolute().parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    _writable_folder(ancestor, what, target)
    return target


@contextlib.contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A temporary path in ``path``'s folder to write to; renamed onto ``path`` when the block ends
    without an error, removed when it raises."""
    target = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        # mkstemp makes the file private (0600); give it the mode an ordinary write would under the
        # usual umask 022 (reading the umask means setting it, which is not safe under threads).
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_text(path: str | Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path``, whole or not at all."""
    with replacing(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def folder_in_place(path: str | Path) -> Iterator[Path]:
    """A temporary folder beside ``path`` to build outputs in; when the block ends without an error
    its files are moved into ``path`` (made if need be, with its parents; files of the same name
    replaced, others kept); when it raises, nothing is left, not even the parents it made."""
    target = check_folder(path).absolute()
    made = [folder for folder in reversed(target.parents) if not folder.exists()]
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent))
    try:
        yield temporary
        for source in sorted(temporary.rglob("*")):
            if source.is_dir():
                continue
            destination = target / source.relative_to(temporary)
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, destination)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        for folder in reversed(made):  # deepest first; each is empty once the temporary folder is gone
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    shutil.rmtree(temporary, ignore_errors=True)
