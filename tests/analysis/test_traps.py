"""Ibarra's four traps: for each, a portfolio where it fires, one where it does not, and the
cases it must not judge (fewer than 4 people; the fields it reads known for fewer than half).
The misfires listed in issue 15 are cases here too."""

from __future__ import annotations

import pytest

from mentornet.analysis import AnalysisSettings, analyze
from mentornet.core.model import Goal
from tests.analysis.build import AS_OF, SETTINGS, clique, person, portfolio, star, years_ago

TRAPS = ("echo-chamber", "birds-of-a-feather", "network-lag", "pigeonholing")


def trap(p, trap_id, settings=SETTINGS):
    """The trap's JSON details (what `mentornet analyze --json` prints)."""
    data = analyze(p, settings).to_json()
    (found,) = [t for t in data["trap_details"] if t["id"] == trap_id]
    assert (trap_id in data["traps"]) == found["fired"]
    assert found["evidence"] and found["rule"].startswith("mentornet calls it")
    return found


def fired(found) -> bool:
    assert found["judged"], found["evidence"]
    return found["fired"]


def not_judged(found) -> bool:
    return not found["judged"] and not found["fired"]


# --- never judged on fewer than 4 people ---------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1, 2, 3])
def test_no_trap_is_judged_below_four_people(n):
    # every trap's conditions hold for these people, had there been enough of them
    people = clique([f"p{i}" for i in range(n)], inside=True, seniority="peer", social_system="institution",
                    support=("job",), purposes=("operational",), since=years_ago(9))
    goals = [Goal(id="future", text="Future", horizon="long", needs=("strategic",))]
    data = analyze(portfolio(*people, goals=goals), SETTINGS).to_json()
    assert data["traps"] == []
    assert [(t["id"], t["judged"]) for t in data["trap_details"]] == [(t, False) for t in TRAPS]
    assert all("Too few people to judge" in t["evidence"] for t in data["trap_details"])


def test_the_minimum_of_four_cannot_be_lowered():
    with pytest.raises(ValueError, match="never judged on fewer than 4"):
        AnalysisSettings(trap_min_people=3)
    assert AnalysisSettings(trap_min_people=6).trap_min_people == 6


# --- echo chamber: mostly inside and densely tied, most sides known -------------------------------


def test_echo_chamber_fires_when_mostly_inside_and_densely_tied():
    found = trap(portfolio(*clique(["a", "b", "c", "d", "e"], inside=True)), "echo-chamber")
    assert fired(found)
    assert "5 of the 5 people with a known side (100%) are inside" in found["evidence"]
    assert "70%" in found["rule"] and "50%" in found["rule"]


def test_echo_chamber_does_not_fire_when_sparse_or_outside():
    assert not fired(trap(portfolio(*star(5, inside=True)), "echo-chamber"))
    assert not fired(trap(portfolio(*clique(["a", "b", "c", "d", "e"], inside=False)), "echo-chamber"))


def test_echo_chamber_is_not_judged_when_most_sides_are_unknown():
    people = clique([f"p{i}" for i in range(10)])
    people[0] = people[0].model_copy(update={"inside": True})  # 1 of 10 known
    found = trap(portfolio(*people), "echo-chamber")
    assert not_judged(found) and "Too little data" in found["evidence"]
    people = [p.model_copy(update={"inside": True}) if i < 5 else p for i, p in enumerate(people)]
    assert fired(trap(portfolio(*people), "echo-chamber"))  # 5 of 10: half known is enough


def test_echo_chamber_thresholds_come_from_settings():
    people = clique(["a", "b", "c", "d"], inside=True)
    people[3] = person("d", inside=False)  # 75% inside; a-b, a-c, b-c: density 0.5
    assert fired(trap(portfolio(*people), "echo-chamber"))
    strict = AnalysisSettings(as_of=AS_OF, echo_min_inside_share=0.8)
    found = trap(portfolio(*people), "echo-chamber", strict)
    assert not fired(found) and "80%" in found["rule"]


# --- birds of a feather: your people are like you --------------------------------------------------


