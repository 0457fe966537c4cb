"""A real pseudo-terminal for the guided commands: a test types as a person would."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect

ANSI = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-B]|[=>78])")


class Terminal:
    """``mentornet ARGS`` in a pseudo-terminal (100 columns, 40 rows, no colour): ``type`` answers a text
    question, ``choose`` a numbered one, ``key`` sends raw keys; ``finish`` waits for the end."""

    def __init__(self, *args: str, cwd: Path, env: dict | None = None, rows: int = 40):
        self.child = pexpect.spawn(sys.executable, ["-m", "mentornet", *args], cwd=str(cwd),
                                   env={**os.environ, "NO_COLOR": "1", "TERM": "xterm", **(env or {})},
                                   encoding="utf-8", codec_errors="replace", timeout=60, dimensions=(rows, 100))
        self.seen: list[str] = []

    def _expect(self, prompt: str) -> None:
        try:
            self.child.expect(re.escape(prompt))
        except (pexpect.TIMEOUT, pexpect.EOF):
            self.seen.append(str(self.child.buffer))
            raise AssertionError(f"never asked {prompt!r}; the terminal showed:\n{self.output}") from None
        finally:
            self.seen.append(self.child.before if isinstance(self.child.before, str) else "")
            if isinstance(self.child.after, str):
                self.seen.append(self.child.after)

    def wait(self, prompt: str) -> None:
        """Wait until the terminal shows ``prompt``, answering nothing (yet)."""
        self._expect(prompt)

    def either(self, *prompts: str) -> int:
        """Which of ``prompts`` the terminal shows first (its index)."""
        try:
            found = self.child.expect([re.escape(prompt) for prompt in prompts])
        except (pexpect.TIMEOUT, pexpect.EOF):
            raise AssertionError(f"showed none of {prompts!r}; the terminal showed:\n{self.output}") from None
        self.seen += [self.child.before, self.child.after]
        return found

    def type(self, prompt: str, text: str) -> None:
        self._expect(prompt)
        self.child.send(text + "\r")

    def choose(self, prompt: str, number: int) -> None:
        self._expect(prompt)
        self.child.send(str(number))
        self.child.send("\r")

    def confirm(self, prompt: str, yes: bool) -> None:
        self._expect(prompt)
        self.child.send("y" if yes else "n")

    def tick(self, prompt: str, positions: list[int], count: int) -> None:
        """Tick the choices at ``positions`` (1-based) of a checkbox of ``count``, then Enter."""
        self._expect(prompt)
        for position in range(1, count + 1):
            if position in positions:
                self.child.send(" ")
            self.child.send("\x1b[B")  # down
        self.child.send("\r")

    def key(self, prompt: str, keys: str) -> None:
        self._expect(prompt)
        self.child.send(keys)

    def finish(self) -> int:
        """The exit status once the command ends."""
        try:
            self.child.expect(pexpect.EOF)
        except pexpect.TIMEOUT:
            raise AssertionError(f"the command did not end; the terminal showed:\n{self.output}") from None
        self.seen.append(self.child.before if isinstance(self.child.before, str) else "")
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else 128 + self.child.signalstatus

    @property
    def colours(self) -> set[str]:
        """The colour codes the terminal was sent (foreground and background; bold and reverse
        video are not colours)."""
        found = set()
        for match in re.finditer(r"\x1b\[([0-9;]*)m", "".join(self.seen)):
            for code in match.group(1).split(";"):
                if code.isdigit() and (30 <= int(code) <= 38 or 40 <= int(code) <= 48 or 90 <= int(code) <= 107):
                    found.add(code)
        return found

    @property
    def output(self) -> str:
        """Everything the terminal showed, without its control sequences."""
        return ANSI.sub("", "".join(self.seen)).replace("\r", "")
