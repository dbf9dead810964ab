"""Benchmark: time and peak memory of `planparse convert` on hostile and damaged files, each in a fresh
process (the peak is that of the largest process of the run: the command line or its reading child).

Run: python benchmarks/bench_hostile.py. Prints one line per file; not a test (tests/test_hostile.py
checks the answers)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from hostile import (  # noqa: E402
    bomb_docx,
    corrupt_deflate_docx,
    damaged_streams_pdf,
    fan_out_pdf,
    huge_list_start_docx,
    many_rows_docx,
    wide_span_docx,
)

MEASURE = """
import resource, subprocess, sys, json, time
started = time.monotonic()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"code": result.returncode, "seconds": time.monotonic() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "stderr": result.stderr.strip().splitlines()[-1:] }))
"""


def convert(path: Path, out: Path) -> dict[str, object]:
    command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "planparse", "convert", str(path), "-o", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    data: dict[str, object] = json.loads(result.stdout)
    return data


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        files = {
            "1 GiB zip bomb (DOCX)": lambda: bomb_docx(here / "bombe.docx", 1 << 30),
            "2 GB document.xml (DOCX)": lambda: bomb_docx(here / "to-gb.docx", 2 << 30),
            "cell spanning 10^8 columns": lambda: wide_span_docx(here / "bred.docx"),
            "lists starting at 10^12 (roman)": lambda: huge_list_start_docx(here / "romertall.docx"),
            "table of 100 000 rows": lambda: many_rows_docx(here / "rader.docx"),
            "forms drawn 10^7 times (PDF)": lambda: fan_out_pdf(here / "vifte.pdf"),
            "corrupt deflate stream (DOCX)": lambda: corrupt_deflate_docx(here / "deflate.docx"),
            "damaged content streams (PDF)": lambda: damaged_streams_pdf(
                ROOT / "samples" / "handlingsplan-2022-2024.pdf", here / "skadet.pdf"),
            "the sample PDF, for comparison": lambda: ROOT / "samples" / "handlingsplan-2022-2024.pdf",
        }
        for name, make in files.items():
            path = make()
            size = path.stat().st_size / 1024
            result = convert(path, here / "out")
            print(f"{name:34} {size:9,.0f} KB  exit {result['code']}  {result['seconds']:6.2f} s  "
                  f"{result['peak_mb']:7.0f} MB  {' '.join(result['stderr'])[:90]}")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
