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
from typing import Iterable, Mapping, Optional, cast

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, SingleQuotedScalarString

from mentornet.cli.userfiles import write_text
from mentornet.core.yamldata import Yaml

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


class _Item:
    """A top-level list item: its text as read (with the blank lines and comments after it),
    its ruamel.yaml node once it is needed, and what became of it."""

    __slots__ = ("text", "node", "id", "state")

    def __init__(self, text: str, node: Yaml = None, item_id: Optional[str] = None, state: str = "kept"):
        self.text, self.node, self.id, self.state = text, node, item_id, state


class DataFile:
    """One YAML data file, edited round-trip: a list of items (people.yaml, audit.yaml), a
    mapping (a per-person file) or nothing yet. Edit it through the functions below, then
    :meth:`render` or :meth:`save`.

    A list whose items start at the margin (``- id:``, as mentornet writes them) is split into
    items by text, and ruamel.yaml parses only the items an edit touches: its round-trip loader
    took 17 s over a 600 KB people.yaml of 1,000 people on a busy machine; finding one person
    by id, a regular expression over each item's text. Other lists are parsed whole."""

    def __init__(self, path: Path, text: str, header: str = ""):
        self.path = Path(path)
        #: The text as it was read ("" for a new file).
        self.text = text
        #: The file's bytes when :meth:`load` read it (None: it did not exist), so a writer can
        #: tell whether anything else wrote it since (:meth:`changed_on_disk`).
        self.as_read: Optional[bytes] = None
        self._loaded = False
        #: For a new file: the comment lines it starts with.
        self.header = header
        #: A mapping document (its ruamel.yaml tree), else None.
        self.mapping: Optional[CommentedMap] = None
        #: The text before the first item (comments, the schema line).
        self._head = text
        self._items: list[_Item] = []
        self._by_node: dict[int, _Item] = {}
        self._dash, self._key = 0, 2
        self._spaced = True
        self._whole = False  # a mapping document changed (or is new): rendered whole
        self._indent = _guess_indent(text)

    # -- loading ----------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path, header: str = "") -> "DataFile":
        """The file at ``path``; when it does not exist, a new one starting with ``header``
        (comment lines, such as the schema line)."""
        path = Path(path)
        raw = path.read_bytes() if path.exists() else None
        text = raw.decode("utf-8-sig").replace("\r\n", "\n") if raw is not None else header
        made = cls.parse(text, path)
        made.as_read, made._loaded = raw, True
        return made

    def changed_on_disk(self) -> bool:
        """Whether the file is no longer what :meth:`load` read: another command, or an editor,
        wrote (or made, or removed) it since. A guided session asks its questions without
        holding the portfolio's lock, and must not write its answers over someone else's."""
        if not self._loaded:
            return False
        now = self.path.read_bytes() if self.path.exists() else None
        return now != self.as_read

    @classmethod
    def parse(cls, text: str, path: Path) -> "DataFile":
        from mentornet.history.items import split_items

        made = cls(path, text)
        chunks = split_items(text) if text.strip() else None
        if chunks:
            made._head = text[:len(text) - sum(map(len, chunks))]
            made._items = [_Item(chunk, item_id=_id_in(chunk)) for chunk in chunks]
            first = chunks[0].split("\n", 1)[0]
            made._key = len(first) - len(first[1:].lstrip(" ")) if first.strip() != "-" else 2
            made._spaced = len(chunks) < 2 and (not made._head or made._head.endswith("\n\n")) \
                or len(chunks) > 1 and chunks[0].endswith("\n\n")
            return made
        data = made._ruamel(text) if text.strip() else None
        if isinstance(data, CommentedMap):
            made.mapping = data
        elif isinstance(data, CommentedSeq):
            made._list_from(data)
        elif data is not None:
            raise EditError(f"{path}:1:1: expected a list of `- ` items or a mapping here")
        return made

    def _ruamel(self, text: str) -> Yaml:
        try:
            data = _yaml().load(text)
        except YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"{mark.line + 1}:{mark.column + 1}" if mark is not None else "1:1"
            raise EditError(f"{self.path}:{where}: not YAML mentornet can edit "
                            f"({getattr(error, 'problem', None) or error}); fix it, then try again") from None
        if isinstance(data, CommentedSeq) and len(data) and data.fa.flow_style():
            raise EditError(f"{self.path}:1:1: the list is written as one [ … ] list: write it as `- ` items "
                            "(one a line), then try again")
        return data

    def _list_from(self, data: CommentedSeq) -> None:
        """Items of a list parsed whole (indented, or the starter's ``[]``): each item's text from
        its line to the next item's."""
        lines = self.text.splitlines(keepends=True)
        starts = []
        for index in range(len(data)):
            line = data.lc.item(index)[0]
            while line > 0 and not lines[line].lstrip().startswith("-"):
                line -= 1
            starts.append(line)
        if not starts:  # an empty list: `[]` gives way to the items
            self._head = "".join(line for line in lines if not re.match(r"^\s*\[\s*\]\s*(#.*)?$", line))
            return
        self._head = "".join(lines[:starts[0]])
        for index, (begin, end) in enumerate(zip(starts, starts[1:] + [len(lines)])):
            node = data[index]
            item = _Item("".join(lines[begin:end]), node, node.get("id") if isinstance(node, Mapping) else None)
            self._items.append(item)
            self._by_node[id(node)] = item
        first = lines[starts[0]]
        self._dash = len(first) - len(first.lstrip())
        self._key = data.lc.item(0)[1] if data.lc.item(0)[0] == starts[0] else self._dash + 2
        self._spaced = len(starts) < 2 or not lines[starts[1] - 1].strip()

    @classmethod
    def new(cls, path: Path, data: Yaml, header: str = "") -> "DataFile":
        """A file that does not exist yet, holding a mapping (plain dicts and lists are fine)."""
        made = cls(path, "", header)
        made.mapping = _commented(data)
        made._whole = True
        return made

    # -- what it holds ----------------------------------------------------------------------

    def _node(self, item: _Item) -> Yaml:
        if item.node is None:
            parsed = self._ruamel(item.text)
            item.node = parsed[0] if isinstance(parsed, CommentedSeq) and len(parsed) == 1 else parsed
            self._by_node[id(item.node)] = item
        return item.node

    @property
    def items(self) -> list:
        """The top-level list's items (each parsed: slow on a long file; see :meth:`find`)."""
        if self.mapping is not None:
            raise EditError(f"{self.path}: expected a list of `- ` items here")
        return [self._node(item) for item in self._items if item.state != "removed"]

    def ids(self) -> list[Optional[str]]:
        """The ``id`` of each item (None for an item without one), without parsing the items."""
        return [item.id for item in self._items if item.state != "removed"]

    def find(self, item_id: str) -> Optional[CommentedMap]:
        """The item whose ``id`` is ``item_id`` (parsed now), or None."""
        for item in self._items:
            if item.state != "removed" and item.id == item_id:
                node = self._node(item)
                # a round-trip mapping: a CommentedMap (or its ordered kin, for an ``!!omap``)
                return cast(CommentedMap, node) if isinstance(node, Mapping) and node.get("id") == item_id else None
        return None

    def remove(self, node: Yaml) -> None:
        """Leave a top-level item out (the blank lines and comments after it stay)."""
        self._by_node[id(node)].state = "removed"

    def touch(self, node: Yaml) -> None:
        """Mark a top-level item (or, in a mapping document, the document) as changed."""
        if node is self.mapping:
            self._whole = True
            return
        item = self._by_node[id(node)]
        if item.state == "kept":
            item.state = "touched"
        if isinstance(node, Mapping):
            item.id = node.get("id")

    @property
    def changed(self) -> bool:
        return self._whole or any(item.state != "kept" for item in self._items)

    def append(self, item: Mapping[str, Yaml]) -> CommentedMap:
        """Add an item at the end of the top-level list (made when the file is empty or ``[]``)."""
        if self.mapping is not None:
            raise EditError(f"{self.path}: expected a list of `- ` items here")
        node = _commented(item)
        made = _Item("", node, node.get("id"), "new")
        self._items.append(made)
        self._by_node[id(node)] = made
        return node

    # -- writing ----------------------------------------------------------------------------

    def render(self) -> str:
        """The file's new text: untouched items as they were written, the others rendered."""
        if not self.changed:
            return self.text
        if self.mapping is not None:
            out = io.StringIO()
            _yaml(*self._indent).dump(self.mapping, out)
            return self.header + out.getvalue() if not self.text else out.getvalue()
        out_parts = [self._head]
        for item in self._items:
            if item.state == "kept":
                out_parts.append(item.text)
                continue
            if item.state == "new":
                done = "".join(out_parts)
                if done and not done.endswith("\n"):
                    out_parts.append("\n")
                if done.strip() and self._spaced and not done.endswith("\n\n"):
                    out_parts.append("\n")
                out_parts.append(self._item_text(item.node))
                continue
            lines = item.text.splitlines(keepends=True)
            if lines and not lines[-1].endswith("\n"):
                lines[-1] += "\n"
            block = isinstance(_last_value(self._node(item)), (LiteralScalarString, FoldedScalarString))
            tail = _split_tail(lines, self._key, block)[1]
            if item.state == "touched":
                out_parts.append(self._item_text(item.node))
            out_parts += tail
        if not any(item.state != "removed" for item in self._items):  # an empty list, not an empty document
            out_parts.append("[]\n")
        return "".join(out_parts)

    def save(self) -> bool:
        """Write the file if anything changed (through ``userfiles.write_text``); whether it did."""
        if not self.changed:
            return False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_text(self.path, self.render())
        return True

    def _item_text(self, node: Yaml) -> str:
        """One item rendered as a ``- `` list item, its ``-`` and its keys where the file has them."""
        dash, key = self._dash, self._key
        detached = copy.deepcopy(node)
        _detach_tail(detached)
        _shift_comments(detached, key)
        out = io.StringIO()
        _yaml(*self._indent).dump(detached, out)
        rendered = out.getvalue().splitlines(keepends=True)
        while rendered and not rendered[-1].strip():
            rendered.pop()
        if not isinstance(node, Mapping):
            rendered = [line for line in rendered if line.strip() != "..."]
        first = " " * dash + "- " + " " * (key - dash - 2)
        return "".join((first if number == 0 else " " * key if line.strip() else "") + line
                       for number, line in enumerate(rendered))


