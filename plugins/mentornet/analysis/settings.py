"""Every rule of thumb the analysis applies, with its default: mentornet's own judgement.

The literature gives the ideas (range, strength, the four traps) but almost no cut-offs, so
each threshold here is a choice mentornet makes and states on the analysis page
(``rules_of_thumb``); a portfolio sets any of them under ``analysis:`` in mkdocs.yml.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Mapping, Optional, Union

from mentornet.core import vocabulary as v
from mentornet.core.model import NotADay, day_of
from mentornet.core.problems import did_you_mean
from mentornet.core.yamldata import Yaml
from mentornet.core.words import count_of, plural

#: Traps are never judged on fewer people than this, whatever the settings say.
MIN_PEOPLE_TO_JUDGE = 4

#: Settings that earlier versions read and that no longer mean anything, with what replaced them.
RETIRED = {
    "birds_max_iqv": "birds_min_same_share (your people are compared with you now)",
    "birds_attributes": "the keys of `attributes` in data/profile.yaml",
    "lag_min_strategic_share": "lag_future_horizons (the needs of your long-term goals)",
    "lag_max_old_share": "nothing: how long ties have lasted is shown with network lag, never a trigger",
    "lag_min_signals": "nothing: only fit (lag_max_future_coverage) decides",
    "lag_min_coverage": "lag_max_future_coverage and lag_min_present_coverage",
    "lag_min_recent_share": "nothing: how long ties have lasted is shown with network lag, never a trigger",
    "pigeonhole_min_share": "pigeonhole_min_present_share",
}


@dataclass(frozen=True)
class ProspectWeights:
    """Weights of the prospect score (see ``prospects.rank_prospects``)."""

    needs: float = 3.0
    thin: float = 1.0
    range: float = 1.0
    ei: float = 1.0
    seniority: float = 1.0
    effective_size: float = 0.5


@dataclass(frozen=True)
class TieWeights:
    """How much a tie weighs in the weighted constraint: your tie to a person by its closeness
    (Granovetter's tie strength, as the exercise records it), a tie among your people as one."""

    close: float = 3.0
    moderate: float = 2.0
    distant: float = 1.0
    unknown: float = 1.0
    among: float = 1.0

    def of(self, closeness: Optional[str]) -> float:
        return float(getattr(self, closeness) if closeness in ("close", "moderate", "distant") else self.unknown)


@dataclass(frozen=True)
class AnalysisSettings:
    """Thresholds of the readings, the verdict and the traps. Shares are fractions from 0 to 1."""

    #: Attribute names whose diversity is measured; ``None``: every attribute key present.
    attributes: Optional[tuple[str, ...]] = None
    #: "Today", for how long ties have lasted; ``None``: the date the analysis runs.
    as_of: Optional[dt.date] = None
    #: Range reads "high" from this many distinct social systems.
    range_high_min: int = 3
    #: Strength reads "strong" when at least this share of people (with a closeness) are close.
    strong_min_close_share: float = 0.5
    #: Density below this reads "loosely knit" ...
    density_loose_below: float = 0.3
    #: ... and from this, "tightly knit".
    density_tight_from: float = 0.6
    #: A trap is judged only with at least this many people (never fewer than 4) ...
    trap_min_people: int = MIN_PEOPLE_TO_JUDGE
    #: ... and when the fields it reads are known for at least this share of them.
    trap_min_known_share: float = 0.5
    #: Echo chamber: at least this share of people with a known side are inside your organisation ...
    echo_min_inside_share: float = 0.7
    #: ... and at least this share of the pairs of your people know each other.
    echo_min_density: float = 0.5
    #: Birds of a feather: on average over the fields compared with you, at least this share
    #: of your people match you.
    birds_min_same_share: float = 0.6
    #: Network lag: the horizons of goals that are your future ...
    lag_future_horizons: tuple[str, ...] = ("long",)
    #: ... and of those that are your present.
    lag_present_horizons: tuple[str, ...] = ("short", "medium")
    #: Network lag: less than this share of your future needs are met ...
    lag_max_future_coverage: float = 0.5
    #: ... while at least this share of your present ones are (or you have no present goal).
    lag_min_present_coverage: float = 0.75
    #: Evidence shown with network lag (never a trigger): who has served your future for more
    #: than this many years ...
    lag_old_years: int = 5
    #: ... and how many people joined in the last ``lag_recent_years`` years.
    lag_recent_years: int = 2
    #: Pigeonholing: what you do now (support or purposes) ...
    pigeonhole_present_terms: tuple[str, ...] = ("job", "operational")
    #: ... and the help a change asks for: your goals' needs among these (all of them when
    #: your goals name none).
    pigeonhole_change_terms: tuple[str, ...] = ("career", "strategic", "sponsor", "coach", "connector",
                                                "role-model", "why", "whom")
    #: Pigeonholing: at least this share of your described people help with what you do now.
    pigeonhole_min_present_share: float = 0.5
    #: Balance tips when one person carries more than this share of your (weighted) constraint.
    tipping_max_share: float = 0.25
    #: A goal's need met by this many people or fewer is "thin": one departure opens a gap.
    thin_max_providers: int = 1
    #: Give and take is counted over the journal's entries of this many days up to today.
    reciprocity_window_days: int = 365
    #: A relationship runs one way when at least this many things went one way in that window
    #: and nothing came back.
    reciprocity_min_one_way: int = 3
    #: Tie weights of the weighted constraint.
    tie_weights: TieWeights = field(default_factory=TieWeights)
    #: Weights of the prospect ranking score.
    prospect_weights: ProspectWeights = field(default_factory=ProspectWeights)

    def __post_init__(self) -> None:
        for name in ("reciprocity_window_days", "reciprocity_min_one_way"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} is {value!r}; expected a whole number from 1")
        if self.trap_min_people < MIN_PEOPLE_TO_JUDGE:
            raise ValueError(f"trap_min_people is {self.trap_min_people}; a trap is never judged on "
                             f"fewer than {MIN_PEOPLE_TO_JUDGE} people")

    @classmethod
    def from_mapping(cls, options: Mapping[str, Yaml] | None) -> "AnalysisSettings":
        """Settings from a config mapping (plugin options, CLI); unknown keys raise ``ValueError``."""
        options = dict(options or {})
        names = {f.name for f in dataclasses.fields(cls)}
        retired = sorted(set(options) & set(RETIRED))
        if retired:
            raise ValueError("; ".join(f"{name} is no longer used: see {RETIRED[name]}" for name in retired))
        unknown = sorted(set(options) - names)
        if unknown:
            raise ValueError(f"unknown analysis setting(s): {', '.join(unknown)}; "
                             f"expected some of: {', '.join(sorted(names))}")
        for f in dataclasses.fields(cls):
            if f.name in options:
                options[f.name] = _checked(f.name, str(f.type), options[f.name])
        return cls(**options)


DEFAULTS = AnalysisSettings()

#: The terms a list setting may hold, by setting.
_TERMS = {"lag_future_horizons": v.HORIZONS.ids, "lag_present_horizons": v.HORIZONS.ids,
          "pigeonhole_present_terms": v.need_ids(), "pigeonhole_change_terms": v.need_ids()}


def _number(name: str, value: Yaml, low: float, high: Optional[float] = None, above: bool = False) -> float:
    """A number in its range, or ``ValueError`` naming the setting and what it expects."""
    expected = (f"a number above {low:g}" if above else f"a number from {low:g}" +
                (f" to {high:g}" if high is not None else " up"))
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or value < low or (above and value == low) or (high is not None and value > high):
        raise ValueError(f"{name} is {value!r}; expected {expected}")
    return value


def _weights(name: str, kind: type[TieWeights] | type[ProspectWeights], value: Yaml,
             above_zero: bool) -> Union[TieWeights, ProspectWeights]:
    if isinstance(value, kind):
        return value
    keys = [f.name for f in dataclasses.fields(kind)]
    if not isinstance(value, Mapping):
        raise ValueError(f"{name} is {value!r}; expected a mapping of weights, e.g. {{{keys[0]}: 2}}")
    unknown = sorted(str(key) for key in value if key not in keys)
    if unknown:
        raise ValueError(f"{name}: unknown weight(s) {', '.join(unknown)}; expected some of: {', '.join(keys)}")
    return kind(**{key: float(_number(f"{name}.{key}", weight, 0.0, above=above_zero))
                   for key, weight in value.items()})


def _checked(name: str, kind: str, value: Yaml) -> object:
    """One setting as its field's type, or ``ValueError`` naming it: a setting of the wrong type
    or out of range (a negative weight, a share above 1) would otherwise fail deep in a measure."""
    if value is None and kind.startswith("Optional"):
        return None
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} is {value!r}; expected a whole number from 0 up")
        return value
    if kind == "float":  # every float setting is a share or a density: a fraction from 0 to 1
        return float(_number(name, value, 0.0, 1.0))
    if kind == "TieWeights":  # a tie weighing nothing would divide the constraint by zero
        return _weights(name, TieWeights, value, above_zero=True)
    if kind == "ProspectWeights":
        return _weights(name, ProspectWeights, value, above_zero=False)
    if "date" in kind:
        if isinstance(value, dt.date):
            return value
        try:
            return day_of(str(value))
        except NotADay:
            raise ValueError(f"{name} is {value!r}; expected a date YYYY-MM-DD") from None
    if "tuple" in kind:
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)) \
                or not all(isinstance(item, str) for item in value):
            raise ValueError(f"{name} is {value!r}; expected a list of words, e.g. [{_example(name)}]")
        known = _TERMS.get(name) or ()
        for item in value:
            if known and item not in known:
                raise ValueError(f"{name}: '{item}' is not one of {', '.join(known)}"
                                 + str(did_you_mean(item, known)))
        return tuple(value)
    return value  # pragma: no cover - every field's type is handled above


