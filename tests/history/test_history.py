"""The history across commits, read from real temporary Git repositories."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import random
import types
import typing
import subprocess
import sys
from pathlib import Path

import pytest

from mentornet.history import git, gitread, reader, revisions, store
from mentornet.history import items as item_splitter

from mentornet.history import changes as history
from mentornet.history import differ
from mentornet.core.layout import Layout
from mentornet.load import SharedMemo, read_portfolio, read_texts
from tests.conftest import MKDOCS_YML, PROFILE, PortfolioFolder

GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "Ada",
           "GIT_AUTHOR_EMAIL": "ada@example.org", "GIT_COMMITTER_NAME": "Ada",
           "GIT_COMMITTER_EMAIL": "ada@example.org"}


def person(pid: str, name: str, closeness: str = "moderate", knows: tuple[str, ...] = (), **extra: str) -> str:
    lines = [f"- id: {pid}", f"  name: {name}", f"  closeness: {closeness}", "  support: [career]"]
    if knows:
        lines.append(f"  knows: [{', '.join(knows)}]")
    lines += [f"  {key}: {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


class Repo(PortfolioFolder):
    """A portfolio in a real Git repository, committed with fixed dates."""

    day = 0

    def git(self, *args: str, check: bool = True) -> str:
        self.day += 1
        stamp = (dt.date(2026, 1, 1) + dt.timedelta(days=self.day - 1)).isoformat() + "T12:00:00+00:00"
        result = subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=self.root, text=True,
                                capture_output=True,
                                env={**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})
        if check and result.returncode:
            raise AssertionError(result.stderr)
        return result.stdout

    def commit(self, subject: str, **files: str) -> str:
        for path, text in files.items():
            self.write(".".join(path.replace("__", "/").rsplit("_", 1)), text, dedent=False)
        self.git("add", "-A", ".")
        self.git("commit", "-q", "--allow-empty", "-m", subject)
        return self.git("rev-parse", "HEAD").strip()

    @property
    def layout(self) -> Layout:
        return Layout.of(self.root)

    def history(self, **options) -> gitread.GitHistory:
        return gitread.read_history(self.layout, self.root / ".cache", **options)


def new_repo(root: Path) -> Repo:
    """A Git repository with a profile, a home page and nothing committed yet."""
    folder = Repo(root)
    folder.root.mkdir()
    folder.git("init", "-q", "-b", "main")
    folder.write("data/profile.yaml", PROFILE)
    folder.write("content/index.md", "# Home\n")
    folder.write("public/.gitkeep", "")
    folder.write(".gitignore", ".cache/\nsite/\n")
    return folder


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return new_repo(tmp_path / "repo")


def people(*items: str) -> str:
    return "# my people\n\n" + "\n".join(items)


def test_joins_departures_field_changes_and_ties(repo: Repo):
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder", "moderate"), person("bob", "Bob Birch")))
    repo.commit("Cam joins", data__people_yaml=people(
        person("ann", "Ann Alder", "close", knows=("cam",)), person("bob", "Bob Birch"),
        person("cam", "Cam Castillo", "distant")))
    repo.commit("Bob leaves", data__people_yaml=people(
        person("ann", "Ann Alder", "close"), person("cam", "Cam Castillo", "distant")))
    found = repo.history()
    assert not found.warnings and not found.unavailable
    assert [s.subject for s in found.snapshots] == ["Start", "Cam joins", "Bob leaves"]
    built = history.build(found.snapshots)
    start, joins, leaves = built.changes
    assert start.joined == ("ann", "bob")
    assert joins.joined == ("cam",) and joins.ties_added == (("ann", "cam"),)
    # the tie is reported under ties, not as a change of Ann's `knows`
    assert [(c.id, [f.field for f in c.fields]) for c in joins.changed] == [("ann", ["closeness"])]
    assert "Cam Castillo joined: distant, career support" in joins.sentences()
    assert "Ann Alder: moderate → close" in joins.sentences()
    assert leaves.left == ("bob",) and leaves.ties_removed == (("ann", "cam"),)
    assert "Ann Alder and Cam Castillo no longer know each other" in leaves.sentences()
    assert [s.subject for s, _ in built.timeline()] == ["Bob leaves", "Cam joins", "Start"]
    assert [s.subject for s, _ in built.person("cam")] == ["Cam joins", "Bob leaves"]


def test_leaving_with_until_and_a_tie_alone(repo: Repo):
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder"), person("bob", "Bob Birch")))
    repo.commit("Tie", data__people_yaml=people(person("ann", "Ann Alder", knows=("bob",)), person("bob", "Bob Birch")))
    repo.commit("Bob left", data__people_yaml=people(person("ann", "Ann Alder", knows=("bob",)),
                                                      person("bob", "Bob Birch", until="2026-01-03")))
    changes = history.build(repo.history().snapshots).changes
    assert changes[1].ties_added == (("ann", "bob"),) and not changes[1].changed
    assert changes[1].sentences() == ["Ann Alder and Bob Birch now know each other"]
    assert changes[2].left == ("bob",) and changes[2].sentences()[0] == "Bob Birch left on 3 January 2026"


def test_cli_diff_json_and_words(repo: Repo):
    first = repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder"), person("bob", "Bob Birch")))
    repo.commit("Changes", data__people_yaml=people(
        person("ann", "Ann Alder", "close", knows=("cam",)), person("cam", "Cam Castillo", "distant")))
    repo.git("tag", "v2")
    result = repo.mentornet("diff", first[:8], "v2", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "added": ["cam"], "removed": ["bob"], "changed": {"ann": {"closeness": ["moderate", "close"]}},
        "ties_added": [["ann", "cam"]], "ties_removed": []}
    words = repo.mentornet("diff", first, "v2", "--repo", str(repo.root))
    assert "Cam Castillo joined: distant, career support" in words.stdout
    assert "Bob Birch left" in words.stdout and "Ann Alder: moderate → close" in words.stdout
    unknown = repo.mentornet("diff", "nope", "v2")
    assert unknown.returncode == 1 and "unknown revision 'nope'" in unknown.stderr


def test_a_broken_revision_is_skipped_and_named(repo: Repo):
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    broken = repo.commit("Oops", data__people_yaml="- id: ann\n  name: [unclosed\n")
    repo.commit("Invalid", data__people_yaml=people(person("ann", "Ann Alder", "very-close")))
    repo.commit("Fixed", data__people_yaml=people(person("ann", "Ann Alder", "close")))
    found = repo.history()
    assert [s.subject for s in found.snapshots] == ["Start", "Fixed"]
    assert len(found.skipped) == 2 and not found.warnings
    assert broken[:7] in found.skipped[0] and "YAML syntax error" in found.skipped[0]
    assert "data/people.yaml:5:3: closeness" in found.skipped[1]
    assert "'very-close' is not a closeness term" in found.skipped[1]
    again = repo.history()  # from the cache: the same commits left out, nothing parsed
    assert again.skipped == found.skipped and again.stats["parsed"] == 0


def test_a_broken_past_commit_warns_and_is_listed_on_the_history_page(repo: Repo):
    repo.write("mkdocs.yml", MKDOCS_YML, dedent=False)
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    broken = repo.commit("Oops", data__people_yaml="- id: ann\n  name: [unclosed\n")
    repo.commit("Fixed", data__people_yaml=people(person("ann", "Ann Alder", "close")))
    strict = repo.build("--strict", check=False)
    assert strict.returncode == 1 and f"WARNING -  mentornet: history: commit {broken[:7]}" in strict.stderr
    repo.build()
    page = repo.page("history")
    assert "Left out of the history (1)" in page and broken[:7] in page
    # the past cannot be mended: a strict build may choose to be told, not stopped
    repo.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"', 'today: "2026-11-22"\n'
                                                '      history: {left_out: info}'), dedent=False)
    result = repo.build("--strict", "-v")
    assert f"INFO    -  mentornet: history: commit {broken[:7]}" in result.stderr


def test_a_shallow_clone_gives_what_exists_and_a_warning(repo: Repo, tmp_path: Path):
    for n in range(4):
        repo.commit(f"Step {n}", data__people_yaml=people(person("ann", f"Ann Alder {n}")))
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.root}", str(clone)], check=True,
                   env={**os.environ, **GIT_ENV})
    found = gitread.read_history(Layout.of(clone))
    assert found.shallow and [s.subject for s in found.snapshots] == ["Step 2", "Step 3"]
    assert not found.warnings and not found.skipped
    (clone / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (clone / "data/profile.yaml").write_text(PROFILE, encoding="utf-8")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=clone,
                           capture_output=True, text=True)
    assert built.returncode == 1  # it can be mended, in one line of the CI's checkout step
    assert f"shallow clone, so the history starts at {found.snapshots[0].day.isoformat()}" in built.stderr
    assert "fetch-depth: 0" in built.stderr


def test_not_a_repository(portfolio):
    found = gitread.read_history(Layout.of(portfolio.root))
    assert found.snapshots == [] and "not in a Git repository" in found.unavailable
    portfolio.build("--strict")
    assert "not in a Git repository" in portfolio.page("history")


def test_the_history_page_shows_the_commands_in_its_messages_as_code_not_as_backticks(portfolio):
    portfolio.build("--strict")
    page = portfolio.page("history")
    assert "<code>git init &amp;&amp; git add . &amp;&amp; git commit -m \"My network\"</code>" in page
    assert "`" not in page


def test_a_message_keeps_its_code_spans_and_shows_everything_else_literally():
    from mentornet.site.pages import escape_message

    shown = escape_message('commit 1a2b3c4 ("Fix *all* of [it](x)") was left out: run `mentornet check`')
    assert shown.endswith("run `mentornet check`")
    assert r"\*all\*" in shown and r"\[it\]\(x\)" in shown


def test_rename_to_one_file_per_person(repo: Repo):
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder"), person("bob", "Bob Birch")))
    (repo.root / "data" / "people.yaml").unlink()
    ann = person("ann", "Ann Alder")[2:].replace("\n  ", "\n")
    bob = person("bob", "Bob Birch", "close")[2:].replace("\n  ", "\n")
    repo.commit("One file each", data__people__ann_yaml=ann, data__people__bob_yaml=bob)
    found = repo.history()
    assert not found.warnings
    change = history.build(found.snapshots).changes[1]
    assert not change.joined and not change.left  # nobody left: the data only moved
    assert [(c.id, c.text) for c in change.changed] == [("bob", "moderate → close")]


def test_a_merge_counts_once_against_its_first_parent(repo: Repo):
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("Bob on a branch", data__people_yaml=people(person("ann", "Ann Alder"), person("bob", "Bob Birch")))
    repo.git("checkout", "-q", "main")
    repo.commit("Home page", content__index_md="# Home, edited\n")  # touches no data: no snapshot
    repo.git("merge", "-q", "--no-ff", "-m", "Merge side", "side")
    found = repo.history()
    assert [s.subject for s in found.snapshots] == ["Start", "Merge side"]
    assert history.build(found.snapshots).changes[1].joined == ("bob",)


def test_uncommitted_changes_are_the_last_snapshot(repo: Repo):
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    repo.write("data/people.yaml", people(person("ann", "Ann Alder", "close")), dedent=False)
    found = repo.history()
    assert [s.commit for s in found.snapshots][-1] == "uncommitted"
    assert history.build(found.snapshots).changes[-1].changed[0].text == "moderate → close"
    assert repo.history(uncommitted=False).snapshots[-1].subject == "Start"


def test_the_cache_parses_nothing_the_second_time(repo: Repo):
    for n in range(5):
        repo.commit(f"Step {n}", data__people_yaml=people(person("ann", "Ann Alder"), person("bob", f"Bob {n}")))
    cold = repo.history()
    assert cold.stats["blobs_read"] == 6 and cold.stats["parsed"] > 0
    # unchanged items are parsed once: Ann's text is the same in every revision
    assert cold.stats["parsed"] <= 1 + 5 + 1
    warm = repo.history()
    assert warm.stats["parsed"] == 0 and warm.stats["blobs_read"] == 0 and warm.stats["from_cache"] == 5
    assert [s.portfolio.people for s in warm.snapshots] == [s.portfolio.people for s in cold.snapshots]
    assert list((repo.root / ".cache" / "history").glob("revisions-*.pickle"))


def test_a_commit_after_a_kept_history_shares_the_entries_read_back(repo: Repo):
    """After one new commit, the revisions come from the cache and the new one is read: its
    entries that the commit left alone are the very objects read back (each kept entry is
    looked at once, not once in every revision that holds it)."""
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    journal = repo.root / "content" / "journal"
    journal.mkdir(parents=True)
    for day in range(1, 5):
        (journal / f"2026-02-0{day}-meeting.md").write_text(entry(day, "ann"), encoding="utf-8")
        repo.commit(f"Entry {day}")
    cold = repo.history()
    (journal / "2026-02-09-meeting.md").write_text(entry(9, "ann"), encoding="utf-8")
    repo.commit("One more")
    again = repo.history()
    assert again.stats["from_cache"] == 5 and len(again.snapshots) == 6
    assert [s.portfolio for s in again.snapshots[:5]] == [s.portfolio for s in cold.snapshots]
    kept, new = again.snapshots[-2].portfolio.journal, again.snapshots[-1].portfolio.journal
    assert len(new) == 5 and all(a is b for a, b in zip(kept, new[:4]))


def test_items_parsed_alone_give_the_same_portfolio_as_the_whole_file():
    root = Path(__file__).resolve().parents[2]
    layout = Layout.of(root)
    texts = {f"data/{name}": (root / "data" / name).read_text(encoding="utf-8")
             for name in git.DATA_FILES}
    whole, problems = read_texts(layout, texts)
    shared, shared_problems = read_texts(layout, texts, item_splitter.ItemMemo())
    assert not problems and not shared_problems
    assert shared.people == whole.people and shared.audits == whole.audits
    assert whole.people == read_portfolio(layout)[0].people
    assert item_splitter.split_items("name: x\n") is None and item_splitter.split_items("---\n- a\n") is None
    assert item_splitter.split_items("# c\n- a: 1\n  b: 2\n\n- a: 3\n") == ["- a: 1\n  b: 2\n\n", "- a: 3\n"]


def test_a_list_file_split_from_its_last_version_is_split_as_a_whole():
    """people.yaml is split into items from its last version (only what changed is split
    again): each split must be the whole text's, or none (then the text is split whole)."""
    rng = random.Random(19)

    def item(number: int, knows: str) -> str:
        return (f"- id: p{number}\n  name: P {number}\n  knows: [{knows}]\n"
                + rng.choice(["", "\n", "# a comment\n", "  notes: |\n    x\n\n    - y\n"]))

    pieces = ["- id: a\n", "  name: A\n", "# c\n", "\n", "  - z\n", "-\n", "- ", "-", "x: 1\n", " ", "---\n"]
    checked = 0
    for trial in range(3000):
        if trial % 2:  # a list edited as people edit it: items added, deleted, changed, moved
            items = [item(number, str(rng.randint(0, 3))) for number in range(rng.randint(1, 30))]
            head = rng.choice(["", "# my people\n\n"])
            before, after = head + "".join(items), list(items)
            for _ in range(rng.randint(1, 6)):
                roll, at = rng.random(), rng.randint(0, len(after))
                if roll < 0.3:
                    after.insert(at, item(1000 + at, "new"))
                elif after and roll < 0.5:
                    del after[min(at, len(after) - 1)]
                elif after and roll < 0.8:
                    after[min(at, len(after) - 1)] = item(at, "changed")
                elif after:
                    after.insert(rng.randint(0, len(after) - 1), after.pop(min(at, len(after) - 1)))
            text = rng.choice([head, head, "# others\n", ""]) + "".join(after)
        else:  # any text: anything at column 0, indented lines before the first item...
            before = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
            chars = list(before)
            for _ in range(rng.randint(1, 3)):
                at = rng.randint(0, len(chars))
                chars[at:at + rng.randint(0, 8)] = list(rng.choice(pieces + ["-", "\n", " ", "#"]))
            text = "".join(chars)
        last = item_splitter.Split.of(before)
        if last is None:
            continue
        whole, edited = item_splitter.Split.of(text), last.edited(text)
        if edited is None:
            continue  # split whole
        split, start, end = edited
        assert whole is not None and (split.items, split.starts) == (whole.items, whole.starts), (before, text)
        n, m = len(last.items), len(split.items)
        assert start + end <= min(n, m) and last.items[:start] == split.items[:start]
        assert last.items[n - end:] == split.items[m - end:]
        checked += 1
    assert checked > 1500


