"""A mentor's preview served live (`mkdocs serve`, over HTTP on loopback) holds nothing the
mentor may not see: every page the site links, and its search index, fetched and read."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import MKDOCS_YML

CANARIES = ("zqunmarkedlive", "zqcommentlive", "zqpassagelive", "zqprivatelive")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
        return response.read().decode("utf-8", errors="replace")


@pytest.mark.parametrize("dirty", [False, True], ids=["clean", "dirty"])
def test_a_live_mentor_preview_serves_no_canary(portfolio, dirty):
    portfolio.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"',
                                                     'today: "2026-11-22"\n      audience: mentor'))
    portfolio.write("data/sharing.yaml", "unmarked: private\npages: public\n")
    portfolio.write("data/people.yaml", (portfolio.root / "data/people.yaml").read_text().replace(
        "- id: diane-roberts", "- id: zqunmarkedlive\n  name: Zqunmarkedlive Person\n- id: diane-roberts", 1)
        .replace("  closeness: close\n", "  closeness: close\n  visibility: mentor\n", 1), dedent=False)
    portfolio.write("content/journal/2026-03-01-live.md",
                    "---\ndate: 2026-03-01\npeople: [diane-roberts]\nvisibility: mentor\n---\n\n"
                    "Shared. <!-- zqcommentlive -->\n\n<!-- private -->\nzqpassagelive\n<!-- /private -->\n",
                    dedent=False)
    portfolio.write("content/journal/2026-03-02-hidden.md",
                    "---\ndate: 2026-03-02\npeople: [diane-roberts]\nvisibility: private\n---\n\nzqprivatelive\n",
                    dedent=False)
    port = _free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--no-livereload"]
    server = subprocess.Popen(command + (["--dirty"] if dirty else []), cwd=portfolio.root,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):  # a bounded wait for the first build
            try:
                home = _get(base)
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            pytest.fail("the preview never answered")
        assert server.poll() is None, server.stdout.read() if server.stdout else ""
        fetched = [home, _get(base + "search/search_index.json")]
        links = set(re.findall(r'href="(?!https?:|#|mailto:)([^"]+)"', home + _get(base + "journal/")
                               + _get(base + "people/")))
        for link in sorted(links)[:60]:
            url = urllib.parse.urljoin(base, link)
            try:
                fetched.append(_get(url))
            except urllib.error.HTTPError:
                continue
        assert "Shared." in _get(base + "journal/2026-03-01-live/")  # the shared entry is served
        text = "\n".join(fetched).lower()
        assert not [canary for canary in CANARIES if canary in text]
    finally:
        server.terminate()
        try:
            output = server.communicate(timeout=20)[0] or ""
        except subprocess.TimeoutExpired:
            server.kill()
            output = server.communicate()[0] or ""
    assert not [canary for canary in CANARIES if canary in output.lower()]
