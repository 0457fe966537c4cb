"""Words that agree with a number: the one home of plurals, for the pages, the diagrams' text
alternatives and the commands alike."""

from __future__ import annotations

from typing import Optional


def plural(n: int, one: str, many: Optional[str] = None) -> str:
    """The word for ``n`` things: ``one`` for exactly one, else ``many`` (``one`` and an "s"
    when not given): ``plural(2, "tie")`` is "ties", ``plural(0, "person", "people")`` "people".
    Verbs agree the same way: ``plural(n, "meets", "meet")``."""
    if n == 1:
        return one
    return many if many is not None else one + "s"


def count_of(n: int, one: str, many: Optional[str] = None) -> str:
    """``n`` and its word: "1 tie", "3 ties", "0 people"."""
    return f"{n} {plural(n, one, many)}"


def people_word(n: int) -> str:
    """"person" or "people", for ``n`` of them."""
    return plural(n, "person", "people")
