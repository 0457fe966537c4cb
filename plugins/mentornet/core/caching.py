"""The caches under ``.cache/plugin/mentornet/``: how they are keyed, written, read and pruned.

Every cache is keyed by what it was made from (contents, never ``id()`` or time stamps), and
what an audience's build made is kept under that audience's name and key; every file is
written atomically, so a build stopped halfway leaves no half-written file behind; a damaged
or foreign file reads as a miss, never as an error. ``cache: false`` (``Project.cache_dir`` is
None) switches every one of them off: nothing is written.

What lives where (:data:`FOLDERS`), and how each stays bounded:

- one file per audience, overwritten: ``analysis-<audience>.pickle``, ``pages-<audience>.pickle``
  (each generated page, entry header and derived file by its own key, only those the last
  build used: :class:`Kept`), ``history/site-<audience>.pickle``; one per code version: ``history/revisions-*.pickle``
  (the network of every revision, items shared between revisions), ``templates-*/``;
- many files named by their key's digest, pruned after each build to the ones used most
  recently (:func:`prune`): ``charts/``; generated pages for ``--dirty``
  (``pages/<audience>/``: only the pages of the last build);
- the diagrams, drawn and prepared for pages, in one file per audience
  (``diagrams/prepared-<audience>.pickle``: those of the last eight data versions, see
  :class:`mentornet.diagrams.embed._Drawn`).

Every cache file is sealed (:func:`sealed`): an HMAC-SHA256 tag keyed by a secret kept outside
the repository, in the user's own cache folder (:func:`key`), is checked before a byte of it is
unpickled or used. A file planted in ``.cache`` (committed with ``git add -f`` and pulled, or
written by anyone who can write the folder) fails the check, is ignored and made again: no
cache file this user did not write on this machine is ever executed or shown.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import pickle
import secrets
import sys
import shutil
import tempfile
import zlib
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


#: Cache files are compressed (zlib, fastest level): SVG, JSON and pickles of text shrink
#: five to tenfold, and a cache stays a small multiple of the Git repository it describes.
LEVEL = 1
#: What a sealed cache file starts with, then the tag of the rest (see :func:`sealed`).
SEAL = b"MNC1"
_TAG = 32

log = logging.getLogger("mkdocs.plugins.mentornet")


class Unsealed(ValueError):
    """A cache file without this user's valid seal: damaged, from before sealing, or planted."""


def _key_file() -> Path:
    """Where the cache key lives: the user's own cache folder, never the repository."""
    if sys.platform == "win32":  # pragma: no cover
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "mentornet" / "key"


@lru_cache(maxsize=None)
def _key_at(path: Path) -> bytes:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            found = path.read_bytes()
            if len(found) >= _TAG:
                return found
            raise OSError(f"{path} is too short to be a key") from None
        with os.fdopen(handle, "wb") as out:
            out.write(secrets.token_bytes(_TAG))
        return path.read_bytes()
    except OSError as error:  # caches then last as long as this process, still sealed
        log.debug(f"mentornet: no cache key at {path} ({error}); caches are kept for this run only")
        return secrets.token_bytes(_TAG)


def key() -> bytes:
    """This user's secret for sealing caches (made, readable by the user alone, on first use)."""
    return _key_at(_key_file())


def _tag(body: bytes) -> bytes:
    return hmac.new(key(), body, hashlib.sha256).digest()


def sealed(data: bytes) -> bytes:
    """``data`` compressed and sealed with this user's key, as every cache file is written."""
    body = zlib.compress(data, LEVEL)
    return SEAL + _tag(body) + body


def unsealed(data: bytes) -> bytes:
    """What :func:`sealed` sealed, once its tag is checked (before anything else is done with it).

    Raises:
        Unsealed: the file was not sealed with this user's key, or is damaged.
    """
    start = len(SEAL) + _TAG
    if data[:len(SEAL)] != SEAL or not hmac.compare_digest(data[len(SEAL):start], _tag(data[start:])):
        raise Unsealed("not sealed with this user's cache key")
    return zlib.decompress(data[start:])


def _ignored(path: Path, error: Exception) -> None:
    log.debug(f"mentornet: cache file {path} ignored and made again ({error})")


def write_text(path: Path, text: str) -> None:
    """Keep ``text`` at ``path``, compressed and atomically."""
    write_atomically(path, sealed(text.encode("utf-8")))


def read_text(path: Path) -> Optional[str]:
    """The text kept at ``path`` (marked used), or None when there is none or it is damaged."""
    try:
        data = touch(path).read_bytes()
    except OSError:
        return None
    try:
        return unsealed(data).decode("utf-8")
    except (Unsealed, zlib.error, UnicodeDecodeError) as error:
        _ignored(path, error)
        return None


def read_pickle(path: Path) -> Any:
    """The pickled value at ``path``, or None when there is none or it cannot be read."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    try:
        return pickle.loads(unsealed(data))  # sealed by this user: checked before unpickling
    except Exception as error:  # not sealed by this user, damaged, or written by an incompatible version
        _ignored(path, error)
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
#: portfolio (at least ``MINIMUM``).
FOLDERS = {"charts": 0}
MINIMUM = 256
#: Folders of earlier versions, now kept otherwise: removed after a build.
FORMER = ("diagrams/prepared", "diagrams/svg", "diagrams/kept")


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
    for name in FORMER:
        shutil.rmtree(Path(cache_dir) / name, ignore_errors=True)
    return sum(prune(Path(cache_dir) / name, max(MINIMUM, per_person * people))
               for name, per_person in FOLDERS.items())


def write_pickle(path: Path, value: Any, replaces: str = "") -> None:
    """Pickle ``value`` to ``path``; with ``replaces`` (a glob), older files matching it go."""
    write_atomically(path, sealed(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))
    if replaces:
        for old in path.parent.glob(replaces):
            if old != path:
                old.unlink(missing_ok=True)


class Kept:
    """Values by key, each made once and kept while it is used: in one file between builds
    (``pages-<audience>.pickle``), in memory between the rebuilds of ``mkdocs serve``.

    Every key must say all its value is made from (see :func:`digest`); a value whose inputs
    cannot be told has no key (None) and is made every time. After a run, :meth:`done` keeps
    only what that run used, so the store holds the last build's values and nothing older.
    """

    def __init__(self, path: Optional[Path] = None) -> None:
        self.path = path
        saved = read_pickle(path) if path is not None else None
        self.values: dict[str, Any] = saved if isinstance(saved, dict) else {}
        self.used: dict[str, Any] = {}
        #: How many values the current run made and found kept.
        self.made = 0
        self.kept = 0

    def get(self, key: Optional[str], make: Callable[[], T]) -> T:
        if key is None:
            self.made += 1
            return make()
        if key in self.used:
            return self.used[key]
        if key in self.values:
            value = self.values[key]
            self.kept += 1
        else:
            value = make()
            self.made += 1
        self.used[key] = value
        return value

    def done(self, write: bool = True) -> None:
        """The end of a run: forget what it did not use; with ``write``, save the rest to the
        file when that changed anything."""
        changed = self.used.keys() != self.values.keys()
        self.values, self.used = self.used, {}
        self.made = self.kept = 0
        if write and changed and self.path is not None:
            try:
                write_pickle(self.path, self.values)
            except OSError:
                pass  # the next build makes them again
