"""Reading the files ``mentornet import`` takes: contacts as programs export them, and
spreadsheets of people (the exercise typed into a table, or ``mentornet export``'s people.csv).

Everything read becomes a :class:`Contact`: a name, the contact fields every program has
(organisation, title, e-mails, links) and, from a spreadsheet, the person fields its columns
name (closeness, support, …), each value checked and turned into its term here, with the
file and row it came from. The columns are recognised by their headers, in any case and
spacing, in the layouts of:

- ``mentornet export --format csv``'s people.csv (its headers, ``label`` for the name,
  ``attr_<key>`` for attributes, lists joined with ``|``, cells a spreadsheet would run as a
  formula written with a leading ``'``);
- Google Contacts' CSV, old (``Name``, ``Organization 1 - Name``, ``E-mail 1 - Value``,
  ``Website 1 - Value``, values joined with `` ::: ``) and new (``First Name``,
  ``Organization Name``, ``Organization Title``);
- Outlook's CSV (``Title`` is the honorific there; the job is ``Job Title``);
- LinkedIn's ``Connections.csv`` (its ``Notes:`` preamble skipped);
- vCard 2.1, 3.0 and 4.0 (see :mod:`mentornet.cli.vcard`).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Union

from pydantic import TypeAdapter, ValidationError

from mentornet.cli import vcard
from mentornet.cli.network_export import EGO_ID, restore_cell
from mentornet.core import vocabulary as v
from mentornet.core.model import SLUG_PATTERN, Day, Profile, Since, Until
from mentornet.core.problems import did_you_mean
from mentornet.core.yamldata import Yaml, YamlMap


class ImportProblem(ValueError):
    """A file that cannot be imported: one ``FILE:LINE: message`` line per problem."""

    def __init__(self, lines: Iterable[str]):
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))


@dataclass
class Contact:
    name: str
    #: The line of the file the contact starts on (a row, a card's BEGIN:VCARD).
    line: int = 0
    organisation: str = ""
    title: str = ""
    emails: tuple[str, ...] = ()
    #: ``(label, url)``; the label may be "" (then the link's site names it).
    links: tuple[tuple[str, str], ...] = ()
    #: When the connection was made (LinkedIn's "Connected On").
    since: Optional[dt.date] = None
    #: Where the contact came from, for a prospect's ``found``.
    source: str = ""
    #: An ``id`` column's value.
    id: str = ""
    #: Person fields a spreadsheet's columns give, as they will be written (terms, lists,
    #: booleans, dates as written); a field whose cell was empty maps to None.
    fields: YamlMap = field(default_factory=dict)


@dataclass
class Contents:
    """What a file holds: its contacts, and what was left out and why."""

    contacts: list[Contact] = field(default_factory=list)
    #: Headers of columns with values that no field takes.
    ignored: list[str] = field(default_factory=list)
    #: ``(line, name)`` of the cards and rows of organisations rather than people.
    organisations: list[tuple[int, str]] = field(default_factory=list)
    #: "a vCard file", "a Google Contacts CSV", … for messages.
    kind: str = ""


# -- the file's text ------------------------------------------------------------------------


def read_text(path: Path) -> str:
    """The file's text: UTF-8 with or without a byte-order mark (Excel's "CSV UTF-8"), or
    UTF-16 with one (Outlook's and Excel's "Unicode text"). A vCard 2.1 value in another
    ``CHARSET`` is decoded later, by the card."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportProblem([f"{path}: cannot be read ({error.strerror})"]) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            line = data[:error.start].decode("utf-16", errors="ignore").count("\n") + 1
            raise ImportProblem([f"{path}:{line}: not UTF-16 text after its byte-order mark"]) from None
    text = data.decode("utf-8-sig", errors="surrogateescape")
    if _looks_like_vcard(text):
        return text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ImportProblem([f"{path}:{line}: not UTF-8 text (byte 0x{data[error.start]:02x}); in a spreadsheet, "
                             "save as \"CSV UTF-8\", then import again"]) from None


