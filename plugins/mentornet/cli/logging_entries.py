"""``mentornet log`` and ``mentornet done``: record a meeting in one line, tick an action.

Both ask the core where the journal lives (:attr:`~mentornet.core.layout.Layout.journal_dir`),
refuse people the portfolio does not know (with a did-you-mean), print what they wrote, and
check the portfolio afterwards: a file that ``mentornet check`` would refuse is not left behind.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from mentornet.cli import userfiles
from mentornet.cli.finding import find_person
from mentornet.cli.project import project_for, stages_for
from mentornet.core import vocabulary as v
from mentornet.core.problems import PortfolioError, did_you_mean
from mentornet.audience import AUDIENCES
from mentornet.core.model import NotADay, Sharing, day_of
from mentornet.core.visibility import VISIBILITIES
from mentornet.journal import writing
from mentornet.load import load
from mentornet.load.messages import exchange_problem


def _day(text: str | None, default: dt.date, what: str) -> dt.date:
    if not text:
        return default
    try:
        return day_of(text)
    except NotADay:
        raise click.BadParameter(f"'{text}' is not a date: write it as YYYY-MM-DD", param_hint=what) from None


def _split_folder(words: tuple[str, ...]) -> tuple[list[str], Path]:
    """``PERSON… [DIR]``: the last word is the portfolio's folder when it is one."""
    if words and Path(words[-1]).is_dir() and (Path(words[-1]) / "data").is_dir():
        return list(words[:-1]), Path(words[-1])
    return list(words), Path(".")


def _notes(text: str | None, template: str) -> str:
    """The entry's notes: ``--text``, else standard input when it is not a terminal, else the
    editor ($VISUAL or $EDITOR) when one is set, else none."""
    if text is not None:
        return text
    if not sys.stdin.isatty():
        return sys.stdin.read()
    if os.environ.get("VISUAL") or os.environ.get("EDITOR"):
        edited = click.edit(template, extension=".md")
        return (edited or "").replace(template, "").strip("\n")
    return ""


def _shown_to(visibility: str | None, policy: Sharing) -> str:
    """``visibility: private; only in your own site`` — who will read what was just written."""
    sites = [audience.site for audience in AUDIENCES if audience.sees(policy.of(visibility))]
    said = (f"visibility: {visibility}" if visibility
            else f"no visibility: the sharing policy's default, {policy.unmarked}")
    where = f"only in {sites[0]}" if len(sites) == 1 else f"in {', '.join(sites[:-1])} and {sites[-1]}"
    return f"{said}; {where}"


def _still_valid(stages, path: Path) -> None:
    """Load the portfolio again; if the new file broke it, remove the file and say why."""
    try:
        load(stages.layout)
    except PortfolioError as error:
        mine = [p for p in error.problems if p.file == stages.layout.shown(path)]
        if mine:
            userfiles.remove(path)
            raise click.ClickException("the entry would not pass `mentornet check`, so it was not kept:\n"
                                       + "\n".join(str(p) for p in mine)) from None


#: The options that describe an action: each ``--due`` and ``--by`` belongs to the ``--action`` before it.
_ACTION_PARTS = ("actions", "dues", "bys")


