"""Benchmark: planparse against pdfplumber's bare extract_tables() (and Camelot's lattice mode when it
is installed), whole process, each run a new process, the tools alternating; the cost per page at
10, 100 and 500 pages with peak memory; and a batch of 20 plans on 2 cores against one at a time.

Run: python benchmarks/bench_engines.py [--repeat N] [--skip-pages] [--skip-batch]. Not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "samples" / "handlingsplan-2022-2024.pdf", ROOT / "samples" / "handlingsplan-2022-2024-unruled.pdf"]
PYTHON = sys.executable
PLANPARSE = [PYTHON, "-m", "planparse"]
EXTRACT_TABLES = "import sys, pdfplumber\nwith pdfplumber.open(sys.argv[1]) as pdf:\n" \
                 "    [page.extract_tables() for page in pdf.pages]\n"
CAMELOT = "import sys, camelot\ncamelot.read_pdf(sys.argv[1], pages='all', flavor='lattice')\n"
# Runs one command and prints its peak memory: the largest resident size of it and its children.
MEASURE = "import resource, subprocess, sys\nsubprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n" \
          "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"


def run(command: list[str]) -> tuple[float, float]:
    """Seconds and peak MB of one whole process."""
    start = time.perf_counter()
    result = subprocess.run([PYTHON, "-c", MEASURE, *command], check=True, capture_output=True, text=True)
    return time.perf_counter() - start, int(result.stdout.strip()) / 1024


def tools(pdf: Path, out: Path) -> dict[str, list[str]]:
    chosen = {
        "extract_tables": [PYTHON, "-c", EXTRACT_TABLES, str(pdf)],
        "planparse json": [*PLANPARSE, "convert", str(pdf), "-o", str(out)],
        "planparse all four": [*PLANPARSE, "convert", str(pdf), "-o", str(out), "--to", "json,xlsx,docx,csv"],
        "planparse json, pdfplumber engine": [*PLANPARSE, "convert", str(pdf), "-o", str(out),
                                              "--pdf-engine", "pdfplumber"],
    }
    if shutil.which("camelot") or _importable("camelot"):
        chosen["camelot lattice"] = [PYTHON, "-c", CAMELOT, str(pdf)]
    return chosen


def _importable(name: str) -> bool:
    return subprocess.run([PYTHON, "-c", f"import {name}"], capture_output=True).returncode == 0


def compare(repeat: int) -> None:
    print("== whole process on the sample PDFs (median of alternating runs)")
    with tempfile.TemporaryDirectory() as folder:
        for pdf in SAMPLES:
            commands = tools(pdf, Path(folder))
            times: dict[str, list[float]] = {name: [] for name in commands}
            peaks: dict[str, float] = {}
            for _ in range(repeat):
                for name, command in commands.items():
                    seconds, peak = run(command)
                    times[name].append(seconds)
                    peaks[name] = max(peaks.get(name, 0.0), peak)
            base = statistics.median(times["extract_tables"])
            print(f"{pdf.name}")
            for name in commands:
                median = statistics.median(times[name])
                print(f"  {name:36} {median:6.2f} s  {median / base:5.2f}× extract_tables  {peaks[name]:6.0f} MB")


def long_pdf(pages: int, target: Path) -> Path:
    """A plan of `pages` pages: the sample's pages over and over (PDFium copies them)."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(SAMPLES[0])
    document = pdfium.PdfDocument.new()
    count = len(source)
    while len(document) < pages:
        take = min(count, pages - len(document))
        document.import_pages(source, list(range(take)))
    document.save(target)
    return target


def per_page(repeat: int) -> None:
    print("== cost per page (planparse convert --to json, whole process)")
    with tempfile.TemporaryDirectory() as folder:
        base = None
        for pages in (10, 100, 500):
            pdf = long_pdf(pages, Path(folder) / f"plan-{pages}.pdf")
            command = [*PLANPARSE, "convert", str(pdf), "-o", folder, "--max-seconds", "600", "--max-memory", "4096"]
            runs = [run(command) for _ in range(repeat)]
            seconds = statistics.median(r[0] for r in runs)
            peak = max(r[1] for r in runs)
            per = seconds / pages
            base = base or per
            print(f"  {pages:4} pages  {seconds:7.2f} s  {per * 1000:6.1f} ms/page ({per / base:4.2f}× 10 pages)  "
                  f"peak {peak:5.0f} MB")


def batch(repeat: int) -> None:
    print("== a batch of 20 plans (JSON), one at a time against -j 2 (median of alternating runs)")
    inputs = [*sorted((ROOT / "tests" / "plans").glob("*.pdf")), *sorted((ROOT / "tests" / "plans" / "shapes")
                                                                        .glob("*.docx"))][:20]
    assert len(inputs) == 20, len(inputs)
    times: dict[int, list[float]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeat):
            for jobs in times:
                times[jobs].append(run([*PLANPARSE, "convert", *map(str, inputs), "-o", folder, "-j", str(jobs)])[0])
    single, double = statistics.median(times[1]), statistics.median(times[2])
    print(f"  -j 1 {single:.2f} s, -j 2 {double:.2f} s: {single / double:.2f}× faster on {os.cpu_count()} cores "
          f"(runs: {', '.join(f'{s:.2f}' for s in times[1])} against {', '.join(f'{s:.2f}' for s in times[2])})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--skip-batch", action="store_true")
    args = parser.parse_args()
    compare(args.repeat)
    if not args.skip_pages:
        per_page(max(1, args.repeat // 2))
    if not args.skip_batch:
        batch(args.repeat)


if __name__ == "__main__":
    main()
