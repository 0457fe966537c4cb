"""Reading the portfolio's history from Git: the I/O edge of the history stage.

One ``git log`` over the data and journal folders lists the commits that touched them, with
the blob id of every changed file (``--raw``; renames as a deletion and an addition; merges
against their first parent, so the history follows the branch as it was lived). One
``git cat-file --batch`` process then reads every blob that is needed. Never one process
per commit.

A revision is the one before it plus what its commit changed, and it is read that way:

- each revision's portfolio is cached across builds, keyed by the blob ids of its files
  (``.cache/plugin/mentornet/history/``): a warm build parses nothing;
- in a cold build, the journal is one :class:`~.load.JournalPart` brought from revision to
  revision with the entries each commit added, changed or deleted, and the data files are
  read once for all the revisions that share them (:func:`.load.read_data`), a list file
  (people.yaml, audit.yaml) item by item; a commit that changed only items of people.yaml
  is read from the revision before, validating and checking only those items
  (:func:`.load.people_edited`, a whole read whenever a problem is possible); a revision then
  costs what its commit changed, not the size of the journal or of the network (5,000
  entries × 2,000 revisions were 10 million steps, 1,000 people × 1,260 more).

Parsing and validation are mentornet's own (:mod:`.load`): a revision that would fail
``mentornet check`` is skipped with one warning naming the commit, and the test suite
checks every revision of a history against a whole read of its files.

The cache holds pickled portfolios; like ``mkdocs.yml`` hooks, it is trusted as part of the
project folder (it lives under the project's ``.cache``, which must not be committed).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import operator
import os
import re
import subprocess
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import compress, count, repeat
from pathlib import Path
from typing import Any, Callable, Iterable, Optional


from mentornet.core import caching


from mentornet.load import portfolio as load
from mentornet.audience.gate import common_ends
from mentornet.audience.view import OWNER, Audience
from mentornet.history import changes as history_stage
from mentornet.history.changes import UNCOMMITTED, Snapshot
from mentornet.load.portfolio import Layout, SharedMemo
from mentornet.core.model import JournalEntry, Portfolio, Sharing
from mentornet.core.problems import Problem
from mentornet.load.yamlsource import MAX_FILE_BYTES, Document, Sequence, parse

#: Data files the loader reads (besides ``people/<id>.yaml``).
DATA_FILES = ("profile.yaml", "people.yaml", "audit.yaml", "plan.yaml", "reflections.yaml")
_EMPTY_TREE_MODES = ("100644", "100755")
#: What the cached revisions are made by (and, for gitread.py, pickled as): when one of these
#: changes, the revisions are parsed again; other changes keep a cache that is costly to fill.
PARSING_MODULES = ("history/gitread.py", "load/portfolio.py", "core/model.py", "core/vocabulary.py",
                   "load/yamlsource.py", "core/layout.py")


class GitError(RuntimeError):
    """git failed in a way that means there is no history to read here.

    ``shared`` is what an audience other than the owner may read of it: the message may quote
    the data of a revision, so unless a caller says the whole message names nothing, it is a
    sentence that names nothing."""

    def __init__(self, message: str, shared: Optional[str] = None) -> None:
        super().__init__(message)
        self.shared = shared if shared is not None else "git could not read it; build the owner's site to see why"


@dataclass
class GitHistory:
    """What :func:`read_history` found: snapshots oldest first, and what went wrong."""

    snapshots: list[Snapshot] = field(default_factory=list)
    #: Empty when there is a history; otherwise why there is none, in a sentence.
    unavailable: str = ""
    warnings: list[str] = field(default_factory=list)
    #: Commits left out because their data does not load: the past, which no build can mend.
    skipped: list[str] = field(default_factory=list)
    shallow: bool = False
    #: Counters for tests and benchmarks: blobs read and parsed, revisions from the cache.
    stats: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- git


def _git(root: Path, *args: str, input: Optional[bytes] = None, check: bool = True) -> bytes:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", "-C", str(root), *args], input=input,
                              capture_output=True, env=env)
    except FileNotFoundError:
        raise GitError("the program `git` is not installed, so the history cannot be read") from None
    if check and done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


@dataclass(frozen=True)
class _Repo:
    top: Path
    #: The portfolio's root, relative to the top of the repository ("" when the same).
    root_prefix: str
    #: Pathspecs (relative to the top) of the data and journal folders.
    paths: tuple[str, ...]
    shallow: bool


def _repo(layout: Layout) -> _Repo:
    """The repository holding ``layout``; raises GitError when there is none."""
    if not layout.root.is_dir():
        raise GitError(f"{layout.root} is not a folder")
    out = _git(layout.root, "rev-parse", "--show-toplevel", "--is-shallow-repository").decode()
    top_line, shallow_line = (out.splitlines() + ["", ""])[:2]
    top = Path(top_line).resolve()
    prefix = os.path.relpath(layout.root, top).replace(os.sep, "/")
    paths = []
    for folder in (layout.data_dir, layout.journal_dir):
        relative = os.path.relpath(folder, top).replace(os.sep, "/")
        if not relative.startswith(".."):
            paths.append(relative)
    if not paths:
        raise GitError("the data folder is not inside the Git repository")
    return _Repo(top, "" if prefix == "." else prefix + "/", tuple(paths), shallow_line.strip() == "true")


def _relevant(layout: Layout, relative: str) -> bool:
    """Whether the loader reads this file (path relative to the portfolio's root)."""
    return _kind(layout, relative) is not None


def _kind(layout: Layout, relative: str) -> Optional[str]:
    """``"data"`` or ``"journal"`` for a file the loader reads, else None."""
    data, journal = _folders(layout)
    if relative.startswith(data):
        name = relative[len(data):]
        return "data" if name in DATA_FILES or (name.startswith("people/") and name.count("/") == 1
                                                and name.endswith((".yaml", ".yml"))) else None
    if relative.startswith(journal):
        return "journal" if relative.endswith(".md") and not relative.endswith("/index.md") else None
    return None


@lru_cache(maxsize=8)
def _folders(layout: Layout) -> tuple[str, str]:
    """The data and journal folders as the log names them (asked for every file of every commit)."""
    return layout.shown(layout.data_dir) + "/", layout.shown(layout.journal_dir) + "/"


@dataclass
class _Commit:
    commit: str
    date: dt.datetime
    subject: str
    tags: tuple[str, ...]
    #: What changed since the commit before it in the list: path relative to the portfolio
    #: root → its blob id now, or None if deleted. A revision is the one before plus this.
    changes: dict[str, Optional[str]]
    #: The revision's key: its files and their blob ids (see :class:`_FilesKey`).
    key: str


class _FilesKey:
    """The key of a revision's files (paths and blob ids) as a sum of one digest per file, so
    a commit's key follows from the one before and the files it changed."""

    _MODULUS = 1 << 160

    def __init__(self, layout: Layout, files: Optional[dict[str, str]] = None):
        self.base = f"{layout.shown(layout.data_dir)}\x00{layout.shown(layout.content_dir)}"
        self.total = 0
        for path, blob in (files or {}).items():
            self.add(path, blob)

    @staticmethod
    def _one(path: str, blob: str) -> int:
        return int.from_bytes(hashlib.sha1(f"{path}\x00{blob}".encode()).digest(), "big")

    def add(self, path: str, blob: str) -> None:
        self.total = (self.total + self._one(path, blob)) % self._MODULUS

    def remove(self, path: str, blob: str) -> None:
        self.total = (self.total - self._one(path, blob)) % self._MODULUS

    def hexdigest(self) -> str:
        return hashlib.sha1(f"{self.base}\x00{self.total:040x}".encode()).hexdigest()


def _log(repo: _Repo) -> bytes:
    """What ``git log`` says of the commits that touched the data and journal folders."""
    try:
        return _git(repo.top, "log", "-z", "--reverse", "--first-parent", "-m", "--root", "--raw",
                    "--no-renames", "--no-abbrev", "--format=%x01%H%x00%aI%x00%D%x00%s",
                    "--", *repo.paths)
    except GitError as error:
        if "does not have any commits" in str(error) or "bad default revision" in str(error):
            return b""
        raise


def _commits(layout: Layout, repo: _Repo, out: bytes) -> list[_Commit]:
    """Commits that changed the loader's files, oldest first, each with what it changed.

    A revision's files are never copied whole: 2,000 commits of 7,000 files held 600 MB."""
    commits: list[_Commit] = []
    state: dict[str, str] = {}
    key = _FilesKey(layout)
    carried: dict[str, Optional[str]] = {}  # changes of commits left out, for the next one listed
    for record in out.decode("utf-8", "replace").split("\x01")[1:]:
        parts = record.split("\x00")
        commit, date, refs, subject = parts[:4]
        tokens = [token.lstrip("\n") for token in parts[4:]]
        changed = False
        index = 0
        while index + 1 < len(tokens):
            meta, path = tokens[index], tokens[index + 1]
            index += 2
            if not meta.startswith(":"):
                continue
            fields = meta[1:].split()
            new_mode, new_blob, status = fields[1], fields[3], fields[4]
            if not path.startswith(repo.root_prefix):
                continue
            relative = path[len(repo.root_prefix):]
            if not _relevant(layout, relative):
                continue
            blob = None if status == "D" or new_mode not in _EMPTY_TREE_MODES else new_blob
            old = state.get(relative)
            if blob == old:
                continue
            changed = True
            carried[relative] = blob
            if old is not None:
                key.remove(relative, old)
            if blob is None:
                del state[relative]
            else:
                key.add(relative, blob)
                state[relative] = blob
        if not changed or not state:
            continue  # nothing the loader reads changed (a file it ignores, a mode change), or no data
        tags = tuple(ref.strip()[5:] for ref in refs.split(",") if ref.strip().startswith("tag: "))
        commits.append(_Commit(commit, dt.datetime.fromisoformat(date), subject, tags, carried, key.hexdigest()))
        carried = {}
    return commits


#: Blobs up to this many characters are kept in memory for the whole read.
SMALL_BLOB = 32_768


class _CatFile:
    """One ``git cat-file --batch`` process for a whole read, asked for one blob at a time.

    Reading every blob up front kept them all in memory at once: 2,000 revisions of a 600 KB
    people.yaml peaked at 2.5 GB. Asked one at a time, only the revision being parsed is held.
    """

    def __init__(self, repo: _Repo):
        self.repo = repo
        self.process: Optional[subprocess.Popen] = None
        #: Blobs Git said are missing (a damaged or partial clone): told as such, never cached.
        self.missing: set[str] = set()

    #: Blobs asked for at once: each round trip costs a flush and a wait, and this many ids
    #: stay well within a pipe's buffer, so neither side blocks the other.
    BATCH = 100

    def text(self, blob: str) -> Optional[str]:
        """The blob's text; None when it is missing or not UTF-8."""
        return self.texts([blob])[0]

    def texts(self, blobs: list[str]) -> list[Optional[str]]:
        """The texts of these blobs, in order."""
        if self.process is None:
            self.process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.repo.top,
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.DEVNULL)
        assert self.process.stdin is not None and self.process.stdout is not None
        found: list[Optional[str]] = []
        for start in range(0, len(blobs), self.BATCH):
            batch = blobs[start:start + self.BATCH]
            self.process.stdin.write(b"".join(blob.encode("ascii") + b"\n" for blob in batch))
            self.process.stdin.flush()
            found += [self._answer(blob) for blob in batch]
        return found

    def _answer(self, blob: str) -> Optional[str]:
        assert self.process is not None and self.process.stdout is not None
        header = self.process.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            if header[-1:] == [b"missing"]:
                self.missing.add(blob)
            return None
        raw = self.process.stdout.read(int(header[2]) + 1)[:-1]
        try:
            return raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            return None

    def close(self) -> None:
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait()
            self.process.stdout.close()
            self.process = None


