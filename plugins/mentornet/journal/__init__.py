"""Rules of the mentoring journal: contact and cadences, open actions, listings, meeting preparation.

Pure functions of a :class:`~mentornet.core.model.Portfolio` (already filtered for the build's
audience) and of "today"; the page templates and ``mentornet prep`` render what they return.

Why the journal does not use mkdocs-material's blog plugin, and how it sits with the tags plugin
-----------------------------------------------------------------------------------------------

The **blog plugin** would give archive pages, category pages, excerpts and pagination, but it
reads its posts from the docs folder on its own: it collects them in its ``on_files`` and
``on_nav``, generates archive and category pages with excerpts of every post it found, and
expects its own front matter (``date`` as a mapping, ``categories``, ``authors``, ``draft``) in
``blog/posts/``. mentornet removes the entries an audience may not see at the end of
``on_files`` and validates its own front matter strictly; a private entry the blog plugin had
already collected would surface in an excerpt, an archive or a category page of a mentor's
site. So the journal's listings are mentornet's own pages, rendered from the audience-filtered
portfolio, paginated like the blog's (:data:`PAGE_SIZE` entries a page), with one listing per
kind instead of categories and the person pages as the "by person" filter.

The **tags plugin** is safe to use and works as it is: an entry's ``tags`` front matter is
passed through to MkDocs, and because entries the audience may not see are removed from the
files before any page is read, their tags never reach the tags index or ``tags.json``
(``tests/journal/test_journal.py`` builds a mentor site with the tags plugin to prove it). Enable it in
``mkdocs.yml`` if you want tag listings; mentornet does not require it.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Optional

from mentornet.core import fences, urls, vocabulary as v
from mentornet.core.model import Action, Goal, JournalEntry, Person, Portfolio, days_after

if TYPE_CHECKING:
    from mentornet.analysis.reciprocity import PersonGiveTake
    from mentornet.analysis.settings import AnalysisSettings

#: Entries on one listing page of the journal (the index, a kind's listing).
PAGE_SIZE = 100
#: Kinds of entry that are not contact with the people they name (thinking *about* them).
NOT_CONTACT = frozenset({"reflection"})
#: Actions due within this many days are "due soon" in the attention section.
SOON_DAYS = 7


# -- contact and cadence ------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    last: Optional[dt.date]
    #: Where ``last`` came from: "journal" or "last_contact".
    source: str
    next: Optional[dt.date]
    lapsed: bool
    #: Days since the next contact was due (0 when not lapsed).
    overdue_days: int


def _with(portfolio: Portfolio, person_id: str) -> list[JournalEntry]:
    """Entries naming a person, newest first."""
    return portfolio.entries_with(person_id)


def contact(portfolio: Portfolio, person: Person, today: dt.date) -> Contact:
    """The last contact is the newest journal entry with them, or ``last_contact`` if newer.

    Entries dated after today (a planned meeting) do not count, nor do reflections: thinking
    about someone is not being in touch with them.
    """
    last = next((entry.date for entry in _with(portfolio, person.id)
                 if entry.date <= today and entry.meta.kind not in NOT_CONTACT), None)
    source = "journal" if last else ""
    if person.last_contact and (last is None or person.last_contact > last):
        last, source = person.last_contact, "last_contact"
    days = person.cadence_days
    due = days_after(last, days) if (last and days) else None
    lapsed = bool(due and due < today and person.active)
    return Contact(last, source, due, lapsed, (today - due).days if lapsed and due else 0)


def lapsed_people(portfolio: Portfolio, today: dt.date) -> list[tuple[Person, Contact]]:
    """People whose cadence has lapsed, longest overdue first."""
    found = [(person, contact(portfolio, person, today)) for person in portfolio.people]
    return sorted(((p, c) for p, c in found if c.lapsed), key=lambda pc: (-pc[1].overdue_days, pc[0].name))


# -- actions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenAction:
    action: Action
    entry: JournalEntry
    overdue: bool


def _action_order(item: OpenAction):
    return (item.action.due is None, item.action.due or dt.date.max, item.entry.src_uri)


def open_actions(portfolio: Portfolio, today: dt.date, person_id: str | None = None) -> list[OpenAction]:
    """Actions not done yet, soonest due first (those without a due date last)."""
    entries = portfolio.journal if person_id is None else _with(portfolio, person_id)
    found = [OpenAction(action, entry, bool(action.due and action.due < today))
             for entry in entries for action in entry.meta.actions if not action.done]
    return sorted(found, key=_action_order)


# -- staying in touch -----------------------------------------------------------------------


@dataclass(frozen=True)
class Attention:
    """What needs the owner's attention today: the home page's ``attention`` section."""

    lapsed: tuple[tuple[Person, Contact], ...]
    overdue: tuple[OpenAction, ...]
    #: Open actions due within :data:`SOON_DAYS` days.
    soon: tuple[OpenAction, ...]

    def __bool__(self) -> bool:
        return bool(self.lapsed or self.overdue or self.soon)


def attention(portfolio: Portfolio, today: dt.date) -> Attention:
    actions = open_actions(portfolio, today)
    soon_until = days_after(today, SOON_DAYS)
    return Attention(
        lapsed=tuple(lapsed_people(portfolio, today)),
        overdue=tuple(a for a in actions if a.overdue),
        soon=tuple(a for a in actions if not a.overdue and a.action.due and a.action.due <= soon_until),
    )


# -- listings: the journal index and its filters ----------------------------------------------


@dataclass(frozen=True)
class PersonCount:
    person: Person
    entries: int
    last: dt.date


@dataclass(frozen=True)
class Summary:
    """The filters the journal index offers: kinds and people, with their counts."""

    total: int
    kinds: tuple[tuple[str, int], ...]
    people: tuple[PersonCount, ...]


@dataclass(frozen=True)
class Listing:
    """One page of a newest-first list of entries: the journal index, or a kind's listing."""

    src_uri: str
    title: str
    #: The kind this listing is filtered by, or None for every entry.
    kind: Optional[str]
    #: 1-based page number, and the src_uri of every page of this listing, in order.
    number: int
    pages: tuple[str, ...]
    entries: tuple[JournalEntry, ...]
    #: Position of the first entry on this page among all of the listing's entries (0-based).
    offset: int
    #: How many entries the listing holds across its pages.
    total: int
    summary: Summary = field(repr=False, compare=False)
    #: The first page of each kind's listing, by kind (kinds with entries only).
    kind_pages: tuple[tuple[str, str], ...] = ()

    @property
    def previous(self) -> Optional[str]:
        return self.pages[self.number - 2] if self.number > 1 else None

    @property
    def following(self) -> Optional[str]:
        return self.pages[self.number] if self.number < len(self.pages) else None


