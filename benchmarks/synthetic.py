"""Synthetic portfolios for the diagram benchmark and screenshots (deterministic by seed)."""

from __future__ import annotations

import random

from mentornet.core import vocabulary as v
from mentornet.core.model import Person, Portfolio, Profile

FIRST = ("Ada", "Bram", "Chidi", "Dana", "Eun-ji", "Farah", "Gareth", "Hana", "Ingrid", "Jonas",
         "Kofi", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Samuel", "Tariq",
         "Ulla", "Vikram", "Wen", "Ximena", "Yusuf", "Zofia")
LAST = ("Achterberg", "Bianchi", "Castillo", "Dubois", "Eriksen", "Fairweather", "Garcia",
        "Halvorsen", "Ivanova", "Jankowski", "Kowalczyk", "Lindqvist", "Mensah", "Nair", "Osei",
        "Pryce", "Quinn", "Rahman", "Sato", "Thompson", "Uddin", "Vargas", "Whitlock", "Xu")


def synthetic(n: int, ties_per_person: float = 3.0, seed: int = 1) -> Portfolio:
    rng = random.Random(seed)
    ids = [f"person-{i:03d}" for i in range(n)]
    knows: dict[str, set[str]] = {i: set() for i in ids}
    for _ in range(int(n * ties_per_person / 2)):
        a, b = rng.sample(ids, 2) if n > 1 else (ids[0], ids[0])
        if a != b:
            knows[a].add(b)
    people = []
    for pid in ids:
        name = f"{'Dr ' if rng.random() < 0.3 else ''}{rng.choice(FIRST)} {rng.choice(LAST)}"
        people.append(Person(
            id=pid, name=name, title="Researcher", organisation=rng.choice(("Calderbridge", "Elsewhere")),
            inside=rng.choice((True, False, True, None)),
            seniority=rng.choice(("senior", "peer", "junior", "senior", None)),
            closeness=rng.choices(("close", "moderate", "distant", None), (2, 4, 6, 1))[0],
            support=tuple(s for s in v.SUPPORT.ids if rng.random() < 0.4),
            roles=tuple(r for r in v.ROLES.ids if rng.random() < 0.12),
            social_system=rng.choice(v.SOCIAL_SYSTEMS.ids + (None,)),
            knows=tuple(sorted(knows[pid]))))
    return Portfolio(profile=Profile(name="Dr Maya Lindqvist", organisation="Calderbridge"),
                     people=tuple(people))
