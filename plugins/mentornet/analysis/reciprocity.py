"""Give and take: what the owner received from each person and gave them, as the journal says.

Kram and Higgins end their advice on building a developmental network with helping your
supporters as much as they help you; a developmental relationship is one in which both people
give and receive. Journal entries record it (``received:`` and ``gave:``, each item optionally
opened by a kind of support); this module counts it per person over a window of days up to
today, and names the relationships that run one way and whether the owner mentors anyone.

Pure functions of a portfolio already passed through the audience gate: an entry an audience
may not see counts nowhere in its site. An entry naming several people counts for each of them;
entries dated after today (planned meetings) do not count yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from mentornet.analysis.settings import DEFAULTS, AnalysisSettings, window_words
from mentornet.core import vocabulary as v
from mentornet.core.model import Exchange, JournalEntry, Portfolio, days_after
from mentornet.core.yamldata import JsonMap

#: The two ways a thing can go, as the front matter names them.
DIRECTIONS = ("received", "gave")
#: How ``by_kind`` counts an item that names no kind of support.
UNSPECIFIED = "unspecified"
#: The role of someone the owner mentors.
MENTEE = "mentee"


@dataclass(frozen=True)
class Item:
    """One thing given or received, with the entry that records it."""

    exchange: Exchange
    entry: JournalEntry

    @property
    def text(self) -> str:
        return self.exchange.text

    @property
    def kind(self) -> Optional[str]:
        return self.exchange.kind

    @property
    def date(self) -> dt.date:
        return self.entry.date


@dataclass(frozen=True)
class PersonGiveTake:
    """What went each way between the owner and one person within the window, newest first."""

    person: str
    received: tuple[Item, ...] = ()
    gave: tuple[Item, ...] = ()
    #: ``"received"`` or ``"gave"`` when the relationship ran only that way, often enough to
    #: say so (``reciprocity_min_one_way``); None otherwise.
    one_way: Optional[str] = None
    #: How many days up to today were counted.
    window_days: int = DEFAULTS.reciprocity_window_days

    def __bool__(self) -> bool:
        return bool(self.received or self.gave)

    @property
    def window(self) -> str:
        """The window in words: "12 months"."""
        return window_words(self.window_days)

    @property
    def latest_received(self) -> Optional[Item]:
        return self.received[0] if self.received else None

    @property
    def latest_gave(self) -> Optional[Item]:
        return self.gave[0] if self.gave else None

    @property
    def by_kind(self) -> dict[str, dict[str, int]]:
        """Direction → kind of support (and ``unspecified``) → how many."""
        return {direction: _kinds(getattr(self, direction)) for direction in DIRECTIONS}

    def to_json(self) -> JsonMap:
        return {"received": len(self.received), "gave": len(self.gave), "by_kind": self.by_kind,
                "latest": {direction: _item_json(getattr(self, direction)) for direction in DIRECTIONS},
                "one_way": self.one_way}


def _kinds(items: tuple[Item, ...]) -> dict[str, int]:
    counts = dict.fromkeys((*v.SUPPORT.ids, UNSPECIFIED), 0)
    for item in items:
        counts[item.kind or UNSPECIFIED] += 1
    return counts


def _item_json(items: tuple[Item, ...]) -> Optional[JsonMap]:
    if not items:
        return None
    item = items[0]
    return {"date": item.date.isoformat(), "kind": item.kind, "text": item.text, "entry": item.entry.src_uri}


@dataclass(frozen=True)
class GiveAndTake:
    """Give and take across the network: every person's, and what the analysis says of it."""

    as_of: dt.date
    window_days: int
    min_one_way: int
    #: The people with anything given or received in the window, in the portfolio's order.
    people: dict[str, PersonGiveTake] = field(default_factory=dict)
    #: People still in the network from whom the owner only received (``one_way == "received"``) …
    only_receive: tuple[str, ...] = ()
    #: … and those the owner only gave to.
    only_give: tuple[str, ...] = ()
    #: People still in the network with the ``mentee`` role: whom the owner mentors.
    mentees: tuple[str, ...] = ()

    @property
    def window(self) -> str:
        """The window in words: "12 months"."""
        return window_words(self.window_days)

    @property
    def recorded(self) -> bool:
        """Whether anything given or received is recorded in the window."""
        return bool(self.people)

    @property
    def ranked(self) -> tuple[PersonGiveTake, ...]:
        """The people with most going either way first (then in the portfolio's order)."""
        return tuple(sorted(self.people.values(), key=lambda found: -(len(found.received) + len(found.gave))))

    def of(self, person_id: str) -> PersonGiveTake:
        return self.people.get(person_id) or PersonGiveTake(person_id, window_days=self.window_days)

    def to_json(self) -> JsonMap:
        """The keys ``mentornet analyze --json`` adds: ``reciprocity`` (person → counts each way,
        ``by_kind``, the latest of each and ``one_way``), ``reciprocity_window_days``, and
        ``reciprocity_summary`` (who runs one way, the threshold, whom the owner mentors)."""
        return {
            "reciprocity": {person_id: found.to_json() for person_id, found in self.people.items()},
            "reciprocity_window_days": self.window_days,
            "reciprocity_summary": {"only_receive": list(self.only_receive), "only_give": list(self.only_give),
                                    "min_one_way": self.min_one_way, "mentees": list(self.mentees)},
        }


