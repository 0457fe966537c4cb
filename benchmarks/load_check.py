"""How long loading and validating a large portfolio takes (issue: under a second for
1,000 people and 5,000 journal entries on a 2-core machine).

    python benchmarks/load_check.py [--people 1000] [--entries 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402
import yaml  # noqa: E402

from mentornet.core.layout import Layout  # noqa: E402

from mentornet.load import read_portfolio


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = generate.write(Path(folder), args.people, args.entries)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            portfolio, problems = read_portfolio(Layout.of(root))
            times.append(time.perf_counter() - start)
            assert not problems, problems[:3]
        print(f"libyaml C loader: {'yes' if hasattr(yaml, 'CSafeLoader') else 'NO'}")
        print(f"load + validate {len(portfolio.people)} people, {len(portfolio.journal)} entries, "
              f"{len(portfolio.ties)} ties: median {statistics.median(times):.3f} s, "
              f"best {min(times):.3f} s over {args.repeat} runs")


if __name__ == "__main__":
    main()
