"""Benchmark: reading a born-digital PDF in one warm process, where imports no longer count.

For each sample PDF, three things are timed in turn, round after round, in one process:
- planparse's `parse()` of the whole file (characters to plan);
- pdfplumber's `extract_tables()` over all its pages (tables only, no plan);
- PDFium's own extraction of every character with its box (`get_charbox` and the character's code),
  the floor under any reading of a born-digital page.
Prints the medians and planparse's time as a ratio of each of the other two.

Run: python benchmarks/bench_warm.py [--repeat N]. Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "samples" / "handlingsplan-2022-2024.pdf", ROOT / "samples" / "handlingsplan-2022-2024-unruled.pdf"]


def plan(path: Path) -> None:
    from planparse import parse

    parse(path)


def tables(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def characters(path: Path) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(path)
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            for char in range(textpage.count_chars()):
                textpage.get_charbox(char, loose=True)
                raw.FPDFText_GetUnicode(textpage.raw, char)
            textpage.close()
            page.close()
    finally:
        document.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    tools: dict[str, Callable[[Path], None]] = {"parse()": plan, "extract_tables()": tables,
                                                "PDFium characters": characters}
    print(f"{'input':40} {'parse() s':>10} {'tables s':>9} {'chars s':>8} {'÷ tables':>9} {'÷ chars':>8}")
    for path in SAMPLES:
        for tool in tools.values():  # warm: imports, fonts, caches
            tool(path)
        times: dict[str, list[float]] = {name: [] for name in tools}
        for _ in range(args.repeat):
            for name, tool in tools.items():
                start = time.perf_counter()
                tool(path)
                times[name].append(time.perf_counter() - start)
        ours, theirs, floor = (statistics.median(times[name]) for name in tools)
        print(f"{path.name:40} {ours:10.3f} {theirs:9.3f} {floor:8.3f} {ours / theirs:8.2f}× {ours / floor:7.1f}×")


if __name__ == "__main__":
    main()
