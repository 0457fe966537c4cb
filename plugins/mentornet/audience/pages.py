"""The visibility of hand-written pages, read from their front matter.

Hand-written pages (anything under the docs folder that is not a journal entry) may say
``visibility: private | mentor | public`` in their front matter. Unmarked pages are shown to
every audience (``default_page_visibility: public``): the home page and the pages you write
*about* your site are what a site is for. Journal entries follow the rules of entries
(``default_visibility``, ``mentor`` unless configured).
"""

from __future__ import annotations

import re
from typing import Any

from mentornet.core import vocabulary as v
from mentornet.core.visibility import sees


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
