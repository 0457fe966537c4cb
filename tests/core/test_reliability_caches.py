"""Caches hold data, not code: a cache file this user did not write on this machine is ignored
and made again, never unpickled, never run as a compiled template."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import zlib
from pathlib import Path

import jinja2.bccache
import pytest

from mentornet.core import caching


class _Planted:
    """Unpickled, it runs a shell command: what an attacker would commit into ``.cache``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=root,
                   check=True, capture_output=True)


def _plant(cache: Path, marker: Path) -> int:
    """Replace every file of the cache with a pickle that would create ``marker``; how many."""
    payload = pickle.dumps(_Planted(marker))
    planted = 0
    for path in sorted(p for p in cache.rglob("*") if p.is_file()):
        if path.parent.name.startswith("templates-"):  # Jinja's compiled template: magic, then a pickle
            path.write_bytes(jinja2.bccache.bc_magic + payload)
        elif planted % 2:
            path.write_bytes(zlib.compress(payload))  # as the caches were written before they were sealed
        else:
            path.write_bytes(payload)
        planted += 1
    return planted


def test_a_pickle_planted_in_every_cache_file_is_never_run_and_the_build_succeeds(example, tmp_path):
    _git(example.root, "init", "-q")
    _git(example.root, "add", "-A")
    _git(example.root, "commit", "-qm", "portfolio")
    env = {"XDG_CACHE_HOME": str(tmp_path / "home-cache")}
    example.build(env=env)
    cache = example.root / ".cache" / "plugin" / "mentornet"
    kinds = {p.relative_to(cache).parts[0].split("-")[0] for p in cache.rglob("*") if p.is_file()}
    assert {"history", "diagrams", "templates", "html", "pages", "analysis"} <= kinds
    marker = tmp_path / "code-was-run"
    assert _plant(cache, marker) > 10
    example.build(env=env)
    assert not marker.exists()
    assert (example.site / "index.html").is_file()
    resealed = [p for p in cache.rglob("*") if p.is_file() and p.read_bytes().startswith(caching.SEAL)]
    assert resealed  # made again, sealed


def test_a_cache_file_sealed_with_another_key_is_not_read(tmp_path, monkeypatch):
    path = tmp_path / "analysis-owner.pickle"
    caching.write_pickle(path, {"kept": True})
    assert caching.read_pickle(path) == {"kept": True}
    monkeypatch.setattr(caching, "key", lambda: b"another user's key, 32 bytes...!")
    assert caching.read_pickle(path) is None


def test_the_key_lives_in_the_users_cache_folder_readable_by_the_user_alone(tmp_path):
    code = "from mentornet.core import caching; caching.key(); print(caching._key_file())"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)})
    key = Path(result.stdout.strip())
    assert key == tmp_path / "mentornet" / "key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32


@pytest.mark.parametrize("data", [b"", b"MNC1", b"MNC1" + b"\0" * 40, zlib.compress(b"text")])
def test_a_damaged_or_unsealed_cache_file_reads_as_a_miss(tmp_path, data):
    path = tmp_path / "charts" / "x.svg"
    path.parent.mkdir()
    path.write_bytes(data)
    assert caching.read_text(path) is None and caching.read_pickle(path) is None
