"""The mentornet command: new, check, schema, analyze."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, PortfolioFolder
from mentornet.load.schema import schemas


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mentornet", *args], cwd=cwd,
                          capture_output=True, text=True)


def test_check_passes_a_valid_portfolio(portfolio):
    result = run("check", ".", cwd=portfolio.root)
    assert result.returncode == 0, result.stderr
    assert "All good: 2 people, 1 journal entry, 0 audits." in result.stdout  # one entry: singular


def test_check_lists_every_problem_and_exits_1_without_a_traceback(portfolio):
    portfolio.write("data/people.yaml", "- id: a\n  name: A\n  closeness: closer\n- id: a\n  name: B\n")
    result = run("check", str(portfolio.root), cwd=portfolio.root.parent)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "data/people.yaml:3:3: closeness: 'closer' is not a closeness term; expected one of " \
           "close, moderate, distant — did you mean 'close'?" in lines
    assert any(line.startswith("data/people.yaml:4:3: duplicate person id 'a'") for line in lines)
    assert "Traceback" not in result.stderr


def test_check_survives_a_folder_that_is_not_a_portfolio(tmp_path):
    result = run("check", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert "no data folder here" in result.stderr and "Traceback" not in result.stderr


def test_new_creates_a_starter_that_builds_strictly_and_says_what_to_edit(tmp_path):
    result = run("new", "my-network", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "data/profile.yaml" in result.stdout
    starter = PortfolioFolder(tmp_path / "my-network")
    assert run("check", cwd=starter.root).returncode == 0
    starter.build("--strict")
    assert "First Mentor" in starter.page("board")
    assert (starter.site / "people" / "first-mentor" / "index.html").exists()


def test_new_refuses_to_overwrite_a_folder_with_files(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.md").write_text("mine")
    result = run("new", "taken", cwd=tmp_path)
    assert result.returncode == 1
    assert "not empty" in result.stderr
    assert (tmp_path / "taken" / "notes.md").read_text() == "mine"


def test_starter_yaml_files_point_editors_at_the_schema(tmp_path):
    run("new", "p", cwd=tmp_path)
    for name in ("profile", "people", "audit", "plan", "reflections"):
        first_line = (tmp_path / "p" / "data" / f"{name}.yaml").read_text().splitlines()[0]
        assert first_line == f"# yaml-language-server: $schema=../schema/{name}.schema.json"
        assert (tmp_path / "p" / "schema" / f"{name}.schema.json").is_file()


def test_the_schema_lists_vocabulary_terms_for_completion():
    person = schemas()["person.schema.json"]
    closeness = person["properties"]["closeness"]["anyOf"][0]
    assert closeness["enum"] == ["close", "moderate", "distant"]
    assert person["additionalProperties"] is False


def test_the_published_schema_files_are_up_to_date():
    for name, schema in schemas().items():
        published = json.loads((REPO / "schema" / name).read_text(encoding="utf-8"))
        assert published == schema, f"schema/{name} is stale: run `mentornet schema`"


def test_analyze_prints_the_measures_as_json(example):
    result = run("analyze", "--json", cwd=example.root)
    assert result.returncode == 0, result.stderr
    measures = json.loads(result.stdout)
    for key in ("size", "density", "effective_size", "efficiency", "constraint", "range",
                "ei_index", "diversity", "iqv", "balance", "strength", "influence", "traps", "gaps"):
        assert key in measures
    assert measures["size"] == 14  # 15 people, one of whom has left


def test_analyze_without_json_prints_a_readable_summary(example):
    result = run("analyze", cwd=example.root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Your network on 2026-11-22: 14 people, 21 ties among them."
    assert {"Measures", "Reading", "Traps (Ibarra 2015)"} <= set(lines)  # the figures, then what they mean
    assert "  range              7 social systems (high)" in lines


def _printed_commands(output: str) -> list[str]:
    """The shell commands among the numbered next steps `mentornet new` prints (the text after a
    command's two spaces is what it is for)."""
    found = []
    for line in output.splitlines():
        step = line.strip().split(". ", 1)[-1]
        if step.startswith("In a new shell, first: "):
            found.append(step.removeprefix("In a new shell, first: "))
        elif step.split(" ", 1)[0] in ("cd", "git", "mentornet") or step.split(" ", 1)[0].endswith("/mentornet"):
            found.append(step.split("  ")[0])
    return found


#: A new shell on a machine where Git knows who you are: only the system's folders on PATH.
NEW_SHELL = {"PATH": "/usr/bin:/bin", "GIT_AUTHOR_NAME": "A Newcomer", "GIT_AUTHOR_EMAIL": "a@example.org",
             "GIT_COMMITTER_NAME": "A Newcomer", "GIT_COMMITTER_EMAIL": "a@example.org",
             "GIT_CONFIG_NOSYSTEM": "1"}


def test_new_prints_the_whole_path_from_zero_and_it_works_in_a_new_shell_with_nothing_on_path(tmp_path):
    result = run("new", "my-network", cwd=tmp_path)
    commands = _printed_commands(result.stdout)
    assert [c.split(" ")[0] for c in commands[1:]] == ["cd", "git", "mentornet", "mentornet"], result.stdout
    assert "git init && git add . && git commit" in commands[2]
    assert commands[-1] == "mentornet serve"
    assert "Edit " + str((tmp_path / "my-network" / "data" / "profile.yaml").resolve()) in result.stdout
    script = " && ".join(commands).replace("mentornet serve", "mentornet build --strict")
    # a new shell, started in the home folder, without NO_MKDOCS_2_WARNING
    shell = subprocess.run(["bash", "-c", script], cwd=tmp_path.parent, capture_output=True, text=True,
                           env={**NEW_SHELL, "HOME": str(tmp_path)})
    assert shell.returncode == 0, shell.stdout + shell.stderr
    assert "All good" in shell.stdout
    assert (tmp_path / "my-network" / "site" / "index.html").is_file()
    assert "end of life" not in shell.stdout + shell.stderr  # mentornet's commands silence Material's notice
    status = subprocess.run(["git", "status", "--porcelain"], cwd=tmp_path / "my-network", capture_output=True,
                            text=True, env=NEW_SHELL)
    assert status.stdout == ""  # the site and the caches are ignored


def test_the_demo_prints_next_steps_that_work_in_a_new_shell(tmp_path):
    result = run("new", "--demo", "demo", cwd=tmp_path)
    commands = _printed_commands(result.stdout)
    script = " && ".join(commands).replace("mentornet serve", "mentornet diff audit-2025-12 audit-2026-06")
    shell = subprocess.run(["bash", "-c", script], cwd=tmp_path.parent, capture_output=True, text=True,
                           env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert shell.returncode == 0, shell.stdout + shell.stderr
    assert "From audit-2025-12" in shell.stdout


def test_the_starter_is_private_unless_shared_and_check_says_what_a_mentor_will_see(tmp_path):
    run("new", "mine", cwd=tmp_path)
    starter = PortfolioFolder(tmp_path / "mine")
    people = (starter.root / "data/people.yaml").read_text()
    starter.write("data/people.yaml", people + "\n- id: my-mentee\n  name: My Mentee\n  notes: needs help with "
                  "writing\n", dedent=False)
    result = run("check", cwd=starter.root)
    assert result.returncode == 0, result.stderr
    assert ("Your mentor's site (MENTORNET_AUDIENCE=mentor) shows 1 of 2 people, 1 of 2 people's notes "
            "(1 with a private passage left out), 1 of 1 journal entries") in result.stdout
    assert "The public site (MENTORNET_AUDIENCE=public) shows 0 of 2 people" in result.stdout
    assert "Items without a `visibility:` line count as private" in result.stdout
    starter.build("--strict", env={"MENTORNET_AUDIENCE": "mentor"})
    text = "".join(p.read_text(errors="replace") for p in starter.site.rglob("*") if p.is_file()
                   and p.suffix in (".html", ".json", ".xml", ".ics"))
    assert "First Mentor" in text
    assert "needs help with writing" not in text and "My Mentee" not in text
    assert "What you would not write in a message to them" not in text


def test_check_warns_when_unmarked_notes_reach_the_mentor(portfolio):
    people = (portfolio.root / "data/people.yaml").read_text()
    portfolio.write("data/people.yaml", people + "  notes: needs help with writing\n", dedent=False)
    result = run("check", cwd=portfolio.root)
    assert result.returncode == 0, result.stderr
    assert ("Careful: 1 people with notes have no `visibility:` line (sami-wonder), so their notes follow "
            "the sharing policy (unmarked: mentor) and reach your mentor's site.") in result.stdout


def test_the_starter_has_tabs_and_the_palette_toggle(tmp_path):
    run("new", "mine", cwd=tmp_path)
    starter = PortfolioFolder(tmp_path / "mine")
    starter.build("--strict")
    analysis = starter.page("analysis")
    assert '=== "' not in analysis and "tabbed-set" in analysis
    assert "__palette_1" in starter.page("board")
