"""mentornet against plain MkDocs: one table, every size, side by side.

    python benchmarks/run.py                     # small, medium and large
    python benchmarks/run.py --sizes small       # just one
    python benchmarks/run.py --repeat 5          # the median of five of each build
    python benchmarks/run.py --keep /tmp/bench   # keep the generated portfolios

For each size it generates a portfolio (people, ties, attributes, journal entries and a Git
history), then measures, each build in a fresh process, taking the median of ``--repeat``
rounds (3 for small and medium, 1 for large by default; the builds of a round run one after
the other, so a busy moment of the machine affects all of them alike):

- a cold ``mkdocs build`` with mentornet (empty cache) and a warm one (cache filled);
- a plain ``mkdocs build`` with mkdocs-material of a site with as many pages of similar size,
  without the plugin (``navigation.prune`` on, as in the example): the ratio is the headline;
- a ``mkdocs serve`` rebuild after one journal entry changes: from the file write to the new
  page being served (the median of as many edits as rounds);
- the plugin's own stages, from its timing log (``mkdocs build -v``);
- peak memory (maximum resident set size) of each build.
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
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

SIZES = {  # people, journal entries, commits
    "small": (30, 100, 100),
    "medium": (300, 1000, 1000),
    "large": (1000, 5000, 2000),
}

MKDOCS_YML = """\
site_name: Benchmark
docs_dir: content
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
MEASURED_BUILD = """
import resource, sys, time
from mkdocs.__main__ import cli
start = time.perf_counter()
try:
    cli(["build", "-q", *sys.argv[1:]], standalone_mode=False)
finally:
    print(f"@@ {time.perf_counter() - start:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}",
          file=sys.stderr)
"""


@dataclass
class Build:
    seconds: float
    peak_mb: float
    log: str = ""


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
    same: Build | None = None
    serve: float | None = None
    serve_dirty: float | None = None
    peak_mb: float = 0.0
    warm_stages: dict[str, float] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)


def build(root: Path, *args: str) -> Build:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", MEASURED_BUILD, *args], cwd=root, env=env,
                            capture_output=True, text=True)
    match = re.search(r"@@ ([\d.]+) (\d+)", result.stderr)
    if result.returncode != 0 or not match:
        raise SystemExit(f"build failed in {root}:\n{result.stderr[-3000:]}")
    return Build(float(match.group(1)), int(match.group(2)) / 1024, result.stderr)


def plain_site(root: Path, pages: int) -> Path:
    """A plain Material site with as many pages of about 300 words, in a few sections, each
    reached from an index page, with the same short navigation as mentornet's (a navigation
    entry per page would make the plain build quadratic, and the comparison meaningless)."""
    content = root / "content"
    paragraph = ("We talked about the project, the next paper and the grant, and about whom to "
                 "ask for advice on the fellowship application this spring. ") * 12
    for index in range(pages):
        section = ("people", "journal", "notes")[index % 3]
        page = content / section / f"page-{index}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# Page {index}\n\n{paragraph}\n\n## Details\n\n- one\n- two\n", encoding="utf-8")
    sections = ("people", "journal", "notes")
    for section in sections:
        links = "\n".join(f"- [Page {i}](page-{i}.md)" for i in range(pages) if i % 3 == sections.index(section))
        (content / section / "index.md").write_text(f"# {section.title()}\n\n{links}\n", encoding="utf-8")
    (content / "index.md").write_text("# Home\n", encoding="utf-8")
    nav = "nav:\n  - Home: index.md\n" + "".join(f"  - {s.title()}: {s}/index.md\n" for s in sections)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(plugin="") + nav, encoding="utf-8")
    return root


#: Writes the Markdown of every page mentornet generates for a portfolio into a folder.
DUMP_GENERATED = """
import sys
from pathlib import Path
from mkdocs.config import load_config
config = load_config(sys.argv[1])
config.plugins.on_startup(command="build", dirty=False)
config = config.plugins.on_config(config)
plugin = config.plugins["mentornet"]
for src_uri, text in plugin.generated.items():
    path = Path(sys.argv[2], src_uri)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
for entry in plugin.portfolio.journal:  # the header mentornet puts above each entry's text
    path = Path(sys.argv[2], entry.src_uri)
    front, _, body = path.read_text(encoding="utf-8").partition("\\n---\\n")
    header = plugin.headers.get(entry.src_uri) or plugin.site.entry_header(plugin.env, entry)
    path.write_text(front + "\\n---\\n" + header + "\\n" + body, encoding="utf-8")
from mentornet.diagrams.embed import expand
for path in Path(sys.argv[2]).rglob("*.md"):  # diagram blocks become the placeholders mentornet makes
    src_uri = path.relative_to(sys.argv[2]).as_posix()
    blocks = {"attention": lambda: plugin._attention(src_uri),
              "summary": lambda: plugin._attention(src_uri, "_summary.md")}
    path.write_text(expand(path.read_text(encoding="utf-8"), plugin.portfolio, blocks)[0], encoding="utf-8")
"""


