"""The history's changes in words: a field's values with the vocabularies' labels, a
newcomer in a few words (:meth:`mentornet.history.changes.Change.sentences` says a change
with them). Plain text: a page escapes it for Markdown."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from mentornet.core import vocabulary as v
from mentornet.core.model import Person, day_text
from mentornet.core.yamldata import Json

if TYPE_CHECKING:
    from mentornet.history.changes import FieldChange

FIELD_TITLES = {
    "name": "name", "closeness": "closeness", "support": "support", "roles": "roles",
    "seniority": "seniority", "inside": "inside or outside", "social_system": "social system",
    "influence": "influence", "purposes": "purposes", "knowing": "ways of knowing",
    "mentoring": "forms of mentoring", "formal": "arrangement", "cadence": "cadence",
    "title": "title", "organisation": "organisation", "since": "since",
}

_VOCABULARIES = {"closeness": v.CLOSENESS, "support": v.SUPPORT, "roles": v.ROLES,
                 "seniority": v.SENIORITY, "influence": v.INFLUENCE, "purposes": v.PURPOSES,
                 "knowing": v.KNOWING, "mentoring": v.MENTORING}


def joined_text(person: Person) -> str:
    """"joined", or, when ``since`` says they were in the network before this commit recorded
    them, "added to the map (in the network since May 2021)": the commit date is when they
    were written down, not when they arrived."""
    if person.since is None:
        return "joined"
    return f"added to the map (in the network since {day_text(person.since)})"


def json_value(value: object) -> Json:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return cast(Json, value)  # the model's other values are JSON already: text, numbers, bools, None


def term_text(field_name: str, value: object) -> str:
    """A field's value in words, with the vocabularies' labels."""
    if value is None or value == () or value == "":
        return "not recorded"
    if field_name == "inside":
        return "inside your organisation" if value else "outside your organisation"
    if field_name == "formal":
        return "formal" if value else "informal"
    if field_name == "social_system":
        return v.SOCIAL_SYSTEMS.label(value).lower() if isinstance(value, str) and value in v.SOCIAL_SYSTEMS \
            else str(value)
    vocabulary = _VOCABULARIES.get(field_name)
    if isinstance(value, tuple):
        return ", ".join(vocabulary.label(item).lower() if vocabulary else str(item) for item in value)
    if isinstance(value, dt.date):
        return day_text(value)
    return vocabulary.label(value).lower() if vocabulary and isinstance(value, str) else str(value)


def field_change_text(change: FieldChange) -> str:
    """``moderate → close``; for lists, what was added and removed (``support: + career``)."""
    if change.field in ("closeness",):
        return f"{term_text(change.field, change.old)} → {term_text(change.field, change.new)}"
    if isinstance(change.old, tuple) and isinstance(change.new, tuple):
        added = tuple(x for x in change.new if x not in change.old)
        removed = tuple(x for x in change.old if x not in change.new)
        parts = []
        if added:
            parts.append("+ " + term_text(change.field, added))
        if removed:
            parts.append("− " + term_text(change.field, removed))
        if parts:
            return f"{FIELD_TITLES[change.field]} " + ", ".join(parts)
    return (f"{FIELD_TITLES[change.field]} {term_text(change.field, change.old)} → "
            f"{term_text(change.field, change.new)}")


def describe(person: Person) -> str:
    """A newcomer in a few words: closeness, then the support they give."""
    facts = []
    if person.closeness:
        facts.append(v.CLOSENESS.label(person.closeness).lower())
    facts += [v.SUPPORT.label(term).lower() for term in person.support]
    return ", ".join(facts)
