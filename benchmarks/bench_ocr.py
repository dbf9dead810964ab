"""Benchmark: reading scanned plans by OCR: time per page and peak memory of `planparse convert`,
whole process, on scans of the sample and two test plans (tests/scans.py) at 150 and 200 dpi, as
image-only PDFs and multi-page TIFFs (and PNG for the one-page plan), with
how many measures came out fully right against the plans' truth.

With --other-plans: every other test plan PDF (the shapes of tests/plans), scanned as an image-only
PDF at 150 and 200 dpi, with how many measures came out fully right ("no plan" where none was found).

Run: python benchmarks/bench_ocr.py [--other-plans]. Needs Tesseract. Not a test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from reference_form import reference_form  # noqa: E402
from scans import scan_pdf, scan_pngs, scan_tiff  # noqa: E402

from planparse.api import parse  # noqa: E402
from planparse.recognizer.marks import read_mark  # noqa: E402
from planparse.vocabulary import DEFAULT_VOCABULARY  # noqa: E402

PLANS = [
    (ROOT / "samples" / "handlingsplan-2022-2024.pdf", ROOT / "samples" / "seed" / "reference.json"),
    (ROOT / "tests" / "plans" / "english-2025-2026.pdf", ROOT / "tests" / "plans" / "english-2025-2026.truth.json"),
    (ROOT / "tests" / "plans" / "kommunen-2026-2028.pdf", ROOT / "tests" / "plans" / "kommunen-2026-2028.truth.json"),
]
MEASURE = "import resource, subprocess, sys\nsubprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n" \
          "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"


def kinds(marks: dict[str, str]) -> dict[str, str]:
    found = {label: read_mark(raw, DEFAULT_VOCABULARY).kind.value for label, raw in marks.items()}
    return {label: kind for label, kind in found.items() if kind != "none"}


def right(scan: Path, truth: Path) -> tuple[int, int]:
    got = [(a["title"], g["text"], m) for a in reference_form(parse(scan))["areas"] for g in a["goals"]
           for m in g["measures"]]
    want = [(a["title"], g["text"], m) for a in json.loads(truth.read_text(encoding="utf-8"))["areas"]
            for g in a["goals"] for m in g["measures"]]
    pairs = zip(got, want, strict=False)
    count = sum((a, g, m["text"], m["responsible"], kinds(m["marks"])) == (
        wa, wg, w["text"], w["responsible"], kinds(w["marks"])) for (a, g, m), (wa, wg, w) in pairs)
    return count, len(want)


def main() -> None:
    import pypdfium2 as pdfium

    print(f"{'scan':40} {'pages':>5} {'s/page':>7} {'peak MB':>8}  measures fully right")
    with tempfile.TemporaryDirectory() as folder:
        for pdf, truth in PLANS:
            pages = len(pdfium.PdfDocument(pdf))
            for dpi in (150, 200):
                scans = [scan_pdf(pdf, Path(folder) / f"{pdf.stem}-{dpi}.pdf", dpi),
                         scan_tiff(pdf, Path(folder) / f"{pdf.stem}-{dpi}.tif", dpi)]  # other specks than the PDF's
                if pages == 1:  # a PNG is one page, so one plan only where the plan has one page
                    pngs = Path(folder) / f"{pdf.stem}-{dpi}-png"
                    pngs.mkdir()
                    scans += scan_pngs(pdf, pngs, dpi)
                for scan in scans:
                    start = time.perf_counter()
                    result = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "planparse",
                                             "convert", str(scan), "-o", folder], capture_output=True, text=True,
                                            check=True)
                    seconds = time.perf_counter() - start
                    peak = int(result.stdout.strip()) / 1024
                    good, total = right(scan, truth)
                    print(f"{scan.name:40} {pages:5} {seconds / pages:7.1f} {peak:8.0f}  {good}/{total} "
                          f"({good / total:.0%})", flush=True)


def other_plans() -> None:
    from planparse.errors import NoPlanError

    chosen = {pdf for pdf, _ in PLANS}
    print(f"{'test plan':45} {'150 dpi':>12} {'200 dpi':>12}")
    with tempfile.TemporaryDirectory() as folder:
        for pdf in sorted((ROOT / "tests" / "plans").glob("*.pdf")):
            if pdf in chosen:
                continue
            cells = []
            for dpi in (150, 200):
                scan = scan_pdf(pdf, Path(folder) / f"{pdf.stem}-{dpi}.pdf", dpi)
                try:
                    good, total = right(scan, pdf.with_suffix(".truth.json"))
                    cells.append(f"{good} of {total}")
                except NoPlanError:
                    cells.append("no plan")
            print(f"{pdf.stem:45} {cells[0]:>12} {cells[1]:>12}", flush=True)


if __name__ == "__main__":
    other_plans() if "--other-plans" in sys.argv[1:] else main()
