"""The analysis, specified by reference values and by portfolios built to show (or not show) each finding.

Structural measures are checked against values any network text gives for a star and a
complete graph, and against Borgatti's (1997) structural-holes example as encoded in
networkx's own tests (networkx/algorithms/tests/test_structuralholes.py).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re

import pytest

from mentornet.core import vocabulary as v
import networkx as nx

from mentornet.analysis import (AnalysisSettings, analyze, blau, ego_constraint, ei_index, iqv,
                                structure, summary_text)
from mentornet.core.model import Audit, Goal, Person, Plan, Portfolio, Profile, Prospect

AS_OF = dt.date(2026, 11, 1)
SETTINGS = AnalysisSettings(as_of=AS_OF)


def person(id_: str, **fields) -> Person:
    return Person(id=id_, name=fields.pop("name", id_.replace("-", " ").title()), **fields)


def portfolio(*people: Person, goals=(), prospects=(), audits=(), shared_attributes=None) -> Portfolio:
    return Portfolio(profile=Profile(name="Me", goals=tuple(goals)), people=tuple(people),
                     plan=Plan(prospects=tuple(prospects)), audits=tuple(audits),
                     shared_attributes=shared_attributes)


def star(n: int = 4, **fields) -> list[Person]:
    return [person(f"p{i}", **fields) for i in range(1, n + 1)]


def no_nan(data) -> str:
    return json.dumps(data, allow_nan=False)


# --- structure: density, Burt's effective size, efficiency, constraint ----------------------


def test_star_of_four_has_no_ties_and_no_redundancy():
    a = analyze(portfolio(*star(4)), SETTINGS)
    assert a.size == 4 and a.ties == 0
    assert a.density == 0
    assert a.effective_size == pytest.approx(4)
    assert a.efficiency == pytest.approx(1)
    assert a.constraint == pytest.approx(0.25)


def test_star_with_one_tie():
    people = star(4)
    people[0] = person("p1", knows=("p2",))
    a = analyze(portfolio(*people), SETTINGS)
    assert a.ties == 1
    assert a.density == pytest.approx(1 / 6)
    # Burt: n - 2t/n = 4 - 2/4
    assert a.effective_size == pytest.approx(3.5)
    assert a.efficiency == pytest.approx(3.5 / 4)
    # p1, p2: (1/4 + 1/4 * 1/2)^2 each; p3, p4: (1/4)^2 each
    assert a.constraint == pytest.approx(2 * 0.375 ** 2 + 2 * 0.25 ** 2)


def test_complete_graph_is_fully_redundant():
    ids = ["a", "b", "c", "d"]
    people = [person(i, knows=tuple(j for j in ids if j != i)) for i in ids]
    a = analyze(portfolio(*people), SETTINGS)
    assert a.ties == 6
    assert a.density == pytest.approx(1)
    assert a.effective_size == pytest.approx(1)
    assert a.efficiency == pytest.approx(0.25)
    # each alter: (1/4 + 3 * 1/4 * 1/4)^2 = (7/16)^2
    assert a.constraint == pytest.approx(4 * (7 / 16) ** 2)


def test_borgatti_structural_holes_example_with_g_as_ego():
    # networkx's test graph: edges A-B A-F A-G A-E E-G F-G B-G B-D D-G G-C. G is tied to
    # everyone, so the whole graph is G's ego network: G is you, A..F are your people.
    people = [person("a", knows=("b", "f", "e")), person("b", knows=("d",)), person("c"),
              person("d"), person("e"), person("f")]
    a = analyze(portfolio(*people), SETTINGS)
    assert a.size == 6 and a.ties == 4
    assert a.effective_size == pytest.approx(4.67, abs=0.005)
    assert a.constraint == pytest.approx(0.400, abs=0.0005)
    assert a.density == pytest.approx(4 / 15)


def test_borgatti_example_with_a_as_ego():
    # A's neighbours are B, E, F, G; among them E-G, F-G, B-G. Effective size only depends
    # on ties among the alters, so the ego-network value equals networkx's whole-graph 2.50.
    people = [person("b"), person("e"), person("f"), person("g", knows=("b", "e", "f"))]
    assert analyze(portfolio(*people), SETTINGS).effective_size == pytest.approx(2.50, abs=0.005)


def test_borgatti_example_with_c_as_ego_one_person():
    # C's only neighbour is G: effective size 1 and constraint 1, as networkx finds;
    # density among one person is undefined.
    a = analyze(portfolio(person("g")), SETTINGS)
    assert a.effective_size == pytest.approx(1)
    assert a.constraint == pytest.approx(1)
    assert a.efficiency == pytest.approx(1)
    assert a.density is None


def borgatti_graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_edges_from([("A", "B"), ("A", "F"), ("A", "G"), ("A", "E"), ("E", "G"),
                          ("F", "G"), ("B", "G"), ("B", "D"), ("D", "G"), ("G", "C")])
    return graph


def test_constraint_matches_networkx_reference_values():
    graph = borgatti_graph()
    assert ego_constraint(graph, "G") == pytest.approx(0.400, abs=0.0005)
    assert ego_constraint(graph, "A") == pytest.approx(0.595, abs=0.0005)
    assert ego_constraint(graph, "C") == pytest.approx(1)
    graph.add_node("isolated")
    assert ego_constraint(graph, "isolated") is None


@pytest.mark.parametrize("seed", range(5))
def test_constraint_matches_networkx_on_random_graphs(seed):
    graph = nx.gnp_random_graph(15, 0.3, seed=seed)
    expected = nx.constraint(graph)
    for node in graph:
        if graph.degree(node):
            assert ego_constraint(graph, node) == pytest.approx(expected[node])


def test_structure_function_matches_analyze():
    s = structure(["x", "y", "z"], [("x", "y")])
    assert (s.size, s.ties) == (3, 1)
    assert s.density == pytest.approx(1 / 3)
    assert s.effective_size == pytest.approx(3 - 2 / 3)


def test_people_who_left_are_not_in_the_network():
    people = [person("a", knows=("b",)), person("b", until=dt.date(2026, 1, 1)), person("c")]
    a = analyze(portfolio(*people), SETTINGS)
    assert a.size == 2 and a.people == ("a", "c")
    assert a.ties == 0 and a.density == 0


# --- undefined measures --------------------------------------------------------------------


def test_empty_portfolio_gives_none_not_nan():
    a = analyze(portfolio(), SETTINGS)
    data = a.to_json()
    assert data["size"] == 0
    for key in ("density", "effective_size", "efficiency", "constraint", "ei_index"):
        assert data[key] is None, key
    assert all(value is None for value in data["diversity"].values())
    assert all(value is None for value in data["iqv"].values())
    assert data["traps"] == []
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
    no_nan(data)
    assert summary_text(a)


# --- diversity: Blau, IQV, E-I ---------------------------------------------------------------


@pytest.mark.parametrize("values, k, expected_blau, expected_iqv", [
    (["a", "a", "b", "b"], 2, 0.5, 1.0),
    (["a", "a", "a", "b"], 2, 0.375, 0.75),
    (["a", "a", "a", "b"], 3, 0.375, 0.5625),
    (["a", "b", "c"], 3, 2 / 3, 1.0),
    (["a", "a", "a"], 3, 0.0, 0.0),
    (["a", "a", None, "b", "b"], 2, 0.5, 1.0),  # unknown values are left out
])
def test_blau_and_iqv_by_hand(values, k, expected_blau, expected_iqv):
    assert blau(values) == pytest.approx(expected_blau)
    assert iqv(values, k) == pytest.approx(expected_iqv)


def test_blau_and_iqv_undefined():
    assert blau([]) is None and blau(["a"]) is None and blau([None, None]) is None
    assert iqv(["a"], 3) is None
    assert iqv(["a", "a"]) == 0  # a free field with one value observed: no variety at all


def test_iqv_with_observed_categories():
    assert iqv(["x", "y", "y", "z"]) == pytest.approx((1 - (1 + 4 + 1) / 16) * 3 / 2)


def test_diversity_fields_in_the_analysis():
    people = [person("a", seniority="senior", inside=True, organisation="Uni", social_system="institution",
                     attributes={"gender": "woman", "discipline": "statistics"}),
              person("b", seniority="senior", inside=True, organisation="Uni", social_system="institution",
                     attributes={"gender": "man"}),
              person("c", seniority="peer", inside=False, organisation="Lab", social_system="industry"),
              person("d", seniority="junior", inside=False, organisation="Trust", social_system="funders")]
    a = analyze(portfolio(*people), SETTINGS)
    assert a.diversity["seniority"].blau == pytest.approx(1 - (4 + 1 + 1) / 16)
    assert a.diversity["seniority"].iqv == pytest.approx(0.625 * 3 / 2)
    assert a.diversity["inside"].iqv == pytest.approx(1)
    assert a.diversity["organisation"].k == 3  # free field: observed categories
    assert a.diversity["organisation"].iqv == pytest.approx(0.625 * 3 / 2)
    assert a.diversity["social_system"].k == len(v.SOCIAL_SYSTEMS.terms)
    assert a.diversity["attributes.gender"].blau == pytest.approx(0.5)
    assert a.diversity["attributes.discipline"].blau is None  # one value known
    data = a.to_json()
    assert set(data["diversity"]) == {"seniority", "closeness", "inside", "organisation", "social_system",
                                      "attributes.gender", "attributes.discipline"}
    assert data["iqv"]["seniority"] == pytest.approx(0.9375)


def test_diversity_attributes_follow_settings_and_audience():
    people = [person("a", attributes={"gender": "woman", "geography": "UK"}),
              person("b", attributes={"gender": "man", "geography": "SE"})]
    only_gender = analyze(portfolio(*people), AnalysisSettings(as_of=AS_OF, attributes=("gender",)))
    assert [k for k in only_gender.diversity if k.startswith("attributes.")] == ["attributes.gender"]
    shared = analyze(portfolio(*people, shared_attributes=frozenset({"geography"})), SETTINGS)
    assert [k for k in shared.diversity if k.startswith("attributes.")] == ["attributes.geography"]


def test_ei_index():
    assert ei_index(outside=3, inside=1) == pytest.approx(0.5)
    assert ei_index(outside=0, inside=4) == -1
    assert ei_index(outside=2, inside=2) == 0
    assert ei_index(0, 0) is None
    people = [person("a", inside=True), person("b", inside=False), person("c", inside=False),
              person("d", inside=False), person("e")]
    a = analyze(portfolio(*people), SETTINGS)
    assert a.ei_index == pytest.approx(0.5)
    assert (a.inside_outside.inside, a.inside_outside.outside, a.inside_outside.unknown) == (1, 3, 1)


# --- range, strength, balance, redundancy, influence -----------------------------------------


def test_range_reads_low_or_high():
    low = analyze(portfolio(person("a", social_system="institution"), person("b", social_system="institution"),
                            person("c", social_system="industry")), SETTINGS)
    assert low.range == 2 and low.range_reading == "low"
    high = analyze(portfolio(person("a", social_system="institution"), person("b", social_system="funders"),
                             person("c", social_system="industry")), SETTINGS)
    assert high.range == 3 and high.range_reading == "high"
    assert analyze(portfolio(person("a", social_system="institution"), person("b", social_system="industry")),
                   AnalysisSettings(as_of=AS_OF, range_high_min=2)).range_reading == "high"


def test_strength_counts_every_term():
    a = analyze(portfolio(person("a", closeness="close"), person("b", closeness="close"),
                          person("c", closeness="distant"), person("d")), SETTINGS)
    assert a.strength == {"close": 2, "moderate": 0, "distant": 1}
    assert a.strength_unspecified == 1
    assert a.strength_reading == "strong"
    assert a.to_json()["strength"] == {"close": 2, "moderate": 0, "distant": 1}


def test_balance_and_empty_core_roles():
    a = analyze(portfolio(person("a", support=("job", "career"), purposes=("operational",), knowing=("how",),
                                 roles=("skills", "sponsor")),
                          person("b", support=("job",), roles=("peer",))), SETTINGS)
    assert a.balance["support"] == {"job": 2, "career": 1, "personal": 0}
    assert a.balance["purposes"] == {"operational": 1, "personal": 0, "strategic": 0}
    assert a.balance["knowing"] == {"why": 0, "how": 1, "whom": 0}
    assert a.balance["roles"]["skills"] == 1 and a.balance["roles"]["coach"] == 0
    assert set(a.balance["roles"]) == set(v.ROLES.ids)
    assert a.empty_core_roles == ("developmental", "work-life", "mentee")


def test_redundancy_needs_same_support_and_a_tie():
    people = [person("a", support=("job",), knows=("b", "c")), person("b", support=("job",)),
              person("c", support=("personal",)), person("d", support=("job",))]
    a = analyze(portfolio(*people), SETTINGS)
    assert [(g.support, g.people) for g in a.redundancy] == [("job", ("a", "b"))]
    assert a.to_json()["redundant_pairs"] == {"job": 1, "career": 0, "personal": 0}
    none = analyze(portfolio(person("a", support=("job",)), person("b", support=("job",))), SETTINGS)
    assert none.redundancy == ()


def test_redundancy_finds_groups_where_everyone_knows_everyone():
    people = [person("a", support=("career",), knows=("b", "c")), person("b", support=("career",), knows=("c",)),
              person("c", support=("career",)), person("d", support=("career",), knows=("c",))]
    groups = {g.people for g in analyze(portfolio(*people), SETTINGS).redundancy}
    assert groups == {("a", "b", "c"), ("c", "d")}


def test_influence():
    a = analyze(portfolio(person("a", influence="high"), person("b", influence="low"),
                          person("c", influence="high")), SETTINGS)
    assert a.influential == ("a", "c")
    assert a.to_json()["influence"]["count"] == 2
    assert a.to_json()["influence"]["people"] == ["a", "c"]


# --- the four traps ------------------------------------------------------------------------------


def detected(p: Portfolio, settings: AnalysisSettings = SETTINGS) -> list[str]:
    return analyze(p, settings).to_json()["traps"]


def clique(ids, **fields) -> list[Person]:
    return [person(i, knows=tuple(j for j in ids if j != i), **fields) for i in ids]


def test_echo_chamber_shown():
    a = analyze(portfolio(*clique(["a", "b", "c", "d", "e"], inside=True)), SETTINGS)
    trap = a.trap["echo-chamber"]
    assert trap.detected
    assert "All 5 people" in trap.evidence and "inside your organisation" in trap.evidence
    assert "100%" in trap.evidence
    assert trap.advice


def test_echo_chamber_not_shown_when_outside_or_sparse():
    outside = clique(["a", "b", "c"], inside=True) + clique(["d", "e", "f"], inside=False)
    assert "echo-chamber" not in detected(portfolio(*outside))
    sparse = [person(i, inside=True) for i in "abcde"]
    assert "echo-chamber" not in detected(portfolio(*sparse))


def test_birds_of_a_feather_shown():
    people = [person(i, seniority="senior", attributes={"discipline": "statistics"}) for i in "abcd"]
    trap = analyze(portfolio(*people), SETTINGS).trap["birds-of-a-feather"]
    assert trap.detected
    assert "all 4 have the same seniority (senior)" in trap.evidence.lower()
    assert "all 4 have the same discipline (statistics)" in trap.evidence.lower()
    assert trap.figures["mean_iqv"] == 0


def test_birds_of_a_feather_not_shown():
    people = [person("a", seniority="senior", attributes={"discipline": "statistics"}),
              person("b", seniority="peer", attributes={"discipline": "sociology"}),
              person("c", seniority="junior", attributes={"discipline": "medicine"})]
    assert "birds-of-a-feather" not in detected(portfolio(*people))


def test_network_lag_shown():
    goals = [Goal(id="fellowship", text="Win a fellowship", needs=("career", "sponsor", "strategic", "whom"))]
    people = [person(i, support=("job",), purposes=("operational",), since=dt.date(2015, 1, 1)) for i in "abc"]
    trap = analyze(portfolio(*people, goals=goals), SETTINGS).trap["network-lag"]
    assert trap.detected
    assert set(trap.figures["signals"]) == {"coverage", "strategic", "old"}
    assert "none of the 4 needs" in trap.evidence.lower()
    assert "more than 5 years" in trap.evidence


def test_network_lag_not_shown():
    goals = [Goal(id="fellowship", text="Win a fellowship", needs=("career", "strategic"))]
    people = [person("a", support=("career",), purposes=("strategic",), since=dt.date(2025, 1, 1)),
              person("b", support=("job",), purposes=("operational",), since=dt.date(2024, 1, 1))]
    assert "network-lag" not in detected(portfolio(*people, goals=goals))


def test_pigeonholing_shown():
    people = [person(i, support=("job",), purposes=("operational",)) for i in "abcd"]
    trap = analyze(portfolio(*people), SETTINGS).trap["pigeonholing"]
    assert trap.detected
    assert "100%" in trap.evidence and "0 of 4 people support your career" in trap.evidence


def test_pigeonholing_not_shown():
    people = [person("a", support=("job",)), person("b", support=("career",), purposes=("strategic",)),
              person("c", support=("personal",))]
    assert "pigeonholing" not in detected(portfolio(*people))


def test_trap_thresholds_come_from_settings():
    people = clique(["a", "b", "c"], inside=True) + [person("d", inside=False)]
    assert "echo-chamber" in detected(portfolio(*people))  # 75% inside, density 0.5
    strict = AnalysisSettings(as_of=AS_OF, echo_min_inside_share=0.8)
    assert "echo-chamber" not in detected(portfolio(*people), strict)


def test_every_trap_is_reported_with_evidence():
    a = analyze(portfolio(*star(3)), SETTINGS)
    assert [t.id for t in a.traps] == ["echo-chamber", "birds-of-a-feather", "network-lag", "pigeonholing"]
    assert all(t.label and t.evidence and t.advice for t in a.traps)


# --- gaps and prospects ---------------------------------------------------------------------------


GOALS = [Goal(id="paper", text="Submit the paper", needs=("job", "how")),
         Goal(id="group", text="Lead a group", needs=("strategic", "coach", "whom"))]


def test_gaps_match_needs_to_providers():
    people = [person("a", support=("job",)), person("b", knowing=("how",), roles=("connector",)),
              person("c", purposes=("strategic",)), person("gone", roles=("coach",), until=dt.date(2026, 3, 1))]
    a = analyze(portfolio(*people, goals=GOALS), SETTINGS)
    paper, group = a.gaps
    assert {m.need: m.providers for m in paper.needs} == {"job": ("a",), "how": ("b",)}
    assert paper.unmet == ()
    assert {m.need: m.providers for m in group.needs} == {"strategic": ("c",), "coach": (), "whom": ()}
    assert group.unmet == ("coach", "whom")
    assert a.unmet_needs == ("coach", "whom")
    data = a.to_json()["gaps"]
    assert data["unmet"] == ["coach", "whom"]
    assert data["goals"][1]["needs"]["coach"] == []


def test_prospects_ranked_by_what_they_would_add():
    people = [person("a", support=("job",), knowing=("how",), inside=True, seniority="senior",
                     social_system="institution"),
              person("b", purposes=("strategic",), inside=True, seniority="senior", social_system="institution")]
    prospects = [
        Prospect(id="coach-x", name="Coach X", stage="identified", needs=("coach",), roles=("coach",),
                 inside=False, seniority="peer", social_system="professional-bodies", via="a"),
        Prospect(id="connector-y", name="Connector Y", stage="conversation", needs=("whom", "coach"),
                 inside=False, seniority="junior", social_system="industry"),
        Prospect(id="same-z", name="Same Z", stage="approached", inside=True, seniority="senior",
                 social_system="institution"),
        Prospect(id="no-thanks", name="No Thanks", stage="declined", needs=("coach", "whom")),
    ]
    a = analyze(portfolio(*people, goals=GOALS, prospects=prospects), SETTINGS)
    ranking = [r.prospect for r in a.prospects]
    assert ranking == ["connector-y", "coach-x", "same-z"]  # declined left out
    best, second, last = a.prospects
    assert best.closes == ("coach", "whom") and best.goals == ("group",)
    assert second.closes == ("coach",)
    assert last.closes == ()
    assert second.via == "a" and best.via is None
    assert second.changes["range"].before == 1 and second.changes["range"].after == 2
    assert last.changes["range"].delta == 0
    assert second.changes["ei_index"].before == -1
    assert second.changes["ei_index"].after == pytest.approx(-1 / 3)
    assert second.changes["seniority"].before == 0
    assert second.changes["seniority"].after == pytest.approx(1 - (4 + 1) / 9)
    # tied to a: 3 people, 1 tie -> 3 - 2/3; connector-y has no tie -> 3
    assert second.changes["effective_size"].after == pytest.approx(3 - 2 / 3)
    assert best.changes["effective_size"].after == pytest.approx(3)
    assert best.score > second.score > last.score
    data = a.to_json()["prospects"]
    assert data[0]["id"] == "connector-y" and data[0]["closes"] == ["coach", "whom"]
    no_nan(data)


def test_prospect_backing_up_a_thin_need_ranks_above_one_adding_nothing():
    goals = [Goal(id="fellowship", text="Fellowship", needs=("sponsor",))]
    people = [person("a", roles=("sponsor",)), person("b")]
    prospects = [Prospect(id="nothing", name="A Nothing", stage="identified"),
                 Prospect(id="sponsor-2", name="B Sponsor", stage="identified", roles=("sponsor",))]
    a = analyze(portfolio(*people, goals=goals, prospects=prospects), SETTINGS)
    assert a.thin_needs == {"sponsor": ("a",)}
    assert [r.prospect for r in a.prospects] == ["sponsor-2", "nothing"]
    assert a.prospects[0].strengthens == ("sponsor",)


def test_prospect_already_in_network_changes_nothing():
    prospects = [Prospect(id="a", name="A", stage="mentoring", needs=("coach",))]
    a = analyze(portfolio(person("a"), person("b"), goals=GOALS, prospects=prospects), SETTINGS)
    (rank,) = a.prospects
    assert rank.in_network and rank.closes == () and rank.changes["effective_size"].delta == 0


def test_prospects_on_an_empty_network():
    prospects = [Prospect(id="x", name="X", needs=("coach",), inside=False, social_system="industry")]
    a = analyze(portfolio(goals=GOALS, prospects=prospects), SETTINGS)
    (rank,) = a.prospects
    assert rank.closes == ("coach",)
    assert rank.changes["ei_index"].before is None and rank.changes["ei_index"].after == 1
    assert math.isfinite(rank.score)
    no_nan(a.to_json())


# --- audit ------------------------------------------------------------------------------------------


def test_audit_compares_latest_with_previous():
    people = [person("a", inside=True, social_system="institution"),
              person("b", inside=True, social_system="institution"),
              person("c", inside=False, social_system="industry")]
    audits = [Audit(date=dt.date(2026, 6, 1), core=("b", "c", "unknown-person")),
              Audit(date=dt.date(2025, 12, 1), core=("a", "b"))]
    change = analyze(portfolio(*people, audits=audits), SETTINGS).audit
    assert change.latest.date == dt.date(2026, 6, 1)
    assert change.core == ("b", "c")  # only people this portfolio knows
    assert change.entered == ("c",) and change.left == ("a",) and change.stayed == ("b",)
    assert change.inside_share == pytest.approx(0.5) and change.previous_inside_share == 1
    assert (change.systems, change.previous_systems) == (2, 1)


def test_no_audit():
    assert analyze(portfolio(person("a")), SETTINGS).audit is None


# --- output -------------------------------------------------------------------------------------------


def test_json_has_the_contract_keys():
    data = analyze(portfolio(*star(3, inside=True, seniority="peer", closeness="close",
                                    social_system="institution")), SETTINGS).to_json()
    for key in ("size", "density", "effective_size", "efficiency", "constraint", "range", "ei_index",
                "diversity", "iqv", "balance", "strength", "influence", "traps", "gaps"):
        assert key in data, key
    assert set(data["balance"]) == {"support", "purposes", "knowing", "roles"}
    assert set(data["traps"]) <= {"echo-chamber", "birds-of-a-feather", "network-lag", "pigeonholing"}
    no_nan(data)


def test_summary_text_names_people_and_traps():
    people = [person(i, inside=True, support=("job",), name=f"Person {i.upper()}") for i in "abc"]
    people[0] = person("a", inside=True, support=("job",), influence="high", name="Person A",
                       knows=("b", "c"))
    p = portfolio(*people)
    text = summary_text(analyze(p, SETTINGS), p)
    assert "Person A" in text
    assert "Pigeonholing" in text and "[!]" in text


def test_settings_from_mapping():
    settings = AnalysisSettings.from_mapping({"range_high_min": 4, "attributes": ["gender"],
                                              "as_of": "2026-01-01", "prospect_weights": {"needs": 5}})
    assert settings.range_high_min == 4 and settings.attributes == ("gender",)
    assert settings.as_of == dt.date(2026, 1, 1) and settings.prospect_weights.needs == 5
    with pytest.raises(ValueError, match="range_hihg_min"):
        AnalysisSettings.from_mapping({"range_hihg_min": 4})


# --- the analysis and audit pages ---------------------------------------------------------------


def render(template: str, p: Portfolio) -> str:
    from mentornet.site import pages
    site = pages.Site(p, analyze(p, SETTINGS), AS_OF, "owner", lambda name: f"<!-- diagram {name} -->")
    return site.render(pages.environment(), pages.PageSpec(template, template, template))


@pytest.mark.parametrize("template", ["analysis.md", "audit.md"])
def test_pages_render_for_empty_and_one_person_portfolios(template):
    for p in (portfolio(), portfolio(person("solo")),
              portfolio(person("solo"), audits=[Audit(date=AS_OF, core=("solo",))])):
        text = render(template, p)
        assert text.startswith("---\ntitle: ")
        assert not re.search(r"\bnan\b", text, re.IGNORECASE)


def test_analysis_page_shows_traps_gaps_and_prospects_with_escaped_names():
    people = clique(["a", "b", "c", "d"], inside=True, support=("job",), purposes=("operational",))
    people[0] = person("a", name="<script>x</script> *Bold*", inside=True, support=("job",),
                       influence="high", knows=("b", "c", "d"))
    prospects = [Prospect(id="coach-x", name="Coach [X]", needs=("coach",), via="a")]
    text = render("analysis.md", portfolio(*people, goals=GOALS, prospects=prospects))
    assert '!!! warning "Echo chamber: detected"' in text
    assert '!!! warning "Pigeonholing: detected"' in text
    assert '!!! success "Birds of a feather: not detected"' in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "Coach \\[X\\]" in text
    assert "**nobody yet**" in text
    for name in ("map", "roles", "range"):
        assert f"<!-- diagram {name} -->" in text


def test_audit_page_sets_latest_against_previous():
    people = [person("a", name="Ann"), person("b", name="Bea"), person("c", name="Cy")]
    audits = [Audit(date=dt.date(2025, 12, 1), core=("a", "b"), weaknesses=("Echo chamber",)),
              Audit(date=dt.date(2026, 6, 1), core=("b", "c", "hidden"), strengths=("More range",))]
    text = render("audit.md", portfolio(*people, audits=audits))
    assert "**Entered the core** (1): [Cy]" in text
    assert "**Left the core** (1): [Ann]" in text
    assert "hidden" not in text
    assert "More range" in text and "Echo chamber" in text
