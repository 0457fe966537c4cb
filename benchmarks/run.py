"""mentornet against a plain mkdocs-material site: one table, every size, side by side.

    python benchmarks/run.py                     # small, medium, serve and large
    python benchmarks/run.py --sizes medium      # just one
    python benchmarks/run.py --repeat 5          # the median of five of each build
    python benchmarks/run.py --keep /tmp/bench   # keep the generated portfolios

For each size it generates a portfolio whose Git history grows the way a person's does, then
measures, each build in a fresh process, the median of ``--repeat`` rounds (3 for small and
medium, 1 for serve and large by default; a round's builds run one after the other, so a busy
moment of the machine affects all of them alike):

- a cold ``mkdocs build`` with mentornet (empty cache) and a warm one (cache filled);
- a plain ``mkdocs build`` with mkdocs-material of as many pages of about 330 words (a
  navigation of 10 items, the rest in folders of 100 reached by links): the site a user would
  otherwise have, the baseline of every ratio;
- a ``mkdocs serve`` rebuild after one journal edit, with and without ``--dirty``: from the
  file write to the new page being served, and mentornet's own seconds in it;
- the history stage of a history whose early revisions do not load (entries naming people
  before they join) beside the valid one's, cold and warm;
- peak memory (maximum resident set size), and the cache on disk beside the ``.git`` folder.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

SIZES = {  # people, journal entries, commits
    "small": (30, 100, 100),
    "medium": (300, 1000, 300),
    "serve": (300, 1000, 1000),  # the size of issue 17's serve target
    "large": (1000, 5000, 2000),
}

MKDOCS_YML = """\
site_name: Benchmark
docs_dir: {docs}
theme:
  name: material
  features: [navigation.indexes, navigation.prune]
plugins:
  - search
{plugin}
markdown_extensions: [admonition, attr_list, def_list, md_in_html, tables, pymdownx.details,
  pymdownx.superfences]
"""
PLUGIN = """  - mentornet:
      today: "2026-11-22"
"""

#: Runs a build in this process and prints its peak memory, so each figure is one build's own.
#: The peak is the kernel's high-water mark of this program (``VmHWM``): ``ru_maxrss`` of a
#: process started from this one begins at this one's size when it forked (Linux carries it
#: over ``exec``), and the benchmark holds the generated portfolio, so at the large size every
#: build seemed to peak at 1.8 GB.
MEASURED_BUILD = """
import re, resource, sys, time
from pathlib import Path
from mkdocs.__main__ import cli
start = time.perf_counter()
try:
    cli(["build", "-q", *sys.argv[1:]], standalone_mode=False)
finally:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    status = Path("/proc/self/status")
    found = re.search(r"VmHWM:\\s+(\\d+) kB", status.read_text()) if status.exists() else None
    peak = int(found.group(1)) if found else own.ru_maxrss
    print(f"@@ {time.perf_counter() - start:.3f} {peak} {cpu:.3f}", file=sys.stderr)
"""


@dataclass
class Build:
    seconds: float
    peak_mb: float
    log: str = ""
    #: Processor seconds (the build's and its children's: Graphviz): on a machine shared with
    #: others, the figure that does not depend on what they run.
    cpu: float = 0.0


@dataclass
class Row:
    size: str
    people: int
    entries: int
    commits: int
    pages: int = 0
    cold: Build | None = None
    warm: Build | None = None
    plain: Build | None = None
    serve: float | None = None
    serve_own: float | None = None
    serve_dirty: float | None = None
    serve_dirty_own: float | None = None
    peak_mb: float = 0.0
    cache_mb: float = 0.0
    git_mb: float = 0.0
    #: The history stage (seconds) of a valid history and of one whose early revisions do not
    #: load, cold and warm.
    history: dict[str, float] = field(default_factory=dict)
    #: Mentornet's build against the plain site's of the same round, in wall seconds (what a
    #: user waits) and in processor seconds: the median over the rounds of each round's ratio.
    ratios: dict[str, float] = field(default_factory=dict)
    warm_stages: dict[str, float] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)


def build(root: Path, *args: str, program: str = MEASURED_BUILD) -> Build:
    """``program`` (a build measured in its own process, :data:`MEASURED_BUILD`) run in ``root``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", program, *args], cwd=root, env=env,
                            capture_output=True, text=True)
    match = re.search(r"@@ ([\d.]+) (\d+) ([\d.]+)", result.stderr)
    if result.returncode != 0 or not match:
        raise SystemExit(f"build failed in {root}:\n{result.stderr[-3000:]}")
    return Build(float(match.group(1)), int(match.group(2)) / 1024, result.stderr, float(match.group(3)))


#: About 330 words, like a generated page or a journal entry.
PARAGRAPH = ("We talked about the project, the next paper and the grant, and about whom to ask for "
             "advice on the fellowship application this spring, and why. ") * 11