def test_a_journal_is_kept_as_the_one_before_and_what_changed():
    """Each revision's journal pickles as an earlier one's and what changed (a cache of 2,000
    revisions of 5,000 entries held 10 million references): read back, every one is a tuple
    of the same entries, in a chain short enough for a pickle to follow."""
    entries = [types.SimpleNamespace(number=number) for number in range(300)]
    journals, shown = [], []
    for number in range(3000):
        shown = sorted(set(shown) | {number % 300}) if number % 7 else shown[1:]  # added, and now and then one goes
        journals.append(store.Journal.after(tuple(entries[i] for i in shown),
                                               journals[-1] if journals else None))
    back = pickle.loads(pickle.dumps((entries, journals[::-1]), protocol=pickle.HIGHEST_PROTOCOL))
    back = (back[0], back[1][::-1])
    for before, after in zip(journals, back[1]):
        assert isinstance(after, store.Journal)
        assert list(map(id, after)) == [id(back[0][entry.number]) for entry in before]  # the very entries
    whole = pickle.dumps((entries, [tuple(journal) for journal in journals]))
    assert len(pickle.dumps((entries, journals))) < len(whole) / 5


def test_the_active_people_of_a_snapshot_follow_from_the_one_before():
    """Who is active in a snapshot is worked out from the snapshot before when a few people
    changed in place: always exactly, and in the same order, as from the snapshot alone."""
    from mentornet.core.model import Person, Portfolio, Profile

    rng = random.Random(17)
    profile = Profile(name="Ada")
    people = [Person(id=f"p{n}", name=f"P {n}") for n in range(20)]
    before = Portfolio(profile=profile, people=tuple(people))
    active = differ.active_people(before)
    for step in range(600):
        edited, roll, at = list(before.people), rng.random(), rng.randrange(len(before.people))
        if roll < 0.5:
            edited[at] = edited[at].model_copy(update={"closeness": rng.choice(["close", "distant", None])})
        elif roll < 0.65:
            edited[at] = edited[at].model_copy(update={"until": None if edited[at].until else dt.date(2026, 1, 1)})
        elif roll < 0.75:
            edited.insert(at, Person(id=f"new{step}", name="New"))
        elif roll < 0.85 and len(edited) > 5:
            del edited[at]
        elif roll < 0.95:
            edited.insert(rng.randrange(len(edited)), edited.pop(at))
        after = Portfolio(profile=profile, people=before.people if roll >= 0.95 else tuple(edited))
        found = differ.active_after(before, active, after)
        assert list(found.items()) == list(differ.active_people(after).items())
        before, active = after, found


