"""What the guided commands (``mentornet exercise``, ``mentornet audit``) share: asking in the
terminal, leaving without a trace, and writing only what ``mentornet check`` would accept.

Questions go through questionary (prompt_toolkit): arrow keys or number keys, no mouse, and no
colour under ``NO_COLOR`` or a dumb terminal, so a session works over SSH and in any plain
terminal. Ctrl-C or Ctrl-D at any question ends the session with one line and changes nothing:
the files are written only at the very end, all checked together in memory first, each one
replaced at once (``userfiles.write_text``) with Ctrl-C held back while they are.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Optional, Sequence, TypeVar, Union

import click

from mentornet.cli import userfiles, yamledit
from mentornet.core.layout import Layout
from mentornet.core.problems import Problem
from mentornet.core.model import Portfolio
from mentornet.core.yamldata import Yaml
from mentornet.load import read_texts

if TYPE_CHECKING:
    from questionary import Question

#: What a choice of a question stands for (an id, a term, a draft).
T = TypeVar("T")

NOTHING_CHANGED = "Nothing was changed."
#: Exit status after Ctrl-C (the shell's own for a program ended by SIGINT).
INTERRUPTED = 130


class Cancelled(Exception):
    """The person left the session (Ctrl-C, Ctrl-D or Escape): nothing is written."""


def need_terminal(command: str) -> None:
    """Exit 2 with one line when standard input is not a terminal: a guided session asks."""
    if not sys.stdin.isatty():
        click.echo(f"mentornet {command} asks questions, so it needs a terminal: run it in one "
                   "(standard input is not a terminal here)", err=True)
        sys.exit(2)


def plain() -> bool:
    """Whether to draw without colour (``NO_COLOR``, https://no-color.org, or ``TERM=dumb``)."""
    return bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM", "") == "dumb"


@contextlib.contextmanager
def session() -> Iterator[None]:
    """Run a guided session: Ctrl-C, Ctrl-D or a cancelled question prints one line and exits
    130, without a traceback and without writing anything."""
    try:
        yield
    except (Cancelled, KeyboardInterrupt, EOFError):
        click.echo("")
        click.echo(NOTHING_CHANGED)
        sys.exit(INTERRUPTED)
    except yamledit.EditError as error:
        click.echo(f"{error}. {NOTHING_CHANGED}", err=True)
        sys.exit(1)


class Asker:
    """The questions of a session. Every answer is checked: ``None`` (questionary's answer to
    Ctrl-C) raises :class:`Cancelled`, so no caller goes on with half an answer."""

    def __init__(self) -> None:
        import questionary
        from prompt_toolkit.styles import Style

        self._q = questionary
        # no cursor-position requests: a terminal that does not answer them (a serial console, some
        # SSH clients, a test's pseudo-terminal) would otherwise get a warning before each question
        os.environ.setdefault("PROMPT_TOOLKIT_NO_CPR", "1")
        # questionary's colours, or none: a bold pointer is enough to see where one is
        self.style = Style([("qmark", "bold"), ("pointer", "bold"), ("highlighted", "bold"),
                            ("selected", ""), ("answer", "bold"), ("instruction", ""), ("text", ""),
                            ("disabled", "")]) if plain() else None

    def _ask(self, question: Question) -> Any:  # questionary's answers are untyped: each caller knows its own
        answer = question.unsafe_ask()  # unsafe: Ctrl-C raises, rather than printing its own line
        if answer is None:
            raise Cancelled()
        return answer

    def text(self, message: str, default: str = "", validate: Optional[Callable[[str], Union[bool, str]]] = None,
             instruction: Optional[str] = None) -> str:
        return self._ask(self._q.text(message, default=default, validate=validate, style=self.style,
                                      instruction=instruction)).strip()

    def confirm(self, message: str, default: bool = True) -> bool:
        return bool(self._ask(self._q.confirm(message, default=default, style=self.style)))

    def select(self, message: str, choices: Sequence[tuple[str, T]], default: Optional[T] = None) -> T:
        """One of ``choices`` (``(title, value)``): arrows and Enter, or the choice's number."""
        made = [self._q.Choice(title, value=value) for title, value in choices]
        chosen = next((c for c in made if c.value == default), None) if default is not None else None
        shortcuts = len(made) <= 36  # questionary's keys: 1-9, 0, then a-z
        return self._ask(self._q.select(message, made, default=chosen, style=self.style,
                                        use_shortcuts=shortcuts, use_indicator=False,
                                        instruction="(arrows or number, then Enter)" if shortcuts
                                        else "(arrows, then Enter)"))

    def checkbox(self, message: str, choices: Sequence[tuple[str, T]], checked: Sequence[T] = (),
                 most: Optional[int] = None) -> list[T]:
        """Any of ``choices``: Space ticks, Enter goes on. Past ``most``, the question is asked
        again with the ticks kept (a line says why: a toolbar may not show in every terminal)."""
        ticked = list(checked)
        while True:
            made = [self._q.Choice(title, value=value, checked=value in ticked) for title, value in choices]
            ticked = list(self._ask(self._q.checkbox(message, made, style=self.style,
                                                     instruction="(Space ticks, arrows move, Enter goes on)")))
            if most is None or len(ticked) <= most:
                return ticked
            click.echo(f"At most {most}, please: {len(ticked)} are ticked; untick {len(ticked) - most}.")


# -- writing ------------------------------------------------------------------------------------


def _texts_on_disk(layout: Layout) -> dict[str, str]:
    """The files the loader may read (every data file, per-person files, journal entries), by
    path relative to the root, as the history reads a revision."""
    texts: dict[str, str] = {}
    root = layout.root
    candidates = sorted(layout.data_dir.glob("*.yaml")) + sorted(layout.data_dir.glob("*.yml"))
    people = layout.data_dir / "people"
    if people.is_dir():
        candidates += sorted(people.glob("*.yaml")) + sorted(people.glob("*.yml"))
    if layout.journal_dir.is_dir():
        candidates += sorted(layout.journal_dir.rglob("*.md"))
    for path in candidates:
        if path.is_file() and layout.contains(path):
            texts[path.relative_to(root).as_posix()] = path.read_bytes().decode("utf-8", "replace")
    return texts


def check_after(layout: Layout, files: Sequence[yamledit.DataFile]) -> tuple[Optional[Portfolio], list[Problem]]:
    """The portfolio as it will be once ``files`` are written (None if it would not load), and
    what ``mentornet check`` would say then that it does not say now: read from memory, the
    new texts over the ones on disk, the texts both reads share parsed once."""
    from mentornet.load import SharedMemo

    before = _texts_on_disk(layout)
    after = dict(before)
    for file in files:
        after[Path(file.path).resolve().relative_to(layout.root).as_posix()] = file.render()
    memo = SharedMemo()
    portfolio, problems = read_texts(layout, after, memo)
    if problems:  # only those the answers make: not any the disk's files give when read from memory
        problems = sorted(set(problems) - set(read_texts(layout, before, memo)[1]))
    return portfolio, problems


def problems_after(layout: Layout, files: Sequence[yamledit.DataFile]) -> list[Problem]:
    """What ``mentornet check`` would newly say once ``files`` are written (see :func:`check_after`)."""
    return check_after(layout, files)[1]


def refuse_problems(layout: Layout, files: Sequence[yamledit.DataFile]) -> Portfolio:
    """The portfolio once ``files`` are written; or, when they would not pass ``mentornet
    check``, its ``FILE:LINE:COL: message`` lines, one line saying nothing changed, and exit 1."""
    portfolio, problems = check_after(layout, [file for file in files if file.changed])
    if problems or portfolio is None:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"These answers would not pass `mentornet check` ({len(problems)} problem(s)). "
                   f"{NOTHING_CHANGED}", err=True)
        sys.exit(1)
    return portfolio


