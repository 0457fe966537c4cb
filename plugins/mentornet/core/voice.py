"""Whom a site speaks to: the owner's site to its owner ("you"), every other site (a mentor's,
the public one) about them, by first name ("Maya"). The one home of that rule for Python
(the diagrams) and, through the ``first_name`` filter, for the page templates (``_macros.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Titles that come before a name and are not a first name ("Dr Maya Lindqvist" → "Maya").
HONORIFICS = frozenset({"dr", "dr.", "prof", "prof.", "professor", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
                        "mx", "mx.", "miss", "sir", "dame", "rev", "rev.", "revd"})


def first_name(name: str) -> str:
    """The first word of a name that is not a title; the whole name if every word is one."""
    for word in str(name).split():
        if word.lower() not in HONORIFICS:
            return word
    return str(name).strip()


@dataclass(frozen=True)
class Voice:
    """The words for the owner in one audience's site."""

    #: Whether the site is the owner's own (``Audience.voice`` makes it; "you" when true).
    owner: bool = True
    #: The owner's name, as in their profile.
    name: str = ""

    @property
    def first(self) -> str:
        return first_name(self.name)

    def you(self, capital: bool = False) -> str:
        return ("You" if capital else "you") if self.owner else self.first

    def your(self, capital: bool = False) -> str:
        return ("Your" if capital else "your") if self.owner else f"{self.first}'s"
