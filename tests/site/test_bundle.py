"""mentornet's stylesheets and scripts (site/bundle.py): a page links one of each, and they hold
every source under assets/, in the order the sources sort."""

from __future__ import annotations

import re

from mentornet.site import bundle


def test_each_bundle_holds_every_source_in_order():
    for uri, pattern in ((bundle.STYLESHEET, "*.css"), (bundle.SCRIPT, "*.js")):
        text = bundle.files()[uri]
        sources = sorted(bundle.SOURCES.glob(pattern))
        assert len(sources) >= 2
        places = [text.index(source.read_text(encoding="utf-8").strip()) for source in sources]
        assert places == sorted(places)


def test_the_scripts_stay_apart_once_joined():
    """Each script is a function called at once; joined, none runs into the next."""
    script = bundle.files()[bundle.SCRIPT]
    for source in sorted(bundle.SOURCES.glob("*.js")):
        body = re.sub(r"/\*.*?\*/", "", source.read_text(encoding="utf-8"), flags=re.S).strip()
        assert body.startswith("(function") and body.endswith(")();")
    assert script.count(")();\n;\n/* mentornet: ") == len(list(bundle.SOURCES.glob("*.js"))) - 1


def test_every_page_links_the_two_bundles_once_and_the_site_serves_them(portfolio):
    portfolio.build("--strict")
    for page in ("", "board", "people/diane-roberts", "journal/2026-01-10-kickoff"):
        html = portfolio.page(page)
        assert len(re.findall(r'href="[^"]*assets/mentornet/[^"]*\.css"', html)) == 1
        assert len(re.findall(r'src="[^"]*assets/mentornet/[^"]*\.js"', html)) == 1
    for uri, text in bundle.files().items():
        assert (portfolio.site / uri).read_text(encoding="utf-8") == text
    assert not [p.name for p in (portfolio.site / "assets/mentornet").iterdir()
                if p.name not in ("mentornet.css", "mentornet.js")]
