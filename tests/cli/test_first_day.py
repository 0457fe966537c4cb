"""A newcomer's first day: a starter made today builds without anything overdue or lapsed."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import subprocess
import sys

from tests.conftest import PortfolioFolder
from mentornet.cli import starter


def _new(tmp_path, *args: str) -> PortfolioFolder:
    result = subprocess.run([sys.executable, "-m", "mentornet", "new", "mine", *args], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return PortfolioFolder(tmp_path / "mine")


def test_a_starter_built_on_the_day_it_is_made_shows_nothing_overdue_or_lapsed(tmp_path):
    folder = _new(tmp_path)
    today = dt.date.today().isoformat()
    config = (folder.root / "mkdocs.yml").read_text(encoding="utf-8")
    pinned = config.replace("      audience: !ENV [MENTORNET_AUDIENCE, owner]\n",
                            f'      audience: !ENV [MENTORNET_AUDIENCE, owner]\n      today: "{today}"\n')
    assert pinned != config
    folder.write("mkdocs.yml", pinned, dedent=False)
    folder.build("--strict")
    shown = {path.relative_to(folder.site): path.read_text(encoding="utf-8")
             for path in folder.site.rglob("*") if path.suffix in (".html", ".json", ".ics")}
    assert len([p for p in shown if p.suffix == ".html"]) > 10
    for path, text in shown.items():
        for word in ("overdue", "lapsed", "LAPSED", "Overdue"):
            assert word not in text, f"{path} says {word!r} on the starter's first day"
    entry = folder.page("journal/first-entry")
    assert "Ask First Mentor for a first conversation" in entry  # the action is there, just not late


def test_the_starter_dates_count_from_the_day_it_is_made(tmp_path):
    folder = _new(tmp_path, "--today", "2026-11-22")
    entry = (folder.root / "content/journal/first-entry.md").read_text(encoding="utf-8")
    people = (folder.root / "data/people.yaml").read_text(encoding="utf-8")
    assert "date: 2026-11-22\n" in entry and "due: 2026-12-13\n" in entry
    assert re.search(r"^  since: 2026-08 +# when they joined", people, re.MULTILINE)
    left = [p for p in folder.root.rglob("*") if p.is_file() and "{{" in p.read_text(encoding="utf-8")]
    assert left == []


def test_a_month_placeholder_crosses_the_year():
    assert starter.render("since: {{ month - 3 }}", dt.date(2026, 2, 10)) == "since: 2025-11"
    assert starter.render("{{ today + 21 }} {{today}}", dt.date(2026, 12, 20)) == "2027-01-10 2026-12-20"


def test_new_refuses_a_today_that_is_not_a_date(tmp_path):
    result = subprocess.run([sys.executable, "-m", "mentornet", "new", "mine", "--today", "22/11/2026"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1 and "--today: '22/11/2026' is not a date" in result.stderr
    assert not (tmp_path / "mine").exists()


GIT = {"GIT_AUTHOR_NAME": "A Newcomer", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A Newcomer",
       "GIT_COMMITTER_EMAIL": "a@example.org", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


def _git(folder: PortfolioFolder, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder.root, capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT}).stdout


def test_what_the_commands_write_by_default_is_not_something_git_would_add(tmp_path):
    folder = _new(tmp_path)
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "My network")
    commands = [("check",), ("analyze",), ("analyze", "--json"), ("prep", "first-mentor"), ("calendar",),
                ("export", "--format", "graphml"), ("export", "--format", "csv"), ("export", "--format", "json"),
                ("schema",), ("diff", "HEAD"), ("build",), ("build", "--audience", "mentor"), ("upgrade",)]
    if importlib.util.find_spec("zensical") is not None:  # staged under .cache/, built into site/
        commands.append(("build", "--engine", "zensical"))
    for command in commands:
        result = folder.mentornet(*command)
        assert result.returncode == 0, f"mentornet {' '.join(command)}: {result.stderr}"
    folder.build()  # mkdocs build, as the README shows too
    made = {"calendar.ics", "network.graphml", "network", "portfolio.json", "site", ".cache"}
    assert made <= {p.name for p in folder.root.iterdir()}  # every command did write its file
    assert _git(folder, "status", "--porcelain", "--untracked-files=all") == ""


def test_an_out_of_dash_writes_to_standard_output_for_every_command(tmp_path):
    folder = _new(tmp_path)
    before = {p.relative_to(folder.root) for p in folder.root.rglob("*")}
    exported = folder.mentornet("export", "--format", "json", "--out", "-")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["people"][0]["id"] == "first-mentor"
    graphml = folder.mentornet("export", "--format", "graphml", "--out", "-")
    assert graphml.stdout.startswith("<?xml") and "first-mentor" in graphml.stdout
    calendar = folder.mentornet("calendar", "--out", "-")
    assert calendar.stdout.startswith("BEGIN:VCALENDAR")
    schemas = json.loads(folder.mentornet("schema", "--out", "-").stdout)
    assert "person.schema.json" in schemas
    assert {p.relative_to(folder.root) for p in folder.root.rglob("*")} == before  # no file named -
    csv = folder.mentornet("export", "--format", "csv", "--out", "-")
    assert csv.returncode == 2 and "the csv export is two files (people.csv and ties.csv)" in csv.stderr
    assert not (folder.root / "-").exists()
