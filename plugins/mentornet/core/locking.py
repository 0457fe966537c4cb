"""One process at a time: a lock held on a folder while a command reads, changes and writes in it.

``mentornet done`` reads an entry, ticks an action and writes the entry back; two at once would
each write their own tick over the other's. A build swaps a new site in beside the old one; two
at once would each remove what the other swapped in. Both hold :func:`held` on a folder across
the whole read-change-write, so the second waits for the first.

The lock is an advisory ``flock`` on the folder itself (POSIX: no file is created, a read-only
portfolio can still be locked, and the lock goes with the process however it ends). Windows has
no lock on a folder: a lock file in the temporary folder, named after the folder, stands in.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional


class FolderLock:
    """The lock of one folder, taken and released by hand (a build takes it in one MkDocs event
    and releases it in another); :func:`held` is the same as a ``with`` block."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._handle: Optional[int] = None
        self._windows = None

    def acquire(self, waiting: Optional[Callable[[], None]] = None) -> None:
        """Take the lock; when another process holds it, call ``waiting`` once and wait."""
        if self._handle is not None or self._windows is not None:
            return
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            self._windows = _held_windows(self.folder, waiting)
            self._windows.__enter__()
            return
        import fcntl

        handle = os.open(self.folder, os.O_RDONLY)
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if waiting is not None:
                    waiting()
                fcntl.flock(handle, fcntl.LOCK_EX)
        except BaseException:
            os.close(handle)
            raise
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            os.close(self._handle)  # closing the only descriptor releases the lock
            self._handle = None
        if self._windows is not None:  # pragma: no cover
            self._windows.__exit__(None, None, None)
            self._windows = None


@contextmanager
def held(folder: Path, waiting: Optional[Callable[[], None]] = None) -> Iterator[None]:
    """Hold the lock of ``folder`` (which must exist) until the block ends; when another process
    holds it, call ``waiting`` once (to say so) and wait for it."""
    lock = FolderLock(folder)
    lock.acquire(waiting)
    try:
        yield
    finally:
        lock.release()


@contextmanager
def _held_windows(folder: Path, waiting: Optional[Callable[[], None]]) -> Iterator[None]:  # pragma: no cover
    import msvcrt
    import time

    name = hashlib.sha256(os.path.normcase(str(folder.resolve())).encode()).hexdigest()[:24]
    with open(Path(tempfile.gettempdir()) / f"mentornet-{name}.lock", "a+b") as handle:
        told = False
        while True:
            try:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
                break
            except OSError:
                if not told and waiting is not None:
                    waiting()
                told = True
                time.sleep(0.2)
        try:
            yield
        finally:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
