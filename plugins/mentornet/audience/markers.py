"""Private passages inside Markdown: the one reader of ``<!-- private -->`` markers.

The block syntax (documented for users)::

    Shared with my mentor.

    <!-- private -->
    Only in my own build: what I really think about the reorganisation.
    <!-- /private -->

Each marker stands on a line of its own. For the owner, the passage is shown in a box
labelled "Private"; for every other audience, the markers and everything between them are
removed before the Markdown is converted, so the passage reaches no page, search index or
table of contents. The markers are HTML comments, so a Markdown viewer that does not know
mentornet (GitHub's, an editor's preview) still shows the page sensibly.

It fails safe: a block that is opened and never closed hides everything after its opening
marker, and :func:`strip` reports the line so the build can warn. A closing marker with no
opening one is dropped with a warning too. Markers inside fenced code blocks (outside a
private block) are examples, not markers, and are left as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

OPEN = re.compile(r"^[ \t]{0,3}<!--[ \t]*private[ \t]*-->[ \t]*$", re.IGNORECASE)
CLOSE = re.compile(r"^[ \t]{0,3}<!--[ \t]*/[ \t]*private[ \t]*-->[ \t]*$", re.IGNORECASE)
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")

#: What the owner sees in place of the opening and closing markers.
OWNER_OPEN = ('<div class="mentornet-private" markdown>\n'
              '<p class="mentornet-private__label">Private: only in your own build</p>\n')
OWNER_CLOSE = "</div>"


@dataclass(frozen=True)
class BlockProblem:
    #: 1-based line in the text given to :func:`strip`.
    line: int
    message: str


def has_markers(text: str) -> bool:
    return "private" in text.lower() and "<!--" in text


def strip(text: str, keep: bool, *, mark: bool = True) -> tuple[str, list[BlockProblem]]:
    """The text with its private blocks removed (``keep=False``) or kept (``keep=True``).

    Kept blocks are wrapped in a labelled box when ``mark`` is true (pages), or lose only
    their marker lines when it is false (text from the data files, shown escaped).
    """
    if not has_markers(text):
        return text, []
    lines = text.split("\n")
    out: list[str] = []
    problems: list[BlockProblem] = []
    fence: Optional[str] = None
    opened_at = 0  # line of the open private block, 0 when outside one
    for number, line in enumerate(lines, start=1):
        if opened_at:
            if CLOSE.match(line):
                opened_at = 0
                if keep:
                    out.extend(["", OWNER_CLOSE, ""] if mark else [])
            elif OPEN.match(line):
                continue  # nested: the outer block already hides it
            elif keep:
                out.append(line)
            continue
        if fence is not None:
            out.append(line)
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            continue
        opening_fence = _FENCE.match(line)
        if opening_fence:
            fence = opening_fence.group(1)
            out.append(line)
        elif OPEN.match(line):
            opened_at = number
            if keep and mark:
                out.extend(["", OWNER_OPEN])
        elif CLOSE.match(line):
            problems.append(BlockProblem(number, "a closing `<!-- /private -->` with no opening "
                                                 "`<!-- private -->` before it: removed"))
        else:
            out.append(line)
    if opened_at:
        problems.append(BlockProblem(opened_at, "a private block opens here (`<!-- private -->`) and is "
                                                "never closed: everything after it is treated as private; "
                                                "close it with `<!-- /private -->`"))
        if keep and mark:
            out.extend(["", OWNER_CLOSE, ""])
    return "\n".join(out), problems


def first_marker_line(text: str) -> int:
    """The first line holding a private marker outside code (0 when there is none)."""
    if not has_markers(text):
        return 0
    stripped, _ = strip(text, keep=False)
    kept = stripped.split("\n")
    for number, line in enumerate(text.split("\n"), start=1):
        if number > len(kept) or kept[number - 1] != line:
            return number
    return 0


def strip_text(text: str, keep: bool) -> str:
    """A text field from the data files, for one audience (markers never shown)."""
    return strip(text, keep, mark=False)[0] if text else text
