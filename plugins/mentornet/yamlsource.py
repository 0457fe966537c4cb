"""Reading YAML safely, remembering where every value came from.

PyYAML's safe C loader does the parsing; we add what a person editing the files needs:
the line and column of every mapping key and list item, duplicate keys reported instead
of silently overwritten, dates kept as text for the model to check, and bounds on file
size and alias expansion so a hostile file cannot exhaust the machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

try:  # the C loader is several times faster; fall back quietly where libyaml is missing
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

#: Files larger than this are refused: a portfolio of a thousand people is a few hundred KB.
MAX_FILE_BYTES = 8 * 1024 * 1024
#: Values a document may expand to once aliases are followed (a "billion laughs" guard).
MAX_EXPANDED_VALUES = 2_000_000


class Mapping(dict):
    """A dict that knows the position of itself and of each of its keys."""

    __slots__ = ("mark", "key_marks")


class Sequence(list):
    """A list that knows the position of itself and of each of its items."""

    __slots__ = ("mark", "item_marks")


Position = tuple[int, int]


@dataclass(frozen=True)
class Document:
    """A parsed YAML document and the display name of the file it came from."""

    path: str
    data: Any
    line_offset: int = 0

    def position(self, location: tuple[Any, ...]) -> Position:
        """The (line, column) of a value addressed by keys and indexes, or the nearest parent."""
        node = self.data
        best = getattr(node, "mark", (1, 1))
        for step in location:
            if isinstance(node, Mapping) and step in node:
                best = node.key_marks.get(step, best)
                node = node[step]
            elif isinstance(node, Sequence) and isinstance(step, int) and 0 <= step < len(node):
                best = node.item_marks[step]
                node = node[step]
            else:
                break
        return best[0] + self.line_offset, best[1]


def _position(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Loader(_BaseLoader):
    """Safe loader that records positions and duplicate keys, and leaves dates as text."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str, path: str, problems: list[Problem], line_offset: int):
        super().__init__(stream)
        self.path = path
        self.problems = problems
        self.line_offset = line_offset

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Mapping:
        mapping = Mapping()
        mapping.mark = _position(node)
        mapping.key_marks = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                line, column = _position(key_node)
                self.problems.append(Problem(self.path, line + self.line_offset, column,
                                             "a key must be plain text"))
                continue
            if key in mapping:
                line, column = _position(key_node)
                first_line = mapping.key_marks[key][0] + self.line_offset
                self.problems.append(Problem(
                    self.path, line + self.line_offset, column,
                    f"duplicate key '{key}' (first given on line {first_line}); "
                    "YAML keeps only one of them: remove or merge the other"))
                continue
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_marks[key] = _position(key_node)
        return mapping

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> Sequence:
        sequence = Sequence(self.construct_object(child, deep=True) for child in node.value)
        sequence.mark = _position(node)
        sequence.item_marks = [_position(child) for child in node.value]
        return sequence


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)


def _expanded_size(data: Any, limit: int) -> int:
    """How many values ``data`` holds once shared (aliased) values are counted each time."""
    sizes: dict[int, int] = {}

    def size(value: Any) -> int:
        if isinstance(value, (dict, list)):
            key = id(value)
            if key not in sizes:
                sizes[key] = 0  # cycles (recursive aliases) count once
                children = value.values() if isinstance(value, dict) else value
                sizes[key] = min(limit + 1, 1 + sum(size(child) for child in children))
            return sizes[key]
        return 1

    return size(data)


def parse(text: str, path: str, problems: list[Problem], line_offset: int = 0) -> Document | None:
    """Parse one YAML document; on failure, record problems and return None."""
    loader = _Loader(text, path, problems, line_offset)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or "not valid YAML"
        if error.context:
            what = f"{error.context}: {what}"
        problems.append(Problem(path, line + line_offset, column, f"YAML syntax error: {what}"))
        return None
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML raises marked errors for text
        problems.append(Problem(path, 1 + line_offset, 1, f"YAML error: {error}"))
        return None
    except RecursionError:
        problems.append(Problem(path, 1 + line_offset, 1, "the YAML is nested too deeply to read"))
        return None
    finally:
        loader.dispose()
    if _expanded_size(data, MAX_EXPANDED_VALUES) > MAX_EXPANDED_VALUES:
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
