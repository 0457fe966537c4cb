"""`mentornet diff`: one revision against the working tree or HEAD, every tie in the text."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import MKDOCS_YML
from tests.history.test_history import Repo, people, person, repo  # noqa: F401 (the fixture)


def diff(repo: Repo, *args: str) -> subprocess.CompletedProcess:  # noqa: F811
    return subprocess.run([sys.executable, "-m", "mentornet", "diff", *args], cwd=repo.root,
                          capture_output=True, text=True)


def test_one_revision_is_compared_with_head_when_nothing_is_uncommitted(repo: Repo):  # noqa: F811
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    repo.git("tag", "start")
    repo.commit("Bob", data__people_yaml=people(person("ann", "Ann Alder"), person("bob", "Bob Birch")))
    result = diff(repo, "start")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("From start (") and " to HEAD (" in result.stdout.splitlines()[0]
    assert "Bob Birch joined" in result.stdout


def test_one_revision_is_compared_with_the_working_tree_when_the_data_changed(repo: Repo):  # noqa: F811
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    repo.write("data/people.yaml", people(person("ann", "Ann Alder", "close")), dedent=False)
    result = diff(repo, "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].endswith("to the working tree (uncommitted changes):")
    assert "Ann Alder: moderate → close" in result.stdout


def test_the_text_names_every_tie_the_json_has(repo: Repo):  # noqa: F811
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    repo.commit("Bob", data__people_yaml=people(person("ann", "Ann Alder"), person("bob", "Bob Birch", knows=("ann",))))
    found = json.loads(diff(repo, "HEAD~1", "HEAD", "--json").stdout)
    assert found["ties_added"] == [["ann", "bob"]]
    assert "Ann Alder and Bob Birch now know each other" in diff(repo, "HEAD~1", "HEAD").stdout


def test_someone_whose_since_is_earlier_is_added_to_the_map_not_joined_on_the_commit_date(repo: Repo):  # noqa: F811
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    repo.commit("Bob", data__people_yaml=people(person("ann", "Ann Alder"),
                                                person("bob", "Bob Birch", since="2019-05")))
    text = diff(repo, "HEAD~1").stdout
    assert "Bob Birch added to the map (in the network since May 2019)" in text
    assert "Bob Birch joined" not in text
    repo.write("mkdocs.yml", MKDOCS_YML, dedent=False)
    repo.build("--strict")
    assert "Bob Birch added to the map (in the network since May 2019)" in repo.page("history")
    assert "Added to the map (in the network since May 2019)" in repo.page("people/bob")  # the month as written


def test_a_mentor_diff_names_nobody_the_history_hid_between_the_two_revisions(repo: Repo):  # noqa: F811
    """Shared at the first commit, made private later, then deleted: the site's history hides
    them, and so does `mentornet diff` for that audience."""
    repo.write("data/sharing.yaml", "unmarked: private\npages: public\n", dedent=False)
    first = repo.commit("Start", data__people_yaml=people(
        person("ann", "Ann Alder", visibility="mentor"), person("zqgone", "Zqgone Name", visibility="mentor")))
    repo.commit("Private now", data__people_yaml=people(
        person("ann", "Ann Alder", visibility="mentor"), person("zqgone", "Zqgone Name", visibility="private")))
    repo.commit("Deleted", data__people_yaml=people(person("ann", "Ann Alder", visibility="mentor")))
    for args in ((), ("--json",)):
        shown = diff(repo, first, "HEAD", "--audience", "mentor", *args)
        assert shown.returncode == 0, shown.stderr
        assert "zqgone" not in (shown.stdout + shown.stderr).lower()
    owner = diff(repo, first, "HEAD")
    assert "zqgone" in owner.stdout.lower()
