"""axe-core over the main pages, in the light and the dark scheme: no serious or critical violation.

axe-core is vendored (tests/browser/vendor/README.md says why and how to update it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import MAIN_PAGES

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PAGES = ("home", "board", "map", "person", "analysis", "journal", "history")


def violations(tab, only: tuple[str, ...] = ()) -> list[str]:
    # mentornet's repairs to the theme (assets/site.js) have run
    tab.page.wait_for_function("document.querySelector('.md-search').hasAttribute('aria-label')")
    tab.page.add_script_tag(path=str(AXE))
    result = tab.page.evaluate("""async (only) => {
        const options = {resultTypes: ['violations']};
        if (only.length) options.runOnly = only;
        const r = await axe.run(document, options);
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(0, 2).join(' ')),
            count: v.nodes.length}));
    }""", list(only))
    return [f"{v['impact']}: {v['id']} ({v['help']}), {v['count']} element(s):\n    " + "\n    ".join(v["nodes"])
            for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(tab, name, scheme):
    tab.open(MAIN_PAGES[name])
    if scheme == "dark":  # what the scheme changes: colours
        tab.dark()
    found = violations(tab, ("color-contrast", "link-in-text-block") if scheme == "dark" else ())
    assert found == [], f"{name} ({scheme}):\n" + "\n".join(found)


def test_diagrams_have_text_alternatives_and_not_colour_alone(tab):
    tab.open("map/")
    svgs = tab.page.locator("svg.mentornet-svg")
    assert svgs.count() >= 1
    for svg in svgs.all():
        assert svg.get_attribute("role") == "img"
        assert len(svg.get_attribute("aria-label") or "") > 20
    # inside and outside the organisation: solid and dashed lines, not two colours only
    dashes = tab.page.evaluate("""() => Array.from(document.querySelectorAll(
        '.mentornet-diagram--map g.edge path')).map(p => getComputedStyle(p).strokeDasharray)""")
    assert {"none"} < set(dashes), dashes
