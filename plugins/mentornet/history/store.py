"""The revision store: every revision's network, pickled between builds, each distinct item
(a person, a journal entry's front matter, a list of people) stored once across revisions.

The store holds pickled portfolios; like ``mkdocs.yml`` hooks, it is trusted as part of the
project folder (it lives under the project's ``.cache``, which must not be committed).
"""

from __future__ import annotations

import operator
from dataclasses import replace
from itertools import compress, count, repeat
from pathlib import Path
from typing import Callable, Iterable, Optional, TypeVar, Union, cast

from mentornet.audience.gate import common_ends
from mentornet.core import caching
from mentornet.core.identity import IdentityMap
from mentornet.core.model import JournalEntry, Portfolio

#: What the cached revisions are made by (see :data:`mentornet.core.caching.PARSING_MODULES`).
PARSING_MODULES = caching.PARSING_MODULES

T = TypeVar("T")
#: What the store keeps of a revision: ("ok", its :func:`network` as :func:`entry_of` gives it),
#: or ("error", why it does not load).
Stored = tuple[str, Union[tuple, str]]


class RevisionCache:
    """Portfolios by the blob ids of their files: the store ``revisions`` of
    :data:`mentornet.core.caching.STORES`, read when a revision is first asked for (a rebuild
    of ``mkdocs serve`` may need none)."""

    def __init__(self, cache_dir: Optional[Path]):
        self.path = caching.STORES["revisions"].path(cache_dir)
        self._entries: Optional[dict[str, Stored]] = None
        self.used: set[str] = set()
        self.dirty = False

    @property
    def entries(self) -> dict[str, Stored]:
        if self._entries is None:
            loaded = caching.read_pickle(self.path) if self.path is not None else None
            self._entries = loaded if isinstance(loaded, dict) else {}
        return self._entries

    def get(self, key: str) -> Optional[Stored]:
        found = self.entries.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, key: str, value: Stored) -> None:
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
            caching.write_pickle(self.path, kept)
        except OSError:
            pass  # an unwritable cache makes the next build slower, not wrong


def portfolio_of(entry: tuple) -> Portfolio:
    profile, people, audits, plan, reflections, journal = entry
    return Portfolio(profile=profile, people=people, audits=audits, plan=plan,
                     reflections=dict(reflections), journal=journal)


def entry_of(portfolio: Portfolio) -> tuple:
    return (portfolio.profile, portfolio.people, portfolio.audits, portfolio.plan,
            portfolio.reflections, portfolio.journal)


def network(portfolio: Portfolio) -> Portfolio:
    """What the history keeps of a revision: the network, and each journal entry's front
    matter without its text (the history counts entries; it never shows them): kept whole,
    the cache would be many times the size of the repository."""
    if all(not entry.body for entry in portfolio.journal):
        return portfolio
    return portfolio_of(entry_of(portfolio)[:5] + (tuple(_without_text(e) for e in portfolio.journal),))


def _without_text(entry: JournalEntry) -> JournalEntry:
    return replace(entry, body="") if entry.body else entry