# --------------------------------------------------------------------------- parsing, shared


class _SharedMemo(SharedMemo):
    """Also parse list files (people.yaml, audit.yaml) item by item, each item's text once:
    between two revisions, mostly one item changes."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], Document] = {}
        #: Files parsed item by item: the lines of their problems are the item's, not the file's.
        self.itemised: set[str] = set()

    def _parse(self, text: str, shown: str, problems: list[Problem], line_offset: int) -> Optional[Document]:
        document = self._by_items(text, shown) if line_offset == 0 else None
        return document if document is not None else super()._parse(text, shown, problems, line_offset)

    def _by_items(self, text: str, shown: str) -> Optional[Document]:
        """A top-level block list parsed item by item (each item's text once); None if the
        text is not such a list, or an item does not parse on its own."""
        chunks = split_items(text)
        if chunks is None:
            return None
        items, marks = Sequence(), []
        for chunk in chunks:
            found = self.item(chunk, shown)
            if found is None:
                return None
            items.append(found.data[0])
            marks.append(found.data.item_marks[0])
        items.item_marks = marks
        items.mark = self.item(chunks[0], shown).data.mark
        self.itemised.add(shown)
        return Document(shown, items)

    def item(self, chunk: str, shown: str) -> Optional[Document]:
        """One item's text (see :func:`split_items`) parsed alone: a document holding a list of
        that one item, kept; None when it does not parse alone without a problem."""
        found = self.items.get((shown, chunk))
        if found is None:
            own: list[Problem] = []
            self.parsed += 1
            document = parse(chunk, shown, own)
            if own or document is None or not isinstance(document.data, Sequence) or len(document.data) != 1:
                return None
            found = self.items[(shown, chunk)] = document
        return found


#: The start of a line with content at column 0 (not blank, not indented, not a comment). A
#: leading newline lets the regular expression engine jump from one newline to the next.
_LINE_AT_COLUMN_ZERO = re.compile(r"\n(?=[^\s#])")


def split_items(text: str) -> Optional[list[str]]:
    """The texts of the items of a top-level block list (``- `` at column 0), comments and blank
    lines going with the item before; None when the text is anything else.

    Regular expressions find the item starts: a line-by-line loop in Python was a third of a
    cold read of 2,000 revisions of a 600 KB people.yaml.
    """
    split = _Split.of(text)
    return split.items if split is not None else None


@dataclass(frozen=True)
class _Split:
    """A list file's text, its items' texts (see :func:`split_items`) and where each starts."""

    text: str
    items: list[str]
    starts: list[int]

    @classmethod
    def of(cls, text: str) -> Optional["_Split"]:
        starts = _item_starts(text)
        if starts is None:
            return None
        return cls(text, [text[begin:end] for begin, end in zip(starts, starts[1:] + [len(text)])], starts)

    def edited(self, text: str) -> Optional[tuple["_Split", int, int]]:
        """What :meth:`of` gives for ``text``, a later version of this one, and how many items
        at its start and its end are this one's; only the part between the items the two share
        at their ends is split again. 1,260 versions of a 600 KB people.yaml split whole were a
        tenth of a cold history; a commit mostly edits one item.

        Items are found by local signs (a line at column 0, starting ``- ``), so an item kept
        with the text around its start is an item of both versions, and the items between are
        those of the part between."""
        items, starts, n = self.items, self.starts, len(self.items)
        head = begin = 0  # the text before the first item changed: split from the start
        if text.startswith(self.text[:starts[0]]):
            # items found at the same place, from the start: all but the last are whole and kept
            same = next(compress(count(), map(operator.not_, map(text.startswith, items, starts))), n)
            head = max(same - 1, 0)
            begin = starts[head]
        shift = len(text) - len(self.text)
        # and from the end, moved by what the text gained or lost
        tail = 0
        for item, start in zip(reversed(items[head:]), reversed(starts[head:])):
            if start + shift < begin or not text.startswith(item, start + shift):
                break
            tail += 1
        finish = starts[n - tail] + shift if tail else len(text)
        while tail and finish > begin and text[finish - 1] != "\n":
            tail -= 1  # the first item kept at the end must start a line
            finish = starts[n - tail] + shift if tail else len(text)
        if begin < finish and not (text[begin] not in _NOT_AT_START and _is_start(text, begin)):
            head = begin = 0  # not an item start now (the first item or the text before it changed)
            middle = _Split.of(text[:finish]) if finish else _Split("", [], [])
            if middle is None:
                return None
            new_items, new_starts = middle.items, middle.starts
        else:
            walked = _walk(text, begin, finish, items[head:n - tail], starts[head:n - tail])
            if walked is None:
                return None
            new_items, new_starts = walked
        if not (head or new_items or tail):
            return None  # no items at all is no list
        first, last = common_ends(items[head:n - tail], new_items, operator.eq)
        split = _Split(text, items[:head] + new_items + items[n - tail:],
                       starts[:head] + new_starts + [start + shift for start in starts[n - tail:]])
        return split, head + first, tail + last


#: What a line that is not an item's start begins with.
_NOT_AT_START = frozenset(" \t\n\r\f\v#")


def _is_start(text: str, at: int) -> bool:
    """Whether an item of a top-level block list starts at ``at`` (see :func:`_item_starts`),
    knowing that a line starts there."""
    return text.startswith(("- ", "-\n", "-\r"), at) or at == len(text) - 1 and text[at] == "-"


def _walk(text: str, begin: int, finish: int, old: list[str], old_starts: list[int]
          ) -> Optional[tuple[list[str], list[int]]]:
    """The items of ``text[begin:finish]`` (``begin`` an item start, ``finish`` one or the end)
    and where they start, knowing that most are items of the last version (``old``, starting
    at ``old_starts`` there): runs of those are found by comparing their texts (in C, a run
    at a time), and only the rest is split by the regular expression. None: not a list."""
    items: list[str] = []
    found: list[int] = []
    at, j = begin, 0  # a known item start in text; the next old item to look for
    while at < finish:
        if j < len(old) and text.startswith(old[j], at, finish):
            # a run of old items, shifted alike: each ends where the next begins
            shift = at - old_starts[j]
            run = next(compress(count(), map(operator.not_, map(text.startswith, old[j:], map(
                operator.add, old_starts[j:], repeat(shift)), repeat(finish)))), len(old) - j)
            while run:
                end = old_starts[j + run - 1] + shift + len(old[j + run - 1])
                if end == finish or text[end - 1] == "\n" and text[end] not in _NOT_AT_START \
                        and _is_start(text, end):
                    break
                run -= 1  # the last of the run goes on in text: it is not that item
            if run:
                items += old[j:j + run]
                found += [start + shift for start in old_starts[j:j + run]]
                at, j = old_starts[j + run - 1] + shift + len(old[j + run - 1]), j + run
                continue
        # an old item deleted here: the next ones may be at ``at``
        skip = next((d for d in (1, 2) if j + d < len(old) and text.startswith(old[j + d], at, finish)), 0)
        if skip:
            j += skip
            continue
        # a new or edited item: up to the next line at column 0
        match = _LINE_AT_COLUMN_ZERO.search(text, at, finish)
        end = match.end() if match is not None else finish
        if end < finish and not _is_start(text, end):
            return None  # a mapping, a document marker, a directive, a flow list...
        items.append(text[at:end])
        found.append(at)
        at = end
        # the old item it replaced, or the one after it, may come next
        j += 1 if j + 1 < len(old) and text.startswith(old[j + 1], at, finish) else 0
    return items, found


def _item_starts(text: str) -> Optional[list[int]]:
    """Where the items of a top-level block list start (see :func:`split_items`)."""
    candidates = [match.end() for match in _LINE_AT_COLUMN_ZERO.finditer(text)]
    if text[:1] and not text[:1].isspace() and text[:1] != "#":
        candidates.insert(0, 0)
    starts = []
    for start in candidates:
        if not (text.startswith("- ", start) or text.startswith("-\n", start) or text.startswith("-\r", start)
                or start == len(text) - 1 and text[start] == "-"):
            return None  # a mapping, a document marker, a directive, a flow list...
        starts.append(start)
    if not starts or any(line.startswith(" ") for line in text[:starts[0]].split("\n")):
        return None
    return starts


# --------------------------------------------------------------------------- the cache


class _Cache:
    """Portfolios by the blob ids of their files: one pickle under ``<cache_dir>/history/``,
    read when a revision is first asked for (a rebuild of ``mkdocs serve`` may need none)."""

    def __init__(self, cache_dir: Optional[Path]):
        version = caching.code_version(*PARSING_MODULES)
        self.path = Path(cache_dir) / "history" / f"revisions-{version}.pickle" if cache_dir else None
        self._entries: Optional[dict[str, Any]] = None
        self.used: set[str] = set()
        self.dirty = False

    @property
    def entries(self) -> dict[str, Any]:
        if self._entries is None:
            loaded = caching.read_pickle(self.path) if self.path is not None else None
            self._entries = loaded if isinstance(loaded, dict) else {}
        return self._entries

    def get(self, key: str) -> Any:
        found = self.entries.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, key: str, value: Any) -> None:
        self.entries[key] = value
        self.used.add(key)
        self.dirty = True

    def save(self) -> None:
        if self.path is None or self._entries is None:
            return
        if not self.dirty and self.used.issuperset(self._entries):
            return
        kept = {key: self._entries[key] for key in self.used if key in self._entries}
        try:
            caching.write_pickle(self.path, kept, replaces="revisions-*.pickle")
        except OSError:
            pass  # an unwritable cache makes the next build slower, not wrong


class Session:
    """What one process keeps between its builds (``mkdocs serve``), so a rebuild after a
    journal edit neither reads nor compares again a revision it already had: the portfolio of
    each revision (the same object every time) and the history's :class:`~.history.Memo`."""

    def __init__(self) -> None:
        self.revisions: dict[str, tuple[Optional[Portfolio], str]] = {}
        self.memo = history_stage.Memo()
        #: The journal files of the latest revision as read, and its data files': a commit made
        #: while serving reads only the files it changed.
        self.entries: dict[tuple[str, str], Any] = {}
        self.data: tuple[Any, Any] = (None, None)


def _key(layout: Layout, files: dict[str, str]) -> str:
    return _FilesKey(layout, files).hexdigest()


def _portfolio(entry: tuple) -> Portfolio:
    profile, people, audits, plan, reflections, journal = entry
    return Portfolio(profile=profile, people=people, audits=audits, plan=plan,
                     reflections=dict(reflections), journal=journal)


def _entry(portfolio: Portfolio) -> tuple:
    return (portfolio.profile, portfolio.people, portfolio.audits, portfolio.plan,
            portfolio.reflections, portfolio.journal)


def network(portfolio: Portfolio) -> Portfolio:
    """What the history keeps of a revision: the network, and each journal entry's front
    matter without its text (the history counts entries; it never shows them). Kept whole,
    300 revisions of 1,000 entries were 181 MB of cache for 3 MB of Git."""
    if all(not entry.body for entry in portfolio.journal):
        return portfolio
    return _portfolio(_entry(portfolio)[:5] + (tuple(_without_text(e) for e in portfolio.journal),))


def _without_text(entry: JournalEntry) -> JournalEntry:
    return replace(entry, body="") if entry.body else entry


class _Shared:
    """One object for each distinct item (a person, an entry without its text, a list of
    people...) across revisions and builds, so a pickle of many revisions stores each once:
    what changed between two revisions, and a reference to the rest.

    Items are told apart by their type and ``repr`` (every field, exactly), lists by the items
    in them; the revisions read back from the cache are indexed when a new one is first stored.
    """

    def __init__(self, kept: Callable[[], Iterable[tuple]]):
        self._kept = kept
        self._by_content: Optional[dict[tuple, Any]] = None
        #: id → (the object, held so that its id stays unique; its shared twin)
        self._by_id: dict[Any, tuple[Any, Any]] = {}
        self._last_journal: Optional[tuple[tuple, tuple]] = None

    def _ready(self) -> dict[tuple, Any]:
        if self._by_content is None:
            self._by_content = {}
            for entry in self._kept():
                self._entry(entry)
        return self._by_content

    def entry(self, portfolio: Portfolio) -> tuple:
        """The revision's :func:`network`, made of shared items; its journal entries are the
        shared ones :meth:`stub` gave."""
        self._ready()
        return self._entry(_entry(portfolio), journal_shared=True)

    def _entry(self, entry: tuple, journal_shared: bool = False) -> tuple:
        profile, people, audits, plan, reflections, journal = entry
        pairs = reflections.items() if isinstance(reflections, dict) else reflections
        assert self._by_content is not None
        reflected = tuple((key, self._item(value)) for key, value in sorted(pairs))
        reflected = self._by_content.setdefault(("pairs", tuple((k, id(v)) for k, v in reflected)), reflected)
        if journal_shared:
            return (self._item(profile), self._items(people), self._items(audits), self._item(plan), reflected,
                    self._journal(journal))
        return (self._item(profile), self._items(people), self._items(audits), self._item(plan), reflected,
                self._kept_journal(journal))

    def _kept_journal(self, journal: tuple) -> tuple:
        """The shared twin of a journal read back from the cache: itself, mostly, found by
        looking only at the entries its base lacks (every entry of every revision, 2,000 of
        5,000, took a build after one new commit 100 s)."""
        found = self._by_id.get(id(journal))
        if found is not None and found[0] is journal:
            return found[1]
        base = journal.base if isinstance(journal, _Journal) else None
        fresh = journal[journal.start:len(journal) - journal.end] \
            if base is not None and self._kept_journal(base) is base else journal
        if all(map(operator.is_, map(self.stub, fresh), fresh)):
            shared = journal
        else:
            shared = self._list(tuple(map(self.stub, journal)))
        self._by_id[id(journal)] = (journal, shared)
        return shared

    def _journal(self, journal: tuple) -> tuple:
        """The :class:`_Journal` of these shared entries, following the last revision's; that
        one when it is the same (a commit that changed only the data). Not looked up by its
        entries (thousands, in every revision): a journal as it was before (a commit undone)
        is one more, and pickles as little more than the one before it."""
        last = self._last_journal
        if last is None or last[0] is not journal:
            last = self._last_journal = (journal, _Journal.after(journal, last[1] if last else None))
        return last[1]

    def stub(self, entry: JournalEntry) -> JournalEntry:
        """The shared journal entry without its text."""
        found = self._by_id.get(id(entry))
        if found is not None and found[0] is entry:
            return found[1]
        by_content = self._ready()
        meta = self._item(entry.meta)
        made = entry if not entry.body and meta is entry.meta else replace(_without_text(entry), meta=meta)
        # told apart by its (shared) front matter and its address: no need to spell it all out again
        shared = by_content.setdefault(("JournalEntry", id(meta), made.src_uri), made)
        if made is entry:  # one already (read back from the cache): known by its id from now on
            self._by_id[id(entry)] = (entry, shared)
        return shared

    def _items(self, items: tuple) -> tuple:
        """The shared tuple of these items; the same tuple again (people.yaml unchanged) at once."""
        found = self._by_id.get(id(items))
        if found is not None and found[0] is items:
            return found[1]
        # most items are shared already (held, so their ids are theirs): found without a call each
        kept = list(map(self._by_id.get, map(id, items)))
        for at in list(compress(count(), map(operator.is_, kept, repeat(None)))):
            kept[at] = (items[at], self._item(items[at]))
        shared = self._list(tuple(map(_SECOND, kept)))
        self._by_id[id(items)] = (items, shared)
        return shared

    def _list(self, shared: tuple) -> tuple:
        """The one tuple of these (shared) items: unchanged people between two revisions are
        one reference."""
        assert self._by_content is not None
        return self._by_content.setdefault(("tuple", tuple(map(id, shared))), shared)

    def _item(self, item: Any) -> Any:
        found = self._by_id.get(id(item))
        if found is not None and found[0] is item:
            return found[1]
        assert self._by_content is not None
        shared = self._by_content.setdefault((type(item).__name__, repr(item)), item)
        self._by_id[id(item)] = (item, shared)
        return shared


_SECOND = operator.itemgetter(1)


class _Journal(tuple):
    """A revision's journal that pickles as the journal of a revision before it and what
    changed since: kept whole, 2,000 revisions of 5,000 entries were 10 million references,
    written twice (the revisions, the site's history): most of a second of a cold build and
    of 10 MB of cache. It is a tuple like any other, equal to one with the same entries."""

    #: A chain this long starts again whole: a pickle follows it by recursion.
    LONGEST = 40

    @classmethod
    def after(cls, entries: tuple, before: Optional[tuple]) -> "_Journal":
        """``entries``, remembered as ``before`` (when that is one) and what changed."""
        journal = cls(entries)
        if isinstance(before, _Journal) and before.depth < cls.LONGEST:
            start, end = common_ends(before, journal)
            if start or end:
                journal.base, journal.start, journal.end, journal.depth = before, start, end, before.depth + 1
        return journal

    base: Optional["_Journal"] = None
    start = end = depth = 0

    def __reduce__(self) -> tuple:
        if self.base is None:
            return _Journal, (tuple(self),)
        return _journal_after, (self.base, self.start, tuple(self[self.start:len(self) - self.end]), self.end)


def _journal_after(base: _Journal, start: int, middle: tuple, end: int) -> _Journal:
    """A :class:`_Journal` unpickled: what its base holds at the start and the end, and between them ``middle``."""
    journal = _Journal(base[:start] + middle + base[len(base) - end:])
    journal.base, journal.start, journal.end, journal.depth = base, start, end, base.depth + 1
    return journal

#: What a journal file that is not UTF-8 text reads as (the revision is left out).
_NOT_TEXT: load.EntryRead = (None, None, ())


class _Reader:
    """Follows the revisions of a log, commit by commit, and gives each one's portfolio: from
    the cache, else by parsing what changed since the last revision it parsed.

    The journal is a :class:`~.load.JournalPart` brought up to date with the files each
    commit changed, so a revision costs what it changed rather than the size of the journal.
    """

    def __init__(self, layout: Layout, repo: _Repo, cache_dir: Optional[Path], session: Optional[Session] = None,
                 loaded_with: Optional[SharedMemo] = None):
        self.layout = layout
        #: The front matter the build loaded from the disk, parsed and validated (not added to).
        self.loaded_with = loaded_with.borrowed() if loaded_with is not None else None
        self.repo = repo
        self.cache = _Cache(cache_dir)
        cache = self.cache  # not self: a reader in a cycle is left, memo and all, to the collector
        self.shared = _Shared(lambda: (value for status, value in cache.entries.values() if status == "ok"))
        self.session = session
        #: The revisions of this read (a session keeps these, and only these, for the next).
        self.revisions: dict[str, tuple[Optional[Portfolio], str]] = {}
        self.memo = _SharedMemo()
        self.blobs = _CatFile(repo)
        self.small: dict[str, Optional[str]] = {}
        self.stats = {"revisions": 0, "from_cache": 0, "blobs_read": 0, "parsed": 0, "people_edited": 0}
        #: The revision being read: every file (path → blob id), and its data files' paths.
        self.files: dict[str, str] = {}
        self.data_paths: set[str] = set()
        #: The journal as last parsed, the blob ids it shows, the journal files changed since.
        self.journal = load.JournalPart()
        self.journal_blobs: dict[str, str] = {}
        self.stale: set[str] = set()
        self.not_text: set[str] = set()
        #: What reading a journal file gave, by its path and blob id (its content).
        self.entries: dict[tuple[str, str], load.EntryRead] = dict(session.entries) if session else {}
        #: The data files last read: their paths and blob ids, and what reading them gave.
        self.data: tuple[Any, Any] = session.data if session else (None, None)
        #: people.yaml's text and items in the data last read, when it read without problems.
        self.people_split: Optional[_Split] = None
        #: The commits of the read and the number of the one being read (see :meth:`_read_ahead`),
        #: and the texts read ahead.
        self.coming: Optional[tuple[list[_Commit], int]] = None
        self.read_ahead = False
        self.ahead: dict[str, Optional[str]] = {}

    def advance(self, changes: dict[str, Optional[str]]) -> None:
        """Move to the next revision: these files changed (blob id, or None when deleted)."""
        for path, blob in changes.items():
            if blob is None:
                self.files.pop(path, None)
            else:
                self.files[path] = blob
            if _kind(self.layout, path) == "journal":
                self.stale.add(path)
            elif blob is None:
                self.data_paths.discard(path)
            else:
                self.data_paths.add(path)

    def start(self, files: dict[str, str]) -> None:
        """Move to a revision that need not follow the last one."""
        self.advance({**{path: None for path in self.files if path not in files}, **files})

    def _text(self, blob: str) -> Optional[str]:
        """A blob's text. Small blobs (a profile, a plan) recur in many revisions and are kept;
        large ones (a long people.yaml) are read again when needed, not hoarded."""
        if blob in self.small:
            return self.small[blob]
        self.stats["blobs_read"] += 1
        text = self.blobs.text(blob)
        if text is None or len(text) <= SMALL_BLOB:
            self.small[blob] = text
        return text

    def portfolio(self, key: str) -> tuple[Optional[Portfolio], str]:
        """The portfolio of the current revision (``key`` its files' key), or None and the first
        problem (why it was skipped)."""
        self.stats["revisions"] += 1
        if key not in self.revisions:
            kept = self.session.revisions.get(key) if self.session else None
            if kept is not None:
                self.stats["from_cache"] += 1
                self.cache.used.add(key)  # still on disk for the next process
            self.revisions[key] = kept or self._read(key)
        return self.revisions[key]

    def _bring_journal_up_to_date(self) -> None:
        changes: dict[str, Optional[load.EntryRead]] = {}
        unread: list[tuple[str, str]] = []
        for path in self.stale:
            blob = self.files.get(path)
            if blob == self.journal_blobs.get(path):
                continue
            if blob is None:
                changes[path] = None
                del self.journal_blobs[path]
                self.not_text.discard(path)
            elif (path, blob) in self.entries:
                changes[path] = self.entries[(path, blob)]
            else:
                unread.append((path, blob))
        if unread and not self.read_ahead:
            self._read_ahead()
        asked = [blob for _, blob in unread if blob not in self.ahead]
        self.stats["blobs_read"] += len(asked)
        texts = dict(zip(asked, self.blobs.texts(asked)))
        for (path, blob), text in zip(unread, [self.ahead.pop(blob) if blob in self.ahead else texts[blob]
                                               for _, blob in unread]):
            read = _NOT_TEXT
            if text is not None:
                self.stats["parsed"] += 1
                entry, document, problems = load.read_entry(self.layout, path, text, self.loaded_with)
                read = (self.shared.stub(entry) if entry is not None else None, document, problems)
            changes[path] = self.entries[(path, blob)] = read
        for path, read in changes.items():
            if read is not None:
                self.journal_blobs[path] = self.files[path]
                if read is _NOT_TEXT:
                    self.not_text.add(path)
                else:
                    self.not_text.discard(path)
        self.journal.update(changes)
        self.stale.clear()

    def _read_ahead(self) -> None:
        """Every journal file the commits still to come add or change, asked for at once the
        first time one must be read (a cold build): one round trip to Git per hundred files,
        not one per commit; a build that reads one new commit asks for its files alone."""
        commits, start = self.coming or ([], 0)
        self.coming, self.read_ahead = None, True
        wanted = dict.fromkeys(blob for commit in commits[start:] for path, blob in commit.changes.items()
                               if blob is not None and (path, blob) not in self.entries
                               and _kind(self.layout, path) == "journal")
        self.stats["blobs_read"] += len(wanted)
        self.ahead = dict(zip(wanted, self.blobs.texts(list(wanted))))

    def _read(self, key: str) -> tuple[Optional[Portfolio], str]:
        found = self.cache.get(key)
        if found is not None:
            self.stats["from_cache"] += 1
            status, value = found
            return (_portfolio(value), "") if status == "ok" else (None, value)
        data = self._data()
        if isinstance(data, str):
            return self._fails(key, data)
        self._bring_journal_up_to_date()
        if self.not_text:
            return self._fails(key, self._unreadable(min(self.not_text)))
        portfolio, problems = load.join(self.layout, data, self.journal)
        if problems or portfolio is None:
            distinct = set(problems)  # the first of them in order, and how many more: no need to sort
            more = f" (and {len(distinct) - 1} more problems)" if len(distinct) > 1 else ""
            return self._fails(key, (str(min(distinct)) + more) if distinct else "the data does not load")
        entry = self.shared.entry(portfolio)
        self.cache.put(key, ("ok", entry))
        return _portfolio(entry), ""

    def _data(self) -> load.DataRead | str:
        """The data files of this revision, read (once for all the revisions that share them),
        or why they cannot be."""
        key = tuple((path, self.files[path]) for path in sorted(self.data_paths))
        if self.data[0] != key:
            texts = self._data_texts()
            before = self.memo.parsed
            data = None if isinstance(texts, str) else self._people_edited(key, texts)
            if data is None:
                data = texts if isinstance(texts, str) else load.read_data(self.layout, texts, self.memo)
                if not isinstance(data, str) and any(problem.file in self.memo.itemised for problem in data.problems):
                    data = load.read_data(self.layout, texts)  # unshared: the lines of the problems are exact
                self.people_split = self._people_split(texts, data)
            self.data = (key, data)
            self.stats["parsed"] += self.memo.parsed - before
        return self.data[1]

    def _people_split(self, texts: dict[str, str] | str, data: load.DataRead | str) -> Optional[_Split]:
        """people.yaml split into items, one for each person of ``data`` (a read without
        problems, and no people/ folder), each of which parses alone; else None."""
        path, folder, shown = self._people_paths
        if isinstance(texts, str) or isinstance(data, str) or data.problems or data.portfolio is None \
                or path not in texts or any(name.startswith(folder) for name in texts):
            return None
        split = _Split.of(texts[path].removeprefix("\ufeff"))
        if split is None or not len(split.items) == len(data.ids) == len(data.portfolio.people):
            return None
        # each item parsed alone, as the read found it (an alias to another item's anchor does not)
        return split if all((shown, item) in self.memo.items for item in split.items) else None

    def _people_edited(self, key: tuple, texts: dict[str, str]) -> Optional[load.DataRead]:
        """When this revision's data files are the last one's but for items of people.yaml: its
        data read from the last one's, validating and checking only the items that changed
        (:func:`.load.people_edited`); None when it must be read whole."""
        path, _, shown = self._people_paths
        split_before, (key_before, before) = self.people_split, self.data
        if split_before is None or key_before is None or isinstance(before, str) or path not in texts \
                or [kept for kept in key_before if kept[0] != path] != [kept for kept in key if kept[0] != path]:
            return None
        text = texts[path]
        edited = split_before.edited(text.removeprefix("\ufeff")) if len(text) <= MAX_FILE_BYTES else None
        if edited is None:
            return None
        split, start, end = edited
        items_before, items = split_before.items, split.items
        # an item moved in the middle is found by its text: it is the same person
        moved = dict(zip(items_before[start:len(items_before) - end], range(start, len(items_before) - end)))
        middle: list[int | tuple[Document, tuple, Any]] = []
        for item in items[start:len(items) - end]:
            if item in moved:
                middle.append(moved[item])
                continue
            document = self.memo.item(item, shown)
            if document is None:
                return None
            middle.append((document, (0,), document.data[0]))
        data = load.people_edited(self.layout, before, start, middle, end, self.memo)
        if data is not None:
            self.people_split = split
            self.stats["people_edited"] += 1
        return data

    @cached_property
    def _people_paths(self) -> tuple[str, str, str]:
        """people.yaml and the people/ folder, as the texts of a revision name them, and
        people.yaml as its problems (and the memo of its items) name it."""
        folder = self.layout.data_dir.relative_to(self.layout.root).as_posix()
        return f"{folder}/people.yaml", f"{folder}/people/", self.layout.shown(self.layout.data_dir / "people.yaml")

    def _data_texts(self) -> dict[str, str] | str:
        texts: dict[str, str] = {}
        for path in sorted(self.data_paths):
            text = self._text(self.files[path])
            if text is None:
                return self._unreadable(path)
            texts[path] = text
        return texts

    def _unreadable(self, path: str) -> str:
        """Why a file of this revision gave no text: its Git object is missing, or it is not UTF-8."""
        blob = self.files.get(path) or ""
        if blob in self.blobs.missing:
            return (f"{path}: its Git object {blob[:7]} is missing from the repository (a damaged or "
                    "partial clone: `git fsck` names what is missing; fetch it again, or clone afresh)")
        return f"{path}: the file is not UTF-8 text"

    def _fails(self, key: str, reason: str) -> tuple[None, str]:
        if " is missing from the repository" not in reason:  # a repaired clone reads it next time
            self.cache.put(key, ("error", reason))
        return None, reason


# --------------------------------------------------------------------------- reading


@dataclass
class _Listing:
    """What Git says before any file is read: the log, and what the working tree changed."""

    layout: Layout
    repo: Optional[_Repo] = None
    log: bytes = b""
    #: Files the loader reads that differ in the working tree (relative to the root).
    changed: tuple[str, ...] = ()
    unavailable: str = ""
    #: Git failed (not installed, a damaged repository): a warning too, not only the page's words.
    fault: bool = False

    @cached_property
    def commits(self) -> list[_Commit]:
        """The log, parsed (a build whose history comes from the cache needs only its digest)."""
        return _commits(self.layout, self.repo, self.log) if self.repo and self.log else []


def _list(layout: Layout, uncommitted: bool) -> _Listing:
    try:
        repo = _repo(layout)
    except GitError as error:
        return _Listing(layout, unavailable=_not_a_repository(str(error)),
                        fault="not a git repository" not in str(error).lower())
    try:
        log = _log(repo)
    except GitError as error:
        return _Listing(layout, repo, unavailable=f"The Git history could not be read: {error}", fault=True)
    return _Listing(layout, repo, log, _changes(layout, repo) if uncommitted and log else ())


def read_history(layout: Layout, cache_dir: Optional[Path] = None, uncommitted: bool = True,
                 current: Optional[Portfolio] = None, session: Optional[Session] = None,
                 loaded_with: Optional[SharedMemo] = None) -> GitHistory:
    """The portfolio at every commit that touched its data or journal, oldest first.

    With ``uncommitted``, changes in the working tree (to the files the loader reads) add a
    last snapshot, ``"uncommitted"``, read from the disk. Never raises for a missing
    repository, a shallow clone or a broken revision: see ``unavailable``, ``warnings`` and
    ``skipped``; ``loaded_with``: see :func:`for_site`.
    """
    return _read(layout, _list(layout, uncommitted), cache_dir, current, session, loaded_with)


def _read(layout: Layout, listing: _Listing, cache_dir: Optional[Path], current: Optional[Portfolio],
          session: Optional[Session], loaded_with: Optional[SharedMemo] = None) -> GitHistory:
    # a read makes no cycles: the collector would only rescan it (the log, the revisions, the
    # cache written), again and again
    with load.collector_paused():
        return _read_revisions(layout, listing, cache_dir, current, session, loaded_with)


def _read_revisions(layout: Layout, listing: _Listing, cache_dir: Optional[Path], current: Optional[Portfolio],
                    session: Optional[Session], loaded_with: Optional[SharedMemo]) -> GitHistory:
    result = GitHistory(unavailable=listing.unavailable)
    if listing.fault:  # the page says why; the build says so too (`--strict` stops)
        result.warnings.append(listing.unavailable)
    repo, commits = listing.repo, listing.commits
    if repo is None or listing.unavailable:
        result.shallow = repo.shallow if repo else False
        return result
    result.shallow = repo.shallow
    reader = _Reader(layout, repo, cache_dir, session, loaded_with)
    previous: Optional[Portfolio] = None
    for number, commit in enumerate(commits):
        reader.coming = (commits, number)
        reader.advance(commit.changes)
        portfolio, reason = reader.portfolio(commit.key)
        if portfolio is None:
            result.skipped.append(f"commit {commit.commit[:7]} (\"{commit.subject}\", "
                                  f"{commit.date.date().isoformat()}) was left out of the history: {reason}")
            continue
        result.snapshots.append(Snapshot(commit.commit, commit.date, commit.subject, portfolio, commit.tags))
        previous = portfolio
    reader.cache.save()
    reader.blobs.close()
    if session is not None:
        session.revisions = reader.revisions
        session.entries = {(path, blob): reader.entries[(path, blob)] for path, blob in reader.files.items()
                           if (path, blob) in reader.entries}
        session.data = reader.data
    if listing.changed and commits:
        # the working tree as the build already loaded it, else read from the disk
        portfolio, problems = (current, []) if current is not None else load.read_portfolio(layout)
        if portfolio is not None and not problems:
            portfolio = network(portfolio)
            if previous is None or _entry(portfolio) != _entry(previous):
                result.snapshots.append(Snapshot(UNCOMMITTED, None, "Uncommitted changes", portfolio))
    if not commits:
        result.unavailable = ("There are no commits of the data yet: commit the data folder "
                              "(`git add data content && git commit`) and its history starts here.")
    result.stats = {**reader.stats, "commits": len(commits)}
    return result


def shallow_warning(first: Optional[dt.date]) -> str:
    """What to say of a history read from a shallow clone (``shallow`` is set)."""
    return (f"this is a shallow clone, so the history starts at {first.isoformat() if first else '?'}; "
            "fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in GitHub Actions) "
            "to see all of it")


def _not_a_repository(message: str) -> str:
    if "not a git repository" in message.lower():
        return ("This portfolio is not in a Git repository, so it has no history yet. Run "
                "`git init && git add . && git commit -m \"My network\"` in its folder, and commit "
                "as your network changes.")
    return f"The history could not be read: {message}"


def _changes(layout: Layout, repo: _Repo) -> tuple[str, ...]:
    """The files the loader reads that the working tree changed, added or deleted."""
    out = _git(repo.top, "status", "--porcelain", "-z", "--untracked-files=all", "--", *repo.paths,
               check=False)
    changed = set()
    for record in out.decode("utf-8", "replace").split("\x00"):
        path = record[3:]
        if len(record) > 3 and path.startswith(repo.root_prefix) \
                and _relevant(layout, path[len(repo.root_prefix):]):
            changed.add(path[len(repo.root_prefix):])
    return tuple(sorted(changed))


def uncommitted_changes(layout: Layout) -> tuple[str, ...]:
    """The files the loader reads that the working tree changed (``mentornet diff A`` compares
    A with them when there are any); raises GitError outside a repository."""
    return _changes(layout, _repo(layout))


def resolve(layout: Layout, revision: str) -> str:
    """The full commit id of a revision (a tag, a branch, ``HEAD~3``…); raises GitError."""
    repo = _repo(layout)
    out = _git(repo.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}",
               check=False).decode().strip()
    if not out:
        message = f"unknown revision '{revision}': use a commit id, a tag or a branch name"
        raise GitError(message, shared=message)
    return out


