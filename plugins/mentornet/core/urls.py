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


def person_uri(person_id: str) -> str:
    """The source path of a person's generated page (MkDocs makes ``people/<id>/`` of it)."""
    return f"{PEOPLE_FOLDER}/{person_id}.md"


def is_person_page(src_uri: str) -> bool:
    folder, _, name = src_uri.rpartition("/")
    return folder == PEOPLE_FOLDER and name.endswith(".md") and name != "index.md"
