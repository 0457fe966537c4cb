"""The example portfolio without symbolic links: the repository's root is the example, a checkout
(an editable install) makes `mentornet new --demo` from it, and a wheel carries a copy
(setup.py puts it there) from which an installed mentornet makes the same demo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from mentornet.cli import demo

#: What a build reads from a checkout: the package, its settings, and the example at the root.
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "plugins",
           "mkdocs.yml", "data", "content", "public")


def _example_files(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes()
            for pattern in ("mkdocs.yml", "data/*", "content/**/*", "public/.gitkeep")
            for path in root.glob(pattern) if path.is_file()}


def _demo(folder: Path, env: dict[str, str] | None = None) -> str:
    """``mentornet new --demo`` into ``folder``; its last commit (dates and author are fixed, so
    the same example gives the same commit)."""
    result = subprocess.run([sys.executable, "-m", "mentornet", "new", "--demo", str(folder)],
                            cwd=folder.parent, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_the_repository_holds_no_symbolic_link():
    listed = subprocess.run(["git", "ls-files", "-s"], cwd=REPO, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a Git checkout")
    assert [line for line in listed.stdout.splitlines() if line.startswith("120000")] == []


@pytest.mark.skipif(Path(demo.__file__).resolve().parents[2] != REPO / "plugins",
                    reason="mentornet is installed from a wheel here, not run from this checkout")
def test_a_checkout_makes_the_demo_from_the_example_at_its_root():
    assert demo.EXAMPLE == REPO
    assert not (REPO / "plugins" / "mentornet" / "example").exists()


def test_a_wheel_carries_the_example_and_makes_the_same_demo(tmp_path: Path):
    source = tmp_path / "source"  # a copy, so the build writes nothing into the checkout
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(REPO / name, source / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source),
                            "-w", str(tmp_path / "dist")], capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = (tmp_path / "dist").glob("mentornet-*.whl")
    installed = tmp_path / "installed"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)  # a pure wheel, unpacked: what pip install puts in site-packages
    assert _example_files(installed / "mentornet" / "example") == _example_files(REPO)

    env = {**os.environ, "PYTHONPATH": str(installed)}
    where = subprocess.run([sys.executable, "-c", "from mentornet.cli import demo; print(demo.EXAMPLE)"],
                           capture_output=True, text=True, env=env)
    assert Path(where.stdout.strip()) == installed / "mentornet" / "example", where.stderr
    assert _demo(tmp_path / "from-wheel", env) == _demo(tmp_path / "from-checkout")
