"""Benchmark: `diff` of a large plan against a version with every measure reworded.

Run: python benchmarks/bench_diff.py [--measures 4200]. Prints the time per size, to show how it grows.
"""

from __future__ import annotations

import argparse
import random
import time

from planparse.diff import ChangeKind, diff_plans
from planparse.model import Area, Goal, Mark, MarkKind, Measure, Plan

WORDS = ("arrangere kurs for ansatte utvikle nye rutiner følge opp elever skrive rapport om trivsel "
         "styrke samarbeid med foresatte kartlegge behov evaluere tiltak dele erfaringer mellom "
         "skoler innføre digitale verktøy gjennomføre møter jevnlig lage plan for oppfølging "
         "etablere nettverk").split()


def _mark(raw: str) -> Mark:
    return Mark(raw=raw, kind=MarkKind.PLANNED if raw else MarkKind.NONE)


def plan_of(texts: list[list[str]], marks: list[str]) -> Plan:
    goals = [Goal(text=f"Mål {g + 1} om {' '.join(random.Random(g).sample(WORDS, 5))}", measures=[
        Measure(text=text, schedule={"2025": _mark(marks[(g + k) % len(marks)])}, responsible=["Leder"])
        for k, text in enumerate(group)]) for g, group in enumerate(texts)]
    return Plan(title="Handlingsplan 2025", areas=[Area(title="Område", goals=goals)])


def reworded(text: str, rng: random.Random) -> str:
    words = text.split()
    words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def run(count: int, moved: bool = False) -> tuple[float, int]:
    """`moved`: every measure also moved to another goal (the worst case: nothing narrows the search)."""
    rng = random.Random(count)
    groups = [[" ".join(rng.choices(WORDS, k=12)) for _ in range(4)] for _ in range(count // 4)]
    old = plan_of(groups, ["x", ""])
    changed = [[reworded(t, rng) for t in group] for group in groups]
    if moved:
        changed = changed[1:] + changed[:1]
        changed = [[f"{t} {g}" for t in group] for g, group in enumerate(changed)]  # the goals' texts stay
    new = plan_of(changed, ["x", ""])
    started = time.perf_counter()
    changes = diff_plans(old, new)
    elapsed = time.perf_counter() - started
    return elapsed, sum(1 for c in changes if c.kind is ChangeKind.REWORDED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--measures", type=int, default=4200)
    parser.add_argument("--moved", action="store_true", help="also move every measure to another goal")
    args = parser.parse_args()
    for count in sorted({args.measures // 8, args.measures // 4, args.measures // 2, args.measures}):
        elapsed, found = run(count, args.moved)
        what = "reworded and moved" if args.moved else "reworded"
        print(f"{count:6} measures {what}: {elapsed:7.2f} s, {found} reported as reworded")


if __name__ == "__main__":
    main()
