"""The example portfolio under every engine: MkDocs and ProperDocs with the plugin, Zensical
with and without mentornet. Real builds, every byte of every output read."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PortfolioFolder, copy_example
from tests.audience.test_canaries import every_byte

#: Only the owner may read these (a private person, entry, action, plan item, reflection).
PRIVATE = ["Jonah Pereira", "gets to say so out loud", "Mamma went into hospital", "Book a GP appointment",
           "Post a short public note on each month", "bring the uncomfortable topic", "A hard week"]
#: A mentor may read these; the public may not (people without a public visibility).
MENTOR_ONLY = ["Samuel Osei", "Helen Achterberg", "Priya Nair"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def people_pages(site: Path) -> set[str]:
    return {p.parent.name for p in (site / "people").glob("*/index.html")}


def run(folder: PortfolioFolder, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=folder.root, capture_output=True, text=True,
                          env={**ENV, **(env or {})})


def needs(module: str) -> None:
    pytest.importorskip(module, reason=f"pip install 'mentornet[{module}]' to test this engine")


@pytest.fixture(scope="module")
def mentor_sites(tmp_path_factory) -> dict[str, Path]:
    """The example's mentor site from each engine that can build it."""
    sites = {}
    for engine in ("mkdocs", "properdocs", "zensical"):
        if not _importable(engine):
            continue
        root = tmp_path_factory.mktemp(engine) / "example"
        folder = copy_example(root)
        result = run(folder, "mentornet", "build", "--engine", engine, "--audience", "mentor")
        assert result.returncode == 0, result.stdout + result.stderr
        sites[engine] = root / "site"
        sites[engine + ":log"] = result.stdout + result.stderr  # type: ignore[assignment]
    return sites


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def test_every_engine_builds_the_same_people_pages_for_a_mentor(mentor_sites):
    reference = people_pages(mentor_sites["mkdocs"])
    assert "samuel-osei" in reference and "jonah-pereira" not in reference
    for engine in ("properdocs", "zensical"):
        if engine not in mentor_sites:
            pytest.skip(f"{engine} is not installed")
        assert people_pages(mentor_sites[engine]) == reference, engine


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs", "zensical"])
def test_no_engine_publishes_a_private_byte_to_a_mentor(mentor_sites, engine):
    if engine not in mentor_sites:
        pytest.skip(f"{engine} is not installed")
    text = every_byte(mentor_sites[engine], mentor_sites[engine + ":log"])
    assert not [canary for canary in PRIVATE if canary.lower() in text]


def test_zensical_without_mentornet_publishes_nothing_of_the_journal_or_the_people(example):
    """Material's notice says: try Zensical with your mkdocs.yml. It runs no plugin, so it
    reads only the docs folder, which holds nothing but what anyone may read."""
    needs("zensical")
    result = run(example, "zensical", "build")
    assert result.returncode == 0, result.stdout + result.stderr
    text = every_byte(example.root / "site", result.stdout, result.stderr)
    assert not [canary for canary in PRIVATE + MENTOR_ONLY if canary.lower() in text]


def test_zensical_without_mentornet_on_a_new_starter_publishes_nothing_private(tmp_path):
    needs("zensical")
    root = tmp_path / "mine"
    created = subprocess.run([sys.executable, "-m", "mentornet", "new", str(root)], capture_output=True, text=True)
    assert created.returncode == 0, created.stderr
    folder = PortfolioFolder(root)
    folder.entry("2026-02-01-zq", "date: 2026-02-01\nvisibility: private", body="ZQ-STARTER-PRIVATE\n")
    folder.write("content/about.md", "# About\n\n<!-- private -->\nZQ-STARTER-PASSAGE\n<!-- /private -->\n")
    result = run(folder, "zensical", "build")
    assert result.returncode == 0, result.stdout + result.stderr
    text = every_byte(root / "site", result.stdout, result.stderr)
    assert "zq-starter-private" not in text and "zq-starter-passage" not in text


def test_a_private_passage_in_the_docs_folder_stops_every_build(example):
    example.write("public/notes.md", "# Notes\n\n<!-- private -->\nZQ-IN-DOCS\n<!-- /private -->\n")
    built = example.build(check=False)
    assert built.returncode == 1 and "public/notes.md:3:" in built.stderr and "ZQ-IN-DOCS" not in built.stderr
    staged = run(example, "mentornet", "build", "--engine", "zensical") if _importable("zensical") else built
    assert staged.returncode != 0 and "public/notes.md:3:" in staged.stderr


