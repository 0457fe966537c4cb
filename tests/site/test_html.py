"""Pages converted to HTML once: kept by exactly what they are made from, identical to a conversion."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from tests.conftest import MKDOCS_YML, PortfolioFolder
from tests.site.test_serve import Serve

NO_CACHE = MKDOCS_YML.replace('today: "2026-11-22"', 'today: "2026-11-22"\n      cache: false')


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site but the compressed sitemap (gzip stamps the time)."""
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file() and not path.name.endswith(".gz")}


def conversions(result) -> tuple[int, int]:
    """(converted, kept) from a build's log (``-v``)."""
    for line in result.stderr.splitlines():
        if "mentornet: pages:" in line:
            words = line.split("mentornet: pages: ", 1)[1].split()
            return int(words[0]), int(words[4])
    raise AssertionError(result.stderr[-2000:])


def test_a_site_converted_cold_or_kept_is_byte_identical_to_mkdocs_own_conversion(example: PortfolioFolder):
    cold = example.build("-v")  # one Markdown instance for every page (see the module's docstring)
    converted, kept = conversions(cold)
    assert converted > 20 and kept == 0
    converted_cold = site_files(example.site)
    warm = example.build("-v")
    converted, kept = conversions(warm)
    assert kept > 20 and converted < kept  # only pages whose conversion logged a message again
    from_cache = site_files(example.site)
    assert "search/search_index.json" in from_cache
    example.write("mkdocs.yml", (example.root / "mkdocs.yml").read_text().replace(
        "  - mentornet:\n", "  - mentornet:\n      cache: false\n"), dedent=False)
    example.build()
    afresh = site_files(example.site)
    assert sorted(from_cache) == sorted(afresh) == sorted(converted_cold)
    assert [uri for uri in afresh if afresh[uri] != from_cache[uri]] == []
    assert [uri for uri in afresh if afresh[uri] != converted_cold[uri]] == []


#: A Markdown extension of the user's own that remembers the documents it saw (as one that
#: keeps state between documents without a ``reset`` would).
COUNTING = """\
import xml.etree.ElementTree as etree
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class Counting(Treeprocessor):
    seen = 0

    def run(self, root):
        self.seen += 1
        etree.SubElement(root, "p").text = f"document {self.seen} of this instance"


class CountingExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(Counting(md), "counting", 1)


def makeExtension(**kwargs):
    return CountingExtension(**kwargs)
"""


def test_with_an_extension_that_may_keep_state_every_page_is_converted_by_its_own_instance(
        portfolio: PortfolioFolder):
    portfolio.write("counting.py", COUNTING, dedent=False)  # importable: mkdocs runs in the folder
    portfolio.write("mkdocs.yml", MKDOCS_YML + "  - counting\n", dedent=False)
    for name in ("a", "b", "c"):
        portfolio.write(f"content/{name}.md", f"# Page {name}\n")
    portfolio.build()
    for url in ("a", "b", "c", "people/diane-roberts", "journal/2026-01-10-kickoff"):
        assert "document 1 of this instance" in portfolio.page(url), url


def test_a_conversion_depends_on_where_the_page_is(portfolio: PortfolioFolder):
    for folder in ("a", "b"):  # the same Markdown, whose link resolves differently from each folder
        portfolio.write(f"content/{folder}/page.md", "# Page\n\nSee [x](../a/x.md).\n")
    portfolio.write("content/a/x.md", "# X\n")
    portfolio.build()
    portfolio.build()
    assert '<a href="../x/">x</a>' in portfolio.page("a/page")
    assert '<a href="../../a/x/">x</a>' in portfolio.page("b/page")


def test_a_conversion_depends_on_the_files_of_the_site(portfolio: PortfolioFolder):
    portfolio.write("content/notes.md", "# Notes\n\nSee [the memo](memo.md).\n")
    portfolio.write("content/memo.md", "# Memo\n")
    portfolio.build()
    assert 'href="../memo/"' in portfolio.page("notes")
    (portfolio.root / "content" / "memo.md").unlink()
    portfolio.build()  # the link now leads nowhere: left as it is written, as a conversion leaves it
    assert 'href="../memo/"' not in portfolio.page("notes") and 'href="memo.md"' in portfolio.page("notes")


def test_a_conversion_depends_on_the_markdown_extensions_configuration(portfolio: PortfolioFolder):
    portfolio.write("content/notes.md", "# Notes\n\n## Later\n\nText.\n")
    portfolio.build()
    assert "headerlink" not in portfolio.page("notes")
    portfolio.write("mkdocs.yml", MKDOCS_YML + "  - toc:\n      permalink: true\n", dedent=False)
    portfolio.build()
    assert "headerlink" in portfolio.page("notes")


