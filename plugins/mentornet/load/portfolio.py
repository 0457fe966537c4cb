"""Loading a portfolio from disk: the data files and the journal's front matter.

Every problem is collected, not just the first, and each points at a file, a line and a
column with a message a person can act on. ``load`` raises ``PortfolioError`` with all of
them; ``check`` returns them.
"""

from __future__ import annotations

import difflib
import gc
import json
import os
import re
import dataclasses
import typing
from bisect import bisect_left
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from mentornet.audience import markers
from mentornet.core import vocabulary as v
from mentornet.core.model import (Audit, EntryMeta, JournalEntry, Person, Plan, Portfolio, Profile, Reflection, Sharing,
                    SLUG_PATTERN, parse_exchange)
from mentornet.core.layout import LINK_LEADS_OUT, Layout, other_markdown
from mentornet.core.problems import PortfolioError, Problem, Text, did_you_mean, one_of
from mentornet.journal import generated_page
from mentornet.load.yamlsource import MAX_FILE_BYTES, Document, Mapping, load_file, parse, read_text

#: The free-text fields that may hold private passages (``<!-- private -->``).
MARKER_FIELDS = frozenset({"pitch", "bio", "notes", "why", "answer"})

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)

#: The vocabulary each field's terms come from, for messages that list the allowed terms.
FIELD_VOCABULARIES: dict[str, v.Vocabulary] = {
    "support": v.SUPPORT, "roles": v.ROLES, "purposes": v.PURPOSES, "purpose": v.PURPOSES,
    "knowing": v.KNOWING, "mentoring": v.MENTORING, "closeness": v.CLOSENESS,
    "seniority": v.SENIORITY, "influence": v.INFLUENCE, "visibility": v.VISIBILITY,
    "horizon": v.HORIZONS, "kind": v.JOURNAL_KINDS, "stage": v.STAGES, "status": v.ACTIVITY_STATUS,
}




def load(layout: Layout, memo: Memo | None = None) -> Portfolio:
    portfolio, problems = read_portfolio(layout, memo)
    if problems or portfolio is None:
        raise PortfolioError(problems)
    return portfolio


def check(layout: Layout) -> list[Problem]:
    return sorted(set(read_portfolio(layout)[1]))


def read_portfolio(layout: Layout, memo: Memo | None = None) -> tuple[Portfolio | None, list[Problem]]:
    reader = _Reader(layout, memo=memo)
    with collector_paused():
        return reader.read(), reader.problems


def read_texts(layout: Layout, texts: typing.Mapping[str, str], memo: "Memo | None" = None,
               journal: "JournalPart | None" = None) -> tuple[Portfolio | None, list[Problem]]:
    """The same as :func:`read_portfolio`, from texts in memory instead of files on disk.

    ``texts`` maps paths relative to ``layout.root`` (with ``/``) to the files' text: the
    data files and journal entries as they stood at some commit. A ``memo`` (see
    :class:`Memo`) lets many similar portfolios share their parsing and validation. With
    ``journal``, the journal comes from that part (kept up to date by the caller) and
    ``texts`` holds only the data files.
    """
    if journal is not None:
        return join(layout, read_data(layout, texts, memo), journal)
    reader = _Reader(layout, texts, memo)
    with collector_paused():
        return reader.read(), reader.problems


@dataclass(frozen=True)
class DataRead:
    """A revision's data files, read and checked among themselves: all of it but the journal
    (the history reads it once for all the revisions that share these files)."""

    #: The portfolio without its journal; None when it does not load.
    portfolio: Portfolio | None
    problems: tuple[Problem, ...]
    #: The ids of the people, as the checks of references know them.
    ids: tuple[str, ...]
    people_unreadable: bool
    #: The read stopped before the journal (no data folder): the journal adds no problems.
    stopped: bool


def read_data(layout: Layout, texts: typing.Mapping[str, str], memo: "Memo | None" = None) -> DataRead:
    """The data files among ``texts`` (see :func:`read_texts`), without the journal."""
    reader = _Reader(layout, texts, memo, JournalPart())
    with collector_paused():
        portfolio = reader.read()
    return DataRead(portfolio, tuple(reader.problems), tuple(reader.known_ids or ()),
                    getattr(reader, "people_unreadable", False), reader.known_ids is None)


def people_edited(layout: Layout, data: DataRead, start: int,
                  middle: typing.Sequence["int | tuple[Document, tuple, Any]"], end: int,
                  memo: "Memo | None" = None) -> DataRead | None:
    """``data`` (a read without problems) with people.yaml's items changed: its first ``start``
    and last ``end`` people as they were and, between them, each of ``middle`` the position of
    a person of ``data`` whose item is as it was, or a new or edited item (its document, where
    it is in it, its data). What a whole read of the files gives, or None when it could find a
    problem: only a whole read places a problem exactly (and says them all).

    A history reads people.yaml this way: a commit mostly changes one person of a thousand,
    and only what it changed is validated and checked; the others were, in the revision before,
    and stay as they were while no one leaves (someone's leaving is checked by a whole read).
    """
    before = data.portfolio
    if data.problems or data.stopped or data.people_unreadable or before is None \
            or len(before.people) != len(data.ids) or start + end > len(data.ids):
        return None
    fresh = [item for item in middle if not isinstance(item, int)]
    reader = _Reader(layout, {}, memo)
    made = {id(item): reader._model(item[0], Person, item[1], item[2]) for item in fresh}
    if reader.problems or None in made.values():
        return None
    rest = len(data.ids) - end
    people = before.people[:start] + tuple(before.people[item] if isinstance(item, int) else made[id(item)]
                                           for item in middle) + before.people[rest:]
    ids = data.ids[:start] + tuple(data.ids[item] if isinstance(item, int) else item[2].get("id")
                                   for item in middle) + data.ids[rest:]
    known = set(ids)
    if len(known) != len(ids) or not known.issuperset(data.ids) \
            or any(prospect.id in known for prospect in before.plan.prospects):
        return None  # a duplicate id; someone gone, whom an audit or a prospect may name; a prospect joined
    portfolio = dataclasses.replace(before, people=people)
    checks = _Reader(layout, {})  # the memo's checks of clean items are a whole read's
    checks.people_unreadable = False
    references = _References(checks, portfolio, ids)
    for item in fresh:
        references._person(*item)
        references._period(item[0], item[1], made[id(item)])
    return None if checks.problems else DataRead(portfolio, (), ids, False, False)


def join(layout: Layout, data: DataRead, journal: "JournalPart") -> tuple[Portfolio | None, list[Problem]]:
    """A revision's data with its journal: the portfolio, and the problems of both and of the
    journal's references to people."""
    if data.stopped:
        return None, list(data.problems)
    reader = _Reader(layout, {}, journal=journal)
    reader.people_unreadable = data.people_unreadable
    reader.problems.extend(journal.problems())
    _References(reader, None, data.ids).check_journal()
    reader._summarise_repeats()
    portfolio = dataclasses.replace(data.portfolio, journal=journal.entries) if data.portfolio is not None else None
    return portfolio, list(data.problems) + reader.problems


