"""Private passages inside Markdown: the one reader of ``<!-- private -->`` markers.

The block syntax (documented for users)::

    Shared with my mentor.

    <!-- private -->
    Only in my own build: what I really think about the reorganisation.
    <!-- /private -->

For the owner, the passage is shown in a box labelled "Private"; for every other audience,
the markers and everything between them are removed before the Markdown is converted, so
the passage reaches no page, search index or table of contents. The markers are HTML
comments, so a Markdown viewer that does not know mentornet still shows the page sensibly.

A marker starts its line, wherever Markdown lets a line start: indented (in a list item or
an admonition), after ``>`` (a blockquote) or a list bullet; with any line ending. It may
carry a note (``<!-- private: about my manager -->``), and text after an opening marker on
the same line is private too. A marker that cannot be read exactly (one in the middle of a
line, one misspelt, one not finished on its line, one inside a code block that is never
closed) is *refused*: :func:`strip` reports it with ``refused=True`` and the build stops,
rather than guess and publish. Doubt never publishes.

It fails safe: a block that is opened and never closed hides everything after its opening
marker, and :func:`strip` reports the line so the build can warn. A closing marker with no
opening one is dropped with a warning too. Markers inside fenced code blocks (opened at most
three spaces in, outside a private block) are examples, not markers, and are left as they are;
so are markers in inline code (`` `<!-- private -->` ``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from mentornet.core import fences

#: Markdown's line endings (CommonMark: ``\n``, ``\r\n`` or a lone ``\r``).
LINE_END = re.compile(r"\r\n|\r|\n")

#: What may come before a marker on its line: indentation, blockquote ``>``s, list bullets
#: and numbers, a definition's ``:``.
_PREFIX = re.compile(r"(?:[ \t]*(?:>|[-*+:](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]?)*[ \t]*")
#: An HTML comment, or what an editor's "smart dashes" make of one (``<!—``, ``–>``).
_COMMENT = re.compile(r"<!(?P<open>--|[-\u2013\u2014]+)(?P<inner>.*?)(?P<end>-->|[-\u2013\u2014]+>|$)")
_MARKER = re.compile(r"\s*(?P<close>/\s*)?private(?:[\s:\-\u2013\u2014].*)?", re.IGNORECASE | re.DOTALL)
_WORD = re.compile(r"\s*/?\s*([^\W\d_]+)")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_BULLETS = re.compile(r"[-*+:]|\d{1,9}[.)]")

#: What the owner sees in place of the opening and closing markers.
OWNER_OPEN = ('<div class="mentornet-private" markdown>\n'
              '<p class="mentornet-private__label">Private: only in your own build</p>\n')
OWNER_CLOSE = "</div>"

EXAMPLE = "`<!-- private -->` … `<!-- /private -->`, each at the start of a line"


@dataclass(frozen=True)
class BlockProblem:
    #: 1-based line in the text given to :func:`strip`.
    line: int
    message: str
    #: True when the text cannot be read exactly: the build must stop (False: a warning).
    refused: bool = False


def has_markers(text: str) -> bool:
    """Whether ``text`` may hold a marker (any HTML comment: a misspelt marker is refused)."""
    return "<!" in text


def refusals(text: str) -> list[BlockProblem]:
    """The markers of ``text`` that cannot be read exactly (each stops a build)."""
    if not text or not has_markers(text):
        return []
    return [problem for problem in strip(text, keep=False)[1] if problem.refused]


def strip(text: str, keep: bool, *, mark: bool = True) -> tuple[str, list[BlockProblem]]:
    """The text with its private blocks removed (``keep=False``) or kept (``keep=True``).

    Kept blocks are wrapped in a labelled box when ``mark`` is true (pages), or lose only
    their marker lines when it is false (text from the data files, shown escaped). Lines
    end in ``\\n`` in what it returns.
    """
    if not has_markers(text):
        return text, []
    scan = _Scan(keep, mark)
    for number, line in enumerate(LINE_END.split(text), start=1):
        if scan.opened_at:
            scan.inside(number, line)
        else:
            scan.outside(number, line)
    return "\n".join(scan.out), scan.finish()


def first_marker_line(text: str) -> int:
    """The first line holding a private marker (or a would-be one) outside code; 0 when none."""
    if not has_markers(text):
        return 0
    stripped, problems = strip(text, keep=False)
    kept = stripped.split("\n")
    for number, line in enumerate(LINE_END.split(text), start=1):
        if number > len(kept) or kept[number - 1] != line or any(p.line == number for p in problems):
            return number
    return 0


def strip_text(text: str, keep: bool) -> str:
    """A text field from the data files, for one audience (markers never shown)."""
    return strip(text, keep, mark=False)[0] if text else text


def _kind(comment: re.Match[str]) -> str:
    """``open``, ``close``, ``unfinished`` (no ``-->`` on its line), ``typo`` or ``""`` (another comment)."""
    inner = comment["inner"]
    marker = _MARKER.fullmatch(inner)
    if marker and (comment["open"] != "--" or comment["end"] not in ("-->", "")):
        return "typo"  # dashes an editor replaced: no comment to Markdown, so the passage would show
    if marker:
        if not comment["end"]:
            return "unfinished"
        return "close" if marker["close"] else "open"
    word = _WORD.match(inner)
    if word and difflib.get_close_matches(word.group(1).lower(), ["private"], n=1, cutoff=0.8):
        return "typo"
    return ""


def _found(text: str) -> list[tuple[int, int, str]]:
    """The markers (and would-be markers) in a line: (start, end, kind); inline code is skipped."""
    masked = _CODE_SPAN.sub(lambda span: " " * len(span.group()), text)
    found = []
    for comment in _COMMENT.finditer(masked):
        kind = _kind(comment)
        if kind:
            found.append((comment.start(), comment.end(), kind))
    return found


def _continuation(prefix: str) -> str:
    """The prefix of the lines that continue the container a marker stood in (bullets become spaces)."""
    return _BULLETS.sub(lambda bullet: " " * len(bullet.group()), prefix)


def _refusal(kind: str, text: str) -> str:
    if kind == "typo":
        return (f"`{text.strip()}` looks like a private marker but is not one — did you mean "
                "`<!-- private -->` (or `<!-- /private -->`)? Write it exactly, or reword the comment")
    if kind == "unfinished":
        return ("this private marker does not end on its line: write it whole, `<!-- private -->`, "
                "on one line")
    return ("a private marker must start its line: put it on a line of its own (" + EXAMPLE
            + "), or write it in backticks if it is an example")


class _Scan:
    """One pass over the lines of a text, outside or inside a private block."""

    def __init__(self, keep: bool, mark: bool) -> None:
        self.keep, self.mark = keep, mark
        self.out: list[str] = []
        self.problems: list[BlockProblem] = []
        self.opened_at = 0  # line of the open private block, 0 when outside one
        self.box = ""  # the prefix (container) of the open block's marker
        self.fence = ""  # a code block outside private blocks: its fence
        self.fence_at = 0
        self.marker_in_fence = 0  # the first marker-like line inside that code block
        self.inner_fence = ""  # a code block inside the private block

    def _box(self, lines: list[str]) -> None:
        if self.keep and self.mark:
            self.out.extend(self.box + line if line else self.box.rstrip() for line in lines)

    def outside(self, number: int, text: str, whole: bool = True) -> None:
        if self.fence:
            self.out.append(text)
            if fences.closes(text, self.fence):
                self.fence = ""
            elif not self.marker_in_fence and _found(text):
                self.marker_in_fence = number
            return
        opening = fences.opening(text) if whole else None
        if opening and len(opening["indent"].expandtabs(4)) <= 3:
            self.fence, self.fence_at, self.marker_in_fence = opening["fence"], number, 0
            self.out.append(text)
            return
        found = _found(text)
        if not found:
            self.out.append(text)
            return
        prefix = _PREFIX.match(text).group()
        start, end, kind = found[0]
        if start != len(prefix) or kind in ("typo", "unfinished"):
            self.problems.append(BlockProblem(number, _refusal(kind if start == len(prefix) else "inline",
                                                               text[start:end]), refused=True))
            self.out.append(text)  # the build stops: nothing is published
            return
        rest = text[end:]
        if kind == "close":
            self.problems.append(BlockProblem(number, "a closing `<!-- /private -->` with no opening "
                                                      "`<!-- private -->` before it: removed"))
            if rest.strip():
                self.outside(number, _continuation(prefix) + rest.lstrip(), whole=False)
            return
        self.opened_at, self.box = number, _continuation(prefix)
        self._box(["", *OWNER_OPEN.rstrip("\n").split("\n"), ""])
        if rest.strip():
            self.inside(number, self.box + rest.lstrip(), whole=False)

    def _private(self, text: str) -> None:
        if self.keep:
            self.out.append(text)

    def inside(self, number: int, text: str, whole: bool = True) -> None:
        if self.inner_fence:  # an example inside the block: its markers do not close it
            if fences.closes(text, self.inner_fence):
                self.inner_fence = ""
            self._private(text)
            return
        opening = fences.opening(text) if whole else None
        if opening:
            self.inner_fence = opening["fence"]
            self._private(text)
            return
        found = _found(text)
        for start, end, kind in found:
            if kind in ("typo", "unfinished"):
                self.problems.append(BlockProblem(number, _refusal(kind, text[start:end]), refused=True))
        close = next(((start, end) for start, end, kind in found if kind == "close"), None)
        if close is None:  # nested openings too: the outer block already hides them
            self._private(text)
            return
        before, rest = text[:close[0]], text[close[1]:]
        if before[_PREFIX.match(before).end():].strip():
            self._private(before)
        self.opened_at = 0
        self._box(["", OWNER_CLOSE, ""])
        if rest.strip():
            self.outside(number, _continuation(_PREFIX.match(text).group()) + rest.lstrip(), whole=False)

    def finish(self) -> list[BlockProblem]:
        if self.fence and self.marker_in_fence:
            self.problems.append(BlockProblem(
                self.marker_in_fence, f"this private marker is inside a code block that opens on line "
                f"{self.fence_at} and is never closed, so it would be shown as code: close the block "
                f"with a line of {self.fence}", refused=True))
        if self.opened_at:
            self.problems.append(BlockProblem(self.opened_at, "a private block opens here (`<!-- private -->`) "
                                              "and is never closed: everything after it is treated as "
                                              "private; close it with `<!-- /private -->`"))
            self._box(["", OWNER_CLOSE, ""])
        return sorted(self.problems, key=lambda problem: problem.line)
