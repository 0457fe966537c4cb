"""The established measures of an ego network, as pure functions of people and ties.

You are the *ego*; your people are the *alters*. A measure that means nothing for the network
at hand (no people, one person) is ``None``, never NaN and never an exception.

- density, effective size, efficiency, constraint and hierarchy: Burt (1992), *Structural
  Holes*; constraint is computed twice, unweighted and with your ties weighted by closeness;
- heterogeneity: Blau (1977), with the index of qualitative variation (IQV) of Agresti &
  Agresti (1978), which scales Blau's index by its maximum for k categories;
- inside versus outside: the E-I index of Krackhardt & Stern (1988);
- multiplexity (people who give more than one kind of support) and separate groups
  (connected components with you left out): the standard ego-network descriptions.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Hashable, Iterable, Optional, Sequence, Union

from mentornet.analysis.settings import AnalysisSettings, TieWeights
from mentornet.core import vocabulary as v
from mentornet.core.model import Person, Portfolio, Prospect, Record

if TYPE_CHECKING:  # networkx is imported when the structure is measured: a cached build never is
    import networkx as nx

#: The ego's node in the graphs below; no person id can be empty, so it never collides.
EGO = ""

#: Fields of a person whose diversity is measured, with the vocabulary that fixes k (None:
#: a free field, where k is the number of categories observed).
CATEGORICAL_FIELDS: dict[str, Optional[v.Vocabulary]] = {
    "seniority": v.SENIORITY,
    "closeness": v.CLOSENESS,
    "inside": None,  # two categories, see _k_for
    "organisation": None,
    "social_system": v.SOCIAL_SYSTEMS,  # replaced by the portfolio's own, with custom systems
}

#: Titles of the fields that have no vocabulary of their own.
FREE_FIELD_TITLES = {"inside": "Inside or outside your organisation", "organisation": "Organisation"}

ATTRIBUTE_PREFIX = "attributes."

DEFAULT_TIE_WEIGHTS = TieWeights()


def clean(value: Optional[float]) -> Optional[float]:
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    return float(value)


# --- heterogeneity -----------------------------------------------------------------------


def blau(values: Iterable[Hashable]) -> Optional[float]:
    """Blau's (1977) heterogeneity, 1 − Σp²: the chance two people drawn at random differ.

    ``None`` values are left out; fewer than two known values give ``None`` (one person has
    no spread to measure).
    """
    return _blau(Counter(value for value in values if value is not None))


def _blau(counts: Counter) -> Optional[float]:
    """:func:`blau` of values already counted (in the order they first came)."""
    n = sum(counts.values())
    if n < 2:
        return None
    return 1.0 - sum((count / n) ** 2 for count in counts.values())


def iqv(values: Iterable[Hashable], k: Optional[int] = None) -> Optional[float]:
    """Agresti & Agresti's (1978) index of qualitative variation: Blau × k/(k−1), so 1 means
    as even as k categories allow.

    ``k`` is the number of possible categories; ``None`` (a free field such as an organisation)
    counts the categories observed, and at least two, since a free field could always hold
    another value: everyone in one discipline has an IQV of 0, not an undefined one.
    Undefined (``None``) when Blau is, or when k < 2.
    """
    values = [value for value in values if value is not None]
    if k is None:
        k = max(len(set(values)), 2)
    return _iqv(blau(values), k)


def _iqv(index: Optional[float], k: int) -> Optional[float]:
    """:func:`iqv` from Blau's index and the number of categories."""
    return None if index is None or k < 2 else index * k / (k - 1)


def ei_index(outside: int, inside: int) -> Optional[float]:
    """Krackhardt & Stern's (1988) E-I index, (E − I)/(E + I), in its ego-network form.

    E counts what crosses a boundary, I what stays within it: here E is the number of people
    outside your organisation (or unlike you, see ``homophily``), I the number inside (like
    you). −1: all inside; +1: all outside. ``None`` when nobody's side is known.
    """
    total = outside + inside
    return None if total == 0 else (outside - inside) / total


@dataclass(frozen=True)
class Diversity:
    """One field's spread over its categories (Blau 1977; Agresti & Agresti 1978)."""

    field: str
    title: str
    #: People per category, among people with a value; most common first.
    counts: dict[str, int]
    #: People with a value.
    n: int
    #: Number of possible categories (the vocabulary's, or those observed for free fields, at least 2).
    k: int
    blau: Optional[float]
    iqv: Optional[float]

    @property
    def dominant(self) -> Optional[str]:
        return next(iter(self.counts), None)

    @property
    def dominant_share(self) -> Optional[float]:
        return self.dominant_count / self.n if self.n else None

    @property
    def dominant_count(self) -> int:
        """How many share the most common category (the counts are largest first)."""
        return next(iter(self.counts.values()), 0)

    def label(self, category: str) -> str:
        vocabulary = CATEGORICAL_FIELDS.get(self.field)
        if self.field == "inside":
            return "inside" if category == "true" else "outside"
        return vocabulary.label(category) if vocabulary else category


