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

Look-alikes are errors, not text: any HTML comment whose words start with a visibility term
(``private``, ``mentor``, ``public``, or a near miss), whatever its dashes, case, width,
spacing or line breaks, is either exactly a marker or refused. A block opened inside another,
one never closed and a closing marker with no opening one are refused too. Markers inside fenced
code blocks (opened at most three spaces in, outside a private block) are examples, not markers,
and are left as they are; so are markers in inline code (`` `<!-- private -->` ``).

For everyone but the owner, every HTML comment is removed along with the private passages: a
comment is invisible in a page anyway, and what is invisible must not be published either.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from mentornet.core import fences

#: Markdown's line endings (CommonMark: ``\n``, ``\r\n`` or a lone ``\r``).
LINE_END = re.compile(r"\r\n|\r|\n")

#: What may come before a marker on its line: indentation, blockquote ``>``s, list bullets
#: and numbers, a definition's ``:``.
_PREFIX = re.compile(r"(?:[ \t]*(?:>|[-*+:](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]?)*[ \t]*")


def _prefix(line: str) -> str:
    """The quote and list markers opening a line ("" for none: the pattern matches any line)."""
    found = _PREFIX.match(line)
    assert found is not None
    return found.group()


#: An HTML comment, or what an editor's "smart dashes" make of one (``<!—``, ``–>``).
_COMMENT = re.compile(r"<!(?P<open>--|[-\u2013\u2014]+)(?P<inner>.*?)(?P<end>-->|[-\u2013\u2014]+>|$)")
_MARKER = re.compile(r"\s*(?P<close>/\s*)?private(?:[\s:\-\u2013\u2014].*)?", re.IGNORECASE | re.DOTALL)
_WORD = re.compile(r"[^\W\d_]+")
#: The words a marker look-alike starts with: the visibility terms.
_TERMS = ("private", "mentor", "public")
#: Dashes of every kind, which an editor or a keyboard may put in place of ``-``.
_DASHES = re.compile(r"[-\u2010-\u2015\u2212\ufe58\ufe63\uff0d_]+")
#: Where an HTML comment that goes on over lines opens, and where it ends.
_COMMENT_START = re.compile(r"<![-\u2013\u2014]+")
_COMMENT_END = re.compile(r"[-\u2013\u2014]+>")
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


def looks_like_visibility(words: str) -> bool:
    """Whether a comment's words start with a visibility term or a near miss of one, read
    whatever their width, case, dashes and spacing (``ｐｒｉｖａｔｅ``, ``- Private -``, ``/mentor``)."""
    plain = _DASHES.sub(" ", unicodedata.normalize("NFKC", words)).casefold()
    first = _WORD.search(plain)
    return first is not None and bool(difflib.get_close_matches(first.group(), _TERMS, n=1, cutoff=0.8))


def _kind(comment: re.Match[str]) -> str:
    """``open``, ``close``, ``unfinished`` (no ``-->`` on its line), ``typo`` or ``""`` (another comment)."""
    inner = comment["inner"]
    marker = _MARKER.fullmatch(inner)
    exact = (marker is not None and all(c.isascii() or c.isspace() for c in inner)
             and not inner.lstrip().startswith("-"))
    if exact and comment["open"] == "--" and comment["end"] in ("-->", ""):
        if not comment["end"]:
            return "unfinished"
        return "close" if marker is not None and marker["close"] else "open"
    if looks_like_visibility(inner):
        return "typo"  # dashes an editor replaced, three dashes, another term, full-width letters
    return ""


def _comments(text: str) -> list[tuple[int, int, str, bool]]:
    """Every HTML comment of a line: (start, end, kind, closed on the line); inline code is skipped."""
    masked = _CODE_SPAN.sub(lambda span: " " * len(span.group()), text)
    return [(comment.start(), comment.end(), _kind(comment), bool(comment["end"]))
            for comment in _COMMENT.finditer(masked)]


def _found(text: str) -> list[tuple[int, int, str]]:
    """The markers (and would-be markers) in a line: (start, end, kind)."""
    return [(start, end, kind) for start, end, kind, _ in _comments(text) if kind]


def _uncommented(text: str, comments: list[tuple[int, int, str, bool]]) -> str:
    """The line without its (whole) comments."""
    for start, end, _, _ in reversed(comments):
        text = text[:start] + text[end:]
    return text


def _continuation(prefix: str) -> str:
    """The prefix of the lines that continue the container a marker stood in (bullets become spaces)."""
    return _BULLETS.sub(lambda bullet: " " * len(bullet.group()), prefix)