class _ActionsInOrder(click.Command):
    """A command that remembers the order in which ``--action``, ``--due`` and ``--by`` were given.

    Click collects a repeated option's values per option, which loses which ``--due`` followed
    which ``--action``; its parser still sees every occurrence in order, so the order is read
    from it once and kept in ``ctx.meta`` for :func:`actions_in_order`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            _, _, order = self.make_parser(ctx).parse_args(args=list(args))
        except click.UsageError:
            order = []  # the real parse below reports it
        ctx.meta["mentornet.action_order"] = [p.name for p in order if p.name in _ACTION_PARTS]
        return super().parse_args(ctx, args)


def actions_in_order(order: list[str], actions: tuple[str, ...], dues: tuple[dt.date | None, ...],
                     bys: tuple[str, ...]) -> list[writing.NewAction]:
    """The actions, each with the ``--due`` and ``--by`` written after it and before the next one.

    Raises:
        click.UsageError: a ``--due`` or ``--by`` before any ``--action``, or twice for one action.
    """
    texts, days, whos = iter(actions), iter(dues), iter(bys)
    made: list[writing.NewAction] = []
    for part in order:
        if part == "actions":
            made.append(writing.NewAction(next(texts)))
            continue
        due, by = (next(days), None) if part == "dues" else (None, next(whos))
        flag, field, value = ("--due", "due", due) if part == "dues" else ("--by", "by", by)
        if not made:
            raise click.UsageError(f"{flag} {value} comes before any --action: write it after the --action "
                                   "it belongs to (--action TEXT --due D --by them)")
        if getattr(made[-1], field) is not None:
            raise click.UsageError(f"two {flag} for the action '{made[-1].text}': each --due and --by goes "
                                   "right after its own --action (--action A --due D --action B --by them)")
        made[-1] = replace(made[-1], due=due) if part == "dues" else replace(made[-1], by=by)
    return made


@click.command(name="log", cls=_ActionsInOrder)
@click.argument("words", nargs=-1, required=True, metavar="PERSON… [DIR]")
@click.option("--date", "day_text", help="The day of the meeting (YYYY-MM-DD); default: today (the "
              "mkdocs.yml option `today` when it is set).")
@click.option("--kind", type=click.Choice(v.JOURNAL_KINDS.ids), default="meeting", show_default=True)
@click.option("--title", help="Default: \"Meeting with …\" (or the kind's name) and the people's names.")
@click.option("--visibility", type=click.Choice(VISIBILITIES),
              help="Who may see the entry; default: the portfolio's sharing policy "
              "(private unless data/sharing.yaml says otherwise).")
@click.option("--agenda", multiple=True, help="An agenda item (repeat for more).")
@click.option("--action", "actions", multiple=True, help="An action agreed (repeat for more).")
@click.option("--due", "dues", multiple=True, help="The due date (YYYY-MM-DD) of the --action written just "
              "before it.")
@click.option("--by", "bys", multiple=True, type=click.Choice(("me", "them")),
              help="Who owes the --action written just before it: me (the default) or them.")
@click.option("--received", multiple=True, help="Something they did for you, optionally opened by its kind of "
              "support: \"career: introduced me to the panel chair\" (repeat for more).")
@click.option("--gave", multiple=True, help="Something you did for them, the same way: \"job: reviewed her "
              "methods section\" (repeat for more).")
@click.option("--text", help="The notes; default: standard input when it is not a terminal, else $EDITOR.")
def log_command(words: tuple[str, ...], day_text: str | None, kind: str, title: str | None,
                visibility: str | None, agenda: tuple[str, ...], actions: tuple[str, ...],
                dues: tuple[str, ...], bys: tuple[str, ...], received: tuple[str, ...], gave: tuple[str, ...],
                text: str | None) -> None:
    """Write a journal entry about a meeting with PERSON… (ids, names or first names) in the
    portfolio in DIR (default: here), and print it."""
    names, folder = _split_folder(words)
    if not names:
        raise click.UsageError("name at least one person (an id, a name or a first name)")
    order = click.get_current_context().meta.get("mentornet.action_order", [])
    new_actions = actions_in_order(order, actions, tuple(_day(d or "(empty)", dt.date.min, "--due") for d in dues),
                                   bys)
    problems = [str(problem) for option, items in (("--received", received), ("--gave", gave))
                for item in items if (problem := exchange_problem(item, option)) is not None]
    if problems:
        raise click.ClickException("nothing was written:\n" + "\n".join(problems))
    with userfiles.locked(project_for(folder, "owner").layout.data_dir):  # the file name chosen stays free
        _log(folder, names, day_text, kind, title, visibility, agenda, new_actions, received, gave, text)


def _log(folder: Path, names: list[str], day_text: str | None, kind: str, title: str | None,
         visibility: str | None, agenda: tuple[str, ...], new_actions: list[writing.NewAction],
         received: tuple[str, ...], gave: tuple[str, ...], text: str | None) -> None:
    stages = stages_for(folder, "owner")
    portfolio = stages.portfolio
    people = list(dict.fromkeys(find_person(portfolio, name).id for name in names))
    day = _day(day_text, stages.today, "--date")
    who = [portfolio.people_by_id[p].name for p in people]
    who_text = " and ".join([", ".join(who[:-1]), who[-1]] if len(who) > 1 else who)
    title = title or (f"Meeting with {who_text}" if kind == "meeting" else
                      f"{v.JOURNAL_KINDS.label(kind)}: {who_text}")
    notes = _notes(text, f"<!-- Notes of: {title}, {day}. Everything below this line is kept. -->\n")
    folder_path = stages.layout.journal_dir
    try:
        folder_path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise userfiles.UserFileError(f"{stages.layout.shown(folder_path)}: cannot make the journal's folder "
                                      f"({error.strerror}); nothing was written") from None
    name = writing.file_name(day, " ".join(people) if kind == "meeting" else title,
                             (p.name for p in folder_path.iterdir()))
    path = folder_path / name
    content = writing.entry_text(title=title, day=day, people=people, kind=kind, body=notes,
                                 visibility=visibility, agenda=agenda, actions=new_actions,
                                 received=received, gave=gave)
    userfiles.write_text(path, content)
    _still_valid(stages, path)
    click.echo(f"Wrote {stages.layout.shown(path)} ({_shown_to(visibility, stages.policy)}):\n")
    click.echo(content, nl=False)


@click.command(name="done")
@click.argument("words", nargs=-1, metavar="[DIR] [PATTERN]")
@click.option("--entry", help="The entry: its file name (with or without .md) or its path.")
@click.option("--action", "number", type=int, help="The action's number in the entry (1 for the first).")
def done_command(words: tuple[str, ...], entry: str | None, number: int | None) -> None:
    """Tick an open action: the one whose text contains PATTERN, or --entry E --action N."""
    folder = Path(".")
    if words and Path(words[0]).is_dir() and (Path(words[0]) / "data").is_dir():
        folder, words = Path(words[0]), words[1:]
    pattern = " ".join(words).strip()
    if not pattern and not (entry and number):
        raise click.UsageError("say which action: a PATTERN of its text, or --entry E --action N")
    # read, tick and write under the lock: two at once would each write their tick over the other's
    with userfiles.locked(project_for(folder, "owner").layout.data_dir):
        _done(folder, pattern, entry, number)


def _done(folder: Path, pattern: str, entry: str | None, number: int | None) -> None:
    stages = stages_for(folder, "owner")
    portfolio = stages.portfolio
    if entry:
        wanted = entry.removesuffix(".md").rsplit("/", 1)[-1]
        found = [e for e in portfolio.journal if e.slug == wanted]
        if not found:
            hint = did_you_mean(wanted, [e.slug for e in portfolio.journal])
            raise click.ClickException(f"no journal entry '{entry}'{hint}")
        chosen = found[0]
        if number is None:
            listed = "\n".join(f"  {i}. [{'x' if a.done else ' '}] {a.text}"
                                for i, a in enumerate(chosen.meta.actions, 1))
            raise click.ClickException(f"which action of {chosen.slug}? Add --action N:\n{listed}")
        if not 1 <= number <= len(chosen.meta.actions):
            raise click.ClickException(f"{chosen.slug} has {len(chosen.meta.actions)} action(s), not {number}")
        matches = [(chosen, number - 1)]
    else:
        folded = pattern.casefold()
        matches = [(e, i) for e in sorted(portfolio.journal, key=lambda e: (e.date, e.src_uri))
                   for i, a in enumerate(e.meta.actions) if not a.done and folded in a.text.casefold()]
        if not matches:
            raise click.ClickException(f"no open action contains '{pattern}'")
        if len(matches) > 1:
            listed = "\n".join(f"  mentornet done --entry {e.slug} --action {i + 1}    {e.meta.actions[i].text}"
                               for e, i in matches)
            raise click.ClickException(f"{len(matches)} open actions contain '{pattern}'; choose one:\n{listed}")
    chosen, index = matches[0]
    action = chosen.meta.actions[index]
    if action.done:
        click.echo(f"Already done: {action.text} ({chosen.slug})")
        return
    path = stages.layout.content_dir / chosen.src_uri
    before = path.read_text(encoding="utf-8")
    try:
        after = writing.tick(before, index)
    except writing.CannotTick as error:
        raise click.ClickException(f"{stages.layout.shown(path)}: could not tick the action ({error}); "
                                   "write `done: true` under it by hand") from None
    userfiles.write_text(path, after)
    try:
        load(stages.layout)
    except PortfolioError as error:
        userfiles.write_text(path, before)
        raise click.ClickException("ticking it would break the entry, so it was left as it was:\n"
                                   + error.report()) from None
    click.echo(f"Done: {action.text}\n  in {stages.layout.shown(path)} ({chosen.title}, {chosen.date}): "
               f"done: true")
