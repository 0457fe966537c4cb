"""What a build tells: the history's problems, the diagrams drawn, and where its time went."""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator, Optional

from mkdocs.plugins import get_plugin_logger

from mentornet.core import collector

if TYPE_CHECKING:
    from mentornet.core.model import Portfolio
    from mentornet.diagrams import Result
    from mentornet.history.gitread import GitHistory

log = get_plugin_logger(__name__)

#: People and journal entries from which `mkdocs serve` suggests `--dirty`.
SERVE_HINT_AT = 300
#: The pipeline's stages whose results last until the build ends (see :func:`collector.spare_until_the_end`).
LASTING = frozenset({"load", "analysis", "history", "pages"})


class Timings:
    """The seconds of each stage of a build (``mkdocs build -v`` lists them)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
        if name in LASTING:
            collector.spare_until_the_end()

    def report(self) -> None:
        summary = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in self.seconds.items())
        log.debug(f"timings: {summary}")


def history(found: Optional[GitHistory], left_out: str) -> None:
    """The history's problems, as warnings (what the user can mend) or information."""
    if found is None:
        return
    from mentornet.history import gitread

    if found.shallow:
        first = next((s.day for s in found.snapshots if s.day), None)
        log.warning(f"history: {gitread.shallow_warning(first)}")
    for warning in found.warnings:  # the settings: what the user can mend
        log.warning(f"history: {warning}")
    report = log.info if left_out == "info" else log.warning
    for skipped in found.skipped:  # past commits: also listed on the history page
        report(f"history: {skipped}")
    if found.stats:
        stats = found.stats
        log.debug(f"history: {stats['revisions']} revision(s), {stats['from_cache']} from the "
                  f"cache; {stats['blobs_read']} blob(s) read, {stats['parsed']} parsed")


def diagrams(result: Result) -> None:
    log.info(result.summary())
    for key, message in sorted(result.errors.items()):
        log.warning(f"a diagram could not be drawn ({key}): {message}")


def conversions(stats: dict[str, int]) -> None:
    log.debug(f"pages: {stats['converted']} converted to HTML, {stats['kept']} kept")


def suggest_dirty(portfolio: Portfolio) -> bool:
    """Whether ``mkdocs serve`` suggested ``--dirty`` for a large portfolio."""
    if len(portfolio.people) + len(portfolio.journal) <= SERVE_HINT_AT:
        return False
    log.info("a large portfolio rebuilds faster with `mkdocs serve --dirty`, "
             "with which MkDocs writes again only the pages a change touches")
    return True
