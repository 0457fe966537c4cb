"""mentornet at scale, beside a plain mkdocs-material site of as many pages.

    python benchmarks/scale.py                          # 1,000, 5,000 and 20,000 people: long
    python benchmarks/scale.py --people 5000            # one size
    python benchmarks/scale.py --people 1000 5000 --keep /tmp/scale

For each number of people it generates a portfolio with no history (``generate.py --split``:
one file per person, since 20,000 people in one ``people.yaml`` are over the 8 MB a data file
may be; a tenth as many journal entries), then measures, each in a fresh process one after the
other: ``mentornet check``, a cold ``mkdocs build`` (empty cache), a warm one, and a plain
``mkdocs build`` of as many pages (``run.py``'s baseline). Each figure: wall seconds,
processor seconds (the process's and its children's: Graphviz) and the process's own peak
memory (``VmHWM``, see ``run.py``'s ``MEASURED_BUILD``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import run  # noqa: E402

SIZES = (1000, 5000, 20000)

#: ``mentornet check`` in this process, measured as ``run.MEASURED_BUILD`` measures a build.
MEASURED_CHECK = run.MEASURED_BUILD.replace("from mkdocs.__main__ import cli", "from mentornet.cli import main") \
    .replace('cli(["build", "-q", *sys.argv[1:]], standalone_mode=False)',
             'main(["check", *sys.argv[1:]], standalone_mode=False)')


def measure(people: int, workdir: Path) -> dict[str, object]:
    root = workdir / str(people) / "mentornet"
    shutil.rmtree(root, ignore_errors=True)
    generate.write(root, people, people // 10, split=True)
    (root / "mkdocs.yml").write_text(run.MKDOCS_YML.format(plugin=run.PLUGIN, docs="public"), encoding="utf-8")
    row: dict[str, object] = {"people": people, "entries": people // 10}
    print(f"{people} people: check…", file=sys.stderr, flush=True)
    row["check"] = run.build(root, program=MEASURED_CHECK)
    print(f"{people} people: cold build…", file=sys.stderr, flush=True)
    row["cold"] = run.build(root)
    print(f"{people} people: warm build…", file=sys.stderr, flush=True)
    row["warm"] = run.build(root)
    pages = row["pages"] = sum(1 for _ in (root / "site").rglob("index.html"))
    plain = run.plain_site(workdir / str(people) / "plain", pages)
    print(f"{people} people: plain build of {pages} pages…", file=sys.stderr, flush=True)
    row["plain"] = run.build(plain)
    return row


def table(rows: list[dict]) -> str:
    def cell(build: run.Build) -> str:
        return f"{build.seconds:.1f} s ({build.cpu:.1f}) / {build.peak_mb:.0f} MB"

    lines = ["Wall seconds (processor seconds) / peak memory; ratios of processor seconds and of peaks:", "",
             "| people / entries | pages | mentornet check | plain Material | mentornet cold | × plain "
             "| warm | × plain |", "| --- " * 8 + "|"]
    for row in rows:
        plain, cold, warm = row["plain"], row["cold"], row["warm"]
        lines.append(
            f"| {row['people']:,} / {row['entries']:,} | {row['pages']:,} | {cell(row['check'])} | {cell(plain)} "
            f"| {cell(cold)} | {cold.cpu / plain.cpu:.2f}× time, {cold.peak_mb / plain.peak_mb:.2f}× memory "
            f"| {cell(warm)} | {warm.cpu / plain.cpu:.2f}× time, {warm.peak_mb / plain.peak_mb:.2f}× memory |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="mentornet-scale-"))
    try:
        rows = []
        for people in args.people:
            rows.append(measure(people, workdir))
            print(table(rows[-1:]), file=sys.stderr, flush=True)  # each size as soon as it is measured
        print(f"\n{os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
        print(table(rows))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
