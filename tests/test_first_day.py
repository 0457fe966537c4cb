"""A newcomer's first day: a starter made today builds without anything overdue or lapsed."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

from conftest import PortfolioFolder
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
    folder.write("mkdocs.yml", config.replace("      default_visibility: private",
                                              f'      default_visibility: private\n      today: "{today}"'),
                 dedent=False)
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
