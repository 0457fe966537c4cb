"""`mentornet export`: GraphML, CSV and JSON, each read back by the tools that use them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from mentornet.cli import main
from tests.audience.test_canaries import PRIVATE, canary_portfolio


def export(folder: Path, *args: str) -> list[Path]:
    result = CliRunner().invoke(main, ["export", str(folder), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [Path(line) for line in result.output.splitlines()]


def test_graphml_reads_back_in_networkx_with_attributes_intact(example, tmp_path):
    [path] = export(example.root, "--format", "graphml", "--out", str(tmp_path / "n.graphml"))
    g = nx.read_graphml(path)
    assert g.nodes["_you"] == {"label": "Dr Maya Lindqvist", "kind": "ego",
                               "organisation": g.nodes["_you"]["organisation"],
                               "social_system": "institution"}
    helen = g.nodes["helen-achterberg"]
    assert helen["label"] == "Prof Helen Achterberg" and helen["kind"] == "person"
    assert helen["inside"] is True and helen["formal"] is False and helen["active"] is True
    assert helen["support"] == "job|career"
    assert helen["since"] == "2023-09-01"
    assert helen["attr_discipline"] == "epidemiology"  # the owner sees every attribute
    people = [n for n, d in g.nodes(data=True) if d["kind"] == "person"]
    assert all(g.has_edge("_you", person) == g.nodes[person]["active"] for person in people)
    assert g.edges["_you", "helen-achterberg"] == {"kind": "ego", "weight": 3, "closeness": "close", "active": True}
    ties = [(a, b) for a, b, d in g.edges(data=True) if d["kind"] == "tie"]
    assert ties and all("_you" not in tie for tie in ties)
    assert "<graphml" in path.read_text(encoding="utf-8")


def test_csv_people_and_ties_read_back(example, tmp_path):
    paths = export(example.root, "--format", "csv", "--out", str(tmp_path / "csv"), "--audience", "mentor")
    assert sorted(p.name for p in paths) == ["people.csv", "ties.csv"]
    with (tmp_path / "csv" / "people.csv").open(encoding="utf-8-sig", newline="") as handle:
        people = list(csv.DictReader(handle))
    with (tmp_path / "csv" / "ties.csv").open(encoding="utf-8-sig", newline="") as handle:
        ties = list(csv.DictReader(handle))
    assert people[0]["id"] == "_you" and people[0]["kind"] == "ego"
    by_id = {row["id"]: row for row in people}
    assert by_id["samuel-osei"]["label"] == "Dr Samuel Osei"
    assert by_id["samuel-osei"]["inside"] in ("true", "false")
    assert "jonah-pereira" not in by_id  # private: not for a mentor
    assert set(people[0]) >= {"attr_discipline"} and not any(k.startswith("attr_gender") for k in people[0])
    ids = set(by_id)
    assert ties and all(row["source"] in ids and row["target"] in ids for row in ties)
    assert {row["kind"] for row in ties} == {"ego", "tie"}
    assert all(row["weight"].isdigit() for row in ties)


def test_json_is_the_whole_filtered_portfolio(example, tmp_path):
    [path] = export(example.root, "--format", "json", "--out", str(tmp_path / "p.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["format"], data["version"], data["audience"]) == ("mentornet-portfolio", 1, "owner")
    assert set(data) == {"format", "version", "audience", "profile", "people", "ties", "audits",
                         "plan", "reflections", "journal"}
    assert data["profile"]["name"] == "Dr Maya Lindqvist"
    assert any(p["id"] == "jonah-pereira" for p in data["people"])
    assert all(len(tie) == 2 for tie in data["ties"])
    entry = data["journal"][0]
    assert set(entry) == {"path", "title", "date", "meta", "body"} and entry["path"].startswith("journal/")
    assert [e["date"] for e in data["journal"]] == sorted(e["date"] for e in data["journal"])


@pytest.mark.parametrize("fmt", ["graphml", "csv", "json"])
def test_a_mentor_export_holds_no_private_canary(tmp_path, fmt):
    folder = canary_portfolio(tmp_path / "portfolio")
    out = tmp_path / "out"
    paths = export(folder.root, "--format", fmt, "--out", str(out / "x"), "--audience", "mentor")
    text = "\n".join(p.read_text(encoding="utf-8") for p in paths).lower()
    assert "diane-roberts" in text
    leaked = {place: canary for place, canary in PRIVATE.items() if canary in text}
    assert not leaked


# --- who is active: departed people's edges out by default (issue 26) ---------------------------------


def departed_portfolio(portfolio):
    people = portfolio.root / "data/people.yaml"
    people.write_text(people.read_text().replace("  social_system: professional-bodies\n",
                                                 "  social_system: professional-bodies\n  until: 2025-06\n"))
    return portfolio


def test_exports_leave_out_the_edges_of_people_who_have_left(portfolio, tmp_path):
    departed_portfolio(portfolio)
    [path] = export(portfolio.root, "--format", "graphml", "--out", str(tmp_path / "n.graphml"))
    g = nx.read_graphml(path)
    assert g.nodes["sami-wonder"]["active"] is False and g.nodes["diane-roberts"]["active"] is True
    assert g.degree("sami-wonder") == 0 and g.has_edge("_you", "diane-roberts")
    export(portfolio.root, "--format", "csv", "--out", str(tmp_path / "csv"))
    ties = (tmp_path / "csv" / "ties.csv").read_text(encoding="utf-8")
    assert "sami-wonder" not in ties and "diane-roberts" in ties
    [path] = export(portfolio.root, "--format", "json", "--out", str(tmp_path / "p.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["ties"] == [] and {p["id"]: p["active"] for p in data["people"]} == \
        {"diane-roberts": True, "sami-wonder": False}


def test_with_departed_the_exports_keep_their_edges_marked_inactive(portfolio, tmp_path):
    departed_portfolio(portfolio)
    [path] = export(portfolio.root, "--format", "graphml", "--with-departed", "--out", str(tmp_path / "n.graphml"))
    g = nx.read_graphml(path)
    assert g.edges["_you", "sami-wonder"]["active"] is False
    assert g.edges["diane-roberts", "sami-wonder"] == {"kind": "tie", "weight": 1, "active": False}
    [path] = export(portfolio.root, "--format", "json", "--with-departed", "--out", str(tmp_path / "p.json"))
    assert json.loads(path.read_text(encoding="utf-8"))["ties"] == [["diane-roberts", "sami-wonder"]]


def test_graphml_is_valid_xml_whatever_a_name_holds(portfolio, tmp_path):
    from xml.etree import ElementTree

    from mentornet.cli.network_export import write_graphml
    from mentornet.core.layout import Layout
    from mentornet.load import load

    loaded = load(Layout.of(portfolio.root, "data", "content", "public"))
    person = loaded.people[0].model_copy(update={"name": "Nul\x00 and Esc\x1b[31m"})  # not from YAML: refused there
    import dataclasses

    odd = dataclasses.replace(loaded, people=(person, *loaded.people[1:]))
    out = tmp_path / "n.graphml"
    write_graphml(odd, out)
    ElementTree.parse(out)  # raises on invalid XML
    assert nx.read_graphml(out).nodes["diane-roberts"]["label"] == "Nul\ufffd and Esc\ufffd[31m"
