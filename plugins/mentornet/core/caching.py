"""The caches under ``.cache/plugin/mentornet/``: how they are keyed, written and read.

Every cache is keyed by what it was made from, never by time stamps; every file is written
atomically, so a build stopped halfway leaves no half-written file behind; and a damaged or
foreign file reads as a miss, never as an error.

Pickled caches are trusted as part of the project folder, like ``mkdocs.yml`` hooks: they
live under the project's ``.cache``, which must not be committed or shared.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, TypeVar

T = TypeVar("T")

PACKAGE = Path(__file__).parent.parent


@lru_cache(maxsize=None)
def code_version(*modules: str) -> str:
    """Changes with any of mentornet's Python sources (or only with ``modules``, file names in
    the package, for a cache that is costly to fill and made by those alone): what one version
    computed and cached is never read by another."""
    digest = hashlib.sha256()
    paths = [PACKAGE / name for name in modules] if modules else PACKAGE.rglob("*.py")
    for path in sorted(paths):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\x00" + path.read_bytes())
    return digest.hexdigest()[:16]


def digest(parts: Iterable[Any]) -> str:
    """A key for a cache: the parts' ``repr``, which must say everything the cached value
    depends on (plain data: strings, numbers, dates, tuples)."""
    found = hashlib.sha256(code_version().encode())
    for part in parts:
        found.update(b"\x00" + repr(part).encode("utf-8", "surrogatepass"))
    return found.hexdigest()


def write_atomically(path: Path, data: bytes | str) -> None:
    """Write ``path`` whole or not at all (a build may be stopped at any moment)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_pickle(path: Path) -> Any:
    """The pickled value at ``path``, or None when there is none or it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, damaged, or written by an incompatible version
        return None


def remembered(path: Optional[Path], key: Optional[str], make: Callable[[], T]) -> tuple[T, bool]:
    """``make()``, or what it made last time for the same ``key`` (kept in one file at
    ``path``); and whether it was kept. Without a path or a key, always ``make()``."""
    if path is None or key is None:
        return make(), False
    saved = read_pickle(path)
    if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == key:
        return saved[1], True
    value = make()
    try:
        write_pickle(path, (key, value))
    except OSError:
        pass  # the next build makes it again
    return value, False


def write_pickle(path: Path, value: Any, replaces: str = "") -> None:
    """Pickle ``value`` to ``path``; with ``replaces`` (a glob), older files matching it go."""
    write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    if replaces:
        for old in path.parent.glob(replaces):
            if old != path:
                old.unlink(missing_ok=True)
