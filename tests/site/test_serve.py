"""Rebuilds of ``mkdocs serve``: one plugin instance across builds, as MkDocs keeps it, real
MkDocs builds and a real Git repository. What a rebuild remembers must never go stale."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from tests.history.test_history import Repo, people, person, repo  # noqa: F401  (the fixture)

SERVE_URL = "http://127.0.0.1:8000/"
TODAY = 'today: "2026-11-22"'


class Serve:
    """What ``mkdocs serve`` does: on_startup once, then a fresh configuration and a build for
    every change (MkDocs keeps the plugin's instance between them)."""

    def __init__(self, root: Path, dirty: bool = False):
        MkDocsConfig.plugins.plugin_cache.clear()  # a new `mkdocs serve` process
        self.root, self.dirty = root, dirty
        self.site = root / "served"
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=dirty)
        build(config, serve_url=SERVE_URL, dirty=dirty)

    def _config(self) -> MkDocsConfig:
        config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = SERVE_URL
        return config

    def rebuild(self) -> None:
        build(self._config(), serve_url=SERVE_URL, dirty=self.dirty)

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def served_repo(repo: Repo) -> Repo:  # noqa: F811
    from tests.conftest import MKDOCS_YML

    repo.write("mkdocs.yml", MKDOCS_YML)
    repo.commit("Start", data__people_yaml=people(person("ann", "Ann Alder", "moderate"),
                                                  person("bob", "Bob Birch")))
    repo.commit("Bob grows closer", data__people_yaml=people(person("ann", "Ann Alder", "moderate"),
                                                             person("bob", "Bob Birch", "close")))
    repo.entry("2026-01-05-coffee", """
        title: Coffee with Ann
        date: 2026-01-05
        people: [ann]
    """, body="We talked about the first draft.\n")
    repo.commit("First entry")
    return repo


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve --dirty"])
def test_a_journal_edit_shows_on_the_next_rebuild(served_repo: Repo, dirty: bool):
    server = Serve(served_repo.root, dirty=dirty)
    assert "the first draft" in server.page("journal/2026-01-05-coffee")
    served_repo.entry("2026-01-05-coffee", """
        title: Lunch with Ann
        date: 2026-01-05
        people: [ann]
    """, body="We talked about the second draft.\n")
    server.rebuild()
    assert "the second draft" in server.page("journal/2026-01-05-coffee")
    assert "Lunch with Ann" in server.page("people/ann")  # generated pages follow the entry
    assert "Coffee with Ann" not in server.page("people/ann")


def test_a_rebuild_after_a_journal_edit_reads_no_revision_again(served_repo: Repo, caplog):
    server = Serve(served_repo.root, dirty=True)
    shutil.rmtree(served_repo.root / ".cache" / "plugin" / "mentornet" / "history")  # only memory is left
    entry = served_repo.root / "content/journal/2026-01-05-coffee.md"  # its front matter: the history's part
    served_repo.write(entry.relative_to(served_repo.root).as_posix(),
                      entry.read_text().replace("people: [ann]", "people: [ann, bob]") + "\nMore.\n", dedent=False)
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.mentornet"):
        server.rebuild()
    read = [r.getMessage() for r in caplog.records if "mentornet: history:" in r.getMessage()]
    assert read == ["mentornet: history: 3 revision(s), 3 from the cache; 0 blob(s) read, 0 parsed"]
    assert "Uncommitted changes" in server.page("history")  # the edit is the working tree's


def test_a_commit_made_while_serving_appears_in_the_history(served_repo: Repo):
    server = Serve(served_repo.root, dirty=True)
    assert "Cam Castillo" not in server.page("history")
    served_repo.commit("Cam joins", data__people_yaml=people(
        person("ann", "Ann Alder", "moderate"), person("bob", "Bob Birch", "close"),
        person("cam", "Cam Castillo", "distant")))
    server.rebuild()
    history = server.page("history")
    assert "Cam joins" in history and "Cam Castillo" in history


def test_uncommitted_changes_come_and_go_between_rebuilds(served_repo: Repo):
    server = Serve(served_repo.root)
    committed = (served_repo.root / "data/people.yaml").read_text()
    served_repo.write("data/people.yaml", people(person("ann", "Ann Alder", "close"),
                                                 person("bob", "Bob Birch", "close")), dedent=False)
    server.rebuild()
    assert "Uncommitted changes" in server.page("history")
    assert "moderate → close" in server.page("people/ann")
    served_repo.write("data/people.yaml", committed, dedent=False)
    server.rebuild()
    assert "Uncommitted changes" not in server.page("history")
    assert "moderate → close" not in server.page("people/ann")


