"""History honours the audience: canaries planted in past snapshots never reach a mentor's site."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from mentornet.audience import for_audience
from mentornet.audience.gate import Copies
from mentornet.core.layout import Layout
from mentornet.history import gitread
from mentornet.load import load

from mentornet.history import changes as history
from conftest import MKDOCS_YML
from test_history import Repo, people, person, repo  # noqa: F401  (the fixture)

CANARIES = ("ZED-CANARY-NAME", "zed-canary", "HIDDEN-NOW-CANARY", "hidden-now", "SUBJECT-CANARY")


def test_hidden_now_and_left_while_hidden_stay_hidden_in_every_snapshot(repo: Repo):  # noqa: F811
    repo.write("mkdocs.yml", MKDOCS_YML, dedent=False)
    visible = person("ann", "Ann Alder", visibility="mentor")
    repo.commit("Start", data__people_yaml=people(
        visible, person("zed-canary", "ZED-CANARY-NAME", "close", knows=("ann",), visibility="private"),
        person("hidden-now", "HIDDEN-NOW-CANARY", visibility="mentor")))
    repo.commit("SUBJECT-CANARY drifts", data__people_yaml=people(
        visible, person("zed-canary", "ZED-CANARY-NAME", "distant", knows=("ann",), visibility="private"),
        person("hidden-now", "HIDDEN-NOW-CANARY", "close", visibility="mentor")))
    repo.commit("SUBJECT-CANARY gone", data__people_yaml=people(  # Zed left while hidden
        visible, person("hidden-now", "HIDDEN-NOW-CANARY", "close", visibility="private"),
        person("bob", "Bob Birch", visibility="mentor")))

    found = gitread.read_history(repo.layout)
    filtered = history.for_audience(found.snapshots, "mentor")
    for snapshot in filtered:
        assert {p.id for p in snapshot.portfolio.people} <= {"ann", "bob"}
        assert not snapshot.portfolio.ties and snapshot.subject == ""
    built = history.build(filtered)
    assert [c.joined for c in built.changes] == [("ann",), (), ("bob",)]
    text = repr([c.sentences() for c in built.changes]) + repr([c.to_json() for c in built.changes])
    assert not any(canary in text for canary in CANARIES)

    mkdocs = MKDOCS_YML.replace('today: "2026-11-22"', 'today: "2026-11-22"\n      audience: mentor')
    repo.write("mkdocs.yml", mkdocs, dedent=False)
    repo.build("--strict")
    assert "Bob Birch joined" in repo.page("history")
    for path in repo.site.rglob("*"):
        if path.is_file():
            content = path.read_bytes().decode("utf-8", "replace")
            for canary in CANARIES:
                assert canary not in content, f"{canary} leaked into {path}"
    # the owner sees all of it, subjects included
    owner = history.build(history.for_audience(found.snapshots, "owner"))
    assert "SUBJECT-CANARY gone" in [s.subject for s in owner.snapshots]
    assert ("zed-canary",) in [c.left for c in owner.changes]


def test_cli_diff_honours_the_audience(repo: Repo):  # noqa: F811
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    repo.commit("Zed", data__people_yaml=people(person("ann", "Ann Alder"),
                                               person("zed-canary", "ZED-CANARY-NAME", visibility="private")))
    result = subprocess.run([sys.executable, "-m", "mentornet", "diff", "HEAD~1", "HEAD", "--json",
                             "--audience", "mentor"], cwd=repo.root, capture_output=True, text=True)
    assert result.returncode == 0 and "canary" not in result.stdout.lower()


def test_the_gate_shares_its_copies_across_revisions_and_gives_what_it_gives_alone():
    """A history's revisions go through the gate with one set of copies; each must come out as
    it would alone, whoever leaves or joins between them."""
    example = load(Layout.of(Path(__file__).resolve().parent.parent))
    named = {p for entry in example.journal for p in entry.meta.people}
    gone = next(person for person in example.people if person.id in named)
    revisions = [example, replace(example, people=tuple(p for p in example.people if p is not gone)),
                 replace(example, journal=example.journal[:3]), example]
    for audience in ("mentor", "public"):
        copies = Copies()
        seen = [for_audience(revision, audience, copies=copies) for revision in revisions]
        assert seen == [for_audience(revision, audience) for revision in revisions]
        assert all(a is b for a, b in zip(seen[0].journal, seen[3].journal))  # shared, not copied again
        if any(gone.id in entry.meta.people for entry in seen[0].journal):
            assert seen[0].journal != seen[1].journal  # the entries naming who left lose them
    assert any(gone.id in entry.meta.people for entry in for_audience(example, "mentor").journal)
