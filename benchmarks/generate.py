"""Synthetic portfolios on disk, for benchmarks: people, ties, attributes, journal entries.

    python benchmarks/generate.py OUT_DIR --people 1000 --entries 5000

The portfolio is deterministic for a given seed, valid, and shaped like a real one: a few
organisations, every vocabulary term in use, about three ties per person.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from mentornet.core import vocabulary as v  # noqa: E402

FIRST = ["Ada", "Ben", "Cam", "Dia", "Eli", "Fay", "Gus", "Hal", "Ida", "Jon", "Kai", "Lea", "Mo",
         "Nia", "Oto", "Pia", "Raj", "Sia", "Tom", "Uma", "Vic", "Wen", "Xia", "Yan", "Zoe"]
LAST = ["Grant", "Castillo", "Roberts", "Wonder", "Okafor", "Lindqvist", "Mensah", "Nair", "Osei",
        "Fischer", "Haddad", "Pryce", "Baillie", "Mehta", "Kowalczyk"]
ORGS = ["Example University", "Northfield Hospital", "Open Data Lab", "Society of Examples",
        "Research Council", "Home"]


def _pick(rng: random.Random, vocabulary: v.Vocabulary, k: int) -> list[str]:
    return sorted(rng.sample(vocabulary.ids, rng.randint(1, k)))


def _name(index: int) -> tuple[str, str]:
    first, last = FIRST[index % len(FIRST)], LAST[(index // len(FIRST)) % len(LAST)]
    return f"{first.lower()}-{last.lower()}-{index}", f"{first} {last} {index}"


def people_yaml(count: int, seed: int = 1) -> tuple[str, list[str]]:
    rng = random.Random(seed)
    ids = [_name(i)[0] for i in range(count)]
    lines = ["# synthetic people"]
    for index, person_id in enumerate(ids):
        knows = sorted({ids[rng.randrange(count)] for _ in range(3)} - {person_id}) if count > 1 else []
        organisation = ORGS[rng.randrange(len(ORGS))]
        lines += [
            f"- id: {person_id}",
            f"  name: {_name(index)[1]}",
            f"  title: Synthetic colleague number {index}",
            f"  organisation: {organisation}",
            f"  inside: {'true' if organisation == ORGS[0] else 'false'}",
            f"  seniority: {rng.choice(v.SENIORITY.ids)}",
            f"  closeness: {rng.choice(v.CLOSENESS.ids)}",
            f"  support: [{', '.join(_pick(rng, v.SUPPORT, 2))}]",
            f"  roles: [{', '.join(_pick(rng, v.ROLES, 2))}]",
            f"  purposes: [{', '.join(_pick(rng, v.PURPOSES, 2))}]",
            f"  knowing: [{', '.join(_pick(rng, v.KNOWING, 2))}]",
            f"  social_system: {rng.choice(v.SOCIAL_SYSTEMS.ids)}",
            f"  influence: {rng.choice(v.INFLUENCE.ids)}",
            f"  since: {dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(2000))}",
            f"  cadence: {rng.choice(['monthly', '6 weeks', 'quarterly', 'weekly'])}",
            f"  knows: [{', '.join(knows)}]",
            "  attributes:",
            f"    gender: {rng.choice(['woman', 'man', 'non-binary'])}",
            f"    discipline: {rng.choice(['epidemiology', 'statistics', 'computing', 'policy'])}",
            "  notes: |",
            "    Talks about methods and careers; ask about the next grant round and the",
            "    reading group. **Follow up** on the introduction they offered.",
        ]
    return "\n".join(lines) + "\n", ids


def entry_markdown(index: int, people: list[str], rng: random.Random) -> tuple[str, str]:
    day = dt.date(2022, 1, 1) + dt.timedelta(days=index % 1500)
    name = f"{day.isoformat()}-entry-{index}"
    with_people = ", ".join(rng.sample(people, min(2, len(people)))) if people else ""
    text = (f"---\ntitle: Meeting number {index}\ndate: {day.isoformat()}\npeople: [{with_people}]\n"
            f"kind: {rng.choice(v.JOURNAL_KINDS.ids)}\nagenda: [Progress, Next steps]\n"
            f"actions:\n  - text: Follow up on item {index}\n    due: {day + dt.timedelta(days=30)}\n"
            f"    done: {'true' if index % 3 else 'false'}\n---\n\n"
            + ("We talked about the project, the next paper and the grant. " * 20) + "\n")
    return name, text


def write(out: Path, people: int, entries: int, seed: int = 1, split: bool = False) -> Path:
    """The portfolio in ``out``; with ``split``, each person in a file of their own under
    ``data/people/`` (past 20,000 people, one ``people.yaml`` is over the 8 MB a data file may be)."""
    rng = random.Random(seed)
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "content" / "journal").mkdir(parents=True, exist_ok=True)
    (out / "public").mkdir(exist_ok=True)  # the engine's docs folder: public files only (none here)
    (out / "data" / "profile.yaml").write_text(
        "name: Synthetic Owner\norganisation: Example University\ngoals:\n"
        "  - id: grow\n    text: Grow\n    needs: [career, sponsor, strategic]\n", encoding="utf-8")
    text, ids = people_yaml(people, seed)
    if split:
        folder = out / "data" / "people"
        folder.mkdir(exist_ok=True)
        for block in text.split("\n- id: ")[1:]:
            person_id, _, rest = block.partition("\n")
            body = "".join(line[2:] + "\n" for line in rest.rstrip("\n").split("\n"))
            (folder / f"{person_id}.yaml").write_text(body, encoding="utf-8")
    else:
        (out / "data" / "people.yaml").write_text(text, encoding="utf-8")
    for index in range(entries):
        name, markdown = entry_markdown(index, ids, rng)
        (out / "content" / "journal" / f"{name}.md").write_text(markdown, encoding="utf-8")
    (out / "content" / "index.md").write_text("# Synthetic portfolio\n", encoding="utf-8")
    return out


_KNOWS = re.compile(r"^  knows: \[(.*)\]$", re.MULTILINE)
_ENTRY_PEOPLE = re.compile(r"^people: \[(.*)\]$", re.MULTILINE)


def _present(blocks: list[str]) -> str:
    """The people blocks, with ties only to people present at that commit (so it validates)."""
    ids = {block[len("- id: "):block.index("\n")] for block in blocks}

    def keep(match: re.Match) -> str:
        return "  knows: [" + ", ".join(i for i in match.group(1).split(", ") if i in ids) + "]"

    return "\n".join(_KNOWS.sub(keep, block) for block in blocks)


def git_history(root: Path, commits: int, seed: int = 2, broken: bool = False) -> None:
    """Make ``root`` a Git repository of ``commits`` commits that grows the way a person's does:
    a quarter of the people at the start, the others joining over the commits, journal entries
    added a few at a time (each naming people present by then), people drifting away (``until``)
    and coming back, closeness changing; the last commit is the files as they are now.

    With ``broken``, entries keep the people they name even before those join, so the early
    revisions do not load (the pathological history of issue 17). Entries on disk are
    rewritten to the text they were committed with. One ``git fast-import`` stream, so even
    2,000 commits take seconds.
    """
    rng = random.Random(seed)
    final = (root / "data" / "people.yaml").read_text(encoding="utf-8")
    header, *blocks = final.split("\n- id: ")
    blocks = ["- id: " + block.rstrip("\n") for block in blocks]
    joined = len(blocks) // 4 or 1
    current = list(blocks[:joined])
    pending = blocks[joined:]  # people who join during the history, in order
    away: dict[int, str] = {}  # index in current → the block as it was before they drifted away
    entries = sorted((root / "content" / "journal").glob("*.md"))
    start = dt.datetime(2021, 1, 1, 9, 0)
    stream: list[bytes] = []
    steps = max(1, commits - 2)

    def commit(number: int, message: str, files: dict[str, str]) -> None:
        when = int((start + dt.timedelta(hours=number * 7)).replace(tzinfo=dt.timezone.utc).timestamp())
        body = message.encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"committer Bench <bench@example.org> {when} +0000\n".encode())
        stream.append(f"data {len(body)}\n".encode() + body + b"\n")
        for path, text in files.items():
            data = text.encode("utf-8")
            stream.append(f"M 100644 inline {path}\n".encode() + f"data {len(data)}\n".encode() + data + b"\n")
        stream.append(b"\n")

    def people_text() -> str:
        return header + "\n" + _present(current) + "\n"

    def ids_present() -> list[str]:
        return [block[len("- id: "):block.index("\n")] for block in current]

    def entry_text(path: Path) -> str:
        text = path.read_text(encoding="utf-8")
        if broken:
            return text
        present = set(ids_present())
        named = _ENTRY_PEOPLE.search(text).group(1).split(", ")
        kept = [i for i in named if i in present] or rng.sample(sorted(present), 1)
        text = _ENTRY_PEOPLE.sub("people: [" + ", ".join(kept) + "]", text, count=1)
        path.write_text(text, encoding="utf-8")  # the working tree as committed
        return text

    profile = (root / "data" / "profile.yaml").read_text(encoding="utf-8")
    commit(0, "Start my network", {"data/profile.yaml": profile, "data/people.yaml": people_text()})
    added_entries = 0
    for number in range(1, steps + 1):
        files: dict[str, str] = {}
        messages = []
        joining = len(blocks) - joined - len(pending)
        due = (len(blocks) - joined) * number // steps
        while joining < due and pending:
            current.append(pending.pop(0))
            joining += 1
            messages.append("someone new")
        roll = rng.random()
        if roll < 0.1 and len(current) > 2:
            index = rng.randrange(len(current))
            if index in away:
                current[index] = away.pop(index)
                messages.append("back in touch")
            else:
                away[index] = current[index]
                current[index] = current[index].replace("\n  since: ", "\n  until: 2025-12-31\n  since: ", 1)
                messages.append("someone drifted away")
        elif roll < 0.4:
            index = rng.randrange(len(current))
            found = re.search(r"closeness: (\w+)", current[index])
            new = rng.choice([c for c in v.CLOSENESS.ids if c != found.group(1)])
            current[index] = current[index].replace(f"closeness: {found.group(1)}", f"closeness: {new}")
            messages.append(f"closeness {found.group(1)} to {new}")
        before = people_text()
        due = len(entries) * number // steps
        while added_entries < due:
            path = entries[added_entries]
            files[path.relative_to(root).as_posix()] = entry_text(path)
            added_entries += 1
        if files:
            messages.append(f"{len(files)} journal {'entry' if len(files) == 1 else 'entries'}")
        files["data/people.yaml"] = before
        commit(number, (", ".join(messages) or "notes").capitalize(), files)
    for path in entries[added_entries:]:
        entry_text(path)
    for index, block in away.items():  # everyone is back by now, as the files on disk say
        current[index] = block
    files = {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
             for folder in ("data", "content") for path in sorted((root / folder).rglob("*")) if path.is_file()}
    commit(steps + 1, "Where things stand", files)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--entries", type=int, default=100)
    parser.add_argument("--commits", type=int, default=0, help="also make a Git history of this many commits")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--split", action="store_true",
                        help="one file per person under data/people/ (no history: --commits 0)")
    parser.add_argument("--broken", action="store_true",
                        help="entries name people before they join: early revisions do not load")
    args = parser.parse_args()
    if args.split and args.commits:
        parser.error("--split makes no history: leave out --commits")
    write(args.out, args.people, args.entries, args.seed, split=args.split)
    if args.commits:
        git_history(args.out, args.commits, broken=args.broken)
    print(f"wrote {args.people} people, {args.entries} entries and {args.commits} commits to {args.out}")


if __name__ == "__main__":
    main()
