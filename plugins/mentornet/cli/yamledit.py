"""Changing a user's data file without losing a comment, a blank line or their own layout.

The guided commands (``exercise``, ``audit``) and ``import --update`` change files a person
wrote by hand and keeps in Git. A file is loaded with ruamel.yaml's round-trip loader and
edited as data; when it is written back, every top-level item nobody touched keeps its text
byte for byte (ruamel.yaml re-indents a whole file to one style, so a file mixing ``- id:``
at the margin with indented nested lists would change everywhere). Only the items changed
or added are rendered, in the indentation the file already uses for nested lists, and each
keeps the comments and blank lines that followed it. Writes go through
:func:`mentornet.cli.userfiles.write_text`.

Typical use::

    people = DataFile.load(data_dir / "people.yaml")
    add_person(people, {"id": "lee-green", "name": "Lee Green", "support": ["personal"]})
    set_fields(people, "diane-roberts", closeness="moderate", until="2026-12")
    people.save()
"""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, SingleQuotedScalarString

from mentornet.cli.userfiles import write_text

#: The order of a person's fields in the files mentornet writes (and the starter shows): a
#: field added to a person goes after the last one before it that the person already has.
PERSON_ORDER = ("id", "name", "title", "organisation", "inside", "seniority", "closeness", "support", "roles",
                "purposes", "knowing", "mentoring", "formal", "social_system", "influence", "since", "until",
                "last_contact", "cadence", "knows", "attributes", "visibility", "notes", "links")
#: Fields written as one-line ``[a, b]`` lists, as the starter writes them.
FLOW_LISTS = ("support", "roles", "purposes", "knowing", "mentoring", "knows", "needs")

#: The schema line a new per-person file starts with (editors with a YAML language server read it).
PERSON_FILE_HEADER = "# yaml-language-server: $schema=../../schema/person.schema.json\n"
#: The schema lines of a new people.yaml and audit.yaml (as the starter's).
PEOPLE_HEADER = "# yaml-language-server: $schema=../schema/people.schema.json\n"
AUDIT_HEADER = "# yaml-language-server: $schema=../schema/audit.schema.json\n"


class EditError(ValueError):
    """A file that cannot be edited as asked: the message names it and says why."""


