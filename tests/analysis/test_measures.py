"""The measures, specified by reference values: hand formulas on small portfolios, and networkx.

Structural measures are checked against values any network text gives for a star and a
complete graph, against Borgatti's (1997) structural-holes example as encoded in networkx's
own tests (networkx/algorithms/tests/test_structuralholes.py), and, for the weighted
constraint, hierarchy and components, against networkx computed independently here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

import networkx as nx
import pytest

from mentornet.analysis import (AnalysisSettings, analyze, blau, ego_constraint, ei_index, iqv, structure)
from mentornet.analysis.measures import diversity_of, effective_size, field_value
from mentornet.core import vocabulary as v
from tests.analysis.build import AS_OF, SETTINGS, person, portfolio, star


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


@pytest.mark.parametrize("seed", range(5))
def test_effective_size_matches_networkx_on_random_graphs(seed):
    graph = nx.gnp_random_graph(15, 0.3, seed=seed)
    graph.add_edge(3, 3)  # a loop is no contact
    graph.add_node("isolated")
    for node in graph:
        expected = nx.effective_size(graph, nodes=[node])[node]
        found = effective_size(graph, node)
        assert found == expected or (found is None and math.isnan(expected))


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


def test_diversity_is_blau_and_iqv_of_each_persons_field_value():
    people = [person("a", seniority="senior", inside=True, organisation="Uni", attributes={"gender": "woman"}),
              person("b", seniority="senior", inside=False, organisation=""),
              person("c", inside=None, organisation="Lab", attributes={"gender": ""}),
              person("d", seniority="junior", inside=True, organisation="Uni")]
    for name in ("seniority", "inside", "organisation", "attributes.gender"):
        values = [field_value(p, name) for p in people]
        found = diversity_of(people, name, portfolio(*people))
        assert found.n == len([x for x in values if x is not None])
        assert found.counts == dict(sorted(Counter(x for x in values if x is not None).items(),
                                           key=lambda item: (-item[1], item[0])))
        assert (found.blau, found.iqv) == (blau(values), iqv(values, found.k))
    assert diversity_of(people, "inside", portfolio(*people)).counts == {"true": 2, "false": 1}


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


# --- constraint with ties weighted by closeness, its shares, Burt's hierarchy ----------------------

WEIGHT = {"close": 3, "moderate": 2, "distant": 1, None: 1}


def reference_graph(people) -> nx.Graph:
    """The ego network as the issue defines it, built by hand for networkx."""
    graph = nx.Graph()
    ids = {p.id for p in people}
    for p in people:
        graph.add_edge("ME", p.id, weight=WEIGHT[p.closeness])
    for p in people:
        for other in p.knows:
            if other in ids:
                graph.add_edge(p.id, other, weight=1)
    return graph


def reference_hierarchy(graph: nx.Graph) -> float | None:
    parts = {j: nx.local_constraint(graph, "ME", j, weight="weight") for j in graph["ME"]}
    n, total = len(parts), sum(parts.values())
    if n < 2:
        return None
    return sum((c / (total / n)) * math.log(c / (total / n)) for c in parts.values()) / (n * math.log(n))


def test_weighted_constraint_by_hand_on_a_star_of_two():
    # you–a close (3), you–b distant (1), no tie between them: p(me,a) = 3/4, p(me,b) = 1/4
    a = analyze(portfolio(person("a", closeness="close"), person("b", closeness="distant")), SETTINGS)
    assert a.constraint_weighted == pytest.approx((3 / 4) ** 2 + (1 / 4) ** 2)
    assert a.constraint_share == pytest.approx({"a": 0.9, "b": 0.1})
    # r = 2·share: 1.8 and 0.2; H = (1.8 ln 1.8 + 0.2 ln 0.2) / (2 ln 2)
    assert a.hierarchy == pytest.approx((1.8 * math.log(1.8) + 0.2 * math.log(0.2)) / (2 * math.log(2)))
    assert a.constraint == pytest.approx(0.5)  # the unweighted one is unchanged


def test_weighted_constraint_with_a_tie_among_your_people_by_hand():
    # you–a close 3, you–b moderate 2, a–b 1. p(me,a)=3/5, p(me,b)=2/5; p(a,b)=1/4, p(b,a)=1/3
    people = [person("a", closeness="close", knows=("b",)), person("b", closeness="moderate")]
    a = analyze(portfolio(*people), SETTINGS)
    c_a = (3 / 5 + 2 / 5 * 1 / 3) ** 2
    c_b = (2 / 5 + 3 / 5 * 1 / 4) ** 2
    assert a.constraint_weighted == pytest.approx(c_a + c_b)
    assert a.constraint_share["a"] == pytest.approx(c_a / (c_a + c_b))


def test_unknown_closeness_weighs_like_distant():
    unknown = analyze(portfolio(person("a", closeness="close"), person("b")), SETTINGS)
    distant = analyze(portfolio(person("a", closeness="close"), person("b", closeness="distant")), SETTINGS)
    assert unknown.constraint_weighted == pytest.approx(distant.constraint_weighted)


@pytest.mark.parametrize("seed", range(6))
def test_weighted_constraint_shares_and_hierarchy_match_networkx(seed):
    import random

    rng = random.Random(seed)
    ids = [f"p{i}" for i in range(rng.randint(2, 14))]
    people = [person(i, closeness=rng.choice(["close", "moderate", "distant", None]),
                     knows=tuple(j for j in ids if j > i and rng.random() < 0.3)) for i in ids]
    graph = reference_graph(people)
    a = analyze(portfolio(*people), SETTINGS)
    expected = nx.constraint(graph, ["ME"], weight="weight")["ME"]
    assert a.constraint_weighted == pytest.approx(expected)
    for j in ids:
        assert a.constraint_share[j] == pytest.approx(nx.local_constraint(graph, "ME", j, weight="weight") / expected)
    assert sum(a.constraint_share.values()) == pytest.approx(1)
    assert a.hierarchy == pytest.approx(reference_hierarchy(graph))
    data = a.to_json()
    assert abs(data["constraint_weighted"] - expected) < 0.005
    assert abs(sum(data["constraint_share"].values()) - 1) < 0.005


def test_hierarchy_is_zero_when_constraint_is_even_and_undefined_below_two():
    assert analyze(portfolio(*star(4, closeness="close")), SETTINGS).hierarchy == pytest.approx(0)
    one = analyze(portfolio(person("solo", closeness="close")), SETTINGS)
    assert one.hierarchy is None and one.constraint_share == {"solo": 1.0}
    empty = analyze(portfolio(), SETTINGS).to_json()
    assert empty["constraint_weighted"] is None and empty["constraint_share"] == {} and empty["hierarchy"] is None


# --- multiplexity, separate groups, strength by kind of support ----------------------------------


def test_multiplexity_counts_people_giving_two_or_more_kinds_of_support():
    people = [person("a", support=("job", "career")), person("b", support=("job",)),
              person("c", support=("job", "career", "personal")), person("d")]
    data = analyze(portfolio(*people), SETTINGS).to_json()
    assert data["multiplexity"]["count"] == 2 and data["multiplexity"]["share"] == 0.5
    assert analyze(portfolio(), SETTINGS).to_json()["multiplexity"] == {"count": 0, "share": None, "people": []}


@pytest.mark.parametrize("seed", range(5))
def test_components_match_networkx_with_you_left_out(seed):
    import random

    rng = random.Random(seed)
    ids = [f"p{i}" for i in range(rng.randint(1, 15))]
    people = [person(i, knows=tuple(j for j in ids if j > i and rng.random() < 0.15)) for i in ids]
    graph = reference_graph(people)
    graph.remove_node("ME")
    assert analyze(portfolio(*people), SETTINGS).to_json()["components"] == nx.number_connected_components(graph)


def test_components_isolates_are_groups_and_nobody_is_none():
    people = [person("a", knows=("b",)), person("b"), person("c"), person("d")]
    assert analyze(portfolio(*people), SETTINGS).components == 3
    assert analyze(portfolio(), SETTINGS).components == 0


def test_strength_by_kind_of_support_and_the_exercise_grid():
    people = [person("a", support=("career",), closeness="close"), person("b", support=("career", "job")),
              person("c", support=("career",), closeness="distant"), person("d", support=("personal",))]
    a = analyze(portfolio(*people), SETTINGS)
    assert a.strength_by_support["career"] == {"close": 1, "moderate": 0, "distant": 1, "unknown": 1}
    assert a.grid["career"]["close"] == ("a",) and a.grid["job"]["unknown"] == ("b",)
    assert a.grid["job"]["close"] == () and a.grid["personal"]["unknown"] == ("d",)  # empty cells are there
    assert a.to_json()["strength_by_support"]["career"]["distant"] == 1
