"""Benchmark: the pages of one scan read by OCR at once (-j): a 9-page scan (the sample plan's 7 pages
and a test plan's 2, as an image-only PDF at 200 dpi, tests/scans.py) read with 1 page at a time and
with 2 at once, alternating, in child processes as `planparse convert` reads; the median of each and
their ratio, and whether the plans read are the same. Reading pages at once runs each Tesseract in one
thread (OMP_THREAD_LIMIT=1, where not set); one page at a time leaves Tesseract its own threads
(OpenMP): with --one-thread both run with OMP_THREAD_LIMIT=1, to tell the pages' share of the gain from
the threads'. With --omp: two Tesseracts reading one page at once, with OMP_THREAD_LIMIT=1 and unset,
alternating: seconds and CPU seconds.

Run: python benchmarks/bench_ocr_pages.py [--rounds N] [--one-thread | --omp]. Needs Tesseract. Not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from scans import scan_pdf  # noqa: E402

from planparse.api import parse_isolated  # noqa: E402
from planparse.options import Limits, ReadOptions  # noqa: E402

PARTS = [ROOT / "samples" / "handlingsplan-2022-2024.pdf", ROOT / "tests" / "plans" / "kommunen-2026-2028.pdf"]
DPI = 200


def joined(target: Path) -> Path:
    """The PDFs of PARTS one after another in one PDF."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for part in PARTS:
        source = pdfium.PdfDocument(part)
        document.import_pages(source)
        source.close()
    document.save(target)
    document.close()
    return target


def timed(scan: Path, jobs: int, omp: str | None) -> tuple[float, str]:
    """Seconds to read the scan with `jobs` pages at once (OMP_THREAD_LIMIT as `omp` says, None unset),
    and the plan read, as JSON."""
    before = os.environ.pop("OMP_THREAD_LIMIT", None)
    if omp is not None:
        os.environ["OMP_THREAD_LIMIT"] = omp
    try:
        start = time.perf_counter()
        plan = parse_isolated(scan, options=ReadOptions(page_jobs=jobs, limits=Limits(max_seconds=600)))
        return time.perf_counter() - start, plan.model_dump_json()
    finally:
        os.environ.pop("OMP_THREAD_LIMIT", None)
        if before is not None:
            os.environ["OMP_THREAD_LIMIT"] = before


def tesseracts(page: Path, omp: str | None) -> tuple[float, float]:
    """Seconds and CPU seconds of two Tesseracts reading `page` at once, OMP_THREAD_LIMIT `omp` (None unset)."""
    environment = {name: value for name, value in os.environ.items() if name != "OMP_THREAD_LIMIT"}
    if omp is not None:
        environment["OMP_THREAD_LIMIT"] = omp
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    running = [subprocess.Popen(["tesseract", str(page), str(page.with_name(f"out{number}")), "-l", "nor", "--psm",
                                 "3", "--dpi", str(DPI), "-c", "lstm_choice_mode=2", "hocr"], env=environment,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for number in range(2)]
    for process in running:
        process.wait()
    seconds, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def omp(rounds: int) -> None:
    from scans import scanned_pages

    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "page.png"
        scanned_pages(PARTS[0], DPI, 1)[1].save(page, dpi=(DPI, DPI))
        for round_ in range(rounds):
            for limit in ("1", None) if round_ % 2 == 0 else (None, "1"):
                seconds, cpu = tesseracts(page, limit)
                print(f"2 Tesseracts on one page at once, OMP_THREAD_LIMIT {limit or 'unset'}: {seconds:5.1f} s, "
                      f"{cpu:5.1f} CPU s", flush=True)


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--rounds", type=int, default=3)
    arguments.add_argument("--one-thread", action="store_true", help="OMP_THREAD_LIMIT=1 for 1 at a time too")
    arguments.add_argument("--omp", action="store_true", help="2 Tesseracts, OMP_THREAD_LIMIT=1 against unset")
    given = arguments.parse_args()
    if given.omp:
        omp(given.rounds)
        return
    # (label, pages at once, OMP_THREAD_LIMIT: None leaves it unset, which 2 at once set to 1 themselves)
    single = "1" if given.one_thread else None
    runs = [("1 at a time", 1, single), ("2 at once", 2, single)]
    with tempfile.TemporaryDirectory() as folder:
        scan = scan_pdf(joined(Path(folder) / "joined.pdf"), Path(folder) / "scan-9.pdf", DPI)
        times: dict[str, list[float]] = {label: [] for label, _, _ in runs}
        plans: dict[str, str] = {}
        for round_ in range(given.rounds):
            for label, jobs, limit in runs if round_ % 2 == 0 else runs[::-1]:
                seconds, plans[label] = timed(scan, jobs, limit)
                times[label].append(seconds)
                print(f"round {round_ + 1}: {label:12} {seconds:6.1f} s", flush=True)
    medians = {label: statistics.median(values) for label, values in times.items()}
    first, second = (label for label, _, _ in runs)
    print(f"9-page scan at {DPI} dpi{', OMP_THREAD_LIMIT=1' if single else ''}, median of {given.rounds}: "
          f"{first} {medians[first]:.1f} s, {second} {medians[second]:.1f} s; ratio "
          f"{medians[first] / medians[second]:.2f}×; plans "
          f"{'the same' if plans[first] == plans[second] else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
