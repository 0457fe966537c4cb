"""Making the portfolio an audience may see, once, right after loading.

Every later stage receives only what this returns, so a page, a diagram, a count or a
search entry cannot reveal what it never had.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Optional

from .model import Portfolio

AUDIENCES = ("owner", "mentor", "public")

#: The least open visibility each audience may see.
_REACH = {"owner": 0, "mentor": 1, "public": 2}
_OPENNESS = {"private": 0, "mentor": 1, "public": 2}


def sees(audience: str, visibility: Optional[str], default: str) -> bool:
    """Whether ``audience`` may see an item marked ``visibility`` (or the default when unmarked)."""
    return _OPENNESS[visibility or default] >= _REACH[audience]


def for_audience(portfolio: Portfolio, audience: str, default_visibility: str = "mentor",
                 shared_attributes: Iterable[str] = ()) -> Portfolio:
    if audience == "owner":
        return portfolio

    def visible(item) -> bool:
        return sees(audience, item.visibility, default_visibility)

    people = [person for person in portfolio.people if visible(person)]
    ids = {person.id for person in people}
    shared = frozenset(shared_attributes)
    people = tuple(
        person.model_copy(update={
            "knows": tuple(other for other in person.knows if other in ids),
            "attributes": {k: val for k, val in person.attributes.items() if k in shared},
        })
        for person in people
    )
    audits = tuple(audit.model_copy(update={"core": tuple(p for p in audit.core if p in ids)})
                   for audit in portfolio.audits if visible(audit))
    plan = portfolio.plan.model_copy(update={
        "activities": tuple(a for a in portfolio.plan.activities if visible(a)),
        "prospects": tuple(p.model_copy(update={"via": p.via if p.via in ids else None})
                           for p in portfolio.plan.prospects if visible(p)),
    })
    journal = tuple(
        replace(entry, meta=entry.meta.model_copy(update={
            "people": tuple(p for p in entry.meta.people if p in ids),
            "actions": tuple(a for a in entry.meta.actions if visible(a)),
        }))
        for entry in portfolio.journal if visible(entry.meta)
    )
    profile = portfolio.profile
    if audience == "public":
        profile = profile.model_copy(update={"goals": ()})
    return Portfolio(
        profile=profile,
        people=people,
        audits=audits if audience != "public" else (),
        plan=plan if audience != "public" else type(plan)(),
        reflections={key: r for key, r in portfolio.reflections.items() if visible(r)},
        journal=journal,
        shared_attributes=shared,
    )
