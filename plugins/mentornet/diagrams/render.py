"""DOT → SVG with Graphviz's own binaries, in batches, while the build goes on.

    result = render_many([Job("map", source, "neato", ("-n2",)), ...])
    result.svgs["map"]       the SVG text (comments removed: byte-identical run after run)
    result.errors            key → message, for sources Graphviz rejected (the user's own DOT)

Cost model (Graphviz 2.43, see ``benchmarks/diagrams_300.py`` and benchmarks/README.md):
starting a Graphviz process is costly (loading Pango and its libraries), so many small
graphs of the same engine go through *one* process (several
graphs on standard input, several SVG documents on standard output — with ``-o`` Graphviz
2.43 would write only the first): as many such processes as there are workers, not one per
few dozen graphs.
:func:`start_many` starts those processes and returns at once: each reads its graphs from an
unnamed temporary file and writes its SVG to another, so it never waits for the build, and
the build reads a batch's SVG only when a page needs one of its diagrams. No Python thread
waits for Graphviz (two such threads, each cleaning SVG under the build's lock, cost the
build's own thread thousands of hand-overs). Caching what Graphviz drew is :mod:`.embed`'s.
A missing binary raises :class:`GraphvizMissing`, whose message says how to install Graphviz.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO, Callable, Iterable, Optional, Sequence, Union

#: Bump when the SVG post-processing here changes, so what was drawn before is not reused.
RENDER_VERSION = "mentornet-render-1"
ENGINES = ("dot", "neato", "twopi", "circo", "fdp", "sfdp", "osage", "patchwork")
#: The fewest graphs per Graphviz process when batching small diagrams (more when there are
#: more than this for each worker: one process per worker).
BATCH_SIZE = 40
#: The most graphs per Graphviz process: what one process drew is read at once, so 20,000
#: person diagrams go through forty processes, not two of 10,000.
BATCH_MOST = 500
#: A single diagram that takes longer than this is stopped and reported as an error.
TIMEOUT = 120.0
#: Graphviz's time for all the diagrams of one build, in seconds: what is not drawn by then is
#: stopped and reported, diagram by diagram, and the build goes on without them. The
#: environment variable of this name sets another limit.
DEADLINE = 300.0
DEADLINE_VARIABLE = "MENTORNET_GRAPHVIZ_SECONDS"


def deadline_seconds() -> float:
    """The build's limit for Graphviz (:data:`DEADLINE`, or the environment's, when a number > 0)."""
    try:
        seconds = float(os.environ.get(DEADLINE_VARIABLE, ""))
    except ValueError:
        return DEADLINE
    return seconds if seconds > 0 else DEADLINE

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


class GraphvizTooLong(GraphvizFailed):
    """Graphviz ran out of time: drawing the same graphs again, one by one, would only take longer."""


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

    @property
    def size(self) -> int:
        return len(self.source)


@dataclass(frozen=True)
class _Packed:
    """A :class:`Job` waiting for its Graphviz process, its DOT compressed: a build's
    thousands of person diagrams, each tens of KB of DOT, are held from the first made to
    the last drawn."""

    key: str
    digest: str
    engine: str
    args: tuple[str, ...]
    batchable: bool
    size: int
    packed: bytes

    @classmethod
    def of(cls, job: Job) -> "_Packed":
        return cls(job.key, job.digest, job.engine, job.args, job.batchable, job.size,
                   zlib.compress(job.source.encode("utf-8"), 1))

    @property
    def source(self) -> str:
        return zlib.decompress(self.packed).decode("utf-8")


#: What a batch holds: jobs as given, or packed by :func:`start_many`.
Drawable = Union[Job, _Packed]


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


def graphviz_version(engine: str) -> str | None:
    """Graphviz's version as ``<engine> -V`` says it, asked once per process for each
    executable (a Graphviz upgrade draws everything again: see :class:`.store.Store`); None
    when ``engine`` is not installed."""
    path = shutil.which(engine) if engine in ENGINES else None
    return _version_of(path) if path is not None else None


@lru_cache(maxsize=None)
def _version_of(executable: str) -> str:
    try:
        proc = subprocess.run([executable, "-V"], capture_output=True, timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return ""
    return (proc.stderr or proc.stdout).decode("utf-8", "replace").strip()


_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.DOTALL)


_PAGE_ID = re.compile(r'id="page\d+,\d+_graph0"')


def clean_svg(svg: str) -> str:
    """Graphviz's SVG without its XML prolog, doctype and comments (which name the version).

    A graph after the first in one Graphviz run gets ``id="page0,1_graph0"``: normalised to
    ``graph0`` so a diagram's SVG is the same bytes whether it was rendered alone or in a batch."""
    svg = _COMMENT.sub("", svg)  # (each step lets go of the text before it: the map is tens of MB)
    svg = _PAGE_ID.sub('id="graph0"', svg)
    svg = _PROLOG.sub("", svg)
    svg = svg.strip()
    return svg + "\n"


