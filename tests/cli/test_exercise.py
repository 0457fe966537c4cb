"""`mentornet exercise`: the Developmental Network Exercise typed into a real pseudo-terminal."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.cli.guided_terminal import Terminal

#: The slides' worked example (the Developmental Network Exercise's filled-in map): for each
#: person, the kinds of support they were named under, then the worksheet's answers.
#: (name, support, closeness, inside, seniority, title, social system number)
EXAMPLE = [
    ("Nancy Smith", ["job"], "close", True, "junior", "Research assistant", 2),
    ("John Doe", ["job", "career"], "moderate", True, "senior", "PI of my grant", 2),
    ("Carl Jones", ["job"], "distant", True, "junior", "Grant and administrative assistant", 2),
    ("Diane Roberts", ["career", "personal"], "close", True, "senior", "Senior faculty member in my division", 2),
    ("Sami Wonder", ["career"], "distant", True, "senior", "Department chair", 2),
    ("Anne Brown", ["career"], "distant", False, "senior", "Faculty at another institution", 3),
    ("Lee Green", ["personal"], "close", False, "peer", "Spouse", 7),
    ("Frances West", ["personal"], "moderate", True, "peer", "Friend at work", 2),
]
CLOSENESS = ["close", "moderate", "distant"]
SENIORITY = ["senior", "peer", "junior"]
ROUNDS = {"job": "Gets the job done:", "career": "Career support:", "personal": "Personal support:"}


def new_starter(tmp_path: Path) -> Path:
    folder = tmp_path / "me"
    subprocess.run([sys.executable, "-m", "mentornet", "new", str(folder)], check=True, capture_output=True)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def read_grid(shown: str) -> dict[tuple[str, str], list[str]]:
    """The grid the terminal showed, cell by cell: the names under each closeness heading."""
    lines = shown[shown.index("by kind of support and closeness"):].splitlines()
    header = next(line for line in lines if "Close" in line and "Moderate" in line)
    starts = [header.index(title) for title in ("Close", "Moderate", "Distant")] + [10_000]
    rows = {"Gets the job done": "job", "Career support": "career", "Personal support": "personal"}
    cells: dict[tuple[str, str], list[str]] = {(kind, c): [] for kind in ROUNDS for c in CLOSENESS}
    kind = None
    for line in lines[lines.index(header) + 2:]:
        if not line.strip():
            break
        kind = next((rows[label] for label in rows if line.startswith(label)), kind)
        for number, closeness in enumerate(CLOSENESS):
            name = line[starts[number]:starts[number + 1]].strip()
            if name:
                cells[kind, closeness].append(name)
    return {key: sorted(names) for key, names in cells.items()}


def starters_example(terminal: Terminal) -> bool:
    """Take out the starter's example person when offered; whether it was (it is not while the
    starter's first journal entry names them)."""
    if terminal.either("Take it out?", "the starter's example person, stays") == 0:
        terminal.child.send("y")
        return True
    return False


def type_the_example(terminal: Terminal) -> bool:
    taken_out = starters_example(terminal)
    for kind, prompt in ROUNDS.items():
        for name, support, *_ in EXAMPLE:
            if kind in support:
                terminal.type(prompt, name)
        terminal.type(prompt, "")
    for name, _, closeness, inside, seniority, title, system in EXAMPLE:
        terminal.choose(f"How close is your relationship with {name}?", CLOSENESS.index(closeness) + 1)
        terminal.choose(f"Is {name} inside or outside", 1 if inside else 2)
        terminal.choose(f"Compared with you, {name} is", SENIORITY.index(seniority) + 1)
        terminal.type(f"{name}'s title or role", title)
        terminal.type(f"{name}'s organisation", "")
        terminal.choose(f"Which social system is {name} part of?", system)
    return taken_out


def name_lee_green(terminal: Terminal, system: int) -> None:
    """Name Lee Green for personal support, a close peer outside the organisation, in social
    system number ``system``."""
    terminal.type("Personal support:", "Lee Green")
    terminal.type("Personal support:", "")
    terminal.choose("How close is your relationship with Lee Green?", 1)
    terminal.choose("Is Lee Green inside or outside", 2)
    terminal.choose("Compared with you, Lee Green is", 2)
    terminal.type("Lee Green's title or role", "")
    terminal.type("Lee Green's organisation", "")
    terminal.choose("Which social system is Lee Green part of?", system)


def keep_diane_let_sami_go(terminal: Terminal) -> None:
    """The reassessment's opening questions: Diane Roberts still close, with the same support;
    Sami Wonder gone."""
    terminal.choose("Diane Roberts (Close; gets the job done, career support): how close are you now?", 1)
    terminal.key("What does Diane Roberts help you with now?", "\r")
    terminal.choose("Sami Wonder (Distant; personal support): how close are you now?", 4)


