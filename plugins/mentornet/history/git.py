"""Git at the edge of the history stage: the processes, the log, the blobs.

One ``git log`` over the data and journal folders lists the commits that touched them, with
the blob id of every changed file (``--raw``; renames as a deletion and an addition; merges
against their first parent, so the history follows the branch as it was lived). One
``git cat-file --batch`` process then reads every blob that is needed. Never one process
per commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Optional

from mentornet.core.layout import Layout

#: Data files the loader reads (besides ``people/<id>.yaml``).
DATA_FILES = ("profile.yaml", "people.yaml", "audit.yaml", "plan.yaml", "reflections.yaml")
FILE_MODES = ("100644", "100755")


class GitError(RuntimeError):
    """git failed in a way that means there is no history to read here.

    ``shared`` is what an audience other than the owner may read of it: the message may quote
    the data of a revision, so unless a caller says the whole message names nothing, it is a
    sentence that names nothing."""

    def __init__(self, message: str, shared: Optional[str] = None) -> None:
        super().__init__(message)
        self.shared = shared if shared is not None else "git could not read it; build the owner's site to see why"


def run_git(root: Path, *args: str, input: Optional[bytes] = None, check: bool = True) -> bytes:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", "-C", str(root), *args], input=input,
                              capture_output=True, env=env)
    except FileNotFoundError:
        raise GitError("the program `git` is not installed, so the history cannot be read") from None
    if check and done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


@dataclass(frozen=True)
class Repo:
    top: Path
    #: The portfolio's root, relative to the top of the repository ("" when the same).
    root_prefix: str
    #: Pathspecs (relative to the top) of the data and journal folders.
    paths: tuple[str, ...]
    shallow: bool


def repo_of(layout: Layout) -> Repo:
    """The repository holding ``layout``; raises GitError when there is none."""
    if not layout.root.is_dir():
        raise GitError(f"{layout.root} is not a folder")
    out = run_git(layout.root, "rev-parse", "--show-toplevel", "--is-shallow-repository").decode()
    top_line, shallow_line = (out.splitlines() + ["", ""])[:2]
    top = Path(top_line).resolve()
    prefix = os.path.relpath(layout.root, top).replace(os.sep, "/")
    paths = []
    for folder in (layout.data_dir, layout.journal_dir):
        relative = os.path.relpath(folder, top).replace(os.sep, "/")
        if not relative.startswith(".."):
            paths.append(relative)
    if not paths:
        raise GitError("the data folder is not inside the Git repository")
    return Repo(top, "" if prefix == "." else prefix + "/", tuple(paths), shallow_line.strip() == "true")


def relevant(layout: Layout, relative: str) -> bool:
    """Whether the loader reads this file (path relative to the portfolio's root)."""
    return kind(layout, relative) is not None


def kind(layout: Layout, relative: str) -> Optional[str]:
    """``"data"`` or ``"journal"`` for a file the loader reads, else None."""
    data, journal = _folders(layout)
    if relative.startswith(data):
        name = relative[len(data):]
        return "data" if name in DATA_FILES or (name.startswith("people/") and name.count("/") == 1
                                                and name.endswith((".yaml", ".yml"))) else None
    if relative.startswith(journal):
        return "journal" if relative.endswith(".md") and not relative.endswith("/index.md") else None
    return None


@lru_cache(maxsize=8)
def _folders(layout: Layout) -> tuple[str, str]:
    """The data and journal folders as the log names them (asked for every file of every commit)."""
    return layout.shown(layout.data_dir) + "/", layout.shown(layout.journal_dir) + "/"


@dataclass
class Commit:
    commit: str
    date: dt.datetime
    subject: str
    tags: tuple[str, ...]
    #: What changed since the commit before it in the list: path relative to the portfolio
    #: root → its blob id now, or None if deleted. A revision is the one before plus this.
    changes: dict[str, Optional[str]]
    #: The revision's key: its files and their blob ids (see :class:`FilesKey`).
    key: str


class FilesKey:
    """The key of a revision's files (paths and blob ids) as a sum of one digest per file, so
    a commit's key follows from the one before and the files it changed."""

    _MODULUS = 1 << 160

    def __init__(self, layout: Layout, files: Optional[dict[str, str]] = None):
        self.base = f"{layout.shown(layout.data_dir)}\x00{layout.shown(layout.content_dir)}"
        self.total = 0
        for path, blob in (files or {}).items():
            self.add(path, blob)

    @staticmethod
    def _one(path: str, blob: str) -> int:
        return int.from_bytes(hashlib.sha1(f"{path}\x00{blob}".encode()).digest(), "big")

    def add(self, path: str, blob: str) -> None:
        self.total = (self.total + self._one(path, blob)) % self._MODULUS

    def remove(self, path: str, blob: str) -> None:
        self.total = (self.total - self._one(path, blob)) % self._MODULUS

    def hexdigest(self) -> str:
        return hashlib.sha1(f"{self.base}\x00{self.total:040x}".encode()).hexdigest()


def _log(repo: Repo) -> bytes:
    """What ``git log`` says of the commits that touched the data and journal folders."""
    try:
        return run_git(repo.top, "log", "-z", "--reverse", "--first-parent", "-m", "--root", "--raw",
                    "--no-renames", "--no-abbrev", "--format=%x01%H%x00%aI%x00%D%x00%s",
                    "--", *repo.paths)
    except GitError as error:
        if "does not have any commits" in str(error) or "bad default revision" in str(error):
            return b""
        raise


def _commits(layout: Layout, repo: Repo, out: bytes) -> list[Commit]:
    """Commits that changed the loader's files, oldest first, each with what it changed.

    A revision's files are never copied whole: a long history of many files would not fit in
    memory."""
    commits: list[Commit] = []
    state: dict[str, str] = {}
    key = FilesKey(layout)
    carried: dict[str, Optional[str]] = {}  # changes of commits left out, for the next one listed
    for record in out.decode("utf-8", "replace").split("\x01")[1:]:
        parts = record.split("\x00")
        commit, date, refs, subject = parts[:4]
        tokens = [token.lstrip("\n") for token in parts[4:]]
        changed = False
        index = 0
        while index + 1 < len(tokens):
            meta, path = tokens[index], tokens[index + 1]
            index += 2
            if not meta.startswith(":"):
                continue
            fields = meta[1:].split()
            new_mode, new_blob, status = fields[1], fields[3], fields[4]
            if not path.startswith(repo.root_prefix):
                continue
            relative = path[len(repo.root_prefix):]
            if not relevant(layout, relative):
                continue
            blob = None if status == "D" or new_mode not in FILE_MODES else new_blob
            old = state.get(relative)
            if blob == old:
                continue
            changed = True
            carried[relative] = blob
            if old is not None:
                key.remove(relative, old)
            if blob is None:
                del state[relative]
            else:
                key.add(relative, blob)
                state[relative] = blob
        if not changed or not state:
            continue  # nothing the loader reads changed (a file it ignores, a mode change), or no data
        tags = tuple(ref.strip()[5:] for ref in refs.split(",") if ref.strip().startswith("tag: "))
        commits.append(Commit(commit, dt.datetime.fromisoformat(date), subject, tags, carried, key.hexdigest()))
        carried = {}
    return commits


class CatFile:
    """One ``git cat-file --batch`` process for a whole read, asked for one blob at a time.

    Reading every blob up front would keep them all in memory at once. Asked one at a time,
    only the revision being parsed is held.
    """

    def __init__(self, repo: Repo):
        self.repo = repo
        self.process: Optional[subprocess.Popen] = None
        #: Blobs Git said are missing (a damaged or partial clone): told as such, never cached.
        self.missing: set[str] = set()

    #: Blobs asked for at once: each round trip costs a flush and a wait, and this many ids
    #: stay well within a pipe's buffer, so neither side blocks the other.
    BATCH = 100

    def text(self, blob: str) -> Optional[str]:
        """The blob's text; None when it is missing or not UTF-8."""
        return self.texts([blob])[0]

    def texts(self, blobs: list[str]) -> list[Optional[str]]:
        """The texts of these blobs, in order."""
        if self.process is None:
            self.process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.repo.top,
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.DEVNULL)
        assert self.process.stdin is not None and self.process.stdout is not None
        found: list[Optional[str]] = []
        for start in range(0, len(blobs), self.BATCH):
            batch = blobs[start:start + self.BATCH]
            self.process.stdin.write(b"".join(blob.encode("ascii") + b"\n" for blob in batch))
            self.process.stdin.flush()
            found += [self._answer(blob) for blob in batch]
        return found

    def _answer(self, blob: str) -> Optional[str]:
        assert self.process is not None and self.process.stdout is not None
        header = self.process.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            if header[-1:] == [b"missing"]:
                self.missing.add(blob)
            return None
        raw = self.process.stdout.read(int(header[2]) + 1)[:-1]
        try:
            return raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            return None

    def close(self) -> None:
        if self.process is not None:
            assert self.process.stdin is not None and self.process.stdout is not None
            self.process.stdin.close()
            self.process.wait()
            self.process.stdout.close()
            self.process = None


