"""Each page converted once for what it is made from, through MkDocs' own public means: the
plugin gives each file its page (``File.page``) and changes nothing of MkDocs' classes."""

from __future__ import annotations

import re

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

from tests.conftest import PortfolioFolder


def title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page).group(1)


def test_a_build_leaves_mkdocs_page_class_as_it_is(portfolio: PortfolioFolder, monkeypatch):
    from mentornet.site.conversion import ConvertedPage

    monkeypatch.chdir(portfolio.root)
    render, init = Page.render, Page.__init__
    config = load_config(str(portfolio.root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
        pages = [file.page for file in config.plugins["mentornet"].files.documentation_pages()]
    finally:
        config.plugins.on_shutdown()
    assert Page.render is render and Page.__init__ is init
    assert pages and all(isinstance(page, ConvertedPage) and "render" not in vars(page) for page in pages)


def test_a_kept_conversion_gives_the_title_its_heading_gave_and_the_front_matter_still_comes_first(
        portfolio: PortfolioFolder):
    portfolio.write("content/notes.md", "# Notes of mine\n\nText.\n")
    portfolio.write("content/memo.md", "---\ntitle: Given in front\n---\n\n# The memo's heading\n")
    titles = []
    for _ in range(2):  # converted, then kept
        portfolio.build()
        titles.append((title(portfolio.page("notes")), title(portfolio.page("memo"))))
    assert titles[0] == titles[1]
    assert titles[0][0].startswith("Notes of mine") and titles[0][1].startswith("Given in front")
