"""Making the portfolio an audience may see, once, right after loading.

Every later stage receives only what this returns, so a page, a diagram, a count or a
search entry cannot reveal what it never had.

:class:`Gate` is the one place the rules are spelt: item by item (a person, an audit, a
journal entry as the audience sees it, private passages removed), each item's visibility its
own or, unmarked, what the portfolio's sharing policy says. :func:`view` passes one portfolio
through a new gate; a history passes its revisions, oldest first, through one gate, which sees
again only the items a commit changed (and those naming someone the audience started or
stopped seeing).
"""

from __future__ import annotations

import datetime as dt
import operator
import typing
from collections import Counter
from dataclasses import dataclass, replace
from itertools import compress, count
from typing import Callable, Collection, Generic, Iterable, Optional, Protocol, TypeVar

from mentornet.audience import markers as privacy
from mentornet.audience.view import Audience
from mentornet.core.identity import IdentityMap
from mentornet.core.model import Audit, JournalEntry, Person, Plan, Portfolio, Profile, Record, Sharing

T = TypeVar("T")
R = TypeVar("R", bound=Record)


class _Marked(Protocol):
    """An item that says who may see it (a person, an audit, an action, an entry's meta, ...)."""

    @property
    def visibility(self) -> Optional[str]: ...


@dataclass(frozen=True)
class View:
    """What one audience may see: its portfolio, made by the gate, with the audience and the
    sharing policy that made it. Every stage, template and command receives this."""

    audience: Audience
    policy: Sharing
    portfolio: Portfolio


def view(portfolio: Portfolio, audience: Audience, policy: Sharing | None = None) -> View:
    """What ``audience`` may see of ``portfolio`` under ``policy`` (its own policy when None)."""
    policy = portfolio.sharing if policy is None else policy
    return View(audience, policy, for_audience(portfolio, audience, policy))


def for_audience(portfolio: Portfolio, audience: Audience, policy: Sharing | None = None) -> Portfolio:
    """What ``audience`` may see of ``portfolio`` under ``policy`` (its own policy when None)."""
    policy = portfolio.sharing if policy is None else policy
    if audience.owner:
        return _private_passages(portfolio, keep=True)
    return Gate(audience, policy)(portfolio)