def listing_uri(kind: Optional[str], number: int) -> str:
    """``journal/index.md``, ``journal/page/2.md``, ``journal/kind/meeting.md``, ``journal/kind/meeting/page/2.md``."""
    base = "journal" if kind is None else f"journal/kind/{kind}"
    if number == 1:
        return "journal/index.md" if kind is None else f"{base}.md"
    return f"{base}/page/{number}.md"


def newest_first(entries) -> list[JournalEntry]:
    return sorted(entries, key=lambda e: (e.date, e.src_uri), reverse=True)


def summary(portfolio: Portfolio) -> Summary:
    kinds = tuple((kind, n) for kind in v.JOURNAL_KINDS.ids
                  if (n := sum(1 for e in portfolio.journal if e.meta.kind == kind)))
    people = []
    for person in portfolio.people:
        entries = _with(portfolio, person.id)
        if entries:
            people.append(PersonCount(person, len(entries), entries[0].date))
    return Summary(len(portfolio.journal), kinds, tuple(sorted(people, key=lambda p: p.person.name.lower())))


def listings(portfolio: Portfolio, page_size: int = PAGE_SIZE) -> list[Listing]:
    """Every listing page: the journal index (always, even when empty) and one series per kind.

    A journal of 5,000 entries becomes 50 index pages of 100 and about as many kind pages in
    all: each entry is listed once in the index and once under its kind, so the listings grow
    linearly with the journal, never as filters × people × entries.
    """
    everything = newest_first(portfolio.journal)
    found = summary(portfolio)
    kind_pages = tuple((kind, listing_uri(kind, 1)) for kind, _ in found.kinds)
    result: list[Listing] = []
    for kind in (None, *(k for k, _ in found.kinds)):
        entries = everything if kind is None else [e for e in everything if e.meta.kind == kind]
        count = max(1, -(-len(entries) // page_size))
        pages = tuple(listing_uri(kind, n) for n in range(1, count + 1))
        base = "Journal" if kind is None else f"Journal: {v.JOURNAL_KINDS.label(kind).lower()}s"
        for number in range(1, count + 1):
            title = base if number == 1 else f"{base} (page {number})"
            start = (number - 1) * page_size
            result.append(Listing(pages[number - 1], title, kind, number, pages,
                                  tuple(entries[start:start + page_size]), start, len(entries),
                                  found, kind_pages))
    return result


# -- meeting preparation ----------------------------------------------------------------


@dataclass(frozen=True)
class GoalHelp:
    """A goal of the owner's and the needs of it this person meets."""

    goal: Goal
    needs: tuple[str, ...]

    @property
    def need_labels(self) -> tuple[str, ...]:
        return tuple(v.need_label(need) for need in self.needs)


@dataclass(frozen=True)
class Prep:
    """What to bring to the next meeting with someone: one value, two renderings (the person
    page's "Before your next meeting" and ``mentornet prep``)."""

    person: Person
    contact: Contact
    actions: tuple[OpenAction, ...]
    #: The newest entry with them dated today or earlier, and its notes (the entry's body):
    #: the last contact, so reflections do not count (as in :func:`contact`).
    last: Optional[JournalEntry]
    #: The soonest entry with them dated after today: a meeting already planned.
    planned: Optional[JournalEntry]
    goals: tuple[GoalHelp, ...]
    #: What went each way with them lately (the analysis' own count: ``analysis.reciprocity``).
    give_take: Optional["PersonGiveTake"] = None

    @property
    def notes(self) -> str:
        return entry_notes(self.last) if self.last else ""

    @property
    def ask_what_you_can_do(self) -> bool:
        """The relationship has run one way, towards the owner, for a while: time to offer something."""
        return self.give_take is not None and self.give_take.one_way == "received"

    def __bool__(self) -> bool:
        return bool(self.actions or self.last or self.planned or self.goals or self.give_take)


def prep(portfolio: Portfolio, person: Person, today: dt.date,
         settings: Optional["AnalysisSettings"] = None) -> Prep:
    """What to bring to the next meeting with ``person``; ``settings``: the analysis' rules of
    thumb, which say how far back give and take is counted and when it runs one way."""
    from mentornet.analysis import gaps  # the same matching of needs to people as the analysis page
    from mentornet.analysis.reciprocity import person_give_take
    from mentornet.analysis.settings import DEFAULTS

    entries = _with(portfolio, person.id)
    last = next((e for e in entries if e.date <= today and e.meta.kind not in NOT_CONTACT), None)
    planned = next((e for e in reversed(entries) if e.date > today), None)
    helps = tuple(GoalHelp(goal, tuple(match.need for match in gap.needs if person.id in match.providers))
                  for goal, gap in zip(portfolio.profile.goals, gaps(portfolio, [person])))
    return Prep(person, contact(portfolio, person, today), tuple(open_actions(portfolio, today, person.id)),
                last, planned, tuple(h for h in helps if h.needs),
                person_give_take(portfolio, person.id, settings or DEFAULTS, today))


def entry_notes(entry: JournalEntry) -> str:
    """The body of an entry without its leading ``# Title`` heading, stripped."""
    lines = entry.body.strip("\n").splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and lines[0].startswith("# "):
        lines.pop(0)
    return "\n".join(lines).strip("\n")


_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")


def notes_for_page(entry: JournalEntry, here: str, escape: Callable[[str], str]) -> str:
    """An entry's notes to show on another page (``here``, a src_uri): its headings become bold
    lines (they must not break the page's outline), its relative links and images are
    rebased so they still point where they did, and raw HTML is shown as text (``escape``)."""
    entry_dir = posixpath.dirname(entry.src_uri)
    here_dir = posixpath.dirname(here)

    def rebase(target: str) -> str:
        bracketed = target.startswith("<")
        bare = target[1:-1] if bracketed else target
        if not urls.within_site(bare):
            return target
        if bare.startswith("#"):
            path = entry.src_uri + bare
        else:
            path = urls.joined(entry_dir, bare)
        moved = urls.relative(path.split("#")[0], here_dir) + ("#" + path.split("#", 1)[1] if "#" in path else "")
        return f"<{moved}>" if bracketed else moved

    out, fence = [], ""
    for line in entry_notes(entry).splitlines():
        opening = fences.opening(line)
        if fence:
            if fences.closes(line, fence):
                fence = ""
            out.append(line)
            continue
        if opening:
            fence = opening["fence"]
            out.append(line)
            continue
        heading = _HEADING.match(line)
        if heading:
            line = f"**{heading.group(2)}**"
        line = urls.INLINE_LINK.sub(lambda m: m["before"] + rebase(m["target"]), line)
        line = urls.REFERENCE_DEFINITION.sub(lambda m: m["before"] + rebase(m["target"]), line)
        out.append(line)
    return escape("\n".join(out))


def prep_text(found: Prep, kinds: v.Vocabulary = v.JOURNAL_KINDS) -> str:
    """``mentornet prep``: the same content as the person page's section, as plain text."""
    person, c = found.person, found.contact

    def day(value: Optional[dt.date]) -> str:
        return value.strftime("%-d %B %Y") if value else ""

    lines = [f"Before your next meeting with {person.name}", ""]
    if c.last:
        where = " (journal)" if c.source == "journal" else " (last_contact in people.yaml)"
        lines.append(f"Last contact: {day(c.last)}{where}")
    else:
        lines.append("Last contact: none recorded")
    if person.cadence:
        due = f", next by {day(c.next)}" if c.next else ""
        lapsed = f" — LAPSED, {c.overdue_days} days overdue" if c.lapsed else ""
        lines.append(f"Cadence: {person.cadence}{due}{lapsed}")
    if found.planned:
        lines.append(f"Planned: {found.planned.title} on {day(found.planned.date)}")
    lines += ["", f"Open actions ({len(found.actions)})"]
    for item in found.actions:
        due = f" (due {day(item.action.due)})" if item.action.due else ""
        mark = "OVERDUE " if item.overdue else ""
        owes = " (theirs)" if item.action.by == "them" else ""
        lines.append(f"  - {mark}{item.action.text}{owes}{due} — from \"{item.entry.title}\", {day(item.entry.date)}")
    if not found.actions:
        lines.append("  None.")
    lines.append("")
    if found.last:
        entry = found.last
        lines.append(f"Last time: {entry.title} ({kinds.label(entry.meta.kind).lower()}, {day(entry.date)})"
                     f" — {entry.src_uri}")
        if entry.meta.agenda:
            lines.append("  Agenda:")
            lines += [f"    {n}. {item}" for n, item in enumerate(entry.meta.agenda, 1)]
        if found.notes:
            lines.append("  Notes:")
            lines += [textwrap.indent(found.notes, "    ").rstrip()]
    else:
        lines.append("Last time: no journal entry with them yet.")
    given_and_taken = give_take_lines(found)
    if given_and_taken:
        lines += ["", *given_and_taken]
    lines += ["", f"Goals they help with ({len(found.goals)})"]
    for help_ in found.goals:
        lines.append(f"  - {help_.goal.text} ({help_.goal.horizon}): {', '.join(help_.need_labels)}")
    if not found.goals:
        lines.append("  None of your goals' needs, as your data stands.")
    return "\n".join(lines).rstrip() + "\n"


def give_take_lines(found: Prep) -> list[str]:
    """``mentornet prep``'s give and take: the latest thing each way, and a prompt when it has
    run one way towards you ("ask what you can do for them")."""
    record = found.give_take
    if record is None:
        return []
    lines = [f"Give and take, the last {record.window}: received {len(record.received)}, gave {len(record.gave)}"]
    for label, item in (("Last received", record.latest_received), ("Last given", record.latest_gave)):
        if item is None:
            lines.append(f"  {label}: nothing recorded")
        else:
            kind = f" ({item.kind})" if item.kind else ""
            lines.append(f"  {label}: {item.text}{kind}, {item.date.strftime('%-d %B %Y')}")
    if found.ask_what_you_can_do:
        lines.append(f"  It has run one way: you received {len(record.received)} times and gave nothing back. "
                     f"Ask what you can do for {found.person.name}.")
    return lines