def plain_site(root: Path, pages: int) -> Path:
    """The site a user would otherwise have: a plain mkdocs-material site of as many pages of
    about 330 words, a navigation of 10 items, the rest in folders of 100 pages reached by links
    from their folder's index (as mentornet's people and journal are)."""
    content = root / "content"
    nav_pages = min(10, pages)
    folders = [list(range(start, min(start + 100, pages))) for start in range(nav_pages, pages, 100)]
    for index in range(nav_pages):
        name = "index.md" if index == 0 else f"section-{index}.md"
        links = "".join(f"- [Folder {number}](folder-{number}/index.md)\n"
                        for number in range(len(folders)) if number % max(1, nav_pages - 1) == index - 1)
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(f"# Section {index}\n\n{PARAGRAPH}\n\n{links}", encoding="utf-8")
    for number, members in enumerate(folders):
        folder = content / f"folder-{number}"
        folder.mkdir(parents=True, exist_ok=True)
        links = "".join(f"- [Page {i}](page-{i}.md)\n" for i in members[1:])
        (folder / "index.md").write_text(f"# Folder {number}\n\n{links}", encoding="utf-8")
        for i in members[1:]:
            (folder / f"page-{i}.md").write_text(
                f"# Page {i}\n\n{PARAGRAPH}\n\n## Details\n\n| when | what |\n| --- | --- |\n"
                f"| 2026 | [back](index.md) |\n\n- one\n- two\n", encoding="utf-8")
    nav = "nav:\n" + "".join(f"  - {'Home' if i == 0 else f'Section {i}'}: "
                              f"{'index.md' if i == 0 else f'section-{i}.md'}\n" for i in range(nav_pages))
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(plugin="", docs="content") + nav, encoding="utf-8")
    return root


def disk_size(path: Path) -> int:
    """Bytes of the files under ``path`` (0 when there is none)."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_rebuild(root: Path, entry: Path, *options: str, edits: int = 1,
                  timeout: float = 600) -> tuple[float, float]:
    """Seconds from writing a journal entry to ``mkdocs serve`` serving the changed page, and
    mentornet's own seconds in that rebuild (its stages, from ``-v``): medians of ``edits``
    edits, one after the other, in one server."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-v", *options,
                               "-a", f"127.0.0.1:{port}"], cwd=root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    own: list[dict[str, float]] = []

    def listen() -> None:
        for line in server.stderr:
            if "mentornet: timings:" in line:
                own.append(stages(line))

    threading.Thread(target=listen, daemon=True).start()
    url = f"http://127.0.0.1:{port}/journal/{entry.stem}/"
    original = entry.read_text(encoding="utf-8")
    try:
        _wait_for(url, None, timeout)
        times, owns = [], []
        for _ in range(edits):
            time.sleep(1.0)  # the previous rebuild is over, and its reload served
            before = len(own)
            marker = f"edited-{time.time_ns()}"
            start = time.perf_counter()
            entry.write_text(original + f"\n{marker}\n", encoding="utf-8")
            _wait_for(url, marker, timeout)
            times.append(time.perf_counter() - start)
            deadline = time.monotonic() + 30
            while len(own) == before and time.monotonic() < deadline:
                time.sleep(0.05)
            owns.append(sum(own[-1].values()) if len(own) > before else float("nan"))
        return statistics.median(times), statistics.median(owns)
    finally:
        entry.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)


