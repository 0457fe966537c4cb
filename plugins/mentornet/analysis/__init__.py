"""What the network's shape says: measures, the four traps, and gaps against your goals.

Pure functions of a ``Portfolio``: the same portfolio and settings always give the same
``Analysis`` (the one input from outside is ``AnalysisSettings.as_of``, "today").
You are the *ego*; the people still in your network (``until`` not set) are the *alters*.
A measure that has no meaning for the network at hand (no people, one person) is ``None``,
never NaN and never an exception, so pages and ``--json`` can say "not enough data".

Ideas and their sources:

- effective size, efficiency, constraint and redundancy of an ego network: Burt (1992),
  *Structural Holes*, computed with networkx on the ego network, unweighted;
- heterogeneity: Blau (1977), *Inequality and Heterogeneity*, with the index of qualitative
  variation (IQV) that scales Blau's index by its maximum for k categories;
- inside versus outside: the E-I index of Krackhardt & Stern (1988);
- range, strength and the four kinds of developmental network: Higgins & Kram (2001);
- kinds of support and mentoring roles: Kram (1985), *Mentoring at Work*;
- operational, personal and strategic networks and the four traps: Ibarra (2015),
  *Act Like a Leader, Think Like a Leader*;
- knowing why, how and whom: De Janasz & Sullivan (2004).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Sequence

from mentornet.core import vocabulary as v
from mentornet.core.model import Person, Portfolio, Prospect

if TYPE_CHECKING:  # networkx is imported when the structure is measured: a cached build never is
    import networkx as nx

#: The ego's node in the graphs below; no person id can be empty, so it never collides.
_EGO = ""

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
_FREE_FIELD_TITLES = {"inside": "Inside or outside your organisation", "organisation": "Organisation"}

ATTRIBUTE_PREFIX = "attributes."

#: The seven dimensions of the Developmental Network Exercise, in the order pages show them:
#: (id, title, the question it answers, where the idea comes from).
DIMENSIONS: tuple[tuple[str, str, str, str], ...] = (
    ("diversity", "Diversity", "How different are the people you turn to, from you and from each other?",
     "Blau (1977) for the heterogeneity index; Krackhardt & Stern (1988) for the E-I index; "
     "Higgins & Kram (2001) on diverse developmental networks"),
    ("redundancy", "Redundancy", "Do people who give you the same kind of help also know each other?",
     "Burt (1992), Structural Holes: redundant contacts lead to the same information"),
    ("interconnectivity", "Interconnectivity", "How many of your people know each other?",
     "Burt (1992): density, effective size, efficiency and constraint of an ego network"),
    ("strength", "Strength", "How close are your relationships?",
     "Kram (1985); Higgins & Kram (2001) on the strength of developmental ties"),
    ("balance", "Balance", "Do you get every kind of help, for every purpose?",
     "Kram (1985) on career and psychosocial support; Ibarra (2015) on operational, personal "
     "and strategic networks; De Janasz & Sullivan (2004) on knowing why, how and whom"),
    ("influence", "Power and influence", "Who in your network shapes decisions that matter to you?",
     "The Developmental Network Exercise; Ibarra (2015) on strategic networks"),
    ("range", "Range", "How many different social systems do your people come from?",
     "Higgins & Kram (2001): range of a developmental network"),
)

TRAP_IDS = ("echo-chamber", "birds-of-a-feather", "network-lag", "pigeonholing")

#: Higgins & Kram's (2001) four kinds of developmental network, by range and strength.
NETWORK_TYPES = {
    ("low", "weak"): ("receptive", "Receptive: a few weak ties from one or two worlds."),
    ("low", "strong"): ("traditional", "Traditional: strong ties from one or two worlds."),
    ("high", "weak"): ("opportunistic", "Opportunistic: weak ties reaching many worlds."),
    ("high", "strong"): ("entrepreneurial", "Entrepreneurial: strong ties reaching many worlds."),
}


@dataclass(frozen=True)
class ProspectWeights:
    """Weights of the prospect score (see ``rank_prospects``)."""

    needs: float = 3.0
    thin: float = 1.0
    range: float = 1.0
    ei: float = 1.0
    seniority: float = 1.0
    effective_size: float = 0.5


@dataclass(frozen=True)
class AnalysisSettings:
    """Thresholds of the readings and traps; every default is a judgement call, so all can be set.

    Shares are fractions from 0 to 1. A trap needs its conditions to hold; with too few
    people for a measure to exist, the trap is not reported.
    """

    #: Attribute names whose diversity is measured; ``None``: every attribute key present.
    attributes: Optional[tuple[str, ...]] = None
    #: "Today", for how long ties have lasted; ``None``: the date the analysis runs.
    as_of: Optional[dt.date] = None
    #: Range reads "high" from this many distinct social systems (Higgins & Kram 2001).
    range_high_min: int = 3
    #: Strength reads "strong" when at least this share of people (with a closeness) are close.
    strong_min_close_share: float = 0.5
    #: Echo chamber: at least this share inside your organisation ...
    echo_min_inside_share: float = 0.7
    #: ... and at least this density of ties among your people.
    echo_min_density: float = 0.5
    #: Birds of a feather: the mean IQV of seniority and the similarity attributes is below this.
    birds_max_iqv: float = 0.5
    #: Attribute names that say how alike people are (used only when present).
    birds_attributes: tuple[str, ...] = ("discipline", "gender", "geography", "background")
    #: Network lag, signal 1: less than this share of your goals' distinct needs is met.
    lag_min_coverage: float = 0.75
    #: Network lag, signal 2: less than this share of people serve a strategic purpose.
    lag_min_strategic_share: float = 0.2
    #: Network lag, signal 3: at least ``lag_max_old_share`` of people (with a ``since``)
    #: have been in your network for more than ``lag_old_years`` years.
    lag_old_years: int = 5
    lag_max_old_share: float = 0.5
    #: Network lag is reported when at least this many of its three signals fire.
    lag_min_signals: int = 2
    #: Pigeonholing: one kind of support makes up at least this share of all support given.
    pigeonhole_min_share: float = 0.6
    #: A goal's need met by this many people or fewer is "thin": one departure opens a gap.
    thin_max_providers: int = 1
    #: Weights of the prospect ranking score.
    prospect_weights: ProspectWeights = field(default_factory=ProspectWeights)

    @classmethod
    def from_mapping(cls, options: Mapping[str, Any] | None) -> "AnalysisSettings":
        """Settings from a config mapping (plugin options, CLI); unknown keys raise ``ValueError``."""
        options = dict(options or {})
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(options) - names)
        if unknown:
            raise ValueError(f"unknown analysis setting(s): {', '.join(unknown)}; "
                             f"expected some of: {', '.join(sorted(names))}")
        if "prospect_weights" in options and isinstance(options["prospect_weights"], Mapping):
            options["prospect_weights"] = ProspectWeights(**options["prospect_weights"])
        for name in ("attributes", "birds_attributes"):
            if options.get(name) is not None:
                options[name] = tuple(str(item) for item in options[name])
        if isinstance(options.get("as_of"), str):
            options["as_of"] = dt.date.fromisoformat(options["as_of"])
        return cls(**options)


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Diversity:
    """One field's spread over its categories (Blau 1977)."""

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
        return self.counts[self.dominant] / self.n if self.n else None

    def label(self, category: str) -> str:
        vocabulary = CATEGORICAL_FIELDS.get(self.field)
        if self.field == "inside":
            return "inside" if category == "true" else "outside"
        return vocabulary.label(category) if vocabulary else category