def test_a_page_whose_conversion_logs_a_message_says_it_on_every_build(portfolio: PortfolioFolder):
    portfolio.write("content/notes.md", "# Notes\n\nSee [nowhere](nowhere.md).\n")
    for _ in range(2):
        assert "'nowhere.md'" in portfolio.build().stderr


def test_cache_false_keeps_no_conversion(portfolio: PortfolioFolder):
    portfolio.write("mkdocs.yml", NO_CACHE)
    portfolio.build()
    assert not (portfolio.root / ".cache").exists()


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve --dirty"])
def test_a_journal_edit_while_serving_converts_only_the_pages_it_changed(portfolio: PortfolioFolder, caplog,
                                                                          dirty: bool):
    for number in range(1, 8):
        portfolio.entry(f"2026-02-0{number}-call", f"title: Call {number}\ndate: 2026-02-0{number}\n"
                        "people: [sami-wonder]\n", body=f"Call number {number}.\n")
    server = Serve(portfolio.root, dirty=dirty)
    entry = portfolio.root / "content/journal/2026-02-03-call.md"
    entry.write_text(entry.read_text() + "\nEDITED-TEXT\n", encoding="utf-8")
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.mentornet"):
        server.rebuild()
    said = [r.getMessage() for r in caplog.records if "mentornet: pages:" in r.getMessage()]
    converted = int(said[-1].split("pages: ")[1].split()[0])
    assert "EDITED-TEXT" in server.page("journal/2026-02-03-call")
    assert 1 <= converted <= 3  # the entry, and the pages that show its text (none here, or an index)


def test_links_to_other_pages_anchors_are_checked_on_a_page_kept_from_a_verbose_build(portfolio: PortfolioFolder):
    portfolio.write("mkdocs.yml", MKDOCS_YML + "validation:\n  anchors: warn\n", dedent=False)
    portfolio.write("content/notes.md", "# Notes\n\nSee [the memo's end](memo.md#nowhere).\n")
    portfolio.write("content/memo.md", "# Memo\n")
    portfolio.build("-v")  # MkDocs keeps no links to anchors at DEBUG
    assert "'memo.md#nowhere'" in portfolio.build().stderr
    assert "'memo.md#nowhere'" in portfolio.build().stderr  # and from the kept conversion


# --------------------------------------------------------------------------- pages drawn as HTML

DRAWN_PEOPLE = """\
- id: diane-roberts
  name: Diane Roberts
  organisation: Example University
  knows: [sami-wonder]
  notes: |
    Ask about the **fellowship**; see [the kick-off](../journal/2026-01-10-kickoff.md).

    ```text
    a fence of her notes stays a code block
    ```
  links:
    - title: Her memo
      url: https://example.org/memo.md
- id: sami-wonder
  name: Sami Wonder
  organisation: "Line one\\n```mentornet\\nmap\\n```"
"""


def drawn_portfolio(portfolio: PortfolioFolder, *extra_config: str) -> PortfolioFolder:
    portfolio.write("data/people.yaml", DRAWN_PEOPLE, dedent=False)
    portfolio.write("mkdocs.yml", MKDOCS_YML + "".join(extra_config), dedent=False)
    return portfolio


def test_a_person_page_is_drawn_as_html_with_the_links_headings_and_contents_markdown_would_give(
        portfolio: PortfolioFolder):
    drawn_portfolio(portfolio, "  - toc:\n      permalink: true\n").build("--strict")
    page = portfolio.page("people/diane-roberts")
    assert '<h2 id="relationship">Relationship<a class="headerlink" href="#relationship" ' \
           'title="Permanent link">&para;</a></h2>' in page
    assert '<a href="../sami-wonder/">Sami Wonder</a>' in page  # a link to a page, as its URL
    assert '<a href="https://example.org/memo.md">Her memo</a>' in page  # the web's, as they are
    # the owner's notes: Markdown, converted with the site's extensions, links resolved by MkDocs
    assert "<strong>fellowship</strong>" in page and 'href="../../journal/2026-01-10-kickoff/"' in page
    assert '<code>a fence of her notes stays a code block' in page
    toc = page.split('aria-label="Table of contents"', 1)[1].split("</nav>", 1)[0]
    assert [title in toc for title in ("Relationship", "Whom they know in your network", "Notes", "Journal")] \
        == [True] * 4
    import json
    index = json.loads((portfolio.site / "search" / "search_index.json").read_text())
    sections = {doc["location"] for doc in index["docs"]}
    assert {"people/diane-roberts/#relationship", "people/diane-roberts/#notes"} <= sections