def _example(name: str) -> str:
    return ", ".join(_TERMS[name][:2]) if name in _TERMS else "discipline, gender"


# --- the rules as the page states them -----------------------------------------------------


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def _list(terms: tuple[str, ...]) -> str:
    return " or ".join(terms)


@dataclass(frozen=True)
class Rule:
    """One rule of thumb as the page states it: the settings it reads, the dimension it serves."""

    id: str
    keys: tuple[str, ...]
    about: str
    text: str


def rules_of_thumb(s: AnalysisSettings) -> tuple[Rule, ...]:
    """Every threshold the analysis applies, in words, with the settings that change it."""
    w = s.tie_weights
    return (
        Rule("range", ("range_high_min",), "range",
             f"mentornet calls range high from {s.range_high_min} social systems, low below."),
        Rule("strength", ("strong_min_close_share",), "strength",
             f"mentornet calls a network strong when at least {_pct(s.strong_min_close_share)} of the people "
             "with a recorded closeness are close, weak otherwise."),
        Rule("density", ("density_loose_below", "density_tight_from"), "interconnectivity",
             f"mentornet calls a network loosely knit below a density of {s.density_loose_below:.2f}, "
             f"tightly knit from {s.density_tight_from:.2f}, moderately knit in between."),
        Rule("tie-weights", ("tie_weights",), "balance",
             f"mentornet weighs your tie to a person by closeness in the weighted constraint: close {w.close:g}, "
             f"moderate {w.moderate:g}, distant {w.distant:g}, not said {w.unknown:g}; a tie among your people "
             f"weighs {w.among:g}."),
        Rule("tipping", ("tipping_max_share",), "balance",
             f"mentornet calls your network in danger of tipping when one person carries more than "
             f"{_pct(s.tipping_max_share)} of your weighted constraint, or is the only one who meets a need "
             "of your goals."),
        Rule("thin", ("thin_max_providers",), "balance",
             f"mentornet calls a need of your goals thin when at most {s.thin_max_providers} "
             f"{plural(s.thin_max_providers, 'person meets', 'people meet')} it."),
        Rule("judged", ("trap_min_people", "trap_min_known_share"), "traps",
             f"mentornet judges a trap only with at least {s.trap_min_people} people, and only when the fields "
             f"it reads are known for at least {_pct(s.trap_min_known_share)} of them; otherwise it says "
             "there is too little to judge."),
        Rule("echo-chamber", ("echo_min_inside_share", "echo_min_density"), "traps",
             f"mentornet calls it an echo chamber when at least {_pct(s.echo_min_inside_share)} of the people "
             f"with a known side are inside your organisation and at least {_pct(s.echo_min_density)} of the "
             "pairs of your people know each other."),
        Rule("birds-of-a-feather", ("birds_min_same_share",), "traps",
             f"mentornet calls it birds of a feather when, on average over the fields it can compare with you "
             f"(your attributes, social system, organisation, and peers for seniority), at least "
             f"{_pct(s.birds_min_same_share)} of your people match you."),
        Rule("network-lag", ("lag_future_horizons", "lag_present_horizons", "lag_max_future_coverage",
                             "lag_min_present_coverage", "lag_old_years", "lag_recent_years"),
             "traps",
             f"mentornet calls it network lag when less than {_pct(s.lag_max_future_coverage)} of the needs of your "
             f"{_list(s.lag_future_horizons)}-term goals are met while at least {_pct(s.lag_min_present_coverage)} of "
             f"those of your {_list(s.lag_present_horizons)}-term goals are (or you have none): your network fits "
             "your past, not your future. How long your people have been there (more than "
             f"{s.lag_old_years} years, or joined in the last {s.lag_recent_years}) is shown as evidence, "
             "never a reason on its own: old ties that serve your future are no lag."),
        Rule("pigeonholing", ("pigeonhole_present_terms", "pigeonhole_change_terms",
                              "pigeonhole_min_present_share"), "traps",
             f"mentornet calls it pigeonholing when at least {_pct(s.pigeonhole_min_present_share)} of the "
             f"people whose help is recorded help with what you do now ({_list(s.pigeonhole_present_terms)}) "
             "and nobody meets a need of the change your goals ask for: those of their needs that are "
             f"{', '.join(s.pigeonhole_change_terms)} (all of these when your goals name none)."),
        Rule("give-and-take", ("reciprocity_window_days", "reciprocity_min_one_way"), "give-and-take",
             f"mentornet counts give and take over the journal of the last {window_words(s.reciprocity_window_days)} "
             f"({s.reciprocity_window_days} days), and calls a relationship one-way when at least "
             f"{count_of(s.reciprocity_min_one_way, 'thing')} went one "
             "way in that time and nothing came back."),
    )


def window_words(days: int) -> str:
    """A window of days as a sentence says it: "12 months" for 365 days, "2 years", "90 days"."""
    if days % 365 == 0:
        return "12 months" if days == 365 else f"{days // 365} years"
    return count_of(days, "day")


def rule(settings: AnalysisSettings, rule_id: str) -> str:
    """The sentence of one rule: the page and a trap's ``rule`` say the same words."""
    return next(r.text for r in rules_of_thumb(settings) if r.id == rule_id)
