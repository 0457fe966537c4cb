"""Every mistake a message (issue 26): each input that used to end in a Python traceback, or
to pass in silence, gives one line naming the file (and line, where there is one), what was
wrong and what to do; dates at the calendar's ends work."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import MKDOCS_YML, PortfolioFolder


def one_line_error(result, *expected: str) -> str:
    """The command failed with a message holding every expected part, and no traceback."""
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    for part in expected:
        assert part in output, output
    return output


def with_option(portfolio: PortfolioFolder, line: str) -> None:
    portfolio.write("mkdocs.yml", MKDOCS_YML.replace('      today: "2026-11-22"\n', line))


# --- today ------------------------------------------------------------------------------------


@pytest.mark.parametrize("today, expected", [
    ("not-a-date", "'not-a-date' is not a date: write it as YYYY-MM-DD"),
    ('"2026-02-30"', "'2026-02-30' is not a real date (day is out of range for month)"),
])
def test_a_today_that_is_no_date_is_one_message_naming_mkdocs_yml_and_the_option(portfolio, today, expected):
    with_option(portfolio, f"      today: {today}\n")
    for command in ("check", "calendar", "analyze"):
        one_line_error(portfolio.mentornet(command), "mkdocs.yml", "today", expected)
    one_line_error(portfolio.build(check=False), "today", expected)


def test_an_unquoted_today_is_the_date_it_says(portfolio):
    with_option(portfolio, "      today: 2026-11-22\n")
    assert portfolio.mentornet("check").returncode == 0
    assert "DTSTAMP:20261122" in portfolio.mentornet("calendar", "--out", "-").stdout
    portfolio.build()


def test_today_from_the_environment_works_when_the_variable_is_set(portfolio):
    # the demo's own line: MkDocs reads a set variable's value as YAML, so as a date
    with_option(portfolio, '      today: !ENV [MENTORNET_TODAY, "2026-11-22"]\n')
    env = {**os.environ, "MENTORNET_TODAY": "2026-03-01"}
    portfolio.build(env=env)
    shown = subprocess.run([sys.executable, "-m", "mentornet", "calendar", "--out", "-"], cwd=portfolio.root,
                           capture_output=True, text=True, env=env)
    assert shown.returncode == 0 and "DTSTAMP:20260301" in shown.stdout
    assert "DTSTAMP:20261122" in portfolio.mentornet("calendar", "--out", "-").stdout  # unset: the default


# --- dates at the ends of the calendar ----------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_dates_at_the_calendars_ends_build_prep_and_calendar(portfolio, day):
    people = portfolio.root / "data/people.yaml"
    people.write_text(people.read_text().replace("  knows: [sami-wonder]\n",
                                                 f"  knows: [sami-wonder]\n  cadence: monthly\n"
                                                 f"  last_contact: {day}\n  since: {day[:7]}\n  until: 9999-12\n"))
    portfolio.entry("2026-01-11-far", f"""
        date: 2026-01-11
        people: [sami-wonder]
        actions:
          - text: Far away
            due: {day}
    """)
    with_option(portfolio, f'      today: "{day}"\n')
    for command in (("check",), ("prep", "diane-roberts"), ("calendar", "--out", "-"), ("analyze",)):
        result = portfolio.mentornet(*command)
        assert result.returncode == 0 and "Traceback" not in result.stderr, (command, result.stderr)
    portfolio.build()


def test_year_zero_is_refused_with_its_line(portfolio):
    people = portfolio.root / "data/people.yaml"
    people.write_text(people.read_text().replace("  knows: [sami-wonder]\n", "  knows: [sami-wonder]\n"
                                                 "  since: 0000-05\n"))
    one_line_error(portfolio.mentornet("check"), "data/people.yaml:11:3: since: '0000-05' is not a real year")


# --- analysis settings ----------------------------------------------------------------------------


@pytest.mark.parametrize("setting, expected", [
    ("{range_high_min: many}", "range_high_min is 'many'; expected a whole number from 0 up"),
    ("{tie_weights: {close: -3}}", "tie_weights.close is -3; expected a number above 0"),
    ("{tie_weights: 3}", "tie_weights is 3; expected a mapping of weights"),
    ("{prospect_weights: {needs: -1}}", "prospect_weights.needs is -1; expected a number from 0 up"),
    ("{echo_min_density: 1.5}", "echo_min_density is 1.5; expected a number from 0 to 1"),
    ("{lag_future_horizons: long}", "lag_future_horizons is 'long'; expected a list of words"),
    ("{lag_future_horizons: [lnog]}", "'lnog' is not one of short, medium, long — did you mean 'long'?"),
])
def test_analysis_settings_of_the_wrong_type_or_range_name_mkdocs_yml_and_the_key(portfolio, setting, expected):
    with_option(portfolio, f'      today: "2026-11-22"\n      analysis: {setting}\n')
    one_line_error(portfolio.mentornet("check"), "mkdocs.yml: the mentornet option analysis:", expected)
    one_line_error(portfolio.mentornet("analyze"), "mkdocs.yml", expected)
    if "tie_weights: {close" in setting:  # the build says the same, before it measures anything
        one_line_error(portfolio.build(check=False), "mentornet: mkdocs.yml: the option analysis:", expected)


# --- the configuration and the cache ----------------------------------------------------------------


def test_an_inherit_loop_is_one_message_with_the_line(portfolio):
    portfolio.write("mkdocs.yml", MKDOCS_YML + "INHERIT: other.yml\n")
    portfolio.write("other.yml", "site_name: Other\nINHERIT: mkdocs.yml\n")
    for command in (("check",), ("build",)):
        one_line_error(portfolio.mentornet(*command), "other.yml:2: INHERIT: 'mkdocs.yml' makes a loop "
                       "(mkdocs.yml → other.yml → mkdocs.yml)")


def test_a_cache_dir_that_cannot_be_written_is_named(portfolio):
    portfolio.write("a-file", "not a folder\n")
    with_option(portfolio, '      today: "2026-11-22"\n      cache_dir: a-file/cache\n')
    expected = "cache_dir: 'a-file/cache' cannot be written"
    one_line_error(portfolio.mentornet("check"), "mkdocs.yml", expected, "set `cache: false`")
    one_line_error(portfolio.build(check=False), expected)
    with_option(portfolio, '      today: "2026-11-22"\n      cache_dir: a-file/cache\n      cache: false\n')
    portfolio.build()  # no cache: nothing to write there


# --- the journal's folder ------------------------------------------------------------------------


@pytest.mark.parametrize("make", ["file", "loop"])
def test_a_journal_that_is_not_a_folder_is_an_error_not_an_empty_journal(portfolio, make):
    journal = portfolio.root / "content/journal"
    for entry in journal.iterdir():
        entry.unlink()
    journal.rmdir()
    if make == "file":
        journal.write_text("not a folder\n")
    else:
        journal.symlink_to("journal")  # a link to itself: nothing can be read through it
    expected = "content/journal:1:1: the journal is a folder of Markdown entries, and this is not a folder"
    one_line_error(portfolio.mentornet("check"), expected)
    one_line_error(portfolio.mentornet("log", "diane-roberts", "--date", "2026-11-20"), expected)
    assert journal.is_symlink() or journal.read_text() == "not a folder\n"  # left as it was
    one_line_error(portfolio.build(check=False), expected)


def as_a_person(root: Path, *args: str) -> subprocess.CompletedProcess:
    """``mentornet ARGS`` in ``root`` as someone whom file permissions bind: the tests' own user,
    or, when the tests run as root (as in CI's containers), the unprivileged user ``nobody``
    (``setpriv``, util-linux), with a home of its own."""
    command = [sys.executable, "-m", "mentornet", *args]
    if os.geteuid() != 0:
        return subprocess.run(command, cwd=root, capture_output=True, text=True)
    home = Path(tempfile.mkdtemp(prefix="mentornet-home-"))
    os.chown(home, 65534, 65534)
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    try:
        return subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command],
                              cwd=root, env=env, capture_output=True, text=True)
    finally:
        shutil.rmtree(home, ignore_errors=True)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_an_unreadable_journal_folder_is_an_error_naming_it(portfolio):
    portfolio.entry("2026/2026-02-01-lunch", "date: 2026-02-01")
    # a place every user may walk into (pytest's own temporary folders are its user's alone)
    place = Path(tempfile.mkdtemp(prefix="mentornet-unreadable-"))
    place.chmod(0o755)
    root = place / "portfolio"
    shutil.copytree(portfolio.root, root, symlinks=True)
    if os.geteuid() == 0:  # the person's own portfolio: theirs to write (its cache), not to read
        for path in [root, *root.rglob("*")]:
            os.chown(path, 65534, 65534, follow_symlinks=False)  # nobody, nogroup
    folder = root / "content/journal/2026"
    folder.chmod(0)
    try:
        one_line_error(as_a_person(root, "check"), "content/journal/2026:1:1: cannot read this folder")
    finally:
        folder.chmod(0o755)
        shutil.rmtree(place, ignore_errors=True)


@pytest.mark.parametrize("name, expected", [
    ("index", "content/journal/index.md:1:1: the journal's index page is made by mentornet"),
    ("actions", "content/journal/actions.md:1:1: journal/actions.md is the name of a page mentornet makes"),
    ("kind/meeting", "content/journal/kind/meeting.md:1:1: journal/kind/meeting.md is the name of a page"),
])
def test_a_journal_file_that_would_replace_a_generated_page_is_an_error(portfolio, name, expected):
    portfolio.entry(name, "date: 2026-02-01")
    one_line_error(portfolio.mentornet("check"), expected)
    one_line_error(portfolio.build(check=False), expected)


# --- one meaning per value -----------------------------------------------------------------------


@pytest.mark.parametrize("where, line, expected", [
    ("people", "  formal: yes\n", "data/people.yaml:11:3: formal: 'yes' is text, not true or false "
                                  "(mentornet reads YAML 1.2, where only true and false are booleans): "
                                  "write `formal: true`"),
    ("people", "  formal: NO\n", "data/people.yaml:11:3: formal: 'NO' is text, not true or false"),
])
def test_yes_and_no_in_a_boolean_field_are_refused_with_a_suggestion(portfolio, where, line, expected):
    people = portfolio.root / "data/people.yaml"
    people.write_text(people.read_text().replace("  knows: [sami-wonder]\n", "  knows: [sami-wonder]\n" + line))
    assert where == "people"
    one_line_error(portfolio.mentornet("check"), expected)


def test_done_yes_in_an_action_is_refused_too(portfolio):
    portfolio.entry("2026-01-12-x", """
        date: 2026-01-12
        actions:
          - text: Something
            done: yes
    """)
    one_line_error(portfolio.mentornet("check"), "content/journal/2026-01-12-x.md:5:5: actions[0].done: 'yes' is "
                   "text", "write `done: true`")


def test_an_attribute_no_stays_the_text_no(portfolio):
    import json

    people = portfolio.root / "data/people.yaml"
    people.write_text(people.read_text().replace("  knows: [sami-wonder]\n",
                                                 "  knows: [sami-wonder]\n  attributes: {geography: NO}\n"))
    assert portfolio.mentornet("check").returncode == 0
    exported = portfolio.mentornet("export", "--format", "json", "--out", "-")
    if exported.returncode == 0 and exported.stdout.strip().startswith("{"):
        data = json.loads(exported.stdout)
        assert data["people"][0]["attributes"] == {"geography": "NO"}
    from mentornet.core.layout import Layout
    from mentornet.load import load

    loaded = load(Layout.of(portfolio.root, "data", "content", "public"))
    assert loaded.people_by_id["diane-roberts"].attributes == {"geography": "NO"}


def test_an_invalid_id_is_one_message_and_never_suggested(portfolio):
    people = portfolio.root / "data/people.yaml"
    people.write_text(people.read_text().replace("- id: diane-roberts", "- id: Diane-Roberts"))
    portfolio.write("data/audit.yaml", "- date: 2026-01-01\n  core: [diane-roberts]\n")
    result = portfolio.mentornet("check")
    lines = [line for line in result.stderr.splitlines() if ":" in line and "problem(s)" not in line]
    assert lines == ["data/people.yaml:1:3: id: 'Diane-Roberts' is not a valid id: use lowercase letters, digits "
                     "and '-', with no spaces or '/' (for example 'diane-roberts')"], result.stderr


# --- nothing silent ------------------------------------------------------------------------------


@pytest.mark.parametrize("value, where", [
    ('"Diane \\e[31mRoberts"', "1:9: a control character (U+001B) in a value"),
    ('"Diane\\0"', "1:9: a control character (U+0000) in a value"),
    ("Diane\x1b[31m", "1:14: a control character (U+001B) in the text"),
])
def test_control_characters_in_text_are_refused_at_their_line(value, where):
    from mentornet.load.yamlsource import parse

    problems = []
    parse(f"- name: {value}\n  id: a\n", "people.yaml", problems)
    assert [str(p) for p in problems] == [f"people.yaml:{where}: remove it (only tabs and line breaks may be in text)"]


def test_a_javascript_link_in_an_entry_reaches_no_page(portfolio):
    portfolio.write("data/sharing.yaml", "unmarked: mentor\n")
    portfolio.entry("2026-01-12-links", """
        date: 2026-01-12
        people: [diane-roberts]
    """, body='A [bad](javascript:alert(1)), [worse](<JavaScript:alert(2)>), <a href="javascript:alert(3)">raw</a>, '
              '![img](data:text/html,x) and [fine](https://example.org).\n\n[ref]: javascript:alert(4)\n')
    portfolio.write("content/notes.md", "# Notes\n\n[evil](javascript:alert(5))\n")
    for audience in ("owner", "mentor"):
        portfolio.build(env={"MENTORNET_AUDIENCE": audience})
        pages = [path.read_text(encoding="utf-8") for path in portfolio.site.rglob("*.html")]
        assert not any("javascript:" in page.lower() or "data:text/html" in page for page in pages), audience
        entry = portfolio.page("journal/2026-01-12-links")
        assert entry.count('href="#unsafe-link"') >= 3 and 'href="https://example.org"' in entry


def test_names_that_read_as_yaml_keywords_are_written_quoted(portfolio, tmp_path):
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("First Name,Last Name,Company\nNull,,\nOn,,\nTrue,,\n", encoding="utf-8")
    result = portfolio.mentornet("import", "--as", "people", str(contacts))
    assert result.returncode == 0, result.stderr
    written = (portfolio.root / "data/people.yaml").read_text(encoding="utf-8")
    assert "id: 'null'\n" in written and "name: 'Null'\n" in written and "id: 'true'\n" in written
    assert portfolio.mentornet("check").returncode == 0
    logged = portfolio.mentornet("log", "null", "true", "--date", "2026-11-20")
    assert logged.returncode == 0, logged.stderr
    assert "people: ['null', 'true']" in logged.stdout
    assert portfolio.mentornet("check").returncode == 0


def git(folder, *args):
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"})


def test_a_missing_git_object_is_a_warning_naming_it(portfolio):
    git(portfolio.root, "init", "-q")
    git(portfolio.root, "add", ".")
    git(portfolio.root, "commit", "-qm", "first")
    people = portfolio.root / "data/people.yaml"
    people.write_text(people.read_text().replace("Sami Wonder", "Sami Wonders"))
    git(portfolio.root, "commit", "-qam", "second")
    blob = subprocess.run(["git", "rev-parse", "HEAD~1:data/people.yaml"], cwd=portfolio.root,
                          capture_output=True, text=True).stdout.strip()
    (portfolio.root / ".git/objects" / blob[:2] / blob[2:]).unlink()
    result = portfolio.build(check=False)
    assert f"data/people.yaml: its Git object {blob[:7]} is missing from the repository" in result.stderr


def test_no_git_program_is_a_warning_and_the_history_page_says_why(portfolio, tmp_path):
    git(portfolio.root, "init", "-q")
    git(portfolio.root, "add", ".")
    git(portfolio.root, "commit", "-qm", "first")
    bare = tmp_path / "no-git"
    bare.mkdir()
    for folder in os.environ.get("PATH", "").split(os.pathsep):  # every program but git
        for program in Path(folder).glob("*") if Path(folder).is_dir() else ():
            if program.name != "git" and not (bare / program.name).exists():
                (bare / program.name).symlink_to(program)
    result = portfolio.build(check=False, env={"PATH": str(bare)})
    assert result.returncode == 0, result.stderr
    assert "WARNING -  mentornet: history: The history could not be read: the program `git` is not installed" \
        in result.stderr
    assert "could not be read: the program <code>git</code> is not installed" in portfolio.page("history")
