"""Incremental reading and validation: each revision's portfolio from the one before it and
what its commit changed.

- each revision's portfolio is kept across builds, keyed by the blob ids of its files
  (:mod:`mentornet.history.store`): a warm build parses nothing;
- in a cold build, the journal is one :class:`~mentornet.load.incremental.JournalPart` brought
  from revision to revision with the entries each commit added, changed or deleted, and the
  data files are read once for all the revisions that share them
  (:func:`mentornet.load.incremental.read_data`), a list file (people.yaml, audit.yaml) item by
  item (:mod:`mentornet.history.items`); a commit that changed only items of people.yaml is
  read from the revision before, validating and checking only those items
  (:func:`mentornet.load.incremental.people_edited`, a whole read whenever a problem is
  possible); a revision then costs what its commit changed, not the size of the journal or
  of the network.

Parsing and validation are mentornet's own (:mod:`mentornet.load`): a revision that would fail
``mentornet check`` is skipped with one warning naming the commit, and the test suite checks
every revision of a history against a whole read of its files.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Optional, Union

from mentornet.core.layout import Layout
from mentornet.core.model import Portfolio
from mentornet.history import changes as history_stage
from mentornet.history.git import CatFile, Commit, Repo, kind
from mentornet.history.items import ItemMemo, Split
from mentornet.history.store import RevisionCache, Shared, portfolio_of
from mentornet.load import incremental, portfolio as load
from mentornet.load.memo import SharedMemo
from mentornet.core.yamldata import Yaml
from mentornet.load.yamlsource import MAX_FILE_BYTES, Document

#: Blobs up to this many characters are kept in memory for the whole read.
SMALL_BLOB = 32_768

#: The data files of a revision: each one's path and blob id.
DataKey = tuple[tuple[str, str], ...]
#: The data files last read: their key, and what reading them gave (or why they cannot be read).
DataKept = tuple[Optional[DataKey], Union[incremental.DataRead, str, None]]


class Session:
    """What one process keeps between its builds (``mkdocs serve``), so a rebuild after a
    journal edit neither reads nor compares again a revision it already had: the portfolio of
    each revision (the same object every time) and the history's :class:`~mentornet.history.differ.Memo`."""

    def __init__(self) -> None:
        self.revisions: dict[str, tuple[Optional[Portfolio], str]] = {}
        self.memo = history_stage.Memo()
        #: The journal files of the latest revision as read, and its data files': a commit made
        #: while serving reads only the files it changed.
        self.entries: dict[tuple[str, str], load.EntryRead] = {}
        self.data: DataKept = (None, None)


#: What a journal file that is not UTF-8 text reads as (the revision is left out).
_NOT_TEXT: load.EntryRead = (None, None, ())


