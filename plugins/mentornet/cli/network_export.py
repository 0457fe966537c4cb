"""The network leaves for other tools: GraphML (Gephi, networkx, yEd), CSV (spreadsheets,
Gephi's and Kumu's spreadsheet import) and JSON (the whole portfolio, for scripts).

Every format is written from the audience-filtered :class:`~mentornet.core.model.Portfolio`, so an
export for a mentor holds exactly what the mentor's site shows, and nothing else.

The graph (GraphML and CSV):

- one node for you, the ego, with id :data:`EGO_ID` (``_you``: not a valid person id, so it
  never clashes with one) and ``kind`` ``ego``; one node per person, ``kind`` ``person``;
- an edge from you to each person (``kind`` ``ego``, ``weight`` 3/2/1 for close, moderate,
  distant; 1 when closeness is not recorded) and an edge per tie among people
  (``kind`` ``tie``, ``weight`` 1), undirected;
- who is active: ``active`` (a boolean) on every person. People who have left (``until`` set)
  are nodes without edges, so measures computed from the file are the site's; ``departed=True``
  (``mentornet export --with-departed``) keeps their edges too, each marked ``active`` false;
- node attributes are the person's fields under their own names; lists (support, roles, …)
  are joined with :data:`SEPARATOR` (``|``, as Kumu reads multi-valued fields); dates are
  ISO ``YYYY-MM-DD``; ``inside``, ``formal`` and ``active`` are booleans; an unrecorded
  field is left out (GraphML) or empty (CSV); each of ``attributes`` becomes ``attr_<name>``.

JSON: see :func:`portfolio_json`; its keys are documented there and are stable (``version``
changes if any key changes meaning).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Iterable, Mapping, Optional, Union

import networkx as nx
from pydantic import BaseModel

from mentornet.audience import Audience
from mentornet.core.model import Person, Portfolio
from mentornet.core.yamldata import Json

FORMATS = ("graphml", "csv", "json")
EGO_ID = "_you"
SEPARATOR = "|"
JSON_FORMAT = "mentornet-portfolio"
JSON_VERSION = 1
CLOSENESS_WEIGHT = {"close": 3, "moderate": 2, "distant": 1}

#: A node's or an edge's attribute: what GraphML and a CSV cell can hold.
Attribute = Union[str, int, float, bool]
#: A person's field as the model holds it (text, a flag, a date, a list of terms).
FieldValue = Union[None, str, bool, dt.date, tuple[str, ...]]

#: Person fields in export order: (name, kind) with kind text | list | bool | date.
PERSON_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "text"), ("organisation", "text"), ("inside", "bool"), ("seniority", "text"),
    ("closeness", "text"), ("support", "list"), ("roles", "list"), ("purposes", "list"),
    ("knowing", "list"), ("mentoring", "list"), ("formal", "bool"), ("social_system", "text"),
    ("influence", "text"), ("since", "date"), ("until", "date"), ("last_contact", "date"),
    ("cadence", "text"), ("visibility", "text"),
)
PEOPLE_COLUMNS = ("id", "label", "kind", *(name for name, _ in PERSON_FIELDS), "active")
TIE_COLUMNS = ("source", "target", "kind", "weight", "closeness", "active")


def _value(value: FieldValue, kind: str) -> Optional[Attribute]:
    """A field's value for the graph, or None when unrecorded."""
    if value is None or value == "" or value == ():
        return None
    if kind == "list" and isinstance(value, tuple):  # a list field holds a tuple of terms
        return SEPARATOR.join(str(item) for item in value)
    if kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if kind == "bool":
        return bool(value)
    return str(value)


def person_attributes(person: Person) -> dict[str, Attribute]:
    """A person as node attributes (unrecorded fields left out)."""
    data: dict[str, Attribute] = {"label": person.name, "kind": "person"}
    for name, kind in PERSON_FIELDS:
        value = _value(getattr(person, name), kind)
        if value is not None:
            data[name] = value
    data["active"] = person.active
    for key, value in sorted(person.attributes.items()):
        data[f"attr_{key}"] = str(value)
    return data


def graph(portfolio: Portfolio, departed: bool = False) -> nx.Graph:
    """The network as an undirected networkx graph: you, the people, and the ties; the edges of
    people who have left only with ``departed``."""
    g = nx.Graph(name=portfolio.profile.name)
    ego: dict[str, Attribute] = {"label": portfolio.profile.name, "kind": "ego"}
    if portfolio.profile.organisation:
        ego["organisation"] = portfolio.profile.organisation
    if portfolio.profile.social_system:
        ego["social_system"] = portfolio.profile.social_system
    g.add_node(EGO_ID, **ego)
    for person in portfolio.people:
        g.add_node(person.id, **person_attributes(person))
    active = {person.id for person in portfolio.active_people}
    tied = {person.id for person in portfolio.people if departed or person.active}
    for person in portfolio.people:
        if person.id not in tied:
            continue
        edge: dict[str, Attribute] = {"kind": "ego", "weight": CLOSENESS_WEIGHT.get(person.closeness or "", 1),
                                "active": person.active}
        if person.closeness:
            edge["closeness"] = person.closeness
        g.add_edge(EGO_ID, person.id, **edge)
    for a, b in sorted(portfolio.ties):
        if a in tied and b in tied:
            g.add_edge(a, b, kind="tie", weight=1, active=a in active and b in active)
    return g