def _settings_day(settings: AnalysisSettings, today: Optional[dt.date]) -> dt.date:
    return today or settings.as_of or dt.date.today()


def person_give_take(portfolio: Portfolio, person_id: str, settings: AnalysisSettings = DEFAULTS,
                     today: Optional[dt.date] = None) -> PersonGiveTake:
    """What went each way with one person within the window ending ``today`` (by default the
    settings' ``as_of``), newest first."""
    day = _settings_day(settings, today)
    start = days_after(day, -settings.reciprocity_window_days)  # held at the year 1
    entries = [entry for entry in portfolio.entries_with(person_id) if start < entry.date <= day]
    received = tuple(Item(exchange, entry) for entry in entries for exchange in entry.meta.received)
    gave = tuple(Item(exchange, entry) for entry in entries for exchange in entry.meta.gave)
    return PersonGiveTake(person_id, received, gave, _one_way(len(received), len(gave), settings),
                          settings.reciprocity_window_days)


def _one_way(received: int, gave: int, settings: AnalysisSettings) -> Optional[str]:
    least = settings.reciprocity_min_one_way
    if received >= least and not gave:
        return "received"
    if gave >= least and not received:
        return "gave"
    return None


def give_and_take(portfolio: Portfolio, settings: AnalysisSettings = DEFAULTS,
                  today: Optional[dt.date] = None) -> GiveAndTake:
    """Every person's give and take, who only receives or only gives, and whom the owner mentors."""
    day = _settings_day(settings, today)
    found = {person.id: person_give_take(portfolio, person.id, settings, day) for person in portfolio.people}
    active = portfolio.active_people
    return GiveAndTake(
        as_of=day, window_days=settings.reciprocity_window_days, min_one_way=settings.reciprocity_min_one_way,
        people={person_id: record for person_id, record in found.items() if record},
        only_receive=tuple(p.id for p in active if found[p.id].one_way == "received"),
        only_give=tuple(p.id for p in active if found[p.id].one_way == "gave"),
        mentees=tuple(p.id for p in active if MENTEE in p.roles))


def summary_lines(found: GiveAndTake, portfolio: Portfolio) -> list[str]:
    """The give and take in a few lines of the terminal summary (``mentornet analyze``)."""
    from mentornet.analysis.wording import names
    from mentornet.core.words import people_word

    lines = [f"Give and take (the last {found.window}): "
             + (f"recorded with {len(found.people)} {people_word(len(found.people))}."
                if found.recorded else "nothing recorded (`received:` and `gave:` in journal entries).")]
    if found.only_receive:
        lines.append(f"  You only receive from {names(portfolio, found.only_receive, 10)}: "
                     "ask what you can do for them.")
    if found.only_give:
        lines.append(f"  You only give to {names(portfolio, found.only_give, 10)}.")
    lines.append(f"  You mentor {names(portfolio, found.mentees, 10)}." if found.mentees else
                 "  You mentor nobody in your network (no one has the mentee role).")
    return lines