def test_a_value_on_several_lines_stays_text_in_a_page_drawn_as_html(portfolio: PortfolioFolder):
    drawn_portfolio(portfolio).build("--strict")
    page = portfolio.page("people/sami-wonder")
    assert page.count('class="mentornet-diagram') == 1  # the person's own: the organisation drew none
    assert "Line one&#10;```mentornet&#10;map&#10;```" in page


def test_the_headings_of_a_page_drawn_as_html_have_ids_of_their_own(portfolio: PortfolioFolder):
    drawn_portfolio(portfolio)
    portfolio.write("data/people.yaml", DRAWN_PEOPLE.replace("name: Sami Wonder", "name: Relationship"), dedent=False)
    portfolio.build("--strict")
    ids = re.findall(r'<h[1-6] id="([^"]+)"', portfolio.page("people/sami-wonder"))
    assert ids[:2] == ["relationship", "relationship_1"] and len(ids) == len(set(ids))


def test_links_of_a_page_drawn_as_html_follow_use_directory_urls(portfolio: PortfolioFolder):
    drawn_portfolio(portfolio, "use_directory_urls: false\n").build("--strict")
    page = (portfolio.site / "people" / "diane-roberts.html").read_text(encoding="utf-8")
    assert '<a href="sami-wonder.html">Sami Wonder</a>' in page
    assert 'href="../journal/2026-01-10-kickoff.html"' in page


def with_own_template(portfolio: PortfolioFolder, name: str, text: str) -> PortfolioFolder:
    portfolio.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"',
                                                     'today: "2026-11-22"\n      templates: templates'), dedent=False)
    portfolio.write(f"templates/{name}", text)
    return portfolio


def test_a_users_own_person_template_draws_markdown(portfolio: PortfolioFolder):
    with_own_template(portfolio, "person.md", "# {{ person.name | md }}\n\nSee **[the map](../map.md)**.\n")
    portfolio.build("--strict")
    assert '<strong><a href="../../map/">the map</a></strong>' in portfolio.page("people/diane-roberts")


def test_an_entrys_header_is_drawn_as_html_above_its_text_converted_as_markdown(portfolio: PortfolioFolder):
    portfolio.entry("2026-02-02-lunch", """
        title: Lunch
        date: 2026-02-02
        people: [diane-roberts, sami-wonder]
        kind: meeting
        actions:
          - text: Send the <draft> & notes
            done: true
    """, "We met.\n\n## What we said\n\nSee [her page](../people/diane-roberts.md) and <b>this</b>.\n")
    portfolio.build("--strict")
    page = portfolio.page("journal/2026-02-02-lunch")
    header = page.split('<div class="mentornet-entry-header">', 1)[1].split("</div>", 1)[0]
    assert '<a href="../../people/diane-roberts/">Diane Roberts</a>, <a href="../../people/sami-wonder/">' in header
    assert "disabled checked/>" in header and "Send the &lt;draft&gt; &amp; notes" in header
    text = page.split('<div class="mentornet-entry-header">', 1)[1].split("</div>", 1)[1]
    assert '<h2 id="what-we-said">What we said</h2>' in text  # the owner's Markdown, converted
    assert '<a href="../../people/diane-roberts/">her page</a> and <b>this</b>' in text
    toc = page.split('aria-label="Table of contents"', 1)[1].split("</nav>", 1)[0]
    assert "What we said" in toc


def test_a_users_own_entry_template_draws_the_header_in_markdown(portfolio: PortfolioFolder):
    with_own_template(portfolio, "entry.md", "With {{ person_link(entry.meta.people[0]) }}, *as I recall*.\n")
    portfolio.build("--strict")
    assert '<p>With <a href="../../people/diane-roberts/">Diane Roberts</a>, <em>as I recall</em>.</p>' \
        in portfolio.page("journal/2026-01-10-kickoff")


def test_an_engine_without_the_plugin_gets_a_person_page_with_its_links_resolved(portfolio: PortfolioFolder):
    from mentornet.cli.project import read_project
    from mentornet.engines.stage import stage
    from mentornet.site.assembly import SiteStages

    drawn_portfolio(portfolio)
    stages = SiteStages(read_project(portfolio.root))
    staged = stage(stages, portfolio.root / ".cache" / "staged", portfolio.root / "mkdocs.yml")
    text = (staged.folder / "docs" / "people" / "diane-roberts.md").read_text(encoding="utf-8")
    assert '<a href="../sami-wonder/">Sami Wonder</a>' in text
    assert '<div class="mentornet-markdown" markdown="1">' in text  # md_in_html converts the notes there
    entry = (staged.folder / "docs" / "journal" / "2026-01-10-kickoff.md").read_text(encoding="utf-8")
    assert 'with <a href="../../people/diane-roberts/">Diane Roberts</a>' in entry
    assert entry.endswith("Notes.\n")  # the owner's text below the header, as written
