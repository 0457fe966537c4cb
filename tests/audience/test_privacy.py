"""Private passages and the visibility of hand-written pages."""

from __future__ import annotations

import pytest

from mentornet.audience import markers as privacy
from mentornet.audience import for_audience
from mentornet.core.layout import Layout
from mentornet.load import load
from mentornet.audience import MENTOR, OWNER, PUBLIC  # noqa: F401
from mentornet.core.model import Sharing  # noqa: F401
from tests.audience.outputs import left_behind, planted

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
    mentor = for_audience(loaded, MENTOR)
    assert "zqsecret" not in mentor.people_by_id["ada"].notes
    entry = next(e for e in mentor.journal if e.src_uri.endswith("x.md"))
    assert entry.title == "Shared title" and "zqheading" not in entry.body
    owner = for_audience(loaded, OWNER)
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
    assert "content/notes.md:2:1: visibility: 'secret' is not a visibility term" in result.stderr


def test_unreadable_front_matter_stops_the_build(portfolio):
    portfolio.write("content/notes.md", "---\nvisibility: [private\n---\n# zqnotes\n", dedent=False)
    portfolio.write("mkdocs.yml", (portfolio.root / "mkdocs.yml").read_text().replace(
        'today: "2026-11-22"', 'today: "2026-11-22"\n      audience: mentor'), dedent=False)
    result = portfolio.build(check=False)
    assert result.returncode == 1
    assert "content/notes.md:2:1: its front matter is not readable YAML" in result.stderr
    assert not (portfolio.site / "notes").exists()


def test_an_unclosed_block_stops_the_build_with_the_file_and_line(portfolio):
    portfolio.write("content/notes.md", "---\ntitle: N\n---\n# N\n\n<!-- private -->\nzqsecret\n", dedent=False)
    result = portfolio.build(check=False)
    assert result.returncode == 1
    assert "content/notes.md:6:1: a private block opens here" in result.stderr, result.stderr
    assert not portfolio.site.exists()


# -- markers that cannot be read exactly are refused, with FILE:LINE -------------------------

def _mentor(portfolio) -> None:
    portfolio.write("mkdocs.yml", (portfolio.root / "mkdocs.yml").read_text().replace(
        'today: "2026-11-22"', 'today: "2026-11-22"\n      audience: mentor'), dedent=False)


def _refused(portfolio, canary: str, where: str) -> None:
    """Both `mentornet check` and a mentor build stop and name ``where``; no byte they print or
    leave in the portfolio (a site, a half-built one, a cache) holds the canary."""
    sources = planted(portfolio.root, canary)
    assert sources, f"the canary {canary!r} is in no file of the portfolio: its absence would prove nothing"
    checked = portfolio.mentornet("check")
    assert checked.returncode == 1 and where in checked.stderr, checked.stderr + checked.stdout
    assert "All good" not in checked.stdout and "Traceback" not in checked.stderr
    _mentor(portfolio)
    built = portfolio.build(check=False)
    assert built.returncode == 1 and where in built.stderr, built.stderr
    assert "Traceback" not in built.stderr and not portfolio.site.exists()
    logs = (checked.stdout, checked.stderr, built.stdout, built.stderr)
    assert canary.lower() not in left_behind(portfolio.root, sources, *logs)


ENTRY_HEAD = "date: 2026-03-01\npeople: [diane-roberts]\nvisibility: public"  # the body starts on line 7