def test_site_history_page_charts_and_person_history(repo: Repo):
    repo.write("mkdocs.yml", MKDOCS_YML, dedent=False)
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder"), person("bob", "Bob Birch")))
    repo.git("tag", "v1")
    repo.commit("Cam joins", data__people_yaml=people(person("ann", "Ann Alder", "close"), person("bob", "Bob Birch"),
                                                      person("cam", "Cam Castillo", "distant")))
    repo.commit("Bob leaves", data__people_yaml=people(person("ann", "Ann Alder", "close"),
                                                       person("cam", "Cam Castillo", "distant")))
    repo.build("--strict")
    page = repo.page("history")
    assert "Cam Castillo joined: distant, career support" in page
    assert "Ann Alder: moderate → close" in page and "Bob leaves" in page
    assert "mn-joined" in page and "1 person joined, 1 left, 1 changed" in page  # the diagram was drawn
    for chart in ("network", "shape", "support"):
        svg = (repo.site / "history" / f"{chart}.svg").read_text()
        assert svg.startswith("<svg") and "<dc:date>" not in svg
    assert "Closeness: moderate → close" in repo.page("people/ann")
    first = {p: p.read_bytes() for p in sorted(repo.site.rglob("*")) if p.is_file() and "history" in str(p)}
    repo.build("--strict")  # determinism: the same history gives the same files
    assert first == {p: p.read_bytes() for p in sorted(repo.site.rglob("*")) if p.is_file() and "history" in str(p)}


