"""What a person sees (issue 26): the example site printed on A4 and Letter clips no text; on a
390 px phone no table runs off the screen; the then-and-now diagram's names are readable in a
1280 px window; every page writes a day one way."""

from __future__ import annotations

import re

import pytest

from .conftest import MAIN_PAGES, new_tab

#: Width of the printed text, in CSS px, inside print.css's margins (12 mm each side; the first
#: sheet's 10 mm): A4 is 210 mm wide, Letter 8.5 in.
PRINTED_WIDTH = {"A4": (210 - 24) / 25.4 * 96, "Letter": 8.5 * 96 - 24 / 25.4 * 96}

#: Text whose box lies outside the layout's width, with where it lies.
TEXT_OUTSIDE = """() => {
  const width = document.documentElement.clientWidth;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const outside = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || !node.parentElement || !node.parentElement.getClientRects().length) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const box of range.getClientRects()) {
      if (box.width > 0 && (box.right > width + 1 || box.left < -1)) {
        outside.push(node.textContent.trim().slice(0, 40) + " @ " + Math.round(box.left) + "-" + Math.round(box.right));
        break;
      }
    }
  }
  return outside;
}"""

#: Tables (and code blocks) whose right edge passes the screen, outside a frame that scrolls.
RUNNING_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const table of document.querySelectorAll('.md-content table, .md-content pre')) {
    const box = table.getBoundingClientRect();
    if (!box.width || box.right <= width + 0.5) continue;
    let framed = false;
    for (let up = table.parentElement; up && up !== document.body; up = up.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX)
          && up.getBoundingClientRect().right <= width + 0.5) { framed = true; break; }
    }
    if (!framed) found.push(table.tagName + ': ' + table.innerText.slice(0, 40));
  }
  return {found, page: document.documentElement.scrollWidth, width};
}"""

PRINTED = ("home", "person", "actions", "analysis", "audit", "plan", "history", "board")


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_printing_clips_no_text_on_a4_or_letter(browser, base_url, artifacts, size):
    with new_tab(browser, base_url) as tab:
        tab.page.set_viewport_size({"width": int(PRINTED_WIDTH[size]), "height": 1100})
        tab.page.emulate_media(media="print")
        clipped = {}
        for name in PRINTED:
            tab.open(MAIN_PAGES[name])
            outside = tab.page.evaluate(TEXT_OUTSIDE)
            if outside:
                clipped[name] = outside[:5]
            if name in ("analysis", "person"):
                tab.screenshot(artifacts, f"print-{size}-{name}")
                assert tab.page.pdf(format=size).startswith(b"%PDF")
        assert clipped == {}


def test_the_scroll_frame_of_a_table_does_not_widen_a_printed_page(tab):
    tab.open("analysis/")
    tab.page.emulate_media(media="print")
    frames = tab.page.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')].map(f => {
        const s = getComputedStyle(f); return [s.marginLeft, s.marginRight, s.overflowX]; })""")
    assert frames and all(frame == ["0px", "0px", "visible"] for frame in frames)


def test_no_table_runs_off_a_390_px_screen(browser, base_url, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="light",
                                  reduced_motion="reduce", is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        off = {}
        for name, path in MAIN_PAGES.items():
            page.goto(base_url + path)
            page.wait_for_load_state("load")
            page.wait_for_timeout(50)  # site.js stacks tables once Material has wrapped them
            found = page.evaluate(RUNNING_OFF)
            if found["found"] or found["page"] > found["width"]:
                off[name] = found
            if name in ("analysis", "plan", "actions"):
                page.screenshot(path=str(artifacts / f"phone-{name}.png"), full_page=True)
        assert off == {}
        # the worksheet's and the plan's tables are stacked, each cell under its column's name
        for path in ("analysis/", "plan/"):
            page.goto(base_url + path)
            page.wait_for_load_state("load")
            page.wait_for_timeout(50)
            assert page.locator("table[data-mn-stacked]").count() > 0, path
            assert page.locator("td[data-mn-label]").count() > 0, path
    finally:
        context.close()


def test_a_stacked_table_is_a_table_again_on_a_wide_screen(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(base_url + "analysis/")
        page.wait_for_load_state("load")
        page.wait_for_timeout(50)
        assert page.locator("table[data-mn-stacked]").count() > 0
        page.set_viewport_size({"width": 1280, "height": 860})
        page.wait_for_timeout(300)  # site.js repairs again after a resize
        assert page.locator("table[data-mn-stacked]").count() == 0
    finally:
        context.close()


def test_the_then_and_now_names_are_readable_at_1280_px(tab, artifacts):
    tab.open("history/")
    diagram = tab.page.locator(".mentornet-diagram--difference")
    diagram.scroll_into_view_if_needed()
    heights = tab.page.evaluate("""() => [...document.querySelectorAll('.mentornet-diagram--difference svg text')]
        .filter(t => t.textContent.trim()).map(t => parseFloat(getComputedStyle(t).fontSize)
          * t.getScreenCTM().a)""")
    tab.screenshot(artifacts, "history-then-and-now", full_page=False)
    assert heights and min(heights) >= 11, sorted(heights)[:5]


def test_every_page_writes_a_day_one_way(tab):
    iso = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
    for name in ("home", "person", "people", "journal", "actions", "history", "audit", "plan"):
        tab.open(MAIN_PAGES[name])
        text = tab.page.evaluate("""() => { const main = document.querySelector('.md-content').cloneNode(true);
            main.querySelectorAll('code, pre, svg, script').forEach(e => e.remove()); return main.innerText; }""")
        assert not iso.findall(text), (name, iso.findall(text)[:3])