def _not_a_repository(message: str) -> str:
    if "not a git repository" in message.lower():
        return ("This portfolio is not in a Git repository, so it has no history yet. Run "
                "`git init && git add . && git commit -m \"My network\"` in its folder, and commit "
                "as your network changes.")
    return f"The history could not be read: {message}"


def _changes(layout: Layout, repo: Repo) -> tuple[str, ...]:
    """The files the loader reads that the working tree changed, added or deleted."""
    out = run_git(repo.top, "status", "--porcelain", "-z", "--untracked-files=all", "--", *repo.paths,
               check=False)
    changed = set()
    for record in out.decode("utf-8", "replace").split("\x00"):
        path = record[3:]
        if len(record) > 3 and path.startswith(repo.root_prefix) \
                and relevant(layout, path[len(repo.root_prefix):]):
            changed.add(path[len(repo.root_prefix):])
    return tuple(sorted(changed))


def uncommitted_changes(layout: Layout) -> tuple[str, ...]:
    """The files the loader reads that the working tree changed (``mentornet diff A`` compares
    A with them when there are any); raises GitError outside a repository."""
    return _changes(layout, repo_of(layout))


@dataclass
class Listing:
    """What Git says before any file is read: the log, and what the working tree changed."""

    layout: Layout
    repo: Optional[Repo] = None
    log: bytes = b""
    #: Files the loader reads that differ in the working tree (relative to the root).
    changed: tuple[str, ...] = ()
    unavailable: str = ""
    #: Git failed (not installed, a damaged repository): a warning too, not only the page's words.
    fault: bool = False

    @cached_property
    def commits(self) -> list[Commit]:
        """The log, parsed (a build whose history comes from the cache needs only its digest)."""
        return _commits(self.layout, self.repo, self.log) if self.repo and self.log else []


def list_history(layout: Layout, uncommitted: bool) -> Listing:
    try:
        repo = repo_of(layout)
    except GitError as error:
        return Listing(layout, unavailable=_not_a_repository(str(error)),
                       fault="not a git repository" not in str(error).lower())
    try:
        log = _log(repo)
    except GitError as error:
        return Listing(layout, repo, unavailable=f"The Git history could not be read: {error}", fault=True)
    return Listing(layout, repo, log, _changes(layout, repo) if uncommitted and log else ())


def files_key(layout: Layout, files: dict[str, str]) -> str:
    """The key of a revision made of these files (see :class:`FilesKey`)."""
    return FilesKey(layout, files).hexdigest()
