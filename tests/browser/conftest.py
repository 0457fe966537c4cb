"""The example site in a real browser: Debian's headless Chromium, driven by Playwright.

Once per session: ``mentornet new --demo`` (the example portfolio with fourteen months of Git
history, so the history page has something to show), ``mkdocs build --strict``, a local HTTP
server on 127.0.0.1 (a random port) and one browser. Each test gets a fresh page whose
console errors are collected; requests that leave the machine (Material's Google Fonts) are
answered with an empty response, so the tests need no network and a font never fails a test.

Screenshots go to ``test-artifacts/browser/`` (ignored by Git; CI can keep it as an artefact).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from tests.conftest import MKDOCS_YML, PROFILE

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "browser"
CHROMIUM = os.environ.get("MENTORNET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 860}

#: The main pages: what a person opens first, and what the axe and console checks cover.
MAIN_PAGES = {
    "home": "",
    "board": "board/",
    "map": "map/",
    "people": "people/",
    "person": "people/samuel-osei/",
    "journal": "journal/",
    "entry": "journal/2026-10-28-samuel-fellowship-draft/",
    "actions": "journal/actions/",
    "analysis": "analysis/",
    "audit": "audit/",
    "plan": "plan/",
    "reflections": "reflections/",
    "history": "history/",
}


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the browser tests need Playwright's Python package: pip install -e '.[test]'")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"the browser tests need Chromium at {CHROMIUM}: apt-get install chromium "
                    "(or set MENTORNET_CHROMIUM to its path)")
    return sync_playwright


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The demo portfolio, built once."""
    root = tmp_path_factory.mktemp("browser") / "demo"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mentornet", "new", "--demo", str(root)], check=True,
                   capture_output=True, text=True, env=env)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def built_site(root: Path, people_yaml: str) -> Path:
    """A starter portfolio of these people (``mkdocs.yml`` and profile from the suite's
    conftest, a home page), built with ``mkdocs build --strict``: its site folder."""
    (root / "data").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "public").mkdir()  # the engine's docs folder (MKDOCS_YML's docs_dir)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "data/profile.yaml").write_text(PROFILE, encoding="utf-8")
    (root / "data/people.yaml").write_text(people_yaml, encoding="utf-8")
    (root / "content/index.md").write_text("# Home\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True,
                            text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    return root / "site"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest's output clean
        pass


@contextmanager
def served(directory: Path) -> Iterator[str]:
    """A built site on a local HTTP server (a random port): its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    with served(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    sync_playwright = _playwright()
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as error:  # noqa: BLE001 - a browser that cannot start is a skip, with the reason
            pytest.skip(f"Chromium at {CHROMIUM} did not start: {error}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # only this run's pictures
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


class Tab:
    """A browser page on the served site, with the console errors it logged."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        page.on("console", lambda message: self.errors.append(f"console: {message.text}")
                if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        page.route("**/*", self._offline)

    def _offline(self, route) -> None:
        if route.request.url.startswith(self.base_url):
            route.continue_()
        else:  # fonts from Google: an empty answer, so nothing leaves the machine
            route.fulfill(status=200, body="", content_type="text/css"
                          if route.request.resource_type == "stylesheet" else "application/octet-stream")

    def open(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("load")

    def dark(self) -> None:
        """Switch to the dark scheme with Material's palette toggle (kept for later pages)."""
        if self.page.get_attribute("body", "data-md-color-scheme") != "slate":
            self.page.locator("label[for^='__palette_']:visible").first.click()
        self.page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")

    def screenshot(self, folder: Path, name: str, full_page: bool = True) -> Path:
        path = folder / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


@contextmanager
def new_tab(browser, base_url: str) -> Iterator[Tab]:
    """A fresh page on ``base_url``, light scheme, reduced motion, the default viewport."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light", reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield Tab(page, base_url)
    finally:
        context.close()


@pytest.fixture
def tab(browser, base_url):
    with new_tab(browser, base_url) as opened:
        yield opened

