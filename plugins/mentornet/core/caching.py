"""The one owner of the caches under ``.cache/plugin/mentornet/``: how each is keyed, written,
read, pruned and switched off.

Every cache is a :class:`Store` of :data:`STORES`, the one table of them (``docs/caching.md``
points here): its name, where it lives, what finds a value in it and how it stays bounded.

- **Keyed** by what a value is made from (contents: never ``id()`` or time stamps) and by the
  version of the code that makes it (:func:`code_version` over the store's modules, all of
  mentornet unless it names fewer): :meth:`Store.digest`. What one version computed is never
  read by another. The diagrams are keyed by Graphviz's version too (``dot -V``).
- **Stored** sealed (:func:`sealed`), compressed and atomically: a build stopped halfway
  leaves no half-written file, and a damaged, foreign or planted file reads as a miss.
- **Pruned** by one rule (:func:`prune_all`), run after every build by every engine path (the
  MkDocs plugin, :mod:`mentornet.engines.stage` for ProperDocs, Zensical and
  ``mentornet build --engine``): a store made by another version of its code goes; a folder
  of files keeps its most recently used; a file of values is rewritten with only what the
  build used (:class:`Kept`, :func:`remembered`, the stores' own ``save``).
- **Switched off** by ``cache: false`` (``Project.cache_dir`` is None): every
  :meth:`Store.path` is None and nothing is written.

In memory (within one process), the same rule: a memo is keyed by content where that is
cheap (a text, a tuple of plain data); a memo over objects too costly to compare (a parsed
document, a validated model, a revision's tuple of people) is a
:class:`mentornet.core.identity.IdentityMap`, which holds each key object, so its ``id()``
cannot be reused by another while it is in the map. Nothing else keys by ``id()``.

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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Optional, TypeVar, cast

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


def digest(parts: Iterable[object], version: str = "") -> str:
    """A key for a cache: the parts' ``repr``, which must say everything the cached value
    depends on (plain data: strings, numbers, dates, tuples), and the ``version`` of the code
    that makes it (all of mentornet's unless given: see :meth:`Store.digest`)."""
    found = hashlib.sha256((version or code_version()).encode())
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


def read_pickle(path: Path) -> object:
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


#: A folder of files named by digests keeps at least this many, the most recently used.
MINIMUM = 256
#: Folders of earlier versions, now kept otherwise: removed after a build.
FORMER = ("diagrams/prepared", "diagrams/svg", "diagrams/kept")
#: What the history's revisions are made by (and, for history/store.py, pickled as): when one
#: of these changes, the revisions are parsed again; other changes keep a cache that is costly
#: to fill. Every module loading runs is here, so a change to any of them cannot leave a stale
#: revision.
PARSING_MODULES = ("history/git.py", "history/items.py", "history/reader.py", "history/store.py",
                   "load/memo.py", "load/messages.py", "load/portfolio.py", "load/incremental.py",
                   "load/references.py", "load/yamlsource.py", "audience/markers.py", "core/fences.py",
                   "core/identity.py", "core/layout.py", "core/model.py", "core/problems.py", "core/urls.py",
                   "core/vocabulary.py")


@dataclass(frozen=True)
class Store:
    """One cache: where it lives under the cache folder, what finds a value in it, what code
    makes it and how it stays bounded (the last two said for the docs, kept by :func:`prune_all`
    and by the store's own writing)."""

    name: str
    #: Its file or folder under the cache folder: ``{audience}`` is the audience's name,
    #: ``{version}`` the version of :attr:`code` (a file per version, the others pruned).
    where: str
    #: What finds a value, besides the version of :attr:`code`.
    key: str
    #: How it stays bounded.
    bound: str
    #: The modules (file names in the package) whose version keys it: () for all of mentornet.
    code: tuple[str, ...] = ()
    #: A folder of files named by digests: keeps at least :data:`MINIMUM`, the most recently used.
    folder: bool = False

    def version(self) -> str:
        return code_version(*self.code)

    def path(self, cache_dir: Optional[Path | str], audience: str = "") -> Optional[Path]:
        """Where the store is kept; None with ``cache: false`` (``cache_dir`` None)."""
        if cache_dir is None:
            return None
        where = self.where.format(audience=audience, version=self.version() if "{version}" in self.where else "")
        return Path(cache_dir) / where.rstrip("/")

    def digest(self, parts: Iterable[object]) -> str:
        """A key in this store: the parts' ``repr`` (plain data that says everything the value
        is made from) and the version of the store's code."""
        return digest(parts, self.version())

    def prune(self, cache_dir: Path) -> int:
        """Apply the rule to this store (see :func:`prune_all`); how many files or folders went."""
        gone = 0
        if "{version}" in self.where:
            current = self.path(cache_dir, "*")
            assert current is not None
            pattern = self.where.format(audience="*", version="*").rstrip("/")
            for found in Path(cache_dir).glob(pattern):
                if found.name != current.name:
                    if found.is_dir():
                        shutil.rmtree(found, ignore_errors=True)
                    else:
                        found.unlink(missing_ok=True)
                    gone += 1
        if self.folder:
            folder = self.path(cache_dir)
            assert folder is not None
            gone += prune(folder, MINIMUM)
        return gone


def _stores(*stores: Store) -> dict[str, Store]:
    return {store.name: store for store in stores}


#: Every cache mentornet keeps, by name: the one table (``docs/caching.md`` shows it).
STORES = _stores(
    Store("revisions", "history/revisions-{version}.pickle",
          "each revision's files, by their Git blob ids", "the revisions the last history read used",
          code=PARSING_MODULES),
    Store("history", "history/site-{audience}.pickle",
          "the Git log, the working tree's changed files, the compared revisions, the options, the audience",
          "one value per audience, overwritten"),
    Store("charts", "charts/", "the charted data and axes (a file per chart, named by its key)",
          f"the {MINIMUM} most recently used files", code=("history/charts.py",), folder=True),
    Store("analysis", "analysis-{audience}.pickle", "the audience, the portfolio without its journal, the settings",
          "one value per audience, overwritten"),
    Store("pages", "pages-{audience}.pickle",
          "each generated page, entry header and derived file by what it is made from",
          "the values the last build used"),
    Store("templates", "templates-{version}/", "each template's name and source (Jinja's bytecode cache)",
          "the compiled templates of this version of mentornet; the others pruned"),
    Store("html", "html-{audience}.pickle",
          "each page's final Markdown, its place, the site's files, the Markdown extensions' configuration",
          "the conversions the last full build used"),
    Store("diagrams", "diagrams/prepared-{audience}.pickle",
          "each diagram's DOT source, engine, arguments and title; Graphviz's version (``dot -V``); "
          "for each data version, which diagram each of mentornet's is",
          "the diagrams of the last eight data versions and the last build",
          code=("diagrams/render.py", "diagrams/embed.py")),
)


def prune_all(cache_dir: Optional[Path], people: int = 0) -> int:
    """The one pruning rule, after every build: what earlier versions of mentornet kept goes,
    each folder of files keeps its :data:`MINIMUM` most recently used. A file removed is made
    again when next needed: pruning costs time, never correctness. ``people`` is unused (kept
    for callers)."""
    if cache_dir is None:
        return 0
    for name in FORMER:
        shutil.rmtree(Path(cache_dir) / name, ignore_errors=True)
    return sum(store.prune(Path(cache_dir)) for store in STORES.values())


def prune(folder: Path, keep: int) -> int:
    """Remove all but the ``keep`` most recently used files of ``folder``; how many went."""
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


def write_pickle(path: Path, value: object, replaces: str = "") -> None:
    """Pickle ``value`` to ``path``; with ``replaces`` (a glob), older files matching it go."""
    write_atomically(path, sealed(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))
    if replaces:
        for old in path.parent.glob(replaces):
            if old != path:
                old.unlink(missing_ok=True)


class _Missing:
    """No value kept for a key (None may be one)."""


_MISSING = _Missing()


class Kept:
    """Values by key, each made once and kept while it is used: in one file between builds
    (a store of :data:`STORES`: ``pages-<audience>.pickle``), in memory between the rebuilds of
    ``mkdocs serve``. The file is read when a value is first asked for.

    Every key must say all its value is made from (see :meth:`Store.digest`); a value whose
    inputs cannot be told has no key (None) and is made every time. After a run, :meth:`done`
    keeps only what that run used, so the store holds the last build's values and nothing older.
    A store holds values of several kinds (a page's text, a calendar's bytes, a page's links):
    each key names its kind.
    """

    def __init__(self, path: Optional[Path] = None) -> None:
        self.path = path
        self._values: Optional[dict[str, object]] = None
        self.used: dict[str, object] = {}
        #: How many values the current run made and found kept.
        self.made = 0
        self.kept = 0

    @property
    def values(self) -> dict[str, object]:
        """What the last run kept (read from the file on first use)."""
        if self._values is None:
            saved = read_pickle(self.path) if self.path is not None else None
            self._values = saved if isinstance(saved, dict) else {}
        return self._values

    def get(self, key: Optional[str], make: Callable[[], T]) -> T:
        if key is None:
            self.made += 1
            return make()
        found = self._find(key)
        if not isinstance(found, _Missing):
            return cast(T, found)  # made by a ``make`` of the same kind: the key names it
        value = make()
        self.keep(key, value)
        return value

    def find(self, key: str) -> object:
        """The value kept for ``key`` (marked used by this run), or None."""
        found = self._find(key)
        return None if isinstance(found, _Missing) else found

    def _find(self, key: str) -> object:
        if key in self.used:
            return self.used[key]
        value = self.values.get(key, _MISSING)
        if not isinstance(value, _Missing):
            self.kept += 1
            self.used[key] = value
        return value

    def keep(self, key: str, value: object) -> None:
        """Keep ``value``, made by this run, for ``key``."""
        self.made += 1
        self.used[key] = value

    def done(self, write: bool = True, prune: bool = True) -> None:
        """The end of a run: forget what it did not use (with ``prune``; without, as after a
        partial build, keep it too); with ``write``, save the rest to the file when that
        changed anything."""
        values = self.values
        kept = self.used if prune else {**values, **self.used}
        changed = kept.keys() != values.keys()
        self._values, self.used = kept, {}
        self.made = self.kept = 0
        if write and changed and self.path is not None:
            try:
                write_pickle(self.path, kept)
            except OSError:
                pass  # the next build makes them again