def field_value(record: Record, name: str) -> Optional[str]:
    """A person's (or the profile's) value of a field as text; ``None`` when not given."""
    if name.startswith(ATTRIBUTE_PREFIX):
        attributes = getattr(record, "attributes", {}) or {}
        value = attributes.get(name[len(ATTRIBUTE_PREFIX):])
        return None if value in (None, "") else str(value)
    value = getattr(record, name, None)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _values(people: Sequence[Person], name: str) -> list[str]:
    """The people's known values of a field: :func:`field_value` of each, but a plain field is
    read without a call per person (the history measures every point of its chart)."""
    if name.startswith(ATTRIBUTE_PREFIX):
        return [value for value in (field_value(person, name) for person in people) if value is not None]
    known = []
    for person in people:
        value = getattr(person, name, None)
        if value is None or value == "":
            continue
        if value.__class__ is str:
            known.append(value)
        elif isinstance(value, bool):
            known.append("true" if value else "false")
        else:
            known.append(str(value))
    return known


def attribute_names(portfolio: Portfolio, people: Sequence[Person], settings: AnalysisSettings) -> list[str]:
    """The attribute keys whose diversity is measured, never one this audience may not see."""
    present: dict[str, None] = {}
    for person in people:
        for key in person.attributes:
            present.setdefault(key, None)
    names = list(present) if settings.attributes is None else list(settings.attributes)
    if portfolio.shared_attributes is not None:
        names = [name for name in names if name in portfolio.shared_attributes]
    return names


def field_title(name: str, portfolio: Portfolio) -> str:
    if name.startswith(ATTRIBUTE_PREFIX):
        return name[len(ATTRIBUTE_PREFIX):].replace("_", " ").replace("-", " ").capitalize()
    if name == "social_system":
        return portfolio.social_systems.title
    vocabulary = CATEGORICAL_FIELDS.get(name)
    return vocabulary.title if vocabulary else FREE_FIELD_TITLES[name]


def _k_for(name: str, portfolio: Portfolio, observed: int) -> int:
    if name == "inside":
        return 2
    if name == "social_system":
        return len(portfolio.social_systems.terms)
    vocabulary = CATEGORICAL_FIELDS.get(name)
    return len(vocabulary.terms) if vocabulary is not None else max(observed, 2)


def diversity_of(people: Sequence[Person], name: str, portfolio: Portfolio) -> Diversity:
    """Blau and IQV of one field over the people who have a value for it."""
    known = _values(people, name)
    found = Counter(known)  # counted once for the counts, Blau and IQV (the history asks for each commit)
    counts = dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))
    k = _k_for(name, portfolio, len(counts))
    index = _blau(found)
    return Diversity(name, field_title(name, portfolio), counts, len(known), k, index, _iqv(index, k))


@dataclass(frozen=True)
class InsideOutside:
    """Krackhardt & Stern's (1988) E-I index over inside and outside your organisation."""

    inside: int
    outside: int
    unknown: int
    index: Optional[float]


def inside_outside(people: Sequence[Person]) -> InsideOutside:
    inside = sum(1 for person in people if person.inside is True)
    outside = sum(1 for person in people if person.inside is False)
    return InsideOutside(inside, outside, len(people) - inside - outside, ei_index(outside, inside))


def systems(people: Sequence[Person]) -> dict[str, int]:
    """Distinct social systems, most common first, with their counts (the network's range)."""
    counts = Counter(person.social_system for person in people if person.social_system)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


# --- structure -----------------------------------------------------------------------------


def ego_graph(people: Sequence[str], ties: Iterable[tuple[str, str]],
              weights: Optional[dict[str, float]] = None, among: float = 1.0) -> nx.Graph:
    """Your ego network: you, tied to every person, plus the ties among them.

    With ``weights`` (person id → weight of your tie), every edge has a ``weight``: yours
    from ``weights``, those among your people ``among``.
    """
    import networkx as nx

    graph = nx.Graph()
    graph.add_node(EGO)
    members = set(people)
    for person in people:
        graph.add_edge(EGO, person, weight=(weights or {}).get(person, 1.0))
    graph.add_edges_from((a, b, {"weight": among}) for a, b in ties if a in members and b in members and a != b)
    return graph


