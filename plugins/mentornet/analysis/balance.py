"""Is your network balanced or in danger of tipping? (the exercise's balance question)

A network tips when it rests on one person: someone who carries a large share of your
constraint (Burt 1992, your ties weighted by closeness), or who is the only one meeting a
need your goals have. How large a share is too large is mentornet's own rule of thumb
(``AnalysisSettings.tipping_max_share``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from mentornet.analysis.goals import GoalGap, providers
from mentornet.analysis.measures import Constraint
from mentornet.analysis.settings import AnalysisSettings


@dataclass(frozen=True)
class Tipping:
    """The verdict, with the people it names."""

    #: Person id → share of your weighted constraint, for those above the rule's share; largest first.
    carriers: dict[str, float]
    #: Need of your goals → the one person who meets it.
    only_sources: dict[str, str]
    #: ``None`` with nobody in your network.
    tipping: Optional[bool]

    @property
    def verdict(self) -> Optional[str]:
        return None if self.tipping is None else ("tipping" if self.tipping else "balanced")

    @property
    def named(self) -> tuple[str, ...]:
        """Everyone the verdict names, once, carriers first."""
        return tuple(dict.fromkeys([*self.carriers, *self.only_sources.values()]))


def tipping(constraint: Constraint, goal_gaps: Sequence[GoalGap], settings: AnalysisSettings) -> Tipping:
    if not constraint.shares:
        return Tipping({}, {}, None)
    carriers = dict(sorted(((person, share) for person, share in constraint.shares.items()
                            if share > settings.tipping_max_share), key=lambda item: -item[1]))
    only = {need: ids[0] for need, ids in providers(goal_gaps).items() if len(ids) == 1}
    return Tipping(carriers, only, bool(carriers or only))