def _yaml(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the person wrote on one
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _guess_indent(text: str) -> tuple[int, int, int]:
    """``(mapping, sequence, offset)`` as the file's nested block lists are written: ``links:``
    then ``    - title:`` is offset 2 (the project's own style, used when nothing tells)."""
    lines = text.splitlines()
    for number, line in enumerate(lines[:-1]):
        key = re.match(r"^( *)[^\s#\-][^:#]*:\s*(#.*)?$", line)
        item = re.match(r"^( *)- ", lines[number + 1])
        if key and item and len(item.group(1)) >= len(key.group(1)):
            offset = len(item.group(1)) - len(key.group(1))
            if offset <= 4:
                return 2, offset + 2, offset
    return 2, 4, 2


class DataFile:
    """One YAML data file loaded round-trip: ``data`` is its ruamel.yaml tree (a list of items,
    a mapping, or None for an empty file); edit it through the functions below, then
    :meth:`render` or :meth:`save`."""

    def __init__(self, path: Path, text: str, data: Any, header: str = ""):
        self.path = Path(path)
        #: The text as it was read ("" for a new file).
        self.text = text
        self.data = data
        #: For a new file: the comment lines it starts with.
        self.header = header
        #: Ids (``id()``) of the top-level items changed or added since loading.
        self._touched: set[int] = set()
        #: Ids of the top-level items added (they have no text in the file yet).
        self._new: set[int] = set()
        #: Ids of the top-level items removed (left out when rendered; the comments after them stay).
        self._removed: set[int] = set()
        self._whole = False  # a mapping document changed: rendered whole
        self._indent = _guess_indent(text)

    # -- loading ----------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path, header: str = "") -> "DataFile":
        """The file at ``path``; when it does not exist, a new one starting with ``header``
        (comment lines, such as the schema line)."""
        path = Path(path)
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n") if path.exists() else header
        return cls.parse(text, path)

    @classmethod
    def parse(cls, text: str, path: Path) -> "DataFile":
        try:
            data = _yaml().load(text) if text.strip() else None
        except YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"{mark.line + 1}:{mark.column + 1}" if mark is not None else "1:1"
            raise EditError(f"{path}:{where}: not YAML mentornet can edit "
                            f"({getattr(error, 'problem', None) or error}); fix it, then try again") from None
        if isinstance(data, CommentedSeq) and len(data) and data.fa.flow_style():
            raise EditError(f"{path}:1:1: the list is written as one [ … ] list: write it as `- ` items "
                            "(one a line), then try again")
        return cls(path, text, data)

    @classmethod
    def new(cls, path: Path, data: Any, header: str = "") -> "DataFile":
        """A file that does not exist yet, holding ``data`` (plain dicts and lists are fine)."""
        made = cls(path, "", _commented(data), header)
        made._whole = True
        return made

    # -- what it holds ----------------------------------------------------------------------

    @property
    def items(self) -> list:
        """The top-level list's items ([] for an empty file); a mapping document is no list."""
        if self.data is None:
            return []
        if not isinstance(self.data, CommentedSeq):
            raise EditError(f"{self.path}: expected a list of `- ` items here")
        return [item for item in self.data if id(item) not in self._removed]

    def remove(self, item: Any) -> None:
        """Leave a top-level item out (the blank lines and comments after it stay)."""
        self._removed.add(id(item))
        self.touch(item)

    def touch(self, item: Any) -> None:
        """Mark a top-level item (or, in a mapping document, the document) as changed."""
        if item is self.data:
            self._whole = True
        else:
            self._touched.add(id(item))

    @property
    def changed(self) -> bool:
        return self._whole or bool(self._touched) or (not self.text and self.data is not None)

    def append(self, item: Mapping[str, Any]) -> CommentedMap:
        """Add an item at the end of the top-level list (made when the file is empty or ``[]``)."""
        made = _commented(item)
        if self.data is None:
            self.data = CommentedSeq()
        if not isinstance(self.data, CommentedSeq):
            raise EditError(f"{self.path}: expected a list of `- ` items here")
        self.data.append(made)
        self._new.add(id(made))
        self.touch(made)
        return made

    # -- writing ----------------------------------------------------------------------------

    def render(self) -> str:
        """The file's new text: untouched items as they were written, the others rendered."""
        if not self.changed:
            return self.text
        if self._whole or not isinstance(self.data, CommentedSeq):
            out = io.StringIO()
            _yaml(*self._indent).dump(self.data, out)
            return self.header + out.getvalue() if not self.text else out.getvalue()
        return self._render_list()

    def save(self) -> bool:
        """Write the file if anything changed (through ``userfiles.write_text``); whether it did."""
        if not self.changed:
            return False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_text(self.path, self.render())
        return True

    def _render_list(self) -> str:
        lines = self.text.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        starts = self._starts(lines)
        out: list[str] = []
        head_end = starts[0] if starts else len(lines)
        head = lines[:head_end]
        if not starts:  # an empty list: `[]` (or nothing) gives way to the items
            head = [line for line in head if not re.match(r"^\s*\[\s*\]\s*(#.*)?$", line)]
        out += head
        kept = 0
        dash, key = self._columns(lines, starts)
        for item in self.data:
            if id(item) in self._new:
                if out and out[-1].strip() and _spaced(lines, starts):
                    out.append("\n")
                out.append(self._item_text(item, dash, key))
                continue
            begin = starts[kept]
            end = starts[kept + 1] if kept + 1 < len(starts) else len(lines)
            kept += 1
            span = lines[begin:end]
            if id(item) in self._removed:
                out += _split_tail(span, key, isinstance(_last_value(item), (LiteralScalarString,
                                                                              FoldedScalarString)))[1]
                continue
            if id(item) not in self._touched:
                out += span
                continue
            _, tail = _split_tail(span, key, isinstance(_last_value(item), (LiteralScalarString,
                                                                                FoldedScalarString)))
            out.append(self._item_text(item, dash, key))
            out += tail
        if not self.items:  # everyone removed: an empty list, not an empty document
            out.append("[]\n")
        return "".join(out)

    def _starts(self, lines: list[str]) -> list[int]:
        """The line where each item loaded from the file begins (its ``-``)."""
        starts = []
        for index, item in enumerate(self.data):
            if id(item) in self._new:
                continue
            line = self.data.lc.item(index)[0]
            while line > 0 and not lines[line].lstrip().startswith("-"):
                line -= 1
            starts.append(line)
        return starts

    def _columns(self, lines: list[str], starts: list[int]) -> tuple[int, int]:
        """Where the items' ``-`` and their keys stand (0 and 2 when the list is new)."""
        if not starts:
            return 0, 2
        first = lines[starts[0]]
        dash = len(first) - len(first.lstrip())
        key = self.data.lc.item(0)[1] if self.data.lc.item(0)[0] == starts[0] else dash + 2
        return dash, key

    def _item_text(self, item: Any, dash: int, key: int) -> str:
        """One item rendered as a ``- `` list item, its ``-`` at ``dash`` and its keys at ``key``."""
        detached = copy.deepcopy(item)
        _detach_tail(detached)
        _shift_comments(detached, key)
        out = io.StringIO()
        _yaml(*self._indent).dump(detached, out)
        rendered = out.getvalue().splitlines(keepends=True)
        while rendered and not rendered[-1].strip():
            rendered.pop()
        if not isinstance(item, Mapping):
            rendered = [line for line in rendered if line.strip() != "..."]
        first = " " * dash + "- " + " " * (key - dash - 2)
        return "".join((first if number == 0 else " " * key if line.strip() else "") + line
                       for number, line in enumerate(rendered))


def _spaced(lines: list[str], starts: list[int]) -> bool:
    """Whether the file puts a blank line between its items (the example does; a new file does)."""
    if len(starts) > 1:
        return not lines[starts[1] - 1].strip()
    return not starts or starts[0] == 0 or not lines[starts[0] - 1].strip()


def _commented(data: Any) -> Any:
    """Plain dicts and lists as ruamel.yaml nodes; the lists of FLOW_LISTS written ``[a, b]``."""
    if isinstance(data, Mapping):
        made = CommentedMap()
        for key, value in data.items():
            made[key] = _commented(value)
            if key in FLOW_LISTS and isinstance(made[key], CommentedSeq):
                made[key].fa.set_flow_style()
        return made
    if isinstance(data, (list, tuple)):
        return CommentedSeq(_commented(value) for value in data)
    if isinstance(data, str) and "\n" in data:
        return LiteralScalarString(data if data.endswith("\n") else data + "\n")
    if isinstance(data, str) and type(data) is str and _not_text_to_the_loader(data):
        return SingleQuotedScalarString(data)
    return data


def _not_text_to_the_loader(text: str) -> bool:
    """Whether mentornet's loader (PyYAML, YAML 1.1) would read ``text`` written plain as
    something else than text: ``yes``, ``on``, ``12:30``... (ruamel.yaml writes YAML 1.2,
    where they are text, so it leaves them plain)."""
    import yaml as pyyaml

    return pyyaml.resolver.Resolver().resolve(pyyaml.ScalarNode, text, (True, False)) != "tag:yaml.org,2002:str"


def _last_value(node: Any) -> Any:
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        node = node[list(node)[-1]] if isinstance(node, CommentedMap) else node[-1]
    return node


def _detach_tail(node: Any) -> None:
    """Drop the comments ruamel.yaml hangs on a node's last value (the blank lines and comments
    that followed it in the file): the original lines are put back after the rendered item."""
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        last = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        node.ca.items.pop(last, None)
        node = node[last]
    if isinstance(node, CommentedSeq) or isinstance(node, CommentedMap):
        node.ca.end = None  # type: ignore[attr-defined]


def _shift_comments(node: Any, by: int) -> None:
    """Move the end-of-line comments of a node rendered on its own ``by`` columns left: they
    come back to their column once the item is indented into its list."""
    if not isinstance(node, (CommentedMap, CommentedSeq)):
        return
    stack = list(node.ca.items.values())
    while stack:
        entry = stack.pop()
        if isinstance(entry, list):
            stack.extend(entry)
        elif entry is not None and getattr(entry, "start_mark", None) is not None:
            entry.column = max(0, entry.column - by)
    for child in (node.values() if isinstance(node, CommentedMap) else node):
        _shift_comments(child, by)


def _split_tail(span: list[str], key: int, block_scalar: bool) -> tuple[list[str], list[str]]:
    """An item's lines as (its own, the blank lines and comments after it). After a block
    scalar (``notes: |``), a comment must stand left of the keys to be one."""
    end = len(span)
    while end > 1:
        line = span[end - 1]
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if not stripped.strip() or (stripped.startswith("#") and (not block_scalar or indent < key)):
            end -= 1
            continue
        break
    return span[:end], span[end:]


# -- the edits ------------------------------------------------------------------------------


def find_person(file: DataFile, person_id: str) -> Optional[CommentedMap]:
    """The person ``person_id`` in a people.yaml, or a per-person file's mapping; None if absent."""
    if isinstance(file.data, CommentedMap):
        return file.data if file.data.get("id", file.path.stem) == person_id else None
    return next((item for item in file.items if isinstance(item, Mapping) and item.get("id") == person_id), None)


def remove_person(file: DataFile, person_id: str) -> None:
    """Take the person ``person_id`` out of a people.yaml (the starter's example, say)."""
    person = find_person(file, person_id)
    if person is None or isinstance(file.data, CommentedMap):
        raise EditError(f"{file.path}: no person with the id '{person_id}' in this list")
    file.remove(person)


def add_person(file: DataFile, person: Mapping[str, Any]) -> CommentedMap:
    """Append a person (a mapping with at least ``id`` and ``name``) to a people.yaml."""
    if find_person(file, person["id"]) is not None:
        raise EditError(f"{file.path}: there is already a person with the id '{person['id']}'")
    ordered = {key: person[key] for key in PERSON_ORDER if key in person}
    ordered.update({key: value for key, value in person.items() if key not in ordered})
    return file.append(ordered)


def new_person_file(folder: Path, person: Mapping[str, Any]) -> DataFile:
    """A ``data/people/<id>.yaml`` for a person: the id is the file's name, so it is left out."""
    ordered = {key: person[key] for key in PERSON_ORDER if key in person and key != "id"}
    ordered.update({key: value for key, value in person.items() if key not in ordered and key != "id"})
    return DataFile.new(Path(folder) / f"{person['id']}.yaml", ordered, PERSON_FILE_HEADER)


def set_fields(file: DataFile, person_id: str, **fields: Any) -> CommentedMap:
    """Set fields of the person ``person_id`` (``None`` removes one). A new field goes where
    :data:`PERSON_ORDER` puts it; a field already there keeps its place and its comment."""
    person = find_person(file, person_id)
    if person is None:
        raise EditError(f"{file.path}: no person with the id '{person_id}'")
    set_in(person, fields)
    file.touch(person)
    return person


def set_in(mapping: CommentedMap, fields: Mapping[str, Any], order: Iterable[str] = PERSON_ORDER) -> None:
    """Set ``fields`` in a round-trip mapping in place (see :func:`set_fields`)."""
    order = tuple(order)
    for key, value in fields.items():
        if value is None:
            mapping.pop(key, None)
            continue
        made = _commented(value)
        if key in FLOW_LISTS and isinstance(made, CommentedSeq):
            made.fa.set_flow_style()
        if key in mapping:
            if _plain(mapping[key]) == _plain(made):
                continue
            mapping[key] = made
            continue
        keys = list(mapping)
        rank = order.index(key) if key in order else len(order)
        before = [k for k in keys if (order.index(k) if k in order else len(order)) <= rank]
        position = keys.index(before[-1]) + 1 if before else 0
        if position >= len(keys) and keys:  # the last key's trailing comments move after the new one
            last = keys[-1]
            trailing = mapping.ca.items.pop(last, None)
            mapping.insert(position, key, made)
            if trailing is not None and not isinstance(mapping[last], (CommentedMap, CommentedSeq)):
                mapping.ca.items[key] = trailing
            elif trailing is not None:
                mapping.ca.items[last] = trailing
        else:
            mapping.insert(position, key, made)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def append_audit(file: DataFile, audit: Mapping[str, Any]) -> CommentedMap:
    """Append an audit (``date``, ``core``, ``strengths``, ``weaknesses``…) to an audit.yaml;
    its lists are written one item a line, as the audits people write by hand."""
    return file.append(dict(audit))


def dump(file: DataFile) -> str:
    """The file's text after the edits (the same as :meth:`DataFile.render`)."""
    return file.render()
