"""The vocabularies: one home for every term, read by the model, validation and pages."""

from __future__ import annotations

import typing

import pytest

from mentornet.core import vocabulary as v
from mentornet.core.model import Goal, Person, Prospect


@pytest.mark.parametrize("field, vocabulary", [
    ("support", v.SUPPORT), ("roles", v.ROLES), ("purposes", v.PURPOSES), ("knowing", v.KNOWING),
    ("mentoring", v.MENTORING), ("closeness", v.CLOSENESS), ("seniority", v.SENIORITY),
    ("influence", v.INFLUENCE), ("visibility", v.VISIBILITY),
])
def test_the_model_accepts_exactly_the_vocabulary_terms(field, vocabulary):
    annotation = Person.model_fields[field].annotation
    literals = [arg for arg in _flatten(annotation) if typing.get_origin(arg) is typing.Literal]
    assert literals and set(typing.get_args(literals[0])) == set(vocabulary.ids)


def _flatten(annotation):
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _flatten(arg)


def test_every_term_has_a_label_and_every_vocabulary_a_source():
    for vocabulary in v.ALL:
        assert vocabulary.source
        for term in vocabulary:
            assert term.label and term.id == term.id.lower()


def test_support_types_have_icons_and_marks_so_colour_never_carries_meaning_alone():
    assert all(term.icon and term.mark for term in v.SUPPORT)
    assert len({term.mark for term in v.SUPPORT}) == 3


def test_needs_draw_on_support_purposes_knowing_and_roles():
    drawn_on = (v.SUPPORT, v.PURPOSES, v.KNOWING, v.ROLES)
    assert set(v.need_ids()) == {term for vocabulary in drawn_on for term in vocabulary.ids}
    assert {"career", "strategic", "whom", "sponsor"} <= set(v.need_ids())  # one of each
    for cls in (Goal, Prospect):  # the model accepts exactly those terms as needs
        literals = [arg for arg in _flatten(cls.model_fields["needs"].annotation)
                    if typing.get_origin(arg) is typing.Literal]
        assert literals and set(typing.get_args(literals[0])) == set(v.need_ids()), cls


@pytest.mark.parametrize("text, days", [
    ("weekly", 7), ("fortnightly", 14), ("monthly", 30), ("6 weeks", 42), ("quarterly", 91),
    ("every 2 months", 60), ("10 days", 10), ("Yearly", 365),
])
def test_cadences(text, days):
    assert v.cadence_days(text) == days


@pytest.mark.parametrize("text", ["sometimes", "0 weeks", "weeks", "3 fortnights"])
def test_unknown_cadences(text):
    assert v.cadence_days(text) is None


def test_every_prompt_belongs_to_a_theme_and_ids_are_unique():
    assert len(v.PROMPTS_BY_ID) == len(v.PROMPTS)
    assert {prompt.theme for prompt in v.PROMPTS} == set(v.PROMPT_THEMES.ids)