@dataclass(frozen=True)
class InsideOutside:
    """Krackhardt & Stern's (1988) E-I index, in its ego-network form."""

    inside: int
    outside: int
    unknown: int
    index: Optional[float]


@dataclass(frozen=True)
class RedundantGroup:
    """People who give the same kind of support and are linked by ties among themselves."""

    support: str
    people: tuple[str, ...]
    ties: int


@dataclass(frozen=True)
class Trap:
    """One of Ibarra's (2015) four network traps, as read from the data."""

    id: str
    label: str
    detected: bool
    evidence: str
    advice: str
    #: The figures behind the evidence, for JSON and for tests.
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class NeedMatch:
    need: str
    providers: tuple[str, ...]


@dataclass(frozen=True)
class GoalGap:
    goal: str
    text: str
    horizon: str
    needs: tuple[NeedMatch, ...]

    @property
    def unmet(self) -> tuple[str, ...]:
        return tuple(match.need for match in self.needs if not match.providers)

    @property
    def met(self) -> tuple[str, ...]:
        return tuple(match.need for match in self.needs if match.providers)


@dataclass(frozen=True)
class Change:
    """A measure before and after a prospect joins."""

    before: Optional[float]
    after: Optional[float]

    @property
    def delta(self) -> Optional[float]:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class ProspectRank:
    prospect: str
    name: str
    stage: str
    score: float
    #: Unmet needs (across all goals) this prospect would meet.
    closes: tuple[str, ...]
    #: Goals with an unmet need this prospect would meet.
    goals: tuple[str, ...]
    #: Thin needs (met by very few people) this prospect would also meet.
    strengthens: tuple[str, ...]
    #: ``range``, ``ei_index``, ``seniority`` (Blau) and ``effective_size``, before and after.
    changes: dict[str, Change]
    #: Already in your network under the same id: nothing would change.
    in_network: bool = False
    #: The person who would introduce them, when that person is in your network.
    via: Optional[str] = None


@dataclass(frozen=True)
class AuditChange:
    """The latest network audit against the one before it (Ibarra 2015's network audit)."""

    latest: Any  # model.Audit
    previous: Any  # model.Audit | None
    #: Core people in the latest audit, only those this portfolio knows.
    core: tuple[str, ...]
    entered: tuple[str, ...]
    left: tuple[str, ...]
    stayed: tuple[str, ...]
    #: Share of the core inside your organisation, latest and previous.
    inside_share: Optional[float]
    previous_inside_share: Optional[float]
    #: Distinct social systems in the core, latest and previous.
    systems: int
    previous_systems: Optional[int]


