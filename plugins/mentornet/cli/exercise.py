"""``mentornet exercise``: the Developmental Network Exercise as a conversation in the terminal.

The worksheet (after Kram & Higgins) asks a person to think back over the last year or two and
name, for each of three kinds of support, the people who gave it; then to mark each one close,
moderate or distant, inside or outside their organisation, senior, peer or junior. This command
asks the same questions and writes the answers where the portfolio keeps its people. Run on a
network that already has people, it is the reassessment the exercise recommends as goals
change: still close? still helping in the same way? anyone new? anyone gone?

The questions are asked at the edge (:mod:`mentornet.cli.guided`); what the answers make is
plain data (:class:`Draft`), and the grid shown at the end comes from the portfolio as it will
be once written, read and validated in memory like ``mentornet check`` reads it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

import click

from mentornet.analysis.measures import support_grid
from mentornet.cli import guided
from mentornet.cli.finding import candidates
from mentornet.cli.importing import slug
from mentornet.core import vocabulary as v
from mentornet.core.model import Person, Portfolio
from mentornet.core.problems import did_you_mean
from mentornet.core.layout import Layout
from mentornet.core.words import people_word
from mentornet.core.yamldata import YamlMap

#: The starter's example person: a first exercise offers to take it out.
STARTER_EXAMPLE = ("first-mentor", "First Mentor")


@dataclass
class Draft:
    """A person as the session knows them: someone already in the network (``person`` set) or
    someone named for the first time; the fields are what the file will say."""

    id: str
    name: str
    person: Optional[Person] = None
    support: list[str] = field(default_factory=list)
    closeness: Optional[str] = None
    inside: Optional[bool] = None
    seniority: Optional[str] = None
    title: str = ""
    organisation: str = ""
    social_system: Optional[str] = None
    knows: list[str] = field(default_factory=list)
    until: Optional[str] = None

    @classmethod
    def of(cls, person: Person) -> "Draft":
        return cls(person.id, person.name, person, list(person.support), person.closeness, person.inside,
                   person.seniority, person.title, person.organisation, person.social_system, list(person.knows))

    @property
    def new(self) -> bool:
        return self.person is None

    def record(self) -> YamlMap:
        """A new person as the file will hold them (private, as anything unmarked)."""
        fields: YamlMap = {"id": self.id, "name": self.name, "title": self.title,
                                  "organisation": self.organisation, "inside": self.inside,
                                  "seniority": self.seniority, "closeness": self.closeness,
                                  "support": _in_order(self.support, v.SUPPORT),
                                  "social_system": self.social_system, "knows": self.knows,
                                  "visibility": "private"}
        return {key: value for key, value in fields.items() if value not in (None, "", [])}

    def changes(self) -> YamlMap:
        """What differs from the person as the file has them (``None``: take the field out)."""
        assert self.person is not None
        before = Draft.of(self.person)
        changed: YamlMap = {}
        if set(self.support) != set(before.support):
            changed["support"] = _in_order(self.support, v.SUPPORT) or None
        if self.closeness != before.closeness:
            changed["closeness"] = self.closeness
        if self.knows != before.knows:
            changed["knows"] = self.knows or None
        if self.until:
            changed["until"] = self.until
        return changed


def _in_order(ids: Iterable[str], vocabulary: v.Vocabulary) -> list[str]:
    chosen = set(ids)
    return [term for term in vocabulary.ids if term in chosen]


def month_of(day: dt.date) -> str:
    """``until`` for someone gone this month: the month, as people remember it."""
    return f"{day.year:04d}-{day.month:02d}"


def new_id(name: str, taken: set[str]) -> str:
    """An id for a new person from their name (the project's slug), unique among ``taken``."""
    base = slug(name)
    made, number = base, 2
    while made in taken:
        made, number = f"{base}-{number}", number + 1
    return made


# -- the conversation ----------------------------------------------------------------------------


class Session:
    """The people of one guided session, and the questions about them."""

    def __init__(self, asker: guided.Asker, portfolio: Portfolio, today: dt.date):
        self.asker = asker
        self.portfolio = portfolio
        self.today = today
        #: Everyone the session may name: the active people, then those named for the first time.
        self.drafts: dict[str, Draft] = {p.id: Draft.of(p) for p in portfolio.active_people}
        self.taken = {p.id for p in portfolio.people} | {p.id for p in portfolio.plan.prospects}
        #: The people named in this session, in the order they were named.
        self.named: list[str] = []

    @property
    def new_people(self) -> list[Draft]:
        return [draft for draft in self.drafts.values() if draft.new]

    def recognise(self, typed: str) -> Draft:
        """The person a typed name means: someone known (by id, name or part of a name, with a
        did-you-mean for a typo), or someone new, asked about when in doubt."""
        people = list(self.drafts.values())
        found = candidates(people, typed)
        exact = [d for d in found if d.id == typed.strip() or d.name.casefold() == typed.strip().casefold()]
        if len(exact) == 1:
            return exact[0]
        if found:
            choices = [(f"{d.name}" + ("" if d.new else " (in your network)"), d.id) for d in found[:20]]
            choices.append((f"Someone new called {typed}", ""))
            chosen = self.asker.select(f"Whom do you mean by '{typed}'?", choices)
            if chosen:
                return self.drafts[chosen]
        else:
            spellings = {d.name.casefold(): d for d in people}
            near = did_you_mean(typed.strip().casefold(), spellings).match
            if near and self.asker.confirm(f"Did you mean {spellings[near].name}?", default=True):
                return spellings[near]
        made = Draft(new_id(typed, self.taken), typed.strip())
        self.taken.add(made.id)
        self.drafts[made.id] = made
        return made

    def name(self, typed: str) -> Draft:
        draft = self.recognise(typed)
        if draft.until:  # said to be gone a moment ago, named again: back in the network
            draft.until = None
            click.echo(f"  {draft.name} stays in your network after all.")
        if draft.id not in self.named:
            self.named.append(draft.id)
        return draft

    def support_round(self, kind: str) -> None:
        """Names, one a line, of the people who gave one kind of support."""
        term = v.SUPPORT.by_id[kind]
        click.echo(f"\n{term.label}: {term.help}")
        click.echo("Type one name a line; an empty line goes on.")
        while True:
            typed = self.asker.text(f"{term.label}:")
            if not typed:
                return
            before = set(self.named)
            draft = self.name(typed)
            fresh = kind not in draft.support
            if fresh:
                draft.support.append(kind)
            known = "already in your network" if not draft.new else \
                "named above" if draft.id in before else "new to your network"
            click.echo(f"  {draft.name}: {known}" + ("" if fresh else f", already for {term.label.lower()}"))

    def details(self, draft: Draft) -> None:
        """The worksheet's questions about someone new."""
        ask, name = self.asker, draft.name
        click.echo(f"\nAbout {name}:")
        draft.closeness = ask.select(f"How close is your relationship with {name}?",
                                     [(f"{t.label}: {t.help}", t.id) for t in v.CLOSENESS])
        draft.inside = ask.select(f"Is {name} inside or outside your organisation?",
                                  [("Inside my organisation", True), ("Outside it", False)])
        draft.seniority = ask.select(f"Compared with you, {name} is",
                                     [(f"{t.label}: {t.help.lower()}", t.id) for t in v.SENIORITY])
        draft.title = ask.text(f"{name}'s title or role (optional, Enter to skip):")
        draft.organisation = ask.text(f"{name}'s organisation (optional, Enter to skip):")
        systems = [(f"{t.label}: {t.help}" if t.help else t.label, t.id) for t in self.portfolio.social_systems]
        draft.social_system = ask.select(f"Which social system is {name} part of?",
                                         [("Skip this question", ""), *systems],
                                         default="institution" if draft.inside else "") or None

    def ties(self, ids: Sequence[str]) -> None:
        """Who knows whom among ``ids``: each pair asked once, ticked ties kept both ways
        (``knows`` is symmetric, written on one side)."""
        people = [self.drafts[i] for i in ids]
        for number, draft in enumerate(people[:-1]):
            others = people[number + 1:]
            tied = [o.id for o in others if o.id in draft.knows or draft.id in o.knows]
            chosen = set(self.asker.checkbox(f"Whom among these does {draft.name} know?",
                                             [(o.name, o.id) for o in others], checked=tied))
            for other in others:
                if other.id in chosen and other.id not in tied:
                    draft.knows.append(other.id)
                elif other.id not in chosen and other.id in tied:
                    draft.knows = [k for k in draft.knows if k != other.id]
                    other.knows = [k for k in other.knows if k != draft.id]

    def reassess(self, draft: Draft) -> None:
        """Still close? Still helping in the same ways? Or gone (``until`` this month)?"""
        helps = ", ".join(v.SUPPORT.label(s).lower() for s in _in_order(draft.support, v.SUPPORT)) \
            or "no support said"
        now = v.CLOSENESS.label(draft.closeness) if draft.closeness else "not said"
        gone = "gone"
        answer = self.asker.select(
            f"{draft.name} ({now}; {helps}): how close are you now?",
            [*((f"{t.label}" + (" (as before)" if t.id == draft.closeness else ""), t.id) for t in v.CLOSENESS),
             (f"No longer in my network (until {month_of(self.today)})", gone)],
            default=draft.closeness)
        if answer == gone:
            draft.until = month_of(self.today)
            return
        draft.closeness = answer
        draft.support = self.asker.checkbox(f"What does {draft.name} help you with now?",
                                            [(t.label, t.id) for t in v.SUPPORT], checked=draft.support)


# -- the grid ------------------------------------------------------------------------------------


def grid_text(portfolio: Portfolio, width: int = 80) -> str:
    """The worksheet's map as text: a row per kind of support, a column per closeness, the
    names in the cells (the analysis page draws the same grid)."""
    people = list(portfolio.active_people)
    grid = support_grid(people)
    names = {p.id: p.name for p in people}
    columns = list(v.CLOSENESS.ids) + (["unknown"] if any(grid[k]["unknown"] for k in grid) else [])
    titles = {c: v.CLOSENESS.label(c) if c != "unknown" else "Not said" for c in columns}
    first = max(len(t.label) for t in v.SUPPORT) + 2
    cell = max(12, (width - first) // len(columns) - 1)

    def fit(text: str) -> str:
        return text if len(text) <= cell else text[:cell - 1] + "…"

    lines = [" " * first + " ".join(fit(titles[c]).ljust(cell) for c in columns).rstrip(),
             " " * first + " ".join(("-" * len(fit(titles[c]))).ljust(cell) for c in columns).rstrip()]
    for term in v.SUPPORT:
        cells = [[names[i] for i in grid[term.id][c]] for c in columns]
        depth = max(1, *(len(found) for found in cells))
        for row in range(depth):
            label = term.label if row == 0 else ""
            lines.append((label.ljust(first) + " ".join(
                fit(found[row] if row < len(found) else "").ljust(cell) for found in cells)).rstrip())
    return "\n".join(lines)


def _terminal_width() -> int:
    return min(120, shutil.get_terminal_size((80, 24)).columns)


# -- the command -----------------------------------------------------------------------------------


def _summary(layout: Layout, drafts: Sequence[Draft], changed: Sequence[tuple[Draft, YamlMap]],
             files: guided.PeopleFiles) -> list[str]:
    lines = []
    if drafts:
        where = (layout.shown(files.folder) + "/") if files.one_per_file else layout.shown(files.list_file)
        lines.append(f"Added {len(drafts)} {people_word(len(drafts))} to {where}: "
                     + ", ".join(f"{d.name} ({d.id})" for d in drafts) + ".")
        lines.append("Each is visibility: private, the default: only your own site shows them. "
                     "Write `visibility: mentor` on someone to share them with your mentor's site.")
    for draft, change in changed:
        if "until" in change:
            lines.append(f"{draft.name}: no longer in your network (until: {change['until']}).")
        else:
            said = "; ".join(f"{key}: {', '.join(value) if isinstance(value, list) else value}"
                             if value is not None else f"{key} taken out" for key, value in change.items())
            lines.append(f"{draft.name}: {said}.")
    return lines


def _starter_example(asker: guided.Asker, layout: Layout, files: guided.PeopleFiles, example: Person) -> bool:
    """Offer to take out the starter's example person, unless something still names them (the
    starter's first journal entry does): then say so, and leave both for the person to edit.
    Whether they are taken out."""
    trial = guided.PeopleFiles(layout)
    trial.remove(example.id)
    naming = sorted({problem.file for problem in guided.problems_after(layout, trial.files)})
    if naming:
        click.echo(f"{example.name}, the starter's example person, stays in {layout.shown(files.list_file)} "
                   f"because {', '.join(naming)} names them: take both out by hand when you are ready.")
    elif asker.confirm(f"{layout.shown(files.list_file)} still holds the starter's example person, "
                       f"{example.name}. Take it out?", default=True):
        files.remove(example.id)
        return True
    return False


def run_exercise(folder: Path) -> None:
    from mentornet.cli.project import stages_for

    with guided.session():
        stages = stages_for(folder, "owner")
        portfolio, layout = stages.loaded, stages.layout
        files = guided.PeopleFiles(layout)
        asker = guided.Asker()
        session = Session(asker, portfolio, stages.today)
        click.echo("The Developmental Network Exercise (after Kram & Higgins). Ctrl-C leaves at any "
                   "question without changing anything.")
        example = next((p for p in portfolio.active_people if (p.id, p.name) == STARTER_EXAMPLE), None)
        taken_out = []
        if example is not None and not files.one_per_file:
            if _starter_example(asker, layout, files, example):
                taken_out.append(f"{example.name} (the starter's example) is taken out.")
            del session.drafts[example.id]  # not part of the person's network either way
        current = [d for d in session.drafts.values() if not d.new]
        if current:
            click.echo(f"Your network has {len(current)} {people_word(len(current))}: a reassessment. "
                       "First, each of them; then anyone new.")
            for draft in sorted(current, key=lambda d: d.person.sort_name if d.person else d.name):
                session.reassess(draft)
        click.echo("Think back over the last year or two: who has helped you, in each of three ways?")
        for kind in v.SUPPORT.ids:
            session.support_round(kind)
        for draft in session.new_people:
            session.details(draft)
        together = [i for i in session.named if not session.drafts[i].until]
        if len(together) > 1 and asker.confirm(
                "Say who knows whom among the people you named? (It shows how closed your network is.)",
                default=False):
            session.ties(together)
        for draft in session.new_people:
            files.add(draft.record())
        changed = []
        for draft in session.drafts.values():
            if not draft.new:
                change = draft.changes()
                if change:
                    files.set(draft.id, **change)
                    changed.append((draft, change))
        if not files.files:
            click.echo("\nNo changes: your network stays as it is.")
            return
        after = guided.refuse_problems(layout, files.files)
        click.echo("\nYour developmental network, by kind of support and closeness:\n")
        click.echo(grid_text(after, _terminal_width()))
        click.echo("")
        for line in taken_out + _summary(layout, session.new_people, changed, files):
            click.echo(line)
        if not asker.confirm("Write this down?", default=True):
            click.echo(guided.NOTHING_CHANGED)
            return
        guided.write_checked(layout, files.files, checked=True)
    click.echo("Written: " + ", ".join(layout.shown(f.path) for f in files.files) + ".\n")
    from mentornet.cli import _next_steps

    _next_steps(folder, "{cd} && {mentornet} check        checks the portfolio as a build will",
                "{cd} && {mkdocs} serve          then open the Analysis page: the same grid, and what it means",
                "{cd} && {mentornet} audit        Ibarra's audit: your core, its strengths and weaknesses")


@click.command(name="exercise")
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
def exercise_command(folder: Path) -> None:
    """The Developmental Network Exercise, asked in the terminal: who helps you get the job done,
    advance your career, and who gives you personal support; how close, inside or outside,
    senior, peer or junior. Run again, it is the reassessment. Writes people.yaml (or
    data/people/), keeping its comments; Ctrl-C leaves without changing anything."""
    guided.need_terminal("exercise")
    run_exercise(folder)
