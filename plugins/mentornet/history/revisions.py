"""Revision resolution: a revision a user names (a tag, a branch, ``HEAD~3``…) as a commit,
and the portfolio as it stood there (``mentornet diff``, the history's ``compare``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from mentornet.core.layout import Layout
from mentornet.history.changes import Snapshot
from mentornet.history.git import FILE_MODES, GitError, files_key, relevant, repo_of, run_git
from mentornet.history.reader import Reader


def resolve(layout: Layout, revision: str) -> str:
    """The full commit id of a revision (a tag, a branch, ``HEAD~3``…); raises GitError."""
    repo = repo_of(layout)
    out = run_git(repo.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}",
               check=False).decode().strip()
    if not out:
        message = f"unknown revision '{revision}': use a commit id, a tag or a branch name"
        raise GitError(message, shared=message)
    return out


def read_revision(layout: Layout, revision: str, cache_dir: Optional[Path] = None) -> Snapshot:
    """The portfolio as it stood at ``revision``; raises GitError if there is none or it does not load."""
    repo = repo_of(layout)
    commit = resolve(layout, revision)
    out = run_git(repo.top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *repo.paths)
    files = {}
    for record in out.decode("utf-8", "replace").split("\x00"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        mode, kind, blob = meta.split()
        if kind != "blob" or mode not in FILE_MODES or not path.startswith(repo.root_prefix):
            continue
        relative = path[len(repo.root_prefix):]
        if relevant(layout, relative):
            files[relative] = blob
    if not files:
        raise GitError(f"there is no portfolio data at {revision}")
    info = run_git(repo.top, "log", "-1", "--format=%aI%x00%s", commit).decode().rstrip("\n").split("\x00")
    reader = Reader(layout, repo, cache_dir)
    reader.start(files)
    portfolio, reason = reader.portfolio(files_key(layout, files))
    reader.cache.used.update(reader.cache.entries)  # keep the history's entries too
    reader.cache.save()
    reader.blobs.close()
    if portfolio is None:
        raise GitError(f"the data at {revision} ({commit[:7]}) does not load: {reason}",
                       shared=f"the data at {revision} ({commit[:7]}) does not load; build the owner's site to see why")
    tag = (revision,) if revision != commit and not revision.startswith(commit[:7]) else ()
    return Snapshot(commit, dt.datetime.fromisoformat(info[0]), info[1], portfolio, tag)