def _split(output: str) -> list[str]:
    """Several SVG documents on one stream → a list of documents (one copy of each: the map
    of 20,000 people is tens of MB)."""
    docs, start = [], 0
    while (end := output.find("</svg>", start)) != -1:
        docs.append(output[start:end + len("</svg>")])
        start = end + len("</svg>")
    return docs


def _failure(engine: str, returncode: int, stderr: bytes) -> GraphvizFailed:
    message = stderr.decode("utf-8", "replace").strip() or f"exit status {returncode}"
    return GraphvizFailed(f"Graphviz '{engine}' failed: {message}")


def _too_long(engine: str, timeout: float) -> GraphvizFailed:
    return GraphvizTooLong(f"Graphviz '{engine}' did not finish within {timeout:.0f} s and was stopped "
                           f"(at most {TIMEOUT:.0f} s a diagram and {deadline_seconds():.0f} s a build; "
                           f"{DEADLINE_VARIABLE} sets the build's limit); the site is built without it")


def _run(engine: str, args: Sequence[str], source: str, timeout: float = TIMEOUT) -> str:
    if timeout <= 0:
        raise _too_long(engine, 0)
    exe = binary(engine)
    try:
        proc = subprocess.run([exe, "-Tsvg", *args], input=source.encode("utf-8"),
                              capture_output=True, timeout=timeout)
    except FileNotFoundError:
        raise GraphvizMissing(engine) from None
    except subprocess.TimeoutExpired:
        raise _too_long(engine, timeout) from None
    if proc.returncode != 0:
        raise _failure(engine, proc.returncode, proc.stderr)
    return proc.stdout.decode("utf-8", "replace")


def render(source: str, engine: str = "dot", args: Sequence[str] = ()) -> str:
    """One source → its cleaned SVG (the first graph's, if the source holds several)."""
    docs = _split(_run(engine, args, source))
    if not docs:
        raise GraphvizFailed(f"Graphviz '{engine}' produced no SVG")
    return clean_svg(docs[0])


def _render_batch(jobs: list[Drawable], deadline: float | None = None) -> dict[str, str | Exception]:
    """Same-engine jobs through one process, by the ``deadline`` (``time.monotonic()``; by
    default the build's limit from now); falls back to one process each if that fails."""
    if deadline is None:
        deadline = time.monotonic() + deadline_seconds()
    if len(jobs) > 1 and not all(job.batchable for job in jobs):
        return _render_batch_each(jobs, deadline)
    engine, args = jobs[0].engine, jobs[0].args
    try:
        docs, failure = _split(_run(engine, args, "\n".join(job.source for job in jobs),
                                    min(TIMEOUT, deadline - time.monotonic()))), None
    except GraphvizFailed as error:
        docs, failure = [], error
    return _outcome(jobs, docs, failure, deadline)