def test_an_edited_page_template_is_used_by_the_next_build_and_rebuild(portfolio):
    portfolio.write("mkdocs.yml", portfolio.root.joinpath("mkdocs.yml").read_text().replace(
        'today: "2026-11-22"', 'today: "2026-11-22"\n      templates: my_templates'), dedent=False)
    portfolio.write("my_templates/board.md", "# {{ page_title }}\n\nMy own board, version one.\n")
    portfolio.build()
    assert "version one" in portfolio.page("board")
    portfolio.write("my_templates/board.md", "# {{ page_title }}\n\nMy own board, version two.\n")
    portfolio.build()  # the compiled templates cached on disk must not go stale
    assert "version two" in portfolio.page("board")

    server = Serve(portfolio.root)
    assert "version two" in server.page("board")
    portfolio.write("my_templates/board.md", "# {{ page_title }}\n\nMy own board, version three.\n")
    server.rebuild()  # nor the environment kept between rebuilds
    assert "version three" in server.page("board")


def test_a_mistake_made_while_serving_is_reported_at_its_line_every_time_until_fixed(served_repo: Repo, caplog):
    server = Serve(served_repo.root, dirty=True)
    entry = served_repo.root / "content/journal/2026-01-05-coffee.md"
    good = entry.read_text()
    entry.write_text(good.replace("people: [ann]", "people: [ann]\nkind: lunchh"))
    for _ in range(2):  # the second time, from what the rebuilds remember
        with caplog.at_level(logging.ERROR):
            server.rebuild()  # the terminal says it, and so does every page (tests/site/test_serve_problems.py)
        assert "content/journal/2026-01-05-coffee.md:5:1: kind: 'lunchh' is not a kind term" in caplog.text
        assert "is not a kind term" in server.page("journal/2026-01-05-coffee")
        caplog.clear()
    entry.write_text(good.replace("the first draft", "the fixed draft"))
    server.rebuild()
    assert "the fixed draft" in server.page("journal/2026-01-05-coffee")


def _every_byte(folder: Path) -> str:
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file())


def test_a_person_made_private_while_serving_dirty_leaves_the_mentor_preview(served_repo: Repo):
    from tests.conftest import MKDOCS_YML

    served_repo.write("mkdocs.yml", MKDOCS_YML.replace(TODAY, TODAY + "\n      audience: mentor"))
    served = Serve(served_repo.root, dirty=True)
    assert "Bob Birch" in served.page("people/bob")
    served_repo.write("data/people.yaml", people(person("ann", "Ann Alder", "moderate"),
                                                 person("bob", "Bob Birch", visibility="private")), dedent=False)
    served.rebuild()
    assert not (served.site / "people" / "bob").exists()
    assert "Bob Birch" not in _every_byte(served.site)


def test_switching_the_audience_while_serving_dirty_leaves_nothing_of_the_owner_site(served_repo: Repo):
    from tests.conftest import MKDOCS_YML

    served_repo.write("data/people.yaml", people(person("ann", "Ann Alder", "moderate"),
                                                 person("zed", "ZQ-SERVE-CANARY", visibility="private")),
                      dedent=False)
    served = Serve(served_repo.root, dirty=True)
    assert "ZQ-SERVE-CANARY" in _every_byte(served.site)
    served_repo.write("mkdocs.yml", MKDOCS_YML.replace(TODAY, TODAY + "\n      audience: mentor"))
    served.rebuild()
    assert "ZQ-SERVE-CANARY" not in _every_byte(served.site)
    assert "Ann Alder" in served.page("people/ann")


def test_a_mistake_made_while_switching_to_a_mentors_preview_names_no_page_of_the_owners(served_repo: Repo):
    from tests.conftest import MKDOCS_YML

    served_repo.write("data/people.yaml", people(person("ann", "Ann Alder", "moderate"),
                                                 person("zq-addr-secret", "Zed", visibility="private")),
                      dedent=False)
    served = Serve(served_repo.root)
    assert (served.site / "people" / "zq-addr-secret" / "index.html").is_file()
    served_repo.write("mkdocs.yml", MKDOCS_YML.replace(TODAY, TODAY + "\n      audience: mentor"))
    served_repo.write("data/people.yaml", people(person("ann", "Ann Alder", "closer"),
                                                 person("zq-addr-secret", "Zed", visibility="private")),
                      dedent=False)
    served.rebuild()
    assert "could not be built" in served.page("")
    assert "zq-addr-secret" not in _every_byte(served.site) and "closer" not in _every_byte(served.site)