def _refusal(kind: str, text: str) -> str:
    if kind == "typo":
        return (f"`{text.strip()}` looks like a visibility marker but is not one — did you mean "
                "`<!-- private -->` (or `<!-- /private -->`)? mentornet reads only those, written exactly (two "
                "dashes, plain letters) at the start of a line: write it so, or reword the comment")
    if kind == "split":
        return (f"`{text.strip()}` is a comment over several lines that reads like a visibility marker: "
                "write the marker whole on one line, `<!-- private -->` (or `<!-- /private -->`), or reword it")
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
        self.comment_at = 0  # line of an HTML comment that goes on over lines, 0 when none
        self.comment: list[str] = []  # its text so far, from ``<!--``
        self.comment_lines: list[str] = []  # its lines as they are (the owner's text keeps them)

    def _box(self, lines: list[str]) -> None:
        if self.keep and self.mark:
            self.out.extend(self.box + line if line else self.box.rstrip() for line in lines)

    def _comment_goes_on(self, number: int, text: str) -> None:
        """A line of an HTML comment opened on an earlier line: at its end, a comment whose words
        read like a marker is refused; for everyone but the owner, the comment is removed."""
        close = _COMMENT_END.search(text)
        self.comment_lines.append(text)
        if close is None:
            self.comment.append(text)
            return
        self.comment.append(text[:close.end()])
        self._comment_read()
        if self.keep:
            self.out.extend(self.comment_lines)
        self.comment_at, self.comment, self.comment_lines = 0, [], []
        rest = text[close.end():]
        if rest.strip() and not self.keep:
            self.outside(number, rest, whole=False)

    def _comment_read(self) -> None:
        """A comment over lines whose words read like a marker is refused."""
        words = " ".join(self.comment)
        if looks_like_visibility(_COMMENT_START.sub(" ", words, count=1)):
            self.problems.append(BlockProblem(self.comment_at, _refusal("split", words), refused=True))

    def outside(self, number: int, text: str, whole: bool = True) -> None:
        if self.comment_at:
            self._comment_goes_on(number, text)
            return
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
        comments = _comments(text)
        found = [(start, end, kind) for start, end, kind, _ in comments if kind]
        if not found:
            if comments and not comments[-1][3]:  # a comment that goes on below
                start = comments[-1][0]
                self.comment_at, self.comment, self.comment_lines = number, [text[start:]], [text]
                before = _uncommented(text[:start], comments[:-1])
                if not self.keep and before.strip():
                    self.out.append(before)
                return
            if comments and not self.keep:
                text = _uncommented(text, comments)
                if not text.strip():
                    return  # a line that held only a comment: gone, as it was invisible
            self.out.append(text)
            return
        prefix = _prefix(text)
        start, end, kind = found[0]
        if start != len(prefix) or kind in ("typo", "unfinished"):
            self.problems.append(BlockProblem(number, _refusal(kind if start == len(prefix) else "inline",
                                                               text[start:end]), refused=True))
            self.out.append(text)  # the build stops: nothing is published
            return
        rest = text[end:]
        if kind == "close":
            self.problems.append(BlockProblem(number, "a closing `<!-- /private -->` with no opening "
                                                      "`<!-- private -->` before it: which passage was meant "
                                                      "to be private is unknown; add the opening marker, or "
                                                      "remove this one", refused=True))
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
            elif kind == "open":
                self.problems.append(BlockProblem(
                    number, f"a private block opens here inside the one opened on line {self.opened_at}: "
                    "blocks do not nest, so what follows the inner closing marker would be published; close "
                    "the first block before opening another", refused=True))
        close = next(((start, end) for start, end, kind in found if kind == "close"), None)
        if close is None:
            self._private(text)
            return
        before, rest = text[:close[0]], text[close[1]:]
        if before[len(_prefix(before)):].strip():
            self._private(before)
        self.opened_at = 0
        self._box(["", OWNER_CLOSE, ""])
        if rest.strip():
            self.outside(number, _continuation(_prefix(text)) + rest.lstrip(), whole=False)

    def finish(self) -> list[BlockProblem]:
        if self.fence and self.marker_in_fence:
            self.problems.append(BlockProblem(
                self.marker_in_fence, f"this private marker is inside a code block that opens on line "
                f"{self.fence_at} and is never closed, so it would be shown as code: close the block "
                f"with a line of {self.fence}", refused=True))
        if self.comment_at:  # a comment never closed hides the rest of the page in HTML
            self._comment_read()
            if self.keep:
                self.out.extend(self.comment_lines)
        if self.opened_at:
            self.problems.append(BlockProblem(self.opened_at, "a private block opens here (`<!-- private -->`) "
                                              "and is never closed: where the private passage ends is "
                                              "unknown; close it with `<!-- /private -->`", refused=True))
            self._box(["", OWNER_CLOSE, ""])
        return sorted(self.problems, key=lambda problem: problem.line)
