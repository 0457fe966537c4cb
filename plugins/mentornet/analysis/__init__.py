"""What the network's shape says: measures, you versus them, balance, the four traps, and
gaps against your goals.

Pure functions of a ``Portfolio``: the same portfolio and settings always give the same
``Analysis`` (the one input from outside is ``AnalysisSettings.as_of``, "today").
You are the *ego*; the people still in your network (``until`` not set) are the *alters*.

The modules, in the order ``analyze`` uses them:

- ``settings``: every rule of thumb, with its default (mentornet's own judgement, stated on the page);
- ``measures``: density, Burt's (1992) effective size, efficiency, constraint (plain and with
  ties weighted by closeness) and hierarchy; Blau (1977) and the IQV of Agresti & Agresti
  (1978); the E-I index of Krackhardt & Stern (1988); multiplexity and separate groups;
- ``homophily``: your people against you, field by field;
- ``goals``: your goals' needs against who meets them;
- ``balance``: balanced or in danger of tipping;
- ``traps``: Ibarra's (2015) four traps, each judged or not, with its rule and evidence;
- ``prospects``, ``audit``: what a prospect would add; the latest audit against the last;
- ``result``: the ``Analysis`` and its JSON; ``wording``: readings, answers, the terminal summary.

Range and strength are Higgins & Kram's (2001), strength after Granovetter (1973); kinds of
support follow Kram (1985) and the Developmental Network Exercise; knowing why, how and whom
De Janasz & Sullivan (2004).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Optional

from mentornet.analysis.audit import AuditChange, audit_change
from mentornet.analysis.balance import Tipping, tipping
from mentornet.analysis.goals import GoalGap, NeedMatch, gaps, thin, unmet
from mentornet.analysis.homophily import Homophily, homophily
from mentornet.analysis.measures import (ATTRIBUTE_PREFIX, CATEGORICAL_FIELDS, Constraint, Diversity,
                                         InsideOutside, Multiplexity, RedundantGroup, Structure,
                                         attribute_names, balance, balance_of, blau, components, constraint_terms,
                                         density, diversity_of, ego_constraint, ego_graph, ei_index,
                                         hierarchy, inside_outside, iqv, multiplexity, provides, redundancy,
                                         redundant_pairs, structure, support_grid, systems, weighted_constraint)
from mentornet.analysis.prospects import Change, ProspectRank, rank_prospects
from mentornet.analysis.result import DIMENSIONS, NETWORK_TYPES, Analysis
from mentornet.analysis.settings import DEFAULTS, AnalysisSettings, ProspectWeights, Rule, TieWeights, rules_of_thumb
from mentornet.analysis.traps import TRAP_IDS, Trap, birds_of_a_feather, echo_chamber, network_lag, pigeonholing
from mentornet.analysis.wording import answers, readings, summary_text
from mentornet.core import vocabulary as v
from mentornet.core.model import Portfolio

#: The name history's measures have used (one home: ``measures.systems``).
_systems = systems

__all__ = [
    "ATTRIBUTE_PREFIX", "CATEGORICAL_FIELDS", "DIMENSIONS", "NETWORK_TYPES", "TRAP_IDS", "Analysis",
    "AnalysisSettings", "AuditChange", "Change", "Constraint", "Diversity", "GoalGap", "Homophily",
    "InsideOutside", "Multiplexity", "NeedMatch", "ProspectRank", "ProspectWeights", "RedundantGroup", "Rule",
    "Structure", "TieWeights", "Tipping", "Trap", "analyze", "audit_change", "balance_of", "blau",
    "components", "constraint_terms", "density", "diversity_of", "ego_constraint", "ego_graph", "ei_index",
    "gaps", "hierarchy", "homophily", "iqv", "multiplexity", "provides", "rank_prospects", "redundancy",
    "redundant_pairs", "rules_of_thumb", "structure", "summary_text", "systems", "weighted_constraint",
]


def _range_reading(count: int, size: int, settings: AnalysisSettings) -> Optional[str]:
    if size == 0:
        return None
    return "high" if count >= settings.range_high_min else "low"


def _strength_reading(strength: dict[str, int], settings: AnalysisSettings) -> Optional[str]:
    counted = sum(strength.values())
    if not counted:
        return None
    return "strong" if strength["close"] / counted >= settings.strong_min_close_share else "weak"


def analyze(portfolio: Portfolio, settings: AnalysisSettings = DEFAULTS) -> Analysis:
    """Every measure, trap, gap and prospect of a portfolio's current network."""
    as_of = settings.as_of or dt.date.today()
    people = portfolio.active_people
    ids = [p.id for p in people]
    members = set(ids)
    ties = sorted(t for t in portfolio.ties if t[0] in members and t[1] in members)
    shape = structure(ids, ties)

    fields = list(CATEGORICAL_FIELDS) + [ATTRIBUTE_PREFIX + name
                                         for name in attribute_names(portfolio, people, settings)]
    diversity = {name: diversity_of(people, name, portfolio) for name in fields}
    io = inside_outside(people)
    found_systems = systems(people)
    strength = {term: sum(1 for p in people if p.closeness == term) for term in v.CLOSENESS.ids}
    counts = balance(people)
    goal_gaps = gaps(portfolio, people)
    missing = unmet(goal_gaps)
    thin_needs = thin(goal_gaps, settings)
    like_you = homophily(portfolio, people)
    weighted = weighted_constraint(people, ties, settings.tie_weights)

    found_traps = (
        echo_chamber(len(people), io, shape.density, settings),
        birds_of_a_feather(len(people), like_you, settings),
        network_lag(people, goal_gaps, as_of, settings),
        pigeonholing(people, goal_gaps, settings),
    )
    result = Analysis(
        as_of=as_of, people=tuple(ids), structure=shape, diversity=diversity, inside_outside=io,
        social_systems=found_systems, range_reading=_range_reading(len(found_systems), len(people), settings),
        strength=strength, strength_unspecified=len(people) - sum(strength.values()),
        strength_reading=_strength_reading(strength, settings), balance=counts,
        empty_core_roles=tuple(role for role in v.CORE_ROLES if counts["roles"][role] == 0),
        redundancy=redundancy(people, ties),
        influence_levels={level: tuple(p.id for p in people if p.influence == level) for level in v.INFLUENCE.ids},
        traps=found_traps, gaps=goal_gaps, unmet_needs=missing, thin_needs=thin_needs,
        prospects=rank_prospects(portfolio, people, ties, missing, goal_gaps, settings, tuple(thin_needs)),
        audit=audit_change(portfolio), readings={}, homophily=like_you, weighted=weighted,
        multiplexity=multiplexity(people), components=components(ids, ties), grid=support_grid(people),
        tipping=tipping(weighted, goal_gaps, settings), settings=settings)
    return dataclasses.replace(result, readings=readings(portfolio, result), answers=answers(portfolio, result))
