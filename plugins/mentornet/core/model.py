"""The portfolio as typed, immutable objects: what each data file may say.

The pydantic models describe the files (and give the JSON Schema editors use); the
``Portfolio`` gathers them into one value that every later stage reads.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, Callable, Literal, Optional, Union

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, PlainValidator, StrictBool,
                      StringConstraints, WithJsonSchema, field_validator)
from pydantic_core import PydanticCustomError

from mentornet.core import caching, urls
from mentornet.core.problems import did_you_mean
from mentornet.core import vocabulary as v
from mentornet.core.voice import HONORIFICS
from mentornet.core.yamldata import YamlMap

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _term_type(vocabulary: v.Vocabulary) -> Any:  # a Literal of terms read at run time: no static type
    return Literal[vocabulary.ids]  # type: ignore[valid-type]


#: How a site writes a day, on every page: "30 July 2026" ("May 2021", "2021" for a month or
#: a year written so). Only the files and commands for machines write ISO dates.
DAY_FORMAT = "%-d %B %Y"


def day_text(day: Optional[dt.date], fmt: str = DAY_FORMAT) -> str:
    """A day in the site's one style (:data:`DAY_FORMAT`); "" for none."""
    return day.strftime(fmt) if day else ""


def on_date(day: Optional[dt.date]) -> str:
    """A day as a sentence says it: "on 3 May 2021", but "in May 2021" and "in 2021" for a
    month or a year (``since: 2021-05``)."""
    if not day:
        return ""
    return ("in " if isinstance(day, PartialDate) else "on ") + day_text(day)


def days_after(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days`` (negative: before), held at the calendar's ends (the years 1
    and 9999): a cadence from a date at the end of time is due at the end of time."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


class NotADay(ValueError):
    """Text that is no day as mentornet reads one; ``reason`` is Python's for a day no calendar
    has (``2026-02-30``), None for text not written ``YYYY-MM-DD`` at all."""

    def __init__(self, text: str, reason: Optional[str] = None):
        super().__init__(f"'{text}' is not a real date ({reason})" if reason else
                         f"'{text}' is not a date: write it as YYYY-MM-DD")
        self.text, self.reason = text, reason


def day_of(text: str) -> dt.date:
    """A day written ``YYYY-MM-DD`` (and no other of ISO's spellings), or :class:`NotADay`: the
    one rule for the data files, the options and the commands' dates."""
    text = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise NotADay(text)
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise NotADay(text, str(error)) from None


def _parse_day(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return day_of(str(value))
    except NotADay as error:
        if error.reason is None:
            raise PydanticCustomError("bad_date", "'{value}' is not a date: write it as YYYY-MM-DD",
                                      {"value": error.text}) from None
        raise PydanticCustomError("impossible_date", "'{value}' is not a real date ({reason})",
                                  {"value": error.text, "reason": error.reason}) from None


class PartialDate(dt.date):
    """A date a person wrote as a month (``2021-05``) or a year (``2021``): people remember when
    someone joined their network by the month or the year, not the day.

    It is a real date (the first day of the period for ``since``, the last for ``until``, so
    comparisons between them hold) that shows and exports itself as it was written.
    """

    precision: str

    def __new__(cls, year: int, month: int = 1, day: int = 1, precision: str = "month") -> "PartialDate":
        made = super().__new__(cls, year, month, day)
        made.precision = precision
        return made

    def __reduce__(self) -> tuple[type[PartialDate], tuple[int, int, int, str]]:
        """Pickled by the caches: the precision is kept."""
        return (PartialDate, (self.year, self.month, self.day, self.precision))

    def __repr__(self) -> str:
        return f"PartialDate({self.year}, {self.month}, {self.day}, precision={self.precision!r})"

    def isoformat(self) -> str:
        return f"{self.year:04d}" if self.precision == "year" else f"{self.year:04d}-{self.month:02d}"

    __str__ = isoformat

    def strftime(self, fmt: str) -> str:
        """Leaves out what was not written: "%-d %B %Y" shows "May 2021", or "2021"."""
        fmt = re.sub(r"%-?d[ ,./-]*", "", fmt)
        if self.precision == "year":
            fmt = re.sub(r"%-?[bBm][ ,./-]*", "", fmt)
        return super().strftime(fmt.strip(" ,./-") or "%Y")


_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2}))?")