class Gate:
    """What ``audience`` may see of each portfolio given to it in turn: equal, for each, to
    :func:`for_audience` of it alone, whatever came before.

    ``hidden_people``, ``hidden_entries`` (``src_uri``) and ``hidden_audits`` (dates) are
    treated as private whatever they say (a history hides, in every revision, what is hidden
    now: see :func:`mentornet.history.changes.for_audience`).
    """

    def __init__(self, audience: Audience, policy: Sharing,
                 hidden_people: Iterable[str] = (), hidden_entries: Iterable[str] = (),
                 hidden_audits: Iterable[dt.date] = ()):
        if audience.owner:
            raise ValueError("the owner sees everything: use for_audience")
        self.audience = audience
        self.policy = policy
        self.shared = frozenset(policy.attributes)
        self.hidden_people = frozenset(hidden_people)
        self.hidden_entries = frozenset(hidden_entries)
        self.hidden_audits = frozenset(hidden_audits)
        #: How many people of the last portfolio the audience sees, by id (ids are unique in a
        #: portfolio that loads; counted all the same): the ids it sees are the keys.
        self._seen_ids: Counter[str] = Counter()
        self.ids: set[str] = set()
        self._people = _Column(self._person, operator.attrgetter("knows"))
        self._audits = _Column(self._audit, operator.attrgetter("core"))
        self._journal = _Column(self._entry, lambda entry: entry.meta.people)
        self._last: dict[str, tuple[object, object]] = {}

    def visible(self, item: _Marked) -> bool:
        return self.audience.sees(self.policy.of(item.visibility))

    # -- item by item: the rules ------------------------------------------------------

    def _sees_person(self, person: Person) -> bool:
        return person.id not in self.hidden_people and self.visible(person)

    def _person(self, person: Person) -> Optional[Person]:
        if not self._sees_person(person):
            return None
        ids = self.ids
        knows = person.knows if ids.issuperset(person.knows) else tuple(o for o in person.knows if o in ids)
        return _stripped(person.model_copy(update={
            "knows": knows, "attributes": {k: val for k, val in person.attributes.items() if k in self.shared}}),
            ("notes",))

    def _audit(self, audit: Audit) -> Optional[Audit]:
        if audit.date in self.hidden_audits or not self.visible(audit):
            return None
        ids = self.ids
        core = audit.core if ids.issuperset(audit.core) else tuple(p for p in audit.core if p in ids)
        return _stripped(audit.model_copy(update={"core": core}), ("notes",))

    def _entry(self, entry: JournalEntry) -> Optional[JournalEntry]:
        """The entry as the audience sees it, or None when it may not see it."""
        if entry.src_uri in self.hidden_entries or not self.visible(entry.meta):
            return None
        people, ids = entry.meta.people, self.ids
        named = people if ids.issuperset(people) else tuple(p for p in people if p in ids)
        seen = replace(entry, meta=entry.meta.model_copy(update={
            "people": named, "actions": tuple(a for a in entry.meta.actions if self.visible(a))}))
        return replace(seen, body=privacy.strip_text(seen.body, False)) if privacy.has_markers(seen.body) else seen

    def _plan(self, plan: Plan) -> Plan:
        if not self.audience.plan:
            return type(plan)()
        ids = self.ids
        return plan.model_copy(update={
            "activities": tuple(a for a in plan.activities if self.visible(a)),
            "prospects": tuple(_stripped(p.model_copy(update={"via": p.via if p.via in ids else None}), ("why",))
                               for p in plan.prospects if self.visible(p)),
        })

    def _profile(self, profile: Profile, people: tuple[Person, ...], plan: Plan) -> Profile:
        profile = profile.model_copy(update={
            "attributes": {k: val for k, val in profile.attributes.items() if k in self.shared}})
        if not self.audience.plan:
            profile = profile.model_copy(update={"goals": ()})
        # the social systems the profile declares that the audience sees: those someone it sees uses
        if profile.social_systems:
            used = set(map(_SYSTEM, people)) | {profile.social_system}
            if self.audience.plan:
                used |= set(map(_SYSTEM, plan.prospects))
            systems = tuple(system for system in profile.social_systems if system.id in used)
            if systems != profile.social_systems:
                profile = profile.model_copy(update={"social_systems": systems})
        return _stripped(profile, ("pitch", "bio"))

    # -- a portfolio ------------------------------------------------------------------

    def __call__(self, portfolio: Portfolio) -> Portfolio:
        people = portfolio.people
        start, end = self._people.align(people)
        old = self._people.items
        gone, came = old[start:len(old) - end], people[start:len(people) - end]
        if gone and came:  # people in both, moved: not gone, not come
            in_gone: IdentityMap[Person, bool] = IdentityMap()
            for person in gone:
                in_gone[person] = True
            both: IdentityMap[Person, bool] = IdentityMap()
            for person in came:
                if person in in_gone:
                    both[person] = True
            gone, came = (tuple(person for person in side if person not in both) for side in (gone, came))
        changed = set()
        for person in gone:
            if self._sees_person(person):
                self._seen_ids[person.id] -= 1
                if not self._seen_ids[person.id]:
                    del self._seen_ids[person.id]
                    changed.add(person.id)
        for person in came:
            if self._sees_person(person):
                self._seen_ids[person.id] += 1
                if self._seen_ids[person.id] == 1:
                    changed.symmetric_difference_update((person.id,))  # gone and back: unchanged
        self.ids = set(self._seen_ids)
        for column in (self._people, self._audits, self._journal):
            column.see_again(changed)
        people_seen = self._people.apply(people, start, end)
        plan = self._kept("plan", portfolio.plan, changed, self._plan)
        profile = self._profile(portfolio.profile, people_seen, plan)
        return Portfolio(
            profile=self._kept("profile", profile, (), lambda made: made, equal=True),
            people=people_seen,
            audits=self._audits(portfolio.audits) if self.audience.plan else (),
            plan=plan,
            reflections={key: _stripped(r, ("answer",)) for key, r in portfolio.reflections.items() if self.visible(r)},
            journal=self._journal(portfolio.journal),
            shared_attributes=self.shared,
        )

    def _kept(self, name: str, item: T, changed: Collection[str], make: Callable[[T], T], equal: bool = False) -> T:
        """``make(item)`` as made last time when ``item`` is the same (or, with ``equal``, an
        equal one) and no one the audience sees came or went: revisions share it."""
        last = self._last.get(name)
        if last is not None and not changed and (last[0] is item or equal and last[0] == item):
            return typing.cast(T, last[1])  # made by ``make`` for this same name
        made = make(item)
        self._last[name] = (item, made)
        return made