def _id_in(chunk: str) -> Optional[str]:
    """The ``id`` of an item written at the margin (``- id: x`` or an ``id:`` line among its keys),
    found without parsing it; None when it is written some other way."""
    first = chunk.split("\n", 1)[0]
    key = len(first) - len(first[1:].lstrip(" "))
    pattern = rf"(?m)^(?:-{' ' * (key - 1)}|{' ' * key})id:[ \t]*(['\"]?)([A-Za-z0-9_.-]+)\1[ \t]*(?:#.*)?$"
    match = re.search(pattern, chunk)
    return match.group(2) if match else None


def _commented(data: Yaml) -> Yaml:
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


def _last_value(node: Yaml) -> Yaml:
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        node = node[list(node)[-1]] if isinstance(node, CommentedMap) else node[-1]
    return node


def _detach_tail(node: Yaml) -> None:
    """Drop the comments ruamel.yaml hangs on a node's last value (the blank lines and comments
    that followed it in the file): the original lines are put back after the rendered item."""
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        last = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        node.ca.items.pop(last, None)
        node = node[last]
    if isinstance(node, CommentedSeq) or isinstance(node, CommentedMap):
        node.ca.end = None  # type: ignore[attr-defined]


def _shift_comments(node: Yaml, by: int) -> None:
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
    if file.mapping is not None:
        return file.mapping if file.mapping.get("id", file.path.stem) == person_id else None
    return file.find(person_id)


