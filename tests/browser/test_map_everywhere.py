"""The map where people read it: a laptop, a phone, a password-protected site (headless Chromium).

Text sizes are measured as the reader sees them: each SVG text's font size times the scale
the page draws it at (``getScreenCTM``), in CSS px.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MKDOCS_YML, PROFILE, REPO
from tests.diagrams.diagram_fixtures import fifteen_yaml

from .conftest import VIEWPORT, Tab, served

#: The smallest text a reader should meet in a diagram, in CSS px (issue 16).
READABLE = 11.0
PHONE = {"width": 390, "height": 844}

TEXT_SIZES = """(selector) => {
  const found = [];
  document.querySelectorAll(selector + ' svg.mentornet-svg text').forEach((text) => {
    if (!text.textContent.trim()) return;
    const m = text.getScreenCTM();
    found.push({text: text.textContent.trim(),
                px: parseFloat(text.getAttribute('font-size')) * Math.hypot(m.a, m.b)});
  });
  return found;
}"""

PALETTE = """theme:
  name: material
  palette:
    - scheme: default
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - scheme: slate
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
"""


@pytest.fixture(scope="module")
def fifteen_site(tmp_path_factory) -> Path:
    """A network of fifteen people with long names, built with MkDocs."""
    root = tmp_path_factory.mktemp("fifteen") / "portfolio"
    (root / "data").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "public").mkdir()  # the docs_dir of MKDOCS_YML: public files only
    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("theme:\n  name: material\n", PALETTE), encoding="utf-8")
    (root / "data/profile.yaml").write_text(PROFILE.replace("name: Ada Example", "name: Dr Maya Lindqvist"),
                                            encoding="utf-8")
    (root / "data/people.yaml").write_text(fifteen_yaml(), encoding="utf-8")
    (root / "content/index.md").write_text("# Home\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True,
                            text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    return root / "site"


def _tab(browser, url: str, viewport=VIEWPORT, scheme: str = "light", phone: bool = False):
    context = browser.new_context(viewport=viewport, color_scheme=scheme, reduced_motion="reduce",
                                  has_touch=phone, is_mobile=phone)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, Tab(page, url)


def smallest(tab: Tab, selector: str = ".mentornet-diagram--map") -> dict:
    sizes = tab.page.evaluate(TEXT_SIZES, selector)
    assert sizes, f"no text in {selector}"
    return min(sizes, key=lambda t: t["px"])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_at_1280_px_every_text_of_a_fifteen_person_map_is_at_least_11_css_px(browser, fifteen_site, artifacts,
                                                                             scheme):
    with served(fifteen_site) as url:
        context, tab = _tab(browser, url)
        tab.open("map/")
        if scheme == "dark":
            tab.dark()
        assert tab.page.locator(".mentornet-diagram--map g.mn-person").count() == 15
        small = smallest(tab)
        assert small["px"] >= READABLE, small
        tab.page.locator(".mentornet-diagram--map").first.scroll_into_view_if_needed()
        tab.screenshot(artifacts, f"map-1280-{scheme}", full_page=False)
        assert tab.errors == []
        context.close()


def test_at_1280_px_a_person_diagram_with_many_people_is_readable_too(tab, artifacts):
    tab.open("people/helen-achterberg/")  # nine people she knows in Maya's network
    assert tab.page.locator(".mentornet-diagram--person g.mn-person").count() >= 9
    small = smallest(tab, ".mentornet-diagram--person")
    assert small["px"] >= READABLE, small
    tab.page.locator(".mentornet-diagram--person").first.screenshot(path=str(artifacts / "person-1280.png"))
    assert tab.errors == []


PINCH = """([frame, spread]) => {
  const box = frame.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + Math.min(box.height, innerHeight - box.top) / 2;
  const send = (type, id, dx) => frame.dispatchEvent(new PointerEvent(type, {
    pointerId: id, pointerType: 'touch', isPrimary: id === 1, bubbles: true, cancelable: true,
    clientX: x + dx, clientY: y}));
  send('pointerdown', 1, -20); send('pointerdown', 2, 20);
  for (let step = 1; step <= 5; step++) { send('pointermove', 1, -20 - step * spread); send('pointermove', 2, 20 + step * spread); }
  send('pointerup', 1, -20 - 5 * spread); send('pointerup', 2, 20 + 5 * spread);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_390_px_phone_the_map_zooms_until_readable_and_pans(browser, base_url, artifacts, scheme):
    context, tab = _tab(browser, base_url, PHONE, scheme, phone=True)
    tab.open("map/")
    if scheme == "dark":
        tab.dark()
    page = tab.page
    frame = page.locator(".mentornet-diagram--map").first
    bar = page.locator(".mn-zoom-bar").first
    bar.scroll_into_view_if_needed()
    assert smallest(tab)["px"] < READABLE  # fitted to a phone, the whole map is too small to read…
    assert "Zoom in" in bar.inner_text()   # …and the page says what to do
    tab.screenshot(artifacts, f"map-390-{scheme}-fitted", full_page=False)
    # the buttons: a few presses make every text readable, and the map then pans in its frame
    for _ in range(4):
        if smallest(tab)["px"] >= READABLE:
            break
        bar.get_by_role("button", name="Zoom in").click()
    assert smallest(tab)["px"] >= READABLE
    room = frame.evaluate("f => ({w: f.scrollWidth - f.clientWidth, h: f.scrollHeight - f.clientHeight})")
    assert room["w"] > 0 and room["h"] > 0
    before = frame.evaluate("f => f.scrollLeft")
    frame.evaluate("f => { f.scrollLeft += 120; }")
    assert frame.evaluate("f => f.scrollLeft") != before
    tab.screenshot(artifacts, f"map-390-{scheme}-zoomed", full_page=False)
    # the keyboard: 0 fits it again, + zooms in
    width = "f => f.querySelector('svg').getBoundingClientRect().width"
    frame.focus()
    page.keyboard.press("0")
    assert abs(frame.evaluate(width) - frame.evaluate("f => f.clientWidth")) <= 2
    page.keyboard.press("+")
    assert frame.evaluate(width) > frame.evaluate("f => f.clientWidth") * 1.4
    page.keyboard.press("0")
    # two fingers moving apart zoom in
    fitted = frame.evaluate(width)
    page.evaluate(PINCH, [frame.element_handle(), 30])
    assert frame.evaluate(width) > fitted * 1.5
    # a person is still a link to their page
    frame.locator("a", has_text="Samuel Osei").first.click()
    page.wait_for_url("**/people/samuel-osei/")
    assert tab.errors == []
    context.close()


RANGE_BOXES = """() => [...document.querySelectorAll('.mentornet-diagram--range g.cluster')].map((cluster) => {
  const box = cluster.querySelector('path, polygon').getBBox();
  return [...cluster.querySelectorAll('text')].map((text) => {
    const t = text.getBBox();
    return {text: text.textContent, left: t.x - box.x, right: box.x + box.width - t.x - t.width};
  });
}).flat()"""


def test_the_range_diagrams_titles_stay_inside_their_boxes(tab, artifacts):
    tab.open("map/")
    texts = tab.page.evaluate(RANGE_BOXES)
    assert any("to other systems" in t["text"] for t in texts)
    assert [t for t in texts if t["left"] < 2 or t["right"] < 2] == []
    tab.page.locator(".mentornet-diagram--range").first.screenshot(path=str(artifacts / "range.png"))


LEGEND = """() => {
  const legend = document.getElementById('legend_1').getBBox();
  const axes = document.getElementById('patch_2').getBBox();
  return {legend_bottom: legend.y + legend.height, axes_top: axes.y};
}"""


@pytest.mark.parametrize("chart", ["support", "network", "shape"])
def test_the_history_charts_legends_sit_above_their_lines(tab, artifacts, chart):
    tab.open(f"history/{chart}.svg")
    found = tab.page.evaluate(LEGEND)
    assert found["legend_bottom"] <= found["axes_top"] + 1, found
    tab.screenshot(artifacts, f"chart-{chart}", full_page=False)


@pytest.fixture(scope="module")
def protected_site(site_dir: Path) -> Path:
    pytest.importorskip("encryptcontent", reason="pip install 'mentornet[protect]'")
    root = site_dir.parent
    shutil.copy(REPO / "mkdocs.mentor.yml", root / "mkdocs.mentor.yml")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.mentor.yml"], cwd=root,
                            capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "MENTORNET_PASSWORD": "a long passphrase"})
    assert result.returncode == 0, result.stderr
    return root / "site-mentor"


def test_a_protected_site_shows_its_diagrams_once_unlocked(browser, protected_site, artifacts):
    with served(protected_site) as url:
        context, tab = _tab(browser, url)
        tab.open("map/")
        page = tab.page
        assert page.locator("svg.mentornet-svg").count() == 0  # nothing readable before the password
        password = page.locator("input[type=password]").first
        password.fill("a long passphrase")
        password.press("Enter")
        page.locator(".mentornet-diagram--map svg.mentornet-svg").wait_for()
        assert page.locator("svg.mentornet-svg").count() == 3  # the map, the roles, the range
        assert page.locator(".mn-zoom-bar").count() >= 1
        href = page.locator(".mentornet-diagram--map a", has_text="Samuel Osei").first.evaluate(
            "a => a.getAttribute('href') || a.getAttribute('xlink:href')")
        assert href.endswith("people/samuel-osei/")
        assert "Maya's network map" in page.locator("h1").inner_text()  # a mentor's site speaks of Maya
        tab.screenshot(artifacts, "protected-map-unlocked", full_page=False)
        assert [e for e in tab.errors if "autocomplete" not in e] == []
        context.close()
