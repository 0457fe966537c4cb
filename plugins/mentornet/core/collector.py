"""The collector policy: when Python's cyclic garbage collector pauses, resumes or spares
what exists, so a large load or history is not rescanned again and again."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading allocates many small objects and frees none: the cyclic garbage collector
    would only rescan them again and again.
    Pauses nest: the collector is back when the outermost one ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def collector_resumed(enabled: bool) -> Iterator[None]:
    """The collector as it was outside a pause (``enabled``), for a part within the pause that
    makes cyclic garbage of its own."""
    resume = enabled and not gc.isenabled()
    if resume:
        gc.enable()
    try:
        yield
    finally:
        if resume:
            gc.disable()


@contextmanager
def collector_spares_existing() -> Iterator[None]:
    """The cyclic garbage collector, for what is made from now on only: after a history's
    revisions are read, each of its full passes would walk their many objects again, though
    none of them is garbage. Garbage made meanwhile, the
    charts' and the measures' (cycles of their own), is still collected."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def spare_until_the_end() -> None:
    """What exists now (the portfolio, its history, the pages' Markdown) lives until the build
    ends: the collector need not walk it again while the next stages and MkDocs' conversion and
    rendering of every page make millions of short-lived objects. :func:`collect_everything`
    hands it all back, so what ``mkdocs serve`` drops between rebuilds is collected as before."""
    gc.freeze()


def collect_everything() -> None:
    """The end of a build: what :func:`spare_until_the_end` spared is the collector's again."""
    gc.unfreeze()
