"""The short navigation: the home page, the section pages in their order, then the pages of
the owner's own; people and journal entries are built and searchable, reached from their index
pages, never listed one by one."""

from __future__ import annotations

import json
import re

from tests.conftest import MKDOCS_YML, PortfolioFolder


def primary_nav(page: str) -> list[str]:
    """The addresses the site's navigation lists, in order (Material's primary navigation)."""
    nav = page.split("md-nav--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
    return re.findall(r'<a href="([^"]*)" class="md-nav__link', nav)


def test_the_home_page_comes_first_then_the_section_pages_in_their_order_then_the_owners(
        portfolio: PortfolioFolder):
    portfolio.write("content/notes.md", "# Notes\n")
    portfolio.build("--strict")
    listed = primary_nav(portfolio.page(""))
    sections = [url for url in listed if url in ("board/", "map/", "people/", "journal/", "analysis/", "plan/")]
    assert listed[0] == "." and sections == ["board/", "map/", "people/", "journal/", "analysis/", "plan/"]
    assert listed[-1] == "notes/"
    assert not [url for url in listed if url.startswith(("people/", "journal/")) and url.count("/") > 1]


def test_a_person_and_an_entry_out_of_the_navigation_are_built_and_found_by_search(portfolio: PortfolioFolder):
    portfolio.build()
    assert "Diane Roberts" in portfolio.page("people/diane-roberts")
    assert "people/diane-roberts/" not in primary_nav(portfolio.page("people/diane-roberts"))
    index = json.loads((portfolio.site / "search" / "search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    assert {"people/diane-roberts/", "journal/2026-01-10-kickoff/"} <= locations


def test_a_navigation_of_the_owners_own_is_left_as_it_is(portfolio: PortfolioFolder):
    portfolio.write("mkdocs.yml", MKDOCS_YML + "nav:\n  - index.md\n  - people/diane-roberts.md\n", dedent=False)
    portfolio.build()
    assert primary_nav(portfolio.page("")) == [".", "people/diane-roberts/"]


def test_short_navigation_false_lists_every_page_as_mkdocs_does(portfolio: PortfolioFolder):
    portfolio.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"',
                                                     'today: "2026-11-22"\n      short_navigation: false'),
                    dedent=False)
    portfolio.build()
    assert "../sami-wonder/" in primary_nav(portfolio.page("people/diane-roberts"))  # her folder, unfolded