def write_checked(layout: Layout, files: Sequence[yamledit.DataFile], checked: bool = False) -> list[Path]:
    """Write ``files`` if the portfolio they make passes ``mentornet check`` (``checked``: the
    caller has just made sure); else print its problems and exit 1 having written nothing.
    Ctrl-C waits until every file is written."""
    changed = [file for file in files if file.changed]
    if not checked:
        refuse_problems(layout, changed)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    written: list[Path] = []
    try:
        # The questions were asked without the lock (another command would have waited for a
        # person to answer); the files are compared with what was read, and written, under it.
        with userfiles.locked(layout.data_dir):
            moved = [file for file in changed if file.changed_on_disk()]
            if moved:
                for file in moved:
                    click.echo(f"{layout.shown(file.path)}: changed by something else while you answered "
                               "(another mentornet command, or an editor).", err=True)
                click.echo(f"{NOTHING_CHANGED} Run the session again to answer with what is there now.", err=True)
                sys.exit(1)
            for file in changed:
                try:
                    file.save()
                except OSError as error:
                    click.echo(f"{error}", err=True)
                    if written:
                        click.echo("Written before the error: " + ", ".join(layout.shown(p) for p in written),
                                   err=True)
                    sys.exit(1)
                written.append(file.path)
    finally:
        signal.signal(signal.SIGINT, previous)
    return written


class PeopleFiles:
    """Where the people live: ``data/people.yaml``, or one file each under ``data/people/``
    (when that folder has any), loaded round-trip as they are needed."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.folder = layout.data_dir / "people"
        self.list_file = layout.data_dir / "people.yaml"
        self.one_per_file = self.folder.is_dir() and any(self.folder.glob("*.y*ml"))
        self._list: Optional[yamledit.DataFile] = None
        self._own: dict[str, yamledit.DataFile] = {}
        if self.list_file.exists():
            self._people_yaml()  # a file that cannot be edited is said before any question

    def _people_yaml(self) -> yamledit.DataFile:
        if self._list is None:
            self._list = yamledit.DataFile.load(self.list_file, yamledit.PEOPLE_HEADER)
        return self._list

    def _file_of(self, person_id: str) -> yamledit.DataFile:
        if person_id in self._own:
            return self._own[person_id]
        if self.list_file.exists() and yamledit.find_person(self._people_yaml(), person_id) is not None:
            return self._people_yaml()
        for suffix in (".yaml", ".yml"):
            path = self.folder / f"{person_id}{suffix}"
            if path.is_file():
                self._own[person_id] = yamledit.DataFile.load(path)
                return self._own[person_id]
        raise yamledit.EditError(f"{self.layout.shown(self.layout.data_dir)}: no person with the id '{person_id}'")

    def remove(self, person_id: str) -> None:
        yamledit.remove_person(self._people_yaml(), person_id)

    def set(self, person_id: str, **fields: Yaml) -> None:
        yamledit.set_fields(self._file_of(person_id), person_id, **fields)

    def add(self, person: Mapping[str, Yaml]) -> Path:
        """Add a new person where the portfolio keeps people; the file it goes to."""
        if self.one_per_file:
            made = yamledit.new_person_file(self.folder, person)
            self._own[person["id"]] = made
            return made.path
        yamledit.add_person(self._people_yaml(), person)
        return self.list_file

    @property
    def files(self) -> list[yamledit.DataFile]:
        found = ([self._list] if self._list is not None else []) + list(self._own.values())
        return [file for file in dict.fromkeys(found) if file.changed]
