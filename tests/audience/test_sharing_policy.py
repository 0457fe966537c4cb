"""The sharing policy lives with the data (``data/sharing.yaml``): private unless it says
otherwise, read by every build and command, and a site's configuration can only narrow it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MKDOCS_YML, PEOPLE, PROFILE, REPO, PortfolioFolder
from tests.audience.test_canaries import every_byte

UNMARKED = """\
- id: zqunmarked
  name: Zqunmarked Person
  closeness: close
  support: [career]
  notes: zqunmarkednotes
- id: shared-one
  name: Shared One
  closeness: close
  support: [job]
  visibility: mentor
"""

ENTRY = "---\ndate: 2026-03-01\npeople: [shared-one]\n---\n\nzqunmarkedentry\n"
MENTOR_SITE = 'today: "2026-11-22"\n      audience: !ENV [MENTORNET_AUDIENCE, owner]'


def _portfolio(root: Path, sharing: str | None, options: str = "") -> PortfolioFolder:
    folder = PortfolioFolder(root)
    if sharing is not None:
        folder.write("data/sharing.yaml", sharing)
    else:  # the tests' own policy is written with a profile: this portfolio has none
        (root / "data").mkdir(parents=True)
        (root / "data" / "sharing.yaml").write_text("unmarked: private\n")
    folder.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"', MENTOR_SITE + options))
    folder.write("data/profile.yaml", PROFILE)
    folder.write("data/people.yaml", UNMARKED)
    folder.write("content/index.md", "---\nvisibility: public\n---\n# Home\n")
    folder.write("content/zqunmarkedpage.md", "# zqunmarkedpagetitle\n")
    folder.write("content/journal/2026-03-01-zqentryfile.md", ENTRY, dedent=False)
    if sharing is None:
        (root / "data" / "sharing.yaml").unlink()
    return folder


@pytest.mark.parametrize("audience", ["mentor", "public"])
def test_without_a_policy_every_unmarked_item_and_page_is_private(tmp_path, audience):
    folder = _portfolio(tmp_path / "p", sharing=None)
    built = folder.build("--strict", env={"MENTORNET_AUDIENCE": audience})
    text = every_byte(folder.site, built.stdout, built.stderr)
    assert not re.findall(r"zqunmarked\w*|zqentryfile", text)
    if audience == "mentor":
        assert (folder.site / "people" / "shared-one" / "index.html").is_file()  # not just an empty site


def test_the_policy_file_can_share_unmarked_items_with_a_mentor(tmp_path):
    folder = _portfolio(tmp_path / "p", sharing="unmarked: mentor\npages: mentor\n")
    folder.build("--strict", env={"MENTORNET_AUDIENCE": "mentor"})
    assert (folder.site / "people" / "zqunmarked" / "index.html").is_file()
    assert (folder.site / "zqunmarkedpage" / "index.html").is_file()
    public = _portfolio(tmp_path / "q", sharing="unmarked: mentor\npages: mentor\n")
    public.build("--strict", env={"MENTORNET_AUDIENCE": "public"})
    assert "zqunmarked" not in every_byte(public.site)


@pytest.mark.parametrize("option", ["default_visibility: public", "default_page_visibility: mentor",
                                    "shared_attributes: [zqgender]"])
def test_a_configuration_that_would_widen_the_policy_stops_every_build_naming_the_file(tmp_path, option):
    folder = _portfolio(tmp_path / "p", sharing="unmarked: private\n", options="\n      " + option)
    built = folder.build(check=False, env={"MENTORNET_AUDIENCE": "mentor"})
    assert built.returncode == 1 and "mkdocs.yml" in built.stderr and "stricter" in built.stderr, built.stderr
    assert "Traceback" not in built.stderr and not folder.site.exists()
    checked = folder.mentornet("check")
    assert checked.returncode == 1 and "mkdocs.yml" in checked.stderr + checked.stdout


def test_a_configuration_may_make_its_site_stricter(tmp_path):
    folder = _portfolio(tmp_path / "p", sharing="unmarked: mentor\npages: public\nattributes: [discipline]\n",
                        options="\n      default_visibility: private\n      shared_attributes: []")
    folder.build("--strict", env={"MENTORNET_AUDIENCE": "mentor"})
    assert not (folder.site / "people" / "zqunmarked").exists()
    assert (folder.site / "people" / "shared-one" / "index.html").is_file()


@pytest.mark.parametrize("value", ["", "~", "!!null private", "!!str mentor", "[mentor]"])
def test_a_policy_value_that_is_not_a_plain_term_stops_check_with_file_and_line(tmp_path, value):
    folder = _portfolio(tmp_path / "p", sharing=f"# policy\nunmarked: {value}\n")
    checked = folder.mentornet("check")
    assert checked.returncode == 1 and "data/sharing.yaml:2:" in checked.stderr, checked.stderr
    assert "Traceback" not in checked.stderr


def test_an_unknown_policy_key_is_an_error_not_ignored(tmp_path):
    folder = _portfolio(tmp_path / "p", sharing="unmarkd: public\n")
    checked = folder.mentornet("check")
    assert checked.returncode == 1 and "data/sharing.yaml:1:" in checked.stderr, checked.stderr


def test_check_says_what_the_policy_makes_each_site_show(tmp_path):
    folder = _portfolio(tmp_path / "p", sharing=None)
    out = folder.mentornet("check").stdout
    assert "Your mentor's site (MENTORNET_AUDIENCE=mentor) shows 1 of 2 people" in out
    assert "count as private" in out and "data/sharing.yaml" in out


# -- the starter, as the README tells a newcomer to use it ------------------------------------

def _mentornet(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mentornet", *args], cwd=cwd, capture_output=True, text=True)


def test_the_starters_protected_mentor_site_shows_exactly_what_check_says(tmp_path):
    pytest.importorskip("encryptcontent", reason="pip install 'mentornet[protect]'")
    root = tmp_path / "mine"
    assert _mentornet("new", str(root), cwd=tmp_path).returncode == 0
    people = root / "data" / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "\n- id: zqunmarkedid\n  name: Zqunmarked Starter\n"
                      "  closeness: close\n  support: [personal]\n  notes: zqstarternotes\n", encoding="utf-8")
    (root / "content" / "journal" / "2026-01-01-zqjournalfile.md").write_text(
        "---\ndate: 2026-01-01\npeople: [zqunmarkedid]\n---\n\nzqstarterentry\n", encoding="utf-8")
    checked = _mentornet("check", cwd=root)
    assert checked.returncode == 0, checked.stderr
    said = re.search(r"Your mentor's site \(MENTORNET_AUDIENCE=mentor\) shows (\d+) of (\d+) (?:people|person), "
                     r".*?(\d+) of (\d+) journal entries", checked.stdout)
    assert said, checked.stdout
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.mentor.yml"], cwd=root,
                           capture_output=True, text=True,
                           env={**__import__("os").environ, "MENTORNET_PASSWORD": "a long test passphrase"})
    assert built.returncode == 0, built.stderr
    site = root / "site-mentor"
    shown_people = [p for p in (site / "people").iterdir() if (p / "index.html").is_file()]
    shown_entries = [p for p in (site / "journal").iterdir() if (p / "index.html").is_file()
                     and p.name not in ("actions",)] if (site / "journal").exists() else []
    assert len(shown_people) == int(said.group(1)) and int(said.group(2)) == 2
    assert len(shown_entries) == int(said.group(3))
    text = every_byte(site, built.stdout, built.stderr)
    assert not re.findall(r"zqunmarked\w*|zqstarter\w*|zqjournalfile", text)


def test_upgrade_moves_the_sharing_options_into_the_data_and_the_sites_stay_the_same(tmp_path):
    folder = PortfolioFolder(tmp_path / "old")
    for name in ("data", "content", "public"):
        shutil.copytree(REPO / name, folder.root / name)
    (folder.root / "data" / "sharing.yaml").unlink()
    folder.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"', MENTOR_SITE
                                                  + "\n      default_visibility: mentor\n      shared_attributes:"
                                                    "\n        - discipline"))
    upgraded = folder.mentornet("upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert "data/sharing.yaml" in upgraded.stdout
    policy = (folder.root / "data" / "sharing.yaml").read_text()
    assert "unmarked: mentor" in policy and "pages: public" in policy and "attributes: [discipline]" in policy
    config = (folder.root / "mkdocs.yml").read_text()
    assert "default_visibility" not in config and "shared_attributes" not in config and "discipline" not in config
    assert folder.mentornet("check").returncode == 0
    assert "Nothing to do" in folder.mentornet("upgrade").stdout


def test_people_for_the_tests_default_policy_are_still_written_by_the_fixture():
    assert "diane-roberts" in PEOPLE  # the shared fixture this module builds on is intact
