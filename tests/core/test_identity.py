"""Memos by identity (core/identity.py): found by ``is``, never by ``==``, and never by an id
reused by another object while the first is in the map."""

from __future__ import annotations

from mentornet.core.identity import IdentityMap


def test_an_object_is_found_by_identity_not_by_equality():
    memo: IdentityMap[list, str] = IdentityMap()
    first, twin = [1, 2], [1, 2]
    memo[first] = "first"
    assert memo.get(first) == "first" and first in memo
    assert memo.get(twin) is None and twin not in memo
    assert memo.made(twin, lambda: "twin") == "twin" and memo.made(twin, lambda: "again") == "twin"
    assert memo.get_many((twin, first, [1, 2])) == ["twin", "first", None]


def test_an_id_is_never_reused_while_its_object_is_in_the_map():
    memo: IdentityMap[object, int] = IdentityMap()
    for number in range(1000):  # each made and dropped at once, but for the map's hold on it
        memo[object()] = number
    assert len(memo) == 1000
    assert all(memo.get(object()) is None for _ in range(1000))  # a new object never finds an old value
    kept = memo.keeping(list(memo.keys())[:10])
    assert sorted(kept.values()) == list(range(10))
    assert memo.pop(next(iter(kept.keys()))) == 0 and len(memo) == 999
