"""``mentornet new DIR``: the starter portfolio, its dates set on the day it is made.

The starter's files carry dates as placeholders, so a portfolio made today opens with a journal
entry of today, an action due in a few weeks and a person who joined a few months ago: nothing
overdue, no relationship lapsed, whatever the day. A placeholder is ``{{ today }}`` or
``{{ today + N }}`` / ``{{ today - N }}`` (a date N days away, ``YYYY-MM-DD``), or
``{{ month }}`` / ``{{ month - N }}`` (the month N months away, ``YYYY-MM``).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from mentornet.cli.userfiles import write_text

STARTER = Path(__file__).resolve().parent.parent / "starter"
#: The files whose text may hold placeholders.
TEXT_SUFFIXES = (".yaml", ".yml", ".md")
_PLACEHOLDER = re.compile(r"\{\{\s*(today|month)\s*(?:([+-])\s*(\d+)\s*)?\}\}")


def _month(day: dt.date, offset: int) -> str:
    index = day.year * 12 + (day.month - 1) + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def render(text: str, today: dt.date) -> str:
    """The text with every date placeholder replaced by the date it names, counted from ``today``."""
    def replace(match: re.Match) -> str:
        unit, sign, amount = match.group(1), match.group(2), int(match.group(3) or 0)
        offset = -amount if sign == "-" else amount
        if unit == "month":
            return _month(today, offset)
        return (today + dt.timedelta(days=offset)).isoformat()

    return _PLACEHOLDER.sub(replace, text)


def create(folder: Path, today: dt.date) -> None:
    """Copy the starter into ``folder`` (new or empty), its dates counted from ``today``."""
    shutil.copytree(STARTER, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8")
            rendered = render(text, today)
            if rendered != text:
                write_text(path, rendered)