def _parse_period(end: bool) -> Callable[[object], dt.date]:
    """``since`` and ``until``: a date, a month ``YYYY-MM`` or a year ``YYYY`` (a month or a
    year means its first day for ``since`` and its last for ``until``)."""

    def parse(value: object) -> dt.date:
        if isinstance(value, dt.date):
            return value.date() if isinstance(value, dt.datetime) else value
        text = str(value).strip()
        match = _PARTIAL.fullmatch(text)
        if not match:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise PydanticCustomError("bad_date", "'{value}' is not a date: write it as YYYY-MM-DD, "
                                          "or a month YYYY-MM, or a year YYYY", {"value": text})
            return _parse_day(value)
        year, month = int(match.group(1)), match.group(2)
        if month is not None and not 1 <= int(month) <= 12:
            raise PydanticCustomError("impossible_date", "'{value}' is not a real month (months are 01 to 12)",
                                      {"value": text})
        if year < dt.MINYEAR:
            raise PydanticCustomError("impossible_date", "'{value}' is not a real year (years start at 0001)",
                                      {"value": text})
        if month is None:
            return PartialDate(year, 12, 31, "year") if end else PartialDate(year, 1, 1, "year")
        last = calendar.monthrange(year, int(month))[1]
        return PartialDate(year, int(month), last if end else 1, "month")

    return parse


def _parse_cadence(value: object) -> str:
    if v.cadence_days(str(value)) is None:
        raise PydanticCustomError(
            "bad_cadence",
            "'{value}' is not a cadence: use one of {named}, or 'N days', 'N weeks' or 'N months'",
            {"value": value, "named": ", ".join(v.CADENCES)})
    return str(value)


def _check_url(value: object) -> str:
    text = str(value).strip()
    if urls.scheme_of(text) not in urls.LINK_SCHEMES or not re.match(r"^[a-zA-Z]+:(//)?\S", text):
        raise PydanticCustomError("bad_url", "'{value}' is not a link mentornet will show: "
                                  "start it with https://, http://, mailto: or tel:", {"value": text})
    return text


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=100)]
Day = Annotated[dt.date, BeforeValidator(_parse_day)]
_PERIOD_SCHEMA = WithJsonSchema({"anyOf": [
    {"type": "string", "format": "date"},
    {"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2]))?$", "description": "a month YYYY-MM or a year YYYY"},
    {"type": "integer", "minimum": 1000, "maximum": 9999, "description": "a year"}]})
#: ``since``: a date, or a month or a year (its first day).
_AS_WRITTEN = PlainSerializer(lambda day: day.isoformat(), return_type=str, when_used="json")
Since = Annotated[dt.date, BeforeValidator(_parse_period(end=False)), _PERIOD_SCHEMA, _AS_WRITTEN]
#: ``until``: a date, or a month or a year (its last day).
Until = Annotated[dt.date, BeforeValidator(_parse_period(end=True)), _PERIOD_SCHEMA, _AS_WRITTEN]
Cadence = Annotated[str, BeforeValidator(_parse_cadence)]
Url = Annotated[str, BeforeValidator(_check_url)]
Text = Annotated[str, StringConstraints(max_length=100_000)]
if TYPE_CHECKING:
    # The terms are the vocabularies' (read at run time, a Literal for pydantic); to mypy each is
    # a str, as every stage after validation reads it.
    Support = str
    Role = str
    Purpose = str
    Knowing = str
    MentoringForm = str
    Closeness = str
    Seniority = str
    Influence = str
    Visibility = str
    Horizon = str
    Kind = str
    Stage = str
    Status = str
    Need = str
else:
    Support = _term_type(v.SUPPORT)
    Role = _term_type(v.ROLES)
    Purpose = _term_type(v.PURPOSES)
    Knowing = _term_type(v.KNOWING)
    MentoringForm = _term_type(v.MENTORING)
    Closeness = _term_type(v.CLOSENESS)
    Seniority = _term_type(v.SENIORITY)
    Influence = _term_type(v.INFLUENCE)
    Visibility = _term_type(v.VISIBILITY)
    Horizon = _term_type(v.HORIZONS)
    Kind = _term_type(v.JOURNAL_KINDS)
    Stage = _term_type(v.STAGES)
    Status = _term_type(v.ACTIVITY_STATUS)
    Need = Literal[v.need_ids()]  # type: ignore[valid-type]
SocialSystem = Slug  # checked against the vocabulary plus the profile's own systems
AttributeValue = Union[str, int, float, bool]


@dataclass(frozen=True)
class Exchange:
    """One thing given or received, as a journal entry's ``received:`` or ``gave:`` records it:
    ``"career: introduced me to the panel chair"`` is the text with its kind of support."""

    text: str
    #: A kind of support (``job``, ``career``, ``personal``), or None when the text names none.
    kind: Optional[str] = None

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}" if self.kind else self.text


