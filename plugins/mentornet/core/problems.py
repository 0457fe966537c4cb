"""Problems found in a portfolio, reported as ``FILE:LINE:COL: message`` lines."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class PortfolioError(Exception):
    """The portfolio could not be loaded; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A suggestion suffix such as `` — did you mean 'close'?``, or nothing."""
    matches = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" — did you mean '{matches[0]}'?" if matches else ""


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(choices)
