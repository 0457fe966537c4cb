"""Every byte a refused command leaves: what a test needs to show that a canary planted in a
portfolio reached nothing the commands printed or wrote."""

from __future__ import annotations

import gzip
import html
from pathlib import Path

from mentornet.core import caching


def planted(root: Path, canary: str) -> set[Path]:
    """The files under ``root`` that hold ``canary``: the sources a test planted it in (a test
    that plants it nowhere would prove nothing by its absence)."""
    return {path for path in root.rglob("*")
            if path.is_file() and canary.lower() in path.read_text(encoding="utf-8", errors="replace").lower()}


def left_behind(root: Path, sources: set[Path], *logs: str) -> str:
    """The names and text of every file under ``root`` but ``sources`` (a site, a half-built one
    beside it, a cache: sealed caches opened, ``.gz`` decompressed, HTML's entities decoded), and
    ``logs`` (what the commands printed), lowercased."""
    parts = list(logs)
    for path in sorted(root.rglob("*")):
        if path in sources:
            continue
        parts.append(path.relative_to(root).as_posix())
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data.startswith(caching.SEAL):
            data = caching.unsealed(data)
        elif path.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        parts += [text, html.unescape(text)]
    return "\n".join(parts).lower()
