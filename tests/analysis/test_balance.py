"""Balanced or in danger of tipping: anyone carrying more than the stated share of your
weighted constraint, or the only one who meets a need your goals have, is named."""

from __future__ import annotations

import pytest

from mentornet.analysis import AnalysisSettings, analyze
from mentornet.core.model import Goal
from tests.analysis.build import AS_OF, SETTINGS, person, portfolio, star

FELLOWSHIP = Goal(id="fellowship", text="Win a fellowship", needs=("sponsor", "career"))


def test_a_close_sole_sponsor_tips_the_network_and_is_named():
    people = [person("helen", name="Helen A", closeness="close", roles=("sponsor",), support=("career",)),
              *star(5, closeness="distant", support=("career",))]
    p = portfolio(*people, goals=[FELLOWSHIP])
    a = analyze(p, SETTINGS)
    # weights 3 and 5 × 1, no ties: Helen's share is 9 / (9 + 5) of the constraint
    assert a.constraint_share["helen"] == pytest.approx(9 / 14)
    data = a.to_json()["tipping"]
    assert data["verdict"] == "tipping"
    assert list(data["carriers"]) == ["helen"]
    assert data["only_sources"] == {"sponsor": "helen"}
    assert a.answers["balance"] == ("In danger of tipping: Helen A carries 64% of your constraint and is the "
                                    "only one for sponsor.")


def test_an_even_network_with_two_sources_for_every_need_is_balanced():
    people = star(5, closeness="moderate", roles=("sponsor",), support=("career",))
    a = analyze(portfolio(*people, goals=[FELLOWSHIP]), SETTINGS)
    assert a.tipping.verdict == "balanced" and a.tipping.named == ()
    assert a.answers["balance"].startswith("Balanced: nobody carries more than 25%")


def test_an_unmet_need_is_a_gap_not_a_tipping_point():
    a = analyze(portfolio(*star(5), goals=[FELLOWSHIP]), SETTINGS)
    assert a.tipping.only_sources == {} and a.tipping.verdict == "balanced"


def test_the_share_that_tips_comes_from_settings():
    people = [person("a", closeness="close"), *star(4, closeness="distant")]  # a: 9 / 13 ≈ 69%
    assert analyze(portfolio(*people), SETTINGS).tipping.carriers.keys() == {"a"}
    relaxed = AnalysisSettings(as_of=AS_OF, tipping_max_share=0.7)
    assert analyze(portfolio(*people), relaxed).tipping.verdict == "balanced"


def test_nobody_means_no_verdict():
    a = analyze(portfolio(), SETTINGS)
    assert a.tipping.verdict is None and a.to_json()["tipping"]["verdict"] is None