#: What reading one journal file gives: the entry (None if it is invalid), its front matter's
#: document (None if that does not parse), and its problems.
EntryRead = tuple["JournalEntry | None", "Document | None", tuple[Problem, ...]]


def read_entry(layout: Layout, name: str, text: str, memo: "Memo | None" = None) -> EntryRead:
    """One journal file (``name`` relative to ``layout.root``) as a whole read finds it."""
    return _Reader(layout, {name: text}, memo)._entry_text(name)


def _journal_order(name: str) -> list[str]:
    """Journal files in the order the loader lists them: folder by folder, as the disk sorts."""
    return name.split("/")


class JournalPart:
    """The journal of one revision, read file by file: what a whole read would find, in its
    order, with an index of the people each entry names.

    The history keeps one and brings it from revision to revision with the files each commit
    changed (:meth:`update`), so a revision costs what it changed rather than the size of the
    journal; :func:`read_texts` then checks only the entries that name someone unknown, which
    are the only ones a whole check would find fault with.
    """

    def __init__(self) -> None:
        self.found: dict[str, EntryRead] = {}
        self.order: list[str] = []
        #: The entry of each file of ``order`` (None where the file is not a valid entry).
        self.listed: list[JournalEntry | None] = []
        #: person id → the files whose front matter names them (``people:``).
        self.naming: dict[str, set[str]] = {}
        self.with_problems: set[str] = set()
        #: How many files of ``order`` are not valid entries (None in ``listed``).
        self.invalid = 0
        self._entries: tuple[JournalEntry, ...] | None = ()  # None: to be listed again
        #: What checking an entry's people gave, with the people's ids it was checked against:
        #: an entry naming someone not in people.yaml yet is at fault in revision after revision
        #: of a history, in the same words (id of its front matter → that front matter, the
        #: ids, its problems, and how many more were only counted).
        self.references: dict[int, tuple[Document, tuple[str, ...], tuple[Problem, ...], int]] = {}

    def update(self, changes: typing.Mapping[str, "EntryRead | None"]) -> None:
        """Files read again (``name`` → what reading it gave) or deleted (``name`` → None)."""
        for name, read in changes.items():
            old = self.found.pop(name, None)
            if old is None and read is None:
                continue
            if old is not None and old[1] is not None:
                self.references.pop(id(old[1]), None)
            at = bisect_left(self.order, _journal_order(name), key=_journal_order)
            if old is not None:
                self._index(name, old, remove=True)
                self.invalid -= self.listed[at] is None
            if read is None:
                del self.order[at], self.listed[at]
            elif old is None:
                self.order.insert(at, name)
                self.listed.insert(at, read[0])
            else:
                self.listed[at] = read[0]
            if read is not None:
                self.invalid += read[0] is None
                self.found[name] = read
                self._index(name, read)
        if changes:
            self._entries = None

    def _index(self, name: str, read: EntryRead, remove: bool = False) -> None:
        for person_id in _named(read[1]):
            names = self.naming.setdefault(person_id, set())
            if remove:
                names.discard(name)
                if not names:
                    del self.naming[person_id]
            else:
                names.add(name)
        if read[2] and remove:
            self.with_problems.discard(name)
        elif read[2]:
            self.with_problems.add(name)

    @property
    def entries(self) -> tuple[JournalEntry, ...]:
        if self._entries is None:  # (an entry is never false)
            self._entries = tuple(filter(None, self.listed)) if self.invalid else tuple(self.listed)
        return self._entries

    def problems(self) -> list[Problem]:
        return [problem for name in sorted(self.with_problems, key=_journal_order)
                for problem in self.found[name][2]]

    def naming_unknown(self, known: typing.Collection[str]) -> list[Document]:
        """The front matter of every entry that names a person not in ``known``."""
        names = {name for person_id in self.naming.keys() - known for name in self.naming[person_id]}
        return [document for name in sorted(names, key=_journal_order)
                if (document := self.found[name][1]) is not None]


def _named(document: "Document | None") -> set[str]:
    """The person ids a journal entry's front matter names (checked against people.yaml)."""
    data = document.data if document is not None else None
    people = data.get("people") if isinstance(data, dict) else None
    if isinstance(people, str):
        return {people}
    return {person_id for person_id in people if isinstance(person_id, str)} if isinstance(people, list) else set()


class Memo:
    """Parsing and validation shared across many :func:`read_texts` calls (history).

    The default does no memoisation; a subclass may return the same Document for the same
    text, and the same model for the same (unchanged, shared) data object.
    """

    def document(self, text: str, shown: str, problems: list[Problem], line_offset: int = 0) -> Document | None:
        return parse(text, shown, problems, line_offset=line_offset)

    def model(self, model: type[BaseModel], data: Any, validate: typing.Callable[[], Any]) -> Any:
        return validate()

    def clean_items(self, context: Any) -> dict[int, Any] | None:
        """Items already checked across files, and clean, in this ``context``; None: check all."""
        return None

    def entry(self, key: Any, make: typing.Callable[[], Any]) -> Any:
        """A journal entry read from its text (``key``: its path and text); a subclass keeps it."""
        return make()


