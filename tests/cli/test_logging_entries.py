"""`mentornet log` and `mentornet done`: a meeting recorded in one line, an action ticked."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys


def run(portfolio, *args, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mentornet", *args], cwd=portfolio.root, input=stdin,
                          capture_output=True, text=True, env={**os.environ, **(env or {})})


def journal_files(portfolio) -> set[str]:
    return {p.name for p in (portfolio.root / "content" / "journal").glob("*.md")}


def test_log_writes_an_entry_that_check_and_the_site_accept(portfolio):
    result = run(portfolio, "log", "diane-roberts", "--date", "2026-11-20", "--text", "We planned the year.",
                 "--action", "Send Diane the outline", "--due", "2026-12-01", "--by", "me",
                 "--action", "Read my draft", "--by", "them", "--agenda", "Fellowship: timeline")
    assert result.returncode == 0, result.stderr
    path = portfolio.root / "content/journal/2026-11-20-diane-roberts.md"
    assert result.stdout.startswith("Wrote content/journal/2026-11-20-diane-roberts.md (no visibility: the sharing "
                                    "policy's default, mentor; in your own site and your mentor's site):")
    text = path.read_text()
    assert text in result.stdout  # it prints what it wrote
    assert "people: [diane-roberts]" in text and "kind: meeting" in text and "We planned the year." in text
    assert "  - text: Send Diane the outline\n    due: 2026-12-01\n    by: me\n    done: false" in text
    assert "  - text: Read my draft\n    by: them\n    done: false" in text
    assert "'Fellowship: timeline'" in text
    assert run(portfolio, "check").returncode == 0
    portfolio.build("--strict")
    assert "Send Diane the outline" in portfolio.page("journal/actions")


def test_log_takes_names_and_first_names_and_several_people(portfolio):
    result = run(portfolio, "log", "Diane", "sami wonder", "--date", "2026-11-20", "--kind", "event", "--text", "")
    assert result.returncode == 0, result.stderr
    [written] = journal_files(portfolio) - {"2026-01-10-kickoff.md"}
    text = (portfolio.root / "content/journal" / written).read_text()
    assert "people: [diane-roberts, sami-wonder]" in text
    assert "title: 'Event: Diane Roberts and Sami Wonder'" in text


def test_log_reads_the_notes_from_standard_input(portfolio):
    result = run(portfolio, "log", "diane-roberts", "--date", "2026-11-21", stdin="From a pipe.\n")
    assert result.returncode == 0, result.stderr
    assert "From a pipe." in (portfolio.root / "content/journal/2026-11-21-diane-roberts.md").read_text()


def test_log_opens_the_editor_at_a_terminal(portfolio, tmp_path):
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "Written in the editor.\\n" >> "$1"\n')
    editor.chmod(0o755)
    leader, follower = pty.openpty()
    try:
        result = subprocess.run([sys.executable, "-m", "mentornet", "log", "diane-roberts", "--date", "2026-11-22"],
                                cwd=portfolio.root, stdin=follower, capture_output=True, text=True,
                                env={**os.environ, "EDITOR": str(editor), "VISUAL": ""})
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 0, result.stderr
    text = (portfolio.root / "content/journal/2026-11-22-diane-roberts.md").read_text()
    assert text.rstrip().endswith("Written in the editor.") and "<!--" not in text


def test_a_second_entry_on_the_same_day_gets_a_name_of_its_own(portfolio):
    for _ in range(2):
        assert run(portfolio, "log", "diane-roberts", "--date", "2026-11-20", "--text", "x").returncode == 0
    assert {"2026-11-20-diane-roberts.md", "2026-11-20-diane-roberts-2.md"} <= journal_files(portfolio)


def test_log_refuses_an_unknown_person_with_did_you_mean_and_writes_nothing(portfolio):
    before = journal_files(portfolio)
    result = run(portfolio, "log", "dianne-roberts", "--text", "x")
    assert result.returncode == 1
    assert "unknown person 'dianne-roberts' — did you mean 'diane-roberts'?" in result.stderr
    assert journal_files(portfolio) == before


def test_log_lists_the_candidates_when_a_first_name_is_ambiguous(portfolio):
    people = (portfolio.root / "data/people.yaml").read_text()
    portfolio.write("data/people.yaml", people + "- id: diane-okafor\n  name: Diane Okafor\n", dedent=False)
    result = run(portfolio, "log", "diane", "--text", "x")
    assert result.returncode == 1
    assert "'diane' could be any of 2 people; name one by id:" in result.stderr
    assert "diane-okafor" in result.stderr and "diane-roberts" in result.stderr


def test_log_writes_into_the_portfolio_named_after_the_people(portfolio, tmp_path):
    result = subprocess.run([sys.executable, "-m", "mentornet", "log", "diane-roberts", str(portfolio.root),
                             "--date", "2026-11-20", "--text", "x", "--visibility", "private"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "(visibility: private; only in your own site)" in result.stdout
    assert "visibility: private" in (portfolio.root / "content/journal/2026-11-20-diane-roberts.md").read_text()


def test_a_due_date_without_its_action_is_refused(portfolio):
    result = run(portfolio, "log", "diane-roberts", "--due", "2026-12-01", "--text", "x")
    assert result.returncode == 2
    assert "--due 2026-12-01 comes before any --action: write it after the --action it belongs to" in result.stderr
    assert journal_files(portfolio) == {"2026-01-10-kickoff.md"}


def test_due_and_by_go_with_the_action_written_right_before_them(portfolio):
    result = run(portfolio, "log", "diane-roberts", "--date", "2026-11-20", "--text", "x",
                 "--action", "Send the outline", "--due", "2026-12-01", "--action", "Read my draft", "--by", "them")
    assert result.returncode == 0, result.stderr
    text = (portfolio.root / "content/journal/2026-11-20-diane-roberts.md").read_text()
    assert "  - text: Send the outline\n    due: 2026-12-01\n    done: false\n" in text  # not by: them
    assert "  - text: Read my draft\n    by: them\n    done: false\n" in text  # no due date


def test_two_due_dates_for_one_action_are_refused_rather_than_moved_to_another(portfolio):
    # the old habit of pairing by rank: both dates would follow the second action
    result = run(portfolio, "log", "diane-roberts", "--text", "x", "--action", "A", "--action", "B",
                 "--due", "2026-12-01", "--due", "2026-12-08")
    assert result.returncode == 2
    assert "two --due for the action 'B': each --due and --by goes right after its own --action" in result.stderr
    assert "Traceback" not in result.stderr
    assert journal_files(portfolio) == {"2026-01-10-kickoff.md"}


def test_done_ticks_the_one_action_a_pattern_names_and_keeps_the_rest_of_the_file(portfolio):
    path = portfolio.entry("2026-02-01-lunch", """
        date: 2026-02-01
        people: [sami-wonder]
        actions:
          # the one that matters
          - text: Book the room
            due: 2026-02-10
            done: false   # not yet
          - {text: Send slides, by: them}
    """)
    before = path.read_text()
    result = run(portfolio, "done", "book the")
    assert result.returncode == 0, result.stderr
    assert "Done: Book the room" in result.stdout and "content/journal/2026-02-01-lunch.md" in result.stdout
    assert path.read_text() == before.replace("done: false   # not yet", "done: true   # not yet")
    assert run(portfolio, "done", "slides").returncode == 0
    assert "- {text: Send slides, by: them, done: true}" in path.read_text()
    assert run(portfolio, "check").returncode == 0


def test_done_adds_the_line_when_an_action_has_none(portfolio):
    path = portfolio.entry("2026-02-01-lunch", """
        date: 2026-02-01
        actions:
          - text: Book the room
            agenda_note: x
    """.replace("            agenda_note: x\n", "            due: 2026-02-10\n"))
    assert run(portfolio, "done", "--entry", "2026-02-01-lunch", "--action", "1").returncode == 0
    assert "  - text: Book the room\n    due: 2026-02-10\n    done: true\n" in path.read_text()
    assert run(portfolio, "check").returncode == 0


def test_done_lists_the_choices_when_a_pattern_matches_several(portfolio):
    portfolio.entry("2026-02-01-lunch", """
        date: 2026-02-01
        actions:
          - text: Draft the abstract
    """)
    result = run(portfolio, "done", "draft")
    assert result.returncode == 1
    assert "2 open actions contain 'draft'; choose one:" in result.stderr
    assert "mentornet done --entry 2026-01-10-kickoff --action 1" in result.stderr
    assert "mentornet done --entry 2026-02-01-lunch --action 1" in result.stderr


def test_done_says_when_nothing_matches(portfolio):
    result = run(portfolio, "done", "nothing like this")
    assert result.returncode == 1 and "no open action contains 'nothing like this'" in result.stderr


def test_an_action_says_who_owes_it_me_or_them(portfolio):
    portfolio.entry("2026-02-01-lunch", """
        date: 2026-02-01
        actions:
          - text: Send slides
            by: they
    """)
    result = run(portfolio, "check")
    assert result.returncode == 1
    assert "actions[0].by: 'they' is not a by term; expected one of me, them — did you mean 'them'?" in result.stderr


def test_prep_finds_someone_by_first_name_in_any_case(portfolio):
    result = run(portfolio, "prep", "DIANE")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Before your next meeting with Diane Roberts")
    result = run(portfolio, "prep", "wond")  # part of a name
    assert result.returncode == 0 and "Sami Wonder" in result.stdout.splitlines()[0]


def test_a_misspelt_first_name_gets_did_you_mean_with_the_name(portfolio):
    result = run(portfolio, "prep", "Dinae")
    assert result.returncode == 1
    assert "unknown person 'Dinae' — did you mean 'diane-roberts' (Diane Roberts)?" in result.stderr


def test_prep_marks_the_actions_they_owe(portfolio):
    assert run(portfolio, "log", "sami", "--date", "2026-11-01", "--text", "x", "--action", "Send me the paper",
               "--by", "them").returncode == 0
    assert "Send me the paper (theirs)" in run(portfolio, "prep", "sami").stdout


def test_log_writes_what_was_received_and_given_as_the_entry_records_it(portfolio):
    result = run(portfolio, "log", "diane-roberts", "--date", "2026-11-20", "--text", "x",
                 "--received", "career: introduced me to the panel chair", "--received", "read my draft",
                 "--gave", "job: reviewed her methods section")
    assert result.returncode == 0, result.stderr
    text = (portfolio.root / "content/journal/2026-11-20-diane-roberts.md").read_text()
    assert ("received:\n  - 'career: introduced me to the panel chair'\n  - read my draft\n"
            "gave:\n  - 'job: reviewed her methods section'\n---\n") in text
    assert run(portfolio, "check").returncode == 0
    data = json.loads(run(portfolio, "analyze", "--json").stdout)
    assert data["reciprocity"]["diane-roberts"]["received"] == 2
    assert data["reciprocity"]["diane-roberts"]["by_kind"]["gave"]["job"] == 1


def test_log_refuses_an_unknown_kind_with_did_you_mean_and_writes_nothing(portfolio):
    before = journal_files(portfolio)
    result = run(portfolio, "log", "diane-roberts", "--text", "x", "--received", "carreer: an introduction",
                 "--gave", "personnal: listened")
    assert result.returncode == 1
    assert ("--received: 'carreer' is not a kind of support; expected one of job, career, personal, or text with "
            "no kind — did you mean 'career'?") in result.stderr
    assert "--gave: 'personnal' is not a kind of support" in result.stderr
    assert "did you mean 'personal'?" in result.stderr
    assert journal_files(portfolio) == before


def test_a_first_word_that_is_no_kind_stays_part_of_the_text(portfolio):
    result = run(portfolio, "log", "diane-roberts", "--date", "2026-11-20", "--text", "x",
                 "--received", "Advice: apply this round")
    assert result.returncode == 0, result.stderr
    data = json.loads(run(portfolio, "analyze", "--json").stdout)
    latest = data["reciprocity"]["diane-roberts"]["latest"]["received"]
    assert latest["text"] == "Advice: apply this round" and latest["kind"] is None
