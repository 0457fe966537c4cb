"""Fenced code blocks: the one rule for where one opens and where it closes.

A fence opens with three or more backticks or tildes (indented any amount, as fences nested
in lists and admonitions are) followed by an info string, which for backticks holds no
backtick; it closes at a line of the same character, at least as long, and nothing else.
Private markers, diagram blocks and entry notes all find fences here.
"""

from __future__ import annotations

import re
from typing import Optional

OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")


def opening(line: str) -> Optional[re.Match[str]]:
    """The fence this line opens (groups ``indent``, ``fence``, ``info``), or None."""
    match = OPEN.match(line)
    if not match or (match["fence"][0] == "`" and "`" in match["info"]):
        return None
    return match


def closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes a block opened by ``fence`` (e.g. ```` ``` ````)."""
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}
