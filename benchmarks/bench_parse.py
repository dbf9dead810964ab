"""Benchmark: time and peak memory of reading each sample plan and the robustness corpus.

Run: python benchmarks/bench_parse.py [--repeat N]. Prints one line per input; not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from planparse import parse
from planparse.errors import PlanparseError

ROOT = Path(__file__).resolve().parent.parent


def measure(path: Path, repeat: int) -> tuple[float, float, str]:
    times = []
    outcome = ""
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            plan = parse(path)
            outcome = f"{len(plan.measures())} measures"
        except PlanparseError as error:
            outcome = type(error).__name__
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    with contextlib.suppress(PlanparseError):
        parse(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20, outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", action="store_true", help="also every PDF in tests/corpus")
    args = parser.parse_args()
    inputs = sorted((ROOT / "samples").glob("*.docx")) + sorted((ROOT / "samples").glob("*.pdf"))
    inputs += sorted((ROOT / "tests" / "plans").glob("*.pdf"))
    if args.corpus:
        inputs += sorted((ROOT / "tests" / "corpus").glob("*.pdf"))
    print(f"{'input':60} {'median s':>9} {'peak MiB':>9}  outcome")
    for path in inputs:
        seconds, peak, outcome = measure(path, args.repeat)
        print(f"{path.name[:60]:60} {seconds:9.3f} {peak:9.1f}  {outcome}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS: {rss:.0f} MiB", file=sys.stderr)


if __name__ == "__main__":
    main()