#: A word and a colon opening an exchange's text: perhaps its kind of support.
_KIND_PREFIX = re.compile(r"([A-Za-z][A-Za-z-]*)[ \t]*:[ \t]*(.*)", re.DOTALL)


def parse_exchange(value: object) -> Exchange:
    """An item of ``received:`` or ``gave:``: text, opened by a kind of support and a colon
    when it has one (in any case: ``Career:``). A first word in lower case that is no kind but
    is close to one (``carreer:``) is a mistake to point out; any other (``Advice: …``,
    ``Joy: …``) is part of the text."""
    if isinstance(value, Exchange):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("exchange_type", "expected text")  # load's messages say what was found
    text = value.strip()
    if not text:
        raise PydanticCustomError("exchange_empty", "must not be empty: say what was given or received")
    match = _KIND_PREFIX.fullmatch(text)
    if match is None:
        return Exchange(text)
    word, rest = match.group(1), match.group(2).strip()
    kind = word.casefold()
    if kind in v.SUPPORT:
        if not rest:
            raise PydanticCustomError("exchange_no_text", "say what after '{kind}:', for example "
                                      "`{kind}: introduced me to the panel chair`", {"kind": kind})
        return Exchange(rest, kind)
    if word.islower() and did_you_mean(kind, v.SUPPORT.ids):
        raise PydanticCustomError("unknown_exchange_kind", "'{kind}' is not a kind of support", {"kind": word})
    return Exchange(text)


#: ``received:`` and ``gave:`` items: text in the file, an :class:`Exchange` in the model.
ExchangeItem = Annotated[Exchange, PlainValidator(parse_exchange),
                         PlainSerializer(str, return_type=str),
                         WithJsonSchema({"type": "string", "minLength": 1, "description": (
                             "What was given or received, in a few words; optionally opened by a kind of "
                             "support and a colon: `job: …`, `career: …` or `personal: …`")})]


def _as_text(attributes: dict[str, AttributeValue]) -> dict[str, str]:
    """Attribute values as text: ``2`` and ``"2"`` are the same value to compare."""
    return {str(key): str(item) for key, item in attributes.items()}