def read_revision(layout: Layout, revision: str, cache_dir: Optional[Path] = None) -> Snapshot:
    """The portfolio as it stood at ``revision``; raises GitError if there is none or it does not load."""
    repo = _repo(layout)
    commit = resolve(layout, revision)
    out = _git(repo.top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *repo.paths)
    files = {}
    for record in out.decode("utf-8", "replace").split("\x00"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        mode, kind, blob = meta.split()
        if kind != "blob" or mode not in _EMPTY_TREE_MODES or not path.startswith(repo.root_prefix):
            continue
        relative = path[len(repo.root_prefix):]
        if _relevant(layout, relative):
            files[relative] = blob
    if not files:
        raise GitError(f"there is no portfolio data at {revision}")
    info = _git(repo.top, "log", "-1", "--format=%aI%x00%s", commit).decode().rstrip("\n").split("\x00")
    reader = _Reader(layout, repo, cache_dir)
    reader.start(files)
    portfolio, reason = reader.portfolio(_key(layout, files))
    reader.cache.used.update(reader.cache.entries)  # keep the history's entries too
    reader.cache.save()
    reader.blobs.close()
    if portfolio is None:
        raise GitError(f"the data at {revision} ({commit[:7]}) does not load: {reason}",
                       shared=f"the data at {revision} ({commit[:7]}) does not load; build the owner's site to see why")
    tag = (revision,) if revision != commit and not revision.startswith(commit[:7]) else ()
    return Snapshot(commit, dt.datetime.fromisoformat(info[0]), info[1], portfolio, tag)


# --------------------------------------------------------------------------- for the site


def for_site(layout: Layout, *, audience: Audience = OWNER, policy: Optional[Sharing] = None,
             compare: tuple[str, ...] | list[str] = (),
             cache_dir: Optional[Path] = None, uncommitted: bool = True,
             today: Optional[dt.date] = None, current: Optional[Portfolio] = None,
             session: Optional[Session] = None, loaded_with: Optional[SharedMemo] = None) -> Any:
    """The history the pages show: read, filtered for the audience, compared, charted.

    A build keeps the result under ``cache_dir``, keyed by what Git listed and the working
    tree's changed files: the next build with nothing new reads one file. ``mkdocs serve``
    passes a ``session`` instead, and a rebuild redoes only what changed since the last one.
    ``loaded_with``: the memo ``current`` was loaded with, whose journal the history finds
    again in its last commits (see :meth:`.load.SharedMemo.borrowed`).
    """
    today = today or dt.date.today()
    policy = policy if policy is not None else Sharing()
    listing = _list(layout, uncommitted)
    enabled = gc.isenabled()

    def make() -> Any:
        with load.collector_resumed(enabled):
            return _for_site(layout, listing, audience, policy, compare, cache_dir, today, current, session,
                             loaded_with)

    if session is not None or cache_dir is None:
        return make()
    key = _site_key(layout, listing, tuple(compare),
                    (audience.name, policy, today), current)
    with load.collector_paused():  # a kept history read back: its objects are no garbage to look for
        result, kept = caching.remembered(Path(cache_dir) / "history" / f"site-{audience.name}.pickle", key, make)
    result.key = key
    if kept:
        n = result.stats.get("revisions", 0)
        result.stats = {"revisions": n, "from_cache": n, "blobs_read": 0, "parsed": 0, "commits": n}
    return result


def _site_key(layout: Layout, listing: _Listing, compare: tuple[str, ...], options: tuple,
              current: Optional[Portfolio]) -> str:
    """Everything the history of the site is made from: the log, the working tree when it has
    changes (the portfolio the build loaded from it, else the changed files), where compared
    revisions point, the options."""
    worktree: Any = []
    if listing.changed and current is not None:
        worktree = current.fingerprint  # what the last snapshot is made of, ignored files and all
    for relative in listing.changed if current is None else ():
        try:
            worktree.append((relative, hashlib.sha256((layout.root / relative).read_bytes()).hexdigest()))
        except OSError:
            worktree.append((relative, None))
    pointing = []
    for revision in compare:
        try:
            pointing.append(resolve(layout, revision))
        except GitError:
            pointing.append(None)
    return caching.digest([layout.shown(layout.data_dir), layout.shown(layout.content_dir), listing.repo,
                           hashlib.sha256(listing.log).hexdigest(), worktree, compare, pointing, options])


def _for_site(layout: Layout, listing: _Listing, audience: Audience, policy: Sharing,
              compare: tuple[str, ...] | list[str],
              cache_dir: Optional[Path], today: dt.date, current: Optional[Portfolio],
              session: Optional[Session], loaded_with: Optional[SharedMemo] = None) -> Any:
    found = _read(layout, listing, cache_dir, current, session, loaded_with)
    with load.collector_spares_existing():
        return _seen(layout, found, audience, policy, compare, cache_dir, today, session)


def _seen(layout: Layout, found: GitHistory, audience: Audience, policy: Sharing,
          compare: tuple[str, ...] | list[str],
          cache_dir: Optional[Path], today: dt.date, session: Optional[Session]) -> Any:
    """The history read, as ``audience`` sees it: compared, measured, charted."""
    from mentornet.history import charts as historycharts

    warnings = [history_stage.Notice(warning, warning) for warning in found.warnings]  # the settings' own
    snapshots = found.snapshots
    extras: list[Snapshot] = []
    if len(compare) == 2 and snapshots:
        for revision in compare:
            match = next((s for s in snapshots if revision in s.tags), None)
            if match is None:
                try:
                    match = read_revision(layout, revision, cache_dir)
                except GitError as error:
                    instead = "; comparing the first and the latest snapshot instead"
                    warnings.append(history_stage.Notice(f"history: compare: {error}{instead}",
                                                         f"history: compare: {error.shared}{instead}"))
                    extras = []
                    break
            extras.append(replace_tags(match, revision))
    elif compare:
        told = "history: compare takes two revisions, e.g. `compare: [v2025, v2026]`"
        warnings.append(history_stage.Notice(told, told))
    filtered = history_stage.for_audience(extras + snapshots, audience, policy)
    pair = (filtered[0], filtered[1]) if len(extras) == 2 else None
    result = history_stage.build(filtered[len(extras):], compare_with=pair, unavailable=found.unavailable,
                                 warnings=warnings, skipped=found.skipped, shallow=found.shallow,
                                 memo=session.memo if session else None, audience=audience)
    result.stats = found.stats
    if result.points:
        charts = historycharts.charts(result, today, cache_dir / "charts" if cache_dir else None)
        result.charts = {chart.path: chart for chart in charts}
    return result


def replace_tags(snapshot: Snapshot, name: str) -> Snapshot:
    """The snapshot named as the user named it (a tag) first."""
    from dataclasses import replace

    return replace(snapshot, tags=(name,) + tuple(t for t in snapshot.tags if t != name))
