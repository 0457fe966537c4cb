"""Give and take (issue 27): what went each way with each person over the window, by kind, the
latest of each; who only receives or only gives; whom the owner mentors; and, end to end on a
starter, the person page and ``analyze --json`` after ``mentornet log --received/--gave``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mentornet.analysis import AnalysisSettings
from mentornet.analysis.reciprocity import give_and_take, person_give_take
from mentornet.core.model import EntryMeta, JournalEntry
from tests.analysis.build import AS_OF, SETTINGS, person, portfolio


def entry(day: dt.date, people: tuple[str, ...], received=(), gave=(), slug: str = "") -> JournalEntry:
    meta = EntryMeta.model_validate({"date": day, "people": people, "received": list(received),
                                     "gave": list(gave)})
    return JournalEntry(meta, f"journal/{slug or day.isoformat()}.md")


def days_ago(days: int) -> dt.date:
    return AS_OF - dt.timedelta(days=days)


def with_journal(*entries: JournalEntry, people=None):
    people = people or (person("ann"), person("bo"))
    return dataclasses.replace(portfolio(*people), journal=tuple(entries))


@pytest.mark.parametrize("written, kind, text", [
    ("career: introduced me to the chair", "career", "introduced me to the chair"),
    ("Career:introduced me", "career", "introduced me"),
    ("job : lent me her code", "job", "lent me her code"),
    ("Advice: apply this round", None, "Advice: apply this round"),
    ("Joy: the paper is out", None, "Joy: the paper is out"),  # close to job, but capitalised: text
    ("https://example.org/talk", None, "https://example.org/talk"),
    ("  read my draft  ", None, "read my draft"),
])
def test_an_item_is_read_as_its_kind_and_its_text(written, kind, text):
    from mentornet.core.model import parse_exchange

    item = parse_exchange(written)
    assert (item.kind, item.text) == (kind, text)


def test_counts_each_way_by_kind_with_the_latest_of_each():
    p = with_journal(entry(days_ago(10), ("ann",), received=["career: introduced me to the chair"]),
                     entry(days_ago(40), ("ann",), received=["job: lent me her code", "a kind word"],
                           gave=["personal: listened"]))
    found = person_give_take(p, "ann", SETTINGS)
    assert (len(found.received), len(found.gave)) == (3, 1)
    assert found.by_kind == {"received": {"job": 1, "career": 1, "personal": 0, "unspecified": 1},
                             "gave": {"job": 0, "career": 0, "personal": 1, "unspecified": 0}}
    assert found.latest_received.text == "introduced me to the chair" and found.latest_received.kind == "career"
    assert found.latest_gave.text == "listened" and found.latest_gave.date == days_ago(40)
    assert found.one_way is None


def test_only_the_window_counts_and_planned_meetings_do_not_count_yet():
    p = with_journal(entry(days_ago(0), ("ann",), received=["today"]),
                     entry(days_ago(364), ("ann",), received=["inside the window"]),
                     entry(days_ago(365), ("ann",), received=["a year ago to the day: outside"]),
                     entry(AS_OF + dt.timedelta(days=3), ("ann",), received=["planned"]))
    assert [item.text for item in person_give_take(p, "ann", SETTINGS).received] == ["today", "inside the window"]
    wider = AnalysisSettings(as_of=AS_OF, reciprocity_window_days=400)
    assert len(person_give_take(p, "ann", wider).received) == 3


def test_an_entry_with_several_people_counts_for_each_of_them():
    p = with_journal(entry(days_ago(5), ("ann", "bo"), gave=["job: ran the workshop"]))
    found = give_and_take(p, SETTINGS)
    assert {person_id: len(record.gave) for person_id, record in found.people.items()} == {"ann": 1, "bo": 1}


def test_a_relationship_is_one_way_from_the_threshold_and_only_with_nothing_back():
    p = with_journal(*[entry(days_ago(n), ("ann",), received=[f"help {n}"], slug=f"a{n}") for n in (1, 2, 3)],
                     *[entry(days_ago(n), ("bo",), gave=[f"gift {n}"], slug=f"b{n}") for n in (1, 2)])
    found = give_and_take(p, SETTINGS)
    assert found.only_receive == ("ann",) and found.only_give == ()
    assert found.of("ann").one_way == "received" and found.of("bo").one_way is None  # 2 < 3
    assert give_and_take(p, AnalysisSettings(as_of=AS_OF, reciprocity_min_one_way=2)).only_give == ("bo",)
    # one thing back and it is not one way any more
    back = dataclasses.replace(p, journal=p.journal + (entry(days_ago(4), ("ann",), gave=["thanks"], slug="x"),))
    assert give_and_take(back, SETTINGS).only_receive == ()


def test_people_who_left_are_counted_but_not_named_as_one_way():
    people = (person("ann", until=dt.date(2026, 10, 1)), person("bo"))
    p = with_journal(*[entry(days_ago(n), ("ann",), received=[f"help {n}"], slug=f"a{n}") for n in (40, 50, 60)],
                     people=people)
    found = give_and_take(p, SETTINGS)
    assert len(found.of("ann").received) == 3 and found.only_receive == ()


def test_mentees_are_the_active_people_with_the_mentee_role():
    p = with_journal(people=(person("ann", roles=("mentee",)), person("bo", roles=("peer",)),
                             person("cy", roles=("mentee",), until=dt.date(2025, 1, 1))))
    assert give_and_take(p, SETTINGS).mentees == ("ann",)


def test_the_json_has_the_counts_by_person_and_the_window():
    p = with_journal(entry(days_ago(2), ("ann",), received=["career: x"], gave=["y"]))
    data = give_and_take(p, SETTINGS).to_json()
    assert data["reciprocity_window_days"] == 365
    assert data["reciprocity"]["ann"]["received"] == 1 and data["reciprocity"]["ann"]["gave"] == 1
    assert data["reciprocity"]["ann"]["by_kind"]["received"]["career"] == 1
    assert data["reciprocity"]["ann"]["latest"]["gave"] == {"date": days_ago(2).isoformat(), "kind": None,
                                                             "text": "y", "entry": f"journal/{days_ago(2)}.md"}
    assert "bo" not in data["reciprocity"]  # nobody with nothing either way
    json.dumps(data, allow_nan=False)


@pytest.mark.parametrize("options, says", [({"reciprocity_window_days": 0}, "reciprocity_window_days is 0"),
                                           ({"reciprocity_min_one_way": "3"}, "reciprocity_min_one_way is '3'")])
def test_the_settings_are_whole_numbers_from_one(options, says):
    with pytest.raises(ValueError, match=says):
        AnalysisSettings.from_mapping(options)


def test_the_rule_is_stated_with_its_settings():
    from mentornet.analysis.settings import rules_of_thumb

    rule = next(r for r in rules_of_thumb(AnalysisSettings(reciprocity_window_days=730, reciprocity_min_one_way=5))
                if r.id == "give-and-take")
    assert rule.keys == ("reciprocity_window_days", "reciprocity_min_one_way")
    assert "the last 2 years (730 days)" in rule.text and "at least 5 things" in rule.text


# -- end to end, on a starter --------------------------------------------------------------


def mentornet(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mentornet", *args], cwd=folder, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@pytest.fixture(scope="module")
def starter(tmp_path_factory) -> Path:
    """A starter with three things received from its person and one given, logged on the command line."""
    folder = tmp_path_factory.mktemp("starter") / "network"
    assert mentornet(folder.parent, "new", str(folder)).returncode == 0
    [person_id] = [item["id"] for item in yaml.safe_load((folder / "data/people.yaml").read_text())]
    assert person_id == "first-mentor"  # the starter's one person, whom the tests below name
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text().replace("      default_visibility: private",
                                                 '      default_visibility: private\n      today: "2026-11-22"'))
    for n, text in enumerate(["introduced me to the panel chair", "read my fellowship draft",
                              "put my name forward for the committee"], 1):
        result = mentornet(folder, "log", person_id, "--date", f"2026-0{n}-15", "--received", f"career: {text}",
                           "--visibility", "mentor", "--text", "")
        assert result.returncode == 0, result.stderr
    result = mentornet(folder, "log", person_id, "--date", "2026-05-02", "--gave", "job: reviewed her grant's methods",
                       "--visibility", "mentor", "--text", "")
    assert result.returncode == 0, result.stderr
    return folder


def test_on_a_starter_analyze_json_counts_three_received_and_one_given(starter):
    result = mentornet(starter, "analyze", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {key: data["reciprocity"]["first-mentor"][key] for key in ("received", "gave")} == {"received": 3, "gave": 1}
    assert data["reciprocity"]["first-mentor"]["by_kind"]["received"]["career"] == 3
    assert data["reciprocity_window_days"] == 365


def test_on_a_starter_the_person_page_shows_the_give_and_take(starter):
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=starter, capture_output=True,
                            text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    page = (starter / "site/people/first-mentor/index.html").read_text(encoding="utf-8")
    section = page[page.index('id="give-and-take"'):page.index('id="whom-they-know')]
    assert "<td><strong>Times</strong></td><td><strong>3</strong></td><td><strong>1</strong></td>" in section
    assert "<tr><td>Career support</td><td>3</td><td>0</td></tr>" in section
    assert "put my name forward for the committee <em>(career support)</em>" in section  # the latest received
    assert "reviewed her grant&#39;s methods <em>(gets the job done)</em>" in section  # the latest given
    analysis = (starter / "site/analysis/index.html").read_text(encoding="utf-8")
    assert "Give and take" in analysis and "mentornet counts give and take over the journal" in analysis
    entry_page = (starter / "site/journal/2026-03-15-first-mentor/index.html").read_text(encoding="utf-8")
    assert "<li>Received: put my name forward for the committee <em>(career support)</em></li>" in entry_page


def test_an_unknown_kind_stops_check_with_the_line_and_did_you_mean(starter, tmp_path):
    entry_file = starter / "content/journal/2026-06-01-typo.md"
    entry_file.write_text("---\ndate: 2026-06-01\npeople: [first-mentor]\nreceived:\n"
                          "  - \"carreer: introduced me to the dean\"\n---\n", encoding="utf-8")
    try:
        result = mentornet(starter, "check")
    finally:
        entry_file.unlink()
    assert result.returncode == 1
    assert ("content/journal/2026-06-01-typo.md:5:5: received[0]: 'carreer' is not a kind of support; expected one "
            "of job, career, personal, or text with no kind — did you mean 'career'?") in result.stderr
    assert "Traceback" not in result.stderr


def test_prep_says_what_went_each_way_and_prompts_when_it_ran_one_way(starter):
    result = mentornet(starter, "prep", "first-mentor")
    assert result.returncode == 0, result.stderr
    assert "Give and take, the last 12 months: received 3, gave 1" in result.stdout
    assert "  Last received: put my name forward for the committee (career), 15 March 2026" in result.stdout
    assert "  Last given: reviewed her grant's methods (job), 2 May 2026" in result.stdout
    assert "Ask what you can do" not in result.stdout  # it went both ways
    result = mentornet(starter, "prep", "first-mentor", "--today", "2026-04-30")  # before the gift
    assert "Give and take, the last 12 months: received 3, gave 0" in result.stdout
    assert ("It has run one way: you received 3 times and gave nothing back. Ask what you can do for First Mentor."
            in result.stdout)


# -- the board, the analysis page and the voice of each site --------------------------------


def one_way_portfolio(folder) -> None:
    """Diane has helped three times and had nothing back; Sami, a mentee, was given to three times."""
    people = (folder.root / "data/people.yaml").read_text().replace("  roles: [peer]", "  roles: [peer, mentee]")
    folder.write("data/people.yaml", people, dedent=False)
    for n in (1, 2, 3):
        folder.entry(f"2026-0{n + 5}-01-diane-{n}", f"""
            date: 2026-0{n + 5}-01
            people: [diane-roberts]
            received: ["career: help {n}"]
        """)
        folder.entry(f"2026-0{n + 5}-02-sami-{n}", f"""
            date: 2026-0{n + 5}-02
            people: [sami-wonder]
            gave: ["job: gift {n}"]
        """)


@pytest.mark.parametrize("audience", ["owner", "mentor"])
def test_one_way_relationships_are_signed_on_the_board_and_named_on_the_analysis_page(portfolio, audience):
    from tests.site.test_pages import every_page, for_audience

    one_way_portfolio(portfolio)
    for_audience(portfolio, audience)
    portfolio.build("--strict")
    # as read: a link's text runs on into the words after it ("Diane Roberts: ask …")
    pages = {name: re.sub(r" ([:.,])", r"\1", text) for name, text in every_page(portfolio.site).items()}
    board = portfolio.page("board")
    you = "you" if audience == "owner" else "Ada"
    assert 'title="Only one way: received, nothing given back"' in board  # the sign's accessible words
    assert f"Only one way: {you} received 3 times in 12 months, gave nothing back" in pages["board"]
    assert f"Only one way: {you} gave 3 times in 12 months, received nothing" in pages["board"]
    analysis = pages["analysis"]
    if audience == "owner":
        assert "Diane Roberts helped you 3 times in the last 12 months and you gave nothing back: ask what you " \
               "can do for them." in pages["people/diane-roberts"]
        assert "You only receive from (at least 3 times, nothing given back): Diane Roberts: ask what you can do " \
               "for them." in analysis
        assert "Whom you mentor (the mentee role): Sami Wonder." in analysis
    else:
        assert "Ada only receives from (at least 3 times, nothing given back): Diane Roberts." in analysis
        assert "Ada only gives to (at least 3 times, nothing received): Sami Wonder." in analysis
        assert "Whom Ada mentors (the mentee role): Sami Wonder." in analysis
        assert "ask what you can do" not in analysis
        assert "Diane Roberts helped Ada 3 times in the last 12 months and Ada gave nothing back." \
               in pages["people/diane-roberts"]
        assert "Ada helped Sami Wonder 3 times in the last 12 months and received nothing back, as a mentor " \
               "gives to a mentee." in pages["people/sami-wonder"]
    assert "calls a relationship one-way when at least 3 things went one way" in analysis