@dataclass(frozen=True)
class Analysis:
    """Everything the analysis page, the CLI and ``--json`` show."""

    as_of: dt.date
    #: Active people, in portfolio order.
    people: tuple[str, ...]
    #: Size, ties among your people (you excluded), density and Burt's measures.
    structure: Structure
    diversity: dict[str, Diversity]
    inside_outside: InsideOutside
    #: Distinct social systems, most common first, with their counts.
    social_systems: dict[str, int]
    range_reading: Optional[str]
    strength: dict[str, int]
    strength_unspecified: int
    strength_reading: Optional[str]
    balance: dict[str, dict[str, int]]
    empty_core_roles: tuple[str, ...]
    redundancy: tuple[RedundantGroup, ...]
    #: Influence level -> people ids.
    influence_levels: dict[str, tuple[str, ...]]
    traps: tuple[Trap, ...]
    gaps: tuple[GoalGap, ...]
    unmet_needs: tuple[str, ...]
    #: Needs met, but by no more than ``settings.thin_max_providers`` people: need -> providers.
    thin_needs: dict[str, tuple[str, ...]]
    prospects: tuple[ProspectRank, ...]
    audit: Optional[AuditChange]
    #: A plain-language reading per dimension id (see ``DIMENSIONS``).
    readings: dict[str, str]
    settings: AnalysisSettings = field(default_factory=AnalysisSettings, repr=False)

    # Convenience views, named as in the JSON.

    @property
    def size(self) -> int:
        return self.structure.size

    @property
    def ties(self) -> int:
        return self.structure.ties

    @property
    def density(self) -> Optional[float]:
        return self.structure.density

    @property
    def effective_size(self) -> Optional[float]:
        return self.structure.effective_size

    @property
    def efficiency(self) -> Optional[float]:
        return self.structure.efficiency

    @property
    def constraint(self) -> Optional[float]:
        return self.structure.constraint

    @property
    def range(self) -> int:
        return len(self.social_systems)

    @property
    def ei_index(self) -> Optional[float]:
        return self.inside_outside.index

    @property
    def influential(self) -> tuple[str, ...]:
        return self.influence_levels.get("high", ())

    @property
    def burt_redundancy(self) -> Optional[float]:
        """Burt's redundancy: size minus effective size."""
        return None if self.effective_size is None else self.size - self.effective_size

    @property
    def network_type(self) -> Optional[tuple[str, str]]:
        """Higgins & Kram's (2001) type (id, description) from range and strength."""
        if self.range_reading is None or self.strength_reading is None:
            return None
        return NETWORK_TYPES[(self.range_reading, self.strength_reading)]

    @property
    def detected_traps(self) -> tuple[Trap, ...]:
        return tuple(trap for trap in self.traps if trap.detected)

    @property
    def trap(self) -> dict[str, Trap]:
        return {trap.id: trap for trap in self.traps}

    @property
    def dimensions(self) -> tuple[dict[str, str], ...]:
        """The seven dimensions with their reading, for templates."""
        return tuple({"id": id_, "title": title, "question": question, "source": source,
                      "reading": self.readings.get(id_, "")}
                     for id_, title, question, source in DIMENSIONS)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: numbers rounded to 4 places; undefined measures are ``None``."""
        network_type = self.network_type
        return {
            "as_of": self.as_of.isoformat(),
            "size": self.size,
            "ties": self.ties,
            "density": _num(self.density),
            "effective_size": _num(self.effective_size),
            "efficiency": _num(self.efficiency),
            "constraint": _num(self.constraint),
            "burt_redundancy": _num(self.burt_redundancy),
            "range": self.range,
            "range_reading": self.range_reading,
            "social_systems": dict(self.social_systems),
            "ei_index": _num(self.ei_index),
            "inside_outside": {"inside": self.inside_outside.inside,
                               "outside": self.inside_outside.outside,
                               "unknown": self.inside_outside.unknown},
            "diversity": {name: _num(d.blau) for name, d in self.diversity.items()},
            "iqv": {name: _num(d.iqv) for name, d in self.diversity.items()},
            "diversity_detail": {name: {"n": d.n, "k": d.k, "counts": dict(d.counts),
                                        "dominant": d.dominant,
                                        "dominant_share": _num(d.dominant_share)}
                                 for name, d in self.diversity.items()},
            "balance": {name: dict(counts) for name, counts in self.balance.items()},
            "empty_core_roles": list(self.empty_core_roles),
            "strength": dict(self.strength),
            "strength_unspecified": self.strength_unspecified,
            "strength_reading": self.strength_reading,
            "network_type": network_type[0] if network_type else None,
            "influence": {"count": len(self.influential), "people": list(self.influential),
                          "levels": {level: len(ids) for level, ids in self.influence_levels.items()}},
            "redundancy": [{"support": g.support, "people": list(g.people), "ties": g.ties}
                           for g in self.redundancy],
            "redundant_pairs": redundant_pairs(self.redundancy),
            "traps": [trap.id for trap in self.traps if trap.detected],
            "trap_details": [{"id": t.id, "label": t.label, "detected": t.detected,
                              "evidence": t.evidence, "advice": t.advice,
                              "figures": {k: _num(x) if isinstance(x, float) else x
                                          for k, x in t.figures.items()}}
                             for t in self.traps],
            "gaps": {
                "goals": [{"id": g.goal, "text": g.text, "horizon": g.horizon,
                           "needs": {m.need: list(m.providers) for m in g.needs},
                           "unmet": list(g.unmet)} for g in self.gaps],
                "unmet": list(self.unmet_needs),
                "thin": {need: list(ids) for need, ids in self.thin_needs.items()},
            },
            "prospects": [{"id": p.prospect, "name": p.name, "stage": p.stage,
                           "score": _num(p.score), "closes": list(p.closes),
                           "strengthens": list(p.strengthens),
                           "goals": list(p.goals), "in_network": p.in_network, "via": p.via,
                           "changes": {name: {"before": _num(c.before), "after": _num(c.after),
                                              "delta": _num(c.delta)}
                                       for name, c in p.changes.items()}}
                          for p in self.prospects],
            "audit": None if self.audit is None else {
                "date": self.audit.latest.date.isoformat(),
                "previous": self.audit.previous.date.isoformat() if self.audit.previous else None,
                "core": list(self.audit.core), "entered": list(self.audit.entered),
                "left": list(self.audit.left), "stayed": list(self.audit.stayed),
                "inside_share": _num(self.audit.inside_share),
                "previous_inside_share": _num(self.audit.previous_inside_share),
                "systems": self.audit.systems, "previous_systems": self.audit.previous_systems,
            },
        }


# --- small measures ----------------------------------------------------------------------


def _num(value: Any) -> Optional[float]:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else round(value, 4)


def _clean(value: Optional[float]) -> Optional[float]:
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    return float(value)


def blau(values: Iterable[Any]) -> Optional[float]:
    """Blau's (1977) heterogeneity, 1 − Σp²: the chance two people drawn at random differ.

    ``None`` values are left out; fewer than two known values give ``None`` (one person has
    no spread to measure).
    """
    counts = Counter(value for value in values if value is not None)
    n = sum(counts.values())
    if n < 2:
        return None
    return 1.0 - sum((count / n) ** 2 for count in counts.values())


def iqv(values: Iterable[Any], k: Optional[int] = None) -> Optional[float]:
    """Index of qualitative variation: Blau × k/(k−1), so 1 means as even as k categories allow.

    ``k`` is the number of possible categories; ``None`` (a free field such as an organisation)
    counts the categories observed, and at least two, since a free field could always hold
    another value: everyone in one discipline has an IQV of 0, not an undefined one.
    Undefined (``None``) when Blau is, or when k < 2.
    """
    values = [value for value in values if value is not None]
    index = blau(values)
    if k is None:
        k = max(len(set(values)), 2)
    if index is None or k < 2:
        return None
    return index * k / (k - 1)


def ei_index(outside: int, inside: int) -> Optional[float]:
    """Krackhardt & Stern's (1988) E-I index, (E − I)/(E + I), in its ego-network form.

    Krackhardt and Stern counted a group's ties that cross its boundary (E) and stay within it
    (I); here the "group" is your organisation and the ties are yours: E is the number of people
    outside it, I the number inside. −1: everyone inside; +1: everyone outside. ``None`` when
    nobody's side is known.
    """
    total = outside + inside
    return None if total == 0 else (outside - inside) / total


def ego_graph(people: Sequence[str], ties: Iterable[tuple[str, str]]) -> nx.Graph:
    """Your ego network: you, tied to every person, plus the ties among them."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_node(_EGO)
    members = set(people)
    for person in people:
        graph.add_edge(_EGO, person)
    graph.add_edges_from((a, b) for a, b in ties if a in members and b in members and a != b)
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
    (effective size / size) and constraint for you.

    Unweighted: networkx's weighted ``effective_size`` is wrong when called without ``nodes``,
    and the data has no tie weights anyway. Density needs two people; the others need one.
    """
    import networkx as nx

    graph = ego_graph(people, ties)
    n = len(people)
    alter_ties = graph.number_of_edges() - n
    if n == 0:
        return Structure(0, 0, None, None, None, None)
    effective = _clean(nx.effective_size(graph, nodes=[_EGO])[_EGO])
    constraint = _clean(ego_constraint(graph, _EGO))
    efficiency = None if effective is None else effective / n
    return Structure(n, alter_ties, density(n, alter_ties), effective, efficiency, constraint)


def density(people: int, ties: int) -> Optional[float]:
    """Ties among people over the pairs they could form; undefined below two people."""
    return None if people < 2 else ties / (people * (people - 1) / 2)


def ego_constraint(graph: nx.Graph, ego: Any) -> Optional[float]:
    """Burt's (1992) constraint of ``ego`` in an unweighted, undirected graph.

    c = Σ_j (p_ej + Σ_q p_eq·p_qj)², over ego's contacts j and q ≠ j, where p_xy = 1/degree(x)
    for a tie x–y. The same value as ``networkx.constraint`` (the tests check it), but in
    time linear in the ties instead of cubic in the contacts: networkx needs minutes for an
    ego with a few hundred contacts, and portfolios of a thousand people are benchmarked.
    """
    contacts = set(graph[ego])
    if not contacts:
        return None
    share = 1.0 / len(contacts)
    total = 0.0
    for j in contacts:
        indirect = sum(1.0 / graph.degree(q) for q in graph[j] if q in contacts)
        total += (share + share * indirect) ** 2
    return total


# --- the analysis ------------------------------------------------------------------------


def active_people(portfolio: Portfolio) -> tuple[Person, ...]:
    """The network: people who have not left it (``until`` unset)."""
    return tuple(person for person in portfolio.people if person.until is None)


def _field_value(person: Any, name: str) -> Optional[str]:
    if name.startswith(ATTRIBUTE_PREFIX):
        attributes = getattr(person, "attributes", {}) or {}
        value = attributes.get(name[len(ATTRIBUTE_PREFIX):])
        return None if value in (None, "") else str(value)
    value = getattr(person, name, None)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _attribute_names(portfolio: Portfolio, people: Sequence[Person],
                     settings: AnalysisSettings) -> list[str]:
    present: dict[str, None] = {}
    for person in people:
        for key in person.attributes:
            present.setdefault(key, None)
    names = list(present) if settings.attributes is None else list(settings.attributes)
    if portfolio.shared_attributes is not None:  # never measure what this audience may not see
        names = [name for name in names if name in portfolio.shared_attributes]
    return names


def _k_for(name: str, portfolio: Portfolio, observed: int) -> int:
    if name == "inside":
        return 2
    if name == "social_system":
        return len(portfolio.social_systems.terms)
    vocabulary = CATEGORICAL_FIELDS.get(name)
    return len(vocabulary.terms) if vocabulary is not None else max(observed, 2)


def diversity_of(people: Sequence[Any], name: str, portfolio: Portfolio) -> Diversity:
    """Blau and IQV of one field over the people who have a value for it."""
    values = [_field_value(person, name) for person in people]
    known = [value for value in values if value is not None]
    counts = dict(sorted(Counter(known).items(), key=lambda item: (-item[1], item[0])))
    k = _k_for(name, portfolio, len(counts))
    if name.startswith(ATTRIBUTE_PREFIX):
        title = name[len(ATTRIBUTE_PREFIX):].replace("_", " ").replace("-", " ").capitalize()
    elif name == "social_system":
        title = portfolio.social_systems.title
    else:
        vocabulary = CATEGORICAL_FIELDS.get(name)
        title = vocabulary.title if vocabulary else _FREE_FIELD_TITLES[name]
    return Diversity(name, title, counts, len(known), k, blau(known), iqv(known, k))


def _inside_outside(people: Sequence[Any]) -> InsideOutside:
    inside = sum(1 for person in people if person.inside is True)
    outside = sum(1 for person in people if person.inside is False)
    unknown = len(people) - inside - outside
    return InsideOutside(inside, outside, unknown, ei_index(outside, inside))


def _systems(people: Sequence[Any]) -> dict[str, int]:
    counts = Counter(person.social_system for person in people if person.social_system)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _range_reading(count: int, size: int, settings: AnalysisSettings) -> Optional[str]:
    if size == 0:
        return None
    return "high" if count >= settings.range_high_min else "low"


def provides(person: Any) -> set[str]:
    """The need terms a person (or prospect) meets: their support, purposes, knowing and roles.

    A prospect's ``needs`` are the needs you hope they would meet, so they count too.
    """
    terms: set[str] = set()
    for name in ("support", "purposes", "knowing", "roles", "needs"):
        terms.update(getattr(person, name, ()) or ())
    return terms


def _balance(people: Sequence[Person]) -> dict[str, dict[str, int]]:
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


def redundancy(people: Sequence[Person], ties: Iterable[tuple[str, str]]) -> tuple[RedundantGroup, ...]:
    """For each kind of support, the groups of two or more people who give it and all know
    each other (maximal cliques among them): such contacts tend to hear, and tell you, the
    same things (Burt 1992). A pair is the smallest group."""
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


def gaps(portfolio: Portfolio, people: Sequence[Person] | None = None) -> tuple[GoalGap, ...]:
    """Each goal's needs matched with the people who provide them (``provides``)."""
    people = active_people(portfolio) if people is None else people
    result = []
    for goal in portfolio.profile.goals:
        matches = tuple(NeedMatch(need, tuple(p.id for p in people if need in provides(p)))
                        for need in dict.fromkeys(goal.needs))
        result.append(GoalGap(goal.id, goal.text, goal.horizon, matches))
    return tuple(result)


