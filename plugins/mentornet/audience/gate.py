"""Making the portfolio an audience may see, once, right after loading.

Every later stage receives only what this returns, so a page, a diagram, a count or a
search entry cannot reveal what it never had.
"""

from __future__ import annotations

import operator
from dataclasses import replace
from typing import Any, Callable, Hashable, Iterable, Optional, TypeVar

from mentornet.audience import markers as privacy
from mentornet.core.model import Portfolio
from mentornet.core.visibility import sees

Item = TypeVar("Item")


class Copies:
    """The gate's copies of items, kept across many portfolios that share their items (the
    revisions of a history, for one audience and its options): an item is copied once for each
    form it takes, not once per revision (2,000 revisions of 5,000 entries: 10 million copies)."""

    def __init__(self) -> None:
        self._made: dict[tuple, tuple[Any, Any]] = {}

    def get(self, item: Item, form: Hashable, make: Callable[[], Item]) -> Item:
        """``make()``, the copy of ``item`` that ``form`` describes, made once (holding ``item``
        keeps its id unique)."""
        key = (id(item), form)
        found = self._made.get(key)
        if found is None or found[0] is not item:
            found = self._made[key] = (item, make())
        return found[1]


def _made(item: Any, form: Hashable, make: Callable[[], Any]) -> Any:
    return make()


def for_audience(portfolio: Portfolio, audience: str, default_visibility: str = "mentor",
                 shared_attributes: Iterable[str] = (), copies: Optional[Copies] = None) -> Portfolio:
    """What ``audience`` may see of ``portfolio``. ``copies``: the copies made for earlier
    portfolios with the same audience and options, to share (see :class:`Copies`)."""
    if audience == "owner":
        return _private_passages(portfolio, keep=True)

    def visible(item) -> bool:
        return sees(audience, item.visibility, default_visibility)

    copy = copies.get if copies is not None else _made
    people = [person for person in portfolio.people if visible(person)]
    ids = {person.id for person in people}
    shared = frozenset(shared_attributes)

    def person_seen(person: Any) -> Any:
        knows = person.knows if ids.issuperset(person.knows) else tuple(o for o in person.knows if o in ids)
        return copy(person, knows, lambda: person.model_copy(update={
            "knows": knows, "attributes": {k: val for k, val in person.attributes.items() if k in shared}}))

    def audit_seen(audit: Any) -> Any:
        core = audit.core if ids.issuperset(audit.core) else tuple(p for p in audit.core if p in ids)
        return copy(audit, core, lambda: audit.model_copy(update={"core": core}))

    def entry_seen(entry: Any) -> Any:
        """The entry as the audience sees it, or None when it may not see it."""
        people = entry.meta.people
        named = people if ids.issuperset(people) else tuple(p for p in people if p in ids)
        return copy(entry, named, lambda: replace(entry, meta=entry.meta.model_copy(update={
            "people": named, "actions": tuple(a for a in entry.meta.actions if visible(a))}))
            if visible(entry.meta) else None)

    people = tuple(map(person_seen, people))
    audits = tuple(audit_seen(audit) for audit in portfolio.audits if visible(audit))
    plan = portfolio.plan.model_copy(update={
        "activities": tuple(a for a in portfolio.plan.activities if visible(a)),
        "prospects": tuple(p.model_copy(update={"via": p.via if p.via in ids else None})
                           for p in portfolio.plan.prospects if visible(p)),
    })
    journal = tuple(filter(None, map(entry_seen, portfolio.journal)))
    profile = portfolio.profile.model_copy(update={
        "attributes": {k: val for k, val in portfolio.profile.attributes.items() if k in shared}})
    if audience == "public":
        profile = profile.model_copy(update={"goals": ()})
    # the social systems the profile declares that the audience sees: those someone it sees uses
    used = {person.social_system for person in people} | {profile.social_system}
    if audience != "public":
        used |= {prospect.social_system for prospect in plan.prospects}
    systems = tuple(system for system in profile.social_systems if system.id in used)
    if systems != profile.social_systems:
        profile = profile.model_copy(update={"social_systems": systems})
    return _private_passages(Portfolio(
        profile=profile,
        people=people,
        audits=audits if audience != "public" else (),
        plan=plan if audience != "public" else type(plan)(),
        reflections={key: r for key, r in portfolio.reflections.items() if visible(r)},
        journal=journal,
        shared_attributes=shared,
    ), keep=False)


def _private_passages(portfolio: Portfolio, keep: bool) -> Portfolio:
    """Private blocks (``<!-- private -->`` … ``<!-- /private -->``) in free text: kept without
    their markers for the owner, removed with their content for everyone else.

    Journal bodies are stripped here too, so a title taken from a heading inside a private
    block, or any later use of the body (excerpts, meeting preparation), cannot show it.
    """
    def text(model, *fields: str):
        changed = {name: privacy.strip_text(getattr(model, name), keep) for name in fields
                   if privacy.has_markers(getattr(model, name))}
        return model.model_copy(update=changed) if changed else model

    if not _any_markers(portfolio):
        return portfolio
    return Portfolio(
        profile=text(portfolio.profile, "pitch", "bio"),
        people=tuple(text(person, "notes") for person in portfolio.people),
        audits=tuple(text(audit, "notes") for audit in portfolio.audits),
        plan=portfolio.plan.model_copy(update={
            "prospects": tuple(text(p, "why") for p in portfolio.plan.prospects)}),
        reflections={key: text(r, "answer") for key, r in portfolio.reflections.items()},
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
