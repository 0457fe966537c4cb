"""The one owner of the caches (core/caching.py): every store keyed by what it is made from and
by its code's version (Graphviz's too), pruned by one rule after every build whatever the
engine, and switched off by ``cache: false``. Real builds, real MkDocs, Zensical and Graphviz."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MKDOCS_YML, PortfolioFolder
from mentornet.core import caching
from mentornet.diagrams.render import ENGINES

CACHE = ".cache/plugin/mentornet"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def drawn(result: subprocess.CompletedProcess) -> int:
    """How many diagrams Graphviz drew in a build (the plugin's summary line)."""
    found = re.search(r"mentornet: (\d+) diagram\(s\) rendered", result.stderr)
    assert found, result.stderr
    return int(found.group(1))


def graphviz_saying(folder: Path, version: str) -> dict[str, str]:
    """A PATH whose Graphviz programs are the installed ones but say another version."""
    folder.mkdir()
    for engine in ENGINES:
        real = shutil.which(engine)
        assert real is not None, "the tests draw with a real Graphviz"
        program = folder / engine
        program.write_text(f'#!/bin/sh\nif [ "$1" = "-V" ]; then echo "{engine} - graphviz version {version} (0)" >&2; '
                           f'exit 0; fi\nexec "{real}" "$@"\n', encoding="utf-8")
        program.chmod(0o755)
    return {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


def test_a_graphviz_upgrade_draws_the_diagrams_again_and_the_next_build_none(portfolio: PortfolioFolder,
                                                                             tmp_path: Path):
    assert drawn(portfolio.build()) > 0
    assert drawn(portfolio.build()) == 0  # warm: everything kept
    upgraded = graphviz_saying(tmp_path / "upgraded", "99.0.0")
    assert drawn(portfolio.build(env=upgraded)) > 0  # what the older Graphviz drew is not shown
    assert drawn(portfolio.build(env=upgraded)) == 0  # and what the new one drew is kept


def test_a_staged_engine_build_prunes_the_caches_by_the_same_rule(portfolio: PortfolioFolder):
    pytest.importorskip("zensical", reason="pip install 'mentornet[zensical]' to test this engine")
    cache = portfolio.root / CACHE
    charts = cache / "charts"
    charts.mkdir(parents=True)
    for number in range(caching.MINIMUM + 20):  # more than a folder keeps
        (charts / f"old-{number}.svg").write_text("<svg/>")
        os.utime(charts / f"old-{number}.svg", (1_000_000, 1_000_000))
    older = cache / "history" / "revisions-0000000000000000.pickle"  # another version's
    older.parent.mkdir(parents=True)
    older.write_bytes(b"old")
    (cache / "templates-0000000000000000").mkdir()
    (cache / "diagrams" / "svg").mkdir(parents=True)  # a folder of an earlier version of mentornet
    result = subprocess.run([sys.executable, "-m", "mentornet", "build", "--engine", "zensical"],
                            cwd=portfolio.root, capture_output=True, text=True, env=ENV)
    assert result.returncode == 0, result.stderr
    assert len(list(charts.iterdir())) == caching.MINIMUM
    assert not older.exists() and not (cache / "templates-0000000000000000").exists()
    assert not (cache / "diagrams" / "svg").exists()
    assert [path.name for path in cache.glob("templates-*")] == [f"templates-{caching.code_version()}"]


def test_cache_false_writes_no_file_not_even_the_key(portfolio: PortfolioFolder, tmp_path: Path):
    portfolio.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"', 'today: "2026-11-22"\n      cache: false'))
    before = {path for path in portfolio.root.rglob("*")}
    user_cache = tmp_path / "user-cache"
    portfolio.build(env={"XDG_CACHE_HOME": str(user_cache)})
    portfolio.build(env={"XDG_CACHE_HOME": str(user_cache)})
    written = {path for path in portfolio.root.rglob("*") if path not in before and portfolio.site not in path.parents}
    assert written == {portfolio.site}
    assert not user_cache.exists()  # nothing to seal: no key made


def test_a_store_keyed_on_code_is_invalidated_when_that_code_changes(tmp_path: Path, monkeypatch):
    """A store names the modules that make it: a change to one of them is a new version of
    the store, whose values no earlier version's key finds; the pruning removes the older file."""
    package = tmp_path / "package"
    shutil.copytree(caching.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(caching, "PACKAGE", package)
    caching.code_version.cache_clear()
    try:
        _a_store_keyed_on_code(package, tmp_path / "cache")
    finally:
        caching.code_version.cache_clear()  # this process's versions are the package's again


def _a_store_keyed_on_code(package: Path, cache: Path) -> None:
    store = caching.STORES["revisions"]
    first, key = store.path(cache), store.digest(["people.yaml", "blob"])
    assert first is not None
    assert caching.remembered(first, key, lambda: "parsed")[1] is False
    assert caching.remembered(first, key, lambda: "parsed again")[0] == "parsed"

    with open(package / "history" / "items.py", "a", encoding="utf-8") as source:  # one of its modules
        source.write("\n# changed\n")
    caching.code_version.cache_clear()
    second = store.path(cache)
    assert second is not None and second != first and second.parent == first.parent
    assert store.digest(["people.yaml", "blob"]) != key
    assert caching.remembered(second, store.digest(["people.yaml", "blob"]), lambda: "parsed anew") == \
        ("parsed anew", False)
    caching.prune_all(cache)
    assert not first.exists() and second.exists()

    (package / "site" / "plugin.py").write_text("# not one of its modules\n", encoding="utf-8")
    caching.code_version.cache_clear()
    assert store.path(cache) == second


def test_every_store_is_named_once_and_lives_under_the_cache_folder(tmp_path: Path):
    places = [store.path(tmp_path, "owner") for store in caching.STORES.values()]
    assert len(set(places)) == len(places)
    assert all(place is not None and tmp_path in place.parents for place in places)
    assert all(store.path(None, "owner") is None for store in caching.STORES.values())  # cache: false


def test_the_docs_show_every_store_of_the_table():
    table = (Path(__file__).resolve().parents[2] / "docs" / "caching.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| `([^`]+)`", table, re.MULTILINE)
    assert [name for name, _ in rows] == list(caching.STORES)
    for name, where in rows:
        assert where == caching.STORES[name].where.replace("{audience}", "<audience>") \
            .replace("{version}", "<version>")


def test_a_kept_file_holds_what_the_last_run_used_or_with_a_partial_run_more(tmp_path: Path):
    """The one file of values by key a store keeps (pages, HTML conversions): read when first
    asked, written at the end of a run only when that changed it, sealed."""
    path = tmp_path / "pages-owner.pickle"
    first = caching.Kept(path)
    assert first.get("a", lambda: "made a") == "made a" and first.find("b") is None
    first.keep("b", "made b")
    first.done()
    second = caching.Kept(path)
    assert second.find("a") == "made a"
    second.done(prune=False)  # a partial run (--dirty): what it did not use stays
    assert caching.Kept(path).find("b") == "made b"
    third = caching.Kept(path)
    assert third.get("a", lambda: "made again") == "made a"
    third.done()  # a full run: only what it used
    assert caching.Kept(path).find("b") is None
    assert caching.unsealed(path.read_bytes())  # sealed with this user's key
