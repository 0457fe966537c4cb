"""The journal as a calendar: what is coming up, for a calendar app (RFC 5545, ``.ics``).

People keep their lives in a calendar, not in a site they must remember to open. The feed
holds three kinds of all-day event, each from the audience's portfolio alone:

- each person's **next contact**, from their cadence and the last contact (:func:`contact`);
  a lapsed one is dated today, so it shows where the reader looks;
- every open **action** with a due date (who owes it, when it says ``by: them``);
- every **planned meeting**: a journal entry dated after today.

UIDs come from stable ids alone, so a calendar app that subscribes (or imports the file again)
updates an event instead of adding it twice: a person's id (``contact-<id>``), a planned
meeting's file name (``entry-<file>``), and an action's own key (``action-<file>-<key>``): the
``id:`` the action is given, else a hash of its entry's file name and its text. Renaming
yourself, reordering people or inserting an action above another changes no UID; editing an
action's text without an ``id:`` makes it a new event. DTSTAMP is the feed's "today", so the
same data on the same day gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import icalendar

from mentornet.core import vocabulary as v
from mentornet.core.model import Action, JournalEntry, Portfolio
from mentornet.journal import contact

PRODID = "-//mentornet//mentoring network calendar//EN"
#: The feed's file in a site (published for the audiences whose ``calendar`` feature is on).
FILE = "calendar.ics"


@dataclass(frozen=True, order=True)
class Event:
    day: dt.date
    uid: str
    summary: str
    description: str = ""
    #: "contact", "action" or "meeting".
    kind: str = ""


#: The part after ``@`` of every UID. Not the profile's name: renaming yourself would make every
#: event new in a calendar that subscribed.
DOMAIN = "mentornet"


def action_key(entry: JournalEntry, action: Action, earlier: int = 0) -> str:
    """An action's stable key within its entry: its ``id``, else a hash of the entry's file name
    and its text (``earlier``: how many actions of the same text come before it there)."""
    if action.id:
        return action.id
    digest = hashlib.sha256(f"{entry.src_uri}\n{action.text}".encode("utf-8")).hexdigest()[:12]
    return digest if not earlier else f"{digest}-{earlier + 1}"


def action_keys(entry: JournalEntry) -> list[str]:
    """The key of each of an entry's actions, in order."""
    seen: dict[str, int] = {}
    keys = []
    for action in entry.meta.actions:
        same = action.id or action.text
        keys.append(action_key(entry, action, seen.get(same, 0)))
        seen[same] = seen.get(same, 0) + 1
    return keys


def events(portfolio: Portfolio, today: dt.date) -> list[Event]:
    """Every event of the feed, by day (pure: the audience's portfolio and today in)."""
    domain = DOMAIN
    found: list[Event] = []
    for person in portfolio.people:
        if not person.active or not person.cadence:
            continue
        seen = contact(portfolio, person, today)
        if seen.next is None:
            continue
        last = f"Last contact: {seen.last.isoformat()}." if seen.last else ""
        if seen.lapsed:
            summary = f"Get in touch with {person.name} (due {seen.next.isoformat()})"
        else:
            summary = f"Get in touch with {person.name}"
        found.append(Event(max(seen.next, today), f"contact-{person.id}@{domain}", summary,
                           f"Cadence: {person.cadence}. {last}".strip(), "contact"))
    for entry in portfolio.journal:
        names = [portfolio.people_by_id[p].name for p in entry.meta.people if p in portfolio.people_by_id]
        with_whom = f" ({', '.join(names)})" if names else ""
        for key, action in zip(action_keys(entry), entry.meta.actions):
            if action.done or action.due is None:
                continue
            owes = f"Due from {' and '.join(names) or 'them'}: " if action.by == "them" else "Due: "
            found.append(Event(action.due, f"action-{entry.slug}-{key}@{domain}", owes + action.text,
                               f"From the journal entry \"{entry.title}\" of {entry.date.isoformat()}{with_whom}.",
                               "action"))
        if entry.date > today and entry.meta.kind not in ("reflection",):
            agenda = "".join(f"\n- {item}" for item in entry.meta.agenda)
            about = f"{v.JOURNAL_KINDS.label(entry.meta.kind)}." + (f"\nAgenda:{agenda}" if agenda else "")
            found.append(Event(entry.date, f"entry-{entry.slug}@{domain}", entry.title + with_whom, about,
                               "meeting"))
    return sorted(found)


def _plain(text: str) -> str:
    """Text for a calendar app: some (Google's, Outlook) render HTML in an event, so angle
    brackets become look-alikes and a name can never become markup there."""
    return text.replace("<", "\u2039").replace(">", "\u203a")


@dataclass(frozen=True)
class Feed:
    """All a feed's bytes are made from (what the site's cache keeps the file by)."""

    name: str
    today: dt.date
    events: tuple[Event, ...]


def feed(portfolio: Portfolio, today: dt.date) -> Feed:
    return Feed(portfolio.profile.name, today, tuple(events(portfolio, today)))


def ics_bytes(portfolio: Portfolio, today: dt.date) -> bytes:
    """The feed as an iCalendar file: the same portfolio on the same day gives the same bytes."""
    return ics_of(feed(portfolio, today))


def ics_of(found: Feed) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _plain(f"{found.name}: mentoring network"))
    stamp = dt.datetime.combine(found.today, dt.time(0, 0), tzinfo=dt.timezone.utc)
    for event in found.events:
        item = icalendar.Event()
        item.add("uid", event.uid)
        item.add("dtstamp", stamp)
        item.add("dtstart", event.day)
        if event.day < dt.date.max:  # an all-day event without DTEND lasts its day (RFC 5545 3.6.1)
            item.add("dtend", event.day + dt.timedelta(days=1))
        item.add("summary", _plain(event.summary))
        if event.description:
            item.add("description", _plain(event.description))
        item.add("categories", [event.kind])
        item.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        calendar.add_component(item)
    return calendar.to_ical()