def _unmet(goal_gaps: Sequence[GoalGap]) -> tuple[str, ...]:
    unmet: dict[str, None] = {}
    for gap in goal_gaps:
        for need in gap.unmet:
            unmet.setdefault(need, None)
    return tuple(unmet)


def _thin(goal_gaps: Sequence[GoalGap], settings: AnalysisSettings) -> dict[str, tuple[str, ...]]:
    thin: dict[str, tuple[str, ...]] = {}
    for gap in goal_gaps:
        for match in gap.needs:
            if match.providers and len(match.providers) <= settings.thin_max_providers:
                thin.setdefault(match.need, match.providers)
    return thin


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# --- wording -----------------------------------------------------------------------------


def _pct(share: Optional[float]) -> str:
    return "n/a" if share is None else f"{round(share * 100)}%"


def _of(k: int, n: int) -> str:
    """'all 5', 'none of the 5', '3 of 5'."""
    if n > 1 and k == n:
        return f"all {n}"
    if n > 0 and k == 0:
        return f"none of the {n}"
    return f"{k} of {n}"


def _category(d: Diversity, category: Optional[str]) -> str:
    """A category as it reads inside a sentence: vocabulary labels in lower case, free values as typed."""
    if category is None:
        return ""
    label = d.label(category)
    return label.lower() if CATEGORICAL_FIELDS.get(d.field) is not None or d.field == "inside" else label


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _people_word(n: int) -> str:
    return "person" if n == 1 else "people"


