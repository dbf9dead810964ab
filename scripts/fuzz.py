"""Run the mutation fuzzer for long: python scripts/fuzz.py --count 2000 [--seed N] [--outputs | --page | --writers].

Every file it finds a fault with is kept in tests/fuzz-regressions/ (where tests/test_fuzz.py reads it
again on every test run). Prints a line per fault and a summary; exits 1 when it found any."""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from fuzzing import Case, Outcome, cases, read_case, read_case_on_page, write_wild_plan  # noqa: E402

REGRESSIONS = ROOT / "tests" / "fuzz-regressions"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--outputs", action="store_true",
                        help="write each plan in every format too, and count measures lost without a warning as faults")
    parser.add_argument("--page", action="store_true",
                        help="upload each file to the web page instead (through its test client), with its plan "
                             "page, every download and a page picture")
    parser.add_argument("--writers", action="store_true",
                        help="write plans no reader made (wild texts, names and sizes) in every format instead")
    args = parser.parse_args()
    if args.writers:
        numbers = iter(range(args.count))
        run(args, lambda _case, folder: write_wild_plan(next(numbers), args.seed, folder))
        return
    if args.page:
        from starlette.testclient import TestClient

        from planparse.web.app import Settings, create_app

        with TestClient(create_app(Settings(allowed_hosts=("testserver",))), base_url="http://testserver") as client:
            run(args, lambda case, _folder: read_case_on_page(case, client))
        return
    run(args, lambda case, folder: read_case(case, folder, outputs=args.outputs))


def run(args: argparse.Namespace, read: Callable[[Case, Path], Outcome]) -> None:
    answers: Counter[str] = Counter()
    faults = 0
    started = time.monotonic()
    slowest = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for number, case in enumerate(cases(args.count, args.seed), start=1):
            case_started = time.monotonic()
            outcome = read(case, Path(folder))
            slowest = max(slowest, time.monotonic() - case_started)
            answers[outcome.answer if not outcome.is_fault else "fault"] += 1
            if outcome.is_fault:
                faults += 1
                REGRESSIONS.mkdir(exist_ok=True)
                (REGRESSIONS / case.name).write_bytes(case.data)
                print(f"fault: {case.name}: {outcome.answer}", flush=True)
            if number % 100 == 0:
                print(f"{number} files, {faults} faults, {time.monotonic() - started:.0f} s", flush=True)
    # ru_maxrss is in kilobytes on Linux: the readers' children (each held to the limits) and this
    # process, which ran every writer
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    writers = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.count} files in {time.monotonic() - started:.0f} s (slowest {slowest:.1f} s; "
          f"peak memory: reading {children:.0f} MB, writing {writers:.0f} MB): "
          + ", ".join(f"{answer} {count}" for answer, count in answers.most_common()))
    sys.exit(1 if faults else 0)


if __name__ == "__main__":
    main()