def _wait_for(url: str, text: str | None, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
                if text is None or text in response.read().decode("utf-8", "replace"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {url}")


def stages(log: str) -> dict[str, float]:
    match = re.search(r"mentornet: timings: (.*)", log)  # from plugin.on_post_build
    if not match:
        return {}
    return {name: float(ms) / 1000 for name, ms in re.findall(r"(\w+) (\d+) ms", match.group(1))}


def measure(size: str, workdir: Path, with_serve: bool, repeat: int, broken: bool = True) -> Row:
    people, entries, commits = SIZES[size]
    row = Row(size, people, entries, commits)
    root = workdir / size / "mentornet"
    generate.write(root, people, entries)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(plugin=PLUGIN, docs="public"), encoding="utf-8")
    generate.git_history(root, commits)
    rounds: dict[str, list[Build]] = {"cold": [], "warm": [], "plain": []}
    for number in range(repeat):
        # each build as a user runs it: `mkdocs build`, without -v (MkDocs' debug log costs a
        # cold build seconds, and the plain site is built without it too)
        shutil.rmtree(root / ".cache", ignore_errors=True)
        rounds["cold"].append(build(root))
        rounds["warm"].append(build(root))
        if number == 0:
            row.pages = sum(1 for _ in (root / "site").rglob("index.html"))
            plain = plain_site(workdir / size / "plain", row.pages)
        rounds["plain"].append(build(plain))
    row.cold, row.warm, row.plain = (median_build(rounds[name]) for name in ("cold", "warm", "plain"))
    # the stages' seconds, from one more cold and warm build with -v (not in the ratios)
    shutil.rmtree(root / ".cache", ignore_errors=True)
    row.cold.log, row.warm.log = build(root, "-v").log, build(root, "-v").log
    for name in ("cold", "warm"):
        pairs = list(zip(rounds[name], rounds["plain"]))
        row.ratios[name] = statistics.median(ours.seconds / plain.seconds for ours, plain in pairs)
        row.ratios[f"{name} cpu"] = statistics.median(ours.cpu / plain.cpu for ours, plain in pairs)
    row.stages, row.warm_stages = stages(row.cold.log), stages(row.warm.log)
    row.peak_mb = max(b.peak_mb for b in rounds["cold"] + rounds["warm"])
    row.cache_mb, row.git_mb = disk_size(root / ".cache") / 2**20, disk_size(root / ".git") / 2**20
    row.history = {"valid cold": row.stages.get("history", 0.0), "valid warm": row.warm_stages.get("history", 0.0)}
    if broken:
        bad = workdir / size / "broken"
        generate.write(bad, people, entries)
        options = PLUGIN + "      history:\n        left_out: info\n"
        (bad / "mkdocs.yml").write_text(MKDOCS_YML.format(plugin=options, docs="public"), encoding="utf-8")
        generate.git_history(bad, commits, broken=True)
        shutil.rmtree(bad / ".cache", ignore_errors=True)  # cold, even in a folder kept from before (--keep)
        row.history["broken cold"] = stages(build(bad, "-v").log).get("history", 0.0)
        row.history["broken warm"] = stages(build(bad, "-v").log).get("history", 0.0)
    if with_serve:
        entry = sorted((root / "content" / "journal").glob("*.md"))[-1]
        row.serve, row.serve_own = serve_rebuild(root, entry, edits=repeat)
        row.serve_dirty, row.serve_dirty_own = serve_rebuild(root, entry, "--dirty", edits=repeat)
    return row


def median_build(builds: list[Build]) -> Build:
    """The build of median wall time (its log and memory with it)."""
    return sorted(builds, key=lambda b: b.seconds)[len(builds) // 2]


def table(rows: list[Row]) -> str:
    def seconds(value: float | None, own: float | None = None) -> str:
        if value is None:
            return "—"
        return f"{value:.2f} s" + (f" ({own:.2f} s own)" if own is not None else "")

    def stage_text(timings: dict[str, float]) -> str:
        return ", ".join(f"{name} {value:.2f}" for name, value in timings.items())

    head = ("| size | people / entries / commits | pages | plain Material | mentornet cold | × plain | warm "
            "| × plain | serve edit | serve --dirty edit | peak memory | cache / .git |")
    lines = ["Wall seconds as a user waits, and in brackets processor seconds (the build's and Graphviz's). "
             "Each ratio is the median over the rounds of mentornet's build against the plain site's of the "
             "same round, in wall seconds (in brackets: in processor seconds):", "", head,
             "| --- " * 12 + "|"]
    for row in rows:
        r = row.ratios
        lines.append(
            f"| {row.size} | {row.people} / {row.entries} / {row.commits} | {row.pages} "
            f"| {row.plain.seconds:.1f} s ({row.plain.cpu:.1f}) | {row.cold.seconds:.1f} s ({row.cold.cpu:.1f}) "
            f"| {r['cold']:.2f}× ({r['cold cpu']:.2f}×) "
            f"| {row.warm.seconds:.1f} s ({row.warm.cpu:.1f}) | {r['warm']:.2f}× ({r['warm cpu']:.2f}×) "
            f"| {seconds(row.serve, row.serve_own)} | {seconds(row.serve_dirty, row.serve_dirty_own)} "
            f"| {row.peak_mb:.0f} MB | {row.cache_mb:.1f} MB / {row.git_mb:.1f} MB |")
    lines += ["", "The history stage, in seconds: a valid history and one whose early revisions do not load:", "",
              "| size | valid cold | valid warm | broken cold | broken warm |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {row.size} | " + " | ".join(f"{row.history.get(k, float('nan')):.2f}" for k in
                                             ("valid cold", "valid warm", "broken cold", "broken warm")) + " |"
              for row in rows]
    lines += ["", "The plugin's stages, in seconds (from `mkdocs build -v`):", "",
              "| size | cold | warm |", "| --- | --- | --- |"]
    lines += [f"| {row.size} | {stage_text(row.stages)} | {stage_text(row.warm_stages)} |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=["small", "medium", "serve", "large"])
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve rebuild")
    parser.add_argument("--no-broken", action="store_true", help="skip the history whose revisions do not load")
    parser.add_argument("--repeat", type=int, help="rounds per size (default: 3, and 1 for large)")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="mentornet-bench-"))
    try:
        rows = []
        for size in args.sizes:
            print(f"measuring {size}…", file=sys.stderr, flush=True)
            repeat = args.repeat or (1 if size == "large" else 3)
            rows.append(measure(size, workdir, not args.no_serve, max(1, repeat), not args.no_broken))
        print(f"\n{os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
        print(table(rows))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
