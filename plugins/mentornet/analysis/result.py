"""What the analysis found, as one value the pages, the terminal and ``--json`` read."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Optional

from mentornet.analysis.audit import AuditChange
from mentornet.core.yamldata import JsonMap
from mentornet.analysis.balance import Tipping
from mentornet.analysis.goals import GoalGap
from mentornet.analysis.homophily import Homophily
from mentornet.analysis.measures import (Constraint, Diversity, InsideOutside, Multiplexity, RedundantGroup,
                                         Structure, redundant_pairs)
from mentornet.analysis.prospects import ProspectRank
from mentornet.analysis.settings import AnalysisSettings, Rule, rules_of_thumb
from mentornet.analysis.traps import Trap

#: The seven questions of the Developmental Network Exercise, in the order pages show them:
#: (id, title, the question it answers, where the ideas come from).
DIMENSIONS: tuple[tuple[str, str, str, str], ...] = (
    ("diversity", "Diversity", "How different are the people you turn to, from you and from each other?",
     "Blau (1977) for the heterogeneity index; Agresti & Agresti (1978) for the index of qualitative "
     "variation; Krackhardt & Stern (1988) for the E-I index, here also between you and your people; "
     "Higgins & Kram (2001) on diverse developmental networks"),
    ("redundancy", "Redundancy", "Do people who give you the same kind of help also know each other?",
     "Burt (1992), Structural Holes, on redundant contacts and effective size; the groups of people who "
     "give the same kind of support and all know each other are mentornet's own reading of the question"),
    ("interconnectivity", "Interconnectivity", "How many of your people know each other?",
     "Burt (1992): density, effective size, efficiency and constraint of an ego network; separate groups "
     "are the connected components of your people with you left out"),
    ("strength", "Strength", "How close are your relationships?",
     "Granovetter (1973) on the strength of ties, which Higgins & Kram (2001) carry over to developmental "
     "relationships; the exercise records it as close, moderate or distant"),
    ("balance", "Balance", "Is your network balanced, or in danger of tipping?",
     "The exercise's balance question; Kram (1985) on career and psychosocial support; Ibarra (2015) on "
     "operational, personal and strategic networks; De Janasz & Sullivan (2004) on knowing why, how and "
     "whom; Burt (1992) for constraint and hierarchy, here with ties weighted by closeness"),
    ("influence", "Power and influence", "Who in your network shapes decisions that matter to you?",
     "The Developmental Network Exercise; Ibarra (2015) on strategic networks"),
    ("range", "Range", "How many different social systems do your people come from?",
     "Higgins & Kram (2001) define range as the number of social systems a developmental network reaches; "
     "they set no cut-off between low and high"),
)

#: Higgins & Kram's (2001) four kinds of developmental network, by range and strength.
NETWORK_TYPES = {
    ("low", "weak"): ("receptive", "Receptive: a few weak ties from one or two worlds."),
    ("low", "strong"): ("traditional", "Traditional: strong ties from one or two worlds."),
    ("high", "weak"): ("opportunistic", "Opportunistic: weak ties reaching many worlds."),
    ("high", "strong"): ("entrepreneurial", "Entrepreneurial: strong ties reaching many worlds."),
}


def _num(value: Optional[float]) -> Optional[float]:
    """A number for JSON: rounded to 4 places; NaN, infinities and ``None`` are ``None``."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else round(value, 4)


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
    #: You versus them: field -> how many of your people match you.
    homophily: dict[str, Homophily] = field(default_factory=dict)
    #: Constraint with your ties weighted by closeness, its shares and Burt's hierarchy.
    weighted: Constraint = field(default_factory=lambda: Constraint(None, {}, None))
    multiplexity: Multiplexity = field(default_factory=lambda: Multiplexity(0, None, ()))
    #: Separate groups among your people (connected components with you left out).
    components: int = 0
    #: The exercise's map: kind of support -> closeness (``unknown``: not said) -> people.
    grid: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    tipping: Tipping = field(default_factory=lambda: Tipping({}, {}, None))
    #: One plain sentence per dimension id, for the worksheet.
    answers: dict[str, str] = field(default_factory=dict)
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
    def constraint_weighted(self) -> Optional[float]:
        return self.weighted.value

    @property
    def constraint_share(self) -> dict[str, float]:
        return self.weighted.shares

    @property
    def hierarchy(self) -> Optional[float]:
        return self.weighted.hierarchy

    @property
    def strength_by_support(self) -> dict[str, dict[str, int]]:
        """Kind of support -> closeness -> how many: are your career supporters close?"""
        return {kind: {closeness: len(ids) for closeness, ids in cells.items()} for kind, cells in self.grid.items()}

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule of thumb applied, in words (the page states them all)."""
        return rules_of_thumb(self.settings)

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
                      "reading": self.readings.get(id_, ""), "answer": self.answers.get(id_, "")}
                     for id_, title, question, source in DIMENSIONS)

    def to_json(self) -> JsonMap:
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
            "traps": [trap.id for trap in self.traps if trap.fired],
            "trap_details": [{"id": t.id, "label": t.label, "fired": t.fired, "judged": t.judged,
                              "detected": t.detected, "rule": t.rule,
                              "evidence": t.evidence, "advice": t.advice,
                              "figures": {k: _num(x) if isinstance(x, float) else x
                                          for k, x in t.figures.items()}}
                             for t in self.traps],
            "homophily": {name: {"same": _num(h.share), "ei": _num(h.ei), "known": h.known}
                          for name, h in self.homophily.items()},
            "constraint_weighted": _num(self.constraint_weighted),
            "constraint_share": {person: _num(share) for person, share in self.constraint_share.items()},
            "hierarchy": _num(self.hierarchy),
            "multiplexity": {"count": self.multiplexity.count, "share": _num(self.multiplexity.share),
                             "people": list(self.multiplexity.people)},
            "components": self.components,
            "strength_by_support": self.strength_by_support,
            "tipping": {"verdict": self.tipping.verdict,
                        "carriers": {person: _num(share) for person, share in self.tipping.carriers.items()},
                        "only_sources": dict(self.tipping.only_sources)},
            "rules_of_thumb": [{"id": r.id, "settings": list(r.keys), "text": r.text} for r in self.rules],
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