class Reader:
    """Follows the revisions of a log, commit by commit, and gives each one's portfolio: from
    the cache, else by parsing what changed since the last revision it parsed.

    The journal is a :class:`~mentornet.load.incremental.JournalPart` brought up to date with the files each
    commit changed, so a revision costs what it changed rather than the size of the journal.
    """

    def __init__(self, layout: Layout, repo: Repo, cache_dir: Optional[Path], session: Optional[Session] = None,
                 loaded_with: Optional[SharedMemo] = None):
        self.layout = layout
        #: The front matter the build loaded from the disk, parsed and validated (not added to).
        self.loaded_with = loaded_with.borrowed() if loaded_with is not None else None
        self.repo = repo
        self.cache = RevisionCache(cache_dir)
        cache = self.cache  # not self: a reader in a cycle is left, memo and all, to the collector
        self.shared = Shared(lambda: (value for status, value in cache.entries.values()
                                      if status == "ok" and isinstance(value, tuple)))
        self.session = session
        #: The revisions of this read (a session keeps these, and only these, for the next).
        self.revisions: dict[str, tuple[Optional[Portfolio], str]] = {}
        self.memo = ItemMemo()
        self.blobs = CatFile(repo)
        self.small: dict[str, Optional[str]] = {}
        self.stats = {"revisions": 0, "from_cache": 0, "blobs_read": 0, "parsed": 0, "people_edited": 0}
        #: The revision being read: every file (path → blob id), and its data files' paths.
        self.files: dict[str, str] = {}
        self.data_paths: set[str] = set()
        #: The journal as last parsed, the blob ids it shows, the journal files changed since.
        self.journal = incremental.JournalPart()
        self.journal_blobs: dict[str, str] = {}
        self.stale: set[str] = set()
        self.not_text: set[str] = set()
        #: What reading a journal file gave, by its path and blob id (its content).
        self.entries: dict[tuple[str, str], load.EntryRead] = dict(session.entries) if session else {}
        #: The data files last read: their paths and blob ids, and what reading them gave.
        self.data: DataKept = session.data if session else (None, None)
        #: people.yaml's text and items in the data last read, when it read without problems.
        self.people_split: Optional[Split] = None
        #: The commits of the read and the number of the one being read (see :meth:`_read_ahead`),
        #: and the texts read ahead.
        self.coming: Optional[tuple[list[Commit], int]] = None
        self.read_ahead = False
        self.ahead: dict[str, Optional[str]] = {}

    def advance(self, changes: dict[str, Optional[str]]) -> None:
        """Move to the next revision: these files changed (blob id, or None when deleted)."""
        for path, blob in changes.items():
            if blob is None:
                self.files.pop(path, None)
            else:
                self.files[path] = blob
            if kind(self.layout, path) == "journal":
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
                entry, document, problems = incremental.read_entry(self.layout, path, text, self.loaded_with)
                read = (self.shared.stub(entry) if entry is not None else None, document, problems)
            changes[path] = self.entries[(path, blob)] = read
        for path, found in changes.items():
            if found is not None:
                self.journal_blobs[path] = self.files[path]
                if found is _NOT_TEXT:
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
                               and kind(self.layout, path) == "journal")
        self.stats["blobs_read"] += len(wanted)
        self.ahead = dict(zip(wanted, self.blobs.texts(list(wanted))))

    def _read(self, key: str) -> tuple[Optional[Portfolio], str]:
        found = self.cache.get(key)
        if found is not None:
            self.stats["from_cache"] += 1
            status, value = found
            if status == "ok" and isinstance(value, tuple):
                return portfolio_of(value), ""
            return None, str(value)
        data = self._data()
        if isinstance(data, str):
            return self._fails(key, data)
        self._bring_journal_up_to_date()
        if self.not_text:
            return self._fails(key, self._unreadable(min(self.not_text)))
        portfolio, problems = incremental.join(self.layout, data, self.journal)
        if problems or portfolio is None:
            distinct = set(problems)  # the first of them in order, and how many more: no need to sort
            more = f" (and {len(distinct) - 1} more problems)" if len(distinct) > 1 else ""
            return self._fails(key, (str(min(distinct)) + more) if distinct else "the data does not load")
        entry = self.shared.entry(portfolio)
        self.cache.put(key, ("ok", entry))
        return portfolio_of(entry), ""

    def _data(self) -> incremental.DataRead | str:
        """The data files of this revision, read (once for all the revisions that share them),
        or why they cannot be."""
        key = tuple((path, self.files[path]) for path in sorted(self.data_paths))
        if self.data[0] != key:
            texts = self._data_texts()
            before = self.memo.parsed
            data: incremental.DataRead | str | None = (None if isinstance(texts, str)
                                                       else self._people_edited(key, texts))
            if data is None:
                if isinstance(texts, str):
                    data = texts
                else:
                    data = incremental.read_data(self.layout, texts, self.memo)
                    if any(problem.file in self.memo.itemised for problem in data.problems):
                        data = incremental.read_data(self.layout, texts)  # unshared: its problems' lines are exact
                self.people_split = self._people_split(texts, data)
            self.data = (key, data)
            self.stats["parsed"] += self.memo.parsed - before
        found = self.data[1]
        assert found is not None  # read above, or by the revision before with the same files
        return found

    def _people_split(self, texts: dict[str, str] | str, data: incremental.DataRead | str) -> Optional[Split]:
        """people.yaml split into items, one for each person of ``data`` (a read without
        problems, and no people/ folder), each of which parses alone; else None."""
        path, folder, shown = self._people_paths
        if isinstance(texts, str) or isinstance(data, str) or data.problems or data.portfolio is None \
                or path not in texts or any(name.startswith(folder) for name in texts):
            return None
        split = Split.of(texts[path].removeprefix("\ufeff"))
        if split is None or not len(split.items) == len(data.ids) == len(data.portfolio.people):
            return None
        # each item parsed alone, as the read found it (an alias to another item's anchor does not)
        return split if all((shown, item) in self.memo.items for item in split.items) else None

    def _people_edited(self, key: DataKey, texts: dict[str, str]) -> Optional[incremental.DataRead]:
        """When this revision's data files are the last one's but for items of people.yaml: its
        data read from the last one's, validating and checking only the items that changed
        (:func:`.incremental.people_edited`); None when it must be read whole."""
        path, _, shown = self._people_paths
        split_before, (key_before, before) = self.people_split, self.data
        if split_before is None or key_before is None or not isinstance(before, incremental.DataRead) \
                or path not in texts \
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
        middle: list[int | tuple[Document, tuple, Yaml]] = []
        for item in items[start:len(items) - end]:
            if item in moved:
                middle.append(moved[item])
                continue
            document = self.memo.item(item, shown)
            if document is None:
                return None
            middle.append((document, (0,), document.data[0]))
        data = incremental.people_edited(self.layout, before, start, middle, end, self.memo)
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
