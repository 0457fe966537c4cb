"""Rules of the mentoring journal: last and next contact, lapsed cadences, open actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from .model import Action, JournalEntry, Person, Portfolio


@dataclass(frozen=True)
class Contact:
    last: Optional[dt.date]
    #: Where ``last`` came from: "journal" or "last_contact".
    source: str
    next: Optional[dt.date]
    lapsed: bool
    #: Days since the next contact was due (0 when not lapsed).
    overdue_days: int


def contact(portfolio: Portfolio, person: Person, today: dt.date) -> Contact:
    """The last contact is the newest journal entry with them, or ``last_contact`` if newer."""
    entries = [entry.date for entry in portfolio.journal
               if person.id in entry.meta.people and entry.date <= today]
    last, source = (max(entries), "journal") if entries else (None, "")
    if person.last_contact and (last is None or person.last_contact > last):
        last, source = person.last_contact, "last_contact"
    days = person.cadence_days
    due = last + dt.timedelta(days=days) if (last and days) else None
    lapsed = bool(due and due < today and person.active)
    return Contact(last, source, due, lapsed, (today - due).days if lapsed and due else 0)


@dataclass(frozen=True)
class OpenAction:
    action: Action
    entry: JournalEntry
    overdue: bool


def open_actions(portfolio: Portfolio, today: dt.date, person_id: str | None = None) -> list[OpenAction]:
    """Actions not done yet, soonest due first (those without a due date last)."""
    found = [OpenAction(action, entry, bool(action.due and action.due < today))
             for entry in portfolio.journal
             if person_id is None or person_id in entry.meta.people
             for action in entry.meta.actions if not action.done]
    return sorted(found, key=lambda item: (item.action.due is None, item.action.due or dt.date.max,
                                           item.entry.src_uri))


def lapsed_people(portfolio: Portfolio, today: dt.date) -> list[tuple[Person, Contact]]:
    found = [(person, contact(portfolio, person, today)) for person in portfolio.people]
    return sorted(((p, c) for p, c in found if c.lapsed), key=lambda pc: -pc[1].overdue_days)
