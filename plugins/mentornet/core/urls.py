"""Addresses: where a person's page lives, and which links a site may carry.

One home for both rules: the pages, the diagrams and the data's links all ask here.
"""

from __future__ import annotations

import html
import posixpath
import re
from functools import lru_cache
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


#: A link's destination as Markdown is written: in angle brackets (which may hold spaces), or
#: bare, its parentheses balanced.
_DESTINATION = r"<[^>\n]*>|(?:[^\s()<>]|\([^\s()]*\))+"
#: An inline link or image, ``](destination`` (its text may run over lines): ``before`` and ``target``.
INLINE_LINK = re.compile(rf"(?P<before>\]\(\s*)(?P<target>{_DESTINATION})")
#: A reference definition, ``[label]: destination``: ``before``, ``label`` and ``target``.
REFERENCE_DEFINITION = re.compile(rf"(?P<before>^[ \t]{{0,3}}\[(?P<label>[^\]]+)\]:[ \t]*)(?P<target>{_DESTINATION})",
                                  re.MULTILINE)


def destination(target: str) -> str:
    """A link's destination as it points: without the angle brackets it may be written in."""
    return target[1:-1] if target.startswith("<") and target.endswith(">") else target


def within_site(target: str) -> bool:
    """Whether a link points at a file of the site, relative to its page: no scheme (as a
    browser reads one, :func:`scheme_of`), not from the root (``/…``, ``//host/…``)."""
    return not target.startswith("/") and scheme_of(target) is None


#: Where a link that may not stay goes instead: nowhere.
UNSAFE = "#unsafe-link"
#: The destination of an inline link or image ``](…)`` (in angle brackets or not, its
#: parentheses balanced), or of a reference definition ``[x]: …``: :data:`INLINE_LINK` and
#: :data:`REFERENCE_DEFINITION` as :func:`safe_markdown` reads them, in text whose HTML is
#: already escaped (``&lt;`` for ``<``), an opening bracket taken with or without its closing one.
_MARKDOWN_TARGET = re.compile(r"(\]\(\s*(?:<|&lt;)?)((?:[^\s()<>]|\([^\s()]*\))*)"
                              r"|(^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*(?:<|&lt;)?)([^\s<>]*)", re.MULTILINE)
#: A URL in an HTML attribute of raw HTML in Markdown (``<a href="…">``, ``<img src=…>``): the
#: attribute, and its value as written (quoted or not; see :func:`attribute_value`).
HTML_LINK = re.compile(r"""(\b(?:href|src|action|formaction|xlink:href|poster|data|srcset)\s*=\s*)"""
                       r"""("[^"]*"|'[^']*'|[^\s"'>]+)""", re.IGNORECASE)


def attribute_value(written: str) -> str:
    """An HTML attribute's value without the quotes it may be written in."""
    return written[1:-1] if written[:1] in ("'", '"') and written[-1:] == written[:1] and len(written) > 1 \
        else written


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
    return HTML_LINK.sub(_html_target, _MARKDOWN_TARGET.sub(_markdown_target, text))


def joined(folder: str, target: str) -> str:
    """Where a link (:func:`within_site`) from a page in ``folder`` points: a path relative to
    the docs folder, normal (``..`` only leading, when it leads above the docs folder)."""
    return posixpath.normpath(posixpath.join(folder, target))


@lru_cache(maxsize=65536)
def relative(target: str, folder: str) -> str:
    """``target`` as a link from a page in ``folder``: both paths relative to the docs folder and
    normal (``posixpath.normpath``), ``folder`` a page's (``posixpath.dirname``, "" at the top).
    The one rule for links between the site's files: the pages, an entry's notes shown on
    another page, the charts drawn inside the history page.

    What ``posixpath.relpath`` gives, without making both paths absolute against the working
    directory first (which counts over the many links of a large portfolio).
    """
    if not folder:
        return target
    here = [part for part in folder.split("/") if part not in ("", ".")]
    there = [part for part in target.split("/") if part not in ("", ".")]
    common = 0
    while common < len(here) and common < len(there) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def person_uri(person_id: str) -> str:
    """The source path of a person's generated page (MkDocs makes ``people/<id>/`` of it)."""
    return f"{PEOPLE_FOLDER}/{person_id}.md"


def is_person_page(src_uri: str) -> bool:
    folder, _, name = src_uri.rpartition("/")
    return folder == PEOPLE_FOLDER and name.endswith(".md") and name != "index.md"


#: The journal's own pages, relative to the journal's folder: an entry there would replace or hide one.
GENERATED_PAGES = ("index.md", "actions.md")
GENERATED_FOLDERS = ("page/", "kind/")


def generated_page(relative: str) -> bool:
    """Whether a path inside the journal's folder is where mentornet writes a page of its own
    (the index, the actions page, a listing's further pages, a kind's listing)."""
    return relative in GENERATED_PAGES or relative.startswith(GENERATED_FOLDERS)
