"""The example site as a person sees it, in headless Chromium."""

from __future__ import annotations

import re
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest

from .conftest import MAIN_PAGES

#: Pages with diagrams, checked in the dark scheme.
DIAGRAM_PAGES = ("map", "person", "analysis", "history")


@pytest.mark.parametrize("name", list(MAIN_PAGES))
def test_main_pages_load_without_console_errors(tab, artifacts, name):
    tab.open(MAIN_PAGES[name])
    assert tab.page.locator("h1").count() == 1
    tab.screenshot(artifacts, f"light-{name}")
    assert tab.errors == []


class _Links(HTMLParser):
    """The links of a page: those in the navigation and those in the page's text."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside <nav> or <article>
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("nav", "article"):
            self.depth += 1
        elif tag == "a" and self.depth:
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("nav", "article") and self.depth:
            self.depth -= 1


def test_every_generated_page_is_reachable_from_the_navigation(tab, base_url, site_dir):
    # the navigation a person sees on the home page
    tab.open("")
    nav = tab.page.locator("nav.md-nav--primary > ul > li > a, nav.md-nav--primary > ul > li > label")
    labels = [text.strip() for text in nav.all_inner_texts()]
    for section in ("Board", "Map", "People", "Journal", "Analysis", "Audit", "Plan", "Reflections", "History"):
        assert section in labels, labels
    # from there, through the navigation and the index pages' links
    seen, queue = set(), [base_url]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        with urllib.request.urlopen(url) as response:
            if "html" not in response.headers.get("content-type", ""):
                continue
            parser = _Links()
            parser.feed(response.read().decode("utf-8"))
        for href in parser.links:
            target = urljoin(url, href).split("#", 1)[0]
            if target.startswith(base_url) and target.endswith("/") and target not in seen:
                queue.append(target)
    reached = {urlparse(url).path.strip("/") for url in seen}
    pages = {path.parent.relative_to(site_dir).as_posix().replace(".", "")
             for path in site_dir.rglob("index.html")}
    pages = {page.strip("/") for page in pages}
    assert pages - reached == set()


def test_clicking_a_person_in_the_map_opens_their_page(tab):
    tab.open("map/")
    person = tab.page.locator(".mentornet-diagram--map svg a", has_text="Samuel Osei").first
    person.click()
    tab.page.wait_for_url(re.compile(r"/people/samuel-osei/$"))
    assert "Samuel Osei" in tab.page.locator("h1").inner_text()
    assert tab.errors == []


def test_search_finds_a_person_by_name(tab):
    tab.open("")
    search = tab.page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Osei")
    result = tab.page.locator(".md-search-result__item", has_text="Samuel Osei").first
    result.wait_for(state="visible")
    result.locator("a").first.click()
    tab.page.wait_for_url(re.compile(r"/people/samuel-osei/"))
    assert tab.errors == []


#: The contrast of every text in a diagram against what is painted under it (WCAG's formula).
CONTRAST_JS = """
() => {
  const parse = (c) => {
    const m = c && c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [r, g, b, a === undefined ? 1 : a];
  };
  const over = (top, under) => top[3] >= 1 ? top : [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const page = parse(getComputedStyle(document.body).backgroundColor);
  const found = [];
  document.querySelectorAll('svg.mentornet-svg').forEach((svg, n) => {
    svg.querySelectorAll('text').forEach((text) => {
      if (!text.textContent.trim()) return;
      text.scrollIntoView({block: 'center'});  // hit-testing sees only the viewport
      const box = text.getBoundingClientRect();
      if (!box.width) return;
      const fill = parse(getComputedStyle(text).fill);
      if (!fill) return;
      let back = page;
      const hits = document.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2);
      for (const el of hits) {
        if (!svg.contains(el)) break;
        if (!['path', 'polygon', 'ellipse', 'circle', 'rect'].includes(el.tagName)) continue;
        const style = getComputedStyle(el);
        const f = parse(style.fill);
        if (f && f[3] > 0 && style.fill !== 'none' && parseFloat(style.fillOpacity || '1') > 0) { back = over(f, page); break; }
      }
      found.push({diagram: svg.closest('.mentornet-diagram').dataset.diagram, text: text.textContent.trim(),
                  ratio: Math.round(ratio(over(fill, back), back) * 100) / 100});
    });
  });
  return found;
}
"""

#: Diagram text is small but not body text: WCAG's 4.5:1 for normal text.
MIN_CONTRAST = 4.5


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_diagram_stays_readable_in_both_schemes(tab, artifacts, scheme):
    poor = []
    for name in DIAGRAM_PAGES:
        tab.open(MAIN_PAGES[name])
        if scheme == "dark":
            tab.dark()
        texts = tab.page.evaluate(CONTRAST_JS)
        assert texts, f"no diagram text on {name}"
        poor += [f"{name}: {t['diagram']}: '{t['text']}' {t['ratio']}:1" for t in texts
                 if t["ratio"] < MIN_CONTRAST]
        tab.screenshot(artifacts, f"{scheme}-{name}")
    assert poor == [], "\n".join(poor)
    assert tab.errors == []


README_SHOTS = {"board": "board/", "map": "map/", "history": "history/", "home": ""}


def test_readme_screenshots(tab, artifacts):
    """The README's pictures, one screen each. ``scripts/readme-screenshots`` (which sets
    MENTORNET_README_SCREENSHOTS=1) writes them into docs-assets/; otherwise they are artefacts."""
    import os
    import shutil

    from .conftest import REPO

    folder = artifacts / "readme"
    folder.mkdir(exist_ok=True)
    for name, path in README_SHOTS.items():
        tab.open(path)
        if name == "map":  # the diagram itself, not the paragraph above it
            tab.page.locator(".mentornet-diagram--map").first.scroll_into_view_if_needed()
            tab.page.evaluate("window.scrollBy(0, -90)")
        shot = tab.screenshot(folder, name, full_page=False)
        if os.environ.get("MENTORNET_README_SCREENSHOTS") == "1" and name != "home":
            shutil.copy(shot, REPO / "docs-assets" / shot.name)
    assert tab.errors == []
