"""Putting a freshly built site in place of the old one, so a complete site is always there.

A build writes into ``site.partial`` beside the site folder and, only when it succeeded, swaps
it in. The swap exchanges the two folders in one step where the system can (``renameat2`` with
``RENAME_EXCHANGE`` on Linux, ``renamex_np`` with ``RENAME_SWAP`` on macOS): at every instant
``site/`` is the old site or the new one, whatever kills the build. Elsewhere it takes two
renames (the old site to ``site.old``, the new one in); a build killed between them leaves the
old site in ``site.old``, and the next build (:func:`prepare`) puts it back first.

Builds into one folder take turns: :func:`prepare` takes the lock of the site folder's parent
(:mod:`mentornet.core.locking`) and the build holds it until its swap is done, so a second
build waits instead of removing what the first is swapping in.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
from pathlib import Path
from typing import Callable, Optional

from mentornet.core.layout import side_folders
from mentornet.core.locking import FolderLock


def prepare(final: Path, waiting: Optional[Callable[[], None]] = None) -> FolderLock:
    """Before a build into ``final`` (a folder the layout's rule accepts): take its lock, put back
    a site an interrupted swap left in ``site.old``, and clear ``site.partial``. The caller
    releases the lock once the build swapped its site in, or failed."""
    final = Path(os.path.abspath(final))
    final.parent.mkdir(parents=True, exist_ok=True)
    lock = FolderLock(final.parent)
    lock.acquire(waiting)
    try:
        recover(final)
        _remove(side_folders(final)[0])
    except BaseException:
        lock.release()
        raise
    return lock


def recover(final: Path) -> None:
    """What a swap stopped halfway left: the old site in ``site.old`` and no ``site/`` (put it
    back), or ``site.old`` beside the new site (remove it)."""
    old = side_folders(final)[1]
    if old.is_dir() and not old.is_symlink():
        if not final.exists():
            os.rename(old, final)
        else:
            _remove(old)


def swap_in(built: Path, final: Path) -> None:
    """Put the site built in ``built`` in place of ``final`` (see the module's docstring)."""
    final = Path(os.path.abspath(final))
    partial, old = side_folders(final)
    if Path(os.path.abspath(built)) != partial:  # an engine that builds elsewhere (Zensical's staging)
        _remove(partial)
        shutil.move(str(built), str(partial))
    if not final.exists():
        os.rename(partial, final)
        return
    if exchange(partial, final):
        _remove(partial)  # now the old site
        return
    _remove(old)
    os.rename(final, old)
    os.rename(partial, final)
    _remove(old)


#: Linux's renameat2 flag and macOS's renamex_np flag that exchange two paths in one step.
_RENAME_EXCHANGE = 2
_RENAME_SWAP = 2
_AT_FDCWD = -100
#: What a system or file system that cannot exchange answers (the two renames are used then).
_CANNOT = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM}


def exchange(first: Path, second: Path) -> bool:
    """Exchange two existing paths in one step; False when this system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if sys.platform.startswith("linux"):
            call = libc.renameat2
            arguments = (_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
        elif sys.platform == "darwin":  # pragma: no cover - exercised on macOS only
            call = libc.renamex_np
            arguments = (os.fsencode(first), os.fsencode(second), _RENAME_SWAP)
        else:  # pragma: no cover
            return False
    except (AttributeError, OSError):  # no such call in this C library
        return False
    if call(*arguments) == 0:
        return True
    code = ctypes.get_errno()
    if code in _CANNOT:
        return False
    raise OSError(code, os.strerror(code), str(first))


def _remove(folder: Path) -> None:
    """Remove a side folder of the build's own (never through a link: the layout's rule refuses
    a linked one before any build starts)."""
    if folder.is_symlink():
        raise OSError(errno.ELOOP, "refused to remove a symbolic link", str(folder))
    shutil.rmtree(folder, ignore_errors=True)
