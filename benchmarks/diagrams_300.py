"""Time each diagram at 300 synthetic people (~3 ties each), per engine choice.

    python benchmarks/diagrams_300.py [--people 300] [--slow]

Prints one table: diagram, engine and attributes, time to build the DOT source in Python,
time for Graphviz, SVG size. ``--slow`` adds the variants known to take tens of seconds
(spline routing with neato/twopi). Then times a whole build's worth of diagrams through
``DiagramSet.render``: cold (empty cache, 1 and 2 workers) and warm.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic  # noqa: E402

from mentornet.diagrams import dot, render  # noqa: E402
from mentornet.diagrams.embed import DiagramSet  # noqa: E402


def graphviz(engine: str, args: tuple[str, ...], source: str, timeout: float) -> tuple[float, int]:
    start = time.perf_counter()
    try:
        out = subprocess.run([engine, "-Tsvg", *args], input=source.encode(), capture_output=True,
                             timeout=timeout, check=True).stdout
    except subprocess.TimeoutExpired:
        return float("inf"), 0
    return time.perf_counter() - start, len(out)


def variant(source: str, **graph_attrs: str) -> str:
    """The same source with some graph attributes replaced (or added)."""
    for key, value in graph_attrs.items():
        pattern = re.compile(rf'{key}="[^"]*"')
        if pattern.search(source):
            source = pattern.sub(f'{key}="{value}"', source, count=1)
        else:
            source = source.replace("graph [", f'graph [{key}="{value}", ', 1)
    return source


def unpinned(source: str) -> str:
    return re.sub(r', pos="[^"]*"', "", source)


def every_diagram(portfolio, cache: str, workers: int) -> DiagramSet:
    """A build's diagrams: map, roles, range and one per person, asked for as pages ask."""
    diagrams = DiagramSet(portfolio, cache_dir=cache, workers=workers)
    for name in dot.names(portfolio):
        diagrams.expand(f"```mentornet\n{name}\n```\n")
    return diagrams


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--slow", action="store_true")
    parser.add_argument("--timeout", type=float, default=120.0)
    options = parser.parse_args()
    portfolio = synthetic(options.people, 3.0)
    print(f"{options.people} people, {len(portfolio.ties)} ties; Graphviz: "
          + subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip())
    rows = []

    def measure(name: str, label: str, diagram: dot.Diagram, source: str | None = None,
                engine: str | None = None, args: tuple[str, ...] | None = None, build: float = 0.0):
        seconds, size = graphviz(engine or diagram.engine, diagram.args if args is None else args,
                                 source or diagram.source, options.timeout)
        rows.append((name, label, build, seconds, size))

    for name in ("map", "roles", "range", "person:person-001"):
        start = time.perf_counter()
        diagram = dot.build(portfolio, name)
        build = time.perf_counter() - start
        chosen = f"{diagram.engine} {' '.join(diagram.args)}".strip() + " (chosen)"
        measure(name, chosen, diagram, build=build)
        if name == "map":
            measure(name, "neato, pos! pinned, no -n2", diagram, args=())
            measure(name, "neato -n2 splines=line", diagram, variant(diagram.source, splines="line"))
            free = unpinned(diagram.source)
            measure(name, "neato, free layout, overlap=false", diagram, variant(free, overlap="false"),
                    "neato", ())
            measure(name, "sfdp, free layout, overlap=prism", diagram, variant(free, overlap="prism"),
                    "sfdp", ())
            measure(name, "twopi root=you, overlap=false", diagram,
                    variant(free, root="you", overlap="false"), "twopi", ())
            if options.slow:
                measure(name, "neato -n2 splines=true", diagram, variant(diagram.source, splines="true"))
                measure(name, "twopi splines=true", diagram,
                        variant(free, root="you", splines="true", overlap="false"), "twopi", ())
        if name == "range":
            measure(name, "dot with the same clusters", diagram, engine="dot")
    print(f"\n{'diagram':<20} {'engine / attributes':<38} {'DOT (py)':>9} {'Graphviz':>9} {'SVG':>9}")
    for name, label, build, seconds, size in rows:
        shown = "timeout" if seconds == float("inf") else f"{seconds:8.2f}s"
        print(f"{name:<20} {label:<38} {build * 1000:7.1f}ms {shown:>9} {size / 1024:7.0f}KB")

    print("\nA whole build: map, roles, range and one diagram per person, through DiagramSet.render")
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as cache:
            start = time.perf_counter()
            result = every_diagram(portfolio, cache, workers).render()
            cold = time.perf_counter() - start
            start = time.perf_counter()
            warm = every_diagram(portfolio, cache, workers).render()
            warm_s = time.perf_counter() - start
            print(f"  {workers} worker(s): cold {cold:.2f}s ({result.summary()}); "
                  f"warm {warm_s:.2f}s ({warm.summary()})")
    sources = [dot.build(portfolio, n) for n in dot.names(portfolio) if n.startswith("person:")]
    start = time.perf_counter()
    for d in sources[:50]:
        render.render(d.source, d.engine, d.args)
    each = (time.perf_counter() - start) / 50
    start = time.perf_counter()
    render._render_batch([render.Job(d.name, d.source, d.engine, d.args) for d in sources[:40]])
    batched = (time.perf_counter() - start) / 40
    print(f"  person diagrams: {each * 1000:.1f} ms each in their own process, "
          f"{batched * 1000:.1f} ms each when 40 share one process")


if __name__ == "__main__":
    main()