class SharedMemo(Memo):
    """Parse each distinct text once and validate each parsed object once, across many loads:
    the revisions of the history, the rebuilds of ``mkdocs serve`` (where a journal edit leaves
    a thousand other entries as they were).

    Problems found while parsing are kept with the document and reported again each time;
    validation that fails is never kept, so its problems are reported again too.
    """

    def __init__(self) -> None:
        self.documents: dict[tuple[str, int, str], tuple[Document | None, tuple[Problem, ...]]] = {}
        self.models: dict[int, tuple[Any, type, Any]] = {}
        self.parsed = 0
        self.entries: dict[Any, Any] = {}
        self._used: set[Any] = set()
        self._clean: tuple[Any, dict[int, Any]] = (None, {})

    #: Texts longer than this are parsed every time they come: kept, 2,000 revisions of a
    #: 600 KB people.yaml held 1.2 GB (a subclass may still share their parts).
    LARGEST_KEPT = 65_536

    def document(self, text: str, shown: str, problems: list[Problem], line_offset: int = 0) -> Document | None:
        if len(text) > self.LARGEST_KEPT:
            own: list[Problem] = []
            document = self._parse(text, shown, own, line_offset)
            problems.extend(own)
            return document
        key = (shown, line_offset, text)
        found = self.documents.get(key)
        if found is None:
            own = []
            document = self._parse(text, shown, own, line_offset)
            found = self.documents[key] = (document, tuple(own))
        self._used.add(key)
        problems.extend(found[1])
        return found[0]

    def _parse(self, text: str, shown: str, problems: list[Problem], line_offset: int) -> Document | None:
        self.parsed += 1
        return parse(text, shown, problems, line_offset=line_offset)

    def model(self, model: type[BaseModel], data: Any, validate: typing.Callable[[], Any]) -> Any:
        found = self.models.get(id(data))
        if found is None or found[0] is not data or found[1] is not model:
            found = self.models[id(data)] = (data, model, validate())  # holding ``data`` keeps its id unique
        self._used.add(id(data))
        return found[2]

    def entry(self, key: Any, make: typing.Callable[[], Any]) -> Any:
        found = self.entries.get(key)
        if found is None:
            found = self.entries[key] = make()
        self._used.add(key)
        return found

    def clean_items(self, context: Any) -> dict[int, Any] | None:
        kept = self._clean[0]
        if kept != context:
            # People joined, no one left, the rest as it was: what referred to known people
            # still does (a history mostly grows). Anything else: check everything again.
            grew = (isinstance(kept, tuple) and kept[1:] == context[1:]
                    and isinstance(kept[0], frozenset) and context[0].issuperset(kept[0]))
            self._clean = (context, self._clean[1] if grew else {})
        return self._clean[1]

    def borrowed(self) -> Memo:
        """What this memo holds, found but never added to: the history reads the journal as
        committed, mostly the very texts the build just loaded from the disk, and parses and
        validates again only the others (without keeping them, nor their texts, here)."""
        return _Borrowed(self)

    def forget_unused(self) -> None:
        """Keep only what the loads since the last call used (a long `mkdocs serve` does not grow)."""
        self.documents = {key: value for key, value in self.documents.items() if key in self._used}
        self.models = {key: value for key, value in self.models.items() if key in self._used}
        self.entries = {key: value for key, value in self.entries.items() if key in self._used}
        context, clean = self._clean
        self._clean = (context, {key: value for key, value in clean.items() if key in self._used})
        self._used = set()


class _Borrowed(Memo):
    """See :meth:`SharedMemo.borrowed`."""

    def __init__(self, memo: SharedMemo) -> None:
        self.memo = memo

    def document(self, text: str, shown: str, problems: list[Problem], line_offset: int = 0) -> Document | None:
        found = self.memo.documents.get((shown, line_offset, text))
        if found is None:
            return super().document(text, shown, problems, line_offset)
        problems.extend(found[1])
        return found[0]

    def model(self, model: type[BaseModel], data: Any, validate: typing.Callable[[], Any]) -> Any:
        found = self.memo.models.get(id(data))
        return found[2] if found is not None and found[0] is data and found[1] is model else validate()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading allocates many small objects and frees none: the cyclic garbage collector
    would only rescan them again and again (it doubles the time at 5,000 journal entries).
    Pauses nest: the collector is back when the outermost one ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def collector_resumed(enabled: bool) -> Iterator[None]:
    """The collector as it was outside a pause (``enabled``), for a part within the pause that
    makes cyclic garbage of its own."""
    resume = enabled and not gc.isenabled()
    if resume:
        gc.enable()
    try:
        yield
    finally:
        if resume:
            gc.disable()