def _looks_like_vcard(text: str) -> bool:
    return text.lstrip().upper().startswith("BEGIN:VCARD")


def _read(path: Path, profile: Optional[Profile]) -> Contents:
    text = read_text(path)
    if _looks_like_vcard(text) or path.suffix.lower() in (".vcf", ".vcard"):
        return _vcards(text, path)
    if path.suffix.lower() in (".xlsx", ".xls", ".ods", ".numbers"):
        raise ImportProblem([f"{path}: a spreadsheet file, not CSV: save it as \"CSV UTF-8\" and import that"])
    if "\x00" in text:
        raise ImportProblem([f"{path}:1: not a CSV or vCard file (it holds binary data)"])
    return _table(text, path, profile or Profile(name="?"))


def _nfc(value: Yaml) -> Yaml:
    """Text in its composed form (macOS writes "é" as "e" and an accent): one spelling in the files."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, (list, tuple)):
        return type(value)(_nfc(item) for item in value)
    if isinstance(value, dict):
        return {_nfc(key): _nfc(item) for key, item in value.items()}
    return value


def read(path: Path, profile: Optional[Profile] = None) -> Contents:
    """The contacts in ``path``: a vCard file, or a CSV (contacts or a spreadsheet of people),
    every text in Unicode's composed form (NFC)."""
    contents = _read(path, profile)
    for contact in contents.contacts:
        for name in ("name", "organisation", "title", "emails", "links", "fields"):
            setattr(contact, name, _nfc(getattr(contact, name)))
    contents.organisations = [(line, _nfc(name)) for line, name in contents.organisations]
    return contents


# -- vCards ---------------------------------------------------------------------------------


def _vcards(text: str, path: Path) -> Contents:
    try:
        cards = vcard.cards(text)
    except vcard.VCardProblem as problem:
        raise ImportProblem([f"{path}:{problem.line}: {problem}"]) from None
    found = Contents(kind="a vCard file")
    for card in cards:
        if vcard.is_company(card):
            found.organisations.append((card.line, vcard.organisation(card) or vcard.person_name(card)))
            continue
        name = vcard.person_name(card)
        if not name:
            continue
        found.contacts.append(Contact(name, card.line, vcard.organisation(card), vcard.title(card),
                                      tuple(vcard.emails(card)), tuple(vcard.links(card)), source="a vCard"))
    return found


# -- columns --------------------------------------------------------------------------------


def header_key(header: str) -> str:
    """A header as compared: lowercase words (``E-mail 1 - Value`` → ``e mail 1 value``)."""
    return " ".join(re.findall(r"[^\W_]+", restore_cell(header).casefold()))


def _names(*spellings: str) -> tuple[str, ...]:
    return tuple(header_key(spelling) for spelling in spellings)