def test_the_history_kept_between_builds_follows_commits_and_the_working_tree(repo: Repo):
    repo.write("mkdocs.yml", MKDOCS_YML, dedent=False)
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    repo.commit("Bob joins", data__people_yaml=people(person("ann", "Ann Alder"), person("bob", "Bob Birch")))
    repo.build("--strict")
    assert "Bob Birch joined" in repo.page("history")
    assert "Uncommitted changes" not in repo.page("history")

    repo.commit("Cam joins", data__people_yaml=people(person("ann", "Ann Alder"), person("bob", "Bob Birch"),
                                                      person("cam", "Cam Castillo")))
    repo.build("--strict")
    assert "Cam joins" in repo.page("history")

    repo.write("data/people.yaml", people(person("ann", "Ann Alder", "close"), person("bob", "Bob Birch"),
                                          person("cam", "Cam Castillo")), dedent=False)
    repo.build("--strict")
    assert "Uncommitted changes" in repo.page("history") and "moderate → close" in repo.page("people/ann")
    repo.write("data/people.yaml", people(person("ann", "Ann Alder", "distant"), person("bob", "Bob Birch"),
                                          person("cam", "Cam Castillo")), dedent=False)
    repo.build("--strict")  # the same file changed again: another working tree
    assert "moderate → distant" in repo.page("people/ann") and "moderate → close" not in repo.page("people/ann")


