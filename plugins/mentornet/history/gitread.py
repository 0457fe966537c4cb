"""Reading the portfolio's history from Git: the history stage's entry, for a site and for
``mentornet``'s commands.

    git.py        the Git processes: the log of the commits that touched the data, the blobs
    items.py      the YAML item splitter and its diff (a list file read item by item)
    store.py      the revision store: every revision's network, pickled, items shared
    reader.py     incremental reading and validation, revision after revision
    revisions.py  a revision a user names, resolved and read
    changes.py    snapshots and the changes between them (pure); differ.py compares them by
                  what revisions share, wording.py says them
    gitread.py    the history read (:func:`read_history`), and as an audience's site shows it
                  (:func:`for_site`)
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from mentornet.audience.view import OWNER, Audience
from mentornet.core import caching, collector
from mentornet.core.layout import Layout
from mentornet.core.model import Portfolio, Sharing
from mentornet.history import changes as history_stage
from mentornet.history.changes import UNCOMMITTED, History, Snapshot
from mentornet.history.git import GitError, Listing, list_history
from mentornet.history.reader import Reader, Session
from mentornet.history.revisions import read_revision, resolve
from mentornet.history.store import entry_of, network
from mentornet.load import portfolio as load
from mentornet.load.memo import SharedMemo


@dataclass
class GitHistory:
    """What :func:`read_history` found: snapshots oldest first, and what went wrong."""

    snapshots: list[Snapshot] = field(default_factory=list)
    #: Empty when there is a history; otherwise why there is none, in a sentence.
    unavailable: str = ""
    warnings: list[str] = field(default_factory=list)
    #: Commits left out because their data does not load: the past, which no build can mend.
    skipped: list[str] = field(default_factory=list)
    shallow: bool = False
    #: Counters for tests and benchmarks: blobs read and parsed, revisions from the cache.
    stats: dict[str, int] = field(default_factory=dict)


def read_history(layout: Layout, cache_dir: Optional[Path] = None, uncommitted: bool = True,
                 current: Optional[Portfolio] = None, session: Optional[Session] = None,
                 loaded_with: Optional[SharedMemo] = None) -> GitHistory:
    """The portfolio at every commit that touched its data or journal, oldest first.

    With ``uncommitted``, changes in the working tree (to the files the loader reads) add a
    last snapshot, ``"uncommitted"``, read from the disk. Never raises for a missing
    repository, a shallow clone or a broken revision: see ``unavailable``, ``warnings`` and
    ``skipped``; ``loaded_with``: see :func:`for_site`.
    """
    return _read(layout, list_history(layout, uncommitted), cache_dir, current, session, loaded_with)


def _read(layout: Layout, listing: Listing, cache_dir: Optional[Path], current: Optional[Portfolio],
          session: Optional[Session], loaded_with: Optional[SharedMemo] = None) -> GitHistory:
    # a read makes no cycles: the collector would only rescan it (the log, the revisions, the
    # cache written), again and again
    with collector.collector_paused():
        return _read_revisions(layout, listing, cache_dir, current, session, loaded_with)


def _read_revisions(layout: Layout, listing: Listing, cache_dir: Optional[Path], current: Optional[Portfolio],
                    session: Optional[Session], loaded_with: Optional[SharedMemo]) -> GitHistory:
    result = GitHistory(unavailable=listing.unavailable)
    if listing.fault:  # the page says why; the build says so too (`--strict` stops)
        result.warnings.append(listing.unavailable)
    if listing.fault:  # the page says why; the build says so too (`--strict` stops)
        result.warnings.append(listing.unavailable)
    repo, commits = listing.repo, listing.commits
    if repo is None or listing.unavailable:
        result.shallow = repo.shallow if repo else False
        return result
    result.shallow = repo.shallow
    reader = Reader(layout, repo, cache_dir, session, loaded_with)
    previous: Optional[Portfolio] = None
    for number, commit in enumerate(commits):
        reader.coming = (commits, number)
        reader.advance(commit.changes)
        portfolio, reason = reader.portfolio(commit.key)
        if portfolio is None:
            result.skipped.append(f"commit {commit.commit[:7]} (\"{commit.subject}\", "
                                  f"{commit.date.date().isoformat()}) was left out of the history: {reason}")
            continue
        result.snapshots.append(Snapshot(commit.commit, commit.date, commit.subject, portfolio, commit.tags))
        previous = portfolio
    reader.cache.save()
    reader.blobs.close()
    if session is not None:
        session.revisions = reader.revisions
        session.entries = {(path, blob): reader.entries[(path, blob)] for path, blob in reader.files.items()
                           if (path, blob) in reader.entries}
        session.data = reader.data
    if listing.changed and commits:
        # the working tree as the build already loaded it, else read from the disk
        portfolio, problems = (current, []) if current is not None else load.read_portfolio(layout)
        if portfolio is not None and not problems:
            portfolio = network(portfolio)
            if previous is None or entry_of(portfolio) != entry_of(previous):
                result.snapshots.append(Snapshot(UNCOMMITTED, None, "Uncommitted changes", portfolio))
    if not commits:
        result.unavailable = ("There are no commits of the data yet: commit the data folder "
                              "(`git add data content && git commit`) and its history starts here.")
    result.stats = {**reader.stats, "commits": len(commits)}
    return result


def shallow_warning(first: Optional[dt.date]) -> str:
    """What to say of a history read from a shallow clone (``shallow`` is set)."""
    return (f"this is a shallow clone, so the history starts at {first.isoformat() if first else '?'}; "
            "fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in GitHub Actions) "
            "to see all of it")


def for_site(layout: Layout, *, audience: Audience = OWNER, policy: Optional[Sharing] = None,
             compare: tuple[str, ...] | list[str] = (),
             cache_dir: Optional[Path] = None, uncommitted: bool = True,
             today: Optional[dt.date] = None, current: Optional[Portfolio] = None,
             session: Optional[Session] = None, loaded_with: Optional[SharedMemo] = None) -> History:
    """The history the pages show: read, filtered for the audience, compared, charted.

    A build keeps the result under ``cache_dir``, keyed by what Git listed and the working
    tree's changed files: the next build with nothing new reads one file. ``mkdocs serve``
    passes a ``session`` instead, and a rebuild redoes only what changed since the last one.
    ``loaded_with``: the memo ``current`` was loaded with, whose journal the history finds
    again in its last commits (see :meth:`mentornet.load.memo.SharedMemo.borrowed`).
    """
    today = today or dt.date.today()
    policy = policy if policy is not None else Sharing()
    listing = list_history(layout, uncommitted)
    enabled = gc.isenabled()

    def make() -> History:
        with collector.collector_resumed(enabled):
            return _for_site(layout, listing, audience, policy, compare, cache_dir, today, current, session,
                             loaded_with)

    if session is not None or cache_dir is None:
        return make()
    key = _site_key(layout, listing, tuple(compare),
                    (audience.name, policy, today), current)
    with collector.collector_paused():  # a kept history read back: its objects are no garbage to look for
        result, kept = caching.remembered(caching.STORES["history"].path(cache_dir, audience.name), key, make)
    result.key = key
    if kept:
        n = result.stats.get("revisions", 0)
        result.stats = {"revisions": n, "from_cache": n, "blobs_read": 0, "parsed": 0, "commits": n}
    return result


def _site_key(layout: Layout, listing: Listing, compare: tuple[str, ...], options: tuple,
              current: Optional[Portfolio]) -> str:
    """Everything the history of the site is made from: the log, the working tree when it has
    changes (the portfolio the build loaded from it, else the changed files), where compared
    revisions point, the options."""
    changed: list[tuple[str, Optional[str]]] = []
    for relative in listing.changed if current is None else ():
        try:
            changed.append((relative, hashlib.sha256((layout.root / relative).read_bytes()).hexdigest()))
        except OSError:
            changed.append((relative, None))
    # what the last snapshot is made of, ignored files and all; else the changed files
    worktree = current.fingerprint if listing.changed and current is not None else changed
    pointing: list[Optional[str]] = []
    for revision in compare:
        try:
            pointing.append(resolve(layout, revision))
        except GitError:
            pointing.append(None)
    return caching.STORES["history"].digest([
        layout.shown(layout.data_dir), layout.shown(layout.content_dir), listing.repo,
        hashlib.sha256(listing.log).hexdigest(), worktree, compare, pointing, options])


def _for_site(layout: Layout, listing: Listing, audience: Audience, policy: Sharing,
              compare: tuple[str, ...] | list[str],
              cache_dir: Optional[Path], today: dt.date, current: Optional[Portfolio],
              session: Optional[Session], loaded_with: Optional[SharedMemo] = None) -> History:
    found = _read(layout, listing, cache_dir, current, session, loaded_with)
    with collector.collector_spares_existing():
        return _seen(layout, found, audience, policy, compare, cache_dir, today, session)


def _seen(layout: Layout, found: GitHistory, audience: Audience, policy: Sharing,
          compare: tuple[str, ...] | list[str],
          cache_dir: Optional[Path], today: dt.date, session: Optional[Session]) -> History:
    """The history read, as ``audience`` sees it: compared, measured, charted."""
    from mentornet.history import charts as historycharts

    warnings = [history_stage.Notice(warning, warning) for warning in found.warnings]  # the settings' own
    snapshots = found.snapshots
    extras: list[Snapshot] = []
    if len(compare) == 2 and snapshots:
        for revision in compare:
            match = next((s for s in snapshots if revision in s.tags), None)
            if match is None:
                try:
                    match = read_revision(layout, revision, cache_dir)
                except GitError as error:
                    instead = "; comparing the first and the latest snapshot instead"
                    warnings.append(history_stage.Notice(f"history: compare: {error}{instead}",
                                                         f"history: compare: {error.shared}{instead}"))
                    extras = []
                    break
            extras.append(replace_tags(match, revision))
    elif compare:
        told = "history: compare takes two revisions, e.g. `compare: [v2025, v2026]`"
        warnings.append(history_stage.Notice(told, told))
    filtered = history_stage.for_audience(extras + snapshots, audience, policy)
    pair = (filtered[0], filtered[1]) if len(extras) == 2 else None
    result = history_stage.build(filtered[len(extras):], compare_with=pair, unavailable=found.unavailable,
                                 warnings=warnings, skipped=found.skipped, shallow=found.shallow,
                                 memo=session.memo if session else None, audience=audience)
    result.stats = found.stats
    if result.points:
        charts = historycharts.charts(result, today, caching.STORES["charts"].path(cache_dir))
        result.charts = {chart.path: chart for chart in charts}
    return result


def replace_tags(snapshot: Snapshot, name: str) -> Snapshot:
    """The snapshot named as the user named it (a tag) first."""
    from dataclasses import replace

    return replace(snapshot, tags=(name,) + tuple(t for t in snapshot.tags if t != name))