def test_birds_of_a_feather_fires_for_ten_people_all_from_your_institution():
    people = star(10, inside=True, social_system="institution", seniority="senior")
    found = trap(portfolio(*people, organisation="Calderbridge", social_system="institution"), "birds-of-a-feather")
    # organisation 10/10, social system 10/10, peers 0/10: on average 67% match you
    assert fired(found)


def test_birds_of_a_feather_does_not_fire_on_seniors_unlike_you():
    people = star(6, seniority="senior")  # by definition not at your career stage
    found = trap(portfolio(*people), "birds-of-a-feather")
    assert not fired(found) and found["evidence"].startswith("0 of 6 are peers")


def test_birds_of_a_feather_compares_with_your_attributes():
    people = [person(f"p{i}", seniority="peer", attributes={"discipline": "statistics"}) for i in range(4)]
    assert fired(trap(portfolio(*people, attributes={"discipline": "statistics"}), "birds-of-a-feather"))
    assert not fired(trap(portfolio(*people, attributes={"discipline": "biology"}), "birds-of-a-feather"))


def test_birds_of_a_feather_ignores_an_attribute_known_for_fewer_than_half():
    people = [person(f"p{i}", social_system=system, inside=i % 2 == 0)
              for i, system in enumerate(["industry", "funders", "online", "institution"] * 3)]
    people[0] = people[0].model_copy(update={"attributes": {"gender": "woman"}})
    people[1] = people[1].model_copy(update={"attributes": {"gender": "woman"}})  # 2 of 12
    analysis = analyze(portfolio(*people, attributes={"gender": "woman"}), SETTINGS)
    found = analysis.trap["birds-of-a-feather"]
    assert found.judged and not found.fired
    assert "gender" not in found.figures["fields"] and "social_system" in found.figures["fields"]


def test_birds_of_a_feather_is_not_judged_without_a_field_known_for_half():
    people = star(6)
    people[0] = person("p1", seniority="peer")
    found = trap(portfolio(*people, social_system="institution"), "birds-of-a-feather")
    assert not_judged(found) and "Too little data" in found["evidence"]


# --- network lag: your network serves your past, not your goals -------------------------------------


FUTURE = Goal(id="group", text="Lead a group", horizon="long", needs=("strategic", "why"))
NOW = Goal(id="paper", text="Submit the paper", horizon="short", needs=("job",))


def test_network_lag_fires_when_long_term_needs_are_unmet_and_near_ones_met():
    people = star(4, support=("job",), since=years_ago(1))
    found = trap(portfolio(*people, goals=[FUTURE, NOW]), "network-lag")
    assert fired(found) and "0 of the 2 needs of your long-term goals are met" in found["evidence"]


def test_network_lag_does_not_fire_when_the_future_is_served():
    people = star(4, support=("job",), purposes=("strategic",), knowing=("why",), since=years_ago(1))
    assert not fired(trap(portfolio(*people, goals=[FUTURE, NOW]), "network-lag"))


def test_network_lag_does_not_fire_when_near_needs_are_unmet_too():
    people = star(4, support=("personal",), since=years_ago(1))  # neither job nor strategic: a gap, not lag
    assert not fired(trap(portfolio(*people, goals=[FUTURE, NOW]), "network-lag"))


def test_network_lag_does_not_fire_on_old_ties_that_meet_every_long_term_need():
    # the case of issue 26: six people there since 2010, all meeting every need of the long-term goal
    people = star(6, purposes=("strategic",), knowing=("why",), support=("job",), since=years_ago(16))
    found = trap(portfolio(*people, goals=[FUTURE, NOW]), "network-lag")
    assert not fired(found)
    # the age of the ties is evidence shown on the page, not a trigger
    assert "6 of the 6 people who serve your long-term goals have been in your network for more than 5 years" \
        in found["evidence"]
    assert "0 of 6 people with a start date joined in the last 2 years" in found["evidence"]
    assert found["figures"]["serving_future_old"] == 6


def test_network_lag_is_judged_on_fit_alone_whatever_the_age_of_the_ties():
    for since in (years_ago(16), years_ago(0.5)):
        unmet = star(4, support=("job",), since=since)  # nobody serves the long-term needs
        assert fired(trap(portfolio(*unmet, goals=[FUTURE, NOW]), "network-lag"))
        met = star(4, purposes=("strategic",), knowing=("why",), support=("job",), since=since)
        assert not fired(trap(portfolio(*met, goals=[FUTURE, NOW]), "network-lag"))


