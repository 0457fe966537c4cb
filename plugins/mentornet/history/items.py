"""The YAML item splitter and its diff: a list file (people.yaml, audit.yaml) as the texts of
its items, found again in the next version of the file, and parsed item by item.

Between two revisions a commit mostly edits one item: the history parses and validates only
the items whose text changed (see :mod:`mentornet.history.reader`).
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from itertools import compress, count, repeat
from typing import Optional

from mentornet.audience.gate import common_ends
from mentornet.core.problems import Problem
from mentornet.load.memo import SharedMemo
from mentornet.load.yamlsource import Document, Sequence, parse


class ItemMemo(SharedMemo):
    """Also parse list files (people.yaml, audit.yaml) item by item, each item's text once:
    between two revisions, mostly one item changes."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], Document] = {}
        #: Files parsed item by item: the lines of their problems are the item's, not the file's.
        self.itemised: set[str] = set()

    def _parse(self, text: str, shown: str, problems: list[Problem], line_offset: int) -> Optional[Document]:
        document = self._by_items(text, shown) if line_offset == 0 else None
        return document if document is not None else super()._parse(text, shown, problems, line_offset)

    def _by_items(self, text: str, shown: str) -> Optional[Document]:
        """A top-level block list parsed item by item (each item's text once); None if the
        text is not such a list, or an item does not parse on its own."""
        chunks = split_items(text)
        if chunks is None:
            return None
        items, marks = Sequence(), []
        for chunk in chunks:
            found = self.item(chunk, shown)
            if found is None:
                return None
            items.append(found.data[0])
            marks.append(found.data.item_marks[0])
        items.item_marks = marks
        first = self.item(chunks[0], shown)
        assert first is not None  # read in the loop above
        items.mark = first.data.mark
        self.itemised.add(shown)
        return Document(shown, items)

    def item(self, chunk: str, shown: str) -> Optional[Document]:
        """One item's text (see :func:`split_items`) parsed alone: a document holding a list of
        that one item, kept; None when it does not parse alone without a problem."""
        found = self.items.get((shown, chunk))
        if found is None:
            own: list[Problem] = []
            self.parsed += 1
            document = parse(chunk, shown, own)
            if own or document is None or not isinstance(document.data, Sequence) or len(document.data) != 1:
                return None
            found = self.items[(shown, chunk)] = document
        return found


#: The start of a line with content at column 0 (not blank, not indented, not a comment). A
#: leading newline lets the regular expression engine jump from one newline to the next.
_LINE_AT_COLUMN_ZERO = re.compile(r"\n(?=[^\s#])")


def split_items(text: str) -> Optional[list[str]]:
    """The texts of the items of a top-level block list (``- `` at column 0), comments and blank
    lines going with the item before; None when the text is anything else.

    Regular expressions find the item starts, much faster than a line-by-line loop in Python.
    """
    split = Split.of(text)
    return split.items if split is not None else None


@dataclass(frozen=True)
class Split:
    """A list file's text, its items' texts (see :func:`split_items`) and where each starts."""

    text: str
    items: list[str]
    starts: list[int]

    @classmethod
    def of(cls, text: str) -> Optional["Split"]:
        starts = _item_starts(text)
        if starts is None:
            return None
        return cls(text, [text[begin:end] for begin, end in zip(starts, starts[1:] + [len(text)])], starts)

    def edited(self, text: str) -> Optional[tuple["Split", int, int]]:
        """What :meth:`of` gives for ``text``, a later version of this one, and how many items
        at its start and its end are this one's; only the part between the items the two share
        at their ends is split again: a commit mostly edits one item.

        Items are found by local signs (a line at column 0, starting ``- ``), so an item kept
        with the text around its start is an item of both versions, and the items between are
        those of the part between."""
        items, starts, n = self.items, self.starts, len(self.items)
        head = begin = 0  # the text before the first item changed: split from the start
        if text.startswith(self.text[:starts[0]]):
            # items found at the same place, from the start: all but the last are whole and kept
            same = next(compress(count(), map(operator.not_, map(text.startswith, items, starts))), n)
            head = max(same - 1, 0)
            begin = starts[head]
        shift = len(text) - len(self.text)
        # and from the end, moved by what the text gained or lost
        tail = 0
        for item, start in zip(reversed(items[head:]), reversed(starts[head:])):
            if start + shift < begin or not text.startswith(item, start + shift):
                break
            tail += 1
        finish = starts[n - tail] + shift if tail else len(text)
        while tail and finish > begin and text[finish - 1] != "\n":
            tail -= 1  # the first item kept at the end must start a line
            finish = starts[n - tail] + shift if tail else len(text)
        if begin < finish and not (text[begin] not in _NOT_AT_START and _is_start(text, begin)):
            head = begin = 0  # not an item start now (the first item or the text before it changed)
            middle = Split.of(text[:finish]) if finish else Split("", [], [])
            if middle is None:
                return None
            new_items, new_starts = middle.items, middle.starts
        else:
            walked = _walk(text, begin, finish, items[head:n - tail], starts[head:n - tail])
            if walked is None:
                return None
            new_items, new_starts = walked
        if not (head or new_items or tail):
            return None  # no items at all is no list
        first, last = common_ends(items[head:n - tail], new_items, operator.eq)
        split = Split(text, items[:head] + new_items + items[n - tail:],
                       starts[:head] + new_starts + [start + shift for start in starts[n - tail:]])
        return split, head + first, tail + last