@contextmanager
def collector_spares_existing() -> Iterator[None]:
    """The cyclic garbage collector, for what is made from now on only: after a history's
    revisions are read, each of its full passes would walk their millions of objects again
    (a second of a cold build), though none of them is garbage. Garbage made meanwhile, the
    charts' and the measures' (cycles of their own), is still collected."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


#: Problems of one kind (an unknown person in ``knows``, …) shown per file; the rest are counted.
SAME_KIND_SHOWN = 20


class _Reader:
    def __init__(self, layout: Layout, texts: typing.Mapping[str, str] | None = None,
                 memo: Memo | None = None, journal: JournalPart | None = None):
        self.layout = layout
        #: Files from memory (path relative to the root → text) instead of the disk.
        self.texts = texts
        self.memo = memo or Memo()
        #: The journal, already read (see :class:`JournalPart`).
        self.journal = journal
        #: The people's ids as the checks across files knew them, once the read got that far.
        self.known_ids: list[str] | None = None
        self.problems: list[Problem] = []
        #: Where each raw item came from, valid or not, by kind ("people", "audits", "journal").
        self.sources: dict[str, list[tuple[Document, tuple]]] = {}
        #: Where each validated person came from, by object id.
        self.origin: dict[int, tuple[Document, tuple]] = {}
        #: Every document read from the disk, for the check of private markers.
        self.documents: list[Document] = []
        #: How many problems of one kind each file has had (see :meth:`too_many`).
        self.repeated: dict[tuple[str, str], int] = {}

    # -- files ------------------------------------------------------------------------

    def _safe(self, path: Path) -> bool:
        """Refuse files that are, or sit behind, links leading out of the repository."""
        if self.texts is not None:
            return True
        if self.layout.contains(path):
            return True
        self.problems.append(Problem(self.layout.shown(path), 1, 1, LINK_LEADS_OUT))
        return False

    def _document(self, name: str, required: bool = False) -> Document | None:
        path = self.layout.data_dir / name
        if not self._exists(path):
            if required:
                self.problems.append(Problem(
                    self.layout.shown(path), 1, 1,
                    f"missing file: every portfolio needs {name} (at least `name: Your Name`); "
                    "`mentornet new DIR` writes a starter"))
            return None
        if not self._safe(path):
            return None
        return self._load(path)

    # -- the disk, or texts in memory ---------------------------------------------------

    def _relative(self, path: Path) -> str:
        return _relative_to(path, self.layout.root)

    def _exists(self, path: Path) -> bool:
        return path.exists() if self.texts is None else self._relative(path) in self.texts

    def _is_dir(self, folder: Path) -> bool:
        if self.texts is None:
            return folder.is_dir()
        prefix = self._relative(folder) + "/"
        return any(name.startswith(prefix) for name in self.texts)

    def _files(self, folder: Path, suffixes: tuple[str, ...], recursive: bool = False) -> list[Path]:
        """Files in memory under ``folder`` ending in one of ``suffixes``, sorted like the disk's."""
        return [self.layout.root / name for name in self._names(folder, suffixes, recursive)]

    def _names(self, folder: Path, suffixes: tuple[str, ...], recursive: bool = False) -> list[str]:
        """The same, as paths relative to the root (a history reads 1,000 of them per revision)."""
        assert self.texts is not None
        prefix = self._relative(folder) + "/"
        return sorted((name for name in self.texts if name.startswith(prefix) and name.endswith(suffixes)
                       and (recursive or "/" not in name[len(prefix):])), key=lambda name: name.split("/"))

    def _read_text(self, path: Path, shown: str) -> str | None:
        if self.texts is None:
            return read_text(path, shown, self.problems)
        text = self.texts[self._relative(path)]
        if len(text) > MAX_FILE_BYTES:
            self.problems.append(Problem(shown, 1, 1, f"the file is {len(text) // 1024} KB, larger "
                                         f"than the {MAX_FILE_BYTES // (1024 * 1024)} MB mentornet reads"))
            return None
        return text.removeprefix("\ufeff")

    def _load(self, path: Path) -> Document | None:
        shown = self.layout.shown(path)
        if self.texts is None:
            document = load_file(path, shown, self.problems)
            if document is not None:
                self.documents.append(document)
            return document
        text = self._read_text(path, shown)
        return None if text is None else self.memo.document(text, shown, self.problems)

    def too_many(self, path: str, kind: str, count: int = 1) -> bool:
        """Whether a file has had :data:`SAME_KIND_SHOWN` problems of this kind already (counting
        ``count`` more): the rest are counted, and summed up in one line (:meth:`_summarise_repeats`)."""
        key = (path, kind)
        count = self.repeated[key] = self.repeated.get(key, 0) + count
        return count > SAME_KIND_SHOWN

    def _summarise_repeats(self) -> None:
        for (path, kind), count in self.repeated.items():
            if count > SAME_KIND_SHOWN:
                last = max((p for p in self.problems if p.file == path and p.message.startswith(kind)),
                           default=Problem(path, 1, 1, ""))
                self.problems.append(Problem(path, last.line, last.column,
                                             f"… and {count - SAME_KIND_SHOWN:,} more of the same kind "
                                             f"({kind}) in this file"))

    def read(self) -> Portfolio | None:
        try:
            return self._read()
        finally:
            self._summarise_repeats()

    def _read(self) -> Portfolio | None:
        leading_out = self.layout.folders_leading_out()
        if leading_out:  # nothing behind such a link is read, let alone published
            self.problems.extend(Problem(name, 1, 1, message) for name, message in leading_out)
            return None
        if not self._is_dir(self.layout.data_dir):
            self.problems.append(Problem(self.layout.shown(self.layout.data_dir), 1, 1,
                                         "no data folder here: is this a mentornet portfolio? "
                                         "`mentornet new DIR` creates one"))
            return None
        profile_doc = self._document("profile.yaml", required=True)
        profile = self._model(profile_doc, Profile, ()) if profile_doc else None
        people = self._people()
        audits = self._list(self._document("audit.yaml"), Audit, "audits")
        plan_doc = self._document("plan.yaml")
        plan = self._model(plan_doc, Plan, ()) if plan_doc and plan_doc.data is not None else Plan()
        reflections_doc = self._document("reflections.yaml")
        reflections = self._reflections(reflections_doc)
        sharing_doc = self._document("sharing.yaml")
        sharing = self._model(sharing_doc, Sharing, ()) if sharing_doc and sharing_doc.data is not None else None
        journal = self._journal()
        if self.texts is None:
            self._check_markers(reflections_doc)
            self._pages()
        portfolio = Portfolio(profile=profile or Profile(name="?"), people=tuple(p for p, _, _ in people),
                              audits=tuple(a for a, _, _ in audits), plan=plan or Plan(),
                              reflections=reflections,
                              journal=journal, sharing=sharing or Sharing())
        references = _References(self, portfolio)
        references.check(profile_doc, plan_doc)
        self.known_ids = references.ids
        return portfolio if profile is not None else None

    def _people(self) -> list[tuple[Person, Document, tuple]]:
        before = len(self.problems)
        document = self._document("people.yaml")
        #: When the people file cannot be read, references to people are not checked:
        #: every one of them would be reported as unknown.
        self.people_unreadable = document is None and len(self.problems) > before
        people = self._list(document, Person, "people")
        folder = self.layout.data_dir / "people"
        if self._is_dir(folder):
            paths = (sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")) if self.texts is None
                     else self._files(folder, (".yaml",)) + self._files(folder, (".yml",)))
            for path in paths:
                if not self._safe(path):
                    continue
                document = self._load(path)
                if document is None:
                    continue
                data = document.data
                stem = path.stem
                if isinstance(data, Mapping) and "id" not in data:
                    data["id"] = stem
                    data.key_marks["id"] = data.mark
                elif isinstance(data, Mapping) and data["id"] != stem:
                    line, column = document.position(("id",))
                    self.problems.append(Problem(document.path, line, column,
                                                 f"id '{data['id']}' differs from the file name: "
                                                 f"rename the file to {data['id']}.yaml or the id to '{stem}'"))
                self.sources.setdefault("people", []).append((document, ()))
                person = self._model(document, Person, ())
                if person:
                    self.origin[id(person)] = (document, ())
                    people.append((person, document, ()))
        return people

    def _journal(self) -> tuple[JournalEntry, ...]:
        if self.journal is not None:
            self.problems.extend(self.journal.problems())
            return self.journal.entries
        folder = self.layout.journal_dir
        entries: list[JournalEntry] = []
        if not self._is_dir(folder):
            if self.texts is None and os.path.lexists(folder):  # a file, or a link leading nowhere
                self.problems.append(Problem(self.layout.shown(folder), 1, 1, _JOURNAL_NOT_A_FOLDER))
            return ()
        if self.texts is None:
            docs_prefix = self.layout.shown(self.layout.content_dir) + "/"
            if (folder / "index.md").exists():
                self.problems.append(Problem(self.layout.shown(folder / "index.md"), 1, 1, _JOURNAL_INDEX))
            found = [self._entry(path, folder, docs_prefix) for path in self._markdown_files(folder)
                     if not (os.path.islink(path) and not self._safe(path))]
        else:
            found = [self._entry_text(name) for name in self._names(folder, (".md",), recursive=True)
                     if not name.endswith("/index.md")]
        for entry, document, problems in found:
            self.problems.extend(problems)
            if document is not None:
                self.sources.setdefault("journal", []).append((document, ()))
                if self.texts is None:
                    self.documents.append(document)
            if entry is not None:
                entries.append(entry)
        return tuple(entries)

    def _entry_text(self, name: str) -> EntryRead:
        """A journal file from memory: the same text at the same place is the same entry, read
        once however many revisions hold it."""
        assert self.texts is not None
        return self.memo.entry((name, self.texts[name]), lambda: self._entry(
            self.layout.root / name, self.layout.journal_dir, self.layout.shown(self.layout.content_dir) + "/"))

    def _entry(self, path: Path, folder: Path, docs_prefix: str
               ) -> tuple[JournalEntry | None, Document | None, tuple[Problem, ...]]:
        """One journal entry, its front matter's document and its problems (no side effects)."""
        shown = self.layout.shown(path)
        outer, self.problems = self.problems, []
        try:
            relative = _relative_to(path, folder)
            if relative.startswith(".") or "/." in relative:
                return None, None, ()  # MkDocs leaves hidden files out of the site; no entries either
            if path.suffix != ".md":
                self.problems.append(Problem(shown, 1, 1, _journal_suffix_problem(path)))
                return None, None, tuple(self.problems)
            if not _JOURNAL_NAME.fullmatch(relative):
                self.problems.append(Problem(shown, 1, 1, _journal_name_problem(path.name)))
                return None, None, tuple(self.problems)
            if generated_page(relative):
                self.problems.append(Problem(shown, 1, 1, f"journal/{relative} is the name of a page mentornet "
                                             "makes itself (the journal's index, its actions page or a listing), "
                                             "so this entry would replace or hide it: rename the file, e.g. to "
                                             f"{Path(relative).stem}-notes.md"))
                return None, None, tuple(self.problems)
            text = self._read_text(path, shown)
            if text is None:
                return None, None, tuple(self.problems)
            text = text.replace("\r\n", "\n").replace("\r", "\n")  # every line ending Markdown knows
            match = FRONT_MATTER.match(text)
            if not match:
                self.problems.append(Problem(shown, 1, 1, "a journal entry starts with front matter: "
                                             "a line `---`, then at least `date: YYYY-MM-DD`, then `---`"))
                return None, None, tuple(self.problems)
            document = self.memo.document(match.group(1) or "", shown, self.problems, line_offset=1)
            if document is None:
                return None, None, tuple(self.problems)
            if not isinstance(document.data, dict):
                self.problems.append(Problem(shown, 2, 1, "the front matter must be a mapping of fields "
                                             "such as `date: 2026-01-31`"))
                return None, None, tuple(self.problems)
            meta = self._model(document, EntryMeta, ())
            body = text[match.end():]
            if self.texts is None:
                before = text.count("\n", 0, match.end())
                self.problems.extend(Problem(shown, before + problem.line, 1, problem.message)
                                     for problem in markers.refusals(body))
            if not meta:
                return None, document, tuple(self.problems)
            src_uri = shown.removeprefix(docs_prefix) if shown.startswith(docs_prefix) \
                else path.relative_to(self.layout.content_dir).as_posix()
            return JournalEntry(meta, src_uri, body), document, tuple(self.problems)
        finally:
            self.problems = outer

    def _markdown_files(self, folder: Path) -> list[Path]:
        """Markdown files under ``folder``, sorted; linked folders leading outside are refused."""
        if self.texts is not None:
            return [path for path in self._files(folder, (".md",), recursive=True) if path.name != "index.md"]
        found = []

        def unreadable(error: OSError) -> None:  # os.walk passes over what it cannot list: say so
            where = self.layout.shown(Path(error.filename)) if error.filename else self.layout.shown(folder)
            self.problems.append(Problem(where, 1, 1, f"cannot read this folder of the journal "
                                         f"({error.strerror}): its entries would be left out; let "
                                         "yourself read it (chmod u+rx) or move it out of the journal"))

        for directory, subfolders, names in os.walk(folder, onerror=unreadable):
            for name in list(subfolders):
                if os.path.islink(os.path.join(directory, name)):
                    if not self._safe(Path(directory, name)):
                        subfolders.remove(name)
            found += [Path(directory, name) for name in names
                      if (name.endswith(".md") or other_markdown(name)) and name != "index.md"]
        return sorted(found)

    def _check_markers(self, reflections: Document | None) -> None:
        """Private markers in the data and the front matter: read exactly, or refused.

        Passages are read in the free-text fields (``MARKER_FIELDS``); a marker anywhere else
        would be shown as text while its author believes it hidden, so it is refused too."""
        for document in self.documents:
            for location, text in _texts(document.data, ()):
                names = [step for step in location if isinstance(step, str)]
                field = names[-1] if names else ""
                stripped, found = markers.strip(text, keep=False)
                if field in MARKER_FIELDS or (document is reflections and len(location) == 1):
                    problems = [(p.line, p.message) for p in found if p.refused]
                elif found or stripped != text:
                    problems = [(1, f"private passages are read only in {', '.join(sorted(MARKER_FIELDS))} and "
                                    "journal entries: give the item `visibility: private`, or move the text "
                                    "into its notes")]
                else:
                    problems = []
                line, column = document.position(location)
                where = _field_path(location)
                for number, message in problems:
                    at = f"{where}, line {number} of its text" if number > 1 else where
                    self.problems.append(Problem(document.path, line, column, f"{at}: {message}"))

    def _pages(self) -> None:
        """The hand-written pages, checked as a build checks them, so ``mentornet check`` says
        what the build would refuse: front matter that cannot say who may see the page
        (:mod:`mentornet.audience.pages`), unreadable markers, and Markdown an engine would
        copy as it is (``notes.MD``), front matter and all."""
        from mentornet.audience.pages import docs_folder_problems, page_problems

        if self.layout.docs_dir.is_dir():  # published as it is by any engine: only what anyone may read
            self.problems.extend(Problem(shown, line, 1, message)
                                 for shown, line, message in docs_folder_problems(self.layout))
        content, journal = self.layout.content_dir, self.layout.journal_dir
        if not content.is_dir():
            return
        for directory, subfolders, names in os.walk(content):
            if Path(directory) == journal:
                subfolders.clear()  # the journal's own rule: _journal
                continue
            subfolders[:] = [name for name in subfolders if not name.startswith(".")
                             and self.layout.contains(Path(directory, name))]
            for name in names:
                path = Path(directory, name)
                if name.startswith(".") or not self.layout.contains(path):
                    continue  # hidden files are no pages; the site's tree refuses links leading out
                shown = self.layout.shown(path)
                if other_markdown(name):
                    self.problems.append(Problem(shown, 1, 1, _page_suffix_problem(path)))
                elif name.endswith(".md"):
                    text = read_text(path, shown, self.problems)
                    if text is not None:
                        self.problems.extend(Problem(shown, line, 1, message)
                                             for line, message in page_problems(text, "public")[1])

    def _reflections(self, document: Document | None) -> dict[str, Reflection]:
        answers: dict[str, Reflection] = {}
        if document is None or document.data is None:
            return answers
        if not isinstance(document.data, dict):
            self._problem(document, (), "expected a mapping of prompt ids to your answers, "
                          "e.g. `first-step: Ask Ada for coffee`")
            return answers
        for prompt_id, answer in document.data.items():
            if prompt_id not in v.PROMPTS_BY_ID:
                self._problem(document, (prompt_id,), f"unknown reflection prompt '{prompt_id}'"
                              + did_you_mean(prompt_id, v.PROMPTS_BY_ID,
                                             f"; the prompts are: {one_of(v.PROMPTS_BY_ID)}"))
                continue
            data = {"answer": answer} if isinstance(answer, str) else answer
            if answer is None:
                continue
            reflection = self._model(document, Reflection, (prompt_id,), data)
            if reflection:
                answers[str(prompt_id)] = reflection
        return answers

    # -- validation -----------------------------------------------------------------

    def _list(self, document: Document | None, model: type[BaseModel], what: str) -> list:
        """Validate a top-level list item by item, so one bad item hides nothing else."""
        if document is None or document.data is None:
            return []
        if not isinstance(document.data, list):
            self._problem(document, (), f"expected a list of {what}, each starting with `- `")
            return []
        items = []
        for index, data in enumerate(document.data):
            self.sources.setdefault(what, []).append((document, (index,)))
            item = self._model(document, model, (index,), data)
            if item is not None:
                self.origin[id(item)] = (document, (index,))
                items.append((item, document, (index,)))
        return items

    def _model(self, document: Document, model: type[BaseModel], prefix: tuple,
               data: Any = ...) -> Any:
        data = document.data if data is ... else data
        if data is None and not prefix:
            data = {}
        try:
            return self.memo.model(model, data, lambda: model.model_validate(data))
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                location = prefix + tuple(detail["loc"])
                message = _message(model, detail, prefix)
                if message:
                    self._problem(document, location, message)
            return None

    def _problem(self, document: Document, location: tuple, message: Text) -> None:
        line, column = document.position(location)
        self.problems.append(Problem(document.path, line, column, message))