def _fmt(value: Optional[float], places: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{places}f}"


def _names(portfolio: Portfolio, ids: Iterable[str]) -> str:
    names = [portfolio.people_by_id[i].name if i in portfolio.people_by_id else i for i in ids]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# --- the four traps (Ibarra 2015) ----------------------------------------------------------


def _echo_chamber(size: int, io: InsideOutside, density: Optional[float], settings: AnalysisSettings) -> Trap:
    label = "Echo chamber"
    advice = ("Bring in people from outside your organisation: a society's committee, a project with "
              "another institution, an introduction from someone inside who knows people outside. "
              "Fresh views rarely come from people who all talk to each other.")
    known = io.inside + io.outside
    share = io.inside / known if known else None
    figures = {"inside": io.inside, "known": known, "inside_share": share, "density": density}
    if share is None or density is None:
        return Trap("echo-chamber", label, False, "Too few people with a known side and ties to tell.",
                    advice, figures)
    detected = share >= settings.echo_min_inside_share and density >= settings.echo_min_density
    evidence = _sentence(f"{_of(io.inside, known)} {_people_word(known)} with a known side are inside "
                f"your organisation and {_pct(density)} of the pairs among your {size} people know each other.")
    return Trap("echo-chamber", label, detected, evidence, advice, figures)


def _birds_of_a_feather(diversity: Mapping[str, Diversity], settings: AnalysisSettings) -> Trap:
    label = "Birds of a feather"
    advice = ("Look for people unlike you: at another career stage, in another discipline, from another "
              "background or place. A junior colleague can mentor you too (reverse mentoring).")
    names = ["seniority"] + [ATTRIBUTE_PREFIX + name for name in settings.birds_attributes]
    measured = [diversity[name] for name in names if name in diversity and diversity[name].iqv is not None]
    if not measured:
        return Trap("birds-of-a-feather", label, False, "Too few people with a seniority or background to tell.",
                    advice, {"mean_iqv": None})
    mean = sum(d.iqv for d in measured) / len(measured)  # type: ignore[misc]
    parts = [f"{_of(d.counts[d.dominant], d.n)} have the same {d.title.lower()} "  # type: ignore[index]
             f"({_category(d, d.dominant)})" for d in measured]  # type: ignore[arg-type]
    evidence = _sentence("; ".join(parts)
                         + f": on average your network has {_pct(mean)} of the variety it could have "
                           f"(IQV {mean:.2f}).")
    figures = {"mean_iqv": mean, **{f"iqv.{d.field}": d.iqv for d in measured}}
    return Trap("birds-of-a-feather", label, mean < settings.birds_max_iqv, evidence, advice, figures)


def _network_lag(people: Sequence[Person], goal_gaps: Sequence[GoalGap], as_of: dt.date,
                 settings: AnalysisSettings) -> Trap:
    label = "Network lag"
    advice = ("Your network grew around where you were; look at each goal and ask who would help with "
              "the next step. Add people who see where your field is going, and let some old ties rest.")
    size = len(people)
    needs = {m.need: bool(m.providers) for gap in goal_gaps for m in gap.needs}
    coverage = sum(needs.values()) / len(needs) if needs else None
    all_needs = set(needs)
    serving = sum(1 for p in people if provides(p) & all_needs)
    strategic = sum(1 for p in people if "strategic" in p.purposes)
    strategic_share = strategic / size if size else None
    dated = [p for p in people if p.since is not None]
    cutoff = _years_before(as_of, settings.lag_old_years)
    old = sum(1 for p in dated if p.since < cutoff)  # type: ignore[operator]
    old_share = old / len(dated) if dated else None
    signals = {
        "coverage": coverage is not None and coverage < settings.lag_min_coverage,
        "strategic": strategic_share is not None and strategic_share < settings.lag_min_strategic_share,
        "old": old_share is not None and old_share >= settings.lag_max_old_share,
    }
    figures = {"needs": len(needs), "needs_met": sum(needs.values()), "coverage": coverage,
               "serving": serving, "strategic": strategic, "strategic_share": strategic_share,
               "dated": len(dated), "old": old, "old_share": old_share,
               "signals": [name for name, fired in signals.items() if fired]}
    if size == 0:
        return Trap("network-lag", label, False, "No people in your network yet.", advice, figures)
    parts = []
    if needs:
        parts.append(f"{_of(sum(needs.values()), len(needs))} needs of your goals are met, "
                     f"and {_of(serving, size)} people serve at least one of them")
    else:
        parts.append("your profile names no goal needs to check against")
    parts.append(f"{_of(strategic, size)} people help you with strategic questions")
    if dated:
        parts.append(f"{_of(old, len(dated))} people with a start date have been in your network "
                     f"for more than {settings.lag_old_years} years")
    evidence = _sentence("; ".join(parts) + ".")
    detected = sum(signals.values()) >= settings.lag_min_signals
    return Trap("network-lag", label, detected, evidence, advice, figures)