@dataclass(frozen=True)
class Structure:
    """Burt's (1992) measures of an ego network, with density among the alters."""

    size: int
    ties: int
    density: Optional[float]
    effective_size: Optional[float]
    efficiency: Optional[float]
    constraint: Optional[float]


def structure(people: Sequence[str], ties: Iterable[tuple[str, str]]) -> Structure:
    """Density (ties among people / possible pairs), and Burt's effective size, efficiency
    (effective size / size) and constraint for you, unweighted (see ``weighted_constraint``).

    Density needs two people; the others need one.
    """
    graph = ego_graph(people, ties)
    n = len(people)
    alter_ties = graph.number_of_edges() - n
    if n == 0:
        return Structure(0, 0, None, None, None, None)
    effective = clean(effective_size(graph, EGO))
    constraint = clean(ego_constraint(graph, EGO))
    efficiency = None if effective is None else effective / n
    return Structure(n, alter_ties, density(n, alter_ties), effective, efficiency, constraint)


def effective_size(graph: nx.Graph, ego: str) -> Optional[float]:
    """Burt's effective size of ``ego`` in an undirected, unweighted graph, by Borgatti's (1997)
    formula: contacts − 2 · ties among them / contacts (``None`` without contacts, where
    networkx gives NaN).

    The value ``networkx.effective_size`` gives (the tests check it), without its copy of the
    whole ego network and its import of numpy."""
    contacts = set(graph[ego]) - {ego}
    if not contacts:
        return None
    among = {frozenset((a, b)) for a in contacts for b in graph[a] if b in contacts}
    return len(contacts) - (2 * len(among)) / len(contacts)


def density(people: int, ties: int) -> Optional[float]:
    """Ties among people over the pairs they could form; undefined below two people."""
    return None if people < 2 else ties / (people * (people - 1) / 2)


def constraint_terms(graph: nx.Graph, ego: str, weight: Optional[str] = None) -> dict[str, float]:
    """Each contact j's part of Burt's (1992) constraint on ``ego``: (p_ej + Σ_q p_eq·p_qj)²,
    over ego's other contacts q, where p_xy is x's tie to y over all of x's ties (its weight
    over the sum of x's weights; 1/degree unweighted).

    The same values as ``networkx.local_constraint`` (the tests check it), but in time linear
    in the ties, where networkx's grows with the square of ego's contacts.
    """
    contacts = set(graph[ego])

    def w(x: str, y: str) -> float:
        return float(graph[x][y].get(weight, 1.0)) if weight else 1.0

    totals = {node: sum(w(node, other) for other in graph[node]) for node in contacts | {ego}}
    terms = {}
    for j in contacts:
        indirect = sum(w(ego, q) / totals[ego] * w(q, j) / totals[q] for q in graph[j] if q in contacts)
        terms[j] = (w(ego, j) / totals[ego] + indirect) ** 2
    return terms


def ego_constraint(graph: nx.Graph, ego: str, weight: Optional[str] = None) -> Optional[float]:
    """Burt's constraint on ``ego``: the sum of ``constraint_terms``; ``None`` with no contacts."""
    terms = constraint_terms(graph, ego, weight)
    return sum(terms.values()) if terms else None


@dataclass(frozen=True)
class Constraint:
    """Constraint with your ties weighted by closeness, and who carries how much of it."""

    value: Optional[float]
    #: Person id → their part of the constraint over the whole; sums to 1.
    shares: dict[str, float]
    #: Burt's hierarchy: how far the constraint rests on one person (0 even, 1 on one).
    hierarchy: Optional[float]


def weighted_constraint(people: Sequence[Person], ties: Iterable[tuple[str, str]],
                        weights: TieWeights = DEFAULT_TIE_WEIGHTS) -> Constraint:
    """Burt's constraint and hierarchy with your tie to each person weighted by closeness.

    Hierarchy (Burt 1992): H = Σ_j r_j·ln r_j / (N·ln N), with r_j = c_j / (C/N) the ratio of
    contact j's part c_j to the mean part; undefined below two people.
    """
    ids = [p.id for p in people]
    if not ids:
        return Constraint(None, {}, None)
    graph = ego_graph(ids, ties, {p.id: weights.of(p.closeness) for p in people}, weights.among)
    terms = constraint_terms(graph, EGO, "weight")
    total = sum(terms.values())
    shares = {person_id: terms[person_id] / total for person_id in ids}
    return Constraint(clean(total), shares, hierarchy(list(terms.values())))


def hierarchy(terms: Sequence[float]) -> Optional[float]:
    """Burt's (1992) hierarchy of constraint parts; ``None`` below two contacts or no constraint."""
    n, total = len(terms), sum(terms)
    if n < 2 or total <= 0:
        return None
    ratios = [term / (total / n) for term in terms]
    return clean(sum(r * math.log(r) for r in ratios if r > 0) / (n * math.log(n)))


