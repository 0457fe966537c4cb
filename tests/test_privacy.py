"""Private passages and the visibility of hand-written pages."""

from __future__ import annotations

import pytest

from mentornet.audience import markers as privacy
from mentornet.audience import for_audience
from mentornet.core.layout import Layout
from mentornet.load import load

TEXT = "before\n<!-- private -->\nsecret\n<!-- /private -->\nafter"


def test_private_blocks_are_removed_with_their_content_for_others():
    assert privacy.strip(TEXT, keep=False) == ("before\nafter", [])


def test_the_owner_sees_private_blocks_in_a_labelled_box():
    text, problems = privacy.strip(TEXT, keep=True)
    assert not problems
    assert 'class="mentornet-private" markdown' in text and "secret" in text and "after" in text


def test_markers_are_case_and_space_tolerant_and_nest():
    text = "a\n<!--PRIVATE-->\nx\n  <!-- private -->\ny\n<!-- / private -->\nz\n<!-- /private -->\nb"
    # the first closing marker ends the block: nesting is not counted, what follows it is shared
    assert privacy.strip(text, keep=False)[0] == "a\nz\nb"


def test_an_unclosed_block_hides_everything_after_it_and_names_the_line():
    text, problems = privacy.strip("a\n\n<!-- private -->\nsecret\nmore secret", keep=False)  # noqa: B005
    assert text == "a\n"
    assert [p.line for p in problems] == [3] and "never closed" in problems[0].message


def test_a_stray_closing_marker_is_dropped_with_a_warning():
    text, problems = privacy.strip("a\n<!-- /private -->\nb", keep=False)  # noqa: B005
    assert text == "a\nb" and problems[0].line == 2


def test_markers_in_code_examples_are_left_alone():
    text = "```markdown\n<!-- private -->\nexample\n```\n"
    assert privacy.strip(text, keep=False)[0] == text


def test_markers_inline_in_a_line_are_not_markers():
    text = "Write <!-- private --> on a line of its own."
    assert privacy.strip(text, keep=False)[0] == text


def test_private_blocks_in_data_text_and_entry_bodies_never_reach_others(portfolio):
    portfolio.write("data/people.yaml", """\
        - id: ada
          name: Ada
          notes: |
            Shared.
            <!-- private -->
            zqsecret
            <!-- /private -->
        """)
    (portfolio.root / "content/journal/2026-01-10-kickoff.md").unlink()
    portfolio.entry("2026-03-01-x", "date: 2026-03-01\npeople: [ada]",
                    body="<!-- private -->\n# zqheading\n<!-- /private -->\n# Shared title\n")
    loaded = load(Layout.of(portfolio.root))
    mentor = for_audience(loaded, "mentor")
    assert "zqsecret" not in mentor.people_by_id["ada"].notes
    entry = next(e for e in mentor.journal if e.src_uri.endswith("x.md"))
    assert entry.title == "Shared title" and "zqheading" not in entry.body
    owner = for_audience(loaded, "owner")
    assert "zqsecret" in owner.people_by_id["ada"].notes and "<!--" not in owner.people_by_id["ada"].notes


def _page(portfolio, visibility: str | None, name: str = "notes") -> None:
    meta = f"---\nvisibility: {visibility}\n---\n" if visibility else ""
    portfolio.write(f"content/{name}.md", f"{meta}# zq{name}\n", dedent=False)


@pytest.mark.parametrize("audience, shown", [("owner", {"private", "mentor", "public", "unmarked"}),
                                             ("mentor", {"mentor", "public", "unmarked"}),
                                             ("public", {"public", "unmarked"})])
def test_pages_declare_who_may_see_them(portfolio, audience, shown):
    for visibility in ("private", "mentor", "public"):
        _page(portfolio, visibility, visibility)
    _page(portfolio, None, "unmarked")
    portfolio.write("mkdocs.yml", (portfolio.root / "mkdocs.yml").read_text().replace(
        'today: "2026-11-22"', f'today: "2026-11-22"\n      audience: {audience}'), dedent=False)
    portfolio.build("--strict")
    built = {name for name in ("private", "mentor", "public", "unmarked")
             if (portfolio.site / name / "index.html").exists()}
    assert built == shown
    index = (portfolio.site / "search" / "search_index.json").read_text()
    assert {name for name in ("private", "mentor", "public", "unmarked") if f"zq{name}" in index} == shown


def test_pages_can_be_made_opt_in(portfolio):
    _page(portfolio, None, "unmarked")
    portfolio.write("mkdocs.yml", (portfolio.root / "mkdocs.yml").read_text().replace(
        'today: "2026-11-22"', 'today: "2026-11-22"\n      audience: public\n      default_page_visibility: mentor'),
        dedent=False)
    portfolio.write("content/index.md", "---\nvisibility: public\n---\n# Home\n", dedent=False)
    portfolio.build("--strict")
    assert not (portfolio.site / "unmarked").exists() and (portfolio.site / "index.html").exists()


def test_a_visibility_that_is_not_a_term_stops_the_build(portfolio):
    _page(portfolio, "secret")
    result = portfolio.build(check=False)
    assert result.returncode == 1
    assert "notes.md:2: visibility: 'secret' is not a visibility term" in result.stderr


def test_unreadable_front_matter_stops_the_build(portfolio):
    portfolio.write("content/notes.md", "---\nvisibility: [private\n---\n# zqnotes\n", dedent=False)
    portfolio.write("mkdocs.yml", (portfolio.root / "mkdocs.yml").read_text().replace(
        'today: "2026-11-22"', 'today: "2026-11-22"\n      audience: mentor'), dedent=False)
    result = portfolio.build(check=False)
    assert result.returncode == 1
    assert "notes.md:2: its front matter is not readable YAML" in result.stderr
    assert not (portfolio.site / "notes").exists()


def test_an_unclosed_block_warns_with_the_file_and_line_and_fails_strict(portfolio):
    portfolio.write("content/notes.md", "---\ntitle: N\n---\n# N\n\n<!-- private -->\nzqsecret\n", dedent=False)
    result = portfolio.build("--strict", check=False)
    assert result.returncode == 1
    assert "notes.md:6: a private block opens here" in result.stderr
