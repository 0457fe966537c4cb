"""Messages that say the fix, as `mentornet check` prints them (item 5 of issue 16)."""

from __future__ import annotations

import pytest

#: The fixture's journal names diane-roberts: she stays known, whatever else a test writes.
ANN = "- id: diane-roberts\n  name: Ann\n"


def check(portfolio) -> list[str]:
    result = portfolio.mentornet("check")
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if not line.endswith("again.")]


def test_since_and_until_take_a_month_or_a_year(portfolio):
    portfolio.write("data/people.yaml", "- id: diane-roberts\n  name: Ann\n  since: 2021-05\n  until: 2023\n"
                    "- id: bob\n  name: Bob\n  since: 2019\n  until: 2019-11\n")
    result = portfolio.mentornet("check")
    assert result.returncode == 0, result.stderr
    portfolio.build("--strict")
    page = portfolio.page("people/diane-roberts")
    assert "May 2021" in page and "until 2023" in page
    assert "1 May 2021" not in page and "31 December 2023" not in page


def test_a_year_for_until_is_its_last_day_so_since_and_until_in_one_year_agree(portfolio):
    portfolio.write("data/people.yaml", "- id: diane-roberts\n  name: Ann\n  since: 2023-05-04\n  until: 2023\n")
    assert portfolio.mentornet("check").returncode == 0


def test_a_month_that_does_not_exist_is_refused(portfolio):
    portfolio.write("data/people.yaml", "- id: diane-roberts\n  name: Ann\n  since: 2021-13\n")
    assert check(portfolio) == ["data/people.yaml:3:3: since: '2021-13' is not a real month (months are 01 to 12)"]


def test_partial_dates_are_exported_as_written(portfolio, tmp_path):
    portfolio.write("data/people.yaml", "- id: diane-roberts\n  name: Ann\n  since: 2021-05\n")
    out = tmp_path / "p.json"
    assert portfolio.mentornet("export", "--format", "json", "--out", str(out)).returncode == 0
    assert '"since": "2021-05"' in out.read_text()


def test_free_text_for_a_social_system_gets_one_message_with_the_nearest_term_and_how_to_declare_it(portfolio):
    portfolio.write("data/people.yaml", ANN + "  social_system: Royal Society of Chemistry\n")
    [message] = check(portfolio)
    assert message.startswith("data/people.yaml:3:3: social_system: 'Royal Society of Chemistry' is not a known "
                              "social system — did you mean 'professional-bodies'")
    assert ("add `social_systems: [{id: royal-society-of-chemistry, label: Royal Society of Chemistry}]` to "
            "profile.yaml and write `social_system: royal-society-of-chemistry` here") in message
    assert "not a valid id" not in message


def test_the_declared_form_the_message_offers_works(portfolio):
    portfolio.write("data/people.yaml", ANN + "  social_system: Royal Society of Chemistry\n")
    [message] = check(portfolio)
    declaration = message.split("add `", 1)[1].split("` to profile.yaml", 1)[0]
    written = message.split("write `", 1)[1].split("`", 1)[0]
    profile = (portfolio.root / "data/profile.yaml").read_text()
    portfolio.write("data/profile.yaml", profile + declaration + "\n", dedent=False)
    portfolio.write("data/people.yaml", f"- id: diane-roberts\n  name: Ann\n  {written}\n")
    result = portfolio.mentornet("check")
    assert result.returncode == 0, result.stderr
    portfolio.build("--strict")
    assert "Royal Society of Chemistry" in portfolio.page("people/diane-roberts")


def test_once_systems_are_declared_the_message_says_add_one_more(portfolio):
    profile = (portfolio.root / "data/profile.yaml").read_text()
    portfolio.write("data/profile.yaml", profile + "social_systems:\n  - id: choir\n    label: My choir\n",
                    dedent=False)
    portfolio.write("data/people.yaml", "- id: diane-roberts\n  name: Ann\n  social_system: Google\n")
    [message] = check(portfolio)
    assert "(the known ones: institution, " in message and ", choir)." in message
    assert "add `- {id: google, label: Google}` under `social_systems:` in profile.yaml" in message


def test_a_misspelt_system_gets_did_you_mean(portfolio):
    portfolio.write("data/people.yaml", "- id: diane-roberts\n  name: Ann\n  social_system: profesional-bodies\n")
    [message] = check(portfolio)
    assert "did you mean 'professional-bodies'?" in message


