"""`mentornet audit`: Ibarra's network audit typed into a real pseudo-terminal."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import yaml

from tests.cli.guided_terminal import Terminal
from mentornet.core.layout import Layout
from mentornet.load import load


def test_an_audit_of_at_most_ten_people_is_appended_and_the_files_comments_stay(example):
    audit_file = example.root / "data" / "audit.yaml"
    before = audit_file.read_text(encoding="utf-8")
    people_before = yaml.safe_load((example.root / "data" / "people.yaml").read_text(encoding="utf-8"))
    portfolio = load(Layout.of(example.root))
    listed = sorted((p for p in portfolio.people if p.active), key=lambda p: p.sort_name)
    assert len(listed) >= 11

    terminal = Terminal("audit", cwd=example.root)
    terminal.tick("Whom did you turn to?", list(range(1, 12)), 11)  # eleven: one too many
    # asked again, the ticks kept: untick the tenth and the eleventh
    terminal.tick("At most 10, please: 11 are ticked; untick 1.", [10, 11], 11)
    terminal.type("Anyone else?", "Kofi Asante")
    terminal.choose("How close is your relationship with Kofi Asante?", 3)
    terminal.choose("Is Kofi Asante inside or outside", 2)
    terminal.choose("Compared with you, Kofi Asante is", 1)
    terminal.type("Kofi Asante's title or role", "Reader in Epidemiology")
    terminal.type("Kofi Asante's organisation", "Northfield University")
    terminal.choose("Which social system is Kofi Asante part of?", 3)
    terminal.type("A strength (1 of 3)", "Real personal support: at home and at work")
    terminal.type("A strength (2 of 3)", "A sponsor who speaks for me")
    terminal.type("A strength (3 of 3)", "Range beyond my department")
    terminal.type("A weakness (1 of 3)", "Everyone knows everyone")
    terminal.type("A weakness (2 of 3)", "")
    terminal.type("A note for the next audit", "")
    terminal.confirm("Add this audit to data/audit.yaml?", True)
    assert terminal.finish() == 0, terminal.output
    assert "Traceback" not in terminal.output

    after = audit_file.read_text(encoding="utf-8")
    assert after.startswith(before)  # every comment and earlier audit as it was written
    audits = yaml.safe_load(after)
    assert len(audits) == len(yaml.safe_load(before)) + 1
    audit = audits[-1]
    assert audit["date"] == dt.date(2026, 11, 22)  # the portfolio's `today`
    assert len(audit["core"]) <= 10
    assert audit["core"] == [p.id for p in listed[:9]] + ["kofi-asante"]
    assert audit["strengths"] == ["Real personal support: at home and at work", "A sponsor who speaks for me",
                                  "Range beyond my department"]
    assert audit["weaknesses"] == ["Everyone knows everyone"]
    people_after = yaml.safe_load((example.root / "data" / "people.yaml").read_text(encoding="utf-8"))
    assert people_after[:-1] == people_before
    assert people_after[-1] == {"id": "kofi-asante", "name": "Kofi Asante", "title": "Reader in Epidemiology",
                                "organisation": "Northfield University", "inside": False, "seniority": "senior",
                                "closeness": "distant", "social_system": "other-institutions",
                                "visibility": "private"}
    check = subprocess.run([sys.executable, "-m", "mentornet", "check"], cwd=example.root, capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stderr


def test_ctrl_c_in_the_audit_changes_nothing_and_says_so_in_one_line(example):
    before = {p: p.read_bytes() for p in sorted((example.root / "data").rglob("*")) if p.is_file()}
    terminal = Terminal("audit", cwd=example.root)
    terminal.tick("Whom did you turn to?", [1, 2], 2)
    terminal.type("Anyone else?", "")
    terminal.type("A strength (1 of 3)", "Honest feedback")
    terminal.key("A strength (2 of 3)", "\x03")
    assert terminal.finish() == 130
    assert terminal.output.strip().splitlines()[-1] == "Nothing was changed."
    assert "Traceback" not in terminal.output
    assert {p: p.read_bytes() for p in sorted((example.root / "data").rglob("*")) if p.is_file()} == before


def test_a_network_too_long_to_list_in_the_terminal_is_typed_name_by_name(example):
    terminal = Terminal("audit", cwd=example.root, rows=16)
    terminal.type("type their names; part of a name will do.", "Priya")
    terminal.choose("Whom do you mean by 'Priya'?", 1)
    terminal.type("Anyone else?", "Dr Helen Achterberg")  # not her name as written: a did-you-mean
    terminal.confirm("Did you mean Prof Helen Achterberg?", True)
    terminal.type("Anyone else?", "")
    terminal.type("A strength (1 of 3)", "")
    terminal.type("A weakness (1 of 3)", "")
    terminal.type("A note for the next audit", "Short on time today.")
    terminal.confirm("Add this audit to data/audit.yaml?", True)
    assert terminal.finish() == 0, terminal.output
    audit = yaml.safe_load((example.root / "data" / "audit.yaml").read_text(encoding="utf-8"))[-1]
    assert audit == {"date": dt.date(2026, 11, 22), "core": ["priya-nair", "helen-achterberg"],
                     "notes": "Short on time today."}
    assert "Traceback" not in terminal.output
