"""What each audience will see: the few lines ``mentornet check`` ends with.

A newcomer's notes about a mentee reaching a mentor's site with no warning is the surprise
this prevents: the counts come from the one gate (:func:`~mentornet.audience.for_audience`),
so they are exactly what a mentor's or the public build would hold.
"""

from __future__ import annotations

from mentornet.audience import for_audience
from mentornet.audience.markers import has_markers
from mentornet.core.model import Portfolio
from mentornet.pipeline import Options


def _count(shown: int, total: int, what: str) -> str:
    return f"{shown} of {total} {what}"


def summary(loaded: Portfolio, options: Options) -> list[str]:
    """Lines saying what a mentor and the public will see, and which notes go unmarked."""
    default = options.default_visibility
    lines = []
    people_notes = sum(1 for p in loaded.people if p.notes.strip())
    for audience, who in (("mentor", "Your mentor's site"), ("public", "The public site")):
        seen = for_audience(loaded, audience, default, options.shared_attributes)
        notes = sum(1 for p in seen.people if p.notes.strip())
        ids = {p.id for p in seen.people}
        kept = sum(1 for p in loaded.people if p.id in ids and has_markers(p.notes))
        parts = [_count(len(seen.people), len(loaded.people), "people"),
                 _count(notes, people_notes, "people's notes")
                 + (f" ({kept} with a private passage left out)" if kept else ""),
                 _count(len(seen.journal), len(loaded.journal), "journal entries")]
        if audience == "mentor":
            plan = len(loaded.plan.activities) + len(loaded.plan.prospects)
            parts += [_count(len(seen.plan.activities) + len(seen.plan.prospects), plan, "plan items"),
                      _count(len(seen.reflections), len(loaded.reflections), "reflections")]
        lines.append(f"{who} (MENTORNET_AUDIENCE={audience}) shows {', '.join(parts)}.")
    unmarked = [p for p in loaded.people if p.visibility is None and p.notes.strip()]
    if unmarked and default != "private":
        names = ", ".join(p.id for p in unmarked[:5]) + (", …" if len(unmarked) > 5 else "")
        lines.append(f"Careful: {len(unmarked)} people with notes have no `visibility:` line ({names}), so "
                     f"their notes follow default_visibility ({default}) and reach your mentor. Mark them "
                     "`visibility: private`, or keep a passage to yourself with <!-- private --> … <!-- /private -->.")
    lines.append(f"Items without a `visibility:` line count as {default} (default_visibility in mkdocs.yml).")
    return lines