class _Column(Generic[T]):
    """One kind of item (people, audits, journal entries) through the gate, revision after
    revision: an item that is the very object of an earlier revision keeps what the gate made
    of it (found at once when it stands where it stood, at the start or the end), unless
    someone it names came or went since; only the others are seen."""

    def __init__(self, seen: Callable[[T], Optional[T]], names: Callable[[T], Iterable[str]]):
        self.seen = seen
        self.names = names
        self.items: tuple[T, ...] = ()
        #: What the gate made of each item of ``items`` (None: not seen).
        self.made: list[Optional[T]] = []
        self.result: tuple[T, ...] = ()
        #: item → what the gate made of it, for every item seen.
        self.kept: IdentityMap[T, Optional[T]] = IdentityMap()
        #: person id → the items that name them (seen again when that person comes or goes).
        self.naming: dict[str, IdentityMap[T, bool]] = {}

    def align(self, items: tuple[T, ...]) -> tuple[int, int]:
        """How many items at the start, and at the end, are the very objects of the last revision."""
        return (len(items), 0) if items is self.items else common_ends(self.items, items)

    def see_again(self, changed: set[str]) -> None:
        """The items naming someone in ``changed`` (the audience started or stopped seeing them)."""
        stale: IdentityMap[T, bool] = IdentityMap()
        for person_id in changed:
            for item in self.naming[person_id].keys() if person_id in self.naming else ():
                stale[item] = True
        if not stale:
            return
        for item in stale.keys():
            self.kept.pop(item)
        at: IdentityMap[T, int] = IdentityMap()
        for where, item in enumerate(self.items):
            at[item] = where
        for item in stale.keys():
            found = at.get(item)
            if found is not None:
                self.made[found] = self._seen(item)
        self.result = tuple(filter(None, self.made))

    def _seen(self, item: T) -> Optional[T]:
        if item in self.kept:
            return self.kept[item]
        made = self.kept[item] = self.seen(item)
        for person_id in self.names(item):
            self.naming.setdefault(person_id, IdentityMap())[item] = True
        return made

    def __call__(self, items: tuple[T, ...]) -> tuple[T, ...]:
        return self.apply(items, *self.align(items))

    def apply(self, items: tuple[T, ...], start: int, end: int) -> tuple[T, ...]:
        if items is self.items:
            return self.result
        fresh = list(map(self._seen, items[start:len(items) - end]))
        self.made = self.made[:start] + fresh + self.made[len(self.made) - end:]
        self.items = items
        self.result = tuple(filter(None, self.made))  # what the gate makes is never false
        return self.result


def common_ends(before: typing.Sequence[T], after: typing.Sequence[T],
                same: Callable[[T, T], bool] = operator.is_) -> tuple[int, int]:
    """How many items at the start of ``after``, and then at its end, are the ``same`` as
    those of ``before`` (the very objects, by default): what one revision of a history shares
    with the one before, found without a loop in Python over its thousands of items."""
    shortest = min(len(before), len(after))
    start = next(compress(count(), map(operator.not_, map(same, before, after))), shortest)
    end = next(compress(count(), map(operator.not_, map(same, reversed(before), reversed(after)))), shortest)
    return start, min(end, shortest - start)


_SYSTEM = operator.attrgetter("social_system")


def _stripped(model: R, fields: tuple[str, ...], keep: bool = False) -> R:
    """``model`` with the private passages of these text fields kept without their markers
    (``keep``, the owner) or removed with their content."""
    changed = {name: privacy.strip_text(getattr(model, name), keep) for name in fields
               if privacy.has_markers(getattr(model, name))}
    return model.model_copy(update=changed) if changed else model


def _private_passages(portfolio: Portfolio, keep: bool) -> Portfolio:
    """Private blocks (``<!-- private -->`` … ``<!-- /private -->``) in free text: kept without
    their markers for the owner, removed with their content for everyone else.

    Journal bodies are stripped here too, so a title taken from a heading inside a private
    block, or any later use of the body (excerpts, meeting preparation), cannot show it.
    """
    if not _any_markers(portfolio):
        return portfolio
    return Portfolio(
        profile=_stripped(portfolio.profile, ("pitch", "bio"), keep),
        people=tuple(_stripped(person, ("notes",), keep) for person in portfolio.people),
        audits=tuple(_stripped(audit, ("notes",), keep) for audit in portfolio.audits),
        plan=portfolio.plan.model_copy(update={
            "prospects": tuple(_stripped(p, ("why",), keep) for p in portfolio.plan.prospects)}),
        reflections={key: _stripped(r, ("answer",), keep) for key, r in portfolio.reflections.items()},
        journal=tuple(replace(entry, body=privacy.strip_text(entry.body, keep))
                      if privacy.has_markers(entry.body) else entry for entry in portfolio.journal),
        shared_attributes=portfolio.shared_attributes,
    )


def _any_markers(portfolio: Portfolio) -> bool:
    texts = [portfolio.profile.pitch, portfolio.profile.bio]
    texts += [person.notes for person in portfolio.people]
    texts += [audit.notes for audit in portfolio.audits]
    texts += [prospect.why for prospect in portfolio.plan.prospects]
    texts += [r.answer for r in portfolio.reflections.values()]
    texts += map(_BODY, portfolio.journal)
    return any(map(privacy.has_markers, filter(None, texts)))


_BODY = operator.attrgetter("body")