#: What a line that is not an item's start begins with.
_NOT_AT_START = frozenset(" \t\n\r\f\v#")


def _is_start(text: str, at: int) -> bool:
    """Whether an item of a top-level block list starts at ``at`` (see :func:`_item_starts`),
    knowing that a line starts there."""
    return text.startswith(("- ", "-\n", "-\r"), at) or at == len(text) - 1 and text[at] == "-"


def _walk(text: str, begin: int, finish: int, old: list[str], old_starts: list[int]
          ) -> Optional[tuple[list[str], list[int]]]:
    """The items of ``text[begin:finish]`` (``begin`` an item start, ``finish`` one or the end)
    and where they start, knowing that most are items of the last version (``old``, starting
    at ``old_starts`` there): runs of those are found by comparing their texts (in C, a run
    at a time), and only the rest is split by the regular expression. None: not a list."""
    items: list[str] = []
    found: list[int] = []
    at, j = begin, 0  # a known item start in text; the next old item to look for
    while at < finish:
        if j < len(old) and text.startswith(old[j], at, finish):
            # a run of old items, shifted alike: each ends where the next begins
            shift = at - old_starts[j]
            run = next(compress(count(), map(operator.not_, map(text.startswith, old[j:], map(
                operator.add, old_starts[j:], repeat(shift)), repeat(finish)))), len(old) - j)
            while run:
                end = old_starts[j + run - 1] + shift + len(old[j + run - 1])
                if end == finish or text[end - 1] == "\n" and text[end] not in _NOT_AT_START \
                        and _is_start(text, end):
                    break
                run -= 1  # the last of the run goes on in text: it is not that item
            if run:
                items += old[j:j + run]
                found += [start + shift for start in old_starts[j:j + run]]
                at, j = old_starts[j + run - 1] + shift + len(old[j + run - 1]), j + run
                continue
        # an old item deleted here: the next ones may be at ``at``
        skip = next((d for d in (1, 2) if j + d < len(old) and text.startswith(old[j + d], at, finish)), 0)
        if skip:
            j += skip
            continue
        # a new or edited item: up to the next line at column 0
        match = _LINE_AT_COLUMN_ZERO.search(text, at, finish)
        end = match.end() if match is not None else finish
        if end < finish and not _is_start(text, end):
            return None  # a mapping, a document marker, a directive, a flow list...
        items.append(text[at:end])
        found.append(at)
        at = end
        # the old item it replaced, or the one after it, may come next
        j += 1 if j + 1 < len(old) and text.startswith(old[j + 1], at, finish) else 0
    return items, found


def _item_starts(text: str) -> Optional[list[int]]:
    """Where the items of a top-level block list start (see :func:`split_items`)."""
    candidates = [match.end() for match in _LINE_AT_COLUMN_ZERO.finditer(text)]
    if text[:1] and not text[:1].isspace() and text[:1] != "#":
        candidates.insert(0, 0)
    starts = []
    for start in candidates:
        if not (text.startswith("- ", start) or text.startswith("-\n", start) or text.startswith("-\r", start)
                or start == len(text) - 1 and text[start] == "-"):
            return None  # a mapping, a document marker, a directive, a flow list...
        starts.append(start)
    if not starts or any(line.startswith(" ") for line in text[:starts[0]].split("\n")):
        return None
    return starts