@pytest.mark.parametrize("written, expected", [
    ("carreer", "support: 'carreer' is not a support term — did you mean 'career'? "
                "Write it as a list: `support: [career]`"),
    ("career", "support: write it as a list: `support: [career]`"),
    ("job, carrer", "support: 'carrer' is not a support term — did you mean 'career'? "
                    "Write it as a list: `support: [job, career]`"),
    ("money", "support: 'money' is not a support term; expected a list of job, career, personal, "
              "for example `support: [job]`"),
])
def test_one_term_where_a_list_is_expected_is_corrected_never_echoed(portfolio, written, expected):
    portfolio.write("data/people.yaml", f"- id: diane-roberts\n  name: Ann\n  support: {written}\n")
    assert check(portfolio) == [f"data/people.yaml:3:3: {expected}"]


@pytest.mark.parametrize("text, expected", [
    ("- id: diane-roberts\n\tname: Ann\n",
     "data/people.yaml:2:1: YAML syntax error: a tab character: use spaces, not tabs"),
    (ANN + "  knows:\n\t- bob\n", "data/people.yaml:4:1: YAML syntax error: a tab character"),
    ("- id: diane-roberts\n  name: Ann\n  title: Lead: data science\n",
     'data/people.yaml:3:14: YAML syntax error: a colon followed by a space inside a value: put text with a '
     'colon in quotes, e.g. `title: "Lead: data science"`'),
])
def test_yaml_syntax_errors_say_the_plain_fix(portfolio, text, expected):
    portfolio.write("data/people.yaml", text, dedent=False)
    [message] = check(portfolio)
    assert message.startswith(expected), message


def test_a_colon_in_a_journal_entry_front_matter_points_at_the_entry_line(portfolio):
    portfolio.entry("2026-02-01-lunch", "date: 2026-02-01\ntitle: Lunch: the plan")
    [message] = check(portfolio)
    assert message.startswith("content/journal/2026-02-01-lunch.md:3:13: YAML syntax error: a colon")
    assert '`title: "Lunch: the plan"`' in message


def test_a_flood_of_unknown_ids_is_summed_up_not_printed_one_by_one(portfolio):
    knows = ", ".join(f"nobody-{n}" for n in range(200_000))
    portfolio.write("data/people.yaml", f"- id: diane-roberts\n  name: Ann\n  knows: [{knows}]\n", dedent=False)
    lines = check(portfolio)
    assert len(lines) == 21
    assert lines[0].startswith("data/people.yaml:3:") and "unknown person 'nobody-0'" in lines[0]
    assert lines[-1].endswith("… and 199,980 more of the same kind (knows: unknown person) in this file")


def test_the_same_mistake_is_matched_to_its_suggestion_once():
    from mentornet.core import problems

    people = tuple(f"person-{number}" for number in range(500)) + ("diane-roberts",)
    before = problems._closest.cache_info().misses
    said = {str(problems.did_you_mean("dianne-roberts", people)) for _ in range(3)}
    assert said == {" — did you mean 'diane-roberts'?"}
    assert problems._closest.cache_info().misses == before + 1
    assert str(problems.did_you_mean("zzz", people, otherwise=" (none close)")) == " (none close)"


@pytest.mark.parametrize("front_matter, expected", [
    ('received: ["carreer: an introduction"]',
     "content/journal/2026-02-01-x.md:5:12: received[0]: 'carreer' is not a kind of support; expected one of job, "
     "career, personal, or text with no kind — did you mean 'career'?"),
    ('gave: "job: reviewed her draft"',
     "content/journal/2026-02-01-x.md:5:1: gave: expected a list: write `gave: [\"job: reviewed her draft\"]`"),
    ("gave: [3]", "content/journal/2026-02-01-x.md:5:8: gave[0]: expected text, got a number"),
    ("received:\n  - career: introduced me",
     "content/journal/2026-02-01-x.md:6:5: received[0]: expected text, got a mapping: put the item in quotes, "
     "`- \"career: introduced me\"`"),
    ('received: ["career:"]',
     "content/journal/2026-02-01-x.md:5:12: received[0]: say what after 'career:', for example "
     "`career: introduced me to the panel chair`"),
    ('gave: [""]', "content/journal/2026-02-01-x.md:5:8: gave[0]: must not be empty: say what was given or received"),
])
def test_received_and_gave_are_lists_of_texts_with_a_known_kind(portfolio, front_matter, expected):
    portfolio.entry("2026-02-01-x", "title: X\ndate: 2026-02-01\npeople: [diane-roberts]\n" + front_matter)
    assert check(portfolio) == [expected]
