"""The latest network audit against the one before it (Ibarra 2015's two-step audit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from mentornet.core.model import Audit, Portfolio


@dataclass(frozen=True)
class AuditChange:
    """The latest network audit against the one before it (Ibarra 2015's network audit)."""

    latest: Audit
    previous: Optional[Audit]
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

    def core(audit: Optional[Audit]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for i in audit.core if i in known)) if audit else ()

    def inside_share(ids: Sequence[str]) -> Optional[float]:
        sides = [side for i in ids if (side := known[i].inside) is not None]
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
