"""Fixtures that build real portfolios in temporary folders and real sites with MkDocs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

MKDOCS_YML = """\
site_name: Test portfolio
docs_dir: public
theme:
  name: material
  features: [navigation.indexes, navigation.prune]
plugins:
  - search
  - mentornet:
      today: "2026-11-22"
markdown_extensions:
  - admonition
  - attr_list
  - def_list
  - md_in_html
  - tables
  - pymdownx.details
  - pymdownx.superfences
"""

#: The sharing policy most tests were written under: unmarked items reach a mentor, unmarked pages
#: everyone. (A portfolio without this file keeps everything unmarked private: tests/audience/.)
SHARING = """\
unmarked: mentor
pages: public
"""

PROFILE = """\
name: Ada Example
headline: Postdoc in testing
organisation: Example University
goals:
  - id: promotion
    text: Get promoted
    horizon: medium
    needs: [career, sponsor]
"""

PEOPLE = """\
- id: diane-roberts
  name: Diane Roberts
  organisation: Example University
  inside: true
  seniority: senior
  closeness: close
  support: [career, job]
  roles: [developmental, sponsor]
  social_system: institution
  knows: [sami-wonder]
- id: sami-wonder
  name: Sami Wonder
  inside: false
  seniority: peer
  closeness: distant
  support: [personal]
  roles: [peer]
  social_system: professional-bodies
"""


class PortfolioFolder:
    """A portfolio on disk that a test writes file by file, then checks or builds."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, relative: str, text: str, dedent: bool = True) -> Path:
        """Write a file; a portfolio's first profile comes with the tests' sharing policy
        (:data:`SHARING`) unless the test writes its own ``data/sharing.yaml``."""
        if relative == "data/profile.yaml" and not (self.root / "data" / "sharing.yaml").exists():
            self.write("data/sharing.yaml", SHARING)
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if dedent else text, encoding="utf-8")
        if relative == "mkdocs.yml":  # the engine's docs folder, public by construction
            (self.root / "public").mkdir(exist_ok=True)
            (self.root / "public" / ".gitkeep").touch()
        return path

    def entry(self, name: str, front_matter: str, body: str = "Notes.\n") -> Path:
        return self.write(f"content/journal/{name}.md",
                          "---\n" + textwrap.dedent(front_matter).strip() + "\n---\n\n" + body,
                          dedent=False)

    @property
    def site(self) -> Path:
        return self.root / "site"

    def build(self, *args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
        """Run a real ``mkdocs build`` in the folder."""
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=self.root,
                                capture_output=True, text=True,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
        if check and result.returncode != 0:
            raise AssertionError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
        return result

    def mentornet(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "mentornet", *args], cwd=self.root,
                              capture_output=True, text=True)

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def portfolio(tmp_path: Path) -> PortfolioFolder:
    """A small valid portfolio: two people, one goal, one journal entry."""
    folder = PortfolioFolder(tmp_path / "portfolio")
    folder.write("mkdocs.yml", MKDOCS_YML)
    folder.write("data/profile.yaml", PROFILE)
    folder.write("data/people.yaml", PEOPLE)
    folder.write("data/sharing.yaml", SHARING)
    folder.write("public/.gitkeep", "")
    folder.write("content/index.md", "# Home\n\nWelcome.\n")
    folder.entry("2026-01-10-kickoff", """
        title: Kick-off
        date: 2026-01-10
        people: [diane-roberts]
        kind: meeting
        agenda: [Goals for the year]
        actions:
          - text: Draft the fellowship outline
            due: 2026-02-01
            done: false
    """)
    return folder


def copy_example(root: Path) -> PortfolioFolder:
    """A copy of the example portfolio shipped in the repository, at ``root``."""
    for name in ("mkdocs.yml", "data", "content", "public"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            root.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, root / name)
    return PortfolioFolder(root)


@pytest.fixture
def example(tmp_path: Path) -> PortfolioFolder:
    """A copy of the example portfolio shipped in the repository."""
    return copy_example(tmp_path / "example")


def pytest_configure(config):
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
