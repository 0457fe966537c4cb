"""Whom a site speaks to: the owner's site to its owner ("you"), every other site (a mentor's,
the public one) about them, by first name ("Maya"). The one home of that rule for Python
(the diagrams) and, through the ``first_name`` filter, for the page templates (``_macros.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Titles that come before a name and are not a first name ("Dr Maya Lindqvist" → "Maya").
HONORIFICS = frozenset({"dr", "dr.", "prof", "prof.", "professor", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
                        "mx", "mx.", "miss", "sir", "dame", "rev", "rev.", "revd"})


def first_name(name: str) -> str:
    """The first word of a name that is not a title; the whole name if every word is one."""
    for word in str(name).split():
        if word.lower() not in HONORIFICS:
            return word
    return str(name).strip()


#: Verbs the analysis' sentences put after "you", and their third person ("you aim" → "Maya aims").
_THIRD_PERSON = {"are": "is", "were": "was", "have": "has", "do": "does", "go": "goes", "turn": "turns",
                 "aim": "aims", "want": "wants", "bridge": "bridges", "know": "knows", "hope": "hopes",
                 "need": "needs", "meet": "meets", "give": "gives", "keep": "keeps", "get": "gets",
                 "ask": "asks", "see": "sees", "work": "works", "hear": "hears", "talk": "talks", "lead": "leads",
                 "rely": "relies", "lean": "leans", "draw": "draws", "plan": "plans", "reach": "reaches"}
#: What a rewrite leaves as it is: links (a person's name may be any word), HTML tags, code,
#: attribute lists; then the words it rewrites.
_SECOND_PERSON = re.compile(r"(?P<kept>\[[^\]\n]*\]\([^)]*\)|<a\b[^>]*>.*?</a>|<[^>]*>|`[^`\n]*`|\{[^}\n]*\})"
                            r"|\b(?P<word>you['’]re|you['’]ve|yourself|yours|your|you)\b"
                            rf"(?:(?P<gap>\s+)(?P<next>{'|'.join(_THIRD_PERSON)})\b)?", re.IGNORECASE)


@dataclass(frozen=True)
class Voice:
    """The words for the owner in one audience's site."""

    #: Whether the site is the owner's own (``Audience.voice`` makes it; "you" when true).
    owner: bool = True
    #: The owner's name, as in their profile.
    name: str = ""

    @property
    def first(self) -> str:
        return first_name(self.name)

    def you(self, capital: bool = False) -> str:
        return ("You" if capital else "you") if self.owner else self.first

    def your(self, capital: bool = False) -> str:
        return ("Your" if capital else "your") if self.owner else f"{self.first}'s"

    def about(self, text: str, shown: str) -> str:
        """Text written to the owner ("you aim", "your network"), as this site says it: as it is
        on the owner's site, about them by first name everywhere else ("Maya aims", "Maya's
        network"). For the analysis' many sentences, which are written once, to the owner.

        Args:
            text: the text, in the owner's words.
            shown: the owner's first name as ``text``'s markup must show it (escaped for it: a
                name is data, never markup).
        """
        if self.owner:
            return text
        first = shown

        def said(match: re.Match[str]) -> str:
            if match["kept"]:
                return match["kept"]
            word, gap, after = match["word"].lower(), match["gap"] or "", match["next"] or ""
            if word in ("your", "yours"):
                return f"{first}'s"
            if word in ("you're", "you’re"):
                return f"{first} is"
            if word in ("you've", "you’ve"):
                return f"{first} has"
            if word == "yourself":
                return first
            return f"{first}{gap}{_THIRD_PERSON[after.lower()] if after else ''}"

        return _SECOND_PERSON.sub(said, text)