def test_the_slides_worked_example_typed_in_builds_its_people_and_a_site(tmp_path):
    folder = new_starter(tmp_path)
    terminal = Terminal("exercise", cwd=folder)
    taken_out = type_the_example(terminal)
    terminal.confirm("Say who knows whom", True)
    # Diane Roberts knows John Doe and Sami Wonder (the order people were first named)
    order = ["Nancy Smith", "John Doe", "Carl Jones", "Diane Roberts", "Sami Wonder", "Anne Brown",
             "Lee Green", "Frances West"]
    for number, name in enumerate(order[:-1]):
        others = order[number + 1:]
        if name == "John Doe":
            terminal.tick(f"Whom among these does {name} know?", [others.index("Diane Roberts") + 1], len(others))
        elif name == "Diane Roberts":
            terminal.tick(f"Whom among these does {name} know?", [others.index("Sami Wonder") + 1], len(others))
        else:
            terminal.tick(f"Whom among these does {name} know?", [], len(others))
    terminal.confirm("Write this down?", True)
    assert terminal.finish() == 0, terminal.output
    shown = terminal.output
    assert "Traceback" not in shown
    assert "visibility: private" in shown and "mentornet check" in shown and "serve" in shown
    assert terminal.colours == set()  # NO_COLOR=1

    people = yaml.safe_load((folder / "data" / "people.yaml").read_text(encoding="utf-8"))
    by_name = {person["name"]: person for person in people}
    assert sorted(by_name) == sorted([name for name, *_ in EXAMPLE] + ([] if taken_out else ["First Mentor"]))
    for name, support, closeness, inside, seniority, title, _ in EXAMPLE:
        person = by_name[name]
        assert (person["support"], person["closeness"], person["inside"], person["seniority"], person["title"]) \
            == (support, closeness, inside, seniority, title), name
        assert person["visibility"] == "private"
    assert by_name["Diane Roberts"]["id"] == "diane-roberts"
    assert by_name["Lee Green"]["social_system"] == "family-community"
    assert "social_system" not in by_name["Nancy Smith"] or by_name["Nancy Smith"]["social_system"] == "institution"
    assert by_name["John Doe"]["knows"] == ["diane-roberts"] and by_name["Diane Roberts"]["knows"] == ["sami-wonder"]
    text = (folder / "data" / "people.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/people.schema.json\n# The people you turn to")

    # the grid as the worksheet draws it: support by closeness, every name in its cell
    expected = {(kind, closeness): sorted(name for name, support, near, *_ in EXAMPLE
                                          if kind in support and near == closeness)
                for kind in ROUNDS for closeness in CLOSENESS}
    if not taken_out:
        expected["career", "moderate"] = sorted(expected["career", "moderate"] + ["First Mentor"])
    assert read_grid(shown) == expected

    check = subprocess.run([sys.executable, "-m", "mentornet", "check"], cwd=folder, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert f"All good: {8 if taken_out else 9} people" in check.stdout
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=folder, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    assert "Diane Roberts" in (folder / "site" / "people" / "diane-roberts" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["a name", "a person's questions", "the last question"])
def test_ctrl_c_anywhere_leaves_every_file_byte_identical(tmp_path, where):
    folder = new_starter(tmp_path)
    before = snapshot(folder)
    terminal = Terminal("exercise", cwd=folder)
    starters_example(terminal)
    terminal.type("Gets the job done:", "Nancy Smith")
    if where == "a name":
        terminal.key("Gets the job done:", "\x03")
    else:
        for prompt in ROUNDS.values():
            terminal.type(prompt, "")
        if where == "a person's questions":
            terminal.choose("How close is your relationship with Nancy Smith?", 1)
            terminal.key("Is Nancy Smith inside or outside", "\x03")
        else:
            terminal.choose("How close is your relationship with Nancy Smith?", 1)
            terminal.choose("Is Nancy Smith inside or outside", 1)
            terminal.choose("Compared with you, Nancy Smith is", 3)
            terminal.type("Nancy Smith's title or role", "")
            terminal.type("Nancy Smith's organisation", "")
            terminal.choose("Which social system is Nancy Smith part of?", 2)
            terminal.key("Write this down?", "\x03")
    status = terminal.finish()
    assert status in (1, 130)
    assert terminal.output.strip().splitlines()[-1] == "Nothing was changed."
    assert "Traceback" not in terminal.output
    assert snapshot(folder) == before


def one_file_per_person(portfolio) -> None:
    """The portfolio's people as data/people/<id>.yaml files (the id is the file's name)."""
    people_file = portfolio.root / "data" / "people.yaml"
    for person in yaml.safe_load(people_file.read_text(encoding="utf-8")):
        person_id = person.pop("id")
        portfolio.write(f"data/people/{person_id}.yaml", "# kept by hand\n" + yaml.safe_dump(person, sort_keys=False),
                        dedent=False)
    people_file.unlink()


@pytest.mark.parametrize("layout", ["people.yaml", "data/people/"])
def test_the_reassessment_sets_until_for_someone_gone_and_keeps_the_comments(portfolio, layout):
    if layout == "people.yaml":
        people_file = portfolio.root / "data" / "people.yaml"
        people_file.write_text("# my people, my comments\n" + people_file.read_text(encoding="utf-8"),
                               encoding="utf-8")
    else:
        one_file_per_person(portfolio)
        people_file = portfolio.root / "data" / "people" / "sami-wonder.yaml"
    before = snapshot(portfolio.root)
    terminal = Terminal("exercise", cwd=portfolio.root)
    # Diane Roberts: still close, same support; Sami Wonder: gone; and someone new
    keep_diane_let_sami_go(terminal)
    terminal.type("Gets the job done:", "")
    terminal.type("Career support:", "")
    name_lee_green(terminal, system=1)
    terminal.confirm("Write this down?", True)
    assert terminal.finish() == 0, terminal.output
    assert "Sami Wonder: no longer in your network (until: 2026-11)." in terminal.output
    assert "Traceback" not in terminal.output
    after = snapshot(portfolio.root)
    sami = str(people_file.relative_to(portfolio.root))
    lee = "data/people.yaml" if layout == "people.yaml" else "data/people/lee-green.yaml"
    # everything else byte for byte; Sami's entry gains one line, after `social_system`
    assert {name: text for name, text in after.items() if name not in (sami, lee)} == \
        {name: text for name, text in before.items() if name not in (sami, lee)}
    sami_before = before[sami].decode()
    if layout == "people.yaml":
        sami_before += "- id: lee-green\n  name: Lee Green\n  inside: false\n  seniority: peer\n" \
            "  closeness: close\n  support: [personal]\n  visibility: private\n"
    pad = "  " if layout == "people.yaml" else ""
    system = f"{pad}social_system: professional-bodies\n"
    assert after[sami].decode() == sami_before.replace(system, f"{system}{pad}until: 2026-11\n")
    lee_green = yaml.safe_load(after[lee].decode())
    lee_green = lee_green[-1] if layout == "people.yaml" else lee_green
    assert lee_green["closeness"] == "close" and lee_green["visibility"] == "private"
    check = portfolio.mentornet("check")
    assert check.returncode == 0, check.stderr


def test_answers_that_would_not_pass_check_are_shown_and_nothing_is_written(portfolio):
    before = snapshot(portfolio.root)
    terminal = Terminal("exercise", cwd=portfolio.root)
    terminal.choose("how close are you now?", 1)
    terminal.key("help you with now?", "\r")
    terminal.choose("how close are you now?", 3)
    terminal.key("help you with now?", "\r")
    terminal.type("Gets the job done:", "A" * 201)  # longer than a name may be
    terminal.type("Gets the job done:", "")
    terminal.type("Career support:", "")
    terminal.type("Personal support:", "")
    terminal.choose("How close is your relationship with", 1)
    terminal.choose("inside or outside", 1)
    terminal.choose("Compared with you,", 1)
    terminal.type("title or role", "")
    terminal.type("organisation", "")
    terminal.choose("Which social system", 1)
    assert terminal.finish() == 1
    shown = terminal.output
    assert re.search(r"data/people\.yaml:\d+:\d+: name", shown), shown
    assert "would not pass `mentornet check`" in shown and "Nothing was changed." in shown
    assert "Traceback" not in shown
    assert snapshot(portfolio.root) == before


def reassess_up_to_writing(portfolio) -> Terminal:
    """A reassessment keeping Diane Roberts and letting Sami Wonder go, stopped at its last question."""
    terminal = Terminal("exercise", cwd=portfolio.root)
    keep_diane_let_sami_go(terminal)
    for prompt in ROUNDS.values():
        terminal.type(prompt, "")
    terminal.wait("Write this down?")
    return terminal


def test_a_session_does_not_hold_the_portfolio_while_a_person_thinks(portfolio):
    terminal = reassess_up_to_writing(portfolio)
    # another command writes to the portfolio while the question waits for an answer: it does not wait
    logged = subprocess.run([sys.executable, "-m", "mentornet", "log", "diane-roberts", "--kind", "note",
                             "--title", "Written meanwhile"], cwd=portfolio.root, capture_output=True, text=True,
                            timeout=120)
    assert logged.returncode == 0, logged.stderr
    terminal.child.send("y")
    assert terminal.finish() == 0, terminal.output
    assert "until:" in (portfolio.root / "data" / "people.yaml").read_text(encoding="utf-8")


def test_answers_are_not_written_over_a_file_changed_while_the_session_asked(portfolio):
    people_file = portfolio.root / "data" / "people.yaml"
    terminal = reassess_up_to_writing(portfolio)
    edited = people_file.read_bytes() + b"# added in an editor while the session asked\n"
    people_file.write_bytes(edited)  # as an editor (or `mentornet import`) would, meanwhile
    terminal.child.send("y")
    assert terminal.finish() == 1
    shown = terminal.output
    assert "data/people.yaml: changed by something else while you answered" in shown, shown
    assert "Nothing was changed." in shown and "Traceback" not in shown
    assert people_file.read_bytes() == edited


@pytest.mark.parametrize("command", ["exercise", "audit"])
def test_without_a_terminal_it_says_it_needs_one(portfolio, command):
    before = snapshot(portfolio.root)
    result = subprocess.run([sys.executable, "-m", "mentornet", command], cwd=portfolio.root, input="",
                            capture_output=True, text=True)
    assert snapshot(portfolio.root) == before
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr and "Traceback" not in result.stderr


def test_people_already_there_are_recognised_by_part_of_a_name_or_through_a_did_you_mean(portfolio):
    terminal = Terminal("exercise", cwd=portfolio.root)
    terminal.choose("Diane Roberts (Close; gets the job done, career support): how close are you now?", 1)
    terminal.key("What does Diane Roberts help you with now?", "\r")
    terminal.choose("Sami Wonder (Distant; personal support): how close are you now?", 3)
    terminal.key("What does Sami Wonder help you with now?", "\r")
    terminal.type("Gets the job done:", "Dianne Roberts")
    terminal.confirm("Did you mean Diane Roberts?", True)
    terminal.type("Gets the job done:", "sami")
    terminal.choose("Whom do you mean by 'sami'?", 1)
    terminal.type("Gets the job done:", "")
    terminal.type("Career support:", "")
    terminal.type("Personal support:", "")
    terminal.confirm("Say who knows whom", False)
    terminal.confirm("Write this down?", True)
    assert terminal.finish() == 0, terminal.output
    assert "Diane Roberts: already in your network, already for gets the job done" in terminal.output
    assert "Sami Wonder: already in your network" in terminal.output
    people = {p["id"]: p for p in yaml.safe_load((portfolio.root / "data" / "people.yaml").read_text())}
    assert sorted(people) == ["diane-roberts", "sami-wonder"]  # nobody new
    assert people["sami-wonder"]["support"] == ["job", "personal"]
    assert "Traceback" not in terminal.output


def test_the_starters_example_person_is_taken_out_when_nothing_names_them(tmp_path):
    folder = new_starter(tmp_path)
    for entry in (folder / "content" / "journal").glob("*.md"):
        entry.unlink()  # the starter's entry names the example person
    header = [line for line in (folder / "data" / "people.yaml").read_text().splitlines() if line.startswith("#")]
    terminal = Terminal("exercise", cwd=folder)
    terminal.confirm("still holds the starter's example person, First Mentor. Take it out?", True)
    terminal.type("Gets the job done:", "")
    terminal.type("Career support:", "")
    name_lee_green(terminal, system=7)
    terminal.confirm("Write this down?", True)
    assert terminal.finish() == 0, terminal.output
    assert "First Mentor (the starter's example) is taken out." in terminal.output
    text = (folder / "data" / "people.yaml").read_text()
    assert [line for line in text.splitlines() if line.startswith("#")] == header
    assert [person["id"] for person in yaml.safe_load(text)] == ["lee-green"]
    check = subprocess.run([sys.executable, "-m", "mentornet", "check"], cwd=folder, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_the_grid_puts_people_without_a_closeness_in_a_column_of_their_own_and_leaves_out_those_gone():
    from mentornet.cli.exercise import grid_text
    from mentornet.core.model import Person, Portfolio, Profile

    portfolio = Portfolio(profile=Profile(name="Me"), people=(
        Person(id="a", name="Ann Close", closeness="close", support=("job", "personal")),
        Person(id="b", name="Bea Unsaid", support=("career",)),
        Person(id="c", name="Cy Gone", closeness="distant", support=("job",), until="2025-01"),
    ))
    lines = grid_text(portfolio, 100).splitlines()
    assert lines[0].split() == ["Close", "Moderate", "Distant", "Not", "said"]
    rows = {line[:19].strip(): line[19:].split() for line in lines[2:]}
    assert rows == {"Gets the job done": ["Ann", "Close"], "Career support": ["Bea", "Unsaid"],
                    "Personal support": ["Ann", "Close"]}
    assert "Cy Gone" not in "\n".join(lines)
    career = next(line for line in lines if line.startswith("Career support"))
    assert career.index("Bea Unsaid") == lines[0].index("Not said")