#: What XML 1.0 cannot hold at all: control characters but tab and line breaks.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value: Attribute) -> Attribute:
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def write_graphml(portfolio: Portfolio, out: Path | io.BytesIO, departed: bool = False) -> None:
    """GraphML, valid XML whatever the text holds (a character XML cannot carry becomes U+FFFD)."""
    g = graph(portfolio, departed)
    for _, data in g.nodes(data=True):
        data.update({key: _xml_safe(value) for key, value in data.items()})
    g.graph.update({key: _xml_safe(value) for key, value in g.graph.items()})
    nx.write_graphml(g, out, encoding="utf-8", prettyprint=True)


def _csv_text(rows: Iterable[Mapping[str, Attribute]], columns: Iterable[str]) -> str:
    buffer = io.StringIO()
    columns = list(columns)
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _csv_cell(row.get(key)) for key in columns})
    return buffer.getvalue()


def _csv_cell(value: Optional[Attribute]) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise_cell(str(value))


#: What a spreadsheet runs as a formula when a cell starts with it (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")


def neutralise_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula (``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return, after any ``'``) gets a leading ``'``.
    :func:`restore_cell` takes exactly that ``'`` off again, so a round trip keeps every value."""
    return "'" + text if _FORMULA.match(text) else text


def restore_cell(text: str) -> str:
    """The value :func:`neutralise_cell` was given, from the cell it made."""
    return text[1:] if text.startswith("'") and _FORMULA.match(text[1:]) else text


def csv_tables(portfolio: Portfolio, departed: bool = False) -> dict[str, str]:
    """``people.csv`` (one row per node, you first) and ``ties.csv`` (one row per edge)."""
    g = graph(portfolio, departed)
    attribute_columns = sorted({key for _, data in g.nodes(data=True) for key in data
                                if key.startswith("attr_")})
    people = [{"id": node, **data} for node, data in g.nodes(data=True)]
    ties = [{"source": a, "target": b, **data} for a, b, data in g.edges(data=True)]
    return {"people.csv": _csv_text(people, [*PEOPLE_COLUMNS, *attribute_columns]),
            "ties.csv": _csv_text(ties, TIE_COLUMNS)}


def _dump(model: BaseModel) -> dict[str, Json]:
    return model.model_dump(mode="json")


def portfolio_json(portfolio: Portfolio, audience: Audience, departed: bool = False) -> dict[str, Json]:
    """The whole (audience-filtered) portfolio as one JSON object. Stable keys:

    - ``format`` (``"mentornet-portfolio"``), ``version`` (1), ``audience``;
    - ``profile``: the fields of ``data/profile.yaml``;
    - ``people``: the fields of each person in ``data/people.yaml`` (``knows`` only to people
      in the export), and ``active`` (false for someone who has left: ``until`` set);
    - ``ties``: ``[a, b]`` pairs of person ids, each tie once, sorted; ties with someone who
      has left only with ``departed``;
    - ``audits``, ``plan`` (``activities``, ``prospects``), ``reflections`` (by prompt id):
      as in their data files;
    - ``journal``: entries, oldest first, each ``{"path", "title", "date", "meta", "body"}``:
      ``path`` relative to the docs folder, ``meta`` the front matter, ``body`` the Markdown.

    Dates are ``YYYY-MM-DD``; a field the data leaves unset is ``null`` (or empty).
    """
    entries = sorted(portfolio.journal, key=lambda e: (e.date, e.src_uri))
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "audience": audience.name,
        "profile": _dump(portfolio.profile),
        "people": [{**_dump(person), "active": person.active} for person in portfolio.people],
        "ties": [list(pair) for pair in sorted(portfolio.ties)
                 if departed or all(portfolio.people_by_id[p].active for p in pair if p in portfolio.people_by_id)],
        "audits": [_dump(audit) for audit in portfolio.audits],
        "plan": _dump(portfolio.plan),
        "reflections": {key: _dump(value) for key, value in sorted(portfolio.reflections.items())},
        "journal": [{"path": entry.src_uri, "title": entry.title, "date": entry.date.isoformat(),
                     "meta": _dump(entry.meta), "body": entry.body} for entry in entries],
    }


def default_out(fmt: str) -> Path:
    return Path({"graphml": "network.graphml", "csv": "network", "json": "portfolio.json"}[fmt])


def file_text(portfolio: Portfolio, fmt: str, audience: Audience, departed: bool = False) -> str:
    """The one-file export (``graphml`` or ``json``) as text."""
    if fmt == "graphml":
        buffer = io.BytesIO()
        write_graphml(portfolio, buffer, departed)
        return buffer.getvalue().decode("utf-8")
    if fmt == "json":
        return json.dumps(portfolio_json(portfolio, audience, departed), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"'{fmt}' is not a one-file export: use graphml or json")


def export(portfolio: Portfolio, fmt: str, out: Path, audience: Audience, departed: bool = False,
           bom: bool = True) -> list[Path]:
    """Write ``portfolio`` as ``fmt`` to ``out`` (a file; a folder for CSV), each file whole or not
    at all (cli/userfiles.py); return what was written. The edges of people who have left are
    left out unless ``departed``.

    CSV files start with a UTF-8 byte-order mark unless ``bom`` is false: without it, Excel
    opens a CSV in the system's old code page and shows "JosÃ©" for "José"."""
    from mentornet.cli import userfiles

    try:
        (out if fmt == "csv" else out.parent).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise userfiles.UserFileError(f"{out}: cannot make the folder ({error.strerror}); "
                                      "nothing was written") from None
    if fmt in ("graphml", "json"):
        userfiles.write_text(out, file_text(portfolio, fmt, audience, departed))
        return [out]
    if fmt == "csv":
        written = []
        for name, text in csv_tables(portfolio, departed).items():
            userfiles.write_text(out / name, ("\ufeff" if bom else "") + text)
            written.append(out / name)
        return written
    raise ValueError(f"unknown export format '{fmt}': use one of {', '.join(FORMATS)}")
