"""``mentornet audit``: Ibarra's network audit, asked in the terminal.

Ibarra (2015) suggests two steps: list the people you actually discussed important work
matters with recently (ten at most: the core you turn to, not everyone you know), then step
back and name what that core does well and where it falls short. The answers are added to
``data/audit.yaml`` as a dated audit, the file's comments and earlier audits kept as written;
anyone named for the first time joins the network with the exercise's questions.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from mentornet.cli import guided, yamledit
from mentornet.cli.exercise import Session
from mentornet.core.model import Audit


def _most(field: str, default: int) -> int:
    """The most items a field of an audit may hold, as the model (and `mentornet check`) says."""
    for rule in Audit.model_fields[field].metadata:
        if getattr(rule, "max_length", None) is not None:
            return rule.max_length
    return default


def run_audit(folder: Path) -> None:
    from mentornet.cli.project import stages_for

    with guided.session():
        stages = stages_for(folder, "owner")
        portfolio, layout = stages.loaded, stages.layout
        most, three = _most("core", 10), _most("strengths", 3)
        audits = yamledit.DataFile.load(layout.data_dir / "audit.yaml", yamledit.AUDIT_HEADER)
        people = guided.PeopleFiles(layout)
        asker = guided.Asker()
        session = Session(asker, portfolio, stages.today)
        click.echo("Your network audit (after Ibarra, 2015). Ctrl-C leaves at any question without changing anything.")
        click.echo(f"Step 1: the people you discussed important work matters with in the last few months "
                   f"(at most {most}).")
        active = sorted(session.drafts.values(), key=lambda d: d.person.sort_name if d.person else d.name)
        core: list[str] = []
        if active and len(active) <= _fits():
            core = asker.checkbox("Whom did you turn to?", [(d.name, d.id) for d in active], most=most)
        elif active:
            click.echo(f"Your network is too long to list here ({len(active)} people): type their names; "
                       "part of a name will do.")
        while len(core) < most:
            typed = asker.text("Anyone else? A name (an empty line goes on):" if active or core
                               else "A name (an empty line goes on):")
            if not typed:
                break
            draft = session.name(typed)
            if draft.id in core:
                click.echo(f"  {draft.name} is in the list already")
                continue
            core.append(draft.id)
            click.echo(f"  {draft.name}: " + ("new to your network" if draft.new else "in your network"))
        for draft in session.new_people:
            session.details(draft)
        click.echo(f"\nStep 2: looking at these {len(core)}, what does this core do well, and where does it "
                   f"fall short? (Up to {three} each; an empty line goes on.)")
        strengths = _up_to(asker, "A strength", three)
        weaknesses = _up_to(asker, "A weakness", three)
        notes = asker.text("A note for the next audit (optional, Enter to skip):")

        audit: dict = {"date": stages.today, "core": core}
        if strengths:
            audit["strengths"] = strengths
        if weaknesses:
            audit["weaknesses"] = weaknesses
        if notes:
            audit["notes"] = notes
        for draft in session.new_people:
            people.add(draft.record())
        yamledit.append_audit(audits, audit)
        files = [audits, *people.files]
        guided.refuse_problems(layout, files)
        names = {d.id: d.name for d in session.drafts.values()}
        click.echo(f"\nAudit of {stages.today.isoformat()}: {len(core)} in the core"
                   + (": " + ", ".join(names[i] for i in core) if core else "") + ".")
        for title, said in (("Strengths", strengths), ("Weaknesses", weaknesses)):
            for line in said:
                click.echo(f"  {title[:-1]}: {line}")
        if session.new_people:
            click.echo(f"New in your network: {', '.join(d.name for d in session.new_people)}, each visibility: "
                       "private, the default (only your own site shows them).")
        click.echo("The audit has no visibility of its own: private, the default.")
        if not asker.confirm(f"Add this audit to {layout.shown(audits.path)}?", default=True):
            click.echo(guided.NOTHING_CHANGED)
            return
        guided.write_checked(layout, files, checked=True)
    click.echo("Written: " + ", ".join(layout.shown(f.path) for f in files) + ".\n")
    from mentornet.cli import _next_steps

    _next_steps(folder, "{cd} && {mkdocs} serve        then open the Audit page: this audit beside the last",
                "{cd} && {mentornet} exercise   reassess the network itself when your goals change")


def _fits() -> int:
    """How many people a list to tick may hold and still fit the terminal (a longer one would
    scroll out of sight in many terminals): the rest is typed, name by name."""
    return max(10, shutil.get_terminal_size((80, 24)).lines - 8)


def _up_to(asker: guided.Asker, what: str, count: int) -> list[str]:
    found = []
    for number in range(1, count + 1):
        answer = asker.text(f"{what} ({number} of {count}):")
        if not answer:
            break
        found.append(answer)
    return found


@click.command(name="audit")
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
def audit_command(folder: Path) -> None:
    """Ibarra's network audit, asked in the terminal: up to ten people you discussed important
    work matters with recently, then three strengths and three weaknesses of that core. Adds a
    dated audit to data/audit.yaml, keeping its comments; Ctrl-C leaves without changing anything."""
    guided.need_terminal("audit")
    run_audit(folder)