def same_markdown_site(portfolio: Path, root: Path) -> Path:
    """The very Markdown mentornet gives MkDocs (its generated pages beside the journal, each
    entry with the header mentornet puts above it, each diagram as the placeholder it puts in
    its place), as a plain site without the plugin: what mentornet adds beyond the pages."""
    shutil.copytree(portfolio / "content", root / "content", dirs_exist_ok=True)
    subprocess.run([sys.executable, "-c", DUMP_GENERATED, str(portfolio / "mkdocs.yml"), str(root / "content")],
                   check=True, capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    emoji = ("  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
             "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n")
    from mentornet.site.pages import SECTION_PAGES

    nav = "nav:\n  - Home: index.md\n" + "".join(
        f"  - {title}: {src}\n" for src, _, title in SECTION_PAGES if (root / "content" / src).is_file())
    (root / "mkdocs.yml").write_text(_with_emoji(MKDOCS_YML.format(plugin=""), emoji) + nav, encoding="utf-8")
    return root


def _with_emoji(config: str, extension: str) -> str:
    """The configuration with the icons extension mentornet adds (its pages use icons)."""
    head, _, tail = config.partition("markdown_extensions:")
    names = tail.replace("[", "").replace("]", "").replace("\n", " ").split(",")
    listed = "".join(f"  - {name.strip()}\n" for name in names if name.strip())
    return head + "markdown_extensions:\n" + listed + extension


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_rebuild(root: Path, entry: Path, *options: str, edits: int = 1, timeout: float = 600) -> float:
    """Seconds from writing a journal entry to ``mkdocs serve`` serving the changed page (the
    median of ``edits`` edits, one after the other, in one server)."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *options,
                               "-a", f"127.0.0.1:{port}"], cwd=root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/journal/{entry.stem}/"
    original = entry.read_text(encoding="utf-8")
    try:
        _wait_for(url, None, timeout)
        times = []
        for _ in range(edits):
            time.sleep(1.0)  # the previous rebuild is over, and its reload served
            marker = f"edited-{time.time_ns()}"
            start = time.perf_counter()
            entry.write_text(original + f"\n{marker}\n", encoding="utf-8")
            _wait_for(url, marker, timeout)
            times.append(time.perf_counter() - start)
        return statistics.median(times)
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


def measure(size: str, workdir: Path, with_serve: bool, repeat: int) -> Row:
    people, entries, commits = SIZES[size]
    row = Row(size, people, entries, commits)
    root = workdir / size / "mentornet"
    generate.write(root, people, entries)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(plugin=PLUGIN), encoding="utf-8")
    generate.git_history(root, commits)
    shutil.rmtree(root / ".cache", ignore_errors=True)
    rounds: dict[str, list[Build]] = {"cold": [], "warm": [], "plain": [], "same": []}
    for number in range(repeat):
        shutil.rmtree(root / ".cache", ignore_errors=True)
        rounds["cold"].append(build(root, "-v"))
        rounds["warm"].append(build(root, "-v"))
        if number == 0:
            row.pages = sum(1 for _ in (root / "site").rglob("index.html"))
            plain = plain_site(workdir / size / "plain", row.pages)
            same = same_markdown_site(root, workdir / size / "same")
        rounds["plain"].append(build(plain))
        rounds["same"].append(build(same))
    row.cold, row.warm, row.plain, row.same = (median_build(rounds[name]) for name in ("cold", "warm", "plain", "same"))
    row.stages, row.warm_stages = stages(row.cold.log), stages(row.warm.log)
    row.peak_mb = max(b.peak_mb for b in rounds["cold"] + rounds["warm"])
    if with_serve:
        entry = sorted((root / "content" / "journal").glob("*.md"))[-1]
        row.serve = serve_rebuild(root, entry, edits=repeat)
        row.serve_dirty = serve_rebuild(root, entry, "--dirty", edits=repeat)
    return row


def median_build(builds: list[Build]) -> Build:
    """The build of median time (its log and memory with it)."""
    return sorted(builds, key=lambda b: b.seconds)[len(builds) // 2]


def table(rows: list[Row]) -> str:
    def seconds(value: float | None) -> str:
        return "—" if value is None else f"{value:.2f} s"

    def stage_text(timings: dict[str, float]) -> str:
        return ", ".join(f"{name} {value:.2f}" for name, value in timings.items())

    head = ("| size | people / entries / commits | pages | plain MkDocs | same pages, no plugin | mentornet cold "
            "| ratio | warm | ratio | serve rebuild | serve --dirty | peak memory |")
    lines = [head, "| --- " * 12 + "|"]
    for row in rows:
        plain, same, cold, warm = row.plain.seconds, row.same.seconds, row.cold.seconds, row.warm.seconds
        lines.append(
            f"| {row.size} | {row.people} / {row.entries} / {row.commits} | {row.pages} | {plain:.1f} s "
            f"| {same:.1f} s | {cold:.1f} s | {cold / plain:.2f}× / {cold / same:.2f}× | {warm:.1f} s "
            f"| {warm / plain:.2f}× / {warm / same:.2f}× "
            f"| {seconds(row.serve)} | {seconds(row.serve_dirty)} "
            f"| {row.peak_mb:.0f} MB |")
    lines += ["", "Ratios: to the plain site / to the same pages without the plugin.", "",
              "The plugin's stages, in seconds (from `mkdocs build -v`):", "",
              "| size | cold | warm |", "| --- | --- | --- |"]
    lines += [f"| {row.size} | {stage_text(row.stages)} | {stage_text(row.warm_stages)} |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=list(SIZES))
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve rebuild")
    parser.add_argument("--repeat", type=int, help="rounds per size (default: 3, and 1 for large)")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="mentornet-bench-"))
    try:
        rows = []
        for size in args.sizes:
            print(f"measuring {size}…", file=sys.stderr, flush=True)
            repeat = args.repeat or (1 if size == "large" else 3)
            rows.append(measure(size, workdir, not args.no_serve, max(1, repeat)))
        print(f"\n{os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
        print(table(rows))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