@pytest.mark.parametrize("body, line, hint", [
    ("Notes <!-- private --> zqinline\n", 7, "must start its line"),
    ("Notes.\n\n<!-- privat -->\nzqtypo\n<!-- /privat -->\n", 9, "did you mean `<!-- private -->`"),
    ("<!-- private\nzqunfinished\n-->\n", 7, "does not end on its line"),
    ("```\n<!-- private -->\nzqfence\n<!-- /private -->\n", 8, "never closed"),
    ("# A heading <!-- private --> zqheading\n", 7, "must start its line"),
], ids=["inline", "misspelt", "unfinished", "in-an-unclosed-fence", "in-a-heading"])
def test_a_marker_in_an_entry_that_cannot_be_read_exactly_is_refused(portfolio, body, line, hint):
    portfolio.entry("2026-03-01-refused", ENTRY_HEAD, body=body)
    canary = next(word for word in body.split() if word.startswith("zq"))
    _refused(portfolio, canary, f"content/journal/2026-03-01-refused.md:{line}:1:")
    assert hint in portfolio.mentornet("check").stderr


def test_a_marker_in_a_field_that_holds_no_passages_is_refused(portfolio):
    portfolio.write("data/people.yaml", (portfolio.root / "data/people.yaml").read_text()
                    + "  title: <!-- private --> zqtitle\n", dedent=False)
    _refused(portfolio, "zqtitle", "data/people.yaml:")
    assert "[1].title: private passages are read only in" in portfolio.mentornet("check").stderr


def test_a_marker_in_notes_that_cannot_be_read_is_refused_at_its_line(portfolio):
    portfolio.write("data/people.yaml", (portfolio.root / "data/people.yaml").read_text()
                    + "  notes: |\n    Shared.\n    Ask about <!-- private --> zqnotes\n", dedent=False)
    _refused(portfolio, "zqnotes", "data/people.yaml:")
    assert "notes, line 2 of its text: a private marker must start its line" in portfolio.mentornet("check").stderr


def test_a_marker_in_a_page_that_cannot_be_read_is_refused(portfolio):
    portfolio.write("content/notes.md", "# Notes\n\nShared.\nAlso <!-- private --> zqpage\n", dedent=False)
    _mentor(portfolio)
    result = portfolio.build(check=False)
    assert result.returncode == 1 and "content/notes.md:4:1: a private marker must start its line" in result.stderr
    assert "zqpage" not in result.stderr + result.stdout and not portfolio.site.exists()


def test_markers_read_with_any_line_ending_and_container():
    for text in ("a\r\n<!-- private -->\r\nzq\r\n<!-- /private -->\r\nb",
                 "a\r<!-- private -->\rzq\r<!-- /private -->\rb",
                 "a\n    <!-- private -->\n    zq\n    <!-- /private -->\nb",
                 "a\n> <!-- private -->\n> zq\n> <!-- /private -->\nb",
                 "a\n<!-- Private: about my manager -->\nzq\n<!-- /private -->\nb",
                 "a\n<!-- private --> zq\nzq\n<!-- /private -->\nb", "a\n<!-- private --> zq <!-- /private -->\nb"):
        assert privacy.strip(text, keep=False) == ("a\nb", []), text
        kept, _ = privacy.strip(text, keep=True)
        assert "zq" in kept and "mentornet-private" in kept


def test_an_example_in_inline_code_or_a_closed_fence_is_no_marker():
    for text in ("Write `<!-- private -->` on its own line.", "~~~\n<!-- private -->\n~~~\n"):
        assert privacy.strip(text, keep=False) == (text, [])


def test_a_closing_marker_inside_a_code_example_does_not_end_the_passage():
    text = "<!-- private -->\n```\n<!-- /private -->\n```\nzqsecret\n<!-- /private -->\nshared"
    assert privacy.strip(text, keep=False) == ("shared", [])


def test_one_rule_finds_fences_for_markers_diagrams_and_entry_notes():
    from mentornet.core import fences
    from mentornet.diagrams import embed

    assert fences.opening("  ~~~~ python") is not None and fences.opening("``` a`b") is None
    assert not fences.closes("```python", "```") and fences.closes("````", "```")
    # "```python" does not close a fence: what follows is still inside the example
    text = "```\n```python\n<!-- private -->\nexample\n<!-- /private -->\n```\n"
    assert privacy.strip(text, keep=False) == (text, [])
    assert embed.expand("```\n```python\n```mentornet\nego\n```\n")[1] == []


