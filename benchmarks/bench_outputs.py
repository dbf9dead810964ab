"""Benchmark: writing each output of a large plan (4,200 measures by default), to see what each costs;
then converting that plan, as a Word file (its own report, which reads back to the same plan), to
JSON and to all four outputs, whole process, each run a new one, taking turns.

Run: python benchmarks/bench_outputs.py [--measures N] [--repeat N]. Prints one line per format and
the ratio of all four outputs to JSON; not a test."""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from planparse import write
from planparse.model import Area, Goal, Mark, MarkKind, Measure, Plan, year_period

WORDS = "arrangere kurs for ansatte utvikle nye rutiner følge opp elever skrive rapport om trivsel".split()


def large_plan(count: int) -> Plan:
    rng = random.Random(count)
    per_goal, goals_per_area = 20, 35
    areas = []
    for a in range(max(1, count // (per_goal * goals_per_area))):
        goals = [Goal(text=f"Mål {a + 1}.{g + 1}", columns=["Tiltak", "2025", "2026", "Ansvarlig"], measures=[
            Measure(text=" ".join(rng.choices(WORDS, k=12)), responsible=["Leder", "Rådgiver"],
                    schedule={str(y): Mark(raw="x", kind=MarkKind.PLANNED) for y in (2025, 2026)})
            for _ in range(per_goal)]) for g in range(goals_per_area)]
        areas.append(Area(title=f"Område {a + 1}", goals=goals))
    return Plan(title="Handlingsplan 2025 – 2026", areas=areas, periods=[year_period(2025), year_period(2026)],
                years=[2025, 2026])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--measures", type=int, default=4200)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    plan = large_plan(arguments.measures)
    with tempfile.TemporaryDirectory() as folder:
        for name in ("json", "csv", "xlsx", "docx"):
            started = time.perf_counter()
            write(plan, Path(folder) / f"plan.{name}")
            print(f"{name:5} {len(plan.measures())} measures: {time.perf_counter() - started:6.2f} s")
        convert(Path(folder) / "plan.docx", Path(folder) / "out", arguments.repeat)


def convert(source: Path, out: Path, repeat: int) -> None:
    """`planparse convert` of `source` to JSON and to all four outputs, median of alternating runs."""
    commands = {"json": "json", "all four": "json,xlsx,docx,csv"}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, formats in commands.items():
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "planparse", "convert", str(source), "--to", formats, "-o", str(out)],
                           check=True, capture_output=True)
            times[name].append(time.perf_counter() - started)
    json_time, all_time = (statistics.median(times[name]) for name in commands)
    print(f"convert the Word file to JSON: {json_time:6.2f} s; to all four outputs: {all_time:6.2f} s "
          f"({all_time / json_time:.2f}x)")


if __name__ == "__main__":
    main()
