"""The README and the pages under docs/: every link to a file of the repository or to a heading
leads somewhere, and the README keeps a newcomer's order."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO

LINK = re.compile(r"\]\(([^)\s]+)\)")


def _documents() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), REPO / "benchmarks" / "README.md"]


def _anchors(path: Path) -> set[str]:
    """GitHub's ids for a Markdown file's headings (lowercase, punctuation dropped, spaces as -)."""
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
            for heading in re.findall(r"^#+ (.+)$", text, re.M)}


def test_every_link_to_a_file_or_a_heading_leads_somewhere():
    broken = []
    for document in _documents():
        text = re.sub(r"```.*?```", "", document.read_text(encoding="utf-8"), flags=re.S)
        for target in LINK.findall(text):
            if re.match(r"(https?|mailto):", target):
                continue
            path_part, _, anchor = target.partition("#")
            path = (document.parent / path_part).resolve() if path_part else document
            if not path.exists():
                broken.append(f"{document.relative_to(REPO)}: {target}")
            elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
                broken.append(f"{document.relative_to(REPO)}: {target} (no such heading)")
    assert broken == []


#: A path of the repository as the documents and the code's comments name it in code: `tests/load/`.
NAMED_PATH = re.compile(r"(?<![\w/.])((?:tests|plugins|benchmarks|scripts|docs|schema|\.ci)/[\w./-]*)")


def test_every_file_of_the_repository_named_in_code_exists():
    """Files named, not linked (`tests/journal/test_calendar.py`, a test named in a module's
    docstring): a file moved or renamed leaves no name behind."""
    sources = [*_documents(), *sorted((REPO / "plugins" / "mentornet").rglob("*.py")),
               *sorted((REPO / "plugins" / "mentornet" / "site" / "templates").iterdir()),
               *sorted((REPO / "tests").rglob("*.py"))]
    missing = []
    for source in sources:
        text = source.read_text(encoding="utf-8")
        spans = re.findall(r"`+([^`]+)`+", text) if source.suffix == ".md" else [text]
        for span in spans:
            for named in NAMED_PATH.findall(span):
                if not (REPO / named.rstrip(".")).exists():
                    missing.append(f"{source.relative_to(REPO)}: {named}")
    assert missing == []


def test_the_readme_is_short_and_in_a_newcomers_order():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", readme, re.M)
    assert headings[:4] == ["Two commands", "Start your own portfolio", "The data", "Commands"]
    assert "More" in headings
    assert len(readme.splitlines()) < 260
    assert "count as `mentor`" not in readme and "private unless marked otherwise" in readme.lower()


def test_the_readme_shows_the_path_from_zero_that_mentornet_new_prints():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    steps = readme[readme.index("## Start your own portfolio"):readme.index("## The data")]
    for command in ("mentornet new", "cd ~/my-network", "git init && git add . && git commit", "mentornet check",
                    "mentornet serve"):
        assert command in steps


def test_the_licence_is_declared_as_current_setuptools_reads_it_without_warnings():
    tomllib = __import__("pytest").importorskip("tomllib")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"  # an SPDX expression, not the deprecated table
    assert project["project"]["license-files"] == ["LICENSE"] and (REPO / "LICENSE").is_file()
    assert not any(c.startswith("License ::") for c in project["project"].get("classifiers", ()))
    assert "setuptools>=77" in project["build-system"]["requires"]
