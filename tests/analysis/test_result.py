"""The analysis as JSON (`mentornet analyze --json`) and as terminal text: every key of the
contract, old and new, and no NaN anywhere."""

from __future__ import annotations

from mentornet.analysis import analyze, summary_text
from tests.analysis.build import SETTINGS, no_nan, person, portfolio, star

#: Keys `--json` has always had, and those issue 15 added.
KEYS = ("as_of", "size", "ties", "density", "effective_size", "efficiency", "constraint", "burt_redundancy",
        "range", "range_reading", "social_systems", "ei_index", "inside_outside", "diversity", "iqv",
        "diversity_detail", "balance", "empty_core_roles", "strength", "strength_unspecified", "strength_reading",
        "network_type", "influence", "redundancy", "redundant_pairs", "traps", "trap_details", "gaps",
        "prospects", "audit",
        "homophily", "constraint_weighted", "constraint_share", "multiplexity", "components", "hierarchy")


def test_json_has_every_contract_key():
    data = analyze(portfolio(*star(4, inside=True, seniority="peer", closeness="close",
                                    social_system="institution")), SETTINGS).to_json()
    assert set(KEYS) <= set(data)
    assert set(data["balance"]) == {"support", "purposes", "knowing", "roles"}
    assert set(data["traps"]) <= {"echo-chamber", "birds-of-a-feather", "network-lag", "pigeonholing"}
    assert set(data["multiplexity"]) >= {"count", "share"}
    for field in data["homophily"].values():
        assert set(field) == {"same", "ei", "known"}
    no_nan(data)


def test_empty_portfolio_gives_none_not_nan():
    a = analyze(portfolio(), SETTINGS)
    data = a.to_json()
    assert data["size"] == 0
    for key in ("density", "effective_size", "efficiency", "constraint", "ei_index", "constraint_weighted",
                "hierarchy"):
        assert data[key] is None, key
    assert all(value is None for value in data["diversity"].values())
    assert all(value is None for value in data["iqv"].values())
    assert data["traps"] == [] and data["components"] == 0
    assert data["range"] == 0
    no_nan(data)
    assert "0 people" in summary_text(a)


def test_one_person_portfolio():
    a = analyze(portfolio(person("solo", seniority="senior", inside=True, social_system="institution")),
                SETTINGS)
    data = a.to_json()
    assert data["size"] == 1
    assert data["density"] is None
    assert data["diversity"]["seniority"] is None and data["iqv"]["seniority"] is None
    assert data["ei_index"] == -1
    assert data["traps"] == []
    assert data["constraint_share"] == {"solo": 1.0} and data["hierarchy"] is None
    no_nan(data)
    assert summary_text(a)


def test_summary_text_names_people_traps_and_rules():
    people = [person(i, inside=True, support=("job",), name=f"Person {i.upper()}") for i in "abcd"]
    people[0] = person("a", inside=True, support=("job",), influence="high", name="Person A",
                       knows=("b", "c", "d"))
    p = portfolio(*people)
    text = summary_text(analyze(p, SETTINGS), p)
    assert "Person A" in text
    assert "[!] Pigeonholing" in text
    assert "mentornet calls range high from 3 social systems" in text
    small = portfolio(*people[:3])
    assert "[?] Pigeonholing: Too few people to judge" in summary_text(analyze(small, SETTINGS), small)
