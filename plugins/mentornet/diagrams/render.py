"""DOT → SVG with Graphviz's own binaries, cached by content hash, in batches.

    result = render_many([Job("map", source, "neato", ("-n2",)), ...], cache_dir)
    result.svgs["map"]       the SVG text (comments removed: byte-identical run after run)
    result.errors            key → message, for sources Graphviz rejected (the user's own DOT)
    result.rendered, result.cached

Cost model (Graphviz 2.43, see the issue and ``benchmarks/diagrams_300.py``): starting a
Graphviz process costs ~16 ms of processor time (half of it in the kernel, loading Pango and
its libraries), so many small graphs of the same engine go through *one* process (several
graphs on standard input, several SVG documents on standard output — with ``-o`` Graphviz
2.43 would write only the first): as many such processes as there are workers, not one per
few dozen graphs (1,000 person diagrams in batches of 40 cost 0.4 s more). Uncached
batches go to two worker threads, each running its own process; :func:`start_many` returns
at once, so a build converts its pages while Graphviz draws, and a page waits only for its
own diagrams.
A missing binary raises :class:`GraphvizMissing`, whose message says how to install Graphviz.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

from mentornet.core import caching

#: Bump when the SVG post-processing here changes, so old cache entries are not reused.
RENDER_VERSION = "mentornet-render-1"
ENGINES = ("dot", "neato", "twopi", "circo", "fdp", "sfdp", "osage", "patchwork")
#: The fewest graphs per Graphviz process when batching small diagrams (more when there are
#: more than this for each worker: one process per worker).
BATCH_SIZE = 40
#: A single diagram that takes longer than this is stopped and reported as an error.
TIMEOUT = 120.0

INSTALL_HINT = ("mentornet draws its diagrams with Graphviz, but the Graphviz program '{binary}' "
                "was not found on PATH. Install Graphviz and build again:\n"
                "  Debian/Ubuntu:  sudo apt-get install graphviz\n"
                "  Fedora:         sudo dnf install graphviz\n"
                "  macOS:          brew install graphviz\n"
                "  Windows:        winget install graphviz   (then open a new terminal)\n"
                "  conda:          conda install -c conda-forge graphviz\n"
                "See https://graphviz.org/download/")


class GraphvizMissing(RuntimeError):
    """Graphviz's binaries are not installed (or not on PATH). The message says what to do."""

    def __init__(self, binary: str = "dot") -> None:
        super().__init__(INSTALL_HINT.format(binary=binary))
        self.binary = binary


class GraphvizFailed(RuntimeError):
    """Graphviz rejected one source (syntax error, crash or timeout)."""


@dataclass(frozen=True)
class Job:
    key: str
    source: str
    engine: str = "dot"
    args: tuple[str, ...] = ()
    #: One graph per source (ours): may share a Graphviz process with others. The user's
    #: own DOT may hold several graphs or errors, so it gets a process of its own.
    batchable: bool = True

    @property
    def digest(self) -> str:
        return cache_key(self.source, self.engine, self.args)


@dataclass
class Result:
    svgs: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    rendered: int = 0
    cached: int = 0

    def summary(self) -> str:
        text = f"{self.rendered} diagram(s) rendered, {self.cached} from the cache"
        return text + (f", {len(self.errors)} failed" if self.errors else "")


def cache_key(source: str, engine: str = "dot", args: Sequence[str] = (), fmt: str = "svg") -> str:
    """sha256 of everything that decides the output: source, engine, arguments, format, versions."""
    text = "\x00".join([RENDER_VERSION, engine, " ".join(args), fmt, source])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def binary(engine: str) -> str:
    """The path of the Graphviz binary for ``engine``; GraphvizMissing if it is not installed."""
    if engine not in ENGINES:
        raise ValueError(f"unknown Graphviz engine '{engine}': use one of {', '.join(ENGINES)}")
    path = shutil.which(engine)
    if path is None:
        raise GraphvizMissing(engine)
    return path


_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.DOTALL)


_PAGE_ID = re.compile(r'id="page\d+,\d+_graph0"')


