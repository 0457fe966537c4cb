"""Whom a build is for: the one typed audience every stage, template and command receives.

An :class:`Audience` is not a string. It says what its site may show (:meth:`Audience.sees`),
which features the site has (a calendar, the plan, commit subjects), in whose voice it speaks (the
owner is "you"; everyone else reads about them) and how a problem is told to it. Nothing
outside this package compares an audience with a word: it asks the audience instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from mentornet.core.problems import did_you_mean, one_of
from mentornet.core.visibility import openness
from mentornet.core.voice import Voice


class UnknownAudience(ValueError):
    """An audience's name (an option, a variable, a command line) that names none."""


@dataclass(frozen=True)
class Audience:
    """One of the three audiences, from the closest (the owner) to the farthest (the public)."""

    #: ``owner``, ``mentor`` or ``public``: for file names, cache keys and the command line.
    name: str
    #: How far it is from the owner (0: the owner): it sees items at least this open.
    reach: int
    #: How a sentence names its site: "your own site", "your mentor's site", "the public site".
    site: str
    #: How its banner says what it shows: what its owner chose to share "with mentors".
    shared_as: str = ""

    def __str__(self) -> str:
        return self.name

    @classmethod
    def named(cls, name: object) -> "Audience":
        """The audience called ``name``; raises :class:`UnknownAudience` for anything else
        (an empty value too: never the owner's site by accident)."""
        for audience in AUDIENCES:
            if name == audience.name:
                return audience
        if name is None or (isinstance(name, str) and not name.strip()):
            raise UnknownAudience(f"the audience is empty: set it to one of {one_of(NAMES)}")
        raise UnknownAudience(f"'{name}' is not an audience; expected one of {one_of(NAMES)}"
                              + did_you_mean(str(name).strip().lower(), NAMES))

    # -- what it sees -----------------------------------------------------------------------

    def sees(self, visibility: str) -> bool:
        """Whether an item of this (stated or policy-given) visibility reaches this audience.

        Raises ``KeyError`` for a term outside the scale: loading validates first, and an
        unknown term must stop a build, never publish."""
        return openness(visibility) >= self.reach

    @property
    def owner(self) -> bool:
        """The owner's own site: everything, private passages in a labelled box."""
        return self.reach == 0

    @property
    def shared(self) -> bool:
        """A site someone else reads (a mentor's or the public one)."""
        return self.reach > 0

    @property
    def public(self) -> bool:
        """The site anyone may read: no goals, audits, plan or calendar."""
        return self.reach == len(AUDIENCES) - 1

    # -- the features of its site -----------------------------------------------------------

    @property
    def calendar(self) -> bool:
        """Whether its site carries ``calendar.ics`` (meetings and actions are not public)."""
        return not self.public

    @property
    def plan(self) -> bool:
        """The audits, the plan, the goals and the to-do blocks: not on the public site."""
        return not self.public

    @property
    def commit_subjects(self) -> bool:
        """Commit subjects are the owner's words, which may name anyone: shown to the owner only."""
        return self.owner

    def as_data(self) -> dict[str, object]:
        """What a theme's template reads of it, as plain data (a staged engine's ``extra``)."""
        return {"name": self.name, "shared": self.shared, "shared_as": self.shared_as}

    # -- its voice, and how a problem is told to it ----------------------------------------

    def voice(self, name: str) -> Voice:
        """The words for an owner called ``name`` in this audience's site."""
        return Voice(owner=self.owner, name=name)

    def told(self, problem: str, fallback: str) -> str:
        """A problem's text for this audience: as it is for the owner; ``fallback``, which
        names no item, for everyone else (a problem may quote a hidden item's data)."""
        return problem if self.owner else fallback


OWNER = Audience("owner", 0, "your own site")
MENTOR = Audience("mentor", 1, "your mentor's site", "with mentors")
PUBLIC = Audience("public", 2, "the public site", "publicly")

#: Every audience, from the closest to the farthest.
AUDIENCES: tuple[Audience, ...] = (OWNER, MENTOR, PUBLIC)
#: Their names, as users type them.
NAMES: tuple[str, ...] = tuple(audience.name for audience in AUDIENCES)
