"""``mentornet new --demo DIR``: the example portfolio as a Git repository with a history.

Fourteen months of dated commits (Sep 2025 to Nov 2026) lead to the example's current
files: people joining on their ``since`` dates, relationships growing closer or drifting,
someone leaving, journal entries on their dates, a network audit each half-year (tagged
``audit-2025-12`` and ``audit-2026-06``), then the plan. The last commit is the example
exactly as it ships, so the history page and ``mentornet diff`` work at once.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import yaml

from mentornet.core.yamldata import Yaml, YamlMap
from mentornet.load import portfolio as load

PACKAGE = Path(__file__).parent.parent
STARTER = PACKAGE / "starter"


def _example() -> Path:
    """The example portfolio: in the package when installed from a wheel (setup.py copies it
    there), else the root of the checkout the package runs from (an editable install), which is
    the example itself; Git holds one copy of it."""
    inside, checkout = PACKAGE / "example", PACKAGE.parent.parent
    return inside if (inside / "mkdocs.yml").is_file() else checkout


EXAMPLE = _example()
START = dt.date(2025, 9, 8)
AUTHOR = ("Maya Lindqvist", "maya.lindqvist@example.org")


@dataclass
class Step:
    day: dt.date
    subject: str
    tag: Optional[str] = None
    audits: bool = False
    plan: bool = False
    reflections: bool = False
    final: bool = False


#: Earlier values of a person's fields, and the day they took their current value.
EARLIER: dict[str, list[tuple[dt.date, YamlMap, str]]] = {
    "samuel-osei": [(dt.date(2026, 2, 18), {"closeness": "moderate", "support": ["career"]},
                     "Samuel: closer after saying yes and no")],
    "ada-mensah": [(dt.date(2026, 4, 14), {"closeness": "moderate"}, "Ada: from colleague to close ally")],
    "ingrid-halvorsen": [(dt.date(2026, 1, 12), {"closeness": "close", "support": ["career", "personal", "job"]},
                          "Ingrid: drifting since I left the PhD group")],
    "tom-fairweather": [(dt.date(2026, 6, 15), {"closeness": "close"}, "")],
    "gareth-pryce": [(dt.date(2026, 7, 8), {"closeness": "moderate", "support": ["career", "job"]},
                      "Gareth: annual review, a more distant relationship")],
    "hannah-kowalczyk": [(dt.date(2025, 11, 3), {"roles": ["peer"]}, "Hannah: peer mentor, now also a connector")],
}


def _people(final: list[dict], day: dt.date) -> list[dict]:
    present = [p for p in final if _since(p) <= day]
    ids = {p["id"] for p in present}
    out = []
    for person in present:
        person = dict(person)
        for changed_on, before, _ in EARLIER.get(person["id"], ()):
            if day < changed_on:
                person.update(before)
        until = person.get("until")
        if until is not None and _day(until) > day:
            person.pop("until")
        for key in ("last_contact",):
            if key in person and _day(person[key]) > day:
                person.pop(key)
        if "knows" in person:
            person["knows"] = [other for other in person["knows"] if other in ids]
        out.append(person)
    return out


def _day(value: Yaml) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _since(person: dict) -> dt.date:
    return _day(person["since"]) if person.get("since") else START


def _dump(data: Yaml) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _entry_day(path: Path) -> dt.date:
    return dt.date.fromisoformat(path.name[:10])


def _steps(final_people: list[dict], journal: list[Path], audits: list[dict]) -> list[Step]:
    steps = [Step(START, "Start my developmental network map")]
    for person in final_people:
        since = _since(person)
        if since > START:
            steps.append(Step(since, f"{person['name']} joins my network"))
        if person.get("until"):
            steps.append(Step(_day(person["until"]), f"{person['name']} leaves my network"))
        for changed_on, _, subject in EARLIER.get(person["id"], ()):
            if subject:
                steps.append(Step(changed_on, subject))
    for entry in journal:
        steps.append(Step(_entry_day(entry), f"Journal: {entry.stem[11:].replace('-', ' ')}"))
    for audit in audits:
        day = _day(audit["date"])
        steps.append(Step(day, f"Network audit, {day:%B %Y}", tag=f"audit-{day:%Y-%m}", audits=True))
    steps.append(Step(dt.date(2026, 1, 10), "Reflections: first answers", reflections=True))
    steps.append(Step(dt.date(2026, 5, 27), "Plan: activities and prospects", plan=True))
    steps.append(Step(dt.date(2026, 11, 21), "Update notes, contacts and the plan", final=True))
    steps.sort(key=lambda s: s.day)
    merged: list[Step] = []  # one commit a day: what happened that day, the audit first
    for step in steps:
        if merged and merged[-1].day == step.day:
            last = merged[-1]
            first, second = (step, last) if step.tag else (last, step)
            merged[-1] = Step(step.day, f"{first.subject}; {second.subject[0].lower()}{second.subject[1:]}",
                              tag=last.tag or step.tag, audits=last.audits or step.audits,
                              plan=last.plan or step.plan, reflections=last.reflections or step.reflections,
                              final=last.final or step.final)
        else:
            merged.append(step)
    return merged


def _git(folder: Path, *args: str, day: Optional[dt.date] = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": AUTHOR[0], "GIT_AUTHOR_EMAIL": AUTHOR[1],
           "GIT_COMMITTER_NAME": AUTHOR[0], "GIT_COMMITTER_EMAIL": AUTHOR[1],
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    if day is not None:
        stamp = f"{day.isoformat()}T19:30:00+00:00"
        env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", *args], cwd=folder,
                   env=env, check=True, capture_output=True)


def create(folder: Path, example: Path = EXAMPLE) -> int:
    """Write the example portfolio with its history into ``folder`` (new or empty); the number of commits."""
    folder.mkdir(parents=True, exist_ok=True)
    data, content = example / "data", example / "content"
    final_people = yaml.safe_load((data / "people.yaml").read_text(encoding="utf-8")) or []
    final_audits = yaml.safe_load((data / "audit.yaml").read_text(encoding="utf-8")) or []
    journal = sorted((content / "journal").glob("*.md"))
    _git(folder, "init", "-q", "-b", "main")
    shutil.copyfile(STARTER / ".gitignore", folder / ".gitignore")
    shutil.copyfile(example / "mkdocs.yml", folder / "mkdocs.yml")
    (folder / "public").mkdir(exist_ok=True)
    (folder / "public" / ".gitkeep").write_text("", encoding="utf-8")
    (folder / "content" / "journal").mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    shutil.copyfile(content / "index.md", folder / "content" / "index.md")
    shutil.copyfile(data / "profile.yaml", folder / "data" / "profile.yaml")
    shutil.copyfile(data / "sharing.yaml", folder / "data" / "sharing.yaml")
    layout = load.Layout.of(folder)
    commits = 0
    steps = _steps(final_people, journal, final_audits)
    for step in steps:
        day = step.day
        if step.final:
            shutil.rmtree(folder / "data")
            shutil.copytree(data, folder / "data")
            shutil.rmtree(folder / "content")
            shutil.copytree(content, folder / "content")
        else:
            (folder / "data" / "people.yaml").write_text(
                "# The people in my developmental network.\n\n" + _dump(_people(final_people, day)),
                encoding="utf-8")
            audits = [a for a in final_audits if _day(a["date"]) <= day]
            if audits:
                (folder / "data" / "audit.yaml").write_text(_dump(audits), encoding="utf-8")
            if step.reflections:
                shutil.copyfile(data / "reflections.yaml", folder / "data" / "reflections.yaml")
            if step.plan:
                shutil.copyfile(data / "plan.yaml", folder / "data" / "plan.yaml")
            for entry in journal:
                target = folder / "content" / "journal" / entry.name
                if _entry_day(entry) <= day and not target.exists():
                    shutil.copyfile(entry, target)
        portfolio, problems = load.read_portfolio(layout)
        if problems:  # a state of the story that would not load: a bug in this module
            raise RuntimeError(f"demo history, {day}: " + "; ".join(str(p) for p in problems[:3]))
        _git(folder, "add", "-A", ".")
        status = subprocess.run(["git", "status", "--porcelain"], cwd=folder, capture_output=True, text=True)
        if not status.stdout.strip():
            continue
        _git(folder, "commit", "-q", "-m", step.subject, day=day)
        commits += 1
        if step.tag:
            _git(folder, "tag", step.tag, day=day)
    return commits