def clean_svg(svg: str) -> str:
    """Graphviz's SVG without its XML prolog, doctype and comments (which name the version).

    A graph after the first in one Graphviz run gets ``id="page0,1_graph0"``: normalised to
    ``graph0`` so a diagram's SVG is the same bytes whether it was rendered alone or in a batch."""
    svg = _COMMENT.sub("", svg)
    svg = _PAGE_ID.sub('id="graph0"', svg)
    svg = _PROLOG.sub("", svg)
    return svg.strip() + "\n"


def _split(output: str) -> list[str]:
    """Several SVG documents on one stream → a list of documents."""
    parts = output.split("</svg>")
    return [part + "</svg>" for part in parts[:-1]]


def _run(engine: str, args: Sequence[str], source: str, timeout: float = TIMEOUT) -> str:
    exe = binary(engine)
    try:
        proc = subprocess.run([exe, "-Tsvg", *args], input=source.encode("utf-8"),
                              capture_output=True, timeout=timeout)
    except FileNotFoundError:
        raise GraphvizMissing(engine) from None
    except subprocess.TimeoutExpired:
        raise GraphvizFailed(f"Graphviz '{engine}' took longer than {timeout:.0f} s and was stopped") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip() or f"exit status {proc.returncode}"
        raise GraphvizFailed(f"Graphviz '{engine}' failed: {message}")
    return proc.stdout.decode("utf-8", "replace")


def render(source: str, engine: str = "dot", args: Sequence[str] = ()) -> str:
    """One source → its cleaned SVG (the first graph's, if the source holds several)."""
    docs = _split(_run(engine, args, source))
    if not docs:
        raise GraphvizFailed(f"Graphviz '{engine}' produced no SVG")
    return clean_svg(docs[0])


def _render_batch(jobs: list[Job]) -> dict[str, str | Exception]:
    """Same-engine jobs through one process; falls back to one process each if that fails."""
    if len(jobs) == 1 or not all(job.batchable for job in jobs):
        out: dict[str, str | Exception] = {}
        for job in jobs:
            try:
                out[job.digest] = render(job.source, job.engine, job.args)
            except GraphvizFailed as error:
                out[job.digest] = error
        return out
    engine, args = jobs[0].engine, jobs[0].args
    try:
        docs = _split(_run(engine, args, "\n".join(job.source for job in jobs)))
    except GraphvizFailed:
        docs = []
    if len(docs) != len(jobs):
        return _render_batch_each(jobs)
    return {job.digest: clean_svg(doc) for job, doc in zip(jobs, docs)}


def _render_batch_each(jobs: list[Job]) -> dict[str, str | Exception]:
    out: dict[str, str | Exception] = {}
    for job in jobs:
        out.update(_render_batch([job]))
    return out