def _pigeonholing(people: Sequence[Person], balance: Mapping[str, Mapping[str, int]],
                  settings: AnalysisSettings) -> Trap:
    label = "Pigeonholing"
    advice = ("Let people see you in more than one light: bring a career or strategic question to someone "
              "who only ever helps you with the work, and ask a senior contact what they see you doing next.")
    support = balance["support"]
    total = sum(support.values())
    figures: dict[str, Any] = {"support_mentions": total}
    if len(people) < 2 or total == 0:
        return Trap("pigeonholing", label, False, "Too few people with a kind of support to tell.",
                    advice, figures)
    dominant = max(v.SUPPORT.ids, key=lambda term: (support[term], -v.SUPPORT.ids.index(term)))
    share = support[dominant] / total
    career = support["career"]
    strategic = balance["purposes"]["strategic"]
    concentrated = share >= settings.pigeonhole_min_share
    no_future = career == 0 and strategic == 0
    figures.update({"dominant": dominant, "dominant_share": share, "career": career, "strategic": strategic})
    evidence = (f"{_pct(share)} of the support your people give you is of one kind "
                f"({v.SUPPORT.label(dominant).lower()}); {career} of {len(people)} people support your career "
                f"and {strategic} help with strategic questions.")
    return Trap("pigeonholing", label, concentrated or no_future, evidence, advice, figures)


# --- prospects -----------------------------------------------------------------------------


def _as_person(prospect: Prospect, via: Optional[str]) -> Person:
    return Person(id=prospect.id, name=prospect.name, organisation=prospect.organisation,
                  inside=prospect.inside, seniority=prospect.seniority,
                  social_system=prospect.social_system, influence=prospect.influence,
                  support=prospect.support, roles=prospect.roles, knows=(via,) if via else ())


def rank_prospects(portfolio: Portfolio, people: Sequence[Person], ties: Sequence[tuple[str, str]],
                   unmet: Sequence[str], goal_gaps: Sequence[GoalGap],
                   settings: AnalysisSettings = AnalysisSettings(),
                   thin: Sequence[str] = ()) -> tuple[ProspectRank, ...]:
    """Prospects (not declined) ranked by how much they would add if they joined.

    Each is simulated as a new person tied to its ``via`` person (when that person is in your
    network). With weights w from ``settings.prospect_weights``::

        score = w.needs × (unmet needs it would meet)
              + w.thin × (thin needs, met by very few, it would also meet)
              + w.range × (change in the number of social systems)
              + w.ei × (how much closer the E-I index gets to 0, an even inside/outside mix)
              + w.seniority × (change in Blau's index of seniority)
              + w.effective_size × (change in effective size)

    A change that cannot be computed counts as 0. Ties are broken by how far the conversation
    has gone (later stages first), then by name.
    """
    weights = settings.prospect_weights
    ids = [p.id for p in people]
    base = structure(ids, ties)
    base_io = _inside_outside(people).index
    base_range = len(_systems(people))
    base_blau = blau(p.seniority for p in people)
    ranks = []
    for prospect in portfolio.plan.prospects:
        if prospect.stage == "declined":
            continue
        via = prospect.via if prospect.via in ids else None
        offers = provides(prospect)
        closes = tuple(need for need in unmet if need in offers)
        goals = tuple(g.goal for g in goal_gaps if set(g.unmet) & offers)
        strengthens = tuple(need for need in thin if need in offers)
        in_network = prospect.id in ids
        if in_network:
            after_people, after_ties = list(people), list(ties)
            closes, goals, strengthens = (), (), ()
        else:
            after_people = list(people) + [_as_person(prospect, via)]
            after_ties = list(ties) + ([tuple(sorted((prospect.id, via)))] if via else [])
        after = structure([p.id for p in after_people], after_ties)
        changes = {
            "range": Change(float(base_range), float(len(_systems(after_people)))),
            "ei_index": Change(base_io, _inside_outside(after_people).index),
            "seniority": Change(base_blau, blau(p.seniority for p in after_people)),
            "effective_size": Change(base.effective_size, after.effective_size),
        }
        ei = changes["ei_index"]
        ei_gain = (abs(ei.before) - abs(ei.after)) if ei.before is not None and ei.after is not None else 0.0
        score = (weights.needs * len(closes)
                 + weights.thin * len(strengthens)
                 + weights.range * (changes["range"].delta or 0.0)
                 + weights.ei * ei_gain
                 + weights.seniority * (changes["seniority"].delta or 0.0)
                 + weights.effective_size * (changes["effective_size"].delta or 0.0))
        ranks.append(ProspectRank(prospect.id, prospect.name, prospect.stage, score, closes, goals,
                                  strengthens, changes, in_network, via))
    stage_order = {stage: index for index, stage in enumerate(v.STAGES.ids)}
    ranks.sort(key=lambda r: (-round(r.score, 9), -stage_order.get(r.stage, 0), r.name))
    return tuple(ranks)


# --- audit ---------------------------------------------------------------------------------


def audit_change(portfolio: Portfolio) -> Optional[AuditChange]:
    """The latest audit against the previous one: who entered and left the core.

    Only people this portfolio knows are named or counted, so a filtered build reveals nothing
    about people it does not show.
    """
    if not portfolio.audits:
        return None
    audits = sorted(portfolio.audits, key=lambda audit: audit.date)
    latest, previous = audits[-1], (audits[-2] if len(audits) > 1 else None)
    known = portfolio.people_by_id

    def core(audit: Any) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for i in audit.core if i in known)) if audit else ()

    def inside_share(ids: Sequence[str]) -> Optional[float]:
        sides = [known[i].inside for i in ids if known[i].inside is not None]
        return sum(sides) / len(sides) if sides else None

    def systems(ids: Sequence[str]) -> int:
        return len({known[i].social_system for i in ids if known[i].social_system})

    now, before = core(latest), core(previous)
    return AuditChange(
        latest=latest, previous=previous, core=now,
        entered=tuple(i for i in now if i not in before) if previous else (),
        left=tuple(i for i in before if i not in now),
        stayed=tuple(i for i in now if i in before),
        inside_share=inside_share(now),
        previous_inside_share=inside_share(before) if previous else None,
        systems=systems(now), previous_systems=systems(before) if previous else None)


