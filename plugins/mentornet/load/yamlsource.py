"""Reading YAML safely, remembering where every value came from.

PyYAML's safe C loader does the parsing; we add what a person editing the files needs:
the line and column of every mapping key and list item, duplicate keys reported instead
of silently overwritten, dates kept as text for the model to check, and bounds on file
size and alias expansion so a hostile file cannot exhaust the machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Union

import yaml

from mentornet.core.limits import MAX_EXPANDED_VALUES, expanded_size
from mentornet.core.visibility import DECIDING_KEYS
from mentornet.core.problems import Problem
from mentornet.core.yamldata import Yaml

try:  # the C loader is several times faster; fall back quietly where libyaml is missing
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]  # the same interface, in Python

#: Files larger than this are refused: a portfolio of a thousand people is a few hundred KB.
MAX_FILE_BYTES = 8 * 1024 * 1024


class Mapping(dict[Yaml, Yaml]):
    """A dict that knows the position (a PyYAML mark) of itself and of each of its keys."""

    __slots__ = ("mark", "key_marks")

    mark: yaml.Mark
    key_marks: dict[Yaml, yaml.Mark]


class Sequence(list[Yaml]):
    """A list that knows the position of itself and of each of its items."""

    __slots__ = ("mark", "item_marks")

    mark: yaml.Mark
    item_marks: list[yaml.Mark]


Position = tuple[int, int]


@dataclass(frozen=True)
class Document:
    """A parsed YAML document and the display name of the file it came from."""

    path: str
    data: Yaml
    line_offset: int = 0

    def position(self, location: tuple[Union[str, int], ...]) -> Position:
        """The (line, column) of a value addressed by keys and indexes, or the nearest parent."""
        node = self.data
        best: yaml.Mark | Position | None = getattr(node, "mark", None)
        for step in location:
            if isinstance(node, Mapping) and step in node:
                best = node.key_marks.get(step, best)
                node = node[step]
            elif isinstance(node, Sequence) and isinstance(step, int) and 0 <= step < len(node):
                best = node.item_marks[step]
                node = node[step]
            else:
                break
        if best is None:
            return 1 + self.line_offset, 1
        if isinstance(best, tuple):  # a position given by hand (e.g. an id taken from a file name)
            return best[0] + self.line_offset, best[1]
        return best.line + 1 + self.line_offset, best.column + 1


def _position(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Composer(_BaseLoader):
    """The C parser and composer with no implicit typing: we type plain scalars ourselves."""

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_PLAIN = "tag:mentornet,2026:plain"  # a plain (unquoted, untagged) scalar, typed by _plain()
#: YAML 1.2's core schema: only true and false are booleans; yes, no, on and off are text, so
#: `geography: NO` stays "NO", as every JSON-Schema tool and YAML 1.2 parser reads it.
_BOOLS = {"true": True, "false": False}
_NULLS = {"", "~", "null", "Null", "NULL"}
_NUMERIC_START = frozenset("0123456789+-.")
#: Characters no text of a portfolio may hold: C0 and C1 controls but tab and line breaks, and DEL.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?")


def _plain(value: str) -> Yaml:
    """YAML 1.2 core schema's types for a plain scalar, except timestamps: dates stay text for the model."""
    if value in _NULLS:
        return None
    if len(value) > 5 and value[0] not in _NUMERIC_START:  # most values: plain words
        return value
    lowered = value.lower()
    if lowered in _BOOLS and (value.islower() or value.istitle() or value.isupper()):
        return _BOOLS[lowered]
    if _INT.fullmatch(value):
        return int(value.replace("_", ""))
    if _FLOAT.fullmatch(value) and any(ch.isdigit() for ch in value):
        return float(value.replace("_", ""))
    if lowered in (".inf", "+.inf", "-.inf", ".nan"):
        return float(lowered.replace(".", ""))
    return value


class _Converter:
    """Turns composed nodes into Mapping, Sequence and plain values, with positions."""

    def __init__(self, path: str, problems: list[Problem], line_offset: int):
        self.path = path
        self.problems = problems
        self.line_offset = line_offset
        self.seen: dict[int, Yaml] = {}
        self.shared = False  # an alias was followed: check the expanded size

    def problem(self, node: yaml.Node, message: str) -> None:
        line, column = _position(node)
        self.problems.append(Problem(self.path, line + self.line_offset, column, message))

    def convert(self, node: yaml.Node) -> Yaml:
        key = id(node)
        if key in self.seen:
            self.shared = True
            return self.seen[key]
        if node.tag not in _KNOWN_TAGS:
            self.problem(node, f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed "
                               "in mentornet data: remove it")
            return None
        if isinstance(node, yaml.ScalarNode):
            control = _CONTROL.search(node.value)
            if control:  # written as an escape ("\e", "\0"): it would reach pages, exports and terminals
                self.problem(node, f"a control character (U+{ord(control.group()):04X}) in a value: remove it "
                                   "(only tabs and line breaks may be in text)")
                return _CONTROL.sub("", node.value)  # one message: the field itself is not "missing"
            if node.tag == _PLAIN:
                return _plain(node.value)
            return _TAGGED.get(node.tag, lambda text: text)(node.value)
        if isinstance(node, yaml.SequenceNode):
            sequence = self.seen[key] = Sequence()
            sequence.mark = node.start_mark
            sequence.item_marks = [child.start_mark for child in node.value]
            sequence.extend(self.convert(child) for child in node.value)
            return sequence
        mapping = self.seen[key] = Mapping()
        mapping.mark = node.start_mark
        mapping.key_marks = {}
        for key_node, value_node in node.value:
            if key_node.tag == _PLAIN and key_node.value == "<<":
                self.problem(key_node, "merge keys (<<) are not supported: write the fields out")
                continue
            item_key = self.convert(key_node)
            if not isinstance(item_key, (str, int, float, bool)) and item_key is not None:
                self.problem(key_node, "a key must be plain text")
                continue
            if item_key in mapping:
                first_line = mapping.key_marks[item_key].line + 1 + self.line_offset
                self.problem(key_node, f"duplicate key '{item_key}' (first given on line {first_line}); "
                                       "YAML keeps only one of them: remove or merge the other")
                continue
            if item_key in DECIDING_KEYS and not _written_as_a_word(value_node):
                self.problem(value_node, f"{item_key}: must be one word, private, mentor or public, written as "
                                         "it is (not empty, null or tagged): who may see this is otherwise unknown")
                continue
            mapping[item_key] = self.convert(value_node)
            mapping.key_marks[item_key] = key_node.start_mark
        return mapping