def _batches(jobs: list[Job], workers: int = 2) -> list[list[Job]]:
    """Jobs in batches of the same engine and arguments (big ones alone; the small ones in
    one batch per worker), the largest first, so the last batch to finish is a short one
    (source size is a fair proxy for Graphviz's time with our attribute choices)."""
    groups: dict[tuple[str, tuple[str, ...], bool], list[Job]] = {}
    for job in sorted(jobs, key=lambda j: (j.engine, j.args, j.digest)):
        groups.setdefault((job.engine, job.args, job.batchable), []).append(job)
    batches: list[list[Job]] = []
    for (_, _, batchable), members in groups.items():
        if not batchable:
            batches += [[job] for job in members]
            continue
        small = [job for job in members if len(job.source) < 20_000]
        batches += [[job] for job in members if len(job.source) >= 20_000]
        size = max(BATCH_SIZE, -(-len(small) // max(1, workers)))
        batches += [small[i:i + size] for i in range(0, len(small), size)]
    return sorted(batches, key=lambda b: -sum(len(j.source) + 2000 for j in b))


class Cache:
    """SVGs on disk under ``<dir>/svg/<sha256>.svg``, written atomically."""

    def __init__(self, directory: Optional[os.PathLike | str]) -> None:
        self.dir = Path(directory) / "svg" if directory else None

    def _path(self, digest: str) -> Optional[Path]:
        return self.dir / f"{digest}.svg" if self.dir else None

    def get(self, digest: str) -> Optional[str]:
        path = self._path(digest)
        return caching.read_text(path) if path is not None else None

    def put(self, digest: str, svg: str) -> None:
        path = self._path(digest)
        if path is None:
            return
        caching.write_text(path, svg)


def render_many(jobs: Iterable[Job], cache_dir: Optional[os.PathLike | str] = None,
                workers: int = 2) -> Result:
    """Render every job (cached ones are read from ``cache_dir``); see the module docstring.

    Raises GraphvizMissing (before any work) if a needed binary is not installed; every
    other failure is per job, in ``Result.errors``.
    """
    return start_many(jobs, cache_dir, workers).result()


def start_many(jobs: Iterable[Job], cache_dir: Optional[os.PathLike | str] = None,
               workers: int = 2) -> "Rendering":
    """What :func:`render_many` does, in the background: returns once the cache is read and
    the rest handed to Graphviz, so the build goes on converting pages on the other core."""
    cache = Cache(cache_dir)
    result = Result()
    unique: dict[str, Job] = {}
    keys_of: dict[str, list[str]] = {}
    for job in jobs:
        digest = job.digest
        keys_of.setdefault(digest, []).append(job.key)
        unique.setdefault(digest, job)
    todo: dict[str, Job] = {}
    for digest, job in unique.items():
        svg = cache.get(digest)
        if svg is None:
            todo[digest] = job
            continue
        result.cached += 1
        for key in keys_of[digest]:
            result.svgs[key] = svg
    for engine in sorted({job.engine for job in todo.values()}):
        binary(engine)  # fail early and once, with the installation hint
    return Rendering(result, keys_of, _batches(list(todo.values()), workers), cache, workers)


class Rendering:
    """Diagrams on their way: :meth:`wait` for some (a page waits for its own), :meth:`result`
    for all. Each batch is one task of a pool of ``workers`` threads; each thread spends its
    time waiting for a Graphviz process, so the build's own thread keeps its core."""

    def __init__(self, result: Result, keys_of: dict[str, list[str]], batches: list[list[Job]],
                 cache: Cache, workers: int):
        self._result = result
        self._keys_of = keys_of
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers)) if batches else None
        self._pending = {}
        for batch in batches:
            future = self._pool.submit(_render_and_keep, batch, cache)
            for job in batch:
                self._pending[job.key] = future
        for keys in keys_of.values():  # the same source asked for under several keys
            found = next((self._pending[k] for k in keys if k in self._pending), None)
            if found is not None:
                for key in keys:
                    self._pending.setdefault(key, found)

    def wait(self, keys: Iterable[str]) -> Result:
        """Wait for these keys' batches (others go on); what is done so far."""
        for key in keys:
            future = self._pending.get(key)
            if future is not None:
                self._collect(future)
        return self._result

    def result(self) -> Result:
        """Wait for everything."""
        for future in list(dict.fromkeys(self._pending.values())):
            self._collect(future)
        if self._pool is not None:
            self._pool.shutdown()
        return self._result

    def cancel(self) -> None:
        """Stop what has not started (a build that failed)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _collect(self, future) -> None:
        output = future.result()  # re-raises what the worker raised
        done = [key for key, pending in self._pending.items() if pending is future]
        for key in done:
            del self._pending[key]
        for digest, svg in output.items():
            keys = self._keys_of[digest]
            if isinstance(svg, Exception):
                for key in keys:
                    self._result.errors[key] = str(svg)
                continue
            self._result.rendered += 1
            for key in keys:
                self._result.svgs[key] = svg


def _render_and_keep(batch: list[Job], cache: Cache) -> dict[str, str | Exception]:
    output = _render_batch(batch)
    for digest, svg in output.items():
        if not isinstance(svg, Exception):
            cache.put(digest, svg)
    return output
