"""Time reading a long history: 2,000 commits of a ~24 KB data/people.yaml.

    python benchmarks/history_check.py [--commits 2000] [--people 80] [--keep DIR]

The repository is written with ``git fast-import`` (seconds, not minutes); each commit
changes one person (closeness, support, a tie), and now and then someone joins or leaves.
Then the history is read cold (no cache) and warm (the cache of the cold read), and the
figures are printed. Targets on a 2-core machine: under 3 s cold, under 0.3 s warm.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mentornet.history import gitread

from mentornet.history import changes as history
from mentornet.core.layout import Layout

PROFILE = "name: Dr Maya Lindqvist\norganisation: Calderbridge\n"
SYSTEMS = ("institution", "other-institutions", "industry", "professional-bodies", "funders", "online")


def person_yaml(p: dict) -> str:
    lines = [f"- id: {p['id']}", f"  name: {p['name']}", "  title: Researcher in something long enough",
             f"  organisation: {p['organisation']}", f"  inside: {str(p['inside']).lower()}",
             f"  seniority: {p['seniority']}", f"  closeness: {p['closeness']}",
             f"  support: [{', '.join(p['support'])}]", f"  roles: [{', '.join(p['roles'])}]",
             f"  social_system: {p['social_system']}", "  since: 2024-01-15", "  cadence: monthly",
             f"  knows: [{', '.join(sorted(p['knows']))}]",
             "  notes: |", "    A line or two of notes about what we talk about and why it matters,",
             "    and what to ask next time we meet.", ""]
    return "\n".join(lines) + "\n"


def make_person(rng: random.Random, index: int) -> dict:
    return {"id": f"person-{index:04d}", "name": f"Person {index:04d} Example",
            "organisation": rng.choice(("Calderbridge", "Elsewhere", "Industry Ltd")),
            "inside": rng.random() < 0.5, "seniority": rng.choice(("senior", "peer", "junior")),
            "closeness": rng.choice(("close", "moderate", "distant")),
            "support": sorted(rng.sample(("job", "career", "personal"), rng.randint(1, 2))),
            "roles": sorted(rng.sample(("developmental", "skills", "peer", "sponsor", "coach"), 1)),
            "social_system": rng.choice(SYSTEMS), "knows": set()}


def generate(folder: Path, commits: int, size: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    people = [make_person(rng, i) for i in range(size)]
    for p in people:
        for other in rng.sample(people, 2):
            if other is not p:
                p["knows"].add(other["id"])
    next_index = size
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    stream = []
    when = 1_700_000_000
    for number in range(commits):
        if number:
            roll = rng.random()
            p = rng.choice(people)
            if roll < 0.03:
                newcomer = make_person(rng, next_index)
                next_index += 1
                people.append(newcomer)
                subject = f"{newcomer['name']} joined"
            elif roll < 0.06 and len(people) > 10:
                people.remove(p)
                for other in people:
                    other["knows"].discard(p["id"])
                subject = f"{p['name']} left"
            elif roll < 0.5:
                p["closeness"] = rng.choice([c for c in ("close", "moderate", "distant") if c != p["closeness"]])
                subject = f"{p['name']}: closeness"
            elif roll < 0.75:
                old = p["support"]
                while p["support"] == old:
                    p["support"] = sorted(rng.sample(("job", "career", "personal"), rng.randint(1, 3)))
                subject = f"{p['name']}: support"
            else:
                other = rng.choice([o for o in people if o is not p])
                p["knows"].symmetric_difference_update({other["id"]})
                subject = f"{p['name']}: ties"
        else:
            subject = "My network"
        text = "# The people in my network\n\n" + "".join(person_yaml(p) for p in people)
        data = text.encode()
        when += 3600 * 7
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"committer Bench <bench@example.org> {when} +0000\n".encode())
        message = subject.encode()
        stream.append(f"data {len(message)}\n".encode() + message + b"\n")
        if not number:
            profile = PROFILE.encode()
            stream.append(f"M 100644 inline data/profile.yaml\ndata {len(profile)}\n".encode() + profile + b"\n")
        stream.append(f"M 100644 inline data/people.yaml\ndata {len(data)}\n".encode() + data + b"\n\n")
    subprocess.run(["git", "-C", str(folder), "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", str(folder), "symbolic-ref", "HEAD", "refs/heads/main"], check=True)
    subprocess.run(["git", "-C", str(folder), "checkout", "-q", "-f", "main"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--people", type=int, default=70)
    parser.add_argument("--keep", type=Path, help="write the repository here and keep it")
    options = parser.parse_args()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="mentornet-history-"))
    try:
        start = time.perf_counter()
        generate(folder, options.commits, options.people)
        made = time.perf_counter() - start
        size = (folder / "data" / "people.yaml").stat().st_size
        print(f"repository: {options.commits} commits of a {size / 1024:.1f} KB people.yaml, "
              f"written in {made:.2f} s ({folder})")
        layout = Layout.of(folder)
        cache = folder / ".cache" / "plugin" / "mentornet"
        shutil.rmtree(cache, ignore_errors=True)
        start = time.perf_counter()
        cold = gitread.read_history(layout, cache)
        cold_s = time.perf_counter() - start
        start = time.perf_counter()
        warm = gitread.read_history(layout, cache)
        warm_s = time.perf_counter() - start
        start = time.perf_counter()
        built = history.build(warm.snapshots)
        build_s = time.perf_counter() - start
        assert len(cold.snapshots) == len(warm.snapshots) == options.commits, (len(cold.snapshots), cold.warnings)
        print(f"cold read: {cold_s:.2f} s  (target < 3 s)   {cold.stats}")
        print(f"warm read: {warm_s:.3f} s (target < 0.3 s) {warm.stats}")
        print(f"changes and measures of {len(built.snapshots)} snapshots: {build_s:.2f} s "
              f"({len(built.points)} charted points)")
        if cold_s >= 3 or warm_s >= 0.3:
            sys.exit(1)
    finally:
        if options.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
