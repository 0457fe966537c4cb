"""Privacy inside Markdown: private passages, and the visibility of hand-written pages.

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

Hand-written pages (anything under the docs folder that is not a journal entry) may say
``visibility: private | mentor | public`` in their front matter. Unmarked pages are shown to
every audience (``default_page_visibility: public``): the home page and the pages you write
*about* your site are what a site is for. Journal entries follow the rules of entries
(``default_visibility``, ``mentor`` unless configured).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from . import vocabulary as v

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


def strip_text(text: str, keep: bool) -> str:
    """A text field from the data files, for one audience (markers never shown)."""
    return strip(text, keep, mark=False)[0] if text else text


class VisibilityProblem(ValueError):
    pass


def page_visibility(meta: dict[str, Any], default: str) -> str:
    """The visibility a hand-written page's front matter declares, or ``default``."""
    value = meta.get("visibility") if isinstance(meta, dict) else None
    if value is None:
        return default
    if not isinstance(value, str) or value not in v.VISIBILITY.ids:
        raise VisibilityProblem(f"visibility: '{value}' is not a visibility term; expected one of "
                                f"{', '.join(v.VISIBILITY.ids)}")
    return value


def front_matter_lines(source: str, markdown: str) -> int:
    """How many lines of ``source`` come before its body ``markdown`` (for line numbers)."""
    if not markdown or markdown not in source:
        return 0
    return source[:source.rindex(markdown)].count("\n")


_FRONT_MATTER_START = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_READ_LIMIT = 64 * 1024  # front matter sits at the top; a page's body is not needed


def hidden_pages(pages, audience: str, default: str) -> tuple[set[str], list[str]]:
    """The hand-written pages ``audience`` may not see, and warnings about unreadable front matter.

    ``pages`` are ``(src_uri, path)`` pairs. Front matter that cannot be read hides the page
    from every audience but the owner (it fails safe), with a warning naming the file.
    Raises :class:`VisibilityProblem` (naming the file) for a visibility that is not a term.
    """
    from mkdocs.utils.meta import get_data

    from .audience import sees

    hidden: set[str] = set()
    warnings: list[str] = []
    for src_uri, path in pages:
        try:
            with open(path, encoding="utf-8-sig", errors="replace") as handle:
                head = handle.read(_READ_LIMIT)
        except OSError as error:
            warnings.append(f"{src_uri}: could not be read ({error.strerror})")
            hidden.add(src_uri)
            continue
        if "visibility" not in head:
            visibility = default
        else:
            _, meta = get_data(head)
            if not meta and _FRONT_MATTER_START.match(head):
                warnings.append(f"{src_uri}:1: its front matter is not readable YAML, so its "
                                "visibility is unknown: the page is left out of every build but the owner's")
                visibility = "private"
            else:
                try:
                    visibility = page_visibility(meta, default)
                except VisibilityProblem as problem:
                    raise VisibilityProblem(f"{src_uri}: {problem}") from None
        if not sees(audience, visibility, default):
            hidden.add(src_uri)
    return hidden, warnings


def check_password(options) -> None:
    """mkdocs-encryptcontent-plugin given ``global_password`` but an empty one (an unset
    variable, typically) would publish every page unprotected: stop the build instead."""
    from mkdocs.exceptions import PluginError

    raw = {}
    for user_config in getattr(options, "user_configs", None) or ():
        raw.update(user_config)
    if "global_password" in raw and not options.get("global_password"):
        raise PluginError("mentornet: encryptcontent's global_password is empty (is MENTORNET_PASSWORD "
                          "set?); the site was not built, so nothing is published unprotected")