def test_the_network_lag_rule_names_fit_as_its_only_trigger():
    found = trap(portfolio(*star(4, support=("job",), since=years_ago(1)), goals=[FUTURE, NOW]), "network-lag")
    assert "never a reason on its own" in found["rule"]
    assert "old ties that serve your future are no lag" in found["rule"]


def test_network_lag_reads_a_blank_field_as_unknown_not_no():
    # nothing says they give strategic help, nothing says they do not: too little to judge
    people = star(4)
    people[0] = person("p1", support=("job",))
    found = trap(portfolio(*people, goals=[FUTURE, NOW]), "network-lag")
    assert not_judged(found) and "Too little data" in found["evidence"]
    # blank purposes with a long-term career need that they meet: no lag
    people = star(4, support=("career",), since=years_ago(1))
    goal = Goal(id="chair", text="A chair", horizon="long", needs=("career",))
    assert not fired(trap(portfolio(*people, goals=[goal]), "network-lag"))


def test_network_lag_is_not_judged_without_a_long_term_goal():
    people = star(4, support=("job",), since=years_ago(9))
    found = trap(portfolio(*people, goals=[NOW]), "network-lag")
    assert not_judged(found) and "none of your goals is long-term" in found["evidence"]


def test_network_lag_horizons_come_from_settings():
    medium = Goal(id="fellowship", text="Fellowship", horizon="medium", needs=("sponsor",))
    people = star(4, support=("job",), since=years_ago(1))
    assert not_judged(trap(portfolio(*people, goals=[medium, NOW]), "network-lag"))
    settings = AnalysisSettings(as_of=AS_OF, lag_future_horizons=("medium", "long"), lag_present_horizons=("short",))
    assert fired(trap(portfolio(*people, goals=[medium, NOW]), "network-lag", settings))


# --- pigeonholing: they support only what you do now, none the change your goals ask for -------------


CHANGE = Goal(id="fellowship", text="Win a fellowship", horizon="medium", needs=("career", "sponsor"))


def test_pigeonholing_fires_when_everyone_helps_with_the_job_and_nobody_with_the_change():
    people = star(4, support=("job",), purposes=("operational",))
    found = trap(portfolio(*people, goals=[CHANGE, NOW]), "pigeonholing")
    assert fired(found) and "4 of the 4 people" in found["evidence"]


def test_pigeonholing_does_not_fire_when_people_advance_your_career():
    people = star(6, support=("career",), purposes=("strategic",))  # the opposite of the trap
    assert not fired(trap(portfolio(*people, goals=[CHANGE, NOW]), "pigeonholing"))
    people = star(4, support=("job",), purposes=("operational",))
    people[0] = person("p1", support=("job",), roles=("sponsor",))  # one meets a need of the change
    assert not fired(trap(portfolio(*people, goals=[CHANGE, NOW]), "pigeonholing"))


def test_pigeonholing_is_not_judged_on_three_people_or_on_blank_fields():
    people = [person("a", support=("job",)), person("b", support=("job",)), person("c", support=("career",))]
    assert not_judged(trap(portfolio(*people, goals=[CHANGE]), "pigeonholing"))
    people = star(5)
    people[0] = person("p1", support=("job",))
    assert not_judged(trap(portfolio(*people, goals=[CHANGE]), "pigeonholing"))


def test_pigeonholing_without_goals_looks_for_any_change():
    people = star(4, support=("job",))
    assert fired(trap(portfolio(*people), "pigeonholing"))
    people[0] = person("p1", support=("job",), purposes=("strategic",))
    assert not fired(trap(portfolio(*people), "pigeonholing"))


# --- every trap, every time -----------------------------------------------------------------------------


def test_every_trap_is_reported_with_judged_fired_evidence_and_rule():
    a = analyze(portfolio(*star(5, inside=True)), SETTINGS)
    assert [t.id for t in a.traps] == list(TRAPS)
    for t in a.to_json()["trap_details"]:
        assert {"id", "fired", "judged", "evidence", "rule", "label", "advice", "detected"} <= set(t)
        assert t["detected"] == t["fired"]