def test_the_history_kept_between_builds_follows_where_compared_revisions_point(repo: Repo):
    repo.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"', 'today: "2026-11-22"\n'
                                                '      history: {compare: [HEAD~1, HEAD]}'), dedent=False)
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    repo.commit("Bob joins", data__people_yaml=people(person("ann", "Ann Alder"), person("bob", "Bob Birch")))
    repo.build("--strict")
    assert "1 person joined" in repo.page("history").split("Then and now", 1)[1]
    repo.commit("A note that is not data", README_md="# My network\n")  # HEAD moves, the data's log does not
    repo.build("--strict")
    assert "0 people joined" in repo.page("history").split("Then and now", 1)[1]


def test_the_difference_between_two_tags_in_a_page(repo: Repo):
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    repo.git("tag", "v2025")
    repo.commit("Bob joins", data__people_yaml=people(person("ann", "Ann Alder"), person("bob", "Bob Birch")))
    repo.git("tag", "v2026")
    found = gitread.for_site(repo.layout, compare=["v2025", "v2026"])
    assert found.then.tags[0] == "v2025" and found.comparison.joined == ("bob",)
    before, after, labels = found.pair("v2025..v2026")
    assert labels == ("v2025", "v2026") and len(after.people) == 2
    from mentornet.diagrams import dot
    diagram = dot.build(after, "difference: v2025..v2026", found.pair)
    assert "+ Bob Birch" in diagram.source and "1 joined" not in diagram.title
    assert "1 person joined, 0 left" in diagram.title
    with pytest.raises(dot.UnknownDiagram, match="no snapshot of the history is called 'v1999'"):
        dot.build(after, "difference: v1999..v2026", found.pair)


