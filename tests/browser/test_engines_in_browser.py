"""The mentor's site built by Zensical from mentornet's staged tree, and by ProperDocs with the
plugin, opened as a mentor would: the map's links lead to people's pages, search finds a
person, the dark scheme works."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_example

from .conftest import new_tab, served

def _built(tmp_path_factory, engine: str) -> Path:
    if importlib.util.find_spec(engine) is None:
        pytest.skip(f"pip install 'mentornet[{engine}]' to test the {engine} site")
    folder = copy_example(tmp_path_factory.mktemp(engine) / "example")
    result = subprocess.run([sys.executable, "-m", "mentornet", "build", "--engine", engine,
                             "--audience", "mentor"], cwd=folder.root, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    return folder.root / "site"


@pytest.fixture(scope="module")
def zensical_url(tmp_path_factory):
    with served(_built(tmp_path_factory, "zensical")) as url:
        yield url


@pytest.fixture(scope="module")
def properdocs_url(tmp_path_factory):
    with served(_built(tmp_path_factory, "properdocs")) as url:
        yield url


@pytest.fixture
def ztab(browser, zensical_url):
    with new_tab(browser, zensical_url) as opened:
        yield opened


def test_the_map_links_lead_to_people_pages(ztab, artifacts: Path):
    ztab.open("map/")
    ztab.screenshot(artifacts, "zensical-map", full_page=False)
    node = ztab.page.locator("svg a[*|href*='people/samuel-osei']").first  # xlink:href
    node.click()
    ztab.page.wait_for_url("**/people/samuel-osei/")
    assert "Samuel Osei" in ztab.page.locator("h1").first.inner_text()
    assert not ztab.errors


def test_search_finds_a_person(ztab):
    ztab.open("")
    ztab.page.wait_for_load_state("networkidle")  # the theme's scripts and the search index
    ztab.page.keyboard.press("Control+k")  # the theme's search shortcut, as its header says
    ztab.page.keyboard.type("Achterberg")
    result = ztab.page.locator("a[href*='people/helen-achterberg']").first
    result.wait_for(state="visible", timeout=20_000)
    assert result.is_visible()


def test_the_dark_scheme_switches_and_the_map_follows(ztab, artifacts: Path):
    ztab.open("map/")
    ztab.dark()
    background = ztab.page.evaluate("getComputedStyle(document.body).backgroundColor")
    ztab.screenshot(artifacts, "zensical-map-dark", full_page=False)
    red, green, blue = (float(x) for x in re.findall(r"[\d.]+", background)[:3])
    assert red + green + blue < 200, background


def test_properdocs_builds_every_shared_person_a_page_reached_from_the_people_index(browser, properdocs_url):
    with new_tab(browser, properdocs_url) as tab:
        tab.open("people/")
        people = tab.page.eval_on_selector_all(
            "article a", "els => [...new Set(els.map(e => e.href).filter(h => /\\/people\\/[^/#]+\\/$/.test(h)))]")
        assert len(people) == 14, people  # everyone the mentor may see, Jonah (private) not
        for url in people:
            tab.page.goto(url)
            assert tab.page.locator("h1").first.inner_text().strip()
        assert not [url for url in people if "jonah" in url]
        assert not tab.errors