# -- messages ------------------------------------------------------------------------

#: A journal file's path below content/journal/ becomes its web address: letters (any
#: script), digits, '-', '_' and '.', in folders named the same way; no spaces, '%', '#', '?'
#: or leading dots, which break links or (decoded by MkDocs) lead out of the folder.
_JOURNAL_NOT_A_FOLDER = ("the journal is a folder of Markdown entries, and this is not a folder (a file, or "
                         "a link leading nowhere): move it away, and `mentornet log` makes the folder")
_JOURNAL_INDEX = ("the journal's index page is made by mentornet from the entries, and this file would "
                  "replace it: move what it says into a page outside the journal (e.g. content/journal-notes.md) "
                  "or into an entry")
_SLUG = re.compile(SLUG_PATTERN)
_JOURNAL_NAME = re.compile(r"(?:[^\W_][\w.-]*/)*[^\W_][\w.-]*\.md")


def _relative_to(path: Path, folder: Path) -> str:
    """``path.relative_to(folder).as_posix()`` by string operations where ``path`` is inside
    ``folder`` (pathlib's took a tenth of reading an entry, 5,000 of them in a history)."""
    text, prefix = os.fspath(path), os.path.join(os.fspath(folder), "")
    if text.startswith(prefix) and len(text) > len(prefix):
        text = text[len(prefix):]
        return text.replace(os.sep, "/") if os.sep != "/" else text
    return path.relative_to(folder).as_posix()


