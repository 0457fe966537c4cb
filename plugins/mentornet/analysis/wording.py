"""The analysis in plain words: a reading per dimension, a one-sentence answer per question
of the exercise (the worksheet), and the terminal summary.

Every threshold a sentence leans on comes from the settings, so the words and the rules of
thumb on the page never disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Optional

from mentornet.analysis.measures import ATTRIBUTE_PREFIX, CATEGORICAL_FIELDS, Diversity, redundant_pairs
from mentornet.analysis.settings import AnalysisSettings
from mentornet.core import vocabulary as v
from mentornet.core.model import Portfolio
from mentornet.core.words import count_of, people_word, plural

if TYPE_CHECKING:
    from mentornet.analysis.result import Analysis


def pct(share: Optional[float]) -> str:
    return "n/a" if share is None else f"{round(share * 100)}%"


def of(k: int, n: int) -> str:
    """'all 5', 'none of the 5', '3 of 5'."""
    if n > 1 and k == n:
        return f"all {n}"
    if n > 0 and k == 0:
        return f"none of the {n}"
    return f"{k} of {n}"


def category(d: Diversity, value: Optional[str]) -> str:
    """A category as it reads inside a sentence: vocabulary labels in lower case, free values as typed."""
    if value is None:
        return ""
    label = d.label(value)
    return label.lower() if CATEGORICAL_FIELDS.get(d.field) is not None or d.field == "inside" else label


def sentence(text: str) -> str:
    """``text`` opening a sentence: its first letter upper case, the rest as written
    (``str.capitalize`` would lower a month's name: "since 2 august 2024")."""
    return text[:1].upper() + text[1:]


def fmt(value: Optional[float], places: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{places}f}"


def names(portfolio: Portfolio, ids: Iterable[str], limit: Optional[int] = None) -> str:
    """'Ann', 'Ann and Bea', 'Ann, Bea and Cy'; past ``limit`` names, 'Ann, Bea and 5 more'."""
    found = [portfolio.people_by_id[i].name if i in portfolio.people_by_id else i for i in ids]
    if limit is not None and len(found) > limit:
        return ", ".join(found[:limit]) + f" and {len(found) - limit} more"
    if len(found) <= 1:
        return "".join(found)
    return ", ".join(found[:-1]) + " and " + found[-1]


def knit(density: float, settings: AnalysisSettings) -> str:
    if density < settings.density_loose_below:
        return "loosely knit"
    return "tightly knit" if density >= settings.density_tight_from else "moderately knit"


def _like_you(a: "Analysis") -> list[str]:
    """'3 of 8 share your social system', … for the fields compared with you."""
    parts = []
    for h in a.homophily.values():
        if h.share is None:
            continue
        what = "are peers" if h.field == "seniority" else f"share your {h.title.lower()}"
        parts.append(f"{h.same} of {h.known} {what}")
    return parts


def _groups(n: int) -> str:
    return "one group" if n == 1 else f"{n} separate groups"


# --- readings: the paragraph under each dimension -------------------------------------------


def readings(portfolio: Portfolio, a: "Analysis") -> dict[str, str]:
    from mentornet.analysis.result import DIMENSIONS

    s = a.settings
    size = a.size
    if size == 0:
        empty = "Nobody is in your network yet: add the people you turn to, and this fills in."
        return {id_: empty for id_, *_ in DIMENSIONS}
    found = {}

    # diversity: among themselves, then against you
    measured = [d for name, d in a.diversity.items() if d.iqv is not None and name not in ("inside", "closeness")]
    parts = []
    if measured:
        most = max(measured, key=lambda d: d.iqv or 0.0)
        least = min(measured, key=lambda d: d.iqv or 0.0)
        parts.append(f"Among themselves, your people vary most in {most.title.lower()} (IQV {most.iqv:.2f}) and "
                     f"least in {least.title.lower()} (IQV {least.iqv:.2f}: "
                     f"{of(least.dominant_count, least.n)} share one, {category(least, least.dominant)}).")
    else:
        parts.append("Too few people have a seniority, organisation or background recorded to measure variety.")
    like = _like_you(a)
    if like:
        parts.append("Against you: " + "; ".join(like) + ".")
    io = a.inside_outside
    if io.index is not None:
        parts.append(sentence(f"{of(io.outside, io.inside + io.outside)} with a known side are outside your "
                              f"organisation (E-I index {io.index:+.2f}: −1 is all inside, +1 all outside)."))
    found["diversity"] = " ".join(parts)

    # redundancy
    if a.redundancy:
        biggest = max(a.redundancy, key=lambda g: len(g.people))
        pairs = sum(redundant_pairs(a.redundancy).values())
        found["redundancy"] = (
            f"{count_of(pairs, 'pair')} of people give you the same kind of support and know "
            f"each other; the largest such circle, where everyone knows everyone: {names(portfolio, biggest.people)} "
            f"({v.SUPPORT.label(biggest.support).lower()}). Overlap is a safety net, but such people "
            "tend to hear, and tell you, the same things.")
    else:
        found["redundancy"] = ("No two people who give you the same kind of support know each other: "
                               "each brings you something of their own.")
    if a.effective_size is not None:
        found["redundancy"] += (f" In Burt's terms, {size - a.effective_size:.1f} of your {size} "
                                "contacts are redundant.")

    # interconnectivity
    if a.density is None:
        found["interconnectivity"] = ("With one person there are no ties among your people to count; "
                                      "add more people to see how your network hangs together.")
    else:
        found["interconnectivity"] = (
            f"{pct(a.density)} of the pairs of your people know each other, so mentornet calls your network "
            f"{knit(a.density, s)}; with you left out they fall into {_groups(a.components)}. Your effective "
            f"size is {fmt(a.effective_size, 1)} of {size} (efficiency {fmt(a.efficiency)}), and your "
            f"constraint {fmt(a.constraint)}: the lower it is, the more you bridge people who would not "
            "otherwise meet.")

    # strength
    counted = sum(a.strength.values())
    if counted:
        spread = ", ".join(f"{count} {v.CLOSENESS.label(term).lower()}" for term, count in a.strength.items())
        reading = f"Of the {counted} relationships with a recorded closeness: {spread}."
        if a.strength_reading == "strong":
            reading += " Mostly strong ties: trust and commitment, but fewer new doors."
        else:
            reading += " Mostly weaker ties: they reach further, but may not carry you through a hard patch."
        by_kind = [f"{cells['close']} of {sum(cells.values())} {v.SUPPORT.label(kind).lower()}"
                   for kind, cells in a.strength_by_support.items() if sum(cells.values())]
        if by_kind:
            reading += " Close, by kind of support: " + "; ".join(by_kind) + "."
        found["strength"] = reading
    else:
        found["strength"] = "No closeness recorded yet: say for each person whether you are close."

    # balance
    sentences = [_verdict(portfolio, a)]
    for vocabulary in (v.SUPPORT, v.PURPOSES, v.KNOWING):
        counts = a.balance[vocabulary.field]
        missing = [vocabulary.label(t).lower() for t, c in counts.items() if c == 0]
        spread = ", ".join(f"{vocabulary.label(t).lower()} {c}" for t, c in counts.items())
        sentences.append(f"{vocabulary.title}: {spread}" + (f" (nobody for {', '.join(missing)})" if missing else "")
                         + ".")
    m = a.multiplexity
    sentences.append(f"{of(m.count, size)} {people_word(size)} give you more than one kind of support.")
    if a.empty_core_roles:
        sentences.append("Empty core roles: " + ", ".join(v.ROLES.label(r).lower() for r in a.empty_core_roles) + ".")
    else:
        sentences.append("Every core mentoring role is filled.")
    if a.thin_needs:
        sentences.append("Needs of your goals that hang on one person: " + "; ".join(
            f"{v.need_label(need).lower()} ({names(portfolio, ids)})" for need, ids in a.thin_needs.items()) + ".")
    found["balance"] = " ".join(sentences)

    # influence
    high = a.influential
    if high:
        found["influence"] = (f"{len(high)} of your {size} people have high influence: "
                              f"{names(portfolio, high, 12)}. Keep them informed of what you do and want.")
    else:
        found["influence"] = ("Nobody in your network has high influence over decisions that matter to you: "
                              "who could speak for you where it counts?")

    # range
    systems = a.social_systems
    if not systems:
        found["range"] = "No social system recorded for anyone yet."
    else:
        labels = ", ".join(portfolio.social_systems.label(x).lower() for x in systems)
        what = ("high range: they see different worlds and bring you different news"
                if a.range_reading == "high" else
                "low range: they mostly see the same world, and so does what they tell you")
        found["range"] = (f"Your people come from {len(systems)} {plural(len(systems), 'social system')} "
                          f"({labels}). mentornet calls that {what}.")
    return found


def _verdict(portfolio: Portfolio, a: "Analysis", limit: int = 3) -> str:
    """The tipping verdict in one sentence, naming whoever tips it (the first ``limit``)."""
    t, s = a.tipping, a.settings
    if t.tipping is None:
        return "With nobody in your network there is nothing to balance yet."
    if not t.tipping:
        return (f"Balanced: nobody carries more than {pct(s.tipping_max_share)} of your constraint, and every "
                "need of your goals is met by more than one person or by nobody.")
    reasons = []
    for person in t.named:
        what = []
        if person in t.carriers:
            what.append(f"carries {pct(t.carriers[person])} of your constraint")
        needs = [v.need_label(n).lower() for n, who in t.only_sources.items() if who == person]
        if needs:
            what.append(f"is the only one for {', '.join(needs)}")
        reasons.append(f"{names(portfolio, [person])} " + " and ".join(what))
    more = f"; and {len(reasons) - limit} more" if len(reasons) > limit else ""
    return "In danger of tipping: " + "; ".join(reasons[:limit]) + more + "."


# --- answers: one sentence per question, for the worksheet -----------------------------------


def answers(portfolio: Portfolio, a: "Analysis") -> dict[str, str]:
    from mentornet.analysis.result import DIMENSIONS

    size = a.size
    if size == 0:
        return {id_: "Nobody to answer with yet." for id_, *_ in DIMENSIONS}
    found = {}
    spread = [d for name, d in a.diversity.items() if d.iqv is not None and name not in ("inside", "closeness")]
    among = (f"among themselves they vary most in {max(spread, key=lambda d: d.iqv or 0.0).title.lower()}"
             if spread else "too little is recorded to say how they vary")
    compared = [h for h in a.homophily.values() if h.share is not None]
    against = ""
    if compared:
        closest = max(compared, key=lambda h: h.share)  # type: ignore[arg-type, return-value]
        mean = sum(h.share for h in compared) / len(compared)  # type: ignore[misc]
        against = (f"on average {pct(mean)} of your people are like you (most in "
                   f"{'career stage' if closest.field == 'seniority' else closest.title}, {pct(closest.share)}); ")
    found["diversity"] = sentence(against + among + ".")
    pairs = sum(redundant_pairs(a.redundancy).values())
    found["redundancy"] = (f"{count_of(pairs, 'pair')} of people who give you the same kind of "
                           "support know each other." if pairs else
                           "Nobody who gives you a kind of support knows another who gives the same.")
    found["interconnectivity"] = ("One person: no ties among your people to count." if a.density is None else
                                  f"{pct(a.density)} of the pairs know each other ({knit(a.density, a.settings)}), "
                                  f"in {_groups(a.components)}.")
    counted = sum(a.strength.values())
    career = a.strength_by_support.get("career", {})
    found["strength"] = ("No closeness recorded yet." if not counted else
                         f"{of(a.strength['close'], counted)} with a recorded closeness are close "
                         f"({'strong' if a.strength_reading == 'strong' else 'weak'}), "
                         f"{career.get('close', 0)} of {sum(career.values())} who advance your career.")
    found["balance"] = _verdict(portfolio, a)
    high = a.influential
    found["influence"] = sentence(f"{of(len(high), size)} {people_word(size)} "
                                  f"{plural(size, 'has', 'have')} high influence"
                                  + (f": {names(portfolio, high, 3)}." if high else "."))
    found["range"] = (f"{count_of(a.range, 'social system')}: {a.range_reading} range."
                      if a.range else "No social system recorded yet.")
    return found


# --- the terminal ----------------------------------------------------------------------------


def summary_text(analysis: "Analysis", portfolio: Portfolio | None = None) -> str:
    """A plain-text summary for the terminal (``mentornet analyze`` without ``--json``).

    With the portfolio, people are named; without it, by id.
    """
    def name(person_id: str) -> str:
        if portfolio is not None and person_id in portfolio.people_by_id:
            return portfolio.people_by_id[person_id].name
        return person_id

    a = analysis
    lines = [f"Your network on {a.as_of.isoformat()}: {a.size} {people_word(a.size)}, "
             f"{count_of(a.ties, 'tie')} among them.", ""]
    lines.append("Measures")
    lines.append(f"  density            {fmt(a.density)}   separate groups {a.components}")
    lines.append(f"  effective size     {fmt(a.effective_size)}   efficiency {fmt(a.efficiency)}"
                 f"   constraint {fmt(a.constraint)}")
    lines.append(f"  weighted           constraint {fmt(a.constraint_weighted)}   hierarchy {fmt(a.hierarchy)}"
                 "   (your ties weighted by closeness)")
    lines.append(f"  range              {count_of(a.range, 'social system')}"
                 + (f" ({a.range_reading})" if a.range_reading else ""))
    lines.append(f"  E-I index          {'n/a' if a.ei_index is None else f'{a.ei_index:+.2f}'}"
                 f"   ({a.inside_outside.inside} inside, {a.inside_outside.outside} outside)")
    if a.network_type:
        lines.append(f"  kind of network    {a.network_type[1]}")
    lines.append("  diversity          " + ", ".join(
        f"{d.field.removeprefix(ATTRIBUTE_PREFIX)} {fmt(d.blau)}/{fmt(d.iqv)}" for d in a.diversity.values())
        + "   (Blau/IQV)")
    lines.append("  like you           " + (", ".join(
        f"{h.field} {pct(h.share)} of {h.known}" for h in a.homophily.values() if h.share is not None) or "n/a"))
    lines.append("  strength           " + ", ".join(f"{term} {count}" for term, count in a.strength.items()))
    lines.append(f"  multiplexity       {a.multiplexity.count} give more than one kind of support")
    for kind, counts in a.balance.items():
        lines.append(f"  {kind:<18} " + ", ".join(f"{term} {count}" for term, count in counts.items()))
    lines.append(f"  high influence     {len(a.influential)}"
                 + (f": {', '.join(name(i) for i in a.influential)}" if a.influential else ""))
    lines.append("")
    lines.append("Reading")
    for dim in a.dimensions:
        lines.append(f"  {dim['title']}: {dim['reading']}")
    lines.append("")
    lines.append("Traps (Ibarra 2015)")
    for trap in a.traps:
        mark = "!" if trap.fired else (" " if trap.judged else "?")
        lines.append(f"  [{mark}] {trap.label}: {trap.evidence}")
        if trap.fired:
            lines.append(f"      What to do: {trap.advice}")
    lines.append("")
    if a.gaps:
        lines.append("Goals and needs")
        for gap in a.gaps:
            lines.append(f"  {gap.goal} ({gap.horizon})")
            for match in gap.needs:
                who = ", ".join(name(i) for i in match.providers) or "NOBODY (gap)"
                lines.append(f"    {v.need_label(match.need)}: {who}")
        if a.unmet_needs:
            lines.append("  Unmet: " + ", ".join(v.need_label(n) for n in a.unmet_needs))
        if a.thin_needs:
            lines.append("  Thin (one person): " + ", ".join(
                f"{v.need_label(n)} ({', '.join(name(i) for i in ids)})" for n, ids in a.thin_needs.items()))
        lines.append("")
    if a.prospects:
        lines.append("Prospects, best first")
        for rank in a.prospects:
            closes = ", ".join(v.need_label(n) for n in rank.closes) or "no unmet need"
            extra = (f"; backs up {', '.join(v.need_label(n) for n in rank.strengthens)}"
                     if rank.strengthens else "")
            lines.append(f"  {rank.score:5.2f}  {rank.name} ({v.STAGES.label(rank.stage)}): meets {closes}{extra}")
        lines.append("")
    if a.empty_core_roles:
        lines.append("Empty core roles: " + ", ".join(v.ROLES.label(r) for r in a.empty_core_roles))
        lines.append("")
    lines.append("Rules of thumb (mentornet's own; set them under `analysis:` in mkdocs.yml)")
    for r in a.rules:
        lines.append(f"  - {r.text}")
    return "\n".join(lines).rstrip() + "\n"
