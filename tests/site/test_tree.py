"""The audience's tree (site/tree.py): attachments reach a build only when something the
audience may see links them."""

from __future__ import annotations

import pytest

IMAGE = b"\x89PNG\r\n\x1a\nZQ-ATTACHMENT-BYTES"


@pytest.fixture
def attached(portfolio):
    from tests.conftest import MKDOCS_YML

    portfolio.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"', 'today: "2026-11-22"\n'
                                                     '      audience: !ENV [MENTORNET_AUDIENCE, owner]'))
    portfolio.write("content/journal/private-scan.png", "")
    (portfolio.root / "content/journal/private-scan.png").write_bytes(IMAGE + b"-PRIVATE")
    (portfolio.root / "content/journal/shared-plan.pdf").write_bytes(b"%PDF ZQ-SHARED-PDF")
    (portfolio.root / "content/journal/never-linked.txt").write_bytes(b"ZQ-UNLINKED")
    (portfolio.root / "content/images").mkdir()
    (portfolio.root / "content/images/logo.png").write_bytes(IMAGE + b"-HOME")
    portfolio.entry("2026-02-01-hard", "date: 2026-02-01\nvisibility: private",
                    body="![the letter](private-scan.png)\n")
    portfolio.entry("2026-02-02-plan", "date: 2026-02-02\npeople: [diane-roberts]",
                    body="See [the plan](shared-plan.pdf#page=2).\n")
    portfolio.write("content/index.md", "# Home\n\n<img src=\"images/logo.png\" alt=\"logo\">\n")
    return portfolio


def _files(site):
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_an_attachment_linked_only_from_a_private_entry_stays_in_the_owners_site(attached):
    attached.build("--strict")
    assert "journal/private-scan.png" in _files(attached.site)
    attached.build("--strict", env={"MENTORNET_AUDIENCE": "mentor"})
    files = _files(attached.site)
    assert "journal/private-scan.png" not in files
    assert "journal/shared-plan.pdf" in files and "images/logo.png" in files


def test_a_file_nothing_links_reaches_no_site(attached):
    for audience in ("owner", "mentor", "public"):
        attached.build("--strict", env={"MENTORNET_AUDIENCE": audience})
        assert "journal/never-linked.txt" not in _files(attached.site), audience


def test_the_public_site_gets_only_what_its_pages_link(attached):
    attached.build("--strict", env={"MENTORNET_AUDIENCE": "public"})
    files = _files(attached.site)
    assert "images/logo.png" in files
    assert "journal/shared-plan.pdf" not in files and "journal/private-scan.png" not in files


TITLES = ['Coffee: "the plan" & <more>', "It's # not a comment", "- a dash, [brackets], {braces}",
          "Möte med Åsa 😀", "yes", "2026-02-01", "a\u2028line separator", "  spaced  "]


@pytest.mark.parametrize("title", TITLES)
def test_an_entry_keeps_its_title_and_tags_through_the_front_matter_its_page_is_given(portfolio, title):
    """An entry's page opens with front matter that MkDocs reads back: whatever YAML would
    read otherwise (quotes, a colon, a date, a boolean, emoji) stays the title written."""
    import html

    import yaml

    from mentornet.core.model import EntryMeta, JournalEntry
    from mentornet.site.tree import entry_front_matter, front_matter

    meta = EntryMeta.model_validate({"date": "2026-02-01", "title": title, "tags": [title, "a:b"]})
    entry = JournalEntry(meta, "journal/2026-02-01-x.md")
    text = entry_front_matter(entry)
    assert text.startswith("---\n") and text.endswith("---\n\n")
    assert yaml.safe_load(text.strip().strip("-")) == front_matter(entry)
    assert front_matter(entry)["title"] == html.escape(entry.title) and "tags" in front_matter(entry)