def components(people: Sequence[str], ties: Iterable[tuple[str, str]]) -> int:
    """Separate groups among your people with you left out (a person who knows none of the
    others is a group of one); 0 with nobody."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(people)
    graph.add_edges_from((a, b) for a, b in ties if a in graph and b in graph)
    return nx.number_connected_components(graph)


@dataclass(frozen=True)
class Multiplexity:
    """People who give you two or more kinds of support (job, career, personal)."""

    count: int
    share: Optional[float]
    people: tuple[str, ...]


def multiplexity(people: Sequence[Person]) -> Multiplexity:
    multiplex = tuple(p.id for p in people if len(set(p.support) & set(v.SUPPORT.ids)) >= 2)
    return Multiplexity(len(multiplex), len(multiplex) / len(people) if people else None, multiplex)


def support_grid(people: Sequence[Person]) -> dict[str, dict[str, tuple[str, ...]]]:
    """The exercise's map: for each kind of support, who gives it, by closeness (``unknown``:
    not said); every cell is there, empty ones too."""
    grid: dict[str, dict[str, list[str]]] = {kind: {c: [] for c in (*v.CLOSENESS.ids, "unknown")}
                                             for kind in v.SUPPORT.ids}
    for person in people:
        for kind in dict.fromkeys(person.support):
            grid[kind][person.closeness or "unknown"].append(person.id)
    return {kind: {c: tuple(ids) for c, ids in cells.items()} for kind, cells in grid.items()}


# --- content -------------------------------------------------------------------------------


def provides(person: Union[Person, Prospect]) -> set[str]:
    """The need terms a person (or prospect) meets: their support, purposes, knowing and roles.

    A prospect's ``needs`` are the needs you hope they would meet, so they count too.
    """
    terms: set[str] = set()
    for name in ("support", "purposes", "knowing", "roles", "needs"):
        terms.update(getattr(person, name, ()) or ())
    return terms


def described(person: Union[Person, Prospect]) -> bool:
    """Whether anything is recorded about what a person gives you: a blank is unknown, not "no"."""
    return bool(provides(person))


def balance(people: Sequence[Person]) -> dict[str, dict[str, int]]:
    return {vocabulary.field: balance_of(people, vocabulary)
            for vocabulary in (v.SUPPORT, v.PURPOSES, v.KNOWING, v.ROLES)}


def balance_of(people: Sequence[Person], vocabulary: v.Vocabulary) -> dict[str, int]:
    """How many people give each term of a list field (support, purposes…), in one pass."""
    counts = dict.fromkeys(vocabulary.ids, 0)
    for person in people:
        for term in set(getattr(person, vocabulary.field)):
            if term in counts:
                counts[term] += 1
    return counts


@dataclass(frozen=True)
class RedundantGroup:
    """People who give the same kind of support and all know each other."""

    support: str
    people: tuple[str, ...]
    ties: int


def redundancy(people: Sequence[Person], ties: Iterable[tuple[str, str]]) -> tuple[RedundantGroup, ...]:
    """For each kind of support, the groups of two or more people who give it and all know
    each other (maximal cliques among them). mentornet's own reading of the exercise's
    redundancy question, in the spirit of Burt's (1992) redundant contacts: such people tend
    to hear, and tell you, the same things. A pair is the smallest group."""
    import networkx as nx

    ties = list(ties)
    groups = []
    for support in v.SUPPORT.ids:
        givers = [p.id for p in people if support in p.support]
        graph = nx.Graph()
        graph.add_nodes_from(givers)
        graph.add_edges_from((a, b) for a, b in ties if a in graph and b in graph)
        order = {person_id: index for index, person_id in enumerate(givers)}
        for clique in nx.find_cliques(graph):
            if len(clique) >= 2:
                members = tuple(sorted(clique, key=order.__getitem__))
                groups.append(RedundantGroup(support, members, len(members) * (len(members) - 1) // 2))
    groups.sort(key=lambda g: (v.SUPPORT.ids.index(g.support), -len(g.people), g.people))
    return tuple(groups)


def redundant_pairs(groups: Iterable[RedundantGroup]) -> dict[str, int]:
    """Per kind of support, the number of pairs of its givers who know each other."""
    pairs: dict[str, set[tuple[str, str]]] = {term: set() for term in v.SUPPORT.ids}
    for group in groups:
        for i, a in enumerate(group.people):
            for b in group.people[i + 1:]:
                pairs[group.support].add(tuple(sorted((a, b))))  # type: ignore[arg-type]
    return {term: len(found) for term, found in pairs.items()}
