"""Doubt never publishes: whatever decides what an audience sees is read exactly or stops the
build with FILE:LINE. Each case plants a canary where private data can live and reads every byte
of the mentor's and the public outputs (logs included)."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.conftest import MKDOCS_YML, PortfolioFolder
from tests.audience.outputs import left_behind, planted
from tests.audience.test_canaries import every_byte

ENTRY = "---\ndate: 2026-03-01\npeople: [diane-roberts]\nvisibility: mentor\n---\n\n"  # the body starts on line 7
AUDIENCE = 'today: "2026-11-22"\n      audience: !ENV [MENTORNET_AUDIENCE, owner]'


@pytest.fixture
def folder(portfolio) -> PortfolioFolder:
    portfolio.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"', AUDIENCE))
    return portfolio


def _refused(folder: PortfolioFolder, where: str, canary: str) -> None:
    """``check`` and a mentor and a public build stop naming ``where``; no byte they print or leave
    in the portfolio (a site, a half-built one, a cache) holds ``canary``."""
    sources = planted(folder.root, canary)
    assert sources, f"the canary {canary!r} is in no file of the portfolio: its absence would prove nothing"
    checked = folder.mentornet("check")
    assert checked.returncode == 1 and where in checked.stderr, checked.stdout + checked.stderr
    outputs = [checked.stdout, checked.stderr]
    for audience in ("mentor", "public"):
        built = folder.build(check=False, env={"MENTORNET_AUDIENCE": audience})
        assert built.returncode == 1 and where in built.stderr, built.stderr
        assert "Traceback" not in built.stderr and not folder.site.exists()
        outputs += [built.stdout, built.stderr]
        assert canary.lower() not in left_behind(folder.root, sources, *outputs), audience


# -- look-alike markers --------------------------------------------------------------------

@pytest.mark.parametrize("body, line", [
    ("<!--- private --->\nzqcanary\n<!--- /private --->\n", 7),
    ("<!--\nprivate\n-->\nzqcanary\n<!--\n/private\n-->\n", 7),
    ("<!-- ｐｒｉｖａｔｅ -->\nzqcanary\n<!-- /ｐｒｉｖａｔｅ -->\n", 7),
    ("<!-- PRIVATE -- >\nzqcanary\n", 7),
    ("<!-- mentor -->\nzqcanary\n<!-- /mentor -->\n", 7),
    ("<!-- private -->\nsecret\n<!-- private -->\ninner\n<!-- /private -->\nzqcanary\n<!-- /private -->\n", 9),
    ("Shared.\n\n<!-- /private -->\nzqcanary\n", 9),
    ("Shared.\n\n<!-- private -->\nzqcanary\n", 9),
], ids=["three-dashes", "split-over-lines", "full-width", "spaced-end", "another-term", "nested", "orphan-close",
        "never-closed"])
def test_a_marker_look_alike_or_an_unbalanced_block_stops_every_build(folder, body, line):
    folder.write("content/journal/2026-03-01-look.md", ENTRY + body, dedent=False)
    _refused(folder, f"content/journal/2026-03-01-look.md:{line}:", "zqcanary")


def test_shared_sites_keep_no_html_comment_while_the_owner_keeps_them(folder):
    folder.write("content/journal/2026-03-01-notes.md", ENTRY + "Shared <!-- zqinline --> text.\n\n"
                 "<!--\nzqmultiline\nnote -->\nAfter.\n", dedent=False)
    for audience in ("mentor", "public"):
        built = folder.build("--strict", env={"MENTORNET_AUDIENCE": audience})
        assert "zqinline" not in every_byte(folder.site, built.stdout, built.stderr)
        assert "zqmultiline" not in every_byte(folder.site)
    folder.build("--strict", env={"MENTORNET_AUDIENCE": "mentor"})
    assert "After." in folder.page("journal/2026-03-01-notes")
    folder.build("--strict")
    assert "zqinline" in folder.page("journal/2026-03-01-notes")


# -- values that decide visibility -----------------------------------------------------------

@pytest.mark.parametrize("value", ["", "~", "null", "!!null private", "!!str mentor", "''", "[mentor]"])
def test_an_empty_null_or_tagged_visibility_on_a_person_is_an_error(folder, value):
    folder.write("data/people.yaml", (folder.root / "data/people.yaml").read_text()
                 + f"- id: zqperson\n  name: Zqperson Name\n  visibility: {value}\n", dedent=False)
    _refused(folder, "data/people.yaml:", "zqperson")


@pytest.mark.parametrize("value", ["", "~", "!!null private"])
def test_an_empty_null_or_tagged_visibility_on_an_entry_is_an_error(folder, value):
    folder.write("content/journal/2026-03-02-zqentry.md",
                 f"---\ndate: 2026-03-02\npeople: [diane-roberts]\nvisibility: {value}\n---\n\nzqentrybody\n",
                 dedent=False)
    _refused(folder, "content/journal/2026-03-02-zqentry.md:4:", "zqentrybody")


def test_a_tagged_visibility_on_a_page_is_an_error(folder):
    folder.write("content/zqpage.md", "---\nvisibility: !!str public\n---\n# zqpagebody\n", dedent=False)
    _refused(folder, "content/zqpage.md:2:", "zqpagebody")


# -- the engine's docs folder: only what anyone may read --------------------------------------

@pytest.mark.parametrize("name, text, line", [
    ("notes.md", "---\nvisibility: mentor\n---\n# zqcanary\n", 2),
    ("notes.md", "---\nvisibility: private\n---\n# zqcanary\n", 2),
    ("extra.html", "<p>Hello</p>\n<!-- private -->\n<p>zqcanary</p>\n<!-- /private -->\n", 2),
    ("notes.md", "# Notes\n\n<!-- private -->\nzqcanary\n<!-- /private -->\n", 3),
    ("notes.md", "# Notes\n\n<!--- private --->\nzqcanary\n", 3),
], ids=["mentor-page", "private-page", "html-with-a-private-passage", "private-passage", "look-alike"])
def test_a_file_in_the_docs_folder_that_is_not_for_everyone_stops_every_build(folder, name, text, line):
    folder.write(f"public/{name}", text, dedent=False)
    _refused(folder, f"public/{name}:{line}", "zqcanary")


@pytest.mark.parametrize("option", ["cache_dir: public/cache", "data_dir: public/data", "cache_dir: data/cache",
                                    "content_dir: data"])
def test_folders_that_overlap_the_docs_folder_or_each_other_are_refused(folder, option):
    folder.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"', AUDIENCE + "\n      " + option))
    if option.startswith("data_dir"):
        shutil.copytree(folder.root / "data", folder.root / "public" / "data")
    built = folder.build(check=False, env={"MENTORNET_AUDIENCE": "mentor"})
    assert built.returncode == 1 and "overlap" in built.stderr and "Traceback" not in built.stderr, built.stderr
    assert not folder.site.exists()
    assert folder.mentornet("check").returncode == 1


# -- attachments ---------------------------------------------------------------------------

def test_an_attachment_linked_only_from_a_private_passage_stays_out_of_shared_sites(folder):
    folder.write("content/journal/files/zqoffer.pdf", "%PDF zqattachment\n")
    folder.write("content/journal/files/shared.pdf", "%PDF shared\n")
    folder.write("content/journal/2026-03-01-offer.md", ENTRY + "Shared [notes][shared].\n\n<!-- private -->\n"
                 "The [offer] itself.\n<!-- /private -->\n\n[offer]: files/zqoffer.pdf\n[shared]: files/shared.pdf\n",
                 dedent=False)
    for audience in ("mentor", "public"):
        built = folder.build("--strict", env={"MENTORNET_AUDIENCE": audience})
        assert "zqoffer" not in every_byte(folder.site, built.stdout, built.stderr)
    folder.build("--strict", env={"MENTORNET_AUDIENCE": "mentor"})
    assert (folder.site / "journal" / "files" / "shared.pdf").is_file()
    folder.build("--strict")
    assert (folder.site / "journal" / "files" / "zqoffer.pdf").is_file()


# -- the analysis page speaks about the owner on every other site --------------------------------

@pytest.mark.parametrize("audience", ["mentor", "public"])
def test_the_analysis_page_speaks_about_the_owner_and_gives_no_editing_instructions(example, audience):
    example.build("--strict", env={"MENTORNET_AUDIENCE": audience})
    page = example.page("analysis")
    page = re.sub(r"<svg.*?</svg>|<script.*?</script>|<[^>]+>", " ", page, flags=re.DOTALL)
    assert not re.findall(r"\b(?:you|your|yours)\b", page, flags=re.IGNORECASE)
    assert "data/" not in page and "mkdocs.yml" not in page
    assert "Maya" in page


def test_the_analysis_page_still_speaks_to_the_owner(example):
    example.build("--strict")
    page = example.page("analysis")
    assert "Analysis of your network" in page and "mkdocs.yml" in page