# -- hand-written pages: front matter that does not say exactly who may see them ------------

FRONT_MATTER_CASES = {
    "misspelt": ("---\nvisiblity: private\n---\n# zqmisspelt\n", 2, "did you mean 'visibility'"),
    "capitalised": ("---\ntitle: T\nVisibility: private\n---\n# zqcapital\n", 3, "did you mean 'visibility'"),
    "blank line above": ("\n---\nvisibility: private\n---\n# zqblank\n", 2, "must start on the first line"),
    "unreadable yaml": ("---\nvisibility: private\ntitle: [oops\n---\n# zqyaml\n", 3, "not readable YAML"),
    "never closed": ("---\nvisibility: private\n# zqunclosed\n", 1, "never closed"),
    "empty": ("---\nvisibility:\n---\n# zqempty\n", 2, "is empty"),
    "given twice": ("---\nvisibility: private\nvisibility: public\n---\n# zqtwice\n", 3, "given twice"),
    "not a term": ("---\nvisibility: Private\n---\n# zqterm\n", 2, "did you mean 'private'"),
    "multimarkdown misspelt": ("Visiblity: private\n\n# zqmmd\n", 1, "did you mean 'visibility'"),
    "after 64 KB": ("---\n" + "".join(f"k{i}: {'x' * 60}\n" for i in range(1200)) + "visibility: private\n---\n"
                    "# zqlong\n", None, None),
}


@pytest.mark.parametrize("case", sorted(FRONT_MATTER_CASES))
def test_front_matter_that_cannot_say_who_may_see_a_page_fails_closed(portfolio, case):
    text, line, hint = FRONT_MATTER_CASES[case]
    canary = next(word for word in text.split() if word.startswith("zq"))
    portfolio.write("content/notes.md", text, dedent=False)
    _mentor(portfolio)
    result = portfolio.build(check=False)
    if line is None:  # read exactly: hidden
        assert result.returncode == 0, result.stderr
        from tests.audience.test_canaries import every_byte

        assert canary not in every_byte(portfolio.site, result.stdout, result.stderr)
        return
    assert result.returncode == 1, result.stderr
    assert f"content/notes.md:{line}:1: " in result.stderr and hint in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not portfolio.site.exists()
    assert canary not in (result.stdout + result.stderr).lower()
    checked = portfolio.mentornet("check")  # check says what the build would refuse
    assert checked.returncode == 1 and f"content/notes.md:{line}:1: " in checked.stderr
    assert "All good" not in checked.stdout


@pytest.mark.parametrize("name", ["2026-03-01-x.MD", "2026-03-01-x.markdown", "2026-03-01-x.mdown",
                                  "2026-03-01-x.Md", "2026-03-01-x.mkd", "2026-03-01-x.MARKDOWN"])
def test_journal_files_of_any_markdown_extension_or_case_are_refused(portfolio, name):
    portfolio.write(f"content/journal/{name}", "---\ndate: 2026-03-01\nvisibility: private\n---\n# zqjournalext\n",
                    dedent=False)
    _refused(portfolio, "zqjournalext", f"content/journal/{name}:1:1: rename this file to '2026-03-01-x.md'")


def test_a_page_mkdocs_would_copy_raw_is_refused(portfolio):
    portfolio.write("content/secret.MD", "---\nvisibility: private\n---\n# zqrawpage\n", dedent=False)
    _refused(portfolio, "zqrawpage", "content/secret.MD:1:1: rename this file to 'secret.md'")


def test_a_marker_whose_dashes_an_editor_replaced_is_refused_and_odd_spaces_still_mark():
    for text in ("<!—private—>\nzq", "<!-- private –>\nzq", "<!-- /private —>"):
        assert [p.refused for p in privacy.strip(text, keep=False)[1]] == [True], text
    assert privacy.strip("<!--\u00a0private\u00a0-->\nzq\n<!-- /private -->\nb", keep=False) == ("b", [])  # noqa: B005