def _texts(data: Any, location: tuple) -> Iterator[tuple[tuple, str]]:
    """Every text in parsed YAML that holds an HTML comment, with where it is."""
    if isinstance(data, str):
        if "<!" in data:
            yield location, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, location + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, location + (index,))


def _journal_suffix_problem(path: Path) -> str:
    return (f"rename this file to '{path.stem}.md': journal entries end in '.md' (MkDocs would publish a "
            f"'{path.suffix}' file unchecked, as it is or as a page every audience sees)")


def _page_suffix_problem(path: Path) -> str:
    return (f"rename this file to '{path.stem}.md': MkDocs copies a '{path.suffix}' file into the site as it "
            "is, front matter and all, whatever visibility it declares")


def _journal_name_problem(name: str) -> str:
    stem = name.removesuffix(".md")
    suggestion = re.sub(r"[\W_]+", "-", stem).strip("-") or "entry"
    return (f"rename this file: a journal entry's file name becomes its web address, so it may use "
            f"letters, digits, '-', '_' and '.' (no spaces, '%', '#', '?', or a leading '.' or '_'); "
            f"for example '{suggestion}.md'")



def _field_path(location: Iterable[Any]) -> str:
    text = ""
    for step in location:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _model_at(model: type[BaseModel], location: tuple) -> type[BaseModel] | None:
    """The model class that holds the value at ``location``, for naming its fields."""
    current: Any = model
    for step in location:
        if isinstance(step, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(step)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "someone"


_TYPE_NAMES = {str: "text", int: "a number", float: "a number", bool: "true or false",
               list: "a list", dict: "a mapping", type(None): "nothing"}


def _kind_of(value: Any) -> str:
    for kind, name in _TYPE_NAMES.items():
        if type(value) is kind or (kind in (list, dict) and isinstance(value, kind)):
            return name
    return type(value).__name__


def _terms_of(name: str) -> tuple[str, tuple[str, ...]] | None:
    """What a field's terms are called and which they are, for fields with a vocabulary."""
    if name == "needs":
        return "need", v.need_ids()
    vocabulary = FIELD_VOCABULARIES.get(name)
    return (name, vocabulary.ids) if vocabulary else None


def _not_a_list(name: str, where: str, value: Any) -> str:
    """A list field given one value (``support: carreer``): say how to write the list, with the
    terms corrected where a term was meant; a misspelt term is never offered as the example."""
    terms = _terms_of(name)
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        example = f" (for example `{name}: [{terms[1][0]}]`)" if terms else ""
        return f"{where}: expected a list{example}, got {_kind_of(value)}"
    if terms is None:
        return f"{where}: expected a list: write `{name}: [{_yaml_text(str(value))}]`"
    label, allowed = terms
    words = [word.strip() for word in str(value).split(",") if word.strip()]
    fixed, wrong = [], []
    for word in words:
        if word in allowed:
            fixed.append(word)
            continue
        close = difflib.get_close_matches(word, allowed, n=1, cutoff=0.6)
        wrong.append(f"'{word}' is not a {label} term" + (f" — did you mean '{close[0]}'?" if close else ""))
        fixed.append(close[0] if close else "")
    if not wrong:
        return f"{where}: write it as a list: `{name}: [{', '.join(fixed)}]`"
    if all(fixed):
        return f"{where}: {'; '.join(wrong)} Write it as a list: `{name}: [{', '.join(fixed)}]`"
    return (f"{where}: {'; '.join(wrong)}; expected a list of {one_of(allowed)}, "
            f"for example `{name}: [{allowed[0]}]`")


def exchange_problem(value: Any, field: str) -> Text | None:
    """What is wrong with one item of ``received:`` or ``gave:``, in ``check``'s words, with
    ``field`` for where it was given (``mentornet log --received``); None when nothing is."""
    try:
        parse_exchange(value)
    except PydanticCustomError as error:
        return _message(EntryMeta, {"loc": (field,), "type": error.type, "input": value,
                                    "ctx": error.context or {}, "msg": error.message()}, ())
    return None


def _message(model: type[BaseModel], detail: dict[str, Any], prefix: tuple) -> Text:
    location = tuple(detail["loc"])
    kind = detail["type"]
    value = detail.get("input")
    names = [step for step in location if isinstance(step, str)]
    name = names[-1] if names else ""
    where = _field_path(location)
    if kind == "missing":
        return f"missing required field '{name}'"
    if kind == "extra_forbidden":
        owner = _model_at(model, location[:-1])
        allowed = list(owner.model_fields) if owner else []
        return f"unknown field '{name}'" + did_you_mean(
            name, allowed, f"; the fields are: {one_of(allowed)}" if allowed else "")
    if kind == "literal_error":
        if name in ("needs",):
            allowed = v.need_ids()
            label = "need"
        else:
            vocabulary = FIELD_VOCABULARIES.get(name)
            allowed = vocabulary.ids if vocabulary else tuple(
                re.findall(r"'([^']*)'", str(detail.get("ctx", {}).get("expected", ""))))
            label = name
        return (f"{where}: '{value}' is not a {label} term; expected one of {one_of(allowed)}"
                + did_you_mean(value, allowed))
    if kind == "string_pattern_mismatch":
        if name == "social_system" and isinstance(value, str):
            return ""  # one message for it: _References._system's, with the nearest term and how to declare one
        if detail.get("ctx", {}).get("pattern") == SLUG_PATTERN:
            return (f"{where}: '{value}' is not a valid id: use lowercase letters, digits and '-', "
                    f"with no spaces or '/' (for example '{_slugify(value)}')")
    if kind in ("bool_parsing", "bool_type"):
        if isinstance(value, str) and value.strip().lower() in ("yes", "no", "on", "off", "y", "n"):
            meant = "true" if value.strip().lower() in ("yes", "on", "y") else "false"
            return (f"{where}: '{value}' is text, not true or false (mentornet reads YAML 1.2, where only "
                    f"true and false are booleans): write `{name}: {meant}`")
        return f"{where}: expected true or false, got {value!r}"
    if kind in ("tuple_type", "list_type"):
        inner = _model_at(model, location)
        if inner is not None and isinstance(value, str):
            first = next(iter(inner.model_fields))
            return f"{where}: expected a list of mappings, for example `{name}: [{{{first}: {_yaml_text(value)}}}]`"
        return _not_a_list(name, where, value)
    if kind == "string_type":
        return f"{where}: expected text, got {_kind_of(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{where or 'this item'}: expected a mapping of fields (`key: value`), got {_kind_of(value)}"
    if kind == "too_long" and isinstance(value, (list, tuple)):
        return f"{where}: at most {detail['ctx']['max_length']} items, got {len(value)}"
    if kind == "string_too_short":
        return f"{where}: must not be empty"
    if kind == "exchange_type":
        if isinstance(value, dict) and len(value) == 1:  # `- career: …` unquoted: YAML made it a mapping
            key, text = next(iter(value.items()))
            return (f"{where}: expected text, got a mapping: put the item in quotes, "
                    f"`- {json.dumps(f'{key}: {text}', ensure_ascii=False)}`")
        return f"{where}: expected text, got {_kind_of(value)}"
    if kind == "unknown_exchange_kind":
        word = str(detail.get("ctx", {}).get("kind", ""))
        return (f"{where}: '{word}' is not a kind of support; expected one of {one_of(v.SUPPORT.ids)}, "
                "or text with no kind" + did_you_mean(word.casefold(), v.SUPPORT.ids))
    if kind in ("bad_date", "impossible_date", "bad_cadence", "bad_url"):
        return f"{where}: {detail['msg']}"
    return f"{where}: {detail['msg']}" if where else detail["msg"]


def _nearest_term(text: str, vocabulary: v.Vocabulary) -> v.Term | None:
    """The term free text most likely means: the one whose label or description uses its
    words ('Royal Society of Chemistry' → the term for "societies, associations and networks
    of your field")."""

    def stems(words: str) -> set[str]:
        return {word[:5] for word in re.findall(r"[a-z]{4,}", words.lower())}

    wanted = stems(text)
    scored = [(len(wanted & stems(f"{term.label} {term.help}")), index, term)
              for index, term in enumerate(vocabulary.terms)]
    best = max(scored, key=lambda found: (found[0], -found[1]), default=None)
    return best[2] if best and best[0] else None


def _yaml_text(text: str) -> str:
    """``text`` as a YAML value: quoted when it holds anything YAML would read otherwise."""
    return json.dumps(text, ensure_ascii=False) if re.search(r"[:#{}\[\],&*!|>'\"%@`]", text) else text


def _unknown_system(system: str, systems: v.Vocabulary, declared_some: bool) -> str:
    """One message for a social system mentornet does not know: the nearest known one, and how
    to declare the value as one of your own (an id to write here, a label to show)."""
    slug = _slugify(system)
    label = system if slug != system else system.replace("-", " ").capitalize()
    message = f"social_system: '{system}' is not a known social system"
    misspelt = did_you_mean(system, systems.ids)
    if misspelt:
        return (f"{message}{misspelt} (or declare a system of your own under `social_systems:` in "
                "profile.yaml, with an id and a label)")
    near = _nearest_term(system, systems)
    if near is not None:
        help = near.help.rstrip('.')
        message += f" — did you mean '{near.id}' ({near.label}{': ' + help[:1].lower() + help[1:] if help else ''})?"
    else:
        message += f" (the known ones: {one_of(systems.ids)})."
    entry = f"{{id: {slug}, label: {_yaml_text(label)}}}"
    declare = (f"add `- {entry}` under `social_systems:` in profile.yaml" if declared_some
               else f"add `social_systems: [{entry}]` to profile.yaml")
    return f"{message} To keep a system of your own, {declare} and write `social_system: {slug}` here"


# -- references between files ---------------------------------------------------------


class _References:
    """Checks across files: unique ids, and references to people.

    They read the raw documents rather than the validated models, so a person with a
    typo in one field still counts as known, and a bad entry still has its people checked.
    """

    def __init__(self, reader: _Reader, portfolio: Portfolio | None, ids: typing.Sequence[str] | None = None):
        """``ids``: the people's ids, known from an earlier read of the same data (see
        :func:`join`); the checks of the journal alone are then all that can run."""
        self.reader = reader
        self.portfolio = portfolio
        self.given_ids = ids
        self.people = list(self._items("people")) if ids is None else []  # read three times below: found once
        self.ids = [data["id"] for _, _, data in self.people if isinstance(data.get("id"), str)] \
            if ids is None else list(ids)
        # a person whose id is not valid is reported once, at the id: references to it, or to the
        # id it should be, are no further problems, and an invalid id is never suggested as a fix
        invalid = [person_id for person_id in self.ids if not _SLUG.fullmatch(person_id)]
        self.known = set(self.ids) | {_slugify(person_id) for person_id in invalid}
        self.suggested = [person_id for person_id in self.ids if _SLUG.fullmatch(person_id)] if invalid \
            else self.ids
        #: Items found clean in an earlier load with the same people and social systems (a
        #: memo's): they are not checked again. Holding each item keeps its id unique.
        self.clean = reader.memo.clean_items((frozenset(self.known), portfolio.social_systems.ids,
                                              reader.people_unreadable)) if portfolio is not None else None

    def _checked(self, check: typing.Callable[..., None], document: Document, location: tuple, data: dict,
                 *args: Any) -> None:
        """``check`` an item unless it was found clean before; remember it if it is."""
        if self.clean is not None and self.clean.get(id(data)) is data:
            return
        before = len(self.reader.problems)
        check(document, location, data, *args)
        if self.clean is not None and len(self.reader.problems) == before:
            self.clean[id(data)] = data

    def _items(self, kind: str) -> Iterator[tuple[Document, tuple, dict]]:
        for document, location in self.reader.sources.get(kind, ()):
            data = _at(document.data, location)
            if isinstance(data, dict):
                yield document, location, data

    def _unknown(self, document: Document, location: tuple, person_id: Any, field: str) -> None:
        if not isinstance(person_id, str) or person_id in self.known or self.reader.people_unreadable:
            return
        if self.reader.too_many(document.path, f"{field}: unknown person"):
            return  # counted: thousands of the same mistake are summed up in one line
        self.reader._problem(document, location, f"{field}: unknown person '{person_id}'"
                             + did_you_mean(person_id, self.suggested, " — add them to people.yaml or fix the id"))

    def _references(self, document: Document, location: tuple, data: dict, field: str) -> None:
        values = data.get(field)
        if isinstance(values, str):
            self._unknown(document, location + (field,), values, field)
        elif isinstance(values, list) and not self.reader.people_unreadable:
            known = self.known
            missing = [index for index, person_id in enumerate(values)
                       if isinstance(person_id, str) and person_id not in known]
            for index in missing[:SAME_KIND_SHOWN + 1]:
                self._unknown(document, location + (field, index), values[index], field)
            self.reader.too_many(document.path, f"{field}: unknown person", max(0, len(missing) - SAME_KIND_SHOWN - 1))

    def _unique(self, items: Iterable[tuple[Document, tuple, dict]], what: str) -> None:
        seen: dict[str, tuple[Document, tuple]] = {}
        for document, location, data in items:
            item_id = data.get("id")
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                first_doc, first_location = seen[item_id]
                line, _ = first_doc.position(first_location)
                self.reader._problem(document, location + ("id",),
                                     f"duplicate {what} id '{item_id}' (also in {first_doc.path} "
                                     f"on line {line}): ids must be unique")
            else:
                seen[item_id] = (document, location + ("id",))

    def _system(self, document: Document, location: tuple, data: dict) -> None:
        system = data.get("social_system")
        systems = self.portfolio.social_systems
        if isinstance(system, str) and system not in systems:
            self.reader._problem(document, location + ("social_system",),
                                 _unknown_system(system, systems, bool(self.portfolio.profile.social_systems)))

    def _person(self, document: Document, location: tuple, data: dict) -> None:
        self._references(document, location, data, "knows")
        if data.get("id") in (data.get("knows") or ()) and isinstance(data.get("knows"), list):
            index = data["knows"].index(data["id"])
            self.reader._problem(document, location + ("knows", index),
                                 "knows: a person cannot be tied to themselves")
        self._system(document, location, data)

    def _period(self, document: Document, location: tuple, person: Person) -> None:
        if person.since and person.until and person.until < person.since:
            self.reader._problem(document, location + ("until",),
                                 f"until: {person.until} is before since ({person.since})")

    def check(self, profile_doc: Document | None, plan_doc: Document | None) -> None:
        self._unique(self.people, "person")
        for document, location, data in self.people:
            self._checked(self._person, document, location, data)
        for person in self.portfolio.people:
            if person.since and person.until:
                self._period(*self.reader.origin[id(person)], person)
        if profile_doc is not None and isinstance(profile_doc.data, dict):
            self._system(profile_doc, (), profile_doc.data)
            goals = profile_doc.data.get("goals")
            if isinstance(goals, list):
                self._unique(((profile_doc, ("goals", i), g) for i, g in enumerate(goals)
                              if isinstance(g, dict)), "goal")
        for document, location, data in self._items("audits"):
            self._checked(self._references, document, location, data, "core")
        self.check_journal()
        if plan_doc is not None and isinstance(plan_doc.data, dict):
            for field, what in (("activities", "activity"), ("prospects", "prospect")):
                items = plan_doc.data.get(field)
                if isinstance(items, list):
                    self._unique(((plan_doc, (field, i), item) for i, item in enumerate(items)
                                  if isinstance(item, dict)), what)
            prospects = plan_doc.data.get("prospects")
            for index, data in enumerate(prospects if isinstance(prospects, list) else ()):
                if isinstance(data, dict):
                    self._references(plan_doc, ("prospects", index), data, "via")
                    self._system(plan_doc, ("prospects", index), data)
                    if data.get("id") in self.known:
                        self.reader._problem(plan_doc, ("prospects", index, "id"),
                                             f"prospect '{data['id']}' is already in your network: "
                                             "remove the prospect, or give it another id")

    def check_journal(self) -> None:
        """Every person a journal entry names is in people.yaml (with a journal part, only the
        entries naming someone unknown are looked at: the others cannot be at fault)."""
        part = self.reader.journal
        if part is not None and isinstance(self.given_ids, tuple) and not self.reader.people_unreadable:
            for document in part.naming_unknown(self.known):
                if isinstance(document.data, dict):
                    self._references_as_before(part, document, self.given_ids)
            return
        journal = self._items("journal") if part is None else (
            (document, (), document.data) for document in part.naming_unknown(self.known)
            if isinstance(document.data, dict))
        for document, location, data in journal:
            self._checked(self._references, document, location, data, "people")

    def _references_as_before(self, part: JournalPart, document: Document, ids: tuple[str, ...]) -> None:
        """:meth:`_references` of a journal entry, or what it gave when last checked against
        the same ids (its problems depend on nothing else: each file counts its own)."""
        kind = (document.path, "people: unknown person")
        found = part.references.get(id(document))
        if found is not None and found[0] is document and found[1] is ids:
            self.reader.problems.extend(found[2])
            if found[3]:
                self.reader.repeated[kind] = self.reader.repeated.get(kind, 0) + found[3]
            return
        before, counted = len(self.reader.problems), self.reader.repeated.get(kind, 0)
        self._references(document, (), document.data, "people")
        part.references[id(document)] = (document, ids, tuple(self.reader.problems[before:]),
                                         self.reader.repeated.get(kind, 0) - counted)


def _at(data: Any, location: tuple) -> Any:
    for step in location:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data
