"""Writing the user's own files (data, journal, configuration) so that nothing is ever lost.

Every command that changes a file a person keeps in Git writes it through :func:`write_text`:
the new text goes to a temporary file in the same folder, is flushed to disk and renamed over
the original, so a kill, a full disk or a read-only folder leaves the old file whole. The file's
line endings are kept (a CRLF file stays CRLF). A command that reads a file, changes it and
writes it back holds :func:`locked` across all three, so two commands at once never write one
over the other's change.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from mentornet.core.locking import held


class UserFileError(OSError):
    """A user's file that could not be written; the message names it and says what to do."""


def line_ending(path: Path) -> str:
    """The line ending a file already uses (``"\\r\\n"`` or ``"\\n"``); ``"\\n"`` for a new file."""
    try:
        with open(path, "rb") as existing:
            head = existing.read(65536)
    except OSError:
        return "\n"
    return "\r\n" if b"\r\n" in head else "\n"


def write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) at once: the old file stays whole on any failure.

    Raises:
        UserFileError: the file or its folder is read-only, or the disk is full.
    """
    path = Path(path)
    newline = line_ending(path)
    if newline != "\n":
        text = text.replace("\r\n", "\n").replace("\n", newline)
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` at once (see :func:`write_text`)."""
    path = Path(path)
    if path.is_dir():
        raise UserFileError(f"{path}: is a folder, not a file; nothing was changed")
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        # a rename would replace a read-only file all the same (and root may write any file)
        raise UserFileError(f"{path}: the file is read-only; make it writable (chmod u+w) and run the "
                            "command again; nothing was changed")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise UserFileError(f"{path}: cannot write here ({error.strerror}); nothing was changed") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise UserFileError(f"{path}: could not be written ({error.strerror}); the file was left as it was") from None


def remove(path: Path) -> None:
    """Remove a file this command wrote a moment ago (it did not pass the check)."""
    try:
        Path(path).unlink(missing_ok=True)
    except OSError as error:
        raise UserFileError(f"{path}: could not be removed ({error.strerror})") from None


@contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    """Hold the portfolio's lock (on its data folder) while a command reads, changes and writes
    its files; a second command waits, saying so, until the first is done."""
    folder = Path(data_dir)
    if not folder.is_dir():
        folder = folder.parent
    with held(folder, lambda: click.echo(f"Waiting for another mentornet command changing {folder}…",
                                         err=True)):
        yield


def refuse_kept_file(layout, out: Path) -> None:
    """End the command when ``--out`` would write into the portfolio's own files
    (:meth:`~mentornet.core.layout.Layout.kept_file_problem`)."""
    problem = layout.kept_file_problem(Path(out))
    if problem:
        raise click.ClickException(problem)
