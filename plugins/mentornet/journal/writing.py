"""Journal entries written and edited by commands (``mentornet log``, ``mentornet done``).

Pure text in, text out: the command does the reading and writing. An entry is written as a
person would write it by hand (front matter in the order the README shows, then the notes),
and an action is ticked by changing its one ``done:`` line, so the rest of the file, comments
included, stays exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable, Optional

import yaml

from mentornet.load.portfolio import FRONT_MATTER
from mentornet.core.yamldata import Yaml
from mentornet.load.yamlsource import Document, Mapping, Sequence, parse


def slug(text: str) -> str:
    """A file name's part: lowercase letters, digits and '-'."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60].strip("-") or "entry"


def file_name(day: dt.date, words: str, taken: Iterable[str]) -> str:
    """``2026-11-22-diane-roberts.md``; ``…-2.md`` and on when that name is taken."""
    base = f"{day.isoformat()}-{slug(words)}"
    used = set(taken)
    name, number = f"{base}.md", 2
    while name in used:
        name, number = f"{base}-{number}.md", number + 1
    return name


@dataclass(frozen=True)
class NewAction:
    text: str
    due: Optional[dt.date] = None
    by: Optional[str] = None


def yaml_value(value: Yaml) -> str:
    """One YAML value on one line, quoted only when YAML needs it: a name or an id that reads
    as a keyword (``Null``, ``On``, ``True``, ``null``) is quoted, so it stays the text it is."""
    return yaml.safe_dump({"v": value}, allow_unicode=True, width=1 << 30, default_flow_style=True)[4:-2]


def entry_text(*, title: str, day: dt.date, people: Iterable[str], kind: str, body: str,
               visibility: Optional[str] = None, agenda: Iterable[str] = (),
               actions: Iterable[NewAction] = (), received: Iterable[str] = (), gave: Iterable[str] = ()) -> str:
    """A journal entry's whole text: its front matter, laid out as the README shows, and its notes."""
    lines = [f"title: {yaml_value(title)}", f"date: {day.isoformat()}",
             f"people: [{', '.join(yaml_value(person) for person in people)}]", f"kind: {kind}"]
    if visibility:
        lines.append(f"visibility: {visibility}")
    agenda = list(agenda)
    if agenda:
        lines.append("agenda:")
        lines += [f"  - {yaml_value(item)}" for item in agenda]
    actions = list(actions)
    if actions:
        lines.append("actions:")
    for action in actions:
        lines.append(f"  - text: {yaml_value(action.text)}")
        if action.due:
            lines.append(f"    due: {action.due.isoformat()}")
        if action.by:
            lines.append(f"    by: {action.by}")
        lines.append("    done: false")
    for name, items in (("received", list(received)), ("gave", list(gave))):
        if items:
            lines.append(f"{name}:")
            lines += [f"  - {yaml_value(item.strip())}" for item in items]
    notes = body.strip("\n")
    return "---\n" + "\n".join(lines) + "\n---\n" + (f"\n{notes}\n" if notes else "")


class CannotTick(ValueError):
    """The action is written in a way this edit does not understand: edit the file by hand."""


_DONE = re.compile(r"(\bdone\s*:\s*)([^,}\s#]+)")


def tick(text: str, index: int) -> str:
    """The entry's text with its action ``index`` (0-based) marked ``done: true``.

    Only that action's ``done:`` value changes (or a ``done: true`` line is added under its
    ``text:``); an action written on one line as ``{text: …}`` gets ``, done: true``.
    """
    match = FRONT_MATTER.match(text)
    if not match:
        raise CannotTick("the file has no front matter")
    problems: list = []
    document = parse(match.group(1) or "", "entry", problems, line_offset=1)
    data = document.data if document else None
    actions = data.get("actions") if isinstance(data, Mapping) else None
    if not isinstance(actions, Sequence) or not 0 <= index < len(actions) or not isinstance(actions[index], Mapping):
        raise CannotTick(f"the entry has no action {index + 1}")
    assert document is not None  # the action was found in it
    action = actions[index]
    lines = text.splitlines(keepends=True)
    if "done" in action:
        line, column = document.position(("actions", index, "done"))
        current = lines[line - 1]
        edited = current[:column - 1] + _DONE.sub(r"\g<1>true", current[column - 1:], count=1)
        if edited == current and action["done"] is not True:
            raise CannotTick("its done: value is not on one line")
        lines[line - 1] = edited
        return "".join(lines)
    line, column = document.position(("actions", index, "text"))
    current = lines[line - 1]
    if action.mark.line == action.key_marks["text"].line and current[action.mark.column:].lstrip().startswith("{"):
        closing = current.rfind("}")
        if closing < 0:
            raise CannotTick("its {…} runs over several lines")
        lines[line - 1] = current[:closing].rstrip() + ", done: true" + current[closing:]
        return "".join(lines)
    last = _last_line(document, index, action, len(lines))
    newline = "\r\n" if current.endswith("\r\n") else "\n"
    lines.insert(last, " " * (column - 1) + "done: true" + newline)
    return "".join(lines)


def _last_line(document: Document, index: int, action: Mapping, total: int) -> int:
    """The (1-based) last line of the action's block: the line of its last key, or of the last
    item of a block list under it."""
    key = list(action)[-1]
    line, _ = document.position(("actions", index, key))
    value = action[key]
    if isinstance(value, Sequence) and value and getattr(value, "item_marks", None):
        line = max(line, value.item_marks[-1].line + 1 + document.line_offset)
    elif isinstance(value, str) and "\n" in value:
        line += value.count("\n")
    return min(line, total)
