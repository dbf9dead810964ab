"""The two PDF engines (PDFium, the default, and pdfplumber) read the same plan from every PDF in the
tests: the samples, the test plans of every producer, the shape plans, and the corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import PLANS, ROOT, SAMPLES

from planparse.api import parse
from planparse.errors import PlanparseError
from planparse.options import ReadOptions

PDFS = sorted([*SAMPLES.glob("*.pdf"), *PLANS.glob("*.pdf"), *(PLANS / "shapes").glob("*.pdf"),
               *(ROOT / "tests" / "corpus").glob("*.pdf")])
BOX_TOLERANCE = 2.0  # points: the engines box a glyph from the same font metrics, in floats of other widths
# A space drawn under the letter after it is a character to pdfminer and nothing to PDFium; in a
# whole document at most this many texts may differ by such a space (only the corpus's French plan
# has any: three lines of its contents page).
SPACING_DIFFERENCES = 3


def _read(path: Path, engine: str) -> Any:
    try:
        return parse(path, options=ReadOptions(pdf_engine=engine)).model_dump(  # type: ignore[arg-type]
            mode="json", exclude={"source"})
    except PlanparseError as error:
        return error.__class__.__name__


def _differences(a: Any, b: Any, where: str, out: list[tuple[str, Any, Any]]) -> None:
    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        for key in a:
            _differences(a[key], b[key], f"{where}.{key}", out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            _differences(x, y, f"{where}[{index}]", out)
    elif a != b:
        out.append((where, a, b))


def test_the_corpus_holds_every_kind_of_pdf_the_tests_know() -> None:
    assert len(PDFS) >= 90
    assert {path.parent.name for path in PDFS} >= {"samples", "plans", "shapes", "corpus"}


@pytest.mark.parametrize("path", PDFS, ids=lambda path: path.name)
def test_both_engines_read_the_same_plan(path: Path) -> None:
    pdfium, pdfplumber = _read(path, "pdfium"), _read(path, "pdfplumber")
    if isinstance(pdfium, str) or isinstance(pdfplumber, str):
        assert pdfium == pdfplumber  # the same kind of answer: no plan, or unreadable
        return
    # pdfminer reads a page number drawn as "1", space, "0" as "1 0", which then stands as an empty
    # section; PDFium reads "10", a page number. Nothing else may differ in number of sections.
    def page_number(section: dict[str, Any]) -> bool:
        return not section["paragraphs"] and (section["heading"] or "").replace(" ", "").isdigit()

    for plan in (pdfium, pdfplumber):
        plan["sections"] = [section for section in plan["sections"] if not page_number(section)]
    found: list[tuple[str, Any, Any]] = []
    _differences(pdfium, pdfplumber, "", found)
    boxes = [d for d in found if ".bbox[" in d[0]]
    assert all(abs(a - b) <= BOX_TOLERANCE for _, a, b in boxes), boxes
    coverage = [d for d in found if d[0].startswith(".coverage.")]
    assert all(abs(a - b) <= 0.001 * max(a, b) for _, a, b in coverage), coverage
    texts = [d for d in found if d not in boxes and d not in coverage]
    spacing = [d for d in texts if isinstance(d[1], str) and isinstance(d[2], str)
               and d[1].replace(" ", "") == d[2].replace(" ", "")]
    assert [d for d in texts if d not in spacing] == []
    assert len(spacing) <= SPACING_DIFFERENCES, spacing


def test_a_searchable_scans_invisible_text_layer_is_its_text() -> None:
    """A scan with an OCR layer (drawn in render mode 3, invisible) is read from that layer, as
    pdfminer reads it, without OCR again: the corpus's example of one reads the same words either way."""
    scan = ROOT / "tests" / "corpus" / "pr-136-example.pdf"
    from planparse.options import ReadOptions
    from planparse.readers.pdf import open_pdf

    pdfium = open_pdf(scan, ReadOptions())
    plumber = open_pdf(scan, ReadOptions(pdf_engine="pdfplumber"))
    try:
        hidden = "".join(c["text"] for c in pdfium.page(0).chars if c["text"].strip())
        drawn = "".join(c["text"] for c in plumber.page(0).chars if c["text"].strip())
    finally:
        pdfium.close()
        plumber.close()
    import difflib

    # the engines differ by a few characters the layer draws twice or out of order, as on visible text
    assert len(hidden) > 100 and difflib.SequenceMatcher(None, hidden, drawn).ratio() > 0.98
    with pytest.raises(PlanparseError, match="no plan"):  # the layer is read, as text: no OCR of the picture
        parse(scan, options=ReadOptions(ocr="never"))
