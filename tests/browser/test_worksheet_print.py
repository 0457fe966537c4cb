"""The analysis page's worksheet printed by headless Chromium: one sheet, A4 or Letter, for
the example portfolio and for a network of 300 people; the details start on the next sheet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import VIEWPORT, Tab, built_site, new_tab, served

#: Everything after the worksheet hidden: what is left is the worksheet's own sheet(s).
ONLY_WORKSHEET = ".mentornet-worksheet ~ * { display: none !important; }"


def pages(pdf: bytes) -> int:
    """Pages in a PDF Chromium wrote (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def print_worksheet(tab: Tab, artifacts: Path, name: str) -> dict[str, int]:
    tab.open("analysis/")
    tab.page.emulate_media(media="print")
    breaks = tab.page.evaluate("getComputedStyle(document.querySelector('.mentornet-worksheet')).breakAfter")
    assert breaks == "page"  # the details begin on a sheet of their own
    full = {size: pages(tab.page.pdf(format=size)) for size in ("A4", "Letter")}
    tab.page.add_style_tag(content=ONLY_WORKSHEET)
    tab.page.set_viewport_size({"width": 718, "height": 1000})  # A4's width inside print.css's margins
    tab.screenshot(artifacts, f"worksheet-print-{name}")
    alone = {size: pages(tab.page.pdf(format=size)) for size in ("A4", "Letter")}
    assert all(full[size] > alone[size] for size in full)  # the page goes on after the worksheet
    return alone


def test_the_example_worksheet_prints_on_one_sheet(tab, artifacts):
    assert print_worksheet(tab, artifacts, "example") == {"A4": 1, "Letter": 1}
    assert tab.errors == []


def test_the_example_worksheet_fits_one_screen(tab, artifacts):
    tab.open("analysis/")
    sheet = tab.page.locator(".mentornet-worksheet").bounding_box()
    tab.screenshot(artifacts, "worksheet-screen", full_page=False)
    assert sheet["y"] + sheet["height"] <= VIEWPORT["height"]


@pytest.fixture(scope="module")
def crowded_site(tmp_path_factory) -> Path:
    """300 people, every kind of support in every closeness: the fullest grid there is."""
    closeness = ("close", "moderate", "distant", None)
    people = "".join(
        f"- id: person-{n}\n  name: Prof Alexandra Montgomery-Smith {n}\n"
        + (f"  closeness: {closeness[n % 4]}\n" if closeness[n % 4] else "")
        + "  support: [job, career, personal]\n  roles: [sponsor, coach, connector]\n  influence: high\n"
        for n in range(300))
    return built_site(tmp_path_factory.mktemp("crowded") / "portfolio", people)


def test_a_crowded_worksheet_still_prints_on_one_sheet(browser, crowded_site, artifacts):
    with served(crowded_site) as url, new_tab(browser, url) as tab:
        assert print_worksheet(tab, artifacts, "crowded") == {"A4": 1, "Letter": 1}
        assert "and 71 more" in tab.page.locator(".mentornet-worksheet").inner_text()
