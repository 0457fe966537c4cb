"""What each audience will see: the few lines ``mentornet check`` ends with.

A newcomer's notes about a mentee reaching a mentor's site with no warning is the surprise
this prevents: the counts come from the one gate (:func:`~mentornet.audience.view`), under the
policy a build applies, so they are exactly what a mentor's or the public build would hold.
"""

from __future__ import annotations

from mentornet.audience import AUDIENCES, view
from mentornet.audience.markers import has_markers
from mentornet.audience.policy import POLICY_FILE
from mentornet.core.model import Portfolio, Sharing
from mentornet.core.words import people_word


def _count(shown: int, total: int, what: str) -> str:
    return f"{shown} of {total} {what}"


def summary(loaded: Portfolio, policy: Sharing) -> list[str]:
    """Lines saying what a mentor and the public will see under ``policy``, and which notes go unmarked."""
    lines = []
    people_notes = sum(1 for p in loaded.people if p.notes.strip())
    for audience in AUDIENCES:
        if audience.owner:
            continue
        seen = view(loaded, audience, policy).portfolio
        notes = sum(1 for p in seen.people if p.notes.strip())
        ids = {p.id for p in seen.people}
        kept = sum(1 for p in loaded.people if p.id in ids and has_markers(p.notes))
        parts = [_count(len(seen.people), len(loaded.people), people_word(len(loaded.people))),
                 _count(notes, people_notes, "people's notes")
                 + (f" ({kept} with a private passage left out)" if kept else ""),
                 _count(len(seen.journal), len(loaded.journal), "journal entries")]
        if audience.plan:
            plan = len(loaded.plan.activities) + len(loaded.plan.prospects)
            parts += [_count(len(seen.plan.activities) + len(seen.plan.prospects), plan, "plan items"),
                      _count(len(seen.reflections), len(loaded.reflections), "reflections")]
        site = audience.site[0].upper() + audience.site[1:]
        lines.append(f"{site} (MENTORNET_AUDIENCE={audience.name}) shows {', '.join(parts)}.")
    unmarked = [p for p in loaded.people if p.visibility is None and p.notes.strip()]
    reach = [audience for audience in AUDIENCES if audience.shared and audience.sees(policy.unmarked)]
    if unmarked and reach:
        names = ", ".join(p.id for p in unmarked[:5]) + (", …" if len(unmarked) > 5 else "")
        lines.append(f"Careful: {len(unmarked)} people with notes have no `visibility:` line ({names}), so "
                     f"their notes follow the sharing policy (unmarked: {policy.unmarked}) and reach "
                     f"{reach[0].site}. Mark them `visibility: private`, or keep a passage "
                     "to yourself with <!-- private --> … <!-- /private -->.")
    lines.append(f"Items without a `visibility:` line count as {policy.unmarked}, hand-written pages without one "
                 f"as {policy.pages} (data/{POLICY_FILE}, the portfolio's sharing policy).")
    return lines
