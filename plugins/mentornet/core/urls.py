"""Addresses: where a person's page lives, and which links a site may carry.

One home for both rules: the pages, the diagrams and the data's links all ask here.
"""

from __future__ import annotations

import html
import re
from typing import Iterable, Optional

#: Schemes a link on a page, in a diagram or in the data may use; anything else (javascript:,
#: data:, vbscript:, file:) is dropped. A link without a scheme is relative and stays.
LINK_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
#: What browsers ignore inside a URL's scheme (so ``java\tscript:`` is ``javascript:``).
_INVISIBLE = re.compile(r"[\x00-\x20\x7f\\]+")

PEOPLE_FOLDER = "people"


def scheme_of(target: str) -> Optional[str]:
    """The scheme a browser would read in ``target`` (entities decoded, invisible characters
    dropped, lower case), or None for a relative link."""
    found = _SCHEME.match(_INVISIBLE.sub("", html.unescape(target)).lower())
    return found.group(1) if found else None


def safe_link(target: str, also: Iterable[str] = ()) -> bool:
    """Whether a link may stay: relative, or with a scheme in :data:`LINK_SCHEMES` (or ``also``)."""
    scheme = scheme_of(target)
    return scheme is None or scheme in LINK_SCHEMES or scheme in set(also)


#: Where a link that may not stay goes instead: nowhere.
UNSAFE = "#unsafe-link"
#: The destination of an inline link or image ``](…)`` (in angle brackets or not, its
#: parentheses balanced), or of a reference definition ``[x]: …``.
_MARKDOWN_TARGET = re.compile(r"(\]\(\s*(?:<|&lt;)?)((?:[^\s()<>]|\([^\s()]*\))*)"
                              r"|(^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*(?:<|&lt;)?)([^\s<>]*)", re.MULTILINE)
#: A URL in an HTML attribute of raw HTML in Markdown (``<a href="…">``, ``<img src=…>``).
_HTML_TARGET = re.compile(r"""(\b(?:href|src|action|formaction|xlink:href|poster|data|srcset)\s*=\s*)"""
                          r"""("[^"]*"|'[^']*'|[^\s"'>]+)""", re.IGNORECASE)


def _markdown_target(match: re.Match) -> str:
    before, target = (match.group(1), match.group(2)) if match.group(1) is not None else match.group(3, 4)
    return match.group(0) if safe_link(target) else before + UNSAFE


def _html_target(match: re.Match) -> str:
    value = match.group(2)
    if safe_link(value.strip("'\"")):
        return match.group(0)
    quote = value[0] if value[:1] in ("'", '"') else '"'
    return match.group(1) + quote + UNSAFE + quote


def safe_markdown(text: str) -> str:
    """Markdown with every link that may not stay (:func:`safe_link`) pointed nowhere: inline
    links and images, reference definitions, and URLs in raw HTML. The one rule for the
    owner's own Markdown, wherever a page shows it (notes, journal entries, written pages)."""
    if ":" not in text:  # no scheme anywhere: nothing to look at
        return text
    return _HTML_TARGET.sub(_html_target, _MARKDOWN_TARGET.sub(_markdown_target, text))


def person_uri(person_id: str) -> str:
    """The source path of a person's generated page (MkDocs makes ``people/<id>/`` of it)."""
    return f"{PEOPLE_FOLDER}/{person_id}.md"


def is_person_page(src_uri: str) -> bool:
    folder, _, name = src_uri.rpartition("/")
    return folder == PEOPLE_FOLDER and name.endswith(".md") and name != "index.md"
