"""Finding the person a command names: an id, a name, a first name or part of a name.

``mentornet prep Margaret`` and ``mentornet log margaret`` mean Dr Margaret Okafor when she is
the only Margaret; two Margarets are listed so the person can choose; a typo gets a
did-you-mean. One home for that rule, for every command that takes people.
"""

from __future__ import annotations

import difflib
from typing import Protocol, Sequence, TypeVar

import click

from mentornet.core.model import Person, Portfolio


def _words(text: str) -> list[str]:
    return text.casefold().replace("-", " ").split()


class Named(Protocol):
    """Someone with an id and a name: a person of the portfolio, or one a session is naming."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=Named)


def candidates(people: Sequence[N], wanted: str) -> list[N]:
    """The people ``wanted`` may mean, best match first: an exact id or name alone; else everyone
    whose name (or id) contains its words, as whole words first, then as parts of words."""
    text = wanted.strip().casefold()
    exact = [p for p in people if p.id == wanted.strip() or p.name.casefold() == text]
    if exact:
        return exact
    words = _words(text)
    if not words:
        return []
    whole = [p for p in people if all(w in _words(p.name) or w in _words(p.id) for w in words)]
    if whole:
        return whole
    return [p for p in people if all(w in p.name.casefold() or w in p.id for w in words)]


def find_person(portfolio: Portfolio, wanted: str) -> Person:
    """The one person ``wanted`` names, or a ClickException listing the candidates or the
    nearest id."""
    found = candidates(portfolio.people, wanted)
    if len(found) == 1:
        return found[0]
    if found:
        listed = "\n".join(f"  {p.id:<24} {p.name}" for p in sorted(found, key=lambda p: p.sort_name))
        raise click.ClickException(f"'{wanted}' could be any of {len(found)} people; name one by id:\n{listed}")
    ids = [p.id for p in portfolio.people]
    hint = ""
    spellings: dict[str, Person] = {}
    for person in portfolio.people:  # ids, names and each word of a name, for a misspelt first name
        for spelling in (person.id, person.name.casefold(), *_words(person.name)):
            spellings.setdefault(spelling, person)
    close = difflib.get_close_matches(wanted.strip().casefold(), list(spellings), n=1, cutoff=0.6)
    if close:
        near = spellings[close[0]]
        hint = f" — did you mean '{near.id}'" + ("?" if close[0] == near.id else f" ({near.name})?")
    if not hint and ids:
        hint = f"; the people are: {', '.join(ids[:20])}" + (", …" if len(ids) > 20 else "")
    raise click.ClickException(f"unknown person '{wanted}'{hint or ' (there is nobody in people.yaml yet)'}")
