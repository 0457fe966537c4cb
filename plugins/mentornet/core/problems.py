"""Problems found in a portfolio, reported as ``FILE:LINE:COL: message`` lines."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Union


class Suggestion:
    """`` — did you mean 'close'?`` (or ``otherwise`` when nothing is close), worked out only
    when the message is shown. Most messages never are: a history of broken revisions makes
    thousands of them for a one-line note per revision, and difflib is slow."""

    __slots__ = ("word", "choices", "otherwise", "_text")

    word: str
    choices: tuple[str, ...]
    otherwise: str

    def __init__(self, word: object, choices: Iterable[str], otherwise: str = ""):
        self.word, self.choices, self.otherwise = str(word), tuple(choices), otherwise
        self._text: str | None = None

    def __str__(self) -> str:
        if self._text is None:
            match = self.match
            self._text = f" — did you mean '{match}'?" if match else self.otherwise
        return self._text

    @property
    def match(self) -> str:
        """The choice suggested, or "" (a guided command offers it as an answer)."""
        return _closest(self.word, self.choices)

    def __bool__(self) -> bool:  # ``did_you_mean(a, b) or did_you_mean(c, d)`` works it out
        return bool(str(self))

    def __add__(self, other: object) -> "Message":
        return Message(self, other)

    def __radd__(self, other: object) -> "Message":
        return Message(other, self)

    def __getstate__(self) -> tuple:
        return (self.word, self.choices, self.otherwise, self._text)

    def __setstate__(self, state: tuple) -> None:
        self.word, self.choices, self.otherwise, self._text = state

    def key(self) -> tuple:
        """What the suggestion is made from (equal keys, equal texts)."""
        return (self.word, self.choices, self.otherwise)


@lru_cache(maxsize=4096)
def _closest(word: str, choices: tuple[str, ...]) -> str:
    """The choice closest to ``word``, or "": the same mistake in one revision of a history
    after another (an entry naming someone not yet in people.yaml) is looked up once."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else ""


class Message:
    """A message with suggestions in it: text where it is read (``str``, f-strings, ``in``),
    compared and hashed by what it is made from, so sorting and de-duplicating problems
    works nothing out."""

    __slots__ = ("parts",)

    parts: tuple[object, ...]

    def __init__(self, *parts: object):
        flat: list[object] = []
        for part in parts:
            flat.extend(part.parts if isinstance(part, Message) else (part,))
        self.parts = tuple(flat)

    def __str__(self) -> str:
        return "".join(str(part) for part in self.parts)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return repr(str(self))

    def __add__(self, other: object) -> "Message":
        return Message(self, other)

    def __radd__(self, other: object) -> "Message":
        return Message(other, self)

    def __contains__(self, text: str) -> bool:
        return text in str(self)

    def __getattr__(self, name: str) -> Any:  # the rest of ``str`` (startswith, ...): any signature
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(str(self), name)

    def __getstate__(self) -> tuple:
        return self.parts

    def __setstate__(self, state: tuple) -> None:
        self.parts = state

    def key(self) -> tuple:
        return tuple(part.key() if isinstance(part, Suggestion) else part for part in self.parts)

    def __hash__(self) -> int:
        return hash(self.key())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Message):
            return self.key() == other.key()
        return str(self) == other if isinstance(other, str) else NotImplemented

    def __lt__(self, other: object) -> bool:  # only for problems at the same place: rare
        return str(self) < str(other)

    def __gt__(self, other: object) -> bool:
        return str(self) > str(other)


Text = Union[str, Message]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    #: A ``str``, or a :class:`Message` whose suggestions are worked out when it is shown.
    message: Text

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class PortfolioError(Exception):
    """The portfolio could not be loaded; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def did_you_mean(word: object, choices: Iterable[str], otherwise: str = "") -> Suggestion:
    """A suggestion suffix such as `` — did you mean 'close'?``, else ``otherwise``; worked out
    when shown. Add it to a message with ``+`` (an f-string would work it out at once)."""
    return Suggestion(word, choices, otherwise)


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(choices)
