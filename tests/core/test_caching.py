"""The caches: keyed by what they are made from, per audience, bounded, and off when asked."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

from mentornet.core import caching
from mentornet.core.problems import Problem, did_you_mean
from mentornet.diagrams.store import Store
from mentornet.history import gitread
from tests.history.test_history import Repo, people, person, repo  # noqa: F401  (the fixture)
from tests.site.test_serve import Serve
from mentornet.audience import MENTOR, OWNER, PUBLIC  # noqa: F401
from mentornet.core.model import Sharing  # noqa: F401

# --------------------------------------------------------------------------- the history


def network(found: gitread.GitHistory) -> list[tuple]:
    """What a history holds of each revision, comparable across reads."""
    return [(s.commit, s.portfolio.profile, s.portfolio.people, s.portfolio.audits, s.portfolio.plan,
             s.portfolio.reflections, s.portfolio.journal) for s in found.snapshots]


def test_a_history_read_in_steps_from_the_cache_equals_one_read_from_nothing(repo: Repo):  # noqa: F811
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder"), person("bob", "Bob Birch")))
    repo.entry("2026-01-05-coffee", "title: Coffee\ndate: 2026-01-05\npeople: [ann]\n")
    repo.commit("First entry")
    assert len(repo.history().snapshots) == 2  # the cache now holds these two
    repo.commit("Bob closer", data__people_yaml=people(person("ann", "Ann Alder"),
                                                       person("bob", "Bob Birch", "close", knows=("ann",))))
    repo.entry("2026-01-09-lunch", "title: Lunch\ndate: 2026-01-09\npeople: [bob]\n")
    repo.commit("Second entry")
    os.rename(repo.root / "content/journal/2026-01-05-coffee.md", repo.root / "content/journal/2026-01-06-coffee.md")
    repo.commit("Renamed")
    stepwise = repo.history()
    assert stepwise.stats["from_cache"] == 2 and stepwise.stats["parsed"] > 0
    whole = gitread.read_history(repo.layout, None)
    assert network(stepwise) == network(whole)
    assert network(repo.history()) == network(whole)  # and read back whole from the cache
    assert [e.src_uri for e in whole.snapshots[-1].portfolio.journal] == [
        "journal/2026-01-06-coffee.md", "journal/2026-01-09-lunch.md"]  # the path is part of the key


def test_a_revision_differing_in_one_blob_is_its_own_entry_in_the_cache(repo: Repo):  # noqa: F811
    repo.commit("Ann moderate", data__people_yaml=people(person("ann", "Ann Alder", "moderate")))
    repo.commit("Ann close", data__people_yaml=people(person("ann", "Ann Alder", "close")))
    repo.history()
    warm = repo.history()
    assert warm.stats["from_cache"] == 2
    assert [s.portfolio.people[0].closeness for s in warm.snapshots] == ["moderate", "close"]


def test_the_history_keeps_the_network_not_the_journal_text(repo: Repo):  # noqa: F811
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    repo.entry("2026-01-05-coffee", "title: Coffee\ndate: 2026-01-05\npeople: [ann]\n", body="SECRET-BODY\n")
    repo.commit("Entry")
    found = repo.history()
    assert [e.body for e in found.snapshots[-1].portfolio.journal] == [""]
    assert found.snapshots[-1].portfolio.journal[0].meta.title == "Coffee"
    kept = {path: caching.unsealed(path.read_bytes()) for path in (repo.root / ".cache").rglob("*.pickle")}
    assert kept  # opened, not read as they lie: cache files are compressed, so no text shows in their bytes
    assert [path for path, data in kept.items() if b"SECRET-BODY" in data] == []


def test_revisions_share_the_items_that_did_not_change(repo: Repo):  # noqa: F811
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder"), person("bob", "Bob Birch")))
    repo.commit("Bob closer", data__people_yaml=people(person("ann", "Ann Alder"),
                                                       person("bob", "Bob Birch", "close")))
    repo.entry("2026-01-05-coffee", "title: Coffee\ndate: 2026-01-05\npeople: [ann]\n")
    repo.commit("Entry")
    for found in (repo.history(), repo.history()):  # parsed, then read back from the cache
        first, second, third = (s.portfolio for s in found.snapshots)
        assert first.people[0] is second.people[0]  # Ann, unchanged: one object
        assert first.people[1] is not second.people[1]
        assert second.people is third.people  # the people did not change: one tuple


# --------------------------------------------------------------------------- audiences


def test_an_audience_never_reads_the_history_another_audience_kept(repo: Repo):  # noqa: F811
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder", visibility="mentor"),
                                                  person("zed", "ZED-CANARY", visibility="private")))
    cache = repo.root / ".cache"
    owner = gitread.for_site(repo.layout, audience=OWNER, cache_dir=cache)
    assert any(p.id == "zed" for p in owner.snapshots[-1].portfolio.people)
    # the owner's kept history where the mentor's would be: its key is the owner's, so a miss
    shutil.copy(cache / "history" / "site-owner.pickle", cache / "history" / "site-mentor.pickle")
    mentor = gitread.for_site(repo.layout, audience=MENTOR, cache_dir=cache)
    assert all(p.id != "zed" for s in mentor.snapshots for p in s.portfolio.people)


def test_an_audience_never_reads_the_pages_or_analysis_another_audience_kept(repo: Repo):  # noqa: F811
    """Their keys hold the audience, and the portfolio as the audience sees it (whose digest
    differs between audiences too, by the attributes they are shown)."""
    from tests.conftest import MKDOCS_YML

    repo.write("mkdocs.yml", MKDOCS_YML)
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder", visibility="mentor"),
                                                  person("zed", "ZED-CANARY", visibility="private")))
    repo.build()
    assert [page for page in repo.site.rglob("*.html") if "ZED-CANARY" in page.read_text(encoding="utf-8")]
    cache = repo.root / ".cache/plugin/mentornet"
    for name in ("pages", "analysis"):
        shutil.copy(cache / f"{name}-owner.pickle", cache / f"{name}-mentor.pickle")
    repo.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"', 'today: "2026-11-22"\n      audience: mentor'))
    repo.build()
    pages = {page: page.read_text(encoding="utf-8") for page in repo.site.rglob("*.html")}
    assert [page for page, text in pages.items() if "Ann Alder" in text]  # the mentor's site, with her people
    assert [page for page, text in pages.items() if "ZED-CANARY" in text] == []


# --------------------------------------------------------------------------- off, and bounded


def test_cache_false_leaves_no_cache_file(repo: Repo):  # noqa: F811
    from tests.conftest import MKDOCS_YML

    repo.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"', 'today: "2026-11-22"\n      cache: false'))
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder"), person("bob", "Bob Birch")))
    repo.commit("Closer", data__people_yaml=people(person("ann", "Ann Alder", "close"), person("bob", "Bob Birch")))
    repo.build()
    served = Serve(repo.root, dirty=True)  # --dirty keeps generated pages as files: not in the project
    served.rebuild()
    assert (repo.site / "index.html").is_file() and (served.site / "index.html").is_file()
    assert not (repo.root / ".cache").exists()
    assert [p for p in repo.root.rglob("*") if "cache" in p.name.lower()] == []


def test_pruning_keeps_the_most_recently_used_files(tmp_path: Path):
    folder = tmp_path / "svg"
    folder.mkdir()
    for number in range(10):
        path = folder / f"{number}.svg"
        path.write_text(str(number))
        os.utime(path, (1_000_000 + number, 1_000_000 + number))
    caching.touch(folder / "0.svg")  # used by this build: the most recent
    assert caching.prune(folder, 4) == 6
    assert sorted(p.name for p in folder.iterdir()) == ["0.svg", "7.svg", "8.svg", "9.svg"]
    assert caching.prune(folder, 4) == 0


def test_a_build_keeps_each_cache_folder_bounded(repo: Repo, monkeypatch):  # noqa: F811
    from tests.conftest import MKDOCS_YML

    repo.write("mkdocs.yml", MKDOCS_YML)
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder")))
    repo.commit("Bo joins", data__people_yaml=people(person("ann", "Ann Alder"), person("bo", "Bo Birch")))
    charts = repo.root / ".cache/plugin/mentornet/charts"
    charts.mkdir(parents=True)
    for number in range(caching.MINIMUM + 50):  # left by earlier versions of the data
        (charts / f"old-{number}.svg").write_text("<svg/>")
        os.utime(charts / f"old-{number}.svg", (1_000_000, 1_000_000))
    repo.build()
    kept = list(charts.iterdir())
    assert len(kept) == caching.MINIMUM
    assert [path for path in kept if not path.name.startswith("old-")]  # the build's own charts
    repo.build()  # the build's own charts survive the pruning
    assert sorted(kept) == sorted(charts.iterdir())


def test_a_build_keeps_its_diagrams_in_one_file_and_reads_them_back(repo: Repo):  # noqa: F811
    from tests.conftest import MKDOCS_YML

    repo.write("mkdocs.yml", MKDOCS_YML)
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder"), person("bo", "Bo Birch")))
    diagrams = repo.root / ".cache/plugin/mentornet/diagrams"
    for former in ("prepared", "svg", "kept"):  # a file each, as earlier versions kept them
        (diagrams / former).mkdir(parents=True)
        (diagrams / former / "0123.svg").write_text("<svg/>")
    repo.build()
    store = diagrams / "prepared-owner.pickle"
    assert [path.name for path in diagrams.iterdir()] == [store.name]
    drawn = Store(store)
    digests, versions = set(drawn), dict(drawn.versions)
    assert len(digests) >= 2 and len(versions) == 1  # at least the two people's
    assert "data-from-the-store" not in (repo.root / "site/people/ann/index.html").read_text()
    marked = {digest: dataclasses.replace(ready, svg=ready.svg.replace("<svg ", "<svg data-from-the-store ", 1))
              for digest in digests for ready in [drawn.get(digest)]}
    drawn.close()

    def rewrite(fingerprint: str, names: dict) -> None:
        store.unlink()
        again = Store(store)
        for digest, ready in marked.items():
            again.add(digest, ready)
        again.save(fingerprint, names, set(marked))
        again.close()

    rewrite(*next(iter(versions.items())))
    repo.build()  # the same people: every diagram read back, none drawn
    assert "<svg data-from-the-store " in (repo.root / "site/people/ann/index.html").read_text()
    rewrite("another version of the data", {})
    repo.build()  # the DOT is built again, and what it draws is found by what it is drawn from
    assert "<svg data-from-the-store " in (repo.root / "site/people/ann/index.html").read_text()
    assert set(Store(store)) == digests


# --------------------------------------------------------------------------- suggestions


def test_a_suggestion_is_worked_out_only_when_its_message_is_shown():
    suggestion = did_you_mean("dianne-roberts", ["diane-roberts", "sami-wonder"])
    problems = [Problem("a.md", 3, 10, "people: unknown person 'dianne-roberts'" + suggestion)] * 2
    assert len(sorted(set(problems))) == 1  # sorted and de-duplicated without difflib
    assert suggestion._text is None
    assert str(problems[0]) == ("a.md:3:10: people: unknown person 'dianne-roberts' — did you mean "
                                "'diane-roberts'?")
    assert "did you mean" in problems[0].message and f"{problems[0].message}".endswith("?")


def test_a_suggestion_with_nothing_close_says_what_it_was_given_instead():
    message = "unknown person 'zzz'" + did_you_mean("zzz", ["ann"], " — add them to people.yaml")
    assert str(message) == "unknown person 'zzz' — add them to people.yaml"


def test_cache_files_are_compressed_and_a_damaged_one_reads_as_a_miss(tmp_path: Path):
    svg = "<svg>" + "<g class='node'><title>ann</title></g>" * 200 + "</svg>"
    caching.write_text(tmp_path / "a.svg", svg)
    assert caching.read_text(tmp_path / "a.svg") == svg
    assert (tmp_path / "a.svg").stat().st_size * 5 < len(svg)
    (tmp_path / "a.svg").write_bytes(b"\x78garbage")
    assert caching.read_text(tmp_path / "a.svg") is None and caching.read_text(tmp_path / "none") is None
    caching.write_pickle(tmp_path / "a.pickle", {"key": svg})
    assert caching.read_pickle(tmp_path / "a.pickle") == {"key": svg}


def test_items_found_clean_stay_clean_while_people_only_join_and_are_checked_when_one_leaves(repo: Repo):  # noqa: F811
    repo.commit("Ann", data__people_yaml=people(person("ann", "Ann Alder")))
    repo.entry("2026-01-05-coffee", "title: Coffee\ndate: 2026-01-05\npeople: [ann]\n")
    repo.commit("Entry")
    repo.commit("Bob joins", data__people_yaml=people(person("ann", "Ann Alder"), person("bob", "Bob Birch")))
    repo.commit("Ann removed", data__people_yaml=people(person("bob", "Bob Birch")))
    found = gitread.read_history(repo.layout, None)
    assert [s.subject for s in found.snapshots] == ["Ann", "Entry", "Bob joins"]
    assert len(found.skipped) == 1 and "unknown person 'ann'" in found.skipped[0]
