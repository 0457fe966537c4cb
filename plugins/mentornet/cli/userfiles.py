"""Writing the user's own files (data, journal, configuration) so that nothing is ever lost.

Every command that changes a file a person keeps in Git writes it through :func:`write_text`:
the new text goes to a temporary file in the same folder, is flushed to disk and renamed over
the original, so a kill, a full disk or a read-only folder leaves the old file whole. The file's
line endings are kept (a CRLF file stays CRLF).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
        UserFileError: the folder cannot be written, or the disk is full.
    """
    path = Path(path)
    newline = line_ending(path)
    if newline != "\n":
        text = text.replace("\r\n", "\n").replace("\n", newline)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise UserFileError(f"{path}: cannot write here ({error.strerror}); nothing was changed") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise UserFileError(f"{path}: could not be written ({error.strerror}); the file was left as it was") from None