#: Headers, as :func:`header_key` gives them, of each field a column may fill.
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": _names("id", "person id"),
    "name": _names("name", "label", "full name", "display name", "person", "who", "contact name"),
    "first": _names("first name", "given name", "first", "forename"),
    "middle": _names("middle name", "additional name", "middle"),
    "last": _names("last name", "family name", "surname", "last"),
    "prefix": _names("name prefix", "prefix", "honorific", "salutation"),
    "suffix": _names("name suffix", "suffix"),
    "title": _names("title", "job title", "position", "role", "job", "occupation", "organization 1 title",
                    "organization title", "organisation title"),
    "organisation": _names("organisation", "organization", "company", "institution", "employer", "org",
                           "organization 1 name", "organization name", "organisation name", "company name",
                           "affiliation"),
    "inside": _names("inside", "inside organisation", "inside organization", "inside your organisation",
                     "inside your organization", "inside the organisation", "inside the organization",
                     "inside or outside", "inside outside", "internal", "intra organisational",
                     "intra organizational", "in organisation", "in organization"),
    "seniority": _names("seniority", "senior peer junior", "seniors peers juniors"),
    "closeness": _names("closeness", "relationship", "relationship strength", "strength",
                        "strength of relationship", "strength of connection", "close moderate distant"),
    "support": _names("support", "support type", "support types", "type of support", "types of support",
                      "kind of support", "kinds of support", "helps with", "type", "types"),
    "roles": _names("roles", "mentoring roles", "mentor role", "mentor roles"),
    "purposes": _names("purposes", "purpose", "network purpose"),
    "knowing": _names("knowing", "ways of knowing", "knowing why how whom"),
    "mentoring": _names("mentoring", "forms of mentoring", "form of mentoring", "mentoring form",
                        "mentoring forms"),
    "formal": _names("formal", "formal mentoring", "formal or informal"),
    "social_system": _names("social system", "social systems"),
    "influence": _names("influence", "power and influence", "power influence"),
    "since": _names("since", "connected on", "known since"),
    "until": _names("until", "left on"),
    "last_contact": _names("last contact", "last contacted", "last met", "last meeting"),
    "cadence": _names("cadence", "how often", "frequency", "meet every"),
    "knows": _names("knows", "knows ids"),
    "visibility": _names("visibility", "shown to", "share with"),
    "notes": _names("notes", "note", "comments"),
    "email": _names("email", "e mail", "email address", "e mail address", "mail"),
    "url": _names("url", "link", "links", "website", "web page", "webpage", "home page", "homepage",
                  "profile", "linkedin", "linkedin url", "profile url", "personal web page", "business web page"),
    # the export's row for you has kind `ego`
    "kind": _names("kind"),
    # prospects
    "stage": _names("stage"),
    "found": _names("found", "found at", "where found", "met at", "source"),
    "why": _names("why", "reason"),
    "next_step": _names("next step", "next"),
    "due": _names("due", "due date"),
}
#: Headers that name a field in the exercise but may mean something else in a contacts file: a
#: column under one of them whose values are not the field's is ignored (and said so), not refused.
WEAK_HEADERS = frozenset(_names("type", "types", "role", "relationship", "strength", "level", "notes", "note",
                                "comments", "source", "next", "why", "reason"))
_NUMBERED = [
    (re.compile(r"^e mail \d+ (value|address)$|^e mail \d+$"), "email"),
    (re.compile(r"^website \d+ value$"), "url"),
    (re.compile(r"^website \d+ (type|label)$"), "url_label"),
    (re.compile(r"^organi[sz]ation \d+ name$"), "organisation"),
    (re.compile(r"^organi[sz]ation \d+ title$"), "title"),
]

#: How each person field's cell is read: ("term", vocabulary), ("terms", vocabulary), "bool",
#: "since", "until", "day", "cadence", "system", "slug", "slugs", "text".
KINDS: dict[str, Union[str, tuple[str, v.Vocabulary]]] = {
    "title": "text", "organisation": "text", "inside": "bool", "seniority": ("term", v.SENIORITY),
    "closeness": ("term", v.CLOSENESS), "support": ("terms", v.SUPPORT), "roles": ("terms", v.ROLES),
    "purposes": ("terms", v.PURPOSES), "knowing": ("terms", v.KNOWING), "mentoring": ("terms", v.MENTORING),
    "formal": "bool", "social_system": "system", "influence": ("term", v.INFLUENCE), "since": "since",
    "until": "until", "last_contact": "day", "cadence": "cadence", "knows": "slugs",
    "visibility": ("term", v.VISIBILITY), "notes": "text", "stage": ("term", v.STAGES), "found": "text",
    "why": "text", "next_step": "text", "due": "day",
}
#: The fields of people and of prospects that a column may fill (besides name, id, e-mail, links).
PERSON_COLUMNS = ("title", "organisation", "inside", "seniority", "closeness", "support", "roles", "purposes",
                  "knowing", "mentoring", "formal", "social_system", "influence", "since", "until",
                  "last_contact", "cadence", "knows", "visibility", "notes")
