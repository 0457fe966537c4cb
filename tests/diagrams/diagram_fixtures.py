"""Portfolios for the diagram tests, built directly from the model classes."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

from mentornet.diagrams.dot import Diagram
from mentornet.core.model import CustomSocialSystem, Person, Portfolio, Profile

HOSTILE = 'Ann "Q" O\'Neil \\N {x} <script>alert(1)</script> "]; evil [label="x'
HOSTILE_ORG = "<b>Org</b> & {Co} \\N \\\"quoted\\\""


def small() -> Portfolio:
    """Six people covering every category of the map, one who left, one hostile name."""
    people = (
        Person(id="helen", name="Helen Achterberg", organisation="Calderbridge", inside=True,
               seniority="senior", closeness="close", support=("job", "career"),
               roles=("skills", "sponsor"), social_system="institution", knows=("samuel", "ada")),
        Person(id="samuel", name="Samuel Osei", inside=True, seniority="senior", closeness="moderate",
               support=("career", "personal"), roles=("developmental", "work-life"),
               social_system="institution"),
        Person(id="ada", name="Ada Mensah", inside=False, seniority="peer", closeness="distant",
               support=("personal",), roles=("peer",), social_system="other-institutions",
               knows=("evil",)),
        Person(id="tom", name="Tom Fairweather", inside=None, seniority="junior", closeness="close",
               support=(), roles=("mentee",), social_system="climbing-club"),
        Person(id="evil", name=HOSTILE, organisation=HOSTILE_ORG, title="<i>T</i>", inside=False,
               closeness=None, support=("job",), roles=("connector",), social_system=None),
        Person(id="gone", name="Gone Person", inside=True, seniority="peer", closeness="close",
               roles=("developmental",), social_system="funders", until=dt.date(2025, 1, 1),
               knows=("helen",)),
    )
    return Portfolio(profile=Profile(name="Maya <Lindqvist> & \"co\"", social_system="institution",
                                     social_systems=(CustomSocialSystem(id="climbing-club",
                                                                        label="Climbing club"),)),
                     people=people)


def layout_json(diagram: Diagram) -> dict:
    """What Graphviz itself understood of a diagram: nodes and edges with their attributes."""
    out = subprocess.run([diagram.engine, "-Tjson", *diagram.args], input=diagram.source.encode(),
                         capture_output=True, check=True).stdout
    return json.loads(out)


def nodes(data: dict) -> dict[str, dict]:
    found: dict[str, dict] = {}

    def walk(objects):
        for obj in objects or ():
            if "nodes" not in obj and "subgraphs" not in obj and obj.get("name", "").startswith("cluster"):
                continue
            if "nodes" in obj or "subgraphs" in obj:
                continue
            found[obj["name"]] = obj
    walk(data.get("objects"))
    return found


def clusters(data: dict) -> dict[str, dict]:
    return {obj["name"]: obj for obj in data.get("objects", ()) if obj.get("name", "").startswith("cluster")}


def edges(data: dict) -> list[tuple[str, str, dict]]:
    names = {obj["_gvid"]: obj["name"] for obj in data.get("objects", ())}
    return [(names[e["tail"]], names[e["head"]], e) for e in data.get("edges", ())]


def texts(obj: dict) -> list[str]:
    """The text Graphviz draws for an object (its label as it will appear)."""
    return [op["text"] for op in obj.get("_ldraw_", ()) if op.get("op") == "T"]


#: A network of fifteen, with names as long as people's names are: the size the issue asks the
#: map to stay readable at (name, closeness, seniority, support, inside).
FIFTEEN = (
    ("Prof Helen Achterberg", "close", "senior", ("job", "career"), True),
    ("Dr Samuel Osei", "close", "senior", ("career", "personal"), True),
    ("Dr Priya Nair", "close", "peer", ("job", "personal"), True),
    ("Jonah Pereira", "close", "peer", ("personal",), False),
    ("Ada Mensah", "close", "junior", ("job",), True),
    ("Prof Ingrid Halvorsen", "moderate", "senior", ("career", "personal"), False),
    ("Dr Hannah Kowalczyk", "moderate", "senior", ("career",), True),
    ("Dr Morag Baillie", "moderate", "senior", ("career",), False),
    ("Dr Lena Fischer", "moderate", "peer", ("career", "personal"), False),
    ("Tom Fairweather", "moderate", "peer", ("job",), True),
    ("Arjun Mehta", "moderate", "peer", ("job",), False),
    ("Prof Gareth Pryce", "distant", "senior", ("career",), True),
    ("Claire Whitlock", "distant", "senior", ("career",), False),
    ("Dr Noor Haddad", "distant", "peer", ("job",), False),
    ("Dr Christopher Abernethy-Lund", "distant", "junior", ("job", "career", "personal"), None),
)


def fifteen_id(name: str) -> str:
    words = [w for w in name.lower().replace("-", " ").split() if w not in ("dr", "prof")]
    return "-".join(words)


def fifteen() -> Portfolio:
    people = tuple(Person(id=fifteen_id(name), name=name, closeness=closeness, seniority=seniority,
                          support=support, inside=inside, knows=(fifteen_id(FIFTEEN[i - 1][0]),) if i % 3 else ())
                   for i, (name, closeness, seniority, support, inside) in enumerate(FIFTEEN))
    return Portfolio(profile=Profile(name="Dr Maya Lindqvist"), people=people)


def fifteen_yaml() -> str:
    """The same network as ``data/people.yaml``."""
    lines = []
    for i, (name, closeness, seniority, support, inside) in enumerate(FIFTEEN):
        lines += [f"- id: {fifteen_id(name)}", f"  name: {name}", f"  closeness: {closeness}",
                  f"  seniority: {seniority}", f"  support: [{', '.join(support)}]"]
        if inside is not None:
            lines.append(f"  inside: {'true' if inside else 'false'}")
        if i % 3:
            lines.append(f"  knows: [{fifteen_id(FIFTEEN[i - 1][0])}]")
    return "\n".join(lines) + "\n"
