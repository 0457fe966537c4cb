"""History honours the audience: canaries planted in past snapshots never reach a mentor's site."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from mentornet.audience import for_audience
from mentornet.audience.gate import Gate, common_ends
from mentornet.core.layout import Layout
from mentornet.history import gitread
from mentornet.load import load

from mentornet.history import changes as history
from tests.conftest import MKDOCS_YML
from tests.history.test_history import Repo, people, person, repo  # noqa: F401  (the fixture)
from mentornet.audience import MENTOR, OWNER, PUBLIC  # noqa: F401
from mentornet.core.model import Sharing  # noqa: F401

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
    filtered = history.for_audience(found.snapshots, MENTOR, Sharing(unmarked="mentor"))
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
    owner = history.build(history.for_audience(found.snapshots, OWNER, Sharing()))
    assert "SUBJECT-CANARY gone" in [s.subject for s in owner.snapshots]
    assert ("zed-canary",) in [c.left for c in owner.changes]


def test_cli_diff_honours_the_audience(repo: Repo):  # noqa: F811
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    repo.commit("Zed", data__people_yaml=people(person("ann", "Ann Alder"),
                                               person("zed-canary", "ZED-CANARY-NAME", visibility="private")))
    def diff(*audience: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "mentornet", "diff", "HEAD~1", "HEAD", "--json", *audience],
                              cwd=repo.root, capture_output=True, text=True)

    owner = diff()
    assert owner.returncode == 0 and json.loads(owner.stdout)["added"] == ["zed-canary"], owner.stderr
    result = diff("--audience", "mentor")
    assert result.returncode == 0 and "canary" not in (result.stdout + result.stderr).lower()
    assert json.loads(result.stdout)["added"] == []


def _revisions(example):
    """Revisions of the example as a history holds them: each the one before with a few items
    changed (the same objects elsewhere), and every way a commit can change what an audience sees."""
    named = {p for entry in example.journal for p in entry.meta.people}
    gone = next(person for person in example.people if person.id in named)
    hidden = next(person for person in example.people if person.visibility == "private")
    people, journal = example.people, example.journal
    marked = replace(journal[1], body=journal[1].body + "\n<!-- private -->\nPRIVATE-BODY-CANARY\n<!-- /private -->\n")
    noted = people[2].model_copy(update={"notes": "Kind.\n<!-- private -->\nNOTES-CANARY\n<!-- /private -->\n"})
    revisions = [example]
    def then(**changes):
        revisions.append(replace(revisions[-1], **changes))
    then(people=tuple(p for p in people if p is not gone))  # someone leaves: entries naming them lose them
    then(journal=journal[:3])  # entries removed
    then(people=people, journal=journal)  # back as they were, the very same objects
    then(journal=journal[:1] + (marked,) + journal[2:])  # a private passage added to a body
    then(people=people[:2] + (noted,) + people[3:])  # and to a person's notes
    then(journal=journal, people=people)  # both removed again
    then(people=tuple(p.model_copy(update={"visibility": "mentor"}) if p is hidden else p for p in people))
    then(people=tuple(p.model_copy(update={"visibility": "private"}) if p.id == gone.id else p for p in people))
    then(people=people[::-1], journal=journal[::-1])  # reordered
    then(people=people[:-1] + (people[-1], people[0].model_copy(update={"id": "newcomer", "knows": (gone.id,)})))
    then(people=tuple(p for p in people if p is not gone) + (gone,), journal=journal[2:] + journal[:2])
    then(audits=example.audits[:1], plan=example.plan.model_copy(update={"prospects": example.plan.prospects[1:]}))
    then(audits=example.audits, plan=example.plan, people=people, journal=journal)
    return revisions, gone


def test_the_gate_follows_revisions_and_gives_each_what_it_gives_alone():
    """A history's revisions go through one gate, which sees again only what each one changed;
    each must come out exactly as it would alone, whoever leaves, joins or is hidden between them,
    and whatever private passages come and go."""
    example = load(Layout.of(Path(__file__).resolve().parents[2]))
    revisions, gone = _revisions(example)
    hidden = {"hidden_people": {gone.id}, "hidden_entries": {example.journal[0].src_uri},
              "hidden_audits": {example.audits[0].date}}
    policy, sharing = Sharing(unmarked="mentor"), Sharing(unmarked="mentor", attributes=("discipline",))
    for audience in (MENTOR, PUBLIC):
        for policy_used, options in ((policy, {}), (sharing, {}), (policy, hidden)):
            gate = Gate(audience, policy_used, **options)
            seen = [gate(revision) for revision in revisions]
            assert seen == [Gate(audience, policy_used, **options)(revision) for revision in revisions]
            if not options and policy_used is policy:
                assert seen == [for_audience(revision, audience, policy) for revision in revisions]
            text = repr(seen)
            assert "PRIVATE-BODY-CANARY" not in text and "NOTES-CANARY" not in text
            kept = [(a, b) for a, b in zip(seen[0].journal, seen[3].journal) if gone.id not in a.meta.people]
            assert kept and all(a is b for a, b in kept)  # kept, not seen again
            if any(gone.id in entry.meta.people for entry in seen[0].journal):
                assert seen[0].journal != seen[1].journal  # the entries naming who left lose them
    assert any(gone.id in entry.meta.people for entry in for_audience(example, MENTOR).journal)


def test_what_the_history_hides_is_hidden_as_if_marked_private():
    """The history hides, in every revision, who and what is hidden now: the gate treats them as
    items marked private, which no audience but the owner sees."""
    example = load(Layout.of(Path(__file__).resolve().parents[2]))
    person, entry, audit = example.people[0], example.journal[0], example.audits[0]
    private = replace(example, people=(person.model_copy(update={"visibility": "private"}),) + example.people[1:],
                      journal=(replace(entry, meta=entry.meta.model_copy(update={"visibility": "private"})),)
                      + example.journal[1:],
                      audits=(audit.model_copy(update={"visibility": "private"}),) + example.audits[1:])
    policy = Sharing(unmarked="mentor")
    for audience in (MENTOR, PUBLIC):
        hiding = Gate(audience, policy, hidden_people={person.id}, hidden_entries={entry.src_uri},
                      hidden_audits={audit.date})
        assert hiding(example) == for_audience(private, audience, policy)
    assert Gate(MENTOR, Sharing(unmarked="mentor"), hidden_people={person.id})(example) != for_audience(example, MENTOR)


def test_common_ends_are_the_longest_shared_start_and_then_end():
    """What two revisions share at their start and their end, as a plain walk finds it."""
    import operator
    import random

    def walked(a, b, same):
        start = 0
        while start < min(len(a), len(b)) and same(a[start], b[start]):
            start += 1
        end = 0
        while end < min(len(a), len(b)) - start and same(a[-1 - end], b[-1 - end]):
            end += 1
        return start, end

    chance = random.Random(17)
    items = [object() for _ in range(4)]
    for _ in range(3000):
        a = tuple(chance.choice(items) for _ in range(chance.randrange(7)))
        b = tuple(chance.choice(items) for _ in range(chance.randrange(7)))
        assert common_ends(a, b) == walked(a, b, operator.is_)
        texts = [str(chance.randrange(3)) for _ in range(chance.randrange(7))]
        assert common_ends(texts, texts[:2] + ["x"] + texts[2:], operator.eq) == walked(
            texts, texts[:2] + ["x"] + texts[2:], operator.eq)
    assert common_ends(items, items) == (4, 0) and common_ends((), items) == (0, 0)
