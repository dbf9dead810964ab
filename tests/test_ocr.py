"""Scanned plans read by OCR (Tesseract): scans of our own plans (tests/scans.py) as image-only PDFs,
TIFF and PNG, measured against the truth of the plans they were made from; and the steps apart: skew,
ruling lines, marks as OCR reads them, confidence, and a missing Tesseract."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import PLANS, REFERENCE, SAMPLES, load_json
from reference_form import reference_form
from scans import other_scanned_pages, scan_pdf, scan_pngs, scan_tiff

from planparse.api import parse
from planparse.check import ProblemKind, check_plan
from planparse.errors import NoPlanError, UnreadableInputError
from planparse.model import Measure, Plan
from planparse.options import ReadOptions
from planparse.readers.ocr.pixels import deskewed, edges_in_points, ruling_lines, skew_angle
from planparse.readers.pages.ruled import Grid, GridCell, edges_to_grids
from planparse.recognizer.marks import read_mark
from planparse.vocabulary import DEFAULT_VOCABULARY

SAMPLE_PDF = SAMPLES / "handlingsplan-2022-2024.pdf"
ENGLISH = PLANS / "english-2025-2026.pdf"


def _kinds(marks: dict[str, str]) -> dict[str, str]:
    kinds = {label: read_mark(raw, DEFAULT_VOCABULARY).kind.value for label, raw in marks.items()}
    return {label: kind for label, kind in kinds.items() if kind != "none"}


def measured(plan: Plan, truth: dict[str, Any]) -> tuple[int, int, int]:
    """Measures fully right (area, goal, text, every mark's meaning, responsible), measures in the truth,
    and measures whose text is right but a mark is wrong."""
    got = [(a["title"], g["text"], m) for a in reference_form(plan)["areas"] for g in a["goals"] for m in g["measures"]]
    want = [(a["title"], g["text"], m) for a in truth["areas"] for g in a["goals"] for m in g["measures"]]
    right = marks_wrong = 0
    for (area, goal, measure), (want_area, want_goal, wanted) in zip(got, want, strict=False):
        marks_right = _kinds(measure["marks"]) == _kinds(wanted["marks"])
        right += (area, goal, measure["text"], measure["responsible"]) == (
            want_area, want_goal, wanted["text"], wanted["responsible"]) and marks_right
        marks_wrong += measure["text"] == wanted["text"] and not marks_right
    return right, len(want), marks_wrong


@pytest.fixture(scope="module")
def sample_scan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    return parse(scan_pdf(SAMPLE_PDF, tmp_path_factory.mktemp("scan") / "skannet.pdf", dpi=200))


def test_a_scanned_sample_at_200_dpi_is_read_by_ocr(sample_scan: Plan) -> None:
    right, total, marks_wrong = measured(sample_scan, load_json(REFERENCE))
    assert len(sample_scan.measures()) == total == 84
    assert marks_wrong == 0  # no mark wrong where the text is right
    assert right >= 0.95 * total  # 84 of 84 on this machine


def test_a_scanned_sample_at_150_dpi_has_no_mark_wrong_where_the_text_is_right(tmp_path: Path) -> None:
    plan = parse(scan_pdf(SAMPLE_PDF, tmp_path / "skannet-150.pdf", dpi=150))
    right, total, marks_wrong = measured(plan, load_json(REFERENCE))
    assert len(plan.measures()) == total
    assert marks_wrong == 0
    assert right >= 0.95 * total  # 83 of 84 on this machine: "kompetanse- og" read without its hyphen


def test_the_test_plans_at_150_dpi_keep_their_headings_and_measures(tmp_path: Path) -> None:
    """The kommunen plan's goal line under its area heading swells in Tesseract's model of the line,
    and the English plan's headings have no letter reaching below the line: by either estimate alone
    a heading and the body would be taken for one size, and the area lost. Kommunen misreads
    "erfaringsdeling" twice of nine; the English plan's row rules are pricked by specks."""
    for plan_file, truth_file in ((PLANS / "kommunen-2026-2028.pdf", PLANS / "kommunen-2026-2028.truth.json"),
                                  (ENGLISH, PLANS / "english-2025-2026.truth.json")):
        plan = parse(scan_pdf(plan_file, tmp_path / f"{plan_file.stem}-150.pdf", dpi=150))
        truth = load_json(truth_file)
        assert [a.title for a in plan.areas] == [a["title"] for a in truth["areas"]]
        right, total, marks_wrong = measured(plan, truth)
        assert len(plan.measures()) == total  # kommunen's last row on page 1 runs on to page 2, unruled below
        assert marks_wrong == 0 and right >= 0.95 * total  # all of both on this machine


def test_the_open_bottom_of_a_table_is_closed_to_look_for_marks_in_its_last_row() -> None:
    from planparse.readers.ocr.page import _closing_edges

    def edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
        return {"orientation": orientation, "x0": x0, "top": top, "x1": x1, "bottom": bottom}

    uprights = [edge("v", x, 654.0, x, 779.0 + x / 1000) for x in (41.0, 313.0, 350.0, 387.0, 555.0)]
    rules = [edge("h", 41.0, 654.0, 555.0, 654.0), edge("h", 41.0, 675.0, 555.0, 675.0)]
    closing = _closing_edges(uprights + rules)
    assert [(e["orientation"], e["x0"], e["x1"], round(e["top"], 3)) for e in closing] == [("h", 41.0, 555.0, 779.555)]
    assert _closing_edges([*uprights, *rules, edge("h", 41.0, 779.0, 555.0, 779.0)]) == []
    assert _closing_edges(uprights[:2] + rules) == []  # two lines ending together are not a table's bottom


HOCR = b"""<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body><div class='ocr_page' title='bbox 0 0 1000 1000'>
<div class='ocr_carea' title="bbox 10 10 500 80"><p class='ocr_par' title="bbox 10 10 500 80">
<span class='ocr_header' title="bbox 10 10 300 40; baseline -0.01 -6; x_size 31; x_descenders 6; x_ascenders 8">
<span class='ocrx_word' title='bbox 10 12 120 40; x_wconf 96'>Forskning</span></span>
<span class='ocr_line' title="bbox 10 50 500 80; baseline 0 -5; x_size 21.5; x_descenders 5; x_ascenders 5">
<span class='ocrx_word' title='bbox 10 52 80 80; x_wconf 91'>Senteret</span>
<span class='ocrx_word' title='bbox 90 52 150 75; x_wconf -1'> </span>
<span class='ocrx_word' title='bbox 160 52 200 75; x_wconf 40'>skal</span></span></p></div>
<div class='ocr_carea' title="bbox 10 100 500 130"><p class='ocr_par' title="bbox 10 100 500 130">
<span class='ocr_line' title="bbox 10 100 500 130">
<span class='ocrx_word' title='bbox 10 100 30 130; x_wconf 88'>x</span></span></p></div></div></body></html>"""


def test_tesseract_hocr_gives_words_with_their_lines_size_ascent_and_baseline() -> None:
    from planparse.readers.ocr.tesseract import words_of_hocr

    words = words_of_hocr(HOCR)
    assert [w.text for w in words] == ["Forskning", "Senteret", "skal", "x"]
    assert [w.line for w in words] == [(1, 1, 1), (1, 1, 2), (1, 1, 2), (2, 1, 1)]
    assert [w.confidence for w in words] == [96.0, 91.0, 40.0, 88.0]
    assert words[0].line_size == 31.0 and words[1].line_size == 21.5 and words[3].line_size == 0.0
    # the baseline 6 px above the box's bottom (40), less the slope over half the width: 40 - 6 - 1.45 - 10
    assert words[0].line_ascent == pytest.approx(22.55) and words[1].line_ascent == pytest.approx(25.0)
    assert words[0].baseline == pytest.approx(32.55) and words[1].baseline == pytest.approx(75.0)
    assert words[3].baseline == 0.0 and words[3].line_ascent == 0.0  # the line's title gives no baseline
    assert (words[1].left, words[1].top, words[1].right, words[1].bottom) == (10, 52, 80, 80)


def test_marks_over_a_capital_do_not_make_a_heading_larger_than_its_siblings() -> None:
    """Two headings of one font, 18 px from baseline to the tops of their letters: "Direkt", and
    "Åtgärd", whose ring stands 2 px clear above its capital. Tesseract's line measures take the ring in
    (the ink above the baseline 23 px, not 18; its size 28, not 24), which made the second heading the
    larger, ranking it over the first. The ring's rise is taken off: both are one size. In a line with
    no capital, an i's dot stands where a tall letter's top would and is kept."""
    from planparse.readers.ocr.page import _line_words
    from planparse.readers.ocr.tesseract import OcrWord

    binary = np.zeros((300, 200), np.uint8)
    binary[82:100, 10:16] = binary[82:100, 30:36] = binary[90:100, 40:70] = 255  # D, k, the small letters
    binary[182:200, 10:16] = binary[182:200, 30:36] = binary[190:200, 40:70] = 255  # Å's body, d, the small
    binary[177:180, 11:15] = 255  # Å's ring, apart from its letter
    binary[185:188, 50:54] = 255  # ä's dots, over a small letter
    binary[283:290, 10:40] = 255  # "inom": small letters
    binary[278:281, 12:14] = 255  # the i's dot
    plain = OcrWord("Direkt", 10, 82, 70, 100, 95.0, (1, 1, 1), line_size=24.0, line_ascent=18.0, baseline=100.0)
    marked = OcrWord("Åtgärd", 10, 177, 70, 200, 95.0, (1, 2, 1), line_size=28.0, line_ascent=23.0, baseline=200.0)
    small = OcrWord("inom", 10, 278, 40, 290, 95.0, (1, 3, 1), line_size=13.0, line_ascent=12.0, baseline=290.0)
    first, second = _line_words([plain, marked], 72 / 150, binary)
    assert second.size == pytest.approx(first.size)

    from planparse.readers.ocr.page import _mark_rise

    assert _mark_rise(binary, [marked]) == 5.0
    assert _mark_rise(binary, [plain]) == 0.0
    assert _mark_rise(binary, [small]) == 0.0  # no capital with a mark: the dot is kept


def test_a_lone_dash_is_told_from_a_spaced_hyphen_by_its_width() -> None:
    from planparse.readers.ocr.page import _line_words
    from planparse.readers.ocr.tesseract import OcrWord

    def line(width: int) -> list[OcrWord]:
        texts = [("SV-fakultetet", 0, 100), ("-", 110, 110 + width), ("pedagogisk", 130, 230)]
        return [OcrWord(text, left, 0, right, 20, 95.0, (1, 1, 1), 21.0, 16.0) for text, left, right in texts]

    assert [w.text for w in _line_words(line(5), 72 / 150)][1] == "-"  # a hyphen's quarter of the size
    assert [w.text for w in _line_words(line(9), 72 / 150)][1] == "–"  # a dash: 2022 – 2024


def test_every_measure_read_by_ocr_carries_its_confidence(sample_scan: Plan) -> None:
    confidences = [m.confidence for m in sample_scan.measures()]
    assert all(c is not None and 0 <= c <= 100 for c in confidences)
    assert sample_scan.source is not None and sample_scan.source.format.value == "pdf"
    born_digital = parse(SAMPLE_PDF)
    assert all(m.confidence is None for m in born_digital.measures())


def test_an_english_plan_scanned_to_a_multipage_tiff(tmp_path: Path) -> None:
    plan = parse(scan_tiff(ENGLISH, tmp_path / "scan.tif", dpi=200))
    right, total, marks_wrong = measured(plan, load_json(ENGLISH.with_suffix(".truth.json")))
    assert plan.source is not None and plan.source.format.value == "image"
    assert plan.language is not None and plan.language.value == "en"
    assert marks_wrong == 0 and right >= total - 1


def test_a_page_photographed_as_png(tmp_path: Path) -> None:
    page = scan_pngs(PLANS / "kommunen-2026-2028.pdf", tmp_path, dpi=200)[0]
    plan = parse(page)
    assert plan.source is not None and plan.source.pages == 1
    assert len(plan.measures()) >= 5
    assert any(m.schedule for m in plan.measures())


def test_the_english_plan_photographed_as_png_at_150_dpi(tmp_path: Path) -> None:
    """"shall" read as "shali" once: the recognizer found "l" likely there, and the plan spells it
    "shall" twice, so the goal comes out right."""
    plan = parse(scan_pngs(ENGLISH, tmp_path, dpi=150)[0])
    right, total, marks_wrong = measured(plan, load_json(PLANS / "english-2025-2026.truth.json"))
    assert (right, total, marks_wrong) == (6, 6, 0)


def test_ocr_never_leaves_a_scan_unread(tmp_path: Path) -> None:
    scan = scan_pdf(ENGLISH, tmp_path / "scan.pdf", dpi=150)
    with pytest.raises(NoPlanError, match="no text"):
        parse(scan, options=ReadOptions(ocr="never"))
    with pytest.raises(UnreadableInputError, match="--ocr never"):
        parse(scan_pngs(ENGLISH, tmp_path, dpi=150)[0], options=ReadOptions(ocr="never"))


def test_without_tesseract_the_answer_says_how_to_install_it(tmp_path: Path) -> None:
    scan = scan_pdf(ENGLISH, tmp_path / "scan.pdf", dpi=150)
    code = ("import pytesseract, sys\npytesseract.pytesseract.tesseract_cmd = 'no-such-tesseract'\n"
            "from planparse.cli import main\nsys.argv = ['planparse', 'convert', sys.argv[1], '-o', sys.argv[2]]\n"
            "main()\n")
    result = subprocess.run([sys.executable, "-c", code, str(scan), str(tmp_path / "out")], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 3
    lines = [line for line in result.stderr.splitlines() if "Tesseract" in line]
    assert len(lines) == 1 and "apt-get install tesseract-ocr" in lines[0] and "brew install" in lines[0]
    assert "Traceback" not in result.stderr


def _page_with_table(angle: float) -> Any:
    from PIL import Image, ImageDraw

    image = Image.new("L", (1400, 1000), 255)
    draw = ImageDraw.Draw(image)
    for y in range(100, 900, 40):  # lines of "text": dark dashes
        for x in range(100, 1300, 60):
            draw.rectangle((x, y, x + 45, y + 14), fill=0)
    for y in (300, 420, 540, 660):  # a ruled table over them, its lines broken here and there
        for x in range(80, 1320, 200):
            draw.line((x, y, x + 190, y), fill=0, width=3)
    for x in (80, 600, 800, 1320):
        draw.line((x, 300, x, 660), fill=0, width=3)
    return image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)


@pytest.mark.parametrize("angle", [-2.0, -1.0, -0.4, 0.0, 0.7, 1.5, 2.0])
def test_skew_is_measured_to_a_tenth_of_a_degree(angle: float) -> None:
    gray = np.asarray(_page_with_table(angle))
    assert abs(skew_angle(gray) + angle) <= 0.1


def test_broken_ruling_lines_still_make_a_grid_once_the_page_is_level() -> None:
    gray, angle = deskewed(np.asarray(_page_with_table(1.2)))
    assert abs(angle + 1.2) <= 0.1
    segments, mask = ruling_lines(gray, dpi=200)
    grids = edges_to_grids(edges_in_points(segments, dpi=200))
    assert len(grids) == 1
    assert (len(grids[0].xs), len(grids[0].ys)) == (4, 4)
    assert mask.any()


@pytest.mark.parametrize(("raw", "kind"), [
    ("x", "planned"), ("X", "planned"), ("×", "planned"), ("x.", "planned"), ("xX", "planned"),
    ("(x", "tentative"), ("(x)", "tentative"), ("(X.)", "tentative"), ("på", "unknown"), ("xxx", "unknown"),
])
def test_marks_as_ocr_reads_them(raw: str, kind: str) -> None:
    assert read_mark(raw, DEFAULT_VOCABULARY).kind.value == kind


def test_check_says_when_a_scan_was_read_with_low_confidence(sample_scan: Plan) -> None:
    plan = sample_scan.model_copy(deep=True)
    unsure: list[Measure] = plan.measures()[:30]
    for measure in unsure:
        measure.confidence = 41.0
    problems = [p for p in check_plan(plan) if p.kind is ProblemKind.OCR_UNSURE]
    assert len(problems) == 31  # each of the 30, and one for the plan as a whole
    assert "41%" in problems[0].message and problems[0].location == unsure[0].location
    assert "30 of 84 measures" in problems[-1].message


def test_a_damaged_image_gets_one_line_and_nothing_else_on_stderr(tmp_path: Path) -> None:
    whole = scan_tiff(ENGLISH, tmp_path / "scan.tif", dpi=150)
    cut = tmp_path / "kuttet.tif"
    cut.write_bytes(whole.read_bytes()[:5000])  # the image library warns of corrupt EXIF, then gives up
    result = subprocess.run([sys.executable, "-m", "planparse", "convert", str(cut), "-o", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("planparse: kuttet.tif:")


HOCR_CHOICES = b"""<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body><div class='ocr_page' title='bbox 0 0 1000 1000'>
<div class='ocr_carea' title="bbox 10 10 500 40"><p class='ocr_par' title="bbox 10 10 500 40">
<span class='ocr_line' title="bbox 10 10 500 40; baseline 0 -4; x_size 22">
<span class='ocrx_word' title='bbox 10 12 60 36; x_wconf 39'>ix
 <span class='ocrx_cinfo' id='lstm_choices_1_1_1'>
  <span class='ocrx_cinfo' id='choice_1_1_1' title='x_confs 91.5'>I</span>
  <span class='ocrx_cinfo' id='choice_1_1_2' title='x_confs 77'>i</span>
  <span class='ocrx_cinfo' id='choice_1_1_3' title='x_confs 3'>l</span></span>
 <span class='ocrx_cinfo' id='lstm_choices_1_1_2'>
  <span class='ocrx_cinfo' id='choice_1_1_4' title='x_confs 95'>x</span></span>
</span>
<span class='ocrx_word' title='bbox 70 12 120 36; x_wconf 80'>ab,
 <span class='ocrx_cinfo' id='lstm_choices_1_2_1'>
  <span class='ocrx_cinfo' id='choice_1_2_1' title='x_confs 95'> </span>
  <span class='ocrx_cinfo' id='choice_1_2_1b' title='x_confs 0'>&#39;</span></span>
 <span class='ocrx_cinfo' id='lstm_choices_1_2_2'>
  <span class='ocrx_cinfo' id='choice_1_2_2' title='x_confs 95'>a</span></span>
 <span class='ocrx_cinfo' id='lstm_choices_1_2_3'>
  <span class='ocrx_cinfo' id='choice_1_2_3' title='x_confs 95'>b</span></span>
 <span class='ocrx_cinfo' id='lstm_choices_1_2_4'>
  <span class='ocrx_cinfo' id='choice_1_2_4' title='x_confs 87'>,</span>
  <span class='ocrx_cinfo' id='choice_1_2_5' title='x_confs 79'>.</span></span>
</span>
<span class='ocrx_word' title='bbox 130 12 160 36; x_wconf 80'>cd
 <span class='ocrx_cinfo' id='lstm_choices_1_3_1'>
  <span class='ocrx_cinfo' id='choice_1_3_1' title='x_confs 95'>c</span></span>
</span></span></p></div></div></body></html>"""


def test_tesseract_hocr_gives_each_characters_likely_readings() -> None:
    """Each character's readings, its own first; the group for the room before a word left out (its
    likeliest reading a space, beside an unlikely apostrophe); none where the groups do not line up
    with the word (two characters, one group)."""
    from planparse.readers.ocr.tesseract import words_of_hocr

    first, second, third = words_of_hocr(HOCR_CHOICES)
    assert [first.text, second.text, third.text] == ["ix", "ab,", "cd"]
    assert first.choices == ((("i", 77.0), ("I", 91.5)), (("x", 95.0),))
    assert first.likelihood(0, "I") == 91.5 and first.likelihood(0, "l") == 0.0  # 3%: not a likely reading
    assert second.likelihood(2, ".") == 79.0
    assert third.choices == () and third.likelihood(0, "c") == 0.0


def _ocr_word(text: str, box: tuple[int, int, int, int], paragraph: int = 1,
              choices: dict[int, dict[str, float]] | None = None) -> Any:
    from planparse.readers.ocr.tesseract import OcrWord

    likely = tuple(tuple({character: 90.0, **(choices or {}).get(i, {})}.items()) for i, character in enumerate(text))
    return OcrWord(text, *box, confidence=80.0, line=(1, paragraph, 1), choices=likely)


def test_a_words_place_decides_between_the_readings_ocr_found_likely() -> None:
    from planparse.readers.ocr.context import in_context

    cell = (0, 0, 500, 100)
    words = [
        _ocr_word("identifisere", (10, 10, 120, 30), choices={0: {"I": 91.0, "i": 77.0}}),  # a cell's first word
        _ocr_word("innen", (130, 10, 180, 30), choices={0: {"I": 37.0, "i": 95.0}}),  # not first: stays
        _ocr_word("ledelse,", (190, 10, 260, 30), choices={7: {",": 87.0, ".": 79.0}}),  # the cell's last word
        _ocr_word("innen", (10, 210, 60, 230), paragraph=2, choices={0: {"I": 37.0, "i": 95.0}}),  # "I" less likely
        _ocr_word("skoler,", (70, 210, 130, 230), paragraph=2, choices={6: {",": 95.0, ".": 40.0}}),  # runs on
        _ocr_word("Il-stillinger", (10, 310, 120, 330), paragraph=3, choices={1: {"l": 87.0, "I": 82.0}}),
        _ocr_word("lI-er", (130, 310, 180, 330), paragraph=3, choices={0: {"l": 90.0, "|": 40.0}}),  # no "I"
        _ocr_word("x", (10, 410, 20, 430), paragraph=4, choices={0: {"X": 60.0}}),  # a mark keeps its case
    ]
    assert [w.text for w in in_context(words, [cell])] == [
        "Identifisere", "innen", "ledelse.", "innen", "skoler,", "II-stillinger", "lI-er", "x"]


def test_without_choices_only_a_two_stroke_numeral_is_taken_for_one() -> None:
    from planparse.readers.ocr.context import roman_numerals
    from planparse.readers.ocr.tesseract import OcrWord

    def bare(text: str) -> OcrWord:
        return OcrWord(text, 0, 0, 10, 10, 50.0, (1, 1, 1))

    assert [roman_numerals(bare(t)).text for t in ("ll-er", "Il", "Ill-advised", "Ill", "III", "lønn", "Il2")] == [
        "II-er", "II", "Ill-advised", "Ill", "III", "lønn", "Il2"]
    numbers = ("11", "11-årige", "1|", "1l-er")  # digits alone are a number, not a numeral misread
    assert [roman_numerals(bare(t)).text for t in numbers] == ["11", "11-årige", "1|", "II-er"]


def test_a_long_word_is_spelled_as_the_document_spells_it_elsewhere() -> None:
    from planparse.readers.ocr.context import spelled_as_elsewhere

    texts = ["erfaringsdeling"] * 7 + ["ertaringsdeling", "(ertaringsdeling,", "til", "fil", "fil", "tilbudet",
                                        "tilbudet", "filbudet", "Forskning", "Forskninq", "Instituttet",
                                        "Instituttet", "instituttet"]  # a capital is not a small letter misread
    fixed = spelled_as_elsewhere([(text, ()) for text in texts])
    assert [(old, new) for old, new in zip(texts, fixed, strict=True) if old != new] == [
        ("ertaringsdeling", "erfaringsdeling"), ("(ertaringsdeling,", "(erfaringsdeling,"), ("filbudet", "tilbudet")]
    assert spelled_as_elsewhere([("erfaringsdeling", ()), ("ertaringsdeling", ())]) == [
        "erfaringsdeling", "ertaringsdeling"]  # once each: nothing to go by


def test_a_short_word_is_spelled_as_the_document_spells_it_where_ocr_found_that_spelling_likely() -> None:
    from planparse.readers.ocr.context import spelled_as_elsewhere

    words = [("shall", ()), ("shall", ()), ("shali", ("shall", "shalj")),  # "l" likely for the "i"
             ("fil", ()), ("til", ()), ("til", ()),  # short, and no other reading likely: stays
             ("one", ("ore",)), ("ore", ())]  # "ore" once only: nothing to go by
    assert spelled_as_elsewhere(words) == ["shall", "shall", "shall", "fil", "til", "til", "one", "ore"]


def test_an_ocr_word_gives_its_likely_spellings() -> None:
    word = _ocr_word("shali", (0, 0, 10, 10), choices={4: {"i": 90.0, "l": 55.6}, 1: {"h": 93.0, "b": 30.0}})
    assert word.spellings() == ("sbali", "shall")
    other_words = _ocr_word("Som 4", (0, 0, 10, 10), choices={0: {"S": 80.0, "s": 60.0, "(": 30.0}, 4: {"å": 40.0}})
    assert other_words.spellings() == ()  # a capital as a small letter, a stop, a digit as a letter


def test_a_ruling_line_pricked_by_specks_is_one_line() -> None:
    """A level rule broken every 22 pixels by one-pixel specks of paper: no piece is as long as a line,
    but the pieces carry the line on over its breaks; letters' strokes near it are left alone."""
    gray = np.full((300, 600), 255, dtype=np.uint8)
    gray[100:102, 50:550] = 0
    gray[100:102, 300::23] = 255  # pricks from x 300 on
    gray[60:99, 200:203] = 0  # an upright stroke ending above the rule
    segments, mask = ruling_lines(gray, dpi=150)
    level = [s for s in segments if s.horizontal]
    assert [(s.start, s.end, s.at) for s in level] == [(50.0, 550.0, 101.0)]
    assert mask[100, 300:550:23].all()  # the breaks are taken out with the line
    assert not mask[70, 200:203].any()


def test_upright_rules_of_two_tables_in_one_column_stay_two() -> None:
    """The column rule of a table and that of the table under it, found half a pixel apart, are two
    lines: a band rounding of their places put the lower one first and swallowed the upper one, which
    merged the table's first two columns. A line's worn pieces are still joined."""
    from planparse.readers.ocr.pixels import Segment, _joined

    upper, lower = Segment(False, 167.0, 397.0, 671.5), Segment(False, 503.0, 676.0, 671.0)
    assert sorted(_joined([lower, upper], dpi=150), key=lambda s: s.start) == [upper, lower]
    worn = [Segment(False, 100.0, 200.0, 300.0), Segment(False, 202.0, 300.0, 300.5)]
    assert _joined(worn, dpi=150) == [Segment(False, 100.0, 300.0, 300.25)]
    level = [Segment(True, 0.0, 400.0, 50.0), Segment(True, 410.0, 800.0, 51.0)]
    assert _joined(level, dpi=150) == [Segment(True, 0.0, 800.0, 50.5)]


def test_a_row_through_bold_letters_run_together_is_no_ruling_line() -> None:
    """Bold type blurred at 150 dpi: its letters touch, so a row through them is one long thin dark run.
    Taken for a rule, it was cut out of the heading, which OCR then read as 'tverr ianultære unge
    visrmnugap'. A rule has paper beside it; such a run has the letters' bodies. A double rule (two thin
    rules a few pixels apart) is still two rules."""
    gray = np.full((300, 700), 255, dtype=np.uint8)
    gray[50:56, 50:650] = 0  # the run through the letters ...
    for x in range(50, 650, 7):
        gray[40:66, x:x + 5] = 0  # ... and the letters' bodies above and below it, 5 of every 7 pixels
    gray[150:152, 50:650] = 0  # a rule
    gray[200:202, 50:650] = 0  # a double rule
    gray[205:207, 50:650] = 0
    segments, mask = ruling_lines(gray, dpi=150)
    assert sorted(s.at for s in segments if s.horizontal) == [151.0, 203.5]  # the double rule: one
    assert not mask[45:62, 50:650].any()


def test_faint_print_is_darkened_and_nothing_else() -> None:
    """A heading in a light colour scans as a pale grey (its strokes under 0.8 of the paper's light) that the OCR's
    one threshold for the page takes for paper. Words of it are darkened; black print, its pale halo,
    specks and a light fill are left as they were."""
    from planparse.readers.ocr.pixels import faint_darkened

    gray = np.full((400, 800), 245, dtype=np.uint8)
    for x in range(50, 400, 12):  # a word of black print, each letter with a pale halo
        gray[48:72, x - 2:x + 10] = 215
        gray[50:70, x:x + 8] = 30
    for x in range(50, 400, 12):  # a word of faint print, its letters strokes ("n")
        gray[150:170, x:x + 2] = gray[150:170, x + 6:x + 8] = gray[150:152, x:x + 8] = 190
    gray[250:252, 100:102] = 200  # a speck
    gray[300:380, 450:750] = 205  # a light fill
    out = faint_darkened(gray, dpi=200)
    assert out[160, 50] < 128 and out[160, 54] == out[160, 60] == 245  # faint strokes dark, the paper not
    unchanged = np.ones(gray.shape, dtype=bool)
    unchanged[150:170, 50:410] = False
    assert (out[unchanged] == gray[unchanged]).all()


def test_a_bullets_dot_misread_by_ocr_is_a_bullet() -> None:
    """A filled dot left of a line's first word is its bullet ("•"), whatever OCR made of it ("e"), as a
    drawn bullet is on a born-digital page; a dot in a cell looked at for a mark stays the mark's."""
    from planparse.readers.ocr.page import _dot_bullets
    from planparse.readers.pages.text import Word

    binary = np.zeros((300, 900), dtype=np.uint8)
    cv_circle = [(y, x) for y in range(-6, 7) for x in range(-6, 7) if y * y + x * x <= 36]
    for cy, cx in ((100, 60), (200, 60)):
        for dy, dx in cv_circle:
            binary[cy + dy, cx + dx] = 255
    scale = 72 / 200
    words = [Word("e", 54 * scale, 66 * scale, 90 * scale, 110 * scale, 10.0, "OCR"),
             Word("Vi", 90 * scale, 120 * scale, 88 * scale, 112 * scale, 10.0, "OCR"),
             Word("vill", 130 * scale, 170 * scale, 88 * scale, 112 * scale, 10.0, "OCR"),
             Word("Tiltak", 90 * scale, 160 * scale, 188 * scale, 212 * scale, 10.0, "OCR")]
    out, _ = _dot_bullets(words, [], binary, scale, [])
    assert sorted(w.text for w in out) == ["Tiltak", "Vi", "vill", "•", "•"]
    out, _ = _dot_bullets(words, [], binary, scale, [(40, 180, 80, 220)])  # the second dot in a mark's cell
    assert sorted(w.text for w in out) == ["Tiltak", "Vi", "vill", "•"]
    for dy, dx in [(y, x) for y in range(-10, 11) for x in range(-10, 11) if y * y + x * x <= 100]:
        binary[100 + dy, 400 + dx] = 255  # as high as a capital (a bold "E" blurred fills its outline)
    words.append(Word("En", 390 * scale, 422 * scale, 88 * scale, 112 * scale, 10.0, "OCR"))
    words.append(Word("ettertraktet", 432 * scale, 560 * scale, 88 * scale, 112 * scale, 10.0, "OCR"))
    out, _ = _dot_bullets(words, [], binary, scale, [])
    assert "En" in [w.text for w in out] and len([w for w in out if w.text == "•"]) == 2
    binary[250:264, 330:334] = 255  # "To": a "T"'s stem, then its bold "o" filled as a dot is
    for dy, dx in cv_circle:
        binary[257 + dy, 346 + dx] = 255
    words.append(Word("To", 328 * scale, 353 * scale, 247 * scale, 266 * scale, 10.0, "OCR"))
    words.append(Word("emner", 362 * scale, 430 * scale, 247 * scale, 266 * scale, 10.0, "OCR"))
    out, _ = _dot_bullets(words, [], binary, scale, [])
    assert "To" in [w.text for w in out] and len([w for w in out if w.text == "•"]) == 2


def test_cells_whose_lines_ocr_ran_together_are_read_again() -> None:
    """Tesseract can run the lines of two cells side by side into one line where they do not line up,
    fitting one baseline to both and misreading them; a row of one-line cells in line is one line."""
    from planparse.readers.ocr.page import _run_across

    cells = [(0, 0, 400, 300), (400, 0, 800, 300)]
    ran_together = [_ocr_word("Vi", (20, 100, 60, 130)), _ocr_word("vill", (70, 100, 120, 130)),
                    _ocr_word("firas", (420, 118, 480, 148)), _ocr_word("under", (490, 118, 560, 148))]
    assert _run_across(ran_together, cells) == [0, 1]
    in_line = [_ocr_word("Frist", (20, 100, 90, 130)), _ocr_word("og", (100, 106, 130, 130)),  # a row of cells
               _ocr_word("Rektor", (420, 98, 540, 126)), _ocr_word("og", (550, 104, 580, 126))]
    assert _run_across(in_line, cells) == []
    assert _run_across([*in_line[:3], _ocr_word("x", (600, 110, 612, 122))], cells) == []  # a lone mark


def test_a_tiffs_resolution_is_read_from_each_of_its_pages(tmp_path: Path) -> None:
    """Pillow gives a TIFF's resolution as a fraction (IFDRational), not a float; read as the 200 dpi
    default, a 150 dpi scan's text came out three quarters of its size and short ruling lines were lost."""
    from PIL import Image, ImageSequence

    from planparse.readers.ocr.images import image_resolution

    pages = [Image.new("L", (300, 400), 255) for _ in range(2)]
    pages[0].save(tmp_path / "scan.tif", save_all=True, append_images=pages[1:], dpi=(150, 150),
                  compression="tiff_deflate")
    with Image.open(tmp_path / "scan.tif") as image:
        assert [image_resolution(frame.info) for frame in ImageSequence.Iterator(image)] == [150.0, 150.0]
    assert image_resolution({}) == 200.0 and image_resolution({"dpi": (20, 20)}) == 200.0


def test_an_unruled_table_scanned_at_200_dpi_keeps_its_lone_marks_and_year_digits(tmp_path: Path) -> None:
    """The biblioteket plan's tables have no rules, and its year headers wrap as "20 / 2 / 5". The
    page's reading passes over most lone marks and digits in the year columns, or reads an "x" as
    "PN": the ink no word covers, and short words alone in their line, are read again. Before, 0 of 14."""
    plan_file = PLANS / "biblioteket-2025-2028.pdf"
    plan = parse(scan_pdf(plan_file, tmp_path / "biblioteket-200.pdf", dpi=200))
    right, total, marks_wrong = measured(plan, load_json(plan_file.with_suffix(".truth.json")))
    assert len(plan.measures()) == total
    assert marks_wrong == 0 and right >= 0.95 * total  # 14 of 14 on this machine


def test_an_unruled_table_with_a_rule_under_its_header_scanned_at_200_dpi_keeps_its_rows(tmp_path: Path) -> None:
    """The skolen plan's rows are told apart by the room between them only. OCR lines' boxes, from
    each line's lowest ink, made that room vary with the letters (a line with no descender stood
    higher), and rows ran together until no table was found: boxes from the baseline keep it. Before,
    no plan."""
    plan_file = PLANS / "skolen-2025-2027.pdf"
    plan = parse(scan_pdf(plan_file, tmp_path / "skolen-200.pdf", dpi=200))
    right, total, marks_wrong = measured(plan, load_json(plan_file.with_suffix(".truth.json")))
    assert len(plan.measures()) == total
    assert marks_wrong == 0 and right >= 0.95 * total  # 19 of 20 on this machine


def _blank_page() -> Any:
    return np.full((400, 800), 255, dtype=np.uint8)


def test_ink_no_word_covers_is_found_outside_the_ruled_grids() -> None:
    from planparse.readers.ocr.page import _unread_ink
    from planparse.readers.ocr.pixels import ink

    gray = _blank_page()
    gray[100:115, 100:160] = 0  # a word read (its box given below)
    gray[103:113, 400:403] = 0  # a lone mark's two strokes, 3 px apart: one word's ink
    gray[103:113, 406:409] = 0
    gray[300:310, 600:610] = 0  # ink inside a ruled grid: the grid's cells are read on their own
    gray[20:90, 700:760] = 0  # taller than any word read: a logo, not a word
    points = 72.0 / 150  # the page's grids are kept in points
    xs, ys = (580 * points, 610 * points, 640 * points), (280 * points, 330 * points)
    grid = Grid(xs, ys, tuple(GridCell((x0, ys[0], x1, ys[1]), (0, 1), (i, i + 1))
                              for i, (x0, x1) in enumerate(itertools.pairwise(xs))))
    words = [_ocr_word("tekst", (98, 98, 162, 117))]
    assert _unread_ink(ink(gray), words, [grid], dpi=150) == [(400, 103, 409, 113)]
    assert len(_unread_ink(ink(gray), words, [], dpi=150)) == 2  # without the grid, its ink is found too


def test_a_sliver_of_ink_among_a_lines_words_is_no_word_of_its_own() -> None:
    """Ink left between two words of a line, a word's gap from each (a letter's edge their boxes cut
    off, a speck), is not read alone (it became "'" or "I" among a heading's words); ink as near to a
    word on one side only, or standing apart in its line (a mark in its column), is."""
    from planparse.readers.ocr.page import _unread_ink
    from planparse.readers.ocr.pixels import ink

    gray = _blank_page()
    for left, right in ((100, 160), (176, 240), (500, 560)):
        gray[100:120, left:right] = 0  # three words of one line
    gray[102:116, 167:169] = 0  # a sliver between the first two, 5 px from each
    gray[104:114, 570:578] = 0  # just after the last word: nothing on its right
    gray[104:114, 400:410] = 0  # far from both: a mark of its own column
    words = [_ocr_word("Bidra", (99, 99, 161, 121)), _ocr_word("til", (175, 99, 241, 121)),
             _ocr_word("innen", (499, 99, 561, 121))]
    assert _unread_ink(ink(gray), words, [], dpi=150) == [(400, 104, 410, 114), (570, 104, 578, 114)]


def test_a_bold_heading_ocr_took_into_the_paragraph_under_it_keeps_its_weight() -> None:
    """Lines of one Tesseract paragraph share its median stroke weight (one measured a little off does
    not split it), but a first line bolder than the rest keeps its own: a heading Tesseract took into
    the paragraph under it, whose line of text is not made bold by a median of two; and a line of another
    size is not of the paragraph: a larger heading taken into it («2.2 Februari») keeps its own."""
    from planparse.readers.ocr.page import _per_paragraph

    weights = {(5, 1, 1): 3.2, (5, 1, 2): 2.0,  # "Direkt" and its line of text
               (9, 1, 1): 2.0, (9, 1, 2): 2.2, (9, 1, 3): 2.1,  # a paragraph measured a little unevenly
               (10, 1, 1): 2.4, (10, 1, 2): 2.0, (10, 1, 3): 1.8, (10, 1, 4): 2.0,  # a heading over three lines
               (-1, 4, 1): 2.6,  # a cell read again: its own
               (12, 1, 1): 2.1, (12, 1, 2): 3.0, (12, 1, 3): 2.0, (12, 1, 4): 2.2}  # a larger heading taken in
    sizes = {key: 14.0 if key == (12, 1, 2) else 11.0 for key in weights}
    out = _per_paragraph(weights, sizes)
    assert (out[5, 1, 1], out[5, 1, 2]) == (3.2, 2.0)
    assert out[9, 1, 1] == out[9, 1, 2] == out[9, 1, 3] == 2.1
    assert out[10, 1, 1] == 2.4 and out[10, 1, 2] == out[10, 1, 3] == out[10, 1, 4] == 2.0
    assert out[-1, 4, 1] == 2.6
    assert out[12, 1, 2] == 3.0 and out[12, 1, 1] == out[12, 1, 3] == out[12, 1, 4] == 2.1


def test_a_paragraph_of_bold_and_regular_rows_keeps_both_weights() -> None:
    """Tesseract takes a table's first column as one paragraph: bold goal rows among regular measure rows.
    Where the weights step apart, each part keeps its own median; one line standing apart by a blur's
    step (under 1.3×) does not."""
    from planparse.readers.ocr.page import _per_paragraph

    weights = {(4, 1, 1): 2.58, (4, 1, 2): 3.77, (4, 1, 3): 2.79, (4, 1, 4): 3.49, (4, 1, 5): 2.6,  # goals, measures
               (6, 1, 1): 2.59, (6, 1, 2): 3.58, (6, 1, 3): 3.5,  # a measure, two goal lines
               (7, 1, 1): 2.0, (7, 1, 2): 2.1, (7, 1, 3): 2.5, (7, 1, 4): 2.05}  # one blurred line
    out = _per_paragraph(weights, dict.fromkeys(weights, 11.0))
    assert out[4, 1, 2] == out[4, 1, 4] == pytest.approx(3.63) and out[4, 1, 1] == out[4, 1, 3] == out[4, 1, 5] == 2.6
    assert out[6, 1, 2] == out[6, 1, 3] == pytest.approx(3.54) and out[6, 1, 1] == 2.59
    assert len({out[7, 1, n] for n in range(1, 5)}) == 1


def test_a_lines_stroke_weight_does_not_hang_on_how_tight_its_box_is() -> None:
    """A text layer's word boxes are tight, or cut the letters: ink at the box's edge counted as no edge,
    and a regular line («Barnsamtal.») measured as thick as the bold heading above it."""
    import cv2

    from planparse.readers.ocr.page import _stroke_weight

    binary = np.zeros((120, 600), np.uint8)
    cv2.putText(binary, "Barnsamtal.", (20, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 255, 3)
    ys, xs = np.nonzero(binary)
    top, bottom, left, right = int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1
    loose = _stroke_weight(binary, [_word("Barnsamtal.", left - 5, top - 5, right + 5, bottom + 5)])
    for box in ((left, top, right, bottom), (left + 3, top + 4, right - 3, bottom - 4)):
        assert _stroke_weight(binary, [_word("Barnsamtal.", *box)]) == pytest.approx(loose, rel=0.03)


def test_the_usual_weight_is_that_of_most_letters_not_most_lines() -> None:
    """A page of short bold labels (a table's years, its column names) beside fewer, longer lines of
    regular text: the usual weight is the text's, so that bold goal rows are told bold."""
    from planparse.readers.ocr.page import _line_words

    binary = np.zeros((400, 800), np.uint8)
    words = []
    for row in range(6):  # six short bold labels
        top = 10 + row * 30
        for left in range(20, 100, 20):
            binary[top:top + 20, left:left + 8] = 255
        words.append(_word("2025", 20, top, 100, top + 20, line=(row + 1, 1, 1)))
    for row in range(4):  # four long regular lines
        top = 200 + row * 40
        for left in range(20, 780, 20):
            binary[top:top + 20, left:left + 4] = 255
        words.append(_word("Gjennomføre medarbeiderundersøkelse hvert år", 20, top, 780, top + 20,
                           line=(10 + row, 1, 1)))
    out = _line_words(words, 0.5, binary)
    assert [w.bold for w in out] == [True] * 6 + [False] * 4


def test_the_lines_of_a_cell_read_again_stay_lines() -> None:
    """Words of a cell read again keep the lines Tesseract read them in: a cell's list of names, one to a
    line, is not made one line (its names run together as "ProdekanUtdanningsleder")."""
    from planparse.readers.ocr.page import _by_cell
    from planparse.readers.ocr.tesseract import OcrWord

    read = [OcrWord("Prodekan", 10, 20, 80, 34, 90.0, (1, 1, 1)), OcrWord("Utdanningsleder", 10, 40, 120, 54, 90.0,
                                                                        (1, 1, 2)),
            OcrWord("x", 10, 120, 20, 130, 90.0, (1, 2, 3))]
    cells = _by_cell(read, [(10, 60, 300, 200), (110, 140, 600, 200)], gap=50, pad=5)
    assert [w.text for w in cells[0]] == ["Prodekan", "Utdanningsleder"]
    assert len({w.line for w in cells[0]}) == 2 and not {w.line for w in cells[0]} & {w.line for w in cells[1]}


def test_a_word_read_from_specks_is_dropped_and_a_dash_read_beside_a_word_taken_off() -> None:
    from planparse.readers.ocr.page import _with_ink
    from planparse.readers.ocr.pixels import ink

    gray = _blank_page()
    gray[100:126, 100:104] = 0  # "(" : a tall stroke first
    gray[100:126, 110:130] = 0
    gray[210:213, 100:115] = 0  # a real dash, thin and level, before a word
    gray[200:226, 120:160] = 0
    gray[300:320, 600:602] = 0  # an "i" whose box Tesseract put 3 pixels to the right of its ink
    words = [_ocr_word("—(X)", (99, 99, 131, 127)), _ocr_word("—", (300, 100, 320, 126)),
             _ocr_word("–Ja", (99, 199, 161, 227)), _ocr_word(".", (500, 100, 504, 104)),
             _ocr_word("i", (605, 300, 607, 320)), _ocr_word("x", (700, 300, 710, 310))]
    kept = _with_ink(words, ink(gray), dpi=150)
    # the dash and the stop read from no ink are gone; a letter stays, its box off its ink or not
    assert [w.text for w in kept] == ["(X)", "–Ja", "i", "x"]
    assert kept[0].choices == words[0].choices[1:]


def test_a_short_word_alone_in_its_line_is_read_again_and_one_in_a_sentence_is_not() -> None:
    from planparse.readers.ocr.page import _alone

    line = [_ocr_word("Forhandle", (100, 100, 200, 120)), _ocr_word("om", (205, 100, 225, 120)),
            _ocr_word("avtaler", (230, 100, 300, 120)), _ocr_word("PN", (400, 100, 420, 120)),
            _ocr_word("Bibliotekdirektør", (500, 100, 640, 120))]
    assert _alone(line, [], dpi=150) == [(400, 100, 420, 120)]


def test_an_ocr_lines_box_stands_on_its_baseline_as_a_fonts_box_does() -> None:
    """Two lines of one size 40 px apart from baseline to baseline, one with a letter reaching below
    it and one without: their boxes are as far apart, so the room between them (which tells an
    unruled table's rows apart) does not depend on their letters."""
    from planparse.readers.ocr.page import _line_words
    from planparse.readers.ocr.tesseract import OcrWord

    plain = OcrWord("Tiltak", 10, 80, 80, 100, 90.0, (1, 1, 1), line_size=26.0, line_ascent=20.0, baseline=100.0)
    low = OcrWord("gjennom", 10, 120, 100, 146, 90.0, (1, 1, 2), line_size=26.0, line_ascent=20.0, baseline=140.0)
    first, second = _line_words([plain, low], scale=0.5)
    assert second.bottom - first.bottom == pytest.approx(20.0)  # 40 px at half a point each
    assert first.bottom > 50.0  # below the baseline, where a font's box ends
    without = OcrWord("Tiltak", 10, 80, 80, 100, 90.0, (1, 1, 1))
    assert _line_words([without], scale=0.5)[0].bottom == 50.0  # no baseline known: the ink's bottom


def test_the_borders_of_a_low_header_row_are_found_where_they_line_up_with_the_columns() -> None:
    """A one-line header row 0.18 in high over a goal's row across the table: the header's borders are
    shorter than a line (0.3 in), but they reach from rule to rule in line with the columns' borders
    below the goal. A letter's stem reaching from rule to rule, not in line with a border, is left alone."""
    dpi = 200
    gray = np.full((400, 800), 255, dtype=np.uint8)
    for y in (100, 136, 172, 272):  # the table's top, under the header, under the goal's row, the bottom
        gray[y:y + 2, 100:700] = 0
    gray[100:274, 100:102] = 0  # the outer borders
    gray[100:274, 698:700] = 0
    for x in (300, 500):
        gray[100:138, x:x + 2] = 0  # the header's column borders ...
        gray[172:274, x:x + 2] = 0  # ... and the body's, under the goal's row across
    gray[100:138, 400:402] = 0  # a stem in the header, in line with no border
    segments, _ = ruling_lines(gray, dpi)
    header = sorted(round(s.at) for s in segments if not s.horizontal and s.start <= 105 and 130 <= s.end <= 145)
    assert header == [301, 501]


def test_a_chain_of_close_sizes_does_not_make_a_heading_the_size_of_body_text() -> None:
    from planparse.readers.ocr.page import sizes_unified

    sizes = {"body": 23.5, "line": 24.7, "cell": 26.2, "header": 28.0, "heading": 30.5, "other heading": 32.0}
    unified = sizes_unified(sizes)
    assert unified["body"] == unified["line"] == unified["cell"]  # within 1.2 of the smallest: one size
    assert unified["heading"] > unified["body"] * 1.15  # each step under 1.1, but far from the body in all


def test_a_table_with_its_goals_in_rows_across_scanned_at_150_dpi(tmp_path: Path) -> None:
    """The goals are rows across the table; its one-line header row is too low for its borders to be
    lines on their own, and its area headings (14 point, in grey) were measured as body text through
    the header's size. Before, no plan."""
    plan_file = PLANS / "maal-i-tabellen-2023-2025.pdf"
    plan = parse(scan_pdf(plan_file, tmp_path / "maal-150.pdf", dpi=150))
    right, total, marks_wrong = measured(plan, load_json(plan_file.with_suffix(".truth.json")))
    assert len(plan.measures()) == total
    assert marks_wrong == 0 and right >= 0.95 * total  # 6 of 6 on this machine


@pytest.mark.parametrize("letters_lighter", [False, True])
def test_a_filled_header_row_is_made_paper_with_black_letters(letters_lighter: bool) -> None:
    """A header row on a grey fill (dark letters) or a black one (light letters) is one dark block to
    Tesseract, its words lost: the fill becomes white paper and the letters black, the rest of the page
    as it was. The fill's edge, blurred into the paper, does not decide which the letters are."""
    from planparse.readers.ocr.pixels import fills_made_paper

    gray = np.full((300, 800), 235, dtype=np.uint8)
    fill, letter = (30, 200) if letters_lighter else (90, 20)
    gray[100:140, 100:700] = fill
    gray[98:100, 100:700] = gray[140:142, 100:700] = (fill + 235) // 2  # the blurred edge
    gray[110:130, 120:124] = letter  # two letters' stems
    gray[110:130, 140:144] = letter
    gray[200:220, 120:124] = 20  # a letter outside the fill
    out = fills_made_paper(gray, dpi=150)
    assert out[105, 300] == 255 and out[120, 122] == 0 and out[120, 142] == 0
    assert out[210, 122] == 20 and out[250, 300] == 235  # the page outside the fill as it was


def test_a_striped_plan_with_its_header_on_a_grey_fill_scanned_at_150_dpi_is_found(tmp_path: Path) -> None:
    """The English plan's header rows stand on a grey fill (Otsu takes the whole row for ink), its rows
    on light stripes. Before, no plan: the header was not read. Three of six are fully right (the
    stripes' specks still cost a "(x)" and two words), all six measures are there."""
    plan_file = PLANS / "english-2025-2026-striper.pdf"
    plan = parse(scan_pdf(plan_file, tmp_path / "striper-150.pdf", dpi=150))
    truth = load_json(plan_file.with_suffix(".truth.json"))
    assert [a.title for a in plan.areas] == [a["title"] for a in truth["areas"]]
    right, total, _ = measured(plan, truth)
    assert len(plan.measures()) == total and right >= total // 2


def test_the_sample_scanned_to_a_tiff_at_200_dpi(tmp_path: Path) -> None:
    """The TIFF's specks differ from the PDF's: there Tesseract put the box of a lone "i" a few pixels
    off its ink, and a rule dropping words without ink dropped it (79 of 84): letters are never dropped."""
    plan = parse(scan_tiff(SAMPLE_PDF, tmp_path / "skannet-200.tif", dpi=200))
    right, total, marks_wrong = measured(plan, load_json(REFERENCE))
    assert len(plan.measures()) == total
    assert marks_wrong == 0 and right >= 0.95 * total  # 84 of 84 on this machine


def _drawn(draw: Any) -> Any:
    import cv2

    patch = np.zeros((40, 60), dtype=np.uint8)
    draw(cv2, patch)
    return patch


def test_a_tick_and_a_dot_are_told_from_their_ink_and_letters_are_not() -> None:
    """Tesseract has no letter for ✓ and ●: the nynorsk plan's marks read as "På", "*" or ".". A tick's
    lowest ink is left of its middle and its highest at the right; a dot is round and filled. An "x",
    a "v" and an "o" are none of these, and are read as letters."""
    from planparse.readers.ocr.page import drawn_mark

    def tick(cv2: Any, patch: Any, x: int = 20) -> None:
        cv2.line(patch, (x, 22), (x + 6, 30), 255, 3)
        cv2.line(patch, (x + 6, 30), (x + 18, 10), 255, 3)

    def brackets(cv2: Any, patch: Any) -> None:
        cv2.ellipse(patch, (14, 20), (5, 16), 0, 100, 260, 255, 2)
        cv2.ellipse(patch, (46, 20), (5, 16), 0, -80, 80, 255, 2)

    assert drawn_mark(_drawn(lambda cv2, p: cv2.circle(p, (30, 20), 8, 255, -1))) == "●"
    assert drawn_mark(_drawn(tick)) == "✓"
    assert drawn_mark(_drawn(lambda cv2, p: (brackets(cv2, p), tick(cv2, p, 20)))) == "(✓)"
    assert drawn_mark(_drawn(lambda cv2, p: (cv2.line(p, (22, 10), (38, 30), 255, 3),
                                             cv2.line(p, (22, 30), (38, 10), 255, 3)))) is None  # x
    assert drawn_mark(_drawn(lambda cv2, p: (cv2.line(p, (22, 10), (30, 30), 255, 3),
                                             cv2.line(p, (30, 30), (38, 10), 255, 3)))) is None  # v
    assert drawn_mark(_drawn(lambda cv2, p: cv2.circle(p, (30, 20), 8, 255, 2))) is None  # o
    blurred_c = _drawn(lambda cv2, p: (cv2.rectangle(p, (20, 10), (39, 29), 255, -1),
                                       cv2.rectangle(p, (30, 15), (39, 24), 0, -1)))
    assert drawn_mark(blurred_c) is None  # a bold letter run together: as filled as a dot, not as solid
    assert drawn_mark(np.zeros((40, 60), dtype=np.uint8)) is None


def test_the_nynorsk_plans_ticks_and_dots_scanned_at_200_dpi(tmp_path: Path) -> None:
    """Before, its ✓, (✓), ● and • marks came out unknown: 4 of 7."""
    plan_file = PLANS / "nynorsk-2024-2028.pdf"
    plan = parse(scan_pdf(plan_file, tmp_path / "nynorsk-200.pdf", dpi=200))
    right, total, marks_wrong = measured(plan, load_json(plan_file.with_suffix(".truth.json")))
    assert len(plan.measures()) == total
    assert marks_wrong == 0 and right >= 0.95 * total  # 7 of 7 on this machine


@pytest.mark.parametrize(("texts", "model"), [
    (["Die Stadt wird mit den Akteuren und der Verwaltung für das Klima arbeiten, auch im Jahr"], "deu"),
    (["Vi ska arbeta med barnen och att de också är med till skogen som vi"], "swe"),
    (["Vi skal ikke gjøre det, men hva og hvordan er det vi vil med av"], "nor"),
    (["The council will work with the schools and their staff through this plan"], "eng"),
    ("Planen gjelder alle barnehager og skoler i kommunen . Alle barn og elever skal ha et trygt og godt "
     "læringsmiljø for ledere i barnehage og skole".split(), "nor"),  # word by word, as OCR gives them
])
def test_ocr_reads_in_the_documents_language_where_its_model_is_installed(texts: list[str], model: str) -> None:
    from planparse.readers.ocr.session import model_for

    everything = frozenset({"nor", "eng", "swe", "dan", "deu"})
    assert model_for(texts, everything, "nor") == model
    assert model_for(texts, frozenset({"nor", "eng"}), "nor") == (model if model in ("nor", "eng") else "nor")


@pytest.mark.parametrize("degrees", [90, 180])
def test_a_page_scanned_turned_is_read_upright_and_says_so(tmp_path: Path, degrees: int) -> None:
    from PIL import Image

    upright = scan_pngs(ENGLISH, tmp_path, dpi=200)[0]
    image = Image.open(upright)
    turned = tmp_path / f"turned-{degrees}.png"
    image.rotate(degrees, expand=True).save(turned, dpi=(200, 200))  # turned counter-clockwise
    plan = parse(turned)
    right, total, marks_wrong = measured(plan, load_json(PLANS / "english-2025-2026.truth.json"))
    assert (right, marks_wrong) == (total, 0)
    said = [w for w in plan.warnings if w.code == "page-turned"]
    assert len(said) == 1 and said[0].location.page == 1 and f"turned {degrees}° clockwise" in said[0].message


def _striper_second_page(variant: str) -> Any:
    """The second page of the English plan with striped rows, scanned at 150 dpi as `variant` says: a
    table of one short row under its header, too few characters for Tesseract's orientation detection."""
    return other_scanned_pages(PLANS / "english-2025-2026-striper.pdf", 150, 7, variant, pages=(2,))[0]


def _orientation_detection_unsure(image: Any) -> bool:
    import pytesseract

    from planparse.readers.ocr.tesseract import TURN_CONFIDENCE

    try:
        found = pytesseract.image_to_osd(image, output_type=pytesseract.Output.DICT, config="--psm 0 --dpi 150")
    except pytesseract.TesseractError:
        return True
    return float(found["orientation_conf"]) < TURN_CONFIDENCE


def test_a_page_of_few_words_scanned_turned_is_read_upright_where_orientation_detection_cannot_tell(
        tmp_path: Path) -> None:
    """A page with too few characters for Tesseract's orientation detection (a table of short words) is
    read at each turn, reduced, and turned to the turn it reads best at. Before, it was read sideways and
    no plan was found on it."""
    from planparse.readers.ocr.tesseract import Turn, page_turn

    sideways = _striper_second_page("turned-90")  # fed in a quarter turned counter-clockwise (270 to undo)
    assert _orientation_detection_unsure(sideways)
    assert page_turn(sideways, 150, "eng") == Turn(270, by_reading=True)
    scan = tmp_path / "sideways.png"
    sideways.save(scan, dpi=(150, 150))
    plan = parse(scan)
    read = [(m.text, m.responsible, m.schedule["2026"].kind.value, m.schedule["2025"].kind.value)
            for area in plan.areas for goal in area.goals for m in goal.measures]
    assert read == [("Evaluate the new courses", ["Head of teaching", "Student council"], "planned", "none")]
    said = [w for w in plan.warnings if w.code == "page-turned"]
    assert len(said) == 1 and "turned 270° clockwise" in said[0].message and "could not tell" in said[0].message


def test_an_upright_page_of_few_words_is_not_turned_by_reading_it_at_each_turn() -> None:
    """The same page scanned upright, and a page of running text upright and landscape, read best as
    they stand: reading them at each turn leaves them as they are."""
    from planparse.readers.ocr.tesseract import Turn, page_turn, turn_by_reading

    upright = _striper_second_page("jpeg")
    assert turn_by_reading(upright, 150, "eng") == Turn(0)
    assert page_turn(upright, 150, "eng") == Turn(0)
    for pdf in (PLANS / "english-2025-2026.pdf", PLANS / "english-2025-2026-striper.pdf"):  # portrait, landscape
        page = other_scanned_pages(pdf, 150, 7, "jpeg", pages=(1,))[0]
        assert turn_by_reading(page, 150, "eng") == Turn(0)


def test_a_drawn_picture_is_enlarged_for_ocr_and_a_scan_is_not() -> None:
    """A picture drawn by a program stands on pure white paper; a scan's paper carries the scanner's
    noise. Only the first is enlarged to 300 dpi (its 150 dpi small print read far better so, and its
    orientation judged right); a 150 dpi scan enlarged read worse (specks grown into letters)."""
    from PIL import Image

    from planparse.readers.ocr.page import READ_DPI, enlarged
    from planparse.readers.ocr.pixels import clean_paper

    drawn = np.full((300, 400), 255, np.uint8)
    drawn[100:110, 50:350] = 0  # a line of "text"
    rng = np.random.default_rng(7)
    scanned = np.clip(drawn.astype(int) - rng.integers(0, 40, drawn.shape), 0, 255).astype(np.uint8)
    assert clean_paper(drawn) and not clean_paper(scanned)
    image, dpi = enlarged(Image.fromarray(drawn), 150)
    assert dpi == READ_DPI and image.size == (800, 600)
    assert enlarged(Image.fromarray(scanned), 150)[1] == 150
    assert enlarged(Image.fromarray(drawn), 300)[1] == 300


def test_a_quotation_opened_low_is_closed_with_its_own_mark() -> None:
    from planparse.readers.ocr.context import closing_quotes
    from planparse.readers.ocr.tesseract import OcrWord

    def words(*texts: str) -> list[OcrWord]:
        return [OcrWord(text, 0, 0, 1, 1, 90.0, (1, 1, 1)) for text in texts]

    assert [w.text for w in closing_quotes(words("Servicestelle", "„Energieeffizienz", "durch", "Nutzermotivation‘"))
            ] == ["Servicestelle", "„Energieeffizienz", "durch", "Nutzermotivation“"]
    assert [w.text for w in closing_quotes(words("„Allianz“", "and", "it’s"))] == ["„Allianz“", "and", "it’s"]
    assert [w.text for w in closing_quotes(words("Peter’s", "house"))] == ["Peter’s", "house"]


def _searchable(source: Path, pages: range, target: Path, lang: str = "nor") -> Path:
    """The pages scanned at 200 dpi with Tesseract's invisible text layer over each (made in the model
    `lang`), as office scanners and ocrmypdf make them."""
    import pikepdf
    import pypdfium2 as pdfium
    import pytesseract

    document, out = pdfium.PdfDocument(source), pikepdf.new()
    for index in pages:
        picture = document[index].render(scale=200 / 72, grayscale=True).to_pil()
        layer = pytesseract.image_to_pdf_or_hocr(picture, lang=lang, extension="pdf", config="--dpi 200")
        part = target.with_suffix(f".{index}.pdf")
        part.write_bytes(layer)
        out.pages.extend(pikepdf.open(part).pages)
    out.save(target)
    return target


def test_a_searchable_scan_is_read_from_its_text_layer_with_its_tables_ruled_from_the_picture(
        tmp_path: Path) -> None:
    """Its words are the invisible layer's (no OCR again: 0.6 s a page where OCR takes 11 s), its ruling
    lines, shaded bands, type weights and the marks the layer left out or misread from its picture: all
    20 measures read as the born-digital pages do, area, goal, text, roles and marks (OCR of the same
    pages: 14). Before, 16: the layer's words end a glyph short of their ink (Tesseract stretches a word
    and its space together over the word's ink), so a goal's line had gaps as wide as a table's
    gutters and was read as a row of three columns; and a mark the layer read "pe" stood."""
    import pikepdf

    scan = _searchable(SAMPLE_PDF, range(2), tmp_path / "sokbar.pdf")
    born = tmp_path / "to-sider.pdf"
    with pikepdf.open(SAMPLE_PDF) as sample, pikepdf.new() as two:
        two.pages.extend(sample.pages[:2])
        two.save(born)
    read, truth = parse(scan), parse(born)
    assert not any(w.code.startswith("ocr") for w in read.warnings)  # its words not read again
    def seen(plan: Plan) -> list[tuple[str, str, str, list[str], dict[str, str]]]:
        return [(area.title, goal.text, m.text, m.responsible, {k: v.raw.lower() for k, v in m.schedule.items()})
                for area in plan.areas for goal in area.goals for m in goal.measures]

    got, want = seen(read), seen(truth)
    assert len(got) == len(want) == 20
    assert got == want
    # and the plan says once that its words are the layer's, unchecked, and what to do about a wrong one
    assert [w.describe() for w in read.warnings if w.code == "text-layer"] == [
        "page 1: pages 1-2: the text is the scan's own text layer (its OCR, not checked by planparse); where a "
        "word looks wrong, compare with the page, or read the scan again by OCR with --ocr always"]


def test_a_searchable_scan_is_read_from_its_layer_without_tesseract_too(tmp_path: Path) -> None:
    """Without Tesseract its words are still the layer's, read as text (its tables' lines unseen)."""
    scan = _searchable(SAMPLE_PDF, range(1), tmp_path / "sokbar.pdf")
    code = ("import pytesseract, sys\npytesseract.pytesseract.tesseract_cmd = 'no-such-tesseract'\n"
            "from planparse.cli import main\nsys.argv = ['planparse', 'convert', sys.argv[1], '-o', sys.argv[2]]\n"
            "main()\n")
    result = subprocess.run([sys.executable, "-c", code, str(scan), str(tmp_path / "out")], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Orientere senterets søknader" in (tmp_path / "out" / "sokbar.json").read_text(encoding="utf-8")


def test_both_pdf_engines_read_a_searchable_scan_alike(tmp_path: Path) -> None:
    """pdfminer's characters do not say they are invisible: PDFium tells the pdfplumber source that a
    page's text is a scan's layer, so both engines read it through the same chain, ruled from its
    picture (before, pdfplumber read the layer as plain text and lost the tables' lines)."""
    scan = _searchable(SAMPLE_PDF, range(1), tmp_path / "sokbar.pdf")
    pdfium, plumber = (parse(scan, options=ReadOptions(pdf_engine=engine)) for engine in ("pdfium", "pdfplumber"))

    def seen(plan: Plan) -> list[tuple[str, str, str, list[str], dict[str, str]]]:
        return [(area.title, goal.text, m.text, m.responsible, {k: v.raw.lower() for k, v in m.schedule.items()})
                for area in plan.areas for goal in area.goals for m in goal.measures]

    assert len(seen(pdfium)) >= 8
    assert seen(plumber) == seen(pdfium)


def test_a_text_layer_without_its_languages_letters_is_told() -> None:
    """A layer made by OCR in English from a Norwegian (Swedish, German) page has none of its language's
    own letters; a layer in the page's language has them, and a short one or an English one is not judged."""
    from planparse.readers.ocr.session import _lacks_own_letters

    norwegian = ["Studentene skal møte en praksisnær og forskningsbasert utdanning på alle nivå"] * 6
    in_english = ["Studentene skal mote en praksisnaer og forskningsbasert utdanning pa alle niva"] * 6
    assert _lacks_own_letters(norwegian, "nor") == ""
    assert _lacks_own_letters(in_english, "nor") == "æ, ø, å"
    assert _lacks_own_letters(in_english[:1], "nor") == ""  # too few letters to tell
    assert _lacks_own_letters(in_english, "eng") == ""
    assert _lacks_own_letters(["Wir werden die Klimaschutzmassnahmen pruefen und umsetzen"] * 8, "deu") != ""


def test_a_searchable_scan_whose_layer_was_made_in_another_language_is_read_by_ocr(tmp_path: Path) -> None:
    """A layer made by OCR in English from a Norwegian page ("giennomstromning") is read by OCR in
    Norwegian, said in a warning; its text is not said to be the layer's."""
    scan = _searchable(SAMPLE_PDF, range(1), tmp_path / "engelsk-lag.pdf", lang="eng")
    read = parse(scan)
    poor = [w for w in read.warnings if w.code == "layer-poor"]
    assert len(poor) == 1 and "æ, ø, å" in poor[0].message and poor[0].location.page == 1
    assert not [w for w in read.warnings if w.code == "text-layer"]
    texts = " ".join(m.text for m in read.measures())
    assert len(read.measures()) >= 8 and any(letter in texts for letter in "æøå")


def test_ink_in_a_mark_cell_that_ocr_reads_nothing_of_is_said_at_its_measure(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A mark OCR gives no letter for (here: Tesseract made to pass over the ink of one cell, as it
    does with a faint or broken tick) is not silently an empty cell: a warning stands at the measure
    whose row holds the ink, and `check` lists it there."""
    from PIL import ImageDraw

    from planparse.readers.ocr import page as ocr_page

    png = scan_pngs(ENGLISH, tmp_path, dpi=200)[0]
    image = Image_open(png)
    cell = (790, 1432, 880, 1495)  # the 2025 cell of «Evaluate the new courses», empty in the plan
    ImageDraw.Draw(image).line([(825, 1445), (848, 1470)], fill=20, width=4)
    ImageDraw.Draw(image).line([(848, 1445), (825, 1470)], fill=20, width=4)
    image.save(png, dpi=(200, 200))
    read_words = ocr_page.read_words

    def passing_over_the_cell(picture: Any, languages: str, dpi: float, mode: int = 3) -> Any:
        words = read_words(picture, languages, dpi, mode)
        if mode != 3:  # a cell read again on its own: nothing read
            return []
        return [w for w in words if not (cell[0] <= (w.left + w.right) / 2 <= cell[2]
                                         and cell[1] <= (w.top + w.bottom) / 2 <= cell[3])]

    monkeypatch.setattr(ocr_page, "read_words", passing_over_the_cell)
    plan = parse(png)
    measure = next(m for m in plan.measures() if m.text == "Evaluate the new courses")
    assert "2025" not in {label for label, mark in measure.schedule.items() if mark.raw}
    unread = [w for w in plan.warnings if w.code == "ink-unread"]
    here = [w for w in unread if w.location == measure.location]  # (any other cell only read again is too)
    assert len(here) == 1, [w.describe() for w in plan.warnings]
    assert "Evaluate the new courses" in here[0].message
    at_measure = [p for p in check_plan(plan) if p.location == measure.location and p.facts.get("code") == "ink-unread"]
    assert at_measure


def Image_open(path: Path) -> Any:
    from PIL import Image

    return Image.open(path).convert("L")


def test_a_text_layer_that_leaves_much_of_its_page_out_is_read_by_ocr_again(tmp_path: Path) -> None:
    """A searchable scan whose invisible layer was made from part of the page only (here: its upper
    half) would lose the rest without a word: its words cover too little of the page's ink, so the
    page is read by OCR again, and a warning says so. A layer covering its page is used as it is."""
    import pikepdf
    import pypdfium2 as pdfium
    import pytesseract

    document = pdfium.PdfDocument(ENGLISH)
    picture = document[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    document.close()
    half = picture.copy()
    half.paste(255, (0, picture.height // 2, picture.width, picture.height))
    picture.save(tmp_path / "picture.pdf", resolution=200)
    layer = pytesseract.image_to_pdf_or_hocr(half, lang="eng", extension="pdf", config="--dpi 200 -c textonly_pdf=1")
    (tmp_path / "layer.pdf").write_bytes(layer)
    with pikepdf.open(tmp_path / "picture.pdf") as scan, pikepdf.open(tmp_path / "layer.pdf") as text:
        scan.pages[0].add_overlay(text.pages[0])
        scan.save(tmp_path / "half-layer.pdf")

    read = parse(tmp_path / "half-layer.pdf")
    born = parse(ENGLISH)
    assert [w.code for w in read.warnings if w.code == "layer-poor"] == ["layer-poor"]
    assert [m.text for m in read.measures()] == [m.text for m in born.measures()]  # the lower half too


def test_a_scan_read_two_pages_at_once_is_the_plan_read_one_at_a_time(tmp_path: Path, monkeypatch: Any) -> None:
    import threading

    from planparse import progress
    from planparse.readers.ocr import session

    scan = scan_pdf(PLANS / "instituttet-2025-2027.pdf", tmp_path / "skannet.pdf", dpi=150)
    threads: set[str] = set()
    reading = session.ocr_page_text

    def read(*args: Any, **kwargs: Any) -> Any:
        threads.add(threading.current_thread().name)
        return reading(*args, **kwargs)

    monkeypatch.setattr(session, "ocr_page_text", read)
    plans, reports = {}, {}
    for jobs in (1, 2):
        threads.clear()
        reports[jobs] = []
        before = progress.listen(lambda number, pages, ocr, said=reports[jobs]: said.append((number, pages, ocr)))
        try:
            plans[jobs] = parse(scan, options=ReadOptions(page_jobs=jobs))
        finally:
            progress.listen(before)
        assert any(name.startswith("planparse-ocr") for name in threads) is (jobs > 1)
    assert plans[2].model_dump_json() == plans[1].model_dump_json()  # the same plan, warnings in the same order
    assert reports[2] == reports[1] == [(1, 3, True), (2, 3, True), (3, 3, True)]


@pytest.mark.parametrize("first_fails", [False, True])
def test_pages_read_at_once_come_out_in_page_order_however_long_each_takes(tmp_path: Path, monkeypatch: Any,
                                                                           first_fails: bool) -> None:
    """Pages read by OCR in threads, the first pages slowest: the pages, their warnings and their progress
    in page order all the same, at most a few pages' pictures taken ahead of the first page not done.
    The first page chooses the language, read before the others; where it fails, the next does."""
    import time

    from PIL import Image

    from planparse import progress
    from planparse.model import Location, PlanWarning
    from planparse.readers.ocr import session
    from planparse.readers.ocr.images import ImageSource
    from planparse.readers.paged import AHEAD_PER_JOB, read_pages
    from planparse.readers.pages.page import PageText

    frames = [Image.new("L", (200, 300), 255) for _ in range(8)]
    frames[0].save(tmp_path / "pages.tif", save_all=True, append_images=frames[1:], dpi=(200, 200))
    done: list[int] = []
    source = ImageSource(tmp_path / "pages.tif", ReadOptions().limits)
    picture = source.picture

    def drawing(index: int, dpi: float) -> Any:
        assert index - len(done) <= AHEAD_PER_JOB * 3 + 1  # pictures held ahead of the pages done
        return picture(index, dpi)

    def read(image: Any, dpi: float, number: int, what: str, warnings: list[PlanWarning], ocr: Any,
             layer: Any = None, own_text: Any = ()) -> PageText:
        if first_fails and number == 1:
            raise ValueError("a broken page")
        time.sleep(0.05 * (8 - number))
        ocr.languages = "nor"
        warnings.append(PlanWarning(code="ocr-unsure", location=Location(page=number), message=f"page {number}"))
        done.append(number)
        return PageText.empty(number)

    monkeypatch.setattr(source, "picture", drawing)
    monkeypatch.setattr(session, "ocr_page_text", read)
    monkeypatch.setattr(session, "prepared", lambda image, dpi, *_, **__: (image, dpi))
    said: list[int] = []
    before = progress.listen(lambda number, pages, ocr: said.append(number))
    warnings: list[PlanWarning] = []
    try:
        pages = read_pages(source, ReadOptions(page_jobs=3), warnings)
    finally:
        progress.listen(before)
        source.close()
    assert [page.number for page in pages] == said == [w.location.page for w in warnings] == list(range(1, 9))
    assert [w.code for w in warnings[:2]] == ["page-unreadable" if first_fails else "ocr-unsure", "ocr-unsure"]
    assert done[0] == 2 if first_fails else 1  # the page that chose the language was read before the others
    assert done != sorted(done)  # the later pages were done first


@pytest.mark.parametrize("degrees", [1.5, -1.0])
def test_a_skewed_searchable_scan_is_read_from_its_turned_layer_levelled(tmp_path: Path, degrees: float) -> None:
    """Tesseract writes each line of a skewed page's layer along its skewed baseline (a turned text
    matrix): the layer's characters are turned back level, and the picture with them, so the page is
    read from its layer as a straight one is (before, its turned characters were passed over and the
    page was "no text")."""
    import pikepdf
    import pypdfium2 as pdfium
    import pytesseract
    from PIL import Image

    document = pdfium.PdfDocument(ENGLISH)
    picture = document[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    document.close()
    skewed = picture.rotate(degrees, resample=Image.BICUBIC, fillcolor=255)
    (tmp_path / "skewed.pdf").write_bytes(
        pytesseract.image_to_pdf_or_hocr(skewed, lang="eng", extension="pdf", config="--dpi 200"))
    with pikepdf.open(tmp_path / "skewed.pdf") as scan:
        assert len(scan.pages) == 1
    read, born = parse(tmp_path / "skewed.pdf"), parse(ENGLISH)
    assert not [w for w in read.warnings if w.code == "layer-poor"]

    def seen(plan: Plan) -> list[tuple[str, str, str, list[str], dict[str, str]]]:
        return [(area.title, goal.text, m.text, m.responsible,
                 {k: v.kind.value for k, v in m.schedule.items() if v.kind.value != "none"})
                for area in plan.areas for goal in area.goals for m in goal.measures]

    assert seen(read) == seen(born)


def _photo(height: int, width: int, seed: int = 5) -> Any:
    """A picture's pixels: a blurred grey texture, as a photo of a thing scanned in grey."""
    import cv2

    noise = np.random.default_rng(seed).uniform(30, 190, (height, width)).astype(np.float32)
    return np.clip(cv2.GaussianBlur(noise, (0, 0), 3) * 1.6 - 60, 0, 255).astype(np.uint8)


def _table_page(picture: bool) -> Any:
    """A page at 150 dpi with a ruled table of three columns and two rows; with `picture`, a photo laid
    over the foot of its middle column's right border and the stretch of its bottom rule there."""
    gray = np.full((600, 1000), 255, dtype=np.uint8)
    for y in (100, 200, 400):
        gray[y - 1:y + 2, 100:901] = 0
    for x in (100, 400, 650, 900):
        gray[100:401, x - 1:x + 2] = 0
    if picture:
        gray[330:470, 560:760] = _photo(140, 200)
    return gray


def test_a_picture_over_a_tables_bottom_rule_leaves_its_last_row_closed() -> None:
    """A picture laid over a table's bottom rule and the foot of a border hides those stretches of the
    lines: the rule's pieces on both sides of it are one rule, and the border runs on under it to the
    rule, so the last row's cells close as they would without it. A table with no picture keeps its
    lines as found."""
    from planparse.readers.ocr.pixels import dark_blocks, fills_made_paper

    def grid_of(gray: Any) -> Grid:
        segments, _ = ruling_lines(fills_made_paper(gray, 150), 150, dark_blocks(gray, 150))
        grids = edges_to_grids(edges_in_points(segments, 150))
        assert len(grids) == 1
        return grids[0]

    plain, covered = _table_page(picture=False), _table_page(picture=True)
    assert dark_blocks(plain, 150) == []
    assert ruling_lines(plain, 150, [(0, 0, 50, 50)])[0] == ruling_lines(plain, 150)[0]  # a block off the lines
    assert len(dark_blocks(covered, 150)) == 1
    without, under = grid_of(plain), grid_of(covered)
    assert (len(without.xs), len(without.ys)) == (4, 3)
    assert under.xs == without.xs and under.ys == without.ys and len(under.cells) == len(without.cells) == 6


def test_a_scans_last_row_under_a_picture_keeps_its_marks_and_roles(tmp_path: Path) -> None:
    """A photo laid over the bottom rule of a scanned table's last row, and over the foot of the border
    between two of its columns: the row is still read as the table's row, its mark and its roles with it."""
    from PIL import Image

    png = scan_pngs(ENGLISH, tmp_path, dpi=200)[0]
    gray = np.array(Image_open(png).convert("L"))
    gray[1445:1565, 1000:1228] = _photo(120, 228)  # over the Status cell of «Evaluate the new courses», and below
    Image.fromarray(gray).save(png, dpi=(200, 200))
    plan = parse(png)
    measure = next(m for m in plan.measures() if m.text == "Evaluate the new courses")
    assert _kinds({label: mark.raw for label, mark in measure.schedule.items()}) == {"2026": "planned"}
    assert measure.responsible == ["Head of teaching", "Student council"]
    assert len(plan.measures()) == 6


CONTENTS = [("1", "Introduction", "3"), ("1.1", "Background", "3"), ("1.2", "Purpose", "4"),
            ("2", "Activities", "5"), ("2.1", "January", "6"), ("2.2", "February", "7"),
            ("2.3", "March", "9"), ("2.4", "April", "10"), ("2.5", "May", "12")]


def _contents_pdf(target: Path) -> Path:
    """A contents page as word processors draw it (at 300 dpi, in Pillow's own font): each entry, a row
    of dots, its page number at the right margin."""
    from PIL import Image, ImageDraw, ImageFont

    dpi, point = 300, 300 / 72
    page = Image.new("L", (round(8.27 * dpi), round(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(page)
    body, heading = ImageFont.load_default(size=11 * point), ImageFont.load_default(size=16 * point)
    left, right = round(72 * point), page.width - round(72 * point)
    draw.text((left, round(80 * point)), "Contents", font=heading, fill=0)
    y = round(120 * point)
    for number, entry, at in CONTENTS:
        draw.text((left, y), number, font=body, fill=0, anchor="ls")
        draw.text((left + round(38 * point), y), entry, font=body, fill=0, anchor="ls")
        start = left + round(38 * point) + draw.textlength(entry, font=body) + 4 * point
        end = right - draw.textlength(at, font=body) - 4 * point
        dots = "." * int((end - start) / draw.textlength(".", font=body))
        draw.text((start, y), dots, font=body, fill=0, anchor="ls")
        draw.text((right, y), at, font=body, fill=0, anchor="rs")
        y += round(22 * point)
    page.save(target, resolution=dpi)
    return target


def _leaders_seen(image: Any, dpi: float, warnings: list[Any]) -> tuple[Any, float, list[Any]]:
    """The scanned page as OCR gets it (a photo made a scan, levelled), its resolution, and the dotted
    leaders found on it once cleaned."""
    from PIL import Image

    from planparse.readers.ocr.page import cleaned
    from planparse.readers.ocr.pixels import dotted_leaders, ink
    from planparse.readers.ocr.session import prepared

    image, at = prepared(image, dpi, 1, "a scan", warnings)
    gray, _ = deskewed(np.asarray(image.convert("L")))
    return Image.fromarray(gray), at, dotted_leaders(ink(cleaned(gray, at)[1]), at)[0]


@pytest.mark.parametrize(("dpi", "variant"), [(150, "phone"), (200, "jpeg")])
def test_a_contents_pages_dotted_leaders_are_taken_out_and_its_lines_read_whole(tmp_path: Path, dpi: int,
                                                                              variant: str) -> None:
    """Tesseract reads a row of dots as letters ("JE pedniig aS EE NES") and runs lines together over
    them; taken out, it finds the page numbers a column of their own and reads it as upright text. The
    dots are found in the ink and taken out before OCR, each page number is read again on its own, and
    the leader is put back as stops: every entry reads as its line, dots and page number."""
    from planparse.readers.ocr.page import read_page
    from planparse.readers.pages.text import words_to_lines

    image = other_scanned_pages(_contents_pdf(tmp_path / "contents.pdf"), dpi, 7, variant)[0]
    warnings: list[Any] = []
    image, at, leaders = _leaders_seen(image, dpi, warnings)
    assert len(leaders) == len(CONTENTS)
    lines = [" ".join(word.text for word in line.words)
             for line in words_to_lines(read_page(image, at, 1, "eng", warnings).words)]
    numbers = []
    for _, entry, page in CONTENTS:
        line = next((line for line in lines if entry in line), "")
        read = re.fullmatch(rf"{re.escape(entry)} \.{{8,}} (\S{{1,3}})", line.split(" ", 1)[-1])
        assert read, (entry, line)
        numbers.append(read.group(1) == page)
    assert sum(numbers) >= len(CONTENTS) - 1  # (Tesseract reads Pillow's 7 as "/" now and then)


def test_a_page_of_text_and_tables_has_no_dotted_leaders(tmp_path: Path) -> None:
    """Specks of a scan, stops, the dots of i and j, a table's rules: no row of dots among them."""
    for dpi, variant in ((150, "phone"), (200, "jpeg")):
        for image in other_scanned_pages(SAMPLE_PDF, dpi, 7, variant, pages=(1, 2)):
            assert _leaders_seen(image, dpi, [])[2] == []


def test_a_real_tables_pale_grey_header_photographed_is_read(tmp_path: Path) -> None:
    """Rockrullarna's month tables have their header row («Ansvarig | Aktivitet») on a pale grey fill.
    Photographed at 150 dpi, the fill is as light as Otsu's threshold: no fill was found, Tesseract read
    no word on it, the header was lost and the table kept as notes (none of January's 24 activities
    read). The truth: its activities and who is responsible for each."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))
    import score_real

    truth = Path(__file__).parent / "real" / "rockrullarna-arshjul-2023.truth.json"
    if not truth.exists():
        truth = next(path for path in score_real.truth_files() if path.name == truth.name)
    document = score_real.document_of(truth, score_real.doc_folders([]))
    if document is None:
        pytest.skip(f"{truth.name}: its document is not on this machine (../shared/real or PLANPARSE_REAL_DOCS)")
    from scans import other_scan

    plan = parse(other_scan(document, tmp_path / "januari.pdf", 150, "phone", pages=(2, 5)))  # contents, January
    january = [m for m in load_json(truth)["measures"] if m["area"] == "Januari"]
    assert len(plan.measures()) == len(january) and all(m.responsible for m in plan.measures())
    texts = {score_real.text_key(m.text) for m in plan.measures()}
    assert len([m for m in january if score_real.text_key(m["text"]) in texts]) >= len(january) // 3
    # (on a photo at 150 dpi OCR misreads a letter here and there: «Caté och feceptionsansvarig»)


def test_a_first_page_of_names_leaves_the_language_to_the_next_page(tmp_path: Path) -> None:
    """A contents page (entries, months, page numbers) has no word that tells a language: it was read in
    Norwegian and the whole document with it, a Swedish one's ä read as å («tåvlande», «råkningar»). The
    page that tells chooses: the first is read as it would be alone, the next in Swedish."""
    from PIL import Image, ImageDraw, ImageFont

    from planparse.readers.ocr.session import OcrSession

    swedish = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(swedish)
    font = ImageFont.load_default(size=31)
    for row, text in enumerate(["Vi ska arbeta med barnen och att de också är med till skogen.",
                                "Kassören ska betala räkningar samt utbetalning av utlägg.",
                                "Genomförande av trivselkväll för tävlande och tränare."]):
        draw.text((200, 300 + 60 * row), text, font=font, fill=0)
    contents = other_scanned_pages(_contents_pdf(tmp_path / "contents.pdf"), 200, 7, "jpeg")[0]
    session = OcrSession()
    warnings: list[Any] = []
    session.read(contents.convert("L"), 200, 1, "a scan", warnings)
    assert session.languages is None
    texts = [w.text for w in session.read(swedish, 200, 2, "a scan", warnings).words]
    assert session.languages == "swe" and {"räkningar", "tävlande"} <= set(texts)


def _word(text: str, left: int, top: int, right: int, bottom: int, confidence: float = 95.0,
          line: tuple[int, int, int] = (1, 1, 1)) -> Any:
    from planparse.readers.ocr.tesseract import OcrWord

    return OcrWord(text, left, top, right, bottom, confidence, line)


def test_a_picture_or_a_rules_edge_read_as_letters_is_left_out_of_its_line() -> None:
    """A corner ornament beside a heading was read as «p», in the heading's line, and made the heading
    «d 2.3 Mars» the size of the ornament, ranked above every other month; a header fill's one-pixel
    edge read as «Fia» made «Aktivitet Fia» no header. A tick reaching above its line's letters, a
    hyphen, a dash and small letters stay."""
    from planparse.readers.ocr.page import _picture_pieces

    ornament = _word("p", 86, 212, 155, 294, 71.0)
    edge = _word("Fia", 878, 298, 988, 299, 7.0, (2, 1, 1))
    heading = [ornament, _word("2.3", 234, 229, 281, 256), _word("Mars", 315, 229, 395, 256)]
    header = [_word("Ansvarig", 249, 280, 366, 307, line=(2, 1, 1)), _word("Aktivitet", 700, 280, 820, 306,
                                                                           line=(2, 1, 1)), edge]
    row = [_word("Planera", 249, 400, 340, 425, line=(3, 1, 1)), _word("av", 350, 408, 376, 423, line=(3, 1, 1)),
           _word("–", 380, 414, 395, 417, line=(3, 1, 1)), _word("✓", 900, 394, 930, 428, line=(3, 1, 1))]
    marks = [_word("på", 765, 1491, 783, 1530, 82.0, (4, 1, 1)), _word("x", 850, 1500, 862, 1517, line=(4, 1, 1))]
    kept, pieces = _picture_pieces(heading + header + row + marks)
    assert pieces == [ornament, edge]
    assert kept == heading[1:] + header[:2] + row + marks  # (a mark's «x» is no letters' height to go by)


def test_ink_read_again_to_an_unsure_guess_that_is_no_mark_is_a_warning_not_words() -> None:
    """Patches of ink no word covered are read again for a lone mark or a year in a column of its own;
    a logo's strokes and letters so read came back as «ua q» or «fem», unsure, and stood as lines of
    their own, at times as headings. Such a guess is said in the warning at the patch; a mark, even an
    unsure one, a sure reading and a word of four letters or more (a responsible the page's reading
    passed over, «IT-rådgiver» at 48%) stay words."""
    from planparse.readers.ocr.page import _sure_of_patches, _warn_unread

    boxes = [(10, 10, 40, 40), (100, 10, 130, 40), (200, 10, 260, 40), (300, 10, 330, 40), (400, 10, 500, 40)]
    mark, logo, year, _ruled, role = boxes
    words = [_word("ua", 100, 10, 115, 40, 31.0, (-2, 1, 1)), _word("q", 116, 10, 130, 40, 6.0, (-2, 1, 1)),
             _word("x", 10, 10, 40, 40, 40.0, (-1, 1, 1)), _word("2024", 200, 10, 260, 40, 90.0, (-3, 1, 1)),
             _word("på", 300, 10, 330, 40, 20.0, (-4, 1, 1)), _word("IT-rådgiver", 400, 10, 500, 40, 48.0, (-5, 1, 1)),
             _word("——=—eerp=mrrsrm", 600, 10, 700, 40, 0.0, (-6, 1, 1)), _word("EREESEEEE", 700, 10, 800, 40, 0.0,
                                                                                (-7, 1, 1))]
    underline, rule = (600, 10, 700, 40), (700, 10, 800, 40)  # a rule under a row, read as letters
    boxes += [underline, rule]
    kept, guessed = _sure_of_patches(words, boxes, [logo, mark, year, role, underline, rule])
    # (a ruled cell's reading is judged elsewhere; a word of four letters and more is a word)
    assert [w.text for w in kept] == ["x", "2024", "på", "IT-rådgiver"]
    assert guessed == {1: "ua q", 5: "——=—eerp=mrrsrm", 6: "EREESEEEE"}
    warnings: list[Any] = []
    _warn_unread([logo], [], 1.0, 3, warnings, {0: "ua q"})
    assert [w.code for w in warnings] == ["ink-unread"] and "«ua q»" in warnings[0].message
    assert warnings[0].location.page == 3 and warnings[0].location.bbox == (100, 10, 130, 40)


def test_a_line_ocr_was_unsure_of_throughout_is_no_heading_by_size_or_weight() -> None:
    """A logo's letters read as «VEU,» (41%) stood as a bold line of a heading's size, and became an
    area. A line with no word OCR was sure of takes at most the page's usual size; a sure line of the
    same height keeps its own."""
    from planparse.readers.ocr.page import _line_words

    body = [_word(text, 100 + 80 * index, 100 + 40 * row, 170 + 80 * index, 120 + 40 * row, line=(1, 1, row))
            for row in range(4) for index, text in enumerate(["Betala", "räkningar", "samt"])]
    logo = [_word("VEU,", 100, 400, 180, 430, 41.0, (2, 1, 1))]
    heading = [_word("Mars", 100, 500, 180, 530, 96.0, (3, 1, 1))]
    sizes = {w.text: w.size for w in _line_words(body + logo + heading, 0.5)}
    assert sizes["VEU,"] == sizes["Betala"] < sizes["Mars"]


def test_a_real_pages_ornament_logo_and_header_edge_are_not_read_into_its_text() -> None:
    """Rockrullarna's pages have an ornament in a corner, the club's logo at the foot and each month's
    table header on a grey fill. In the corpus's searchable scan of them at 200 dpi, the ornament was
    read as a letter in the line of «2.3 Mars» and made it four times the size of «2.4 April», the
    largest heading of all; the fill's edge was read as «Fia» beside «Aktivitet», which made February's
    header no header; the logo's letters stood as lines of a heading's size («ua q», «VEU,», here
    «KR»): none of the 58 measures was fully right. The truth, on the pages' pictures scanned so: the
    months' headings one size, each header's words its own line, and no line of a heading's size but
    theirs (the running foot, which the page chain leaves out, aside)."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))
    import score_real

    from planparse.readers.ocr.session import OcrSession
    from planparse.readers.pages.text import words_to_lines

    truth = next(path for path in score_real.truth_files() if path.name == "rockrullarna-arshjul-2023.truth.json")
    document = score_real.document_of(truth, score_real.doc_folders([]))
    if document is None:
        pytest.skip(f"{truth.name}: its document is not on this machine (../shared/real or PLANPARSE_REAL_DOCS)")
    images = other_scanned_pages(document, 200, 7, "searchable", pages=(2, 5, 6, 7, 8))
    session = OcrSession()
    sizes: dict[str, float] = {}
    for number, image in ((3, images[2]), (4, images[3])):  # February; March and April
        lines = words_to_lines(session.read(image.convert("L"), 200, number, "a scan", []).words)
        texts = [line.text for line in lines]
        assert "Ansvarig Aktivitet" in texts, texts[:6]
        sizes.update({line.text: line.size for line in lines})
    months = [sizes.get(text, 0.0) for text in ("2.2 Februari", "2.3 Mars", "2.4 April")]
    assert all(months) and max(months) < 1.1 * min(months), sizes
    assert [text for text, size in sizes.items() if size > 0.9 * min(months) and text not in (
        "2.2 Februari", "2.3 Mars", "2.4 April") and "DKRR Årshjul" not in text] == []  # (the running foot)


def test_a_picture_read_in_a_measures_row_is_said_at_the_measure() -> None:
    """A picture read as letters in a measure's row (a logo's scrap beside its text) is a doubt about
    that row: the warning stands at the measure, naming it, so `check` says it there."""
    from planparse.model import Area, Goal, Location, Measure, PlanWarning
    from planparse.recognizer.confidence import doubts_at_measures

    row = Location(page=2, bbox=(50.0, 300.0, 500.0, 320.0))
    measure = Measure(text="Betala räkningar samt utbetalning av eventuella utlägg.", location=row)
    warning = PlanWarning(code="picture-read", location=Location(page=2, bbox=(460.0, 302.0, 480.0, 318.0)),
                          message="ink here far taller ... was read as «p»")
    elsewhere = warning.model_copy(update={"location": Location(page=2, bbox=(460.0, 700.0, 480.0, 720.0))})
    plan = Plan(title="Årshjul", areas=[Area(title="Mars", goals=[Goal(text="", measures=[measure])])],
                warnings=[warning, elsewhere])
    placed = doubts_at_measures(plan).warnings
    assert placed[0].location == row and "Betala räkningar" in placed[0].message
    assert placed[1].location == elsewhere.location
    assert any(p.location == row and p.facts.get("code") == "picture-read" for p in check_plan(plan))


def test_a_word_read_again_alone_takes_the_size_of_the_word_it_replaces() -> None:
    """A measure's last word wrapped alone onto a line of its own («ut») is read again alone, and the
    strip's reading sized it by its own letters (9 points, no tall letter) under its lines' 12.6: parted
    from them, it became a note and the measure lost it without a word. It takes the size of the page's
    «ut»; a mark or a year read again keeps its own (they stand in columns of their own, and sized as
    the line they were read in, a year's digits no longer made the header), as does a word whose page
    words were of several lines."""
    from planparse.readers.ocr.page import _in_place_of
    from planparse.readers.pages.text import Word

    page = Word("ut", 84.0, 93.0, 328.4, 341.1, 12.6, "OCR", 96.0, ())
    again = Word("ut", 84.0, 93.0, 329.0, 338.0, 9.0, "OCR", 96.0, ())
    assert _in_place_of(again, [page]).size == 12.6
    for kept in (Word("x", 84.0, 93.0, 329.0, 338.0, 9.0, "OCR", 96.0, ()),
                 Word("2027", 84.0, 93.0, 329.0, 338.0, 9.0, "OCR", 96.0, ())):
        assert _in_place_of(kept, [page]) == kept
    two_lines = [page, Word("og", 84.0, 93.0, 342.0, 354.7, 12.6, "OCR", 96.0, ())]
    assert _in_place_of(again, two_lines) == again and _in_place_of(again, []) == again


def test_a_number_read_again_is_bold_against_the_pages_usual_weight() -> None:
    """A bold header's years wrapped as «20 / 2 / 5» are read again in cells; told bold against their
    own few lines (or not at all), they stood regular beside the header's bold first line, and a
    table's second page lost its header. Against the page's usual weight, thick strokes are bold and
    thin ones are not."""
    from planparse.readers.ocr.page import _by_line, _line_words, _stroke_weights, _usual_of

    binary = np.zeros((200, 400), np.uint8)
    for left in range(20, 380, 30):
        binary[20:60, left:left + 4] = 255  # a line of thin strokes (4 pixels)
        binary[120:160, left:left + 9] = 255  # and one of thick (9)
    thin = _word("regular", 20, 20, 380, 60, line=(1, 1, 1))
    thick = _word("25", 20, 120, 380, 160, line=(-1, 1, 1))
    lines = _by_line([thin])
    usual = _usual_of(_stroke_weights(lines, binary), lines)
    assert usual > 0
    assert _line_words([thick], 0.5, binary, usual_weight=usual)[0].bold
    assert not _line_words([thin], 0.5, binary, usual_weight=usual)[0].bold