def test_demo_repository_has_a_history_without_warnings(tmp_path: Path):
    folder = tmp_path / "demo"
    result = subprocess.run([sys.executable, "-m", "mentornet", "new", "--demo", str(folder)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    found = gitread.read_history(Layout.of(folder))
    assert not found.warnings and len(found.snapshots) >= 20
    days = [s.day for s in found.snapshots]
    assert (days[-1] - days[0]).days >= 365
    assert {"audit-2025-12", "audit-2026-06"} <= {t for s in found.snapshots for t in s.tags}
    assert subprocess.run(["git", "status", "--porcelain"], cwd=folder, capture_output=True,
                          text=True).stdout.strip() == ""
    built = history.build(found.snapshots)
    assert any(c.left for c in built.changes) and any(c.changed for c in built.changes)


def _whole_read(repo: Repo, commit: str) -> tuple[object, list]:
    """A revision read the way `mentornet check` reads the disk: every file at once."""
    listing = repo.git("ls-tree", "-r", "--name-only", commit).split("\n")
    texts = {}
    for path in filter(None, listing):
        if git.relevant(repo.layout, path):
            raw = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=repo.root, capture_output=True).stdout
            try:
                texts[path] = raw.decode("utf-8")
            except UnicodeDecodeError:
                return None, [f"{path}: the file is not UTF-8 text"]
    return read_texts(repo.layout, texts)


def entry(day: int, *names: str, kind: str = "meeting") -> str:
    return f"---\ndate: 2026-02-{day:02d}\nkind: {kind}\npeople: [{', '.join(names)}]\n---\nNotes {day}.\n"


def test_each_revision_read_from_the_one_before_equals_a_whole_read(repo: Repo):
    """The reader builds a revision from the last one and the files its commit changed; every
    revision must be what a whole read of its files gives, including why one does not load."""
    ann, bob = person("ann", "Ann Alder"), person("bob", "Bob Birch", knows=("ann",))
    journal = repo.root / "content" / "journal"

    def commit(subject: str, people_yaml: str | None = None,
               entries: typing.Mapping[str, str | bytes | None] = types.MappingProxyType({})) -> None:
        if people_yaml is not None:
            repo.write("data/people.yaml", people_yaml, dedent=False)
        for name, text in entries.items():
            path = journal / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if text is None:
                path.unlink()
            else:
                path.write_bytes(text if isinstance(text, bytes) else text.encode())
        repo.commit(subject)

    commit("Ann", people(ann), {"2026-02-01-first.md": entry(1, "ann")})
    commit("An entry names Bob before he joins", entries={"2026-02-02-early.md": entry(2, "bob")})
    commit("Bob joins", people(ann, bob))
    commit("Two entries, one in a folder", entries={"2026-02-03-third.md": entry(3, "ann", "bob"),
                                                    "2026/2026-02-04-nested.md": entry(4, "bob")})
    commit("An entry edited", entries={"2026-02-01-first.md": entry(1, "ann", "bob")})
    commit("An entry deleted", entries={"2026-02-02-early.md": None})
    commit("A bad entry", entries={"2026-02-05-bad.md": "---\ndate: someday\n---\n"})
    commit("Mended", entries={"2026-02-05-bad.md": entry(5, "ann", kind="note")})
    commit("Bob leaves the file, entries still name him", people(ann))
    commit("Back", people(ann, bob))
    commit("A typo in people.yaml", people(ann, person("bob", "Bob Birch", "clsoe", knows=("ann",))))
    commit("Mended again", people(ann, bob))
    commit("Not UTF-8", entries={"2026-02-06-latin1.md": b"---\ndate: 2026-02-06\n---\ncaf\xe9\n"})
    commit("Gone again", entries={"2026-02-06-latin1.md": None, "2026-02-07-seventh.md": entry(7, "bob")})
    # people.yaml item by item: each revision's people are the last one's and the items that changed
    carl, dana = person("carl", "Carl Cole", knows=("ann",)), person("dana", "Dana Dee", knows=("carl",))
    bob_close = person("bob", "Bob Birch", "close", knows=("ann",))
    commit("Carl joins at the end", people(ann, bob, carl))
    commit("Bob closer, Dana joins", people(ann, bob_close, carl, dana))
    commit("Reordered", people(dana, ann, carl, bob_close))
    commit("Comments above, between and after items", "# all of them\n\n" + dana + "# friends\n" + ann + "\n"
           + carl + bob_close + "# the end\n")
    commit("Dana deleted; Carl names no one", people(ann, bob_close, person("carl", "Carl Cole")))
    broken = {  # each after a revision that loads, so that only its own items are checked
        "A duplicate id": (carl, person("ann", "Ann Again")),
        "YAML that stops parsing": ("- id: carl\n  name: [Carl\n",),
        "Carl knows someone unknown": (person("carl", "Carl Cole", knows=("zed",)),),
        "Carl tied to himself": (person("carl", "Carl Cole", knows=("carl",)),),
        "Carl until before since": (person("carl", "Carl Cole", since="2026-01-01", until="2025-12-31"),),
        "Carl in an unknown social system": (person("carl", "Carl Cole", social_system="royal-society"),),
        "Carl not a mapping": ("- just Carl\n",),
        "Carl with a typo": (person("carl", "Carl Cole", "clsoe"),),
    }
    for number, (subject, items) in enumerate(broken.items()):
        commit(f"Mended ({number})", people(ann, person("bob", f"Bob Birch {number}", knows=("ann",)), carl))
        commit(subject, people(ann, person("bob", f"Bob Birch {number}", knows=("ann",)), *items))
    commit("Mended once more", people(ann, bob_close, carl))
    anchored = "- id: ann\n  name: Ann Alder\n  support: &help [{}]\n- id: bob\n  name: Bob Birch\n  support: *help\n"
    commit("An anchor in Ann's item, its alias in Bob's", anchored.format("career") + carl)
    commit("Ann's anchored support edited: Bob's too", anchored.format("career, personal") + carl)
    commit("Mended once more", people(ann, bob_close, carl))
    repo.write("data/audit.yaml", "- date: 2026-02-10\n  core: [ann, carl]\n", dedent=False)
    repo.write("data/plan.yaml", "prospects:\n  - id: erin\n    name: Erin Eke\n    via: carl\n", dedent=False)
    commit("An audit and a prospect name Carl")
    commit("Bob edited again beside them", people(ann, bob, carl))
    commit("Carl removed: the audit and the prospect still name him", people(ann, bob))
    commit("Carl back", people(ann, bob_close, person("carl", "Carl Cole", knows=("ann", "bob"))))
    commit("The prospect joins the people", people(ann, bob, carl, person("erin", "Erin Eke")))
    commit("Erin out again, Bob's knows edited", people(ann, person("bob", "Bob Birch", knows=("ann", "carl")), carl))

    found = gitread.read_history(repo.layout, None, uncommitted=False)
    commits = repo.git("log", "--reverse", "--format=%H").split()
    read = {s.commit: s.portfolio for s in found.snapshots}
    skipped = {line.split()[1]: line.split("left out of the history: ", 1)[1] for line in found.skipped}
    assert len(read) + len(skipped) == len(commits) and len(skipped) == 15
    assert found.stats["people_edited"] >= 7  # read from the revision before, not whole
    for commit in commits:
        whole, problems = _whole_read(repo, commit)
        assert (commit[:7] in skipped) == bool(problems), commit
        if problems:
            problems = sorted(set(problems))
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            assert skipped[commit[:7]] == str(problems[0]) + more
        else:
            assert read[commit] == store.network(whole), commit
    # and a revision asked for alone (`mentornet diff`, `compare:`) is the same again
    assert revisions.read_revision(repo.layout, commits[4]).portfolio == read[commits[4]]


def test_entries_at_fault_in_revision_after_revision_give_each_the_reason_a_whole_read_gives(repo: Repo):
    """An entry naming people not in people.yaml yet is at fault in every revision until they
    join: what checking it gave is taken again while the people stay the same, and each left-out
    revision still says what a whole read of it says (its first problem, and how many more)."""
    journal = repo.root / "content" / "journal"
    journal.mkdir(parents=True)
    crowd = [f"p{number:02d}" for number in range(30)]  # more than a file's problems of a kind shown
    repo.commit("Ann", data__people_yaml=people(person("ann", "Ann Alder")))
    (journal / "2026-02-01-crowd.md").write_text(entry(1, "ann", *crowd), encoding="utf-8")
    (journal / "2026-02-02-bob.md").write_text(entry(2, "bob"), encoding="utf-8")
    repo.commit("Entries naming people who have not joined")
    for day in range(3, 6):  # people.yaml as it was: the same people known
        (journal / f"2026-02-0{day}-more.md").write_text(entry(day, "ann", "bob"), encoding="utf-8")
        repo.commit(f"Another entry ({day})")
    repo.write("data/people.yaml", people(person("ann", "Ann Alder"), person("bob", "Bob Birch")), dedent=False)
    repo.commit("Bob joins")
    repo.write("data/people.yaml", people(person("ann", "Ann Alder"), person("bob", "Bob Birch"),
                                          *(person(pid, pid.upper()) for pid in crowd[:15])), dedent=False)
    repo.commit("Half the crowd joins")
    (journal / "2026-02-01-crowd.md").write_text(entry(1, "ann", *crowd[:12]), encoding="utf-8")
    repo.commit("The crowd's entry names only those who joined")

    found = gitread.read_history(repo.layout, None, uncommitted=False)
    skipped = {line.split()[1]: line.split("left out of the history: ", 1)[1] for line in found.skipped}
    commits = repo.git("log", "--reverse", "--format=%H").split()
    assert len(skipped) == 6
    for commit in commits:
        _, problems = _whole_read(repo, commit)
        if problems:
            problems = sorted(set(problems))
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            assert skipped[commit[:7]] == str(problems[0]) + more, commit
        else:
            assert commit[:7] not in skipped


def test_the_journal_the_build_loaded_is_not_parsed_again_for_the_history(repo: Repo):
    """The history finds the front matter of the journal as committed in what the build parsed
    and validated loading the working tree: the very same objects, and the same history."""
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    journal = repo.root / "content" / "journal"
    journal.mkdir(parents=True)
    for day in range(1, 4):
        (journal / f"2026-02-0{day}-meeting.md").write_text(entry(day, "ann"), encoding="utf-8")
    repo.commit("Three entries")
    (journal / "2026-02-01-meeting.md").write_text(entry(1, "ann", kind="note"), encoding="utf-8")
    repo.commit("The first edited")
    (journal / "2026-02-02-meeting.md").write_text(entry(9, "ann"), encoding="utf-8")  # not committed
    memo = SharedMemo()
    current, problems = read_portfolio(repo.layout, memo)
    assert not problems
    borrowed = gitread.read_history(repo.layout, None, uncommitted=False, loaded_with=memo)
    alone = gitread.read_history(repo.layout, None, uncommitted=False)
    assert [s.portfolio for s in borrowed.snapshots] == [s.portfolio for s in alone.snapshots]
    last, loaded = borrowed.snapshots[-1].portfolio.journal, {e.src_uri: e.meta for e in current.journal}
    assert [e.meta is loaded[e.src_uri] for e in last] == [True, False, True]  # the second differs on disk
    assert not any(e.meta is loaded[e.src_uri] for e in alone.snapshots[-1].portfolio.journal)


def test_a_commit_made_while_serving_reads_only_the_files_it_changed(repo: Repo):
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    journal = repo.root / "content" / "journal"
    journal.mkdir(parents=True)
    for day in range(1, 6):
        (journal / f"2026-02-0{day}-meeting.md").write_text(entry(day, "ann"), encoding="utf-8")
    repo.commit("Five entries")
    session = reader.Session()
    first = gitread.read_history(repo.layout, None, uncommitted=False, session=session)
    assert first.stats["parsed"] >= 5
    (journal / "2026-02-06-meeting.md").write_text(entry(6, "ann"), encoding="utf-8")
    repo.commit("One more")
    again = gitread.read_history(repo.layout, None, uncommitted=False, session=session)
    assert again.stats["parsed"] == 1 and again.stats["blobs_read"] == 1
    assert [len(s.portfolio.journal) for s in again.snapshots] == [0, 5, 6]
    assert again.snapshots[-1].portfolio == store.network(_whole_read(repo, "HEAD")[0])