def test_a_build_for_another_audience_than_the_configuration_names_is_refused(example):
    example.write("mkdocs.yml", (example.root / "mkdocs.yml").read_text().replace(
        "audience: !ENV [MENTORNET_AUDIENCE, owner]", "audience: owner"), dedent=False)
    result = run(example, "mentornet", "build", "--audience", "mentor")
    assert result.returncode != 0 and "builds the site for the owner audience" in result.stderr
    assert not (example.root / "site").exists()


def test_zensical_refuses_a_password_protected_configuration(example):
    needs("zensical")
    from tests.conftest import REPO

    shutil.copy(REPO / "mkdocs.mentor.yml", example.root / "mkdocs.mentor.yml")
    result = run(example, "mentornet", "build", "--engine", "zensical", "-f", "mkdocs.mentor.yml",
                 env={"MENTORNET_PASSWORD": "correct horse"})
    assert result.returncode != 0 and "published unprotected" in result.stderr


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org",
                           "-c", "commit.gpgsign=false", *args], cwd=root, check=True, capture_output=True,
                          text=True).stdout


def test_a_protected_build_leaves_no_password_for_git_to_add(tmp_path):
    pytest.importorskip("encryptcontent", reason="pip install 'mentornet[protect]'")
    root = tmp_path / "mine"
    assert subprocess.run([sys.executable, "-m", "mentornet", "new", str(root)], capture_output=True).returncode == 0
    assert (root / "mkdocs.mentor.yml").is_file()
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "start")
    password = "zq-correct-horse-battery"
    result = run(PortfolioFolder(root), "mkdocs", "build", "-f", "mkdocs.mentor.yml",
                 env={"MENTORNET_PASSWORD": password})
    assert result.returncode == 0, result.stderr
    assert (root / "site-mentor" / "index.html").is_file()
    _git(root, "add", "-A")
    staged = _git(root, "diff", "--cached", "--name-only")
    assert staged == "", staged  # the site folder, caches and key caches are all ignored
    everything = "".join(p.read_text(errors="replace") for p in root.rglob("*")
                         if p.is_file() and ".git" not in p.parts and "site-mentor" not in p.parts)
    assert password not in everything


def test_upgrade_moves_an_old_portfolio_and_it_builds_the_same_sites(tmp_path, example):
    old = PortfolioFolder(tmp_path / "old")
    shutil.copytree(example.root, old.root)
    shutil.rmtree(old.root / "public")
    old.write("mkdocs.yml", (old.root / "mkdocs.yml").read_text().replace("docs_dir: public", "docs_dir: content"),
              dedent=False)
    shutil.rmtree(old.root / "public")
    _git(old.root, "init", "-q")
    _git(old.root, "add", "-A")
    _git(old.root, "commit", "-qm", "the old layout")
    checked = run(old, "mentornet", "check")
    assert checked.returncode == 0 and "mentornet upgrade" in checked.stderr

    before = {}
    for audience in ("owner", "mentor", "public"):
        built = old.build("-d", f"before-{audience}", env={"MENTORNET_AUDIENCE": audience})
        assert "mentornet upgrade" in built.stderr
        before[audience] = old.root / f"before-{audience}"
    upgraded = run(old, "mentornet", "upgrade")
    assert upgraded.returncode == 0 and "docs_dir: public" in upgraded.stdout, upgraded.stderr
    again = run(old, "mentornet", "upgrade")
    assert "Nothing to do" in again.stdout
    _git(old.root, "add", "-A")
    _git(old.root, "commit", "-qm", "upgraded")
    for audience, site in before.items():
        built = old.build("--strict", "-d", f"after-{audience}", env={"MENTORNET_AUDIENCE": audience})
        after = old.root / f"after-{audience}"
        assert _pages(after) == _pages(site), audience
        assert _search(after) == _search(site), audience
    history = (old.root / "after-owner" / "history" / "index.html").read_text(encoding="utf-8")
    assert "the old layout" in history  # the commit made before the move is still a snapshot


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def _search(site: Path) -> list[tuple[str, str]]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return sorted((doc["location"], doc["title"]) for doc in index["docs"])


def test_every_engine_serves_the_mentor_a_calendar(mentor_sites):
    for engine in ("mkdocs", "properdocs", "zensical"):
        if engine in mentor_sites:
            feed = mentor_sites[engine] / "calendar.ics"
            assert feed.read_bytes().startswith(b"BEGIN:VCALENDAR"), engine
