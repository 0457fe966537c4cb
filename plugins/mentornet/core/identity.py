"""Memos by the identity of objects: the one home of the rule for keying by ``id()``.

A memo in memory is keyed by content where that is cheap (a text, a tuple of plain data:
see :mod:`mentornet.core.caching`). Some values are made from objects whose content is costly
to compare or hash (a parsed document, a validated person, a revision's tuple of a thousand
people) and which a run passes on unchanged, the very same objects, from revision to
revision and rebuild to rebuild: those are found by identity, in an :class:`IdentityMap`.

An ``id()`` is unique only while its object lives: a map keyed by bare ids could find, for a
new object that happens to reuse a freed one's id, the value of the old. An
:class:`IdentityMap` holds each key object beside its value, so no id in it can be reused
while it is there, and checks ``is`` on the way out. Nothing else in mentornet keys by
``id()``; a key that names objects by ``id()`` (a tuple of shared items, say) is only made
of objects some map holds.
"""

from __future__ import annotations

from typing import Callable, Generic, Iterable, Iterator, Optional, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class IdentityMap(Generic[K, V]):
    """Values by the identity of their key objects (held, so an id is never reused while in
    the map); ``is``, never ``==``, finds a key."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: dict[int, tuple[K, V]] = {}

    def get(self, key: K, default: Optional[V] = None) -> Optional[V]:
        found = self._items.get(id(key))
        return found[1] if found is not None and found[0] is key else default

    def get_many(self, keys: Iterable[K]) -> list[Optional[V]]:
        """The value of each of ``keys`` (None where there is none), at C speed for long tuples."""
        keys = tuple(keys)
        return [found[1] if found is not None and found[0] is key else None
                for key, found in zip(keys, map(self._items.get, map(id, keys)))]

    def made(self, key: K, make: Callable[[], V]) -> V:
        """The value of ``key``, made (and kept) when there is none."""
        found = self._items.get(id(key))
        if found is not None and found[0] is key:
            return found[1]
        value = make()
        self._items[id(key)] = (key, value)
        return value

    def __getitem__(self, key: K) -> V:
        found = self._items.get(id(key))
        if found is None or found[0] is not key:
            raise KeyError(key)
        return found[1]

    def __setitem__(self, key: K, value: V) -> None:
        self._items[id(key)] = (key, value)

    def __contains__(self, key: object) -> bool:
        found = self._items.get(id(key))
        return found is not None and found[0] is key

    def pop(self, key: K) -> Optional[V]:
        """Forget ``key``; its value, or None."""
        found = self._items.get(id(key))
        if found is None or found[0] is not key:
            return None
        del self._items[id(key)]
        return found[1]

    def keys(self) -> Iterator[K]:
        return (key for key, _ in self._items.values())

    def values(self) -> Iterator[V]:
        return (value for _, value in self._items.values())

    def items(self) -> Iterator[tuple[K, V]]:
        return iter(self._items.values())

    def keeping(self, keys: Iterable[object]) -> "IdentityMap[K, V]":
        """A map of only the entries of ``keys`` (the objects a run used)."""
        kept: IdentityMap[K, V] = IdentityMap()
        for key in keys:
            found = self._items.get(id(key))
            if found is not None and found[0] is key:
                kept._items[id(key)] = found
        return kept

    def clear(self) -> None:
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)