# --- readings ------------------------------------------------------------------------------


def _readings(portfolio: Portfolio, a: dict[str, Any]) -> dict[str, str]:
    size = a["size"]
    if size == 0:
        empty = "Nobody is in your network yet: add the people you turn to, and this fills in."
        return {id_: empty for id_, *_ in DIMENSIONS}
    readings = {}

    # diversity
    # inside/outside has its own sentence below and closeness is the strength dimension
    measured = [d for name, d in a["diversity"].items()
                if d.iqv is not None and name not in ("inside", "closeness")]
    io: InsideOutside = a["inside_outside"]
    parts = []
    if measured:
        most = max(measured, key=lambda d: d.iqv)
        least = min(measured, key=lambda d: d.iqv)
        parts.append(f"Your people vary most in {most.title.lower()} (IQV {most.iqv:.2f}) and least in "
                     f"{least.title.lower()} (IQV {least.iqv:.2f}: {_of(least.counts[least.dominant], least.n)} "
                     f"share one, {_category(least, least.dominant)}).")
    else:
        parts.append("Too few people have a seniority, organisation or background recorded to measure variety.")
    if io.index is not None:
        parts.append(_sentence(f"{_of(io.outside, io.inside + io.outside)} with a known side are outside your "
                     f"organisation (E-I index {io.index:+.2f}: −1 is all inside, +1 all outside)."))
    readings["diversity"] = " ".join(parts)

    # redundancy
    groups: tuple[RedundantGroup, ...] = a["redundancy"]
    if groups:
        biggest = max(groups, key=lambda g: len(g.people))
        pairs = sum(redundant_pairs(groups).values())
        readings["redundancy"] = (
            f"{pairs} pair{'s' if pairs != 1 else ''} of people give you the same kind of support and know "
            f"each other; the largest such circle, where everyone knows everyone: {_names(portfolio, biggest.people)} "
            f"({v.SUPPORT.label(biggest.support).lower()}). Overlap is a safety net, but such people "
            "tend to hear, and tell you, the same things.")
    else:
        readings["redundancy"] = ("No two people who give you the same kind of support know each other: "
                                  "each brings you something of their own.")
    if a["effective_size"] is not None:
        readings["redundancy"] += (f" In Burt's terms, {size - a['effective_size']:.1f} of your {size} "
                                   "contacts are redundant.")

    # interconnectivity
    density = a["density"]
    if density is None:
        readings["interconnectivity"] = ("With one person there are no ties among your people to count; "
                                         "add more people to see how your network hangs together.")
    else:
        knit = ("loosely knit: your people bring you separate worlds" if density < 0.3 else
                "moderately knit" if density < 0.6 else
                "tightly knit: news and opinions circulate among the same people")
        readings["interconnectivity"] = (
            f"{_pct(density)} of the pairs of your people know each other, so your network is {knit}. "
            "Your effective size "
            f"is {_fmt(a['effective_size'], 1)} of {size} (efficiency {_fmt(a['efficiency'])}), and your "
            f"constraint {_fmt(a['constraint'])}: the lower it is, the more you bridge people who "
            "would not otherwise meet.")

    # strength
    strength = a["strength"]
    counted = sum(strength.values())
    if counted:
        spread = ", ".join(f"{count} {v.CLOSENESS.label(term).lower()}" for term, count in strength.items())
        reading = f"Of the {counted} relationships with a recorded closeness: {spread}."
        if a["strength_reading"] == "strong":
            reading += " Mostly strong ties: trust and commitment, but fewer new doors."
        else:
            reading += " Mostly weaker ties: they reach further, but may not carry you through a hard patch."
        readings["strength"] = reading
    else:
        readings["strength"] = "No closeness recorded yet: say for each person whether you are close."

    # balance
    balance = a["balance"]
    sentences = []
    for vocabulary in (v.SUPPORT, v.PURPOSES, v.KNOWING):
        counts = balance[vocabulary.field]
        missing = [vocabulary.label(t).lower() for t, c in counts.items() if c == 0]
        spread = ", ".join(f"{vocabulary.label(t).lower()} {c}" for t, c in counts.items())
        sentences.append(f"{vocabulary.title}: {spread}" + (f" (nobody for {', '.join(missing)})" if missing else "")
                         + ".")
    empty = a["empty_core_roles"]
    if empty:
        sentences.append("Empty core roles: " + ", ".join(v.ROLES.label(r).lower() for r in empty) + ".")
    else:
        sentences.append("Every core mentoring role is filled.")
    thin = a.get("thin_needs") or {}
    if thin:
        sentences.append("Needs of your goals that hang on one person: " + "; ".join(
            f"{v.need_label(need).lower()} ({_names(portfolio, ids)})" for need, ids in thin.items()) + ".")
    readings["balance"] = " ".join(sentences)

    # influence
    high = a["influence_levels"].get("high", ())
    if high:
        readings["influence"] = (f"{len(high)} of your {size} people have high influence: "
                                 f"{_names(portfolio, high)}. Keep them informed of what you do and want.")
    else:
        readings["influence"] = ("Nobody in your network has high influence over decisions that matter to you: "
                                 "who could speak for you where it counts?")

    # range
    systems = a["social_systems"]
    labels = ", ".join(portfolio.social_systems.label(s).lower() for s in systems)
    if not systems:
        readings["range"] = "No social system recorded for anyone yet."
    else:
        what = ("high range: they see different worlds and bring you different news"
                if a["range_reading"] == "high" else
                "low range: they mostly see the same world, and so does what they tell you")
        readings["range"] = (f"Your people come from {len(systems)} social system{'s' if len(systems) > 1 else ''} "
                             f"({labels}). That is {what}.")
    return readings


# --- entry point ---------------------------------------------------------------------------


