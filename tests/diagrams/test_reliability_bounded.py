"""Bounded work: a Graphviz that never returns, templates that loop or raise and YAML alias bombs
end with a message naming the diagram, template or file, never a hang or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MKDOCS_YML, PortfolioFolder
from mentornet.diagrams import render
from mentornet.diagrams.render import ENGINES, Job

#: Far more than any limit below: a test that reaches it has hung (it is a guard, not a measure).
HUNG = 600


def _graphviz_that_never_returns(folder: Path) -> tuple[dict[str, str], Path]:
    """A PATH whose Graphviz programs each note that they started, then sleep for ever."""
    folder.mkdir()
    started = folder / "started"
    for engine in ENGINES:
        program = folder / engine
        program.write_text(f"#!/bin/sh\necho {engine} >> {started}\nexec sleep 100000\n", encoding="utf-8")
        program.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}, started


def test_a_graphviz_that_never_returns_ends_the_build_with_each_diagram_named(portfolio, tmp_path):
    env, started = _graphviz_that_never_returns(tmp_path / "bin")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=portfolio.root, capture_output=True,
                            text=True, timeout=HUNG,
                            env={**env, "NO_MKDOCS_2_WARNING": "1", render.DEADLINE_VARIABLE: "2"})
    assert result.returncode == 0, result.stderr  # the site is built without its diagrams
    assert "Traceback" not in result.stderr
    named = [line for line in result.stderr.splitlines() if "a diagram could not be drawn (" in line]
    assert named and all("did not finish within" in line for line in named)
    assert any("(map" in line or "(person:" in line for line in named)
    assert (portfolio.site / "index.html").is_file()


def test_a_batch_out_of_time_is_not_drawn_again_diagram_by_diagram(tmp_path, monkeypatch):
    """Per-diagram retries of a batch that timed out would each take their own time; the
    build's one deadline ends them all at once."""
    env, started = _graphviz_that_never_returns(tmp_path / "bin")
    monkeypatch.setenv("PATH", env["PATH"])
    monkeypatch.setenv(render.DEADLINE_VARIABLE, "1")
    jobs = [Job(f"person:{i}", f"graph {{ a{i} }}\n") for i in range(100)]
    result = render.render_many(jobs, workers=2)
    assert sorted(result.errors) == sorted(job.key for job in jobs)
    assert len(started.read_text().splitlines()) <= 2  # one process per batch, none per diagram


def _own_templates(portfolio: PortfolioFolder, **templates: str) -> None:
    portfolio.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"',
                                                     'today: "2026-11-22"\n      templates: templates'), dedent=False)
    for name, text in templates.items():
        portfolio.write(f"templates/{name.replace('_md', '.md')}", text)


@pytest.mark.parametrize("templates, named, said", [
    ({"person_md": "{% include 'person.md' %}\n"}, "templates/person.md", "includes itself"),
    ({"person_md": "{% include '_a.md' %}\n", "_a_md": "A\n{% include 'person.md' %}\n"}, "templates/",
     "includes itself"),
    ({"person_md": "# {{ person.name }}\n\n{{ 1 // (person.name | length - person.name | length) }}\n"},
     "templates/person.md:3", "ZeroDivisionError"),
])
def test_a_template_that_loops_or_raises_is_one_message_naming_it(portfolio, templates, named, said):
    _own_templates(portfolio, **templates)
    result = portfolio.build(check=False)
    text = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in text
    assert named in text and said in text


def _bomb(indent: str = "") -> str:
    """A "billion laughs": ten aliases deep, nine wide (3.4 billion values once expanded)."""
    lines = [f'{indent}a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"{indent}a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("file", ["data/people.yaml", "data/profile.yaml", "data/plan.yaml"])
def test_an_alias_bomb_in_a_data_file_is_refused_naming_it(portfolio, file):
    path = portfolio.root / file
    text = path.read_text(encoding="utf-8") if path.exists() else "activities: []\n"
    if file == "data/people.yaml":
        portfolio.write(file, "- id: bomb\n  name: Bomb\n  attributes:\n" + _bomb("    ") + text, dedent=False)
    else:
        portfolio.write(file, text + "extra_bomb:\n" + _bomb("  "), dedent=False)
    result = portfolio.mentornet("check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{file}:" in result.stdout + result.stderr
    assert "aliases" in result.stdout + result.stderr


@pytest.mark.parametrize("command", [("check",), ("build",), ("build", "--engine", "zensical"), ("analyze",),
                                     ("serve",)])
def test_an_alias_bomb_in_mkdocs_yml_is_refused_by_every_mentornet_command(portfolio, command):
    config = portfolio.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n" + _bomb("  "), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mentornet", *command], cwd=portfolio.root,
                            capture_output=True, text=True, timeout=HUNG)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "mkdocs.yml" in result.stderr and "aliases" in result.stderr


def test_in_a_network_where_everyone_knows_everyone_a_person_diagram_stays_the_size_of_its_people():
    """101 people who all know each other: each person diagram drew the 4,950 ties among the
    other hundred (half a million lines in all, 1 GB at build); it draws its own lines and says
    why the rest are left out, while the map keeps every tie."""
    from mentornet.core.model import Person, Portfolio, Profile
    from mentornet.diagrams import dot

    ids = [f"p{i:03d}" for i in range(101)]
    people = tuple(Person(id=i, name=f"Person {i}", knows=tuple(o for o in ids if o != i)) for i in ids)
    portfolio = Portfolio(profile=Profile(name="Owner"), people=people)
    diagram = dot.build(portfolio, "person:p000")
    assert diagram.source.count(" -- ") == 1 + 100  # you, and them to each person they know
    assert "4,950 ties among those they know are too many to draw" in diagram.title
    assert dot.build(portfolio, "map").source.count("\"mn-tie\"") == 5050


def test_placing_people_on_the_map_grows_with_the_people_not_with_their_square(monkeypatch):
    """Everyone in one ring, the worst case: four times the people try about six times the
    places (it was sixteen times: each person searched the band outwards from its inner edge)."""
    from mentornet.core.model import Person, Portfolio, Profile
    from mentornet.diagrams import placement

    tries = []
    free = placement._Grid.free
    monkeypatch.setattr(placement._Grid, "free", lambda self, *a: tries.append(1) or free(self, *a))

    def placed(n: int) -> int:
        tries.clear()
        people = tuple(Person(id=f"p{i}", name=f"Person {'x' * (i % 13)} {i}", closeness="close")
                       for i in range(n))
        layout = placement.map_layout(Portfolio(profile=Profile(name="Owner"), people=people))
        assert len(layout.positions) == n
        return len(tries)

    assert placed(2000) < 8 * placed(500)