def remove_person(file: DataFile, person_id: str) -> None:
    """Take the person ``person_id`` out of a people.yaml (the starter's example, say)."""
    person = find_person(file, person_id)
    if person is None or file.mapping is not None:
        raise EditError(f"{file.path}: no person with the id '{person_id}' in this list")
    file.remove(person)


def add_person(file: DataFile, person: Mapping[str, Yaml]) -> CommentedMap:
    """Append a person (a mapping with at least ``id`` and ``name``) to a people.yaml."""
    if find_person(file, person["id"]) is not None:
        raise EditError(f"{file.path}: there is already a person with the id '{person['id']}'")
    ordered = {key: person[key] for key in PERSON_ORDER if key in person}
    ordered.update({key: value for key, value in person.items() if key not in ordered})
    return file.append(ordered)


def new_person_file(folder: Path, person: Mapping[str, Yaml]) -> DataFile:
    """A ``data/people/<id>.yaml`` for a person: the id is the file's name, so it is left out."""
    ordered = {key: person[key] for key in PERSON_ORDER if key in person and key != "id"}
    ordered.update({key: value for key, value in person.items() if key not in ordered and key != "id"})
    return DataFile.new(Path(folder) / f"{person['id']}.yaml", ordered, PERSON_FILE_HEADER)


def set_fields(file: DataFile, person_id: str, **fields: Yaml) -> CommentedMap:
    """Set fields of the person ``person_id`` (``None`` removes one). A new field goes where
    :data:`PERSON_ORDER` puts it; a field already there keeps its place and its comment."""
    person = find_person(file, person_id)
    if person is None:
        raise EditError(f"{file.path}: no person with the id '{person_id}'")
    set_in(person, fields)
    file.touch(person)
    return person


def set_in(mapping: CommentedMap, fields: Mapping[str, Yaml], order: Iterable[str] = PERSON_ORDER) -> None:
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


def _plain(value: Yaml) -> Yaml:
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def append_audit(file: DataFile, audit: Mapping[str, Yaml]) -> CommentedMap:
    """Append an audit (``date``, ``core``, ``strengths``, ``weaknesses``…) to an audit.yaml;
    its lists are written one item a line, as the audits people write by hand."""
    return file.append(dict(audit))


def dump(file: DataFile) -> str:
    """The file's text after the edits (the same as :meth:`DataFile.render`)."""
    return file.render()