class Record(BaseModel):
    """Base of every file model: immutable, and strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Goal(Record):
    id: Slug
    text: Text
    horizon: Horizon = "medium"
    needs: tuple[Need, ...] = ()


class CustomSocialSystem(Record):
    id: Slug
    label: str


class Profile(Record):
    name: str = Field(min_length=1, max_length=200)
    headline: str = ""
    organisation: str = ""
    social_system: SocialSystem = "institution"
    goals: tuple[Goal, ...] = ()
    pitch: Text = ""
    bio: Text = ""
    #: Social systems of your own, beyond the ones mentornet knows.
    social_systems: tuple[CustomSocialSystem, ...] = ()
    #: Your own values of the keys people's ``attributes`` have, so the analysis can compare
    #: your people with you; owner-only unless shared, like people's.
    attributes: dict[str, AttributeValue] = Field(default_factory=dict)

    @field_validator("attributes")
    @classmethod
    def _attributes_as_text(cls, value: dict[str, AttributeValue]) -> dict[str, str]:
        return _as_text(value)


class Link(Record):
    title: str = Field(min_length=1, max_length=200)
    url: Url


class Person(Record):
    id: Slug
    name: str = Field(min_length=1, max_length=200)
    title: str = ""
    organisation: str = ""
    inside: Optional[StrictBool] = None
    seniority: Optional[Seniority] = None
    closeness: Optional[Closeness] = None
    support: tuple[Support, ...] = ()
    roles: tuple[Role, ...] = ()
    purposes: tuple[Purpose, ...] = ()
    knowing: tuple[Knowing, ...] = ()
    mentoring: tuple[MentoringForm, ...] = ()
    formal: Optional[StrictBool] = None
    social_system: Optional[SocialSystem] = None
    influence: Optional[Influence] = None
    since: Optional[Since] = None
    until: Optional[Until] = None
    last_contact: Optional[Day] = None
    cadence: Optional[Cadence] = None
    knows: tuple[Slug, ...] = ()
    attributes: dict[str, AttributeValue] = Field(default_factory=dict)
    visibility: Optional[Visibility] = None
    notes: Text = ""
    links: tuple[Link, ...] = ()

    @field_validator("attributes")
    @classmethod
    def _attributes_as_text(cls, value: dict[str, AttributeValue]) -> dict[str, str]:
        return _as_text(value)

    @property
    def sort_name(self) -> str:
        """The name without honorifics, so "Dr Noor Haddad" sorts among the Ns."""
        words = self.name.split()
        while len(words) > 1 and words[0].rstrip(".").lower() in HONORIFICS:
            words = words[1:]
        return " ".join(words).casefold()

    @property
    def active(self) -> bool:
        """Still part of the network (has not left it): ``until`` unset. The one rule of who is
        active; :attr:`Portfolio.active_people` gathers them."""
        return self.until is None

    @property
    def cadence_days(self) -> int | None:
        return v.cadence_days(self.cadence) if self.cadence else None


class Audit(Record):
    date: Day
    core: tuple[Slug, ...] = Field(default=(), max_length=10)
    strengths: tuple[str, ...] = Field(default=(), max_length=3)
    weaknesses: tuple[str, ...] = Field(default=(), max_length=3)
    notes: Text = ""
    visibility: Optional[Visibility] = None


class Activity(Record):
    id: Slug
    text: str = Field(min_length=1)
    purpose: Optional[Purpose] = None
    inside: Optional[StrictBool] = None
    status: Status = "planned"
    due: Optional[Day] = None
    visibility: Optional[Visibility] = None


class Prospect(Record):
    id: Slug
    name: str = Field(min_length=1, max_length=200)
    title: str = ""
    organisation: str = ""
    stage: Stage = "identified"
    found: str = ""
    why: Text = ""
    needs: tuple[Need, ...] = ()
    seniority: Optional[Seniority] = None
    inside: Optional[StrictBool] = None
    social_system: Optional[SocialSystem] = None
    influence: Optional[Influence] = None
    support: tuple[Support, ...] = ()
    roles: tuple[Role, ...] = ()
    via: Optional[Slug] = None
    next_step: str = ""
    due: Optional[Day] = None
    visibility: Optional[Visibility] = None
    #: Where to reach them: a profile, a page, ``mailto:`` (an import keeps what the contact had).
    links: tuple[Link, ...] = ()


class Plan(Record):
    activities: tuple[Activity, ...] = ()
    prospects: tuple[Prospect, ...] = ()


class Sharing(Record):
    """``data/sharing.yaml``: the portfolio's own sharing policy, read by every build, engine and
    command alike. A site's configuration may make a build stricter than this, never looser."""

    #: What a person, journal entry, plan item, audit or reflection without ``visibility:`` is.
    unmarked: Visibility = "private"
    #: What a hand-written page in the content folder without ``visibility:`` is.
    pages: Visibility = "private"
    #: Attribute names (discipline, geography, …) a mentor's and the public site may show.
    attributes: tuple[str, ...] = ()

    def of(self, visibility: Optional[str]) -> str:
        """An item's visibility: its own, or the policy's for an unmarked one."""
        return visibility or self.unmarked


class Reflection(Record):
    answer: Text = ""
    date: Optional[Day] = None
    visibility: Optional[Visibility] = None


class Action(Record):
    text: str = Field(min_length=1)
    due: Optional[Day] = None
    done: StrictBool = False
    #: Who owes it: ``me`` (the owner) or ``them`` (the people of the entry); unsaid: the owner.
    by: Optional[Literal["me", "them"]] = None
    visibility: Optional[Visibility] = None
    #: Optional: the action's own key, kept by the calendar's UID whatever its text becomes.
    id: Optional[Slug] = None


class EntryMeta(Record):
    """The front matter of a journal entry."""

    title: str = ""
    date: Day
    people: tuple[Slug, ...] = ()
    kind: Kind = "note"
    agenda: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    #: What the owner received from the entry's people, and what they gave them (give and take).
    received: tuple[ExchangeItem, ...] = ()
    gave: tuple[ExchangeItem, ...] = ()
    visibility: Optional[Visibility] = None
    tags: tuple[str, ...] = ()
    #: Front matter that MkDocs and Material themselves read.
    description: str = ""
    template: str = ""
    hide: tuple[str, ...] = ()
    search: Optional[YamlMap] = None  # Material's own keys, passed to it unchecked

    @field_validator("actions")
    @classmethod
    def _action_ids_unique(cls, actions: tuple[Action, ...]) -> tuple[Action, ...]:
        """Two actions of one entry with one ``id`` would be one event in a calendar."""
        ids = [action.id for action in actions if action.id]
        twice = sorted({found for found in ids if ids.count(found) > 1})
        if twice:
            raise PydanticCustomError("duplicate_action_id", "the action id '{id}' is given twice in this entry: "
                                      "give each action its own id", {"id": twice[0]})
        return actions


