"""You versus them: how many of your people are like you, field by field.

The exercise asks how different your people are "to each other and to me"; ``measures``
answers the first half, this module the second. For each key of your profile's
``attributes`` and for social system, organisation and seniority, it counts the people
whose value is known, how many of them match you, and the ego–alter E-I index
(Krackhardt & Stern 1988): (different − same) / known, −1 when all are like you.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from mentornet.analysis.measures import ATTRIBUTE_PREFIX, ei_index, field_title, field_value
from mentornet.core.model import Person, Portfolio

#: The fields every portfolio is compared on, besides the profile's attributes, with how a
#: sentence names them.
BASE_FIELDS = {"social_system": "social system", "organisation": "organisation", "seniority": "career stage"}


@dataclass(frozen=True)
class Homophily:
    """One field, you against your people."""

    field: str
    title: str
    #: Your value as the page shows it (``None``: your profile does not say).
    you: Optional[str]
    #: People whose value is known.
    known: int
    #: Of them, those who match you (``None`` when your own value is unknown).
    same: Optional[int]

    @property
    def share(self) -> Optional[float]:
        """Matching people over people with a known value."""
        return None if self.same is None or not self.known else self.same / self.known

    @property
    def ei(self) -> Optional[float]:
        return None if self.same is None else ei_index(self.known - self.same, self.same)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _organisation(person: Person, yours: str) -> Optional[bool]:
    """Whether a person is in your organisation: ``inside`` when it is said (it is the
    owner's own statement), else their organisation's name against yours."""
    if person.inside is not None:
        return person.inside
    if person.organisation and yours:
        return _norm(person.organisation) == _norm(yours)
    return None


def _matches(person: Person, name: str, portfolio: Portfolio) -> Optional[bool]:
    """Whether a person matches you on a field; ``None`` when their value (or yours) is unknown."""
    profile = portfolio.profile
    if name == "organisation":
        return _organisation(person, profile.organisation)
    if name == "seniority":  # at your career stage: a peer
        return None if person.seniority is None else person.seniority == "peer"
    theirs, yours = field_value(person, name), field_value(profile, name)
    if theirs is None:
        return None
    return None if yours is None else _norm(theirs) == _norm(yours)


def compared_fields(portfolio: Portfolio) -> list[str]:
    """Your attribute keys (only those this audience may see), then the base fields."""
    keys = list(portfolio.profile.attributes)
    if portfolio.shared_attributes is not None:
        keys = [key for key in keys if key in portfolio.shared_attributes]
    return [ATTRIBUTE_PREFIX + key for key in keys] + list(BASE_FIELDS)


def json_key(name: str) -> str:
    """An attribute's key as is (``gender``), unless it would shadow a base field."""
    key = name.removeprefix(ATTRIBUTE_PREFIX)
    return name if key in BASE_FIELDS and name != key else key


def _yours(name: str, portfolio: Portfolio) -> Optional[str]:
    profile = portfolio.profile
    if name == "seniority":
        return "peer"
    if name == "social_system":
        return portfolio.social_systems.label(profile.social_system)
    return field_value(profile, name)


def homophily(portfolio: Portfolio, people: Sequence[Person]) -> dict[str, Homophily]:
    """Field → how many of your people match you on it (see the module's docstring)."""
    result = {}
    for name in compared_fields(portfolio):
        yours = _yours(name, portfolio)
        matches = [_matches(person, name, portfolio) for person in people]
        known = [m for m in matches if m is not None]
        if name == "organisation":  # known from `inside` even when your profile names no organisation
            same: Optional[int] = sum(known)
        else:
            same = None if yours is None else sum(known)
        key = json_key(name)
        title = BASE_FIELDS.get(name) or field_title(name, portfolio).lower()
        result[key] = Homophily(key, title, yours, len(known), same)
    return result
