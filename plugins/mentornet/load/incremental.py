"""Reading many revisions of a portfolio cheaply: the loader's speed machinery, beside its
rules (:mod:`.portfolio`).

The history reads revision after revision, and each differs from the one before in what its
commit changed: its data files are read once for all the revisions that share them
(:func:`read_data`), people.yaml item by item when a commit changed a few people
(:func:`people_edited`), and the journal is one :class:`JournalPart` brought from revision
to revision with the files each commit changed (:func:`join` puts them together). Each gives
what a whole read of the revision's files gives, problems included (``tests/history/test_history.py``
checks every revision against a whole read).
"""

from __future__ import annotations

import dataclasses
import typing
from bisect import bisect_left
from dataclasses import dataclass

from mentornet.core.collector import collector_paused
from mentornet.core.identity import IdentityMap
from mentornet.core.layout import Layout
from mentornet.core.model import JournalEntry, Person, Portfolio
from mentornet.core.problems import Problem
from mentornet.core.yamldata import Yaml
from mentornet.load.memo import Memo
from mentornet.load.portfolio import EntryRead, _Reader
from mentornet.load.references import References
from mentornet.load.yamlsource import Document


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
                  middle: typing.Sequence["int | tuple[Document, tuple, Yaml]"], end: int,
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
    made: IdentityMap[tuple[Document, tuple, Yaml], Person] = IdentityMap()
    for item in fresh:
        person = reader._model(item[0], Person, item[1], item[2])
        if person is None:  # it does not validate
            return None
        made[item] = person
    if reader.problems:
        return None
    rest = len(data.ids) - end
    people = before.people[:start] + tuple(before.people[item] if isinstance(item, int) else made[item]
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
    references = References(checks, portfolio, ids)
    for item in fresh:
        references._person(*item)
        references._period(item[0], item[1], made[item])
    return None if checks.problems else DataRead(portfolio, (), ids, False, False)


def join(layout: Layout, data: DataRead, journal: "JournalPart") -> tuple[Portfolio | None, list[Problem]]:
    """A revision's data with its journal: the portfolio, and the problems of both and of the
    journal's references to people."""
    if data.stopped:
        return None, list(data.problems)
    reader = _Reader(layout, {}, journal=journal)
    reader.people_unreadable = data.people_unreadable
    reader.problems.extend(journal.problems())
    References(reader, None, data.ids).check_journal()
    reader._summarise_repeats()
    portfolio = dataclasses.replace(data.portfolio, journal=journal.entries) if data.portfolio is not None else None
    return portfolio, list(data.problems) + reader.problems


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
        self.references: IdentityMap[Document, tuple[tuple[str, ...], tuple[Problem, ...], int]] = IdentityMap()

    def update(self, changes: typing.Mapping[str, "EntryRead | None"]) -> None:
        """Files read again (``name`` → what reading it gave) or deleted (``name`` → None)."""
        for name, read in changes.items():
            old = self.found.pop(name, None)
            if old is None and read is None:
                continue
            if old is not None and old[1] is not None:
                self.references.pop(old[1])
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
            listed = tuple(filter(None, self.listed)) if self.invalid else tuple(self.listed)
            self._entries = typing.cast(tuple[JournalEntry, ...], listed)
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
