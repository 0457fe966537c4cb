"""vCard files (2.1, 3.0, 4.0) read as the programs that write them write them.

A small reader of our own rather than a general library, because the contact files people
have bend the standard in ways a strict reader drops or cuts: vCard 2.1 values in
QUOTED-PRINTABLE with soft line breaks (``=`` at a line's end) and a ``CHARSET``; an unescaped
comma in a 2.1 ``TITLE``; Google's grouped properties (``item1.URL:https\\://…`` with its
``item1.X-ABLabel:LinkedIn``); Apple's and vCard 4's company cards (``X-ABShowAs:COMPANY``,
``KIND:org``). Each card keeps the line it starts on, for messages.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field


class VCardProblem(ValueError):
    """A card that cannot be read; ``line`` is where in the file."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


@dataclass
class Property:
    name: str
    params: dict[str, list[str]]
    value: str
    group: str = ""


@dataclass
class Card:
    line: int
    properties: list[Property] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        return [prop for prop in self.properties if prop.name == name]

    def first(self, name: str) -> str:
        found = self.all(name)
        return found[0].value if found else ""

    def label(self, group: str) -> str:
        """The ``X-ABLabel`` of a group (``item1``): what Google and Apple call a link."""
        if not group:
            return ""
        for prop in self.properties:
            if prop.group == group and prop.name == "X-ABLABEL":
                return text_value(prop.value)
        return ""


_LINE = re.compile(r"^(?:(?P<group>[A-Za-z0-9-]+)\.)?(?P<name>[A-Za-z0-9-]+)(?P<params>(?:;[^:]*)?):(?P<value>.*)$")


def _params(text: str) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for part in re.findall(r';((?:[^;"]|"[^"]*")*)', text):
        if "=" in part:
            key, _, values = part.partition("=")
            params.setdefault(key.strip().upper(), []).extend(v.strip('"') for v in values.split(","))
        elif part:  # vCard 2.1 bare parameters: `;QUOTED-PRINTABLE`, `;WORK`, `;INTERNET`
            bare = part.strip().upper()
            key = "ENCODING" if bare in ("QUOTED-PRINTABLE", "BASE64", "8BIT") else "TYPE"
            params.setdefault(key, []).append(bare)
    return params


def _quoted_printable(params: dict[str, list[str]]) -> bool:
    return any(value.upper() == "QUOTED-PRINTABLE" for value in params.get("ENCODING", ()))


def _decode(raw: str, params: dict[str, list[str]], line: int) -> str:
    """A value's text: quoted-printable undone and its bytes read in the card's ``CHARSET``."""
    charset = (params.get("CHARSET") or ["utf-8"])[0]
    data = raw.encode("utf-8", "surrogateescape")
    if _quoted_printable(params):
        data = quopri.decodestring(data)
    try:
        return data.decode(charset)
    except LookupError:
        raise VCardProblem(line, f"unknown CHARSET '{charset}'; save the file as UTF-8 and import again") from None
    except UnicodeDecodeError:
        raise VCardProblem(line, f"a value is not {charset} text; save the file as UTF-8 and import again") \
            from None


def cards(text: str) -> list[Card]:
    """The cards in a vCard file's text (decoded with ``surrogateescape``, so a 2.1 value in
    another CHARSET is read in it)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found: list[Card] = []
    current: Card | None = None
    number = 0
    while number < len(lines):
        start = number
        line = lines[number]
        number += 1
        while number < len(lines) and lines[number][:1] in (" ", "\t"):  # folded (3.0, 4.0)
            line += lines[number][1:]
            number += 1
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            if current is None:
                raise VCardProblem(start + 1, "not a vCard line (a vCard file starts with BEGIN:VCARD)")
            continue  # a stray line inside a card (some exporters wrap base64 photos so): skip it
        params = _params(match["params"])
        value = match["value"]
        if _quoted_printable(params):
            while value.endswith("=") and number < len(lines):  # soft line breaks
                value = value[:-1] + lines[number]
                number += 1
        name = match["name"].upper()
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            current = Card(start + 1)
            continue
        if name == "END" and value.strip().upper() == "VCARD":
            if current is not None:
                found.append(current)
            current = None
            continue
        if current is None:
            raise VCardProblem(start + 1, f"'{name}' outside a card: each card starts with BEGIN:VCARD")
        if any(v.upper() == "BASE64" or v.upper() == "B" for v in params.get("ENCODING", ())):
            continue  # photos and keys
        current.properties.append(Property(name, params, _decode(value, params, start + 1),
                                           (match["group"] or "").lower()))
    if current is not None:
        raise VCardProblem(current.line, "a card without its END:VCARD: the file may be cut short")
    return found


_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", ":": ":", "\\": "\\"}


def text_value(raw: str) -> str:
    """A text value with its backslash escapes undone (``\\,`` ``\\;`` ``\\:`` ``\\n``)."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), raw).strip()


def parts(raw: str) -> list[str]:
    """The components of a structured value (``N``, ``ORG``), split on unescaped ``;``."""
    return [text_value(part) for part in re.split(r"(?<!\\);", raw)]


def is_company(card: Card) -> bool:
    """A card for an organisation, not a person: Apple's ``X-ABShowAs:COMPANY``, vCard 4's
    ``KIND:org`` (``X-KIND`` in 3.0), or a card with an ``ORG`` and no name at all."""
    if card.first("X-ABSHOWAS").strip().upper() == "COMPANY":
        return True
    if (card.first("KIND") or card.first("X-KIND")).strip().lower() in ("org", "organization", "organisation"):
        return True
    return not person_name(card) and bool(organisation(card))


def person_name(card: Card) -> str:
    formatted = text_value(card.first("FN"))
    if formatted:
        return " ".join(formatted.split())
    pieces = parts(card.first("N")) + [""] * 5
    family, given, additional, prefix, suffix = pieces[:5]
    return " ".join(" ".join(p for p in (prefix, given, additional, family, suffix) if p).split())


def organisation(card: Card) -> str:
    """The organisation, its units after it (``ORG:University;School of Health``)."""
    return ", ".join(part for part in parts(card.first("ORG")) if part)


def title(card: Card) -> str:
    """The job title; a vCard 2.1 ``TITLE`` with an unescaped comma is kept whole."""
    return " ".join(text_value(card.first("TITLE")).split())


def emails(card: Card) -> list[str]:
    return [text_value(prop.value) for prop in card.all("EMAIL") if text_value(prop.value)]


def links(card: Card) -> list[tuple[str, str]]:
    """``(label, url)`` for each ``URL`` and ``X-SOCIALPROFILE``, labelled by its ``X-ABLabel``
    or its ``TYPE`` where the card gives one."""
    found = []
    for prop in card.properties:
        if prop.name not in ("URL", "X-SOCIALPROFILE"):
            continue
        url = text_value(prop.value)
        types = [t for t in prop.params.get("TYPE", ()) if t.upper() not in ("PREF", "INTERNET")]
        label = _label(card.label(prop.group)) or (types[0].title() if types else "")
        if url:
            found.append((label, url))
    return found


def _label(text: str) -> str:
    """Apple's built-in labels (``_$!<HomePage>!$_``) as words ("Home page"); others as written."""
    inner = re.fullmatch(r"_\$!<(.+)>!\$_", text)
    if not inner:
        return text
    words = re.findall(r"[A-Z][a-z]*|[a-z]+", inner.group(1))
    return " ".join(words).capitalize()
