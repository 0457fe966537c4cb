"""You versus them: for each compared field, the share of your people who match you and the
ego–alter E-I index, (different − same) / known, worked out by hand here."""

from __future__ import annotations

import pytest

from mentornet.analysis import analyze
from tests.analysis.build import SETTINGS, person, portfolio


def like_you(p):
    return analyze(p, SETTINGS).to_json()["homophily"]


def test_every_profile_attribute_and_the_three_base_fields_are_compared():
    people = [person("a", attributes={"gender": "woman", "discipline": "Statistics"}),
              person("b", attributes={"gender": "man"}), person("c")]
    found = like_you(portfolio(*people, attributes={"gender": "woman", "discipline": "statistics"}))
    assert set(found) == {"gender", "discipline", "social_system", "organisation", "seniority"}
    assert found["gender"] == {"same": 0.5, "ei": 0.0, "known": 2}
    # one of one known matches, case and spacing aside: E-I (0 − 1) / 1
    assert found["discipline"] == {"same": 1.0, "ei": -1.0, "known": 1}


def test_social_system_is_compared_with_yours():
    people = [person("a", social_system="institution"), person("b", social_system="institution"),
              person("c", social_system="industry"), person("d")]
    found = like_you(portfolio(*people, social_system="institution"))["social_system"]
    assert found["known"] == 3
    assert found["same"] == pytest.approx(2 / 3, abs=0.0001)
    assert found["ei"] == pytest.approx((1 - 2) / 3, abs=0.0001)


def test_seniority_counts_peers_as_like_you():
    people = [person("a", seniority="senior"), person("b", seniority="senior"), person("c", seniority="peer"),
              person("d", seniority="junior"), person("e")]
    found = like_you(portfolio(*people))["seniority"]
    assert found == {"same": 0.25, "ei": 0.5, "known": 4}


def test_organisation_is_inside_when_said_else_the_same_name():
    people = [person("a", inside=True, organisation="School of Maths"),  # inside says so
              person("b", inside=False, organisation="Calderbridge"),  # inside says otherwise
              person("c", organisation="  calderbridge "),  # no inside: same name
              person("d", organisation="Elsewhere"), person("e")]
    found = like_you(portfolio(*people, organisation="Calderbridge"))["organisation"]
    assert found["known"] == 4
    assert found["same"] == 0.5 and found["ei"] == 0.0


def test_nobody_known_gives_nulls():
    found = like_you(portfolio(person("a"), person("b"), attributes={"gender": "woman"}))
    assert found["gender"] == {"same": None, "ei": None, "known": 0}
    assert found["seniority"] == {"same": None, "ei": None, "known": 0}
    assert like_you(portfolio())["social_system"] == {"same": None, "ei": None, "known": 0}


def test_attributes_this_audience_may_not_see_are_not_compared():
    people = [person("a", attributes={"gender": "woman", "discipline": "statistics"})]
    found = like_you(portfolio(*people, attributes={"gender": "woman", "discipline": "statistics"},
                               shared_attributes=frozenset({"discipline"})))
    assert "gender" not in found and found["discipline"]["same"] == 1.0


def test_an_attribute_named_like_a_base_field_keeps_its_prefix():
    found = like_you(portfolio(person("a", attributes={"seniority": "x"}), attributes={"seniority": "x"}))
    assert found["attributes.seniority"]["same"] == 1.0 and found["seniority"]["known"] == 0
