"""Loading and validation: every problem at once, each as FILE:LINE:COL: message."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from mentornet.core.layout import Layout

from mentornet.load import check, load
from mentornet.core.problems import PortfolioError


@pytest.fixture
def portfolio(portfolio):
    """The shared portfolio, without its journal entry, so each test sees only its own problem."""
    (portfolio.root / "content/journal/2026-01-10-kickoff.md").unlink()
    return portfolio


def problems(folder) -> list[str]:
    return [str(problem) for problem in check(Layout.of(folder.root))]


def test_a_valid_portfolio_loads_into_typed_immutable_objects(portfolio):
    portfolio.entry("2026-01-10-kickoff", "date: 2026-01-10\npeople: [diane-roberts]\nactions:\n"
                    "  - text: Draft the fellowship outline\n    due: 2026-02-01")
    loaded = load(Layout.of(portfolio.root))
    diane = loaded.people_by_id["diane-roberts"]
    assert diane.support == ("career", "job")
    assert loaded.ties == {("diane-roberts", "sami-wonder")}
    assert loaded.journal[0].date == dt.date(2026, 1, 10)
    assert loaded.journal[0].meta.actions[0].text == "Draft the fellowship outline"
    with pytest.raises(ValidationError):
        diane.name = "Someone else"


def test_yaml_syntax_errors_point_at_the_line(portfolio):
    portfolio.write("data/people.yaml", "- id: a\n  name: [unclosed\n")
    [problem] = problems(portfolio)
    assert problem.startswith("data/people.yaml:3:")
    assert "YAML syntax error" in problem


def test_unknown_keys_suggest_the_field_meant(portfolio):
    portfolio.write("data/people.yaml", "- id: a\n  name: A\n  clossness: close\n")
    assert problems(portfolio) == [
        "data/people.yaml:3:3: unknown field 'clossness' — did you mean 'closeness'?"]


def test_duplicate_ids_are_reported_with_the_first_occurrence(portfolio):
    portfolio.write("data/people.yaml", "- id: a\n  name: A\n- id: a\n  name: Another A\n")
    assert problems(portfolio) == [
        "data/people.yaml:3:3: duplicate person id 'a' (also in data/people.yaml on line 1): ids must be unique"]


def test_duplicate_keys_in_one_mapping_are_not_silently_dropped(portfolio):
    portfolio.write("data/people.yaml", "- id: a\n  name: A\n  name: B\n")
    [problem] = problems(portfolio)
    assert problem.startswith("data/people.yaml:3:3: duplicate key 'name' (first given on line 2)")


@pytest.mark.parametrize("where, text, expected", [
    ("data/people.yaml", "- id: a\n  name: A\n  knows: [dianne-roberts]\n- id: diane-roberts\n  name: D\n",
     "data/people.yaml:3:11: knows: unknown person 'dianne-roberts' — did you mean 'diane-roberts'?"),
    ("data/audit.yaml", "- date: 2026-01-01\n  core: [diane-robert]\n",
     "data/audit.yaml:2:10: core: unknown person 'diane-robert' — did you mean 'diane-roberts'?"),
    ("data/plan.yaml", "prospects:\n  - id: gus\n    name: Gus\n    via: sami-wondr\n",
     "data/plan.yaml:4:5: via: unknown person 'sami-wondr' — did you mean 'sami-wonder'?"),
])
def test_references_to_unknown_people_suggest_the_person_meant(portfolio, where, text, expected):
    portfolio.write(where, text)
    assert problems(portfolio) == [expected]


def test_journal_entries_naming_unknown_people_are_reported_at_their_line(portfolio):
    portfolio.entry("2026-02-01-lunch", "date: 2026-02-01\nkind: meeting\npeople: [sami-wonder, diane-robberts]")
    assert problems(portfolio) == ["content/journal/2026-02-01-lunch.md:4:23: people: unknown person "
                                   "'diane-robberts' — did you mean 'diane-roberts'?"]


def test_terms_outside_a_vocabulary_list_the_allowed_terms(portfolio):
    portfolio.write("data/people.yaml", "- id: a\n  name: A\n  support: [job, carrer]\n")
    assert problems(portfolio) == [
        "data/people.yaml:3:18: support[1]: 'carrer' is not a support term; expected one of "
        "job, career, personal — did you mean 'career'?"]


@pytest.mark.parametrize("value, reason", [
    ("2026-02-30", "is not a real date (day is out of range for month)"),
    ("2026-13-01", "is not a real date (month must be in 1..12)"),
    ("last tuesday", "is not a date: write it as YYYY-MM-DD, or a month YYYY-MM, or a year YYYY"),
])
def test_impossible_dates_are_caught(portfolio, value, reason):
    portfolio.write("data/people.yaml", f"- id: a\n  name: A\n  since: {value}\n")
    assert problems(portfolio) == [f"data/people.yaml:3:3: since: '{value}' {reason}"]


def test_journal_dates_are_checked_too(portfolio):
    portfolio.entry("2026-02-01-lunch", "date: 2026-02-30")
    assert problems(portfolio) == ["content/journal/2026-02-01-lunch.md:2:1: date: '2026-02-30' "
                                   "is not a real date (day is out of range for month)"]


@pytest.mark.parametrize("bad_id", ["../etc/passwd", "Diane Roberts", "a/b", "UPPER"])
def test_ids_must_be_slugs(portfolio, bad_id):
    portfolio.write("data/people.yaml", f"- id: {bad_id!r}\n  name: A\n")
    [problem] = problems(portfolio)
    assert problem.startswith("data/people.yaml:1:3: id: ")
    assert "is not a valid id: use lowercase letters, digits and '-'" in problem


def test_wrong_types_say_what_was_expected(portfolio):
    portfolio.write("data/people.yaml", "- id: a\n  name: A\n  inside: maybe\n  support: job\n")
    assert problems(portfolio) == [
        "data/people.yaml:3:3: inside: expected true or false, got 'maybe'",
        "data/people.yaml:4:3: support: write it as a list: `support: [job]`",
    ]


def test_missing_required_fields_are_named(portfolio):
    portfolio.write("data/people.yaml", "- id: a\n  name: A\n- id: b\n")
    assert problems(portfolio) == ["data/people.yaml:3:3: missing required field 'name'"]


def test_files_that_are_not_utf8_are_reported_with_the_position(portfolio):
    (portfolio.root / "data/people.yaml").write_bytes(b"- id: a\n  name: Jos\xe9\n")
    assert problems(portfolio) == ["data/people.yaml:2:12: the file is not UTF-8 (byte 0xe9); "
                                   "save it as UTF-8 in your editor"]


def test_every_problem_is_reported_at_once(portfolio):
    portfolio.write("data/people.yaml", "- id: a\n  name: A\n  closeness: closer\n  knows: [zed]\n")
    portfolio.write("data/audit.yaml", "- date: 2026-02-30\n")
    portfolio.entry("2026-02-01-lunch", "date: 2026-02-01\npeople: [nobody]")
    found = problems(portfolio)
    assert len(found) == 4
    assert {p.split(":")[0] for p in found} == {
        "data/people.yaml", "data/audit.yaml", "content/journal/2026-02-01-lunch.md"}


def test_load_raises_with_all_problems(portfolio):
    portfolio.write("data/people.yaml", "- id: a\n")
    with pytest.raises(PortfolioError) as raised:
        load(Layout.of(portfolio.root))
    assert raised.value.report() == "data/people.yaml:1:3: missing required field 'name'"


def test_a_missing_profile_says_how_to_start(portfolio):
    (portfolio.root / "data/profile.yaml").unlink()
    [problem] = problems(portfolio)
    assert problem.startswith("data/profile.yaml:1:1: missing file")
    assert "mentornet new" in problem


def test_people_may_live_one_file_each(portfolio):
    portfolio.write("data/people/gus-grant.yaml", "name: Gus Grant\nknows: [diane-roberts]\n")
    portfolio.write("data/people/other.yaml", "id: someone-else\nname: X\n")
    assert problems(portfolio) == ["data/people/other.yaml:1:1: id 'someone-else' differs from the "
                                   "file name: rename the file to someone-else.yaml or the id to 'other'"]
    (portfolio.root / "data/people/other.yaml").unlink()
    loaded = load(Layout.of(portfolio.root))
    assert ("diane-roberts", "gus-grant") in loaded.ties


def test_unknown_reflection_prompts_are_suggested(portfolio):
    portfolio.write("data/reflections.yaml", "first-stp: Coffee with Ada\n")
    assert problems(portfolio) == ["data/reflections.yaml:1:1: unknown reflection prompt 'first-stp' "
                                   "— did you mean 'first-step'?"]


def test_links_must_be_web_or_mail_addresses(portfolio):
    portfolio.write("data/people.yaml",
                    "- id: a\n  name: A\n  links:\n    - title: x\n      url: 'javascript:alert(1)'\n")
    [problem] = problems(portfolio)
    assert problem.startswith("data/people.yaml:5:7: links[0].url: 'javascript:alert(1)' is not a link")


def test_social_systems_are_checked_and_can_be_extended(portfolio):
    portfolio.write("data/people.yaml", "- id: a\n  name: A\n  social_system: profesional-bodies\n")
    [problem] = problems(portfolio)
    assert "did you mean 'professional-bodies'?" in problem
    portfolio.write("data/people.yaml", "- id: a\n  name: A\n  social_system: choir\n")
    portfolio.write("data/profile.yaml", "name: Ada\nsocial_systems:\n  - id: choir\n    label: My choir\n")
    assert problems(portfolio) == []