class Shared:
    """One object for each distinct item (a person, an entry without its text, a list of
    people...) across revisions and builds, so a pickle of many revisions stores each once:
    what changed between two revisions, and a reference to the rest.

    Items are told apart by their type and ``repr`` (every field, exactly), lists by the
    (shared, so held) items in them; an object met before is found by identity
    (:class:`~mentornet.core.identity.IdentityMap`). The revisions read back from the cache are
    indexed when a new one is first stored.
    """

    def __init__(self, kept: Callable[[], Iterable[tuple]]):
        self._kept = kept
        #: (type, repr) or the ids of a list's items → the shared object (of any kind: a person, a plan, a tuple...)
        self._by_content: Optional[dict[tuple, object]] = None
        #: an object met before → its shared twin
        self._by_id: IdentityMap[object, object] = IdentityMap()
        self._last_journal: Optional[tuple[tuple, tuple]] = None

    def _ready(self) -> dict[tuple, object]:
        if self._by_content is None:
            self._by_content = {}
            for entry in self._kept():
                self._entry(entry)
        return self._by_content

    def entry(self, portfolio: Portfolio) -> tuple:
        """The revision's :func:`network`, made of shared items; its journal entries are the
        shared ones :meth:`stub` gave."""
        self._ready()
        return self._entry(entry_of(portfolio), journal_shared=True)

    def _entry(self, entry: tuple, journal_shared: bool = False) -> tuple:
        profile, people, audits, plan, reflections, journal = entry
        pairs = reflections.items() if isinstance(reflections, dict) else reflections
        assert self._by_content is not None
        reflected = tuple((key, self._item(value)) for key, value in sorted(pairs))
        # keys name shared items by id: each is held by ``_by_content`` (see mentornet.core.identity)
        reflected = self._one(("pairs", tuple((k, id(v)) for k, v in reflected)), reflected)
        if journal_shared:
            return (self._item(profile), self._items(people), self._items(audits), self._item(plan), reflected,
                    self._journal(journal))
        return (self._item(profile), self._items(people), self._items(audits), self._item(plan), reflected,
                self._kept_journal(journal))

    def _kept_journal(self, journal: tuple) -> tuple:
        """The shared twin of a journal read back from the cache: itself, mostly, found by
        looking only at the entries its base lacks, not at every entry of every revision."""
        found = self._twin(journal)
        if found is not None:
            return found
        fresh: tuple = journal
        if isinstance(journal, Journal) and journal.base is not None \
                and self._kept_journal(journal.base) is journal.base:
            fresh = journal[journal.start:len(journal) - journal.end]
        if all(map(operator.is_, map(self.stub, fresh), fresh)):
            shared = journal
        else:
            shared = self._list(tuple(map(self.stub, journal)))
        self._by_id[journal] = shared
        return shared

    def _journal(self, journal: tuple) -> tuple:
        """The :class:`Journal` of these shared entries, following the last revision's; that
        one when it is the same (a commit that changed only the data). Not looked up by its
        entries (thousands, in every revision): a journal as it was before (a commit undone)
        is one more, and pickles as little more than the one before it."""
        last = self._last_journal
        if last is None or last[0] is not journal:
            last = self._last_journal = (journal, Journal.after(journal, last[1] if last else None))
        return last[1]

    def stub(self, entry: JournalEntry) -> JournalEntry:
        """The shared journal entry without its text."""
        found = self._twin(entry)
        if found is not None:
            return found
        self._ready()
        meta = self._item(entry.meta)
        made = entry if not entry.body and meta is entry.meta else replace(_without_text(entry), meta=meta)
        # told apart by its (shared) front matter and its address: no need to spell it all out again
        shared = self._one(("JournalEntry", id(meta), made.src_uri), made)
        if made is entry:  # one already (read back from the cache): known by its id from now on
            self._by_id[entry] = shared
        return shared

    def _items(self, items: tuple) -> tuple:
        """The shared tuple of these items; the same tuple again (people.yaml unchanged) at once."""
        found = self._twin(items)
        if found is not None:
            return found
        # most items are shared already: found without a call each
        kept = self._by_id.get_many(items)
        for at in list(compress(count(), map(operator.is_, kept, repeat(None)))):
            kept[at] = self._item(items[at])
        shared = self._list(tuple(kept))
        self._by_id[items] = shared
        return shared

    def _list(self, shared: tuple) -> tuple:
        """The one tuple of these (shared) items: unchanged people between two revisions are
        one reference."""
        return self._one(("tuple", tuple(map(id, shared))), shared)

    def _item(self, item: T) -> T:
        found = self._twin(item)
        if found is not None:
            return found
        shared = self._one((type(item).__name__, repr(item)), item)
        self._by_id[item] = shared
        return shared


    def _twin(self, item: T) -> Optional[T]:
        """The shared twin of an object met before (of its type: equal to it), or None."""
        return cast(Optional[T], self._by_id.get(item))

    def _one(self, key: tuple, item: T) -> T:
        """The shared object for ``key``, ``item`` when it is the first: its key names its type."""
        assert self._by_content is not None
        return cast(T, self._by_content.setdefault(key, item))

class Journal(tuple):
    """A revision's journal that pickles as the journal of a revision before it and what
    changed since, instead of a reference to every entry in every revision, written twice
    (the revisions, the site's history). It is a tuple like any other, equal to one with the
    same entries."""

    #: A chain this long starts again whole: a pickle follows it by recursion.
    LONGEST = 40

    @classmethod
    def after(cls, entries: tuple, before: Optional[tuple]) -> "Journal":
        """``entries``, remembered as ``before`` (when that is one) and what changed."""
        journal = cls(entries)
        if isinstance(before, Journal) and before.depth < cls.LONGEST:
            start, end = common_ends(before, journal)
            if start or end:
                journal.base, journal.start, journal.end, journal.depth = before, start, end, before.depth + 1
        return journal

    base: Optional["Journal"] = None
    start = end = depth = 0

    def __reduce__(self) -> tuple:
        if self.base is None:
            return Journal, (tuple(self),)
        return _journal_after, (self.base, self.start, tuple(self[self.start:len(self) - self.end]), self.end)


def _journal_after(base: Journal, start: int, middle: tuple, end: int) -> Journal:
    """A :class:`Journal` unpickled: what its base holds at the start and the end, and between them ``middle``."""
    journal = Journal(base[:start] + middle + base[len(base) - end:])
    journal.base, journal.start, journal.end, journal.depth = base, start, end, base.depth + 1
    return journal