@dataclass(frozen=True)
class JournalEntry:
    """A journal entry: its front matter, where it lives, and its Markdown body."""

    meta: EntryMeta
    #: Path relative to the docs folder, with forward slashes, e.g. ``journal/2026-01-05-kickoff.md``.
    src_uri: str
    body: str = ""

    @property
    def slug(self) -> str:
        return self.src_uri.rsplit("/", 1)[-1].removesuffix(".md")

    @property
    def title(self) -> str:
        if self.meta.title:
            return self.meta.title
        for line in self.body.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
        return self.slug.replace("-", " ").capitalize()

    @property
    def date(self) -> dt.date:
        return self.meta.date


@dataclass(frozen=True)
class Portfolio:
    """Everything a build may show: the result of loading, then of filtering for an audience."""

    profile: Profile
    people: tuple[Person, ...] = ()
    audits: tuple[Audit, ...] = ()
    plan: Plan = field(default_factory=Plan)
    reflections: dict[str, Reflection] = field(default_factory=dict)
    journal: tuple[JournalEntry, ...] = ()
    #: Attribute names this build may show (all of them for the owner).
    shared_attributes: Optional[frozenset[str]] = None
    #: The sharing policy as ``data/sharing.yaml`` states it (the pipeline makes it stricter
    #: where a configuration asks).
    sharing: Sharing = field(default_factory=lambda: Sharing())

    @cached_property
    def fingerprint(self) -> str:
        """A digest of everything in the portfolio: what is made from it is kept by it."""
        return caching.digest([self.data_fingerprint, self.journal])

    @cached_property
    def data_fingerprint(self) -> str:
        """A digest of everything but the journal (the analysis does not read it)."""
        shared = sorted(self.shared_attributes) if self.shared_attributes is not None else None
        return caching.digest([self.network_fingerprint, self.audits, self.plan, self.reflections, shared])

    @cached_property
    def network_fingerprint(self) -> str:
        """A digest of the profile and the people: all a diagram is drawn from."""
        return caching.digest([self.profile, self.people])

    @cached_property
    def active_people(self) -> tuple[Person, ...]:
        """The network now: the people who have not left it (:attr:`Person.active`), in the
        files' order. Every stage and command that counts, draws or lists the network asks here."""
        return tuple(person for person in self.people if person.active)

    @cached_property
    def people_by_id(self) -> dict[str, Person]:
        return {person.id: person for person in self.people}

    @cached_property
    def ties(self) -> frozenset[tuple[str, str]]:
        """Ties among people, each as a sorted pair; ``knows`` is symmetric, given once is enough."""
        known = self.people_by_id
        return frozenset((person.id, other) if person.id < other else (other, person.id)
                         for person in self.people for other in person.knows
                         if other in known and other != person.id)

    @cached_property
    def social_systems(self) -> v.Vocabulary:
        """The known social systems plus the owner's own."""
        extra = tuple(v.Term(system.id, system.label) for system in self.profile.social_systems
                      if system.id not in v.SOCIAL_SYSTEMS)
        return v.Vocabulary(v.SOCIAL_SYSTEMS.field, v.SOCIAL_SYSTEMS.title, v.SOCIAL_SYSTEMS.source,
                            v.SOCIAL_SYSTEMS.terms + extra)

    def neighbours(self, person_id: str) -> list[str]:
        return list(self._neighbours.get(person_id, ()))

    @cached_property
    def _neighbours(self) -> dict[str, tuple[str, ...]]:
        """Who each person is tied to, indexed once (every person page asks)."""
        index: dict[str, set[str]] = {}
        for a, b in self.ties:
            index.setdefault(a, set()).add(b)
            index.setdefault(b, set()).add(a)
        return {person_id: tuple(sorted(others)) for person_id, others in index.items()}

    @cached_property
    def _journal_by_person(self) -> dict[str, list[JournalEntry]]:
        index: dict[str, list[JournalEntry]] = {}
        for entry in sorted(self.journal, key=lambda e: (e.date, e.src_uri), reverse=True):
            for person_id in dict.fromkeys(entry.meta.people):
                index.setdefault(person_id, []).append(entry)
        return index

    def entries_with(self, person_id: str) -> list[JournalEntry]:
        """Journal entries naming a person, newest first (indexed once: pages ask per person)."""
        return list(self._journal_by_person.get(person_id, ()))
