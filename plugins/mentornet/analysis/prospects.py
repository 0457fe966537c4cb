"""Prospects ranked by what each would add to your network if they joined."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from mentornet.analysis.goals import GoalGap
from mentornet.analysis.measures import blau, inside_outside, provides, structure, systems
from mentornet.analysis.settings import DEFAULTS, AnalysisSettings
from mentornet.core import vocabulary as v
from mentornet.core.model import Person, Portfolio, Prospect


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



def _as_person(prospect: Prospect, via: Optional[str]) -> Person:
    return Person(id=prospect.id, name=prospect.name, organisation=prospect.organisation,
                  inside=prospect.inside, seniority=prospect.seniority,
                  social_system=prospect.social_system, influence=prospect.influence,
                  support=prospect.support, roles=prospect.roles, knows=(via,) if via else ())


def rank_prospects(portfolio: Portfolio, people: Sequence[Person], ties: Sequence[tuple[str, str]],
                   unmet: Sequence[str], goal_gaps: Sequence[GoalGap],
                   settings: AnalysisSettings = DEFAULTS,
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
    base_io = inside_outside(people).index
    base_range = len(systems(people))
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
            after_ties = list(ties) + ([(prospect.id, via) if prospect.id < via else (via, prospect.id)] if via else [])
        after = structure([p.id for p in after_people], after_ties)
        changes = {
            "range": Change(float(base_range), float(len(systems(after_people)))),
            "ei_index": Change(base_io, inside_outside(after_people).index),
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
