"""Benchmark: telling a scan of two pages side by side from a scan of one page
(`planparse.readers.ocr.spread.gutter`), with no OCR, so fast enough to run over many images.

Counted:
  spreads     the "spread" scans of tests/scans.py (`other_scanned_pages`) of every test plan and the
              sample: split where both halves hold a page (an odd last page beside blank paper is
              not split: reading it whole reads the same);
  ordinary    the same plans' pages scanned one to an image (JPEG, phone, turned 180°, and turned 90°
              as fed in, before being turned upright): none may be split;
  landscape   every landscape page of the PDFs in tests/plans, samples, tests/corpus and the real
              documents folder (PLANPARSE_REAL_DOCS or ../shared/real), drawn at 150 and 200 dpi and
              also scanned as JPEG: none may be split (their tables' ruling lines, titles and page
              numbers cross the middle).

Run: python benchmarks/bench_spread_detection.py [--dpi 150]. Not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from scans import other_scanned_pages  # noqa: E402

from planparse.readers.ocr.spread import gutter  # noqa: E402


def plan_pdfs() -> list[Path]:
    return [ROOT / "samples" / "handlingsplan-2022-2024.pdf",
            *sorted(pdf for pdf in (ROOT / "tests" / "plans").glob("*.pdf")
                    if pdf.with_suffix(".truth.json").is_file())]


def landscape_pages(pdf: Path) -> list[int]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError:
        return []
    try:
        out = []
        for index in range(len(document)):
            try:
                width, height = document[index].get_size()
            except pdfium.PdfiumError:
                continue
            if width > height * 1.05:
                out.append(index + 1)
        return out
    finally:
        document.close()


UNSURE: list[str] = []  # images read whole with a word that they may hold two pages


def split(image: object, dpi: int, name: str) -> bool:
    found = gutter(np.asarray(image.convert("L")), dpi)  # type: ignore[attr-defined]
    if found is not None and not found.sure:
        UNSURE.append(name)
        print(f"  unsure: {name}")
    return found is not None and found.sure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dpi", type=int, default=150)
    args = parser.parse_args(argv)
    dpi = args.dpi
    spreads = found = 0
    for pdf in plan_pdfs():
        images = other_scanned_pages(pdf, dpi, 7, "spread")
        for number, image in enumerate(images):
            if _odd(pdf) and number == len(images) - 1:  # the last page beside blank paper
                continue
            spreads += 1
            hit = split(image, dpi, f"{pdf.name} spread {number + 1}")
            found += hit
            if not hit:
                print(f"  spread not split: {pdf.name} image {number + 1}")
    print(f"spreads (two pages): {found} of {spreads} split")
    ordinary = wrong = 0
    for pdf in plan_pdfs():
        for variant in ("jpeg", "phone", "turned-180", "turned-90"):
            for number, image in enumerate(other_scanned_pages(pdf, dpi, 7, variant)):
                ordinary += 1
                if split(image, dpi, f"{pdf.name} {variant} page {number + 1}"):
                    wrong += 1
                    print(f"  split wrongly: {pdf.name} {variant} page {number + 1}")
    print(f"ordinary scans (one page): {wrong} of {ordinary} split")
    real = Path(os.environ.get("PLANPARSE_REAL_DOCS", ROOT.parent / "shared" / "real"))
    sources = [*sorted((ROOT / "tests").rglob("*.pdf")), *sorted((ROOT / "samples").glob("*.pdf")),
               *(sorted(real.glob("*.pdf")) if real.is_dir() else [])]
    landscape = wrong = 0
    for pdf in sources:
        numbers = tuple(landscape_pages(pdf))
        if not numbers:
            continue
        for way, at in (("drawn", 150), ("drawn", 200), ("jpeg", dpi)):
            try:
                images = (_drawn(pdf, numbers, at) if way == "drawn"
                          else other_scanned_pages(pdf, at, 7, "jpeg", numbers))
            except Exception as error:  # a damaged test PDF of the corpus: passed over
                print(f"  passed over {pdf.name}: {error.__class__.__name__}")
                break
            for number, image in zip(numbers, images, strict=True):
                landscape += 1
                if split(image, at, f"{pdf.name} page {number} {way} {at} dpi"):
                    wrong += 1
                    print(f"  split wrongly: {pdf.relative_to(pdf.parents[1])} page {number} {way} {at} dpi")
    print(f"landscape pages (one page): {wrong} of {landscape} split")
    print(f"read whole with a word that they may be two pages: {len(UNSURE)}")
    return 0


def _odd(pdf: Path) -> bool:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document) % 2 == 1
    finally:
        document.close()


def _drawn(pdf: Path, numbers: tuple[int, ...], dpi: int) -> list[object]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [document[n - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for n in numbers]
    finally:
        document.close()


if __name__ == "__main__":
    sys.exit(main())
