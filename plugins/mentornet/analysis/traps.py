"""Ibarra's (2015) four network traps, each read from the data with a stated rule.

Ibarra describes the traps in words: birds of a feather (your contacts are like you), echo
chamber (all internal, all knowing each other), network lag (about your past, not your
future) and pigeonholing (they cannot see you doing something different). The cut-offs
that turn those words into a yes or no are mentornet's own (``settings.rules_of_thumb``).

Every trap says whether it was *judged*: never with fewer than ``trap_min_people`` people,
nor when the fields it reads are known for fewer than ``trap_min_known_share`` of them. A
blank field is unknown, never "no". A trap that was not judged has not fired.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence

from mentornet.analysis.goals import GoalGap, providers
from mentornet.analysis.homophily import Homophily
from mentornet.analysis.measures import InsideOutside, described, provides
from mentornet.analysis.settings import AnalysisSettings, rule
from mentornet.core import vocabulary as v
from mentornet.core.model import Person
from mentornet.core.words import plural
from mentornet.core.yamldata import Json, JsonMap

TRAP_IDS = ("echo-chamber", "birds-of-a-feather", "network-lag", "pigeonholing")

LABELS = {"echo-chamber": "Echo chamber", "birds-of-a-feather": "Birds of a feather",
          "network-lag": "Network lag", "pigeonholing": "Pigeonholing"}

ADVICE = {
    "echo-chamber": ("Bring in people from outside your organisation: a society's committee, a project with "
                     "another institution, an introduction from someone inside who knows people outside. "
                     "Fresh views rarely come from people who all talk to each other."),
    "birds-of-a-feather": ("Look for people unlike you: at another career stage, in another discipline, from "
                           "another background or place. A junior colleague can mentor you too (reverse "
                           "mentoring)."),
    "network-lag": ("Your network grew around where you were; look at each long-term goal and ask who would help "
                    "with the next step. Add people who see where your field is going, and let some old ties "
                    "rest."),
    "pigeonholing": ("Let people see you in more than one light: bring a career or strategic question to someone "
                     "who only ever helps you with the work, and ask a senior contact what they see you doing "
                     "next."),
}


@dataclass(frozen=True)
class Trap:
    """One trap as read from the data: whether it could be judged, whether it fired, and why."""

    id: str
    label: str
    judged: bool
    fired: bool
    evidence: str
    #: The rule applied, in words, with its thresholds.
    rule: str
    advice: str
    #: The figures behind the evidence, for JSON and for tests.
    figures: JsonMap = field(default_factory=dict)

    @property
    def detected(self) -> bool:
        return self.fired


def _trap(trap_id: str, settings: AnalysisSettings, judged: bool, fired: bool, evidence: str,
          figures: JsonMap) -> Trap:
    return Trap(trap_id, LABELS[trap_id], judged, judged and fired, evidence, rule(settings, trap_id),
                ADVICE[trap_id], figures)


def _pct(share: Optional[float]) -> str:
    return "n/a" if share is None else f"{round(share * 100)}%"


def _enough(known: int, size: int, settings: AnalysisSettings) -> bool:
    return size > 0 and known >= settings.trap_min_known_share * size


def _not_judged(trap_id: str, settings: AnalysisSettings, size: int, what: str = "", known: int = 0,
                figures: Optional[JsonMap] = None) -> Optional[Trap]:
    """The "too few people to judge" trap, or ``None`` when there are people enough and the
    fields are known often enough."""
    if size < settings.trap_min_people:
        return _trap(trap_id, settings, False, False,
                     f"Too few people to judge: {size} in your network, and mentornet judges this trap "
                     f"from {settings.trap_min_people}.", {"size": size, **(figures or {})})
    if what and not _enough(known, size, settings):
        return _trap(trap_id, settings, False, False,
                     f"Too little data to judge: {what} is known for {known} of your {size} people, fewer "
                     f"than {_pct(settings.trap_min_known_share)}.", {"size": size, **(figures or {})})
    return None


def echo_chamber(size: int, io: InsideOutside, density: Optional[float], settings: AnalysisSettings) -> Trap:
    """Mostly inside your organisation and densely tied, with most sides known."""
    known = io.inside + io.outside
    share = io.inside / known if known else None
    figures = {"size": size, "inside": io.inside, "known": known, "inside_share": share, "density": density}
    skipped = _not_judged("echo-chamber", settings, size, "whether a person is inside your organisation",
                          known, figures)
    if skipped:
        return skipped
    assert share is not None and density is not None
    fired = share >= settings.echo_min_inside_share and density >= settings.echo_min_density
    evidence = (f"{io.inside} of the {known} people with a known side ({_pct(share)}) are inside your "
                f"organisation, and {_pct(density)} of the pairs of your {size} people know each other.")
    return _trap("echo-chamber", settings, True, fired, evidence, figures)


def birds_of_a_feather(size: int, like_you: Mapping[str, Homophily], settings: AnalysisSettings) -> Trap:
    """Your people are like you: on average over the fields known for most of them, most match you."""
    compared = [h for h in like_you.values() if h.share is not None and _enough(h.known, size, settings)]
    figures: dict[str, Json] = {"size": size, "fields": [h.field for h in compared]}
    best_known = max((h.known for h in like_you.values() if h.same is not None), default=0)
    skipped = _not_judged("birds-of-a-feather", settings, size, "every field mentornet compares with you",
                          best_known if not compared else size, figures)
    if skipped:
        return skipped
    mean = sum(h.share for h in compared) / len(compared)  # type: ignore[misc]
    figures.update({"mean_same_share": mean, **{f"same.{h.field}": h.share for h in compared}})
    parts = [f"{h.same} of {h.known} {'are peers' if h.field == 'seniority' else 'share your ' + h.title.lower()}"
             for h in compared]
    evidence = ("; ".join(parts) + f": on average {_pct(mean)} of your people match you.")
    return _trap("birds-of-a-feather", settings, True, mean >= settings.birds_min_same_share,
                 evidence[:1].upper() + evidence[1:], figures)


def _years_before(day: dt.date, years: int) -> dt.date:
    if day.year - years < dt.MINYEAR:  # before the year 1: the calendar's first day
        return dt.date.min
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def network_lag(people: Sequence[Person], goal_gaps: Sequence[GoalGap], as_of: dt.date,
                settings: AnalysisSettings) -> Trap:
    """Your network serves your past: long-horizon needs unmet while the nearer ones are met.

    Only fit decides: people who have been there for years and meet every long-term need are
    no lag. How long ties have lasted is evidence shown beside the verdict, never a trigger."""
    size = len(people)
    future = providers(goal_gaps, settings.lag_future_horizons)
    present = providers(goal_gaps, settings.lag_present_horizons)
    known = sum(1 for p in people if described(p))
    figures: dict[str, Json] = {"size": size, "described": known, "future_needs": len(future),
                               "present_needs": len(present)}
    skipped = _not_judged("network-lag", settings, size, "what a person helps you with", known, figures)
    if skipped:
        return skipped
    horizons = " or ".join(settings.lag_future_horizons)
    if not future:
        return _trap("network-lag", settings, False, False,
                     f"Too little data to judge: none of your goals is {horizons}-term, so there is no future "
                     "for your network to lag behind.", figures)
    future_met = sum(1 for ids in future.values() if ids)
    present_met = sum(1 for ids in present.values() if ids)
    future_coverage = future_met / len(future)
    present_coverage = present_met / len(present) if present else None
    goals_signal = (future_coverage < settings.lag_max_future_coverage
                    and (present_coverage is None or present_coverage >= settings.lag_min_present_coverage))

    servers = [p for p in people if provides(p) & set(future)]
    dated = [p for p in people if p.since is not None]
    old_cut, recent_cut = _years_before(as_of, settings.lag_old_years), _years_before(as_of, settings.lag_recent_years)
    recent = sum(1 for p in dated if p.since is not None and p.since >= recent_cut)
    recent_share = recent / len(dated) if dated else None
    old_servers = sum(1 for p in servers if p.since is not None and p.since < old_cut)
    tenure_known = _enough(len(dated), size, settings)  # shown as evidence, never a trigger
    figures.update({"future_met": future_met, "future_coverage": future_coverage, "present_met": present_met,
                    "present_coverage": present_coverage, "serving_future": len(servers),
                    "serving_future_old": old_servers, "dated": len(dated), "recent": recent,
                    "recent_share": recent_share})
    parts = [f"{future_met} of the {len(future)} needs of your {horizons}-term goals are met"]
    if present:
        parts.append(f"so are {present_met} of the {len(present)} needs of your nearer goals")
    if tenure_known:
        served = (f"{old_servers} of the {len(servers)} people who serve your {horizons}-term goals have been "
                  f"in your network for more than {settings.lag_old_years} years, and " if servers else "")
        parts.append(f"{served}{recent} of {len(dated)} people with a start date joined in the last "
                     f"{settings.lag_recent_years} years (how long ties have lasted is shown, not judged)")
    else:
        parts.append("how long people have been in your network is known for too few of them to say more")
    evidence = "; ".join(parts) + "."
    return _trap("network-lag", settings, True, goals_signal,
                 evidence[:1].upper() + evidence[1:], figures)


def pigeonholing(people: Sequence[Person], goal_gaps: Sequence[GoalGap], settings: AnalysisSettings) -> Trap:
    """Your people support only what you do now and none the change your goals ask for."""
    size = len(people)
    now = set(settings.pigeonhole_present_terms)
    asked = [need for need in providers(goal_gaps) if need in settings.pigeonhole_change_terms]
    change = tuple(asked) if asked else settings.pigeonhole_change_terms
    known = [p for p in people if described(p)]
    figures: dict[str, Json] = {"size": size, "described": len(known), "change": list(change)}
    skipped = _not_judged("pigeonholing", settings, size, "what a person helps you with", len(known), figures)
    if skipped:
        return skipped
    present_givers = sum(1 for p in known if provides(p) & now)
    change_givers = sum(1 for p in people if provides(p) & set(change))
    present_share = present_givers / len(known)
    figures.update({"present": present_givers, "present_share": present_share, "change_givers": change_givers})
    fired = change_givers == 0 and present_share >= settings.pigeonhole_min_present_share
    what_now = " or ".join(v.need_label(t).lower() for t in settings.pigeonhole_present_terms)
    what_change = ", ".join(v.need_label(t).lower() for t in change)
    evidence = (f"{present_givers} of the {len(known)} people whose help is recorded help with what you do now "
                f"({what_now}); {change_givers} {plural(change_givers, 'meets', 'meet')} a need of the change "
                f"{'your goals ask for' if asked else 'mentornet looks for'} ({what_change}).")
    return _trap("pigeonholing", settings, True, fired, evidence, figures)