def _written_as_a_word(node: yaml.Node) -> bool:
    """Whether a value is text as a person writes it: plain or quoted, not empty, null or tagged
    (``visibility: !!null private`` would read as no visibility at all, and take the default)."""
    if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
        return False
    if node.tag == _PLAIN:
        return isinstance(_plain(node.value), str)
    return node.tag == _STR and node.style in ("'", '"')


#: Explicitly tagged scalars (``!!int 3``): converted as YAML says; anything else stays text.
_TAGGED = {
    "tag:yaml.org,2002:int": lambda text: int(text) if _INT.fullmatch(text) else text,
    "tag:yaml.org,2002:float": lambda text: float(text) if _FLOAT.fullmatch(text) else text,
    "tag:yaml.org,2002:bool": lambda text: _BOOLS.get(text.lower(), text),
    "tag:yaml.org,2002:null": lambda text: None,
}
_KNOWN_TAGS = {_PLAIN, _STR, _SEQ, _MAP, *_TAGGED}


_KEY_AND_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#][^:#]*?):\s+(.*?)\s*$")


def _plain_fix(error: yaml.MarkedYAMLError, text: str, mark: yaml.Mark | None) -> str:
    """The two mistakes people make most, in plain words with their fix (PyYAML's own words
    otherwise): a tab where YAML wants spaces, and a colon inside unquoted text."""
    lines = text.splitlines()
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "tab" in (error.problem or "") or "\t" in line[:max(mark.column + 1, 1) if mark else 0]:
        return "a tab character: use spaces, not tabs, to indent (YAML does not allow tabs there)"
    if "mapping values are not allowed" in (error.problem or ""):
        found = _KEY_AND_VALUE.match(line)
        example = ""
        if found:
            value = found.group(3).replace("\\", "\\\\").replace('"', '\\"')
            example = f", e.g. `{found.group(2)}: \"{value}\"`"
        return f"a colon followed by a space inside a value: put text with a colon in quotes{example}"
    return ""


def parse(text: str, path: str, problems: list[Problem], line_offset: int = 0) -> Document | None:
    """Parse one YAML document; on failure, record problems and return None."""
    loader = _Composer(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or "not valid YAML"
        if error.context:
            what = f"{error.context}: {what}"
        problems.append(Problem(path, line + line_offset, column,
                                f"YAML syntax error: {_plain_fix(error, text, mark) or what}"))
        return None
    except yaml.reader.ReaderError as error:  # a raw control character: no mark, a position
        before = text[:error.position]
        line, column = before.count("\n") + 1, error.position - (before.rfind("\n") + 1) + 1
        problems.append(Problem(path, line + line_offset, column,
                                f"a control character (U+{error.character:04X}) in the text: remove it "
                                "(only tabs and line breaks may be in text)"))
        return None
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML raises marked errors for text
        problems.append(Problem(path, 1 + line_offset, 1, f"YAML error: {error}"))
        return None
    finally:
        loader.dispose()
    converter = _Converter(path, problems, line_offset)
    try:
        data = converter.convert(node) if node is not None else None
    except RecursionError:
        problems.append(Problem(path, 1 + line_offset, 1, "the YAML is nested too deeply to read"))
        return None
    if converter.shared and expanded_size(data) > MAX_EXPANDED_VALUES:
        problems.append(Problem(path, 1 + line_offset, 1,
                                "the YAML expands to too many values through aliases (*name); "
                                "write the values out instead"))
        return None
    return Document(path, data, line_offset)


def read_text(file: Path, shown_as: str, problems: list[Problem]) -> str | None:
    """Read a file as UTF-8 text, within the size bound; record a problem otherwise."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem(shown_as, 1, 1, f"the file is {size // 1024} KB, larger than the "
                                    f"{MAX_FILE_BYTES // (1024 * 1024)} MB mentornet reads; split it"))
            return None
        raw = file.read_bytes()
    except OSError as error:
        problems.append(Problem(shown_as, 1, 1, f"cannot read the file: {error.strerror}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problems.append(Problem(shown_as, line, column,
                                f"the file is not UTF-8 (byte 0x{raw[error.start]:02x}); "
                                "save it as UTF-8 in your editor"))
        return None
    return text.removeprefix("\ufeff")


def load_file(file: Path, shown_as: str, problems: list[Problem]) -> Document | None:
    text = read_text(file, shown_as, problems)
    return None if text is None else parse(text, shown_as, problems)
