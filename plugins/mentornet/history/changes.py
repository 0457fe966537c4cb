"""How the network changed across commits: snapshots, the changes between them, measures over time.

Pure functions of portfolios (reading Git is :mod:`.gitread`'s job, and its neighbours').
A *snapshot* is the portfolio as it stood at one commit that touched the data or the journal (or the working
tree, when it has uncommitted changes). Between two consecutive snapshots a :class:`Change`
says who joined, who left, which fields of whom changed, which ties appeared or went; a
tie is reported under the ties, never as a field change of the two people.

Someone *joins* when they become an active member of the network (added to the data, or
``until`` removed) and *leaves* when they stop being one (removed, or ``until`` set).

Privacy: :func:`for_audience` filters every snapshot through the one gate, and hides in
every snapshot anyone hidden now, and anyone who left while hidden. :func:`build` then
keeps, for an audience other than the owner, only the snapshots where something it may see
changed: a commit that changed only hidden things is no snapshot of its history, so no count,
"then and now" or chart's end date can tell it was made. Its log names no left-out commit.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import compress
from typing import TYPE_CHECKING, Iterable, Optional, Sequence

from mentornet import analysis
from mentornet.analysis.wording import sentence
from mentornet.core import vocabulary as v
from mentornet.audience.gate import Gate
from mentornet.audience.view import Audience, OWNER
from mentornet.core.model import Sharing
from mentornet.core.identity import IdentityMap
from mentornet.core.model import Person, Portfolio, day_text, on_date
from mentornet.core.yamldata import Json
from mentornet.history.differ import Memo, active_after, active_people, entries_apart, tie_changes
from mentornet.history.wording import describe, field_change_text, joined_text, json_value

if TYPE_CHECKING:
    from mentornet.history.charts import Chart

#: The fields of a person whose changes the history reports, in the order it reports them.
#: ``knows`` is reported as ties, ``until`` as leaving; notes, links, contact dates, visibility
#: and the (sensitive) attributes are not reported.
TRACKED_FIELDS: tuple[str, ...] = (
    "name", "closeness", "support", "roles", "seniority", "inside", "social_system", "influence",
    "purposes", "knowing", "mentoring", "formal", "cadence", "title", "organisation", "since",
)

UNCOMMITTED = "uncommitted"
_ID = operator.attrgetter("id")


@dataclass(frozen=True)
class Snapshot:
    """The portfolio as it stood at one commit (or in the working tree: ``commit == "uncommitted"``)."""

    commit: str
    date: Optional[dt.datetime]
    subject: str
    portfolio: Portfolio
    #: Tags pointing at this commit.
    tags: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return self.commit if self.commit == UNCOMMITTED else self.commit[:7]

    @property
    def day(self) -> Optional[dt.date]:
        return self.date.date() if self.date else None

    @property
    def label(self) -> str:
        """How pages name the snapshot: a tag, else the date and short id, else "uncommitted"."""
        if self.commit == UNCOMMITTED:
            return "uncommitted changes"
        if self.tags:
            return self.tags[0]
        return f"{day_text(self.day)} · {self.short}".strip(" ·")


@dataclass(frozen=True)
class FieldChange:
    field: str
    #: The field's values, as the model holds them (text, a date, a tuple of terms, ...).
    old: object
    new: object


@dataclass(frozen=True)
class PersonChange:
    id: str
    name: str
    fields: tuple[FieldChange, ...]

    @property
    def text(self) -> str:
        """``closeness moderate → close; support + career`` (plain text)."""
        return "; ".join(field_change_text(f) for f in self.fields)


@dataclass(frozen=True)
class Change:
    """What changed between two portfolios (``before`` is None for the first snapshot)."""

    before: Optional[Portfolio]
    after: Portfolio
    joined: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    changed: tuple[PersonChange, ...] = ()
    ties_added: tuple[tuple[str, str], ...] = ()
    ties_removed: tuple[tuple[str, str], ...] = ()
    entries_added: tuple[str, ...] = ()
    entries_removed: tuple[str, ...] = ()
    audits_added: tuple[dt.date, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.joined or self.left or self.changed or self.ties_added or self.ties_removed
                    or self.entries_added or self.entries_removed or self.audits_added)

    @property
    def people_changed(self) -> bool:
        return bool(self.joined or self.left or self.changed or self.ties_added or self.ties_removed)

    def name(self, person_id: str) -> str:
        for portfolio in (self.after, self.before):
            if portfolio is not None and person_id in portfolio.people_by_id:
                return portfolio.people_by_id[person_id].name
        return person_id

    def person(self, person_id: str) -> Optional[PersonChange]:
        return next((c for c in self.changed if c.id == person_id), None)

    def to_json(self) -> dict[str, Json]:
        """``added``, ``removed``, ``changed`` (id → {field: [old, new]}), ``ties_added``, ``ties_removed``."""
        return {
            "added": list(self.joined),
            "removed": list(self.left),
            "changed": {c.id: {f.field: [json_value(f.old), json_value(f.new)] for f in c.fields}
                        for c in self.changed},
            "ties_added": [list(tie) for tie in self.ties_added],
            "ties_removed": [list(tie) for tie in self.ties_removed],
        }

    def sentences(self, every_tie: bool = False) -> list[str]:
        """The change in words, one sentence per fact (plain text: escape it for Markdown).

        ``every_tie`` also names the ties of people who joined or left (``mentornet diff``
        says all that ``--json`` does; a page leaves them to the person's own history)."""
        lines = []
        for person_id in self.joined:
            person = self.after.people_by_id[person_id]
            facts = describe(person)
            back = self.before is not None and person_id in self.before.people_by_id
            said = "came back" if back else joined_text(person)
            lines.append(f"{person.name} {said}" + (f": {facts}" if facts else ""))
        for person_id in self.left:
            leaving = self.after.people_by_id.get(person_id)
            if leaving is not None and leaving.until is not None:
                lines.append(f"{leaving.name} left {on_date(leaving.until)}")
            else:
                lines.append(f"{self.name(person_id)} left")
        for change in self.changed:
            lines.append(f"{change.name}: {change.text}")
        # ties that come and go with a person who joins or leaves go without saying
        moved = set() if every_tie else set(self.joined) | set(self.left)
        for a, b in self.ties_added:
            if a not in moved and b not in moved:
                lines.append(f"{self.name(a)} and {self.name(b)} now know each other")
        for a, b in self.ties_removed:
            if a not in moved and b not in moved:
                lines.append(f"{self.name(a)} and {self.name(b)} no longer know each other")
        if self.audits_added:
            days = ", ".join(day_text(day) for day in self.audits_added)
            lines.append(f"network audit of {days} recorded" if len(self.audits_added) == 1
                         else f"network audits of {days} recorded")
        if self.entries_added:
            n = len(self.entries_added)
            lines.append(f"{n} journal {'entry' if n == 1 else 'entries'} added")
        if self.entries_removed:
            n = len(self.entries_removed)
            lines.append(f"{n} journal {'entry' if n == 1 else 'entries'} removed")
        return [sentence(line) for line in lines]


# --------------------------------------------------------------------------- diff


def compare(before: Optional[Portfolio], after: Portfolio,
            actives: Optional[tuple[dict[str, Person], dict[str, Person]]] = None) -> Change:
    """What changed from ``before`` to ``after`` (``actives``: their active people, if known)."""
    joined: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    changed: list[PersonChange] = []
    ties_added: set[tuple[str, str]] = set()
    ties_removed: set[tuple[str, str]] = set()
    if before is None or before.people is not after.people:  # revisions share an unchanged people.yaml
        old, new = actives or (active_people(before), active_people(after))
        # who is not the very person they were (joined, or changed): found without a loop in
        # Python over a thousand people, most of them the same objects in both
        differ = tuple(compress(new, map(operator.is_not, map(old.get, new), new.values())))
        gone = old.keys() - new.keys()
        joined = tuple(pid for pid in differ if pid not in old)
        left = tuple(compress(old, map(gone.__contains__, old))) if gone else ()
        for pid in differ:
            previous, person = old.get(pid), new[pid]
            if previous is None:
                continue
            fields = tuple(FieldChange(name, getattr(previous, name), getattr(person, name))
                           for name in TRACKED_FIELDS if getattr(previous, name) != getattr(person, name))
            if fields:
                changed.append(PersonChange(pid, person.name, fields))
        touched = set(differ) | gone
        ties_added, ties_removed = tie_changes(touched, set(joined), gone, old, new)
    old_entries: set[str]
    new_entries: set[str]
    if before is not None and before.journal is after.journal:
        old_entries = new_entries = set()  # the same entries, as revisions share what did not change
    else:
        old_entries, new_entries = entries_apart(before.journal if before is not None else (), after.journal)
    old_audits = {a.date for a in before.audits} if before is not None else set()
    return Change(
        before=before, after=after, joined=joined, left=left,
        changed=tuple(sorted(changed, key=lambda c: (c.name.lower(), c.id))),
        ties_added=tuple(sorted(ties_added)), ties_removed=tuple(sorted(ties_removed)),
        entries_added=tuple(sorted(new_entries - old_entries)),
        entries_removed=tuple(sorted(old_entries - new_entries)),
        audits_added=tuple(sorted({a.date for a in after.audits} - old_audits)),
    )


# --------------------------------------------------------------------------- audience


def hidden_ids(snapshots: Sequence[Snapshot], audience: Audience, policy: Sharing, ever: bool = False) -> set[str]:
    """People to hide from every snapshot: hidden in the latest one, or hidden when last seen
    (with ``ever``: hidden in any of them, as ``mentornet diff`` hides them)."""
    if audience.owner or not snapshots:
        return set()
    last_seen: dict[str, Person] = {}
    hidden: set[str] = set()
    previous = None
    for snapshot in snapshots:
        people = snapshot.portfolio.people
        if people is previous:
            continue  # revisions share an unchanged people.yaml
        previous = people
        last_seen.update(zip(map(_ID, people), people))
        if ever:
            hidden.update(person.id for person in people if not audience.sees(policy.of(person.visibility)))
    latest = snapshots[-1].portfolio.people_by_id
    for person_id, person in last_seen.items():
        current = latest.get(person_id, person)
        if not audience.sees(policy.of(current.visibility)):
            hidden.add(person_id)
    return hidden


def for_audience(snapshots: Sequence[Snapshot], audience: Audience, policy: Sharing,
                 ever: bool = False) -> list[Snapshot]:
    """Every snapshot as ``audience`` may see it under the build's ``policy`` (the current one,
    for every revision: see the module's note on privacy); with ``ever``, anyone hidden in any
    snapshot is hidden in all (see :func:`hidden_ids`)."""
    if audience.owner:
        return list(snapshots)
    hidden = hidden_ids(snapshots, audience, policy, ever)
    latest = snapshots[-1].portfolio if snapshots else None
    hidden_entries: set[str] = set()
    if latest is not None:
        hidden_entries = {e.src_uri for e in latest.journal
                          if not audience.sees(policy.of(e.meta.visibility))}
    hidden_audits = {a.date for a in latest.audits
                     if not audience.sees(policy.of(a.visibility))} if latest else set()
    # one gate for every snapshot: it sees again only what each commit changed
    gate = Gate(audience, policy, hidden, hidden_entries, hidden_audits)
    results = []
    seen: IdentityMap[Portfolio, Portfolio] = IdentityMap()  # snapshots may share a portfolio
    for snapshot in snapshots:
        portfolio = snapshot.portfolio
        subject = snapshot.subject if audience.commit_subjects else ""
        results.append(replace(snapshot, portfolio=seen.made(portfolio, partial(gate, portfolio)), subject=subject))
    return results


# --------------------------------------------------------------------------- the history


@dataclass(frozen=True)
class Measures:
    """The measures of one snapshot that the history charts."""

    size: int
    range: int
    density: Optional[float]
    diversity: Optional[float]
    support: dict[str, int]


def measures(portfolio: Portfolio) -> Measures:
    """Size, range (social systems), density, diversity (mean IQV over the categorical fields,
    as the analysis reads it: closeness and inside/outside left out) and the balance of support."""
    people = portfolio.active_people
    ids = [p.id for p in people]
    members = set(ids)
    ties = [t for t in portfolio.ties if t[0] in members and t[1] in members]
    n = len(people)
    iqvs = [analysis.diversity_of(people, name, portfolio).iqv for name in analysis.CATEGORICAL_FIELDS
            if name not in ("inside", "closeness")]
    known = [x for x in iqvs if x is not None]
    return Measures(
        size=n, range=len(analysis._systems(people)), density=analysis.density(n, len(ties)),
        diversity=sum(known) / len(known) if known else None,
        support=analysis.balance_of(people, v.SUPPORT),
    )


@dataclass
class History:
    """Everything the history pages show, for one audience."""

    snapshots: list[Snapshot] = field(default_factory=list)
    #: changes[i] leads to snapshots[i] (changes[0] from nothing).
    changes: list[Change] = field(default_factory=list)
    #: Why there is no history, when there is none (not a Git repository, no commits).
    unavailable: str = ""
    warnings: list[str] = field(default_factory=list)
    #: Commits left out because their data does not load (why, in a sentence each).
    skipped: list[str] = field(default_factory=list)
    shallow: bool = False
    #: The "then and now" pair: (label, snapshot) each.
    then: Optional[Snapshot] = None
    now: Optional[Snapshot] = None
    comparison: Optional[Change] = None
    #: Measures at the charted snapshots (at most ``MAX_POINTS``, first and last included).
    points: list[tuple[Snapshot, Measures]] = field(default_factory=list)
    #: Charts by file name (made by :mod:`.historycharts`).
    charts: dict[str, Chart] = field(default_factory=dict)
    #: What reading Git took: revisions, how many came from the cache, blobs read and parsed.
    stats: dict[str, int] = field(default_factory=dict)
    #: A digest of everything this history was made from ("" when not known): see gitread.
    key: str = ""
    _index: Optional[dict[str, list[int]]] = field(default=None, repr=False)

    @property
    def available(self) -> bool:
        return bool(self.snapshots)

    def timeline(self, limit: Optional[int] = None, owner: bool = True) -> list[tuple[Snapshot, Change]]:
        """Newest first; snapshots whose change this audience cannot see are left out
        (for the owner, commits that changed nothing shown still appear)."""
        pairs = [(s, c) for s, c in zip(self.snapshots, self.changes) if not c.empty or owner]
        pairs.reverse()
        return pairs[:limit] if limit else pairs

    def measures_of(self, snapshot: Snapshot) -> Measures:
        for charted, found in self.points:
            if charted is snapshot:
                return found
        return measures(snapshot.portfolio)

    def _by_person(self) -> dict[str, list[int]]:
        if self._index is None:
            index: dict[str, list[int]] = {}
            for number, change in enumerate(self.changes):
                ids = set(change.joined) | set(change.left) | {c.id for c in change.changed}
                for tie in change.ties_added + change.ties_removed:
                    ids.update(tie)
                for person_id in sorted(ids):
                    index.setdefault(person_id, []).append(number)
            self._index = index
        return self._index

    def person(self, person_id: str) -> list[tuple[Snapshot, Change]]:
        """The snapshots where this person joined, left or changed, oldest first."""
        return [(self.snapshots[i], self.changes[i]) for i in self._by_person().get(person_id, ())]

    def find(self, revision: str) -> Snapshot:
        """A snapshot by tag, by (the start of) its commit id, or ``first`` / ``latest``."""
        if self.snapshots and revision == "first":
            return self.snapshots[0]
        if self.snapshots and revision in ("latest", "now"):
            return self.snapshots[-1]
        for snapshot in reversed(self.snapshots):
            if revision in snapshot.tags or (len(revision) >= 4 and snapshot.commit.startswith(revision)):
                return snapshot
        for ends in (self.then, self.now):
            if ends is not None and revision in ends.tags:
                return ends
        raise LookupError(f"no snapshot of the history is called '{revision}': use a tag, a commit id "
                          "of the history page, 'first' or 'latest'")

    def pair(self, argument: str = "") -> tuple[Portfolio, Portfolio, tuple[str, str]]:
        """Two portfolios to draw the difference of: the "then and now", or ``A..B``."""
        if not argument:
            if self.then is None or self.now is None:
                raise LookupError(self.unavailable or "there is no history to compare yet")
            return self.then.portfolio, self.now.portfolio, (self.then.label, self.now.label)
        first, separator, second = argument.partition("..")
        if not separator or not first or not second:
            raise LookupError(f"write the difference between two snapshots as 'difference: A..B' "
                              f"(got '{argument}')")
        a, b = self.find(first), self.find(second)
        return a.portfolio, b.portfolio, (a.label, b.label)

    def first_seen(self, person_id: str) -> Optional[Snapshot]:
        """The latest snapshot where they joined (they may have left and come back)."""
        found = None
        for snapshot, change in self.person(person_id):
            if person_id in change.joined:
                found = snapshot
        return found

    def person_sentences(self, person_id: str, change: Change) -> list[str]:
        """What one change meant for one person, in words."""
        lines = []
        if person_id in change.joined:
            person = change.after.people_by_id[person_id]
            facts = describe(person)
            said = "Joined your network" if person.since is None else sentence(joined_text(person))
            lines.append(said + (f": {facts}" if facts else ""))
        if person_id in change.left:
            lines.append("Left your network")
        own = change.person(person_id)
        if own is not None:
            for f in own.fields:
                text = field_change_text(f)
                lines.append(f"Closeness: {text}" if f.field == "closeness" else sentence(text))
        for a, b in change.ties_added:
            if person_id in (a, b):
                lines.append(f"Now knows {change.name(b if a == person_id else a)}")
        for a, b in change.ties_removed:
            if person_id in (a, b):
                lines.append(f"No longer knows {change.name(b if a == person_id else a)}")
        return lines


#: Charts show at most this many points; longer histories are sampled evenly.
MAX_POINTS = 120


@dataclass(frozen=True)
class Notice:
    """A warning of the history, in the owner's words and in words any audience may read
    (why a revision does not load may quote anyone's data): each audience is told its own."""

    text: str
    shared: str

    def told(self, audience: Audience) -> str:
        return audience.told(self.text, self.shared)


def left_out(skipped: Sequence[str], audience: Audience) -> list[str]:
    """What a build for ``audience`` says of the commits left out: each one for the owner; for
    anyone else only how many (a commit's subject and why it does not load may name anyone)."""
    if audience.owner or not skipped:
        return list(skipped)
    n = len(skipped)
    return [f"{n} past {'commit' if n == 1 else 'commits'} left out ({'its' if n == 1 else 'their'} data "
            "does not load); build the owner's site to see which"]


def build(snapshots: Sequence[Snapshot], *, compare_with: Optional[tuple[Snapshot, Snapshot]] = None,
          unavailable: str = "", warnings: Iterable[Notice] = (), skipped: Iterable[str] = (),
          shallow: bool = False, memo: Optional[Memo] = None, audience: Audience = OWNER) -> History:
    """The history of (already audience-filtered) snapshots, oldest first.

    For an ``audience`` other than the owner, snapshots in which nothing it may see changed
    are left out (see the module's note), and left-out commits are only counted."""
    memo = memo or Memo()
    told = [notice.told(audience) for notice in warnings]
    history = History(snapshots=list(snapshots), unavailable=unavailable, warnings=told,
                      skipped=left_out(list(skipped), audience), shallow=shallow)
    previous: Optional[Portfolio] = None
    previous_active: dict[str, Person] = {}
    kept: list[Snapshot] = []
    for snapshot in history.snapshots:
        after = snapshot.portfolio
        # revisions share the people tuple when people.yaml did not change
        active = active_after(previous, previous_active, after)
        change = memo.get((previous, after), compare, previous, after, (previous_active, active))
        if audience.shared and change.empty:
            continue  # nothing this audience may see changed: no snapshot of its history
        kept.append(snapshot)
        history.changes.append(change)
        previous, previous_active = after, active
    if audience.shared:
        if not kept and history.snapshots:  # nothing it sees ever changed: the network as it began
            kept = [history.snapshots[0]]
            history.changes = [compare(None, kept[0].portfolio)]
        history.snapshots = kept
        if compare_with is not None:
            compare_with = (_as_seen(compare_with[0], kept), _as_seen(compare_with[1], kept))
    if history.snapshots:
        then, now = compare_with or (history.snapshots[0], history.snapshots[-1])
        history.then, history.now = then, now
        history.comparison = memo.get((then.portfolio, now.portfolio), compare, then.portfolio, now.portfolio)
        history.points = _points(history, memo)
    memo.forget_unused()
    return history


def _as_seen(snapshot: Snapshot, kept: Sequence[Snapshot]) -> Snapshot:
    """A compared revision as the audience's history has it: the latest kept snapshot it cannot
    be told from (its commit and date, the revision's name), so "then and now" names no commit
    that changed only hidden things."""
    same = [s for s in kept if (s.day is None or snapshot.day is None or s.day <= snapshot.day)
            and compare(s.portfolio, snapshot.portfolio).empty]
    if not same:
        return snapshot
    return replace(same[-1], tags=snapshot.tags + tuple(t for t in same[-1].tags if t not in snapshot.tags))


def _points(history: History, memo: Memo) -> list[tuple[Snapshot, Measures]]:
    chosen = [i for i, c in enumerate(history.changes) if c.people_changed or i == 0]
    if history.snapshots and (len(history.snapshots) - 1) not in chosen:
        chosen.append(len(history.snapshots) - 1)
    if len(chosen) > MAX_POINTS:
        step = (len(chosen) - 1) / (MAX_POINTS - 1)
        chosen = sorted({chosen[round(k * step)] for k in range(MAX_POINTS)})
    points = []
    for index in chosen:
        portfolio = history.snapshots[index].portfolio
        points.append((history.snapshots[index], memo.get((portfolio,), measures, portfolio)))
    return points