PROSPECT_COLUMNS = ("title", "organisation", "inside", "seniority", "support", "roles", "social_system",
                    "influence", "visibility", "stage", "found", "why", "next_step", "due")


def _column_field(key: str) -> str:
    for name, spellings in COLUMNS.items():
        if key in spellings:
            return name
    for pattern, name in _NUMBERED:
        if pattern.match(key):
            return name
    if key.startswith("attr "):
        return "attribute"
    return ""


@dataclass
class _Layout:
    """Which column feeds what, found from the header row."""

    header: list[str]
    fields: dict[int, str]
    kind: str

    def columns(self, name: str) -> list[int]:
        return [index for index, field_name in self.fields.items() if field_name == name]


def _layout(header: list[str]) -> _Layout:
    keys = [header_key(cell) for cell in header]
    fields = {index: _column_field(key) for index, key in enumerate(keys)}
    fields = {index: name for index, name in fields.items() if name}
    if "job title" in keys and "title" in keys:  # Outlook: `Title` is "Dr.", the job is `Job Title`
        fields[keys.index("title")] = "prefix"
    for index, key in enumerate(keys):  # Google's and Outlook's phonetic, yomi and department columns
        if index in fields and re.search(r"\b(yomi|phonetic|department|symbol|location|job description)\b", key):
            del fields[index]
    names = set(fields.values())
    if {"first", "last"} & names and "name" in names and ("given name" in keys or "yomi name" in keys):
        kind = "a Google Contacts CSV (old layout)"
    elif "organization name" in keys or "organization title" in keys:
        kind = "a Google Contacts CSV"
    elif "job title" in keys:
        kind = "an Outlook CSV"
    elif "connected on" in keys:
        kind = "LinkedIn's Connections.csv"
    elif names & set(PERSON_COLUMNS) - {"title", "organisation", "notes"}:
        kind = "a spreadsheet of people"
    else:
        kind = "a CSV of contacts"
    return _Layout(header, fields, kind)


def _has_name(header: list[str]) -> bool:
    names = {_column_field(header_key(cell)) for cell in header}
    return "name" in names or bool({"first", "last"} & names)


# -- cells ----------------------------------------------------------------------------------


class _Bad(ValueError):
    """A cell that is not a value of its field; the message says what would be."""


_TRUE = {"yes", "y", "true", "1", "x", "inside", "in", "internal", "intra", "ja", "oui", "si", "sí"}
_FALSE = {"no", "n", "false", "0", "outside", "out", "external", "extra", "nein", "non"}
_FORMAL_TRUE = _TRUE - {"inside", "in", "internal", "intra"} | {"formal"}
_FORMAL_FALSE = _FALSE - {"outside", "out", "external", "extra"} | {"informal"}
_SPLIT = re.compile(r"\s*(?:[|;,/+&\n]|\band\b)\s*", re.IGNORECASE)


def _term(text: str, vocabulary: v.Vocabulary, name: str) -> str:
    term = vocabulary.find(text)
    if term is None:
        raise _Bad(f"'{text}' is not a {name} term; expected one of {', '.join(vocabulary.ids)}"
                   + did_you_mean(text.casefold(), vocabulary.ids + tuple(t.label.casefold() for t in vocabulary)))
    return term.id


def _terms(text: str, vocabulary: v.Vocabulary, name: str) -> list[str]:
    whole = vocabulary.find(text)  # a label with a separator in it, e.g. "Work-life mentor"
    if whole is not None:
        return [whole.id]
    found: list[str] = []
    for part in _SPLIT.split(text):
        if part and _term(part, vocabulary, name) not in found:
            found.append(_term(part, vocabulary, name))
    return found


