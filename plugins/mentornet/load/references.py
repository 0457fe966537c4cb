"""The loader's checks across files: unique ids, and references to people."""

from __future__ import annotations

import re
import typing
from typing import TYPE_CHECKING, Iterable, Iterator

from mentornet.core.model import SLUG_PATTERN, Person, Portfolio
from mentornet.core.problems import did_you_mean
from mentornet.core.yamldata import Yaml
from mentornet.load.messages import SAME_KIND_SHOWN, slugify, unknown_system
from mentornet.load.yamlsource import Document

_SLUG = re.compile(SLUG_PATTERN)

if TYPE_CHECKING:
    from mentornet.load.incremental import JournalPart
    from mentornet.load.portfolio import _Reader


class References:
    """Checks across files: unique ids, and references to people.

    They read the raw documents rather than the validated models, so a person with a
    typo in one field still counts as known, and a bad entry still has its people checked.
    """

    def __init__(self, reader: _Reader, portfolio: Portfolio | None, ids: typing.Sequence[str] | None = None):
        """``ids``: the people's ids, known from an earlier read of the same data (see
        :func:`join`); the checks of the journal alone are then all that can run."""
        self.reader = reader
        self.portfolio = portfolio
        self.given_ids = ids
        self.people = list(self._items("people")) if ids is None else []  # read three times below: found once
        self.ids = [data["id"] for _, _, data in self.people if isinstance(data.get("id"), str)] \
            if ids is None else list(ids)
        # a person whose id is not valid is reported once, at the id: references to it, or to the
        # id it should be, are no further problems, and an invalid id is never suggested as a fix
        invalid = [person_id for person_id in self.ids if not _SLUG.fullmatch(person_id)]
        self.known = set(self.ids) | {slugify(person_id) for person_id in invalid}
        self.suggested = [person_id for person_id in self.ids if _SLUG.fullmatch(person_id)] if invalid \
            else self.ids
        #: Items found clean in an earlier load with the same people and social systems (a
        #: memo's, by identity): they are not checked again.
        self.clean = reader.memo.clean_items((frozenset(self.known), portfolio.social_systems.ids,
                                              reader.people_unreadable)) if portfolio is not None else None

    def _checked(self, check: typing.Callable[..., None], document: Document, location: tuple, data: dict,
                 *args: str) -> None:
        """``check`` an item unless it was found clean before; remember it if it is."""
        if self.clean is not None and data in self.clean:
            return
        before = len(self.reader.problems)
        check(document, location, data, *args)
        if self.clean is not None and len(self.reader.problems) == before:
            self.clean[data] = True

    def _items(self, kind: str) -> Iterator[tuple[Document, tuple, dict]]:
        for document, location in self.reader.sources.get(kind, ()):
            data = value_at(document.data, location)
            if isinstance(data, dict):
                yield document, location, data

    def _unknown(self, document: Document, location: tuple, person_id: Yaml, field: str) -> None:
        if not isinstance(person_id, str) or person_id in self.known or self.reader.people_unreadable:
            return
        if self.reader.too_many(document.path, f"{field}: unknown person"):
            return  # counted: thousands of the same mistake are summed up in one line
        self.reader._problem(document, location, f"{field}: unknown person '{person_id}'"
                             + did_you_mean(person_id, self.suggested, " — add them to people.yaml or fix the id"))

    def _references(self, document: Document, location: tuple, data: dict, field: str) -> None:
        values = data.get(field)
        if isinstance(values, str):
            self._unknown(document, location + (field,), values, field)
        elif isinstance(values, list) and not self.reader.people_unreadable:
            known = self.known
            missing = [index for index, person_id in enumerate(values)
                       if isinstance(person_id, str) and person_id not in known]
            for index in missing[:SAME_KIND_SHOWN + 1]:
                self._unknown(document, location + (field, index), values[index], field)
            self.reader.too_many(document.path, f"{field}: unknown person", max(0, len(missing) - SAME_KIND_SHOWN - 1))

    def _unique(self, items: Iterable[tuple[Document, tuple, dict]], what: str) -> None:
        seen: dict[str, tuple[Document, tuple]] = {}
        for document, location, data in items:
            item_id = data.get("id")
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                first_doc, first_location = seen[item_id]
                line, _ = first_doc.position(first_location)
                self.reader._problem(document, location + ("id",),
                                     f"duplicate {what} id '{item_id}' (also in {first_doc.path} "
                                     f"on line {line}): ids must be unique")
            else:
                seen[item_id] = (document, location + ("id",))

    @property
    def _read(self) -> Portfolio:
        """The portfolio the checks below look at (they run only once it is read)."""
        assert self.portfolio is not None
        return self.portfolio

    def _system(self, document: Document, location: tuple, data: dict) -> None:
        system = data.get("social_system")
        systems = self._read.social_systems
        if isinstance(system, str) and system not in systems:
            self.reader._problem(document, location + ("social_system",),
                                 unknown_system(system, systems, bool(self._read.profile.social_systems)))

    def _person(self, document: Document, location: tuple, data: dict) -> None:
        self._references(document, location, data, "knows")
        if data.get("id") in (data.get("knows") or ()) and isinstance(data.get("knows"), list):
            index = data["knows"].index(data["id"])
            self.reader._problem(document, location + ("knows", index),
                                 "knows: a person cannot be tied to themselves")
        self._system(document, location, data)

    def _period(self, document: Document, location: tuple, person: Person) -> None:
        if person.since and person.until and person.until < person.since:
            self.reader._problem(document, location + ("until",),
                                 f"until: {person.until} is before since ({person.since})")

    def check(self, profile_doc: Document | None, plan_doc: Document | None) -> None:
        self._unique(self.people, "person")
        for document, location, data in self.people:
            self._checked(self._person, document, location, data)
        for person in self._read.people:
            if person.since and person.until:
                self._period(*self.reader.origin[person], person)
        if profile_doc is not None and isinstance(profile_doc.data, dict):
            self._system(profile_doc, (), profile_doc.data)
            goals = profile_doc.data.get("goals")
            if isinstance(goals, list):
                self._unique(((profile_doc, ("goals", i), g) for i, g in enumerate(goals)
                              if isinstance(g, dict)), "goal")
        for document, location, data in self._items("audits"):
            self._checked(self._references, document, location, data, "core")
        self.check_journal()
        if plan_doc is not None and isinstance(plan_doc.data, dict):
            for field, what in (("activities", "activity"), ("prospects", "prospect")):
                items = plan_doc.data.get(field)
                if isinstance(items, list):
                    self._unique(((plan_doc, (field, i), item) for i, item in enumerate(items)
                                  if isinstance(item, dict)), what)
            prospects = plan_doc.data.get("prospects")
            for index, data in enumerate(prospects if isinstance(prospects, list) else ()):
                if isinstance(data, dict):
                    self._references(plan_doc, ("prospects", index), data, "via")
                    self._system(plan_doc, ("prospects", index), data)
                    if data.get("id") in self.known:
                        self.reader._problem(plan_doc, ("prospects", index, "id"),
                                             f"prospect '{data['id']}' is already in your network: "
                                             "remove the prospect, or give it another id")

    def check_journal(self) -> None:
        """Every person a journal entry names is in people.yaml (with a journal part, only the
        entries naming someone unknown are looked at: the others cannot be at fault)."""
        part = self.reader.journal
        if part is not None and isinstance(self.given_ids, tuple) and not self.reader.people_unreadable:
            for document in part.naming_unknown(self.known):
                if isinstance(document.data, dict):
                    self._references_as_before(part, document, self.given_ids)
            return
        journal = self._items("journal") if part is None else (
            (document, (), document.data) for document in part.naming_unknown(self.known)
            if isinstance(document.data, dict))
        for document, location, data in journal:
            self._checked(self._references, document, location, data, "people")

    def _references_as_before(self, part: JournalPart, document: Document, ids: tuple[str, ...]) -> None:
        """:meth:`_references` of a journal entry, or what it gave when last checked against
        the same ids (its problems depend on nothing else: each file counts its own)."""
        kind = (document.path, "people: unknown person")
        found = part.references.get(document)
        if found is not None and found[0] is ids:
            self.reader.problems.extend(found[1])
            if found[2]:
                self.reader.repeated[kind] = self.reader.repeated.get(kind, 0) + found[2]
            return
        before, counted = len(self.reader.problems), self.reader.repeated.get(kind, 0)
        self._references(document, (), document.data, "people")
        part.references[document] = (ids, tuple(self.reader.problems[before:]),
                                     self.reader.repeated.get(kind, 0) - counted)


def value_at(data: Yaml, location: tuple) -> Yaml:
    for step in location:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data
