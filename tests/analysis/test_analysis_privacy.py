"""Your profile's attributes are owner-only unless `shared_attributes` lists them: the one gate
strips them, so no mentor build and no `analyze --json --audience mentor` holds an unshared
one (canary strings, every output file searched)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import MKDOCS_YML, PortfolioFolder
from mentornet.audience import MENTOR, OWNER, PUBLIC, Audience  # noqa: F401
from mentornet.core.model import Sharing  # noqa: F401

PROFILE = """\
name: Ada Example
organisation: Example University
attributes:
  zqhiddenkey: zqhiddenvalue
  discipline: zqsharedvalue
"""

PEOPLE = "".join(f"""\
- id: person-{i}
  name: Person {i}
  seniority: peer
  visibility: public
  attributes:
    zqhiddenkey: zqhiddenvalue
    discipline: zqsharedvalue
""" for i in range(4))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> PortfolioFolder:
    folder = PortfolioFolder(tmp_path_factory.mktemp("profile-attributes") / "p")
    folder.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"',
                                                  'today: "2026-11-22"\n      shared_attributes: [discipline]'
                                                  '\n      audience: !ENV [MENTORNET_AUDIENCE, owner]'))
    folder.write("data/profile.yaml", PROFILE)
    folder.write("data/people.yaml", PEOPLE)
    folder.write("data/sharing.yaml", "unmarked: mentor\npages: public\nattributes: [discipline]\n")
    folder.write("content/index.md", "# Home\n")
    return folder


def site_text(folder: PortfolioFolder) -> str:
    return "\n".join(path.read_bytes().decode("utf-8", "replace") + path.name
                     for path in folder.site.rglob("*") if path.is_file())


def test_the_owner_is_compared_on_every_attribute(folder):
    folder.build("--strict")
    page = folder.page("analysis")
    assert "zqhiddenvalue" in page and "zqsharedvalue" in page
    like_you = json.loads(folder.mentornet("analyze", "--json").stdout)["homophily"]
    assert like_you["zqhiddenkey"] == {"same": 1.0, "ei": -1.0, "known": 4}


@pytest.mark.parametrize("audience", ["mentor", "public"])
def test_a_non_owner_build_holds_no_unshared_profile_attribute(folder, audience):
    folder.build("--strict", env={"MENTORNET_AUDIENCE": audience})
    text = site_text(folder).lower()
    assert "zqhiddenvalue" not in text and "zqhiddenkey" not in text
    assert "zqsharedvalue" in folder.page("analysis")  # the shared one is there: the build is not just empty
    result = folder.mentornet("analyze", "--json", "--audience", audience)
    assert result.returncode == 0, result.stderr
    assert "zqhidden" not in result.stdout
    assert json.loads(result.stdout)["homophily"]["discipline"]["same"] == 1.0
    assert "zqhidden" not in folder.mentornet("analyze", "--audience", audience).stdout


@pytest.mark.parametrize("audience", ["mentor", "public"])
def test_the_gate_strips_unshared_profile_attributes(audience):
    from mentornet.audience.gate import for_audience
    from mentornet.core.model import Portfolio, Profile

    owner = Portfolio(profile=Profile(name="Me", attributes={"gender": "zqhiddenvalue", "discipline": "stats"}))
    assert for_audience(owner, OWNER).profile.attributes == {"gender": "zqhiddenvalue", "discipline": "stats"}
    seen_by = Audience.named(audience)
    shared = Sharing(unmarked="mentor", attributes=("discipline",))
    assert for_audience(owner, seen_by, shared).profile.attributes == {"discipline": "stats"}
    assert for_audience(owner, seen_by).profile.attributes == {}
