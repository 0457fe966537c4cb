"""The speed machinery of the history's comparisons, beside their rules (:mod:`.changes`).

Revisions share what did not change (the reader passes on the very same objects: a person,
the tuple of people when people.yaml did not change, the journal's entries), so who changed
between two snapshots is found by identity, at C speed, instead of by comparing every person
of every snapshot; and a :class:`Memo` keeps, between the rebuilds of ``mkdocs serve``, the
changes and measures of the portfolios that did not change.
"""

from __future__ import annotations

import operator
from itertools import compress
from typing import Callable, Iterable, Optional, TypeVar, cast

from mentornet.audience.gate import common_ends
from mentornet.core.identity import IdentityMap
from mentornet.core.model import Person, Portfolio

T = TypeVar("T")
#: What :class:`Memo` keeps: the name of what made it, the portfolios it was made of, the value.
Made = tuple[str, tuple, object]


def active_people(portfolio: Optional[Portfolio]) -> dict[str, Person]:
    if portfolio is None:
        return {}
    people = portfolio.active_people
    return dict(zip(map(_ID, people), people))


_SRC_URI, _ID, _KNOWS = map(operator.attrgetter, ("src_uri", "id", "knows"))


#: People changed in place between two snapshots, up to which their active people are
#: worked out from the snapshot before's.
_FEW = 8


def active_after(before: Optional[Portfolio], active: dict[str, Person], after: Portfolio) -> dict[str, Person]:
    """The active people of ``after``, from those of ``before`` (``active``) when a few people
    changed in place and none joined or left, instead of looking at every person of every
    snapshot."""
    if before is None:
        return active_people(after)
    if after.people is before.people:  # revisions share the people tuple when people.yaml did not change
        return active
    start, end = common_ends(before.people, after.people)
    old, new = before.people[start:len(before.people) - end], after.people[start:len(after.people) - end]
    if len(old) != len(new) or len(new) > _FEW or any(
            a.id != b.id or a.active != b.active for a, b in zip(old, new)):
        return active_people(after)
    found = dict(active)  # in the same order: each changed person keeps their place
    found.update((person.id, person) for person in new if person.active)
    return found


def entries_apart(before: tuple, after: tuple) -> tuple[set[str], set[str]]:
    """The addresses of the entries of two journals, but for those at their start and their end
    that are the very same objects (an address is a file's: one entry each in a journal, so
    those are in both, and neither added nor removed)."""
    start, end = common_ends(before, after)
    return (set(map(_SRC_URI, before[start:len(before) - end])), set(map(_SRC_URI, after[start:len(after) - end])))


def tie_changes(touched: set[str], joined: set[str], left: set[str], old: dict[str, Person],
                 new: dict[str, Person]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The ties that appeared and went between two snapshots.

    A tie can only change where a person changed, joined or left: people who did not are the
    very same objects in both snapshots. So only the pairs those people name, and for people
    who joined or left the pairs that name them, are looked at, not every snapshot's whole
    set of ties.
    """
    pairs: set[tuple[str, str]] = set()
    for person_id in touched:
        for side in (old, new):
            if person_id in side:
                pairs.update((person_id, other) for other in side[person_id].knows)
    for ids, side in ((joined, new), (left, old)):
        if ids:
            people = side.values()
            for person in compress(people, map(operator.not_, map(ids.isdisjoint, map(_KNOWS, people)))):
                pairs.update((person.id, other) for other in ids.intersection(person.knows))
    added: set[tuple[str, str]] = set()
    removed: set[tuple[str, str]] = set()
    for a, b in pairs:
        if a != b:
            was, now = _tied(old, a, b), _tied(new, a, b)
            if was != now:
                (added if now else removed).add((min(a, b), max(a, b)))
    return added, removed


def _tied(active: dict[str, Person], a: str, b: str) -> bool:
    return a in active and b in active and (b in active[a].knows or a in active[b].knows)


class Memo:
    """Changes and measures an earlier build of the same process computed, by the identity of
    the portfolios they came from (an :class:`~mentornet.core.identity.IdentityMap`, which
    holds them). ``mkdocs serve`` keeps one between rebuilds: after a journal edit only the
    last snapshot (the working tree) is compared and measured again."""

    def __init__(self) -> None:
        self._kept: IdentityMap[Portfolio, list[Made]] = IdentityMap()
        self._used: IdentityMap[Portfolio, list[Made]] = IdentityMap()

    def get(self, portfolios: tuple[Optional[Portfolio], ...], make: Callable[..., T], *args: object) -> T:
        """``make(*args)``, a function of ``portfolios`` (the last one never None), unless it
        was made for them before."""
        last = portfolios[-1]
        assert last is not None
        used = self._used.made(last, list)
        found = _found(used, make.__name__, portfolios)
        if found is not None:
            return cast(T, found[2])  # made by ``make``: it has its name
        found = _found(self._kept.get(last) or (), make.__name__, portfolios)
        value = cast(T, found[2]) if found is not None else make(*args)
        used.append((make.__name__, portfolios, value))
        return value

    def forget_unused(self) -> None:
        """Keep only what the last build asked for (a long `mkdocs serve` does not grow)."""
        self._kept, self._used = self._used, IdentityMap()


def _found(made: Iterable[Made], name: str, portfolios: tuple) -> Optional[Made]:
    for found in made:
        if found[0] == name and len(found[1]) == len(portfolios) and all(map(operator.is_, found[1], portfolios)):
            return found
    return None
