"""Password protection of a mentor's site with mkdocs-encryptcontent-plugin (docs/hosting.md)."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import REPO
from tests.audience.test_canaries import PRIVATE, canary_portfolio, every_byte

pytest.importorskip("encryptcontent", reason="pip install 'mentornet[protect]'")

#: Text in the bodies of pages a mentor may see: protected, so never readable without the password.
PROTECTED = ["zqsharedpage", "zqmentorpage", "shared notes about diane", "shared text", "zqsharedvalue"]


@pytest.fixture(scope="module")
def protected(tmp_path_factory):
    folder = canary_portfolio(tmp_path_factory.mktemp("protect") / "portfolio")
    shutil.copy(REPO / "mkdocs.mentor.yml", folder.root / "mkdocs.mentor.yml")
    folder.build("-f", "mkdocs.mentor.yml", env={"MENTORNET_PASSWORD": "correct horse battery staple"})
    return folder, folder.root / "site-mentor"


def test_the_example_mentor_config_builds_a_protected_mentor_site(protected):
    folder, site = protected
    assert not (folder.root / "site").exists()
    board = (site / "board" / "index.html").read_text(encoding="utf-8")
    assert "encrypted_content" in board or "encryptcontent" in board
    assert "built for the <strong>mentor</strong> audience" in board


def test_the_search_index_exposes_no_protected_text(protected):
    _, site = protected
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = json.dumps(index).lower()
    assert not [word for word in PROTECTED if word in text]
    assert not [canary for canary in PRIVATE.values() if canary in text]


def test_a_protected_site_has_no_sitemap_naming_its_pages(protected):
    _, site = protected
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()


def test_page_bodies_are_not_readable_without_the_password(protected):
    _, site = protected
    text = every_byte(site)
    assert not [word for word in PROTECTED if word in text]
    assert not [canary for canary in PRIVATE.values() if canary in text]


def test_a_missing_password_stops_the_build(tmp_path):
    folder = canary_portfolio(tmp_path / "portfolio")
    shutil.copy(REPO / "mkdocs.mentor.yml", folder.root / "mkdocs.mentor.yml")
    result = folder.build("-f", "mkdocs.mentor.yml", check=False, env={"MENTORNET_PASSWORD": ""})
    assert result.returncode == 1 and "global_password is empty" in result.stderr
    assert not (folder.root / "site-mentor").exists()


def test_a_protected_site_names_nobody_in_titles_and_leaves_no_chart_beside_its_pages(tmp_path):
    import subprocess
    import sys

    from tests.conftest import PortfolioFolder

    folder = PortfolioFolder(tmp_path / "demo")  # with a history, so the history page has charts
    subprocess.run([sys.executable, "-m", "mentornet", "new", "--demo", str(folder.root)], check=True,
                   capture_output=True)
    shutil.copy(REPO / "mkdocs.mentor.yml", folder.root / "mkdocs.mentor.yml")
    folder.build("-f", "mkdocs.mentor.yml", env={"MENTORNET_PASSWORD": "correct horse battery staple"})
    assert list((folder.root / ".cache").rglob("*.svg"))  # charts were drawn ...
    site = folder.root / "site-mentor"
    person = (site / "people" / "samuel-osei" / "index.html").read_text(encoding="utf-8")
    entry = (site / "journal" / "2026-10-28-samuel-fellowship-draft" / "index.html").read_text(encoding="utf-8")
    for page in (person, entry):
        title = page[page.index("<title>"):page.index("</title>")]
        assert "Samuel" not in title and "fellowship" not in title.lower()
        assert 'name="description"' not in page or "Samuel" not in page.split('name="description"')[1][:200]
    assert [p.name for p in (site / "history").iterdir()] == ["index.html"]  # ... and are inside the page
    assert "Samuel Osei" not in every_byte(site)


def test_a_protected_site_keeps_no_description_tags_or_headings_in_clear(tmp_path):
    """docs/hosting.md lists what stays readable without the password: page addresses, the
    site's name, section titles and hand-written pages' titles; nothing else."""
    folder = canary_portfolio(tmp_path / "portfolio")
    shutil.copy(REPO / "mkdocs.mentor.yml", folder.root / "mkdocs.mentor.yml")
    folder.write("content/zqmentoronly.md", "---\ntitle: Readable Title\nvisibility: mentor\n"
                 "description: zqdescription\ntags: [zqtag]\n---\n\n# Zqheading one\n\n## Zqheading two\n\nText.\n",
                 dedent=False)
    folder.write("data/people.yaml", (folder.root / "data/people.yaml").read_text(encoding="utf-8")
                 + "- id: pat\n  name: Zqpersonname Pat\n  visibility: mentor\n", dedent=False)
    built = folder.build("-f", "mkdocs.mentor.yml", env={"MENTORNET_PASSWORD": "correct horse battery staple"})
    site = folder.root / "site-mentor"
    text = every_byte(site, built.stdout, built.stderr)
    assert (site / "people" / "pat" / "index.html").is_file()  # the page is there, its address readable
    assert not [word for word in ("zqdescription", "zqtag", "zqheading", "zqpersonname") if word in text]
    assert "readable title" in text  # a hand-written page's title stays readable, as the list says
    hosting = (REPO / "docs" / "hosting.md").read_text(encoding="utf-8")
    assert "not their descriptions, tags or headings" in hosting
