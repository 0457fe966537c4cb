"""Small hand-built portfolios for the analysis tests: people, profiles, stars and cliques."""

from __future__ import annotations

import datetime as dt
import json

from mentornet.analysis import AnalysisSettings
from mentornet.core.model import Person, Plan, Portfolio, Profile

AS_OF = dt.date(2026, 11, 1)
SETTINGS = AnalysisSettings(as_of=AS_OF)


def person(id_: str, **fields) -> Person:
    return Person(id=id_, name=fields.pop("name", id_.replace("-", " ").title()), **fields)


def portfolio(*people: Person, goals=(), prospects=(), audits=(), shared_attributes=None, **profile) -> Portfolio:
    """A portfolio of ``people``; ``profile`` holds the owner's fields (organisation, attributes…)."""
    return Portfolio(profile=Profile(name="Me", goals=tuple(goals), **profile), people=tuple(people),
                     plan=Plan(prospects=tuple(prospects)), audits=tuple(audits),
                     shared_attributes=shared_attributes)


def star(n: int = 4, **fields) -> list[Person]:
    return [person(f"p{i}", **fields) for i in range(1, n + 1)]


def clique(ids, **fields) -> list[Person]:
    return [person(i, knows=tuple(j for j in ids if j != i), **fields) for i in ids]


def no_nan(data) -> str:
    return json.dumps(data, allow_nan=False)


def years_ago(years: float) -> dt.date:
    return AS_OF - dt.timedelta(days=round(years * 365.25))
