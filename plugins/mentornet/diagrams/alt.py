"""The diagrams' text alternatives (``aria-label``): what each shows, in a sentence or two."""

from __future__ import annotations

from mentornet.core import vocabulary as v
from mentornet.core.model import Person, Portfolio
from mentornet.core.voice import Voice
from mentornet.core.words import count_of
from mentornet.diagrams.style import MAX_SLOT_NAMES, OWNER, RINGS, clean


def map_title(portfolio: Portfolio, people: list[Person], voice: Voice = OWNER) -> str:
    if not people:
        return f"Network map of {clean(portfolio.profile.name)}: nobody in the network yet."
    rings = []
    for ring in RINGS:
        n = sum(1 for p in people if p.closeness == ring)
        if n:
            rings.append(f"{n} {(v.CLOSENESS.label(ring) if ring else 'closeness not recorded').lower()}")
    inside = sum(1 for p in people if p.inside)
    outside = sum(1 for p in people if p.inside is False)
    support = ", ".join(f"{sum(1 for p in people if t.id in p.support)} {t.label.lower()}" for t in v.SUPPORT)
    return (f"Network map of {clean(portfolio.profile.name)}: {count_of(len(people), 'person', 'people')} "
            f"in rings by closeness ({', '.join(rings)}); {inside} inside and {outside} outside "
            f"{voice.your()} organisation; support: {support}.")


def roles_title(portfolio: Portfolio, shown: list[v.Term], holders: dict[str, list[Person]]) -> str:
    parts = []
    for role in shown:
        names = [clean(p.name) for p in holders[role.id]]
        parts.append(f"{role.label.lower()}: " + (", ".join(names[:MAX_SLOT_NAMES])
                                                   + (f" and {len(names) - MAX_SLOT_NAMES} more"
                                                      if len(names) > MAX_SLOT_NAMES else "")
                                                   if names else "nobody yet"))
    gaps = [r.label.lower() for r in shown if not holders[r.id]]
    gap_text = f" Empty roles: {', '.join(gaps)}." if gaps else " Every core role is filled."
    return f"Mentoring roles around {clean(portfolio.profile.name)}: " + "; ".join(parts) + "." + gap_text


def range_title(portfolio: Portfolio, groups) -> str:
    if not groups:
        return f"Range of the network of {clean(portfolio.profile.name)}: nobody in the network yet."
    parts = [f"{clean(label)}: {len(members)}" for _, label, members in groups]
    systems = sum(1 for system, _, _ in groups if system is not None)
    return (f"Range of the network of {clean(portfolio.profile.name)}: people from "
            f"{count_of(systems, 'social system', 'social systems')} ({'; '.join(parts)}).")


def person_title(them: Person, known: list[Person], voice: Voice = OWNER) -> str:
    names = ", ".join(clean(p.name) for p in known)
    return (f"{clean(them.name)} and {voice.you()}" + (f"; in {voice.your()} network they know {names}." if known
                                                        else f"; they know nobody else in {voice.your()} network."))


def difference_title(labels: tuple[str, str], counts: dict[str, int], now: int) -> str:
    return (f"How the network changed from {clean(labels[0])} to {clean(labels[1])}: "
            f"{count_of(counts['joined'], 'person', 'people')} joined, {counts['left']} left, "
            f"{counts['changed']} changed; {count_of(now, 'person', 'people')} in the network now.")
