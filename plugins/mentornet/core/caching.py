"""The caches under ``.cache/plugin/mentornet/``: how they are keyed, written, read and pruned.

Every cache is keyed by what it was made from (contents, never ``id()`` or time stamps), and
what an audience's build made is kept under that audience's name and key; every file is
written atomically, so a build stopped halfway leaves no half-written file behind; a damaged
or foreign file reads as a miss, never as an error. ``cache: false`` (``Project.cache_dir`` is
None) switches every one of them off: nothing is written.

What lives where (:data:`FOLDERS`), and how each stays bounded:

- one file per audience, overwritten: ``analysis-<audience>.pickle``, ``pages-<audience>.pickle``,
  ``history/site-<audience>.pickle``; one per code version: ``history/revisions-*.pickle``
  (the network of every revision, items shared between revisions), ``templates-*/``;
- many files named by their key's digest, pruned after each build to the ones used most
  recently (:func:`prune`): ``diagrams/svg/``, ``diagrams/prepared/``, ``charts/``; the kept
  diagrams (``diagrams/kept/``, eight data versions); generated pages for ``--dirty``
  (``pages/<audience>/``: only the pages of the last build).

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


def touch(path: Path) -> Path:
    """Mark a cache file as used (its time is what :func:`prune` keeps by)."""
    try:
        os.utime(path)
    except OSError:
        pass
    return path


#: Folders of files named by digests, and how many files each keeps per person of the
#: portfolio (at least ``MINIMUM``): several versions of every person's diagrams.
FOLDERS = {"diagrams/svg": 6, "diagrams/prepared": 6, "charts": 0}
MINIMUM = 256


def prune(folder: Path, keep: int) -> int:
    """Remove all but the ``keep`` most recently used files of ``folder``; how many went.
    A file removed is made again when next needed: pruning costs time, never correctness."""
    try:
        files = [(entry.stat().st_mtime, entry.path) for entry in os.scandir(folder) if entry.is_file()]
    except OSError:
        return 0
    if len(files) <= keep:
        return 0
    files.sort(reverse=True)
    for _, path in files[keep:]:
        Path(path).unlink(missing_ok=True)
    return len(files) - keep


def prune_all(cache_dir: Optional[Path], people: int) -> int:
    """Bound every folder of :data:`FOLDERS` under ``cache_dir`` (after a build)."""
    if cache_dir is None:
        return 0
    return sum(prune(Path(cache_dir) / name, max(MINIMUM, per_person * people))
               for name, per_person in FOLDERS.items())


def write_pickle(path: Path, value: Any, replaces: str = "") -> None:
    """Pickle ``value`` to ``path``; with ``replaces`` (a glob), older files matching it go."""
    write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    if replaces:
        for old in path.parent.glob(replaces):
            if old != path:
                old.unlink(missing_ok=True)