def _bool(text: str, name: str) -> bool:
    word = text.strip().casefold()
    truth, falsehood = (_FORMAL_TRUE, _FORMAL_FALSE) if name == "formal" else (_TRUE, _FALSE)
    if word in truth:
        return True
    if word in falsehood:
        return False
    said = "yes or no (or true/false, formal/informal)" if name == "formal" else \
        "yes or no (or true/false, inside/outside)"
    raise _Bad(f"'{text}' is not {said}")


_DATE_HINT = ("write it as YYYY-MM-DD (or a month YYYY-MM, or a year YYYY); a spreadsheet that changed "
              "the dates' format will keep them if the column is formatted as text")


def _date(text: str, kind: str) -> Union[dt.date, str]:
    adapter = {"since": TypeAdapter(Since), "until": TypeAdapter(Until), "day": TypeAdapter(Day)}[kind]
    spelt = text.strip()
    for pattern in ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y"):  # LinkedIn's "12 Nov 2024"
        try:
            spelt = dt.datetime.strptime(spelt, pattern).date().isoformat()
            break
        except ValueError:
            continue
    spelt = re.sub(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(:00)?$", r"\1", spelt)  # a spreadsheet's midnight
    try:
        day = adapter.validate_python(spelt)
    except ValidationError:
        raise _Bad(f"'{text}' is not a date: {_DATE_HINT if kind != 'day' else 'write it as YYYY-MM-DD'}") from None
    return day if type(day) is dt.date else day.isoformat()  # a month or a year stays as written


def _system(text: str, profile: Profile) -> str:
    term = v.SOCIAL_SYSTEMS.find(text)
    if term is not None:
        return term.id
    for own in profile.social_systems:
        if header_key(text) in (header_key(own.id), header_key(own.label)):
            return own.id
    choices = v.SOCIAL_SYSTEMS.ids + tuple(own.id for own in profile.social_systems)
    raise _Bad(f"'{text}' is not a social system: use one of {', '.join(choices)}, or declare your own under "
               "social_systems in profile.yaml" + did_you_mean(text.casefold(), choices))


def cell_value(name: str, text: str, profile: Profile) -> Yaml:
    """The value of field ``name`` that a cell says, as it will be written; raises _Bad."""
    kind = KINDS[name]
    if isinstance(kind, tuple):
        label = name.replace("_", " ")
        return _term(text, kind[1], label) if kind[0] == "term" else _terms(text, kind[1], label)
    if kind == "bool":
        return _bool(text, name)
    if kind in ("since", "until", "day"):
        return _date(text, kind)
    if kind == "cadence":
        if v.cadence_days(text) is None:
            raise _Bad(f"'{text}' is not a cadence: use one of {', '.join(v.CADENCES)}, or 'N days', "
                       "'N weeks' or 'N months'" + did_you_mean(text.casefold(), tuple(v.CADENCES)))
        return text
    if kind == "system":
        return _system(text, profile)
    if kind == "slugs":
        ids = [part for part in _SPLIT.split(text) if part]
        for item in ids:
            _slug(item)
        return ids
    return text


def _slug(text: str) -> str:
    if not re.fullmatch(SLUG_PATTERN, text):
        from mentornet.core.names import slug

        raise _Bad(f"'{text}' is not an id: use lowercase letters, digits and '-' (for example '{slug(text)}')")
    return text


# -- tables ---------------------------------------------------------------------------------


def _table(text: str, path: Path, profile: Profile) -> Contents:
    lines = text.splitlines(keepends=True)
    # LinkedIn's Connections.csv starts with a "Notes:" paragraph before its header line; Excel
    # in many European locales separates columns with ";"
    found_header = next(((i, delimiter) for i, line in enumerate(lines[:50]) for delimiter in ",;\t"
                         if _has_name(next(csv.reader([line], delimiter=delimiter), []))), None)
    if found_header is None:
        raise ImportProblem([f"{path}:1: no header line with a name column; expected columns such as 'name' "
                             "(or 'first name' and 'last name'), 'organisation', 'title'"])
    start, delimiter = found_header
    reader = csv.reader(io.StringIO("".join(lines[start:])), delimiter=delimiter)
    header = [restore_cell(cell).strip() for cell in next(reader)]
    layout = _layout(header)
    found = Contents(kind=layout.kind)
    problems: list[tuple[str, str]] = []  # (field, message)
    used: set[int] = set()
    before = reader.line_num
    for row in reader:
        line, before = start + before + 1, reader.line_num
        cells = [restore_cell(cell).strip() for cell in row]
        if not any(cells):
            continue
        contact = _row(layout, cells, path, line, profile, problems, used, found)
        if contact is not None:
            found.contacts.append(contact)
    guesses = {name for name, _ in problems
               if all(header_key(header[i]) in WEAK_HEADERS for i in layout.columns(name))}
    why = {index: " (made from until: change until instead)" for index, key in enumerate(map(header_key, header))
           if key == "active"}
    for name in guesses:  # a "Type" column that holds no kinds of support was about something else
        for contact in found.contacts:
            contact.fields.pop(name, None)
        why.update({index: f" (not {name.replace('_', ' ')} values)" for index in layout.columns(name)})
        layout.fields = {index: field for index, field in layout.fields.items() if field != name}
    if any(name not in guesses for name, _ in problems):
        raise ImportProblem([message for name, message in problems if name not in guesses])
    found.ignored = [header[index] + why.get(index, "") for index in sorted(used) if index not in layout.fields]
    return found


def _row(layout: _Layout, cells: list[str], path: Path, line: int, profile: Profile, problems: list[tuple[str, str]],
         used: set[int], found: Contents) -> Optional[Contact]:
    def values(name: str) -> list[str]:
        out = []
        for index in layout.columns(name):
            if index < len(cells) and cells[index]:
                out += [part.strip() for part in cells[index].split(" ::: ") if part.strip()]  # Google's lists
        return out

    def one(name: str) -> str:
        got = values(name)
        return got[0] if got else ""

    used.update(index for index, cell in enumerate(cells) if cell)
    if one("kind") == "ego" or one("id") == EGO_ID:
        return None  # the export's row for you
    name = one("name") or " ".join(part for part in (one("prefix"), one("first"), one("middle"), one("last"),
                                                     one("suffix")) if part)
    name = " ".join(name.split())
    organisation = one("organisation")
    if not name:
        if organisation:
            found.organisations.append((line, organisation))
        return None
    contact = Contact(name, line, organisation, one("title"), source=layout.kind)

    def bad(column: str, message: str) -> None:
        index = next((i for i in layout.columns(column)), 0)
        problems.append((column, f"{path}:{line}:{index + 1}: {layout.header[index]}: {message}"))

    if one("id"):
        try:
            contact.id = _slug(one("id"))
        except _Bad as error:
            bad("id", str(error))
    contact.emails = tuple(dict.fromkeys(e for e in values("email") if "@" in e))
    labels = values("url_label")
    urls = [url for part in values("url") for url in re.split(r"[\s|]+", part) if re.match(r"^https?://", url, re.I)]
    contact.links = tuple((labels[i] if i < len(labels) else "", url) for i, url in enumerate(dict.fromkeys(urls)))
    for name_ in KINDS:
        columns = layout.columns(name_)
        if not columns:
            continue
        text = one(name_)
        if not text:
            contact.fields[name_] = None
            continue
        try:
            contact.fields[name_] = cell_value(name_, text, profile)
        except _Bad as error:
            bad(name_, str(error))
    if "since" in contact.fields and isinstance(contact.fields["since"], dt.date) and layout.kind.startswith("Link"):
        contact.since = contact.fields["since"]
    for index in layout.columns("attribute"):
        key = layout.header[index].split("_", 1)[1] if "_" in layout.header[index] else layout.header[index][5:]
        cell = cells[index] if index < len(cells) else ""
        contact.fields.setdefault("attributes", {})[key.strip()] = cell or None
    return contact
