"""Your goals' needs against the people who meet them: gaps, and needs that hang on few."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from mentornet.analysis.measures import provides
from mentornet.analysis.settings import AnalysisSettings
from mentornet.core.model import Person, Portfolio


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


def gaps(portfolio: Portfolio, people: Sequence[Person] | None = None) -> tuple[GoalGap, ...]:
    """Each goal's needs matched with the people who provide them (``provides``)."""
    people = portfolio.active_people if people is None else people
    result = []
    for goal in portfolio.profile.goals:
        matches = tuple(NeedMatch(need, tuple(p.id for p in people if need in provides(p)))
                        for need in dict.fromkeys(goal.needs))
        result.append(GoalGap(goal.id, goal.text, goal.horizon, matches))
    return tuple(result)


def unmet(goal_gaps: Sequence[GoalGap]) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for gap in goal_gaps:
        for need in gap.unmet:
            found.setdefault(need, None)
    return tuple(found)


def thin(goal_gaps: Sequence[GoalGap], settings: AnalysisSettings) -> dict[str, tuple[str, ...]]:
    """Needs met, but by no more than ``settings.thin_max_providers`` people: need → providers."""
    found: dict[str, tuple[str, ...]] = {}
    for gap in goal_gaps:
        for match in gap.needs:
            if match.providers and len(match.providers) <= settings.thin_max_providers:
                found.setdefault(match.need, match.providers)
    return found


def providers(goal_gaps: Sequence[GoalGap], horizons: Sequence[str] | None = None) -> dict[str, tuple[str, ...]]:
    """Need → who meets it, over the goals with one of ``horizons`` (all goals: ``None``)."""
    found: dict[str, tuple[str, ...]] = {}
    for gap in goal_gaps:
        if horizons is None or gap.horizon in horizons:
            for match in gap.needs:
                found.setdefault(match.need, match.providers)
    return found
