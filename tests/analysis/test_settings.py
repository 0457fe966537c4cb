"""Every rule of thumb is a setting with a stated default, and the page states each one."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from mentornet.analysis import AnalysisSettings, rules_of_thumb


def test_settings_from_mapping():
    settings = AnalysisSettings.from_mapping({"range_high_min": 4, "attributes": ["gender"],
                                              "as_of": "2026-01-01", "prospect_weights": {"needs": 5},
                                              "tie_weights": {"close": 4}, "lag_future_horizons": ["medium"]})
    assert settings.range_high_min == 4 and settings.attributes == ("gender",)
    assert settings.as_of == dt.date(2026, 1, 1) and settings.prospect_weights.needs == 5
    assert settings.tie_weights.close == 4 and settings.tie_weights.moderate == 2
    assert settings.lag_future_horizons == ("medium",)
    with pytest.raises(ValueError, match="range_hihg_min"):
        AnalysisSettings.from_mapping({"range_hihg_min": 4})


def test_retired_settings_say_what_replaced_them():
    with pytest.raises(ValueError, match="birds_max_iqv is no longer used: see birds_min_same_share"):
        AnalysisSettings.from_mapping({"birds_max_iqv": 0.4})


def test_every_threshold_is_stated_as_a_rule_of_thumb():
    stated = {key for rule in rules_of_thumb(AnalysisSettings()) for key in rule.keys}
    not_thresholds = {"attributes", "as_of", "prospect_weights"}  # the prospect score is explained on its own
    assert {f.name for f in dataclasses.fields(AnalysisSettings)} - not_thresholds == stated


def test_the_rules_say_the_values_in_force_as_mentornets_own():
    settings = AnalysisSettings(range_high_min=5, density_loose_below=0.25, tipping_max_share=0.4)
    text = " ".join(rule.text for rule in rules_of_thumb(settings))
    assert "mentornet calls range high from 5 social systems" in text
    assert "below a density of 0.25" in text and "more than 40% of your weighted constraint" in text
    assert all(rule.text.startswith("mentornet ") for rule in rules_of_thumb(settings))


def test_the_analysis_page_of_the_docs_lists_every_setting():
    from pathlib import Path

    section = (Path(__file__).resolve().parents[2] / "docs" / "analysis.md").read_text(encoding="utf-8")
    for f in dataclasses.fields(AnalysisSettings):
        assert f"`{f.name}`" in section, f.name
