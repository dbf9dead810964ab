"""Benchmark: the pages of one scan read by OCR at once (-j): a 9-page scan (the sample plan's 7 pages
and a test plan's 2, as an image-only PDF at 200 dpi, tests/scans.py) read with 1 page at a time and
with 2 at once, alternating, in child processes as `planparse convert` reads; the median of each and
their ratio, and whether the plans read are the same. With --omp: 2 at once with Tesseract's own
threads as many as the cores (OMP_THREAD_LIMIT the cores' number) against one thread each.

Run: python benchmarks/bench_ocr_pages.py [--rounds N] [--omp]. Needs Tesseract. Not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
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


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--rounds", type=int, default=3)
    arguments.add_argument("--omp", action="store_true", help="2 at once, Tesseract's threads unset against 1 each")
    given = arguments.parse_args()
    # (label, pages at once, OMP_THREAD_LIMIT): 2 at once set it to 1 themselves where it is unset; a
    # limit of the cores' number is as good as none
    runs = [("2 at once, OMP cores", 2, str(os.cpu_count() or 1)), ("2 at once, OMP 1", 2, "1")] if given.omp \
        else [("1 at a time", 1, None), ("2 at once", 2, None)]
    with tempfile.TemporaryDirectory() as folder:
        scan = scan_pdf(joined(Path(folder) / "joined.pdf"), Path(folder) / "scan-9.pdf", DPI)
        times: dict[str, list[float]] = {label: [] for label, _, _ in runs}
        plans: dict[str, str] = {}
        for round_ in range(given.rounds):
            for label, jobs, omp in runs if round_ % 2 == 0 else runs[::-1]:
                seconds, plans[label] = timed(scan, jobs, omp)
                times[label].append(seconds)
                print(f"round {round_ + 1}: {label:22} {seconds:6.1f} s", flush=True)
    medians = {label: statistics.median(values) for label, values in times.items()}
    first, second = (label for label, _, _ in runs)
    print(f"9-page scan at {DPI} dpi, median of {given.rounds}: {first} {medians[first]:.1f} s, "
          f"{second} {medians[second]:.1f} s; ratio {medians[first] / medians[second]:.2f}×; "
          f"plans {'the same' if plans[first] == plans[second] else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
