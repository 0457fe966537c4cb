"""A network of 300 people in headless Chromium: the map no longer fits the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentornet.core.vocabulary import SOCIAL_SYSTEMS

from .conftest import VIEWPORT, Tab, built_site, served

CLOSENESS = ("close", "moderate", "distant")
SYSTEMS = SOCIAL_SYSTEMS.ids


@pytest.fixture(scope="module")
def large_site(tmp_path_factory) -> Path:
    people = "".join(
        f"- id: person-{n}\n  name: Person Number {n}\n  closeness: {CLOSENESS[n % 3]}\n"
        f"  inside: {'true' if n % 2 else 'false'}\n  support: [career]\n  social_system: {SYSTEMS[n % len(SYSTEMS)]}\n"
        + (f"  knows: [person-{n - 1}]\n" if n % 5 else "")
        for n in range(300))
    return built_site(tmp_path_factory.mktemp("large") / "portfolio", people)


def test_a_large_map_opens_centred_on_you_and_the_keyboard_can_scroll_it(browser, large_site, artifacts):
    with served(large_site) as url:
        context = browser.new_context(viewport=VIEWPORT, color_scheme="light", reduced_motion="reduce")
        tab = Tab(context.new_page(), url)
        tab.open("map/")
        frame = tab.page.locator(".mentornet-diagram--map.mentornet-diagram--wide")
        assert frame.count() == 1
        frame.scroll_into_view_if_needed()
        state = frame.evaluate("f => ({left: f.scrollLeft, room: f.scrollWidth - f.clientWidth, "
                               "tabindex: f.getAttribute('tabindex'), label: f.getAttribute('aria-label')})")
        assert state["room"] > 0 and abs(state["left"] - state["room"] / 2) <= 2
        assert state["tabindex"] == "0" and "scroll" in state["label"]
        you = tab.page.locator(".mentornet-diagram--map .mn-you").first.bounding_box()
        box = frame.bounding_box()
        assert box["x"] <= you["x"] and you["x"] + you["width"] <= box["x"] + box["width"]  # in view
        frame.focus()
        tab.page.keyboard.press("ArrowRight")  # the browser may scroll smoothly: wait for it
        tab.page.wait_for_function(f"document.querySelector('.mentornet-diagram--map').scrollLeft > {state['left']}")
        tab.screenshot(artifacts, "large-map", full_page=False)
        assert tab.errors == []
        context.close()