def analyze(portfolio: Portfolio, settings: AnalysisSettings = AnalysisSettings()) -> Analysis:
    """Every measure, trap, gap and prospect of a portfolio's current network."""
    as_of = settings.as_of or dt.date.today()
    people = active_people(portfolio)
    ids = [p.id for p in people]
    members = set(ids)
    ties = sorted(t for t in portfolio.ties if t[0] in members and t[1] in members)
    shape = structure(ids, ties)

    fields = list(CATEGORICAL_FIELDS) + [ATTRIBUTE_PREFIX + name
                                        for name in _attribute_names(portfolio, people, settings)]
    diversity = {name: diversity_of(people, name, portfolio) for name in fields}
    io = _inside_outside(people)
    systems = _systems(people)

    strength = {term: sum(1 for p in people if p.closeness == term) for term in v.CLOSENESS.ids}
    with_closeness = sum(strength.values())
    strength_reading = None
    if with_closeness:
        close_share = strength["close"] / with_closeness
        strength_reading = "strong" if close_share >= settings.strong_min_close_share else "weak"

    balance = _balance(people)
    empty_core_roles = tuple(role for role in v.CORE_ROLES if balance["roles"][role] == 0)
    influence_levels = {level: tuple(p.id for p in people if p.influence == level) for level in v.INFLUENCE.ids}
    goal_gaps = gaps(portfolio, people)
    unmet = _unmet(goal_gaps)
    thin = _thin(goal_gaps, settings)

    found_traps = (
        _echo_chamber(len(people), io, shape.density, settings),
        _birds_of_a_feather(diversity, settings),
        _network_lag(people, goal_gaps, as_of, settings),
        _pigeonholing(people, balance, settings),
    )
    groups = redundancy(people, ties)
    values = {"size": len(people), "density": shape.density, "effective_size": shape.effective_size,
              "efficiency": shape.efficiency, "constraint": shape.constraint, "diversity": diversity,
              "inside_outside": io, "redundancy": groups, "strength": strength,
              "strength_reading": strength_reading, "balance": balance, "empty_core_roles": empty_core_roles,
              "influence_levels": influence_levels, "social_systems": systems,
              "range_reading": _range_reading(len(systems), len(people), settings), "thin_needs": thin}
    return Analysis(
        as_of=as_of, people=tuple(ids), structure=shape, diversity=diversity, inside_outside=io, social_systems=systems,
        range_reading=values["range_reading"], strength=strength,
        strength_unspecified=len(people) - with_closeness, strength_reading=strength_reading,
        balance=balance, empty_core_roles=empty_core_roles, redundancy=groups,
        influence_levels=influence_levels, traps=found_traps, gaps=goal_gaps, unmet_needs=unmet,
        thin_needs=thin, prospects=rank_prospects(portfolio, people, ties, unmet, goal_gaps, settings, tuple(thin)),
        audit=audit_change(portfolio), readings=_readings(portfolio, values), settings=settings)


def summary_text(analysis: Analysis, portfolio: Portfolio | None = None) -> str:
    """A plain-text summary for the terminal (``mentornet analyze`` without ``--json``).

    With the portfolio, people are named; without it, by id.
    """
    def name(person_id: str) -> str:
        if portfolio is not None and person_id in portfolio.people_by_id:
            return portfolio.people_by_id[person_id].name
        return person_id

    a = analysis
    lines = [f"Your network on {a.as_of.isoformat()}: {a.size} {_people_word(a.size)}, "
             f"{a.ties} tie{'s' if a.ties != 1 else ''} among them.", ""]
    lines.append("Measures")
    lines.append(f"  density            {_fmt(a.density)}")
    lines.append(f"  effective size     {_fmt(a.effective_size)}   efficiency {_fmt(a.efficiency)}"
                 f"   constraint {_fmt(a.constraint)}")
    lines.append(f"  range              {a.range} social system{'s' if a.range != 1 else ''}"
                 + (f" ({a.range_reading})" if a.range_reading else ""))
    lines.append(f"  E-I index          {'n/a' if a.ei_index is None else f'{a.ei_index:+.2f}'}"
                 f"   ({a.inside_outside.inside} inside, {a.inside_outside.outside} outside)")
    if a.network_type:
        lines.append(f"  kind of network    {a.network_type[1]}")
    lines.append("  diversity          " + ", ".join(
        f"{d.field.removeprefix(ATTRIBUTE_PREFIX)} {_fmt(d.blau)}/{_fmt(d.iqv)}" for d in a.diversity.values())
        + "   (Blau/IQV)")
    lines.append("  strength           " + ", ".join(f"{term} {count}" for term, count in a.strength.items()))
    for category, counts in a.balance.items():
        lines.append(f"  {category:<18} " + ", ".join(f"{term} {count}" for term, count in counts.items()))
    lines.append(f"  high influence     {len(a.influential)}"
                 + (f": {', '.join(name(i) for i in a.influential)}" if a.influential else ""))
    lines.append("")
    lines.append("Reading")
    for dim in a.dimensions:
        lines.append(f"  {dim['title']}: {dim['reading']}")
    lines.append("")
    lines.append("Traps (Ibarra 2015)")
    for trap in a.traps:
        lines.append(f"  [{'!' if trap.detected else ' '}] {trap.label}: {trap.evidence}")
        if trap.detected:
            lines.append(f"      What to do: {trap.advice}")
    lines.append("")
    if a.gaps:
        lines.append("Goals and needs")
        for gap in a.gaps:
            lines.append(f"  {gap.goal} ({gap.horizon})")
            for match in gap.needs:
                who = ", ".join(name(i) for i in match.providers) or "NOBODY (gap)"
                lines.append(f"    {v.need_label(match.need)}: {who}")
        if a.unmet_needs:
            lines.append("  Unmet: " + ", ".join(v.need_label(n) for n in a.unmet_needs))
        if a.thin_needs:
            lines.append("  Thin (one person): " + ", ".join(
                f"{v.need_label(n)} ({', '.join(name(i) for i in ids)})" for n, ids in a.thin_needs.items()))
        lines.append("")
    if a.prospects:
        lines.append("Prospects, best first")
        for rank in a.prospects:
            closes = ", ".join(v.need_label(n) for n in rank.closes) or "no unmet need"
            extra = (f"; backs up {', '.join(v.need_label(n) for n in rank.strengthens)}"
                     if rank.strengthens else "")
            lines.append(f"  {rank.score:5.2f}  {rank.name} ({v.STAGES.label(rank.stage)}): meets {closes}{extra}")
        lines.append("")
    if a.empty_core_roles:
        lines.append("Empty core roles: " + ", ".join(v.ROLES.label(r) for r in a.empty_core_roles))
    return "\n".join(lines).rstrip() + "\n"