def _outcome(batch: list[Drawable], docs: list[str], failure: GraphvizFailed | None,
             deadline: float) -> dict[str, str | Exception]:
    """What one Graphviz process made of ``batch`` (its SVG documents, or why it failed): each
    job's cleaned SVG or error; a batch whose graphs did not all come out is drawn again, one
    process per job, so that one bad graph fails alone, unless it ran out of time: then every
    job of it fails at once (drawn again, each would take its own time: no overall limit)."""
    if len(batch) == 1 or isinstance(failure, GraphvizTooLong):
        if failure is None and not docs:
            failure = GraphvizFailed(f"Graphviz '{batch[0].engine}' produced no SVG")
        if failure is not None:
            return {job.digest: failure for job in batch}
        return {batch[0].digest: clean_svg(docs.pop(0))}  # (its only copy: clean_svg lets go of it)
    if len(docs) != len(batch):
        return _render_batch_each(batch, deadline)
    return {job.digest: clean_svg(doc) for job, doc in zip(batch, docs)}


def _render_batch_each(jobs: list[Drawable], deadline: float) -> dict[str, str | Exception]:
    out: dict[str, str | Exception] = {}
    for job in jobs:
        out.update(_render_batch([job], deadline))
    return out


def _batches(jobs: list[Drawable], workers: int = 2) -> list[list[Drawable]]:
    """Jobs in batches of the same engine and arguments (big ones alone; the small ones in
    one batch per worker), the largest first, so the last batch to finish is a short one
    (source size is a fair proxy for Graphviz's time with our attribute choices)."""
    groups: dict[tuple[str, tuple[str, ...], bool], list[Drawable]] = {}
    for job in sorted(jobs, key=lambda j: (j.engine, j.args, j.digest)):
        groups.setdefault((job.engine, job.args, job.batchable), []).append(job)
    batches: list[list[Drawable]] = []
    for (_, _, batchable), members in groups.items():
        if not batchable:
            batches += [[job] for job in members]
            continue
        small = [job for job in members if job.size < 20_000]
        batches += [[job] for job in members if job.size >= 20_000]
        size = min(BATCH_MOST, max(BATCH_SIZE, -(-len(small) // max(1, workers))))
        batches += [small[i:i + size] for i in range(0, len(small), size)]
    return sorted(batches, key=lambda b: -sum(j.size + 2000 for j in b))


def render_many(jobs: Iterable[Job], workers: int = 2) -> Result:
    """Render every job; see the module docstring.

    Raises GraphvizMissing (before any work) if a needed binary is not installed; every
    other failure is per job, in ``Result.errors``.
    """
    return start_many(jobs, workers).result()


def start_many(jobs: Iterable[Job], workers: int = 2,
               keep: Optional[Callable[[str, str], None]] = None) -> "Rendering":
    """What :func:`render_many` does, in the background: returns once Graphviz has been
    started, so the build goes on converting pages on the other core. With ``keep``, each
    drawn SVG goes to ``keep(key, svg)`` as soon as it is read, not into ``Result.svgs``.
    Each job's DOT is kept compressed from here on (``jobs`` may make them one at a time)."""
    unique: dict[str, _Packed] = {}
    keys_of: dict[str, list[str]] = {}
    for job in jobs:
        digest = job.digest
        keys_of.setdefault(digest, []).append(job.key)
        if digest not in unique:
            unique[digest] = _Packed.of(job)
    for engine in sorted({job.engine for job in unique.values()}):
        binary(engine)  # fail early and once, with the installation hint
    return Rendering(Result(), keys_of, _batches(list(unique.values()), workers), workers, keep)


class _Process:
    """One Graphviz process drawing one batch: graphs in from an unnamed temporary file, SVG
    out to another (a pipe would stop Graphviz whenever the build is busy elsewhere)."""

    def __init__(self, batch: list[Drawable], deadline: float) -> None:
        self.batch = batch
        self.build_deadline = deadline
        job = batch[0]
        exe = binary(job.engine)
        source = job.source if len(batch) == 1 else "\n".join(other.source for other in batch)
        self.out: IO[bytes] = tempfile.TemporaryFile()
        self.err: IO[bytes] = tempfile.TemporaryFile()
        with tempfile.TemporaryFile() as given:
            given.write(source.encode("utf-8"))
            given.seek(0)
            try:
                self.proc = subprocess.Popen([exe, "-Tsvg", *job.args], stdin=given, stdout=self.out,
                                             stderr=self.err)
            except FileNotFoundError:
                self.close()
                raise GraphvizMissing(job.engine) from None
        started = time.monotonic()
        self.deadline = min(started + TIMEOUT, deadline)
        self.timeout = max(0.0, self.deadline - started)
        self.stopped = False

    def running(self) -> bool:
        """Whether Graphviz is still drawing (one past its time is stopped)."""
        if self.proc.poll() is not None:
            return False
        if time.monotonic() > self.deadline:
            self.stop()
            return False
        return True

    def stop(self) -> None:
        self.stopped = True
        self.proc.kill()
        self.proc.wait()

    def close(self) -> None:
        self.out.close()
        self.err.close()

    def outcome(self) -> dict[str, str | Exception]:
        """Wait for the end; each job's cleaned SVG or error (:func:`_outcome`)."""
        try:
            self.proc.wait(timeout=max(0.0, self.deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.stop()
        try:
            engine, failure = self.batch[0].engine, None
            if self.stopped:
                failure = _too_long(engine, self.timeout)
            elif self.proc.returncode != 0:
                self.err.seek(0)
                failure = _failure(engine, self.proc.returncode, self.err.read())
            docs: list[str] = []
            if failure is None:
                self.out.seek(0)
                docs = _split(self.out.read().decode("utf-8", "replace"))
        finally:
            self.close()
        return _outcome(self.batch, docs, failure, self.build_deadline)


class Rendering:
    """Diagrams on their way: :meth:`wait` for some (a page waits for its own), :meth:`result`
    for all. At most ``workers`` Graphviz processes run at a time, and what one drew is read
    as soon as the build next asks after it ended (so no more processes hold files than
    run); a page that needs a batch not started yet starts it at once."""

    def __init__(self, result: Result, keys_of: dict[str, list[str]], batches: list[list[Drawable]],
                 workers: int, keep: Optional[Callable[[str, str], None]] = None):
        self._result = result
        self._keep = keep
        self._keys_of = keys_of
        self._batches = batches
        self._limit = max(1, workers)
        self._waiting = list(range(len(batches)))  # not started, in order
        self._started: dict[int, _Process] = {}
        self._pending: dict[str, int] = {}
        #: Graphviz's time for the whole build ends here (:data:`DEADLINE`).
        self.deadline = time.monotonic() + deadline_seconds()
        for index, batch in enumerate(batches):
            for job in batch:
                for key in keys_of[job.digest]:  # the same source asked for under several keys
                    self._pending[key] = index
        self._pump()

    def _pump(self) -> None:
        """Read what has been drawn; start batches while fewer than ``workers`` run."""
        for index, process in list(self._started.items()):
            if not process.running():
                self._collect(index)
        while len(self._started) < self._limit and self._waiting:
            index = self._waiting.pop(0)
            self._started[index] = _Process(self._batches[index], self.deadline)

    def wait(self, keys: Iterable[str]) -> Result:
        """Wait for these keys' batches (others go on); what is done so far."""
        for key in keys:
            index = self._pending.get(key)
            if index is not None:
                self._collect(index)
        self._pump()
        return self._result

    def result(self) -> Result:
        """Wait for everything."""
        while self._pending:
            self._pump()
            if self._started:
                self._collect(min(self._started))
        return self._result

    def cancel(self) -> None:
        """Stop Graphviz (a build that failed)."""
        self._waiting.clear()
        for process in self._started.values():
            if process.running():
                process.stop()
            process.close()
        self._started.clear()
        self._pending.clear()

    def _collect(self, index: int) -> None:
        process = self._started.pop(index, None)
        if process is None:  # a page needs it before its turn
            self._waiting.remove(index)
            process = _Process(self._batches[index], self.deadline)
        output = process.outcome()
        self._batches[index] = []  # its graphs' DOT, no longer needed
        for digest, svg in output.items():
            keys = self._keys_of[digest]
            for key in keys:
                self._pending.pop(key, None)
            if isinstance(svg, Exception):
                for key in keys:
                    self._result.errors[key] = str(svg)
                continue
            self._result.rendered += 1
            for key in keys:
                if self._keep is not None:
                    self._keep(key, svg)
                else:
                    self._result.svgs[key] = svg
