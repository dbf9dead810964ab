"""PDF plans read right: both sample PDFs and PDFs from other producers, field by field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from conftest import PLANS, SAMPLE_DOCX, SAMPLES, load_json
from reference_form import differences, reference_form, without_provenance

import planparse.readers.paged as paged_reader
from planparse import parse
from planparse.model import Plan
from planparse.options import ReadOptions

SAMPLE_PDFS = [SAMPLES / "handlingsplan-2022-2024.pdf", SAMPLES / "handlingsplan-2022-2024-unruled.pdf"]
PDF_PLANS = sorted(PLANS.glob("*.pdf"))


@pytest.fixture(scope="module", params=SAMPLE_PDFS, ids=lambda p: p.stem)
def sample_pdf_plan(request: pytest.FixtureRequest) -> Plan:
    return parse(request.param)


def test_sample_pdf_gives_the_reference(sample_pdf_plan: Plan, reference: Any) -> None:
    assert differences(reference_form(sample_pdf_plan), reference) == []
    assert len(sample_pdf_plan.measures()) == 84


def test_sample_pdf_gives_the_plan_the_docx_gives(sample_pdf_plan: Plan) -> None:
    assert without_provenance(sample_pdf_plan) == without_provenance(parse(SAMPLE_DOCX))


def test_every_pdf_measure_has_page_and_box(sample_pdf_plan: Plan) -> None:
    for measure in sample_pdf_plan.measures():
        assert measure.location.page is not None and measure.location.page >= 1
        assert measure.location.bbox is not None
        x0, top, x1, bottom = measure.location.bbox
        assert x0 < x1 and top < bottom


def test_marks_are_placed_by_position(sample_pdf_plan: Plan) -> None:
    measures = {m.text: m for m in sample_pdf_plan.measures()}
    assert measures["Arrangere Læringsmiljøkonferansen"].marked_years() == [2022, 2024]
    assert measures["Etablere rutiner for gjenbruk av eksisterende og fremtidige data"].marked_years() == [2023, 2024]


def test_wrapped_lines_join_without_losing_or_doubling_spaces(sample_pdf_plan: Plan) -> None:
    texts = " ".join(m.text for m in sample_pdf_plan.measures())
    assert "EU-finansiert" in texts and "utviklings- og forskingsprosjekt" in texts
    assert "  " not in texts
    roles = {role for m in sample_pdf_plan.measures() for role in m.responsible}
    assert {"Forskergruppeleder for mobbing", "Vitenskapelig ansatte", "Leder av utadrettet virksomhet"} <= roles


def test_running_header_and_page_numbers_are_left_out() -> None:
    plan = parse(SAMPLE_PDFS[1])
    every_text = plan.model_dump_json()
    assert "Side 2" not in every_text
    assert "Læringsmiljøsenteret – handlingsplan 2022–2024" not in every_text


@pytest.mark.parametrize("path", PDF_PLANS, ids=lambda p: p.stem)
def test_pdf_test_plan_reads_as_its_truth(path: Path) -> None:
    truth = load_json(path.with_suffix(".truth.json"))
    assert differences(reference_form(parse(path)), truth) == []


def test_pdf_test_plans_cover_the_kinds_that_matter() -> None:
    names = {p.stem for p in PDF_PLANS}
    assert {"instituttet-2025-2027", "biblioteket-2025-2028", "kommunen-2026-2028", "skolen-2025-2027",
            "instituttet-2025-2027-uten-gjentatt-topp"} <= names
    producers = set()
    for path in PDF_PLANS:
        with pdfplumber.open(path) as pdf:
            producers.add(str(pdf.metadata.get("Producer", "")).split()[0])
    assert len(producers) >= 3, producers


def test_four_year_columns_with_wrapped_year_headers() -> None:
    plan = parse(PLANS / "biblioteket-2025-2028.pdf")
    assert plan.years == [2025, 2026, 2027, 2028]


def test_row_cut_by_a_page_break_is_one_measure() -> None:
    for name in ("kommunen-2026-2028", "skolen-2025-2027"):
        plan = parse(PLANS / f"{name}.pdf")
        long_measure = next(m for m in plan.measures() if m.text.startswith("Utarbeide en samlet plan"))
        assert long_measure.text.endswith("før de innføres i hele kommunen.") or long_measure.text.endswith(
            "før de innføres i hele skolen.")
        assert long_measure.marked_years()


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_characters_are_read_once_per_page(monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    from planparse.readers.pdf.pdfium import PdfiumDocument

    calls: list[int] = []
    original = pdfplumber.page.Page.parse_objects
    original_page = PdfiumDocument.page

    def counting(page: pdfplumber.page.Page) -> Any:
        calls.append(page.page_number)
        return original(page)

    def counting_pdfium(document: PdfiumDocument, index: int) -> Any:
        calls.append(index + 1)
        return original_page(document, index)

    monkeypatch.setattr(pdfplumber.page.Page, "parse_objects", counting)
    monkeypatch.setattr(PdfiumDocument, "page", counting_pdfium)
    words_calls: list[int] = []
    original_words = paged_reader.chars_to_words
    monkeypatch.setattr(paged_reader, "chars_to_words", lambda chars: words_calls.append(1) or original_words(chars))
    plan = parse(SAMPLE_PDFS[0], options=ReadOptions(pdf_engine=engine))  # type: ignore[arg-type]
    assert plan.source is not None and plan.source.pages is not None
    assert sorted(calls) == list(range(1, plan.source.pages + 1))
    assert len(words_calls) == plan.source.pages


def test_further_column_kept_in_a_pdf_with_centred_cells() -> None:
    plan = parse(PLANS / "fakultetet-2024-2026-midtstilt.pdf")
    assert [m.extra["Merknad"] for m in plan.measures()[:3]] == ["Nytt tiltak", "", "Se retningslinjer"]


def test_note_under_an_unruled_table_stays_a_note() -> None:
    plan = parse(PLANS / "nynorsk-2024-2028-uten-linjer.pdf")
    assert plan.goals()[0].notes == ["Tiltaka i tabellen over vert følgde opp i studieutvalet kvart semester."]
    assert plan.goals()[0].measures[-1].text == "Evaluere grunnskulelærarutdanninga"


def test_a_drawn_space_parts_words_however_narrow_its_gap() -> None:
    """An italic letter leans over the space before it: the gap between the boxes is narrower than a
    space, yet the space was drawn, so the words stay apart; letters a font change parts stay together."""
    from planparse.readers.pages.text import chars_to_words, join_words

    def char(text: str, x0: float, font: str = "Times-Italic", width: float = 4.0) -> dict[str, Any]:
        return {"text": text, "x0": x0, "x1": x0 + width, "top": 100.0, "bottom": 111.0, "fontname": font,
                "size": 11.0, "upright": True}

    leaning = [char("i", 0), char(" ", 4.0, width=2.0), char("f", 5.0), char("ö", 9.0), char("r", 13.0)]
    assert join_words(chars_to_words(leaning)) == "i för"
    split_by_font = [char("i", 0), char("f", 5.0, "Times-Roman"), char("ö", 9.0, "Times-Roman")]
    assert join_words(chars_to_words(split_by_font)) == "ifö"
    # a space with a letter drawn on top of it, in upright type, gives no room: no space
    covered = [char("e", 0, "Arial"), char(" ", 4.0, "Arial", 3.0), char(".", 4.1, "Arial"), char(".", 8.0, "Arial")]
    assert join_words(chars_to_words(covered)) == "e.."


def test_an_unruled_table_of_one_line_rows_set_close_has_a_row_a_line() -> None:
    """Rows of one line each, with no gap between them (a unit, who, when), under a bold header: each
    line is a row; a unit with no one named beside it joins the row above; a line wrapped inside a
    bracket stays with its row."""
    from planparse.readers.pages.text import TextLine, Word
    from planparse.readers.pages.unruled import grow_table, header_columns, table_rows

    def line(top: float, *cells: tuple[float, str], font: str = "Arial") -> TextLine:
        words = []
        for x, text in cells:
            for word in text.split():
                words.append(Word(word, x, x + 6.0 * len(word), top, top + 11, 11.0, font))
                x += 6.0 * len(word) + 3.0
        return TextLine(tuple(words))

    columns = (72.0, 250.0, 380.0)
    lines = [line(100, *zip(columns, ("Förvaltning", "Ansvarig", "Tidsplan"), strict=True), font="Arial-Bold"),
             line(113, *zip(columns, ("Kommunledningsförv", "Teknisk chef", "31 maj 2026"), strict=True)),
             line(126, (72.0, "Miljöförbundet")),
             line(139, *zip(columns, ("Kultur- och fritidsförv.", "Genom KLF", "31 maj 2026"), strict=True)),
             line(152, *zip(columns, ("Bygg (inom ramen", "Fastighetschef", "2027"), strict=True)),
             line(165, *zip(columns, ("Samhällsbyggnad)", "Planchef", "2028"), strict=True))]
    found = header_columns(lines[0])
    assert found is not None
    table, end = grow_table(lines, 0, found, True)
    assert end == len(lines)
    assert [[cell.text for cell in row.cells] for row in table_rows(table, 1)] == [
        ["Förvaltning", "Ansvarig", "Tidsplan"],
        ["Kommunledningsförv Miljöförbundet", "Teknisk chef", "31 maj 2026"],
        ["Kultur- och fritidsförv.", "Genom KLF", "31 maj 2026"],
        ["Bygg (inom ramen Samhällsbyggnad)", "Fastighetschef Planchef", "2027 2028"]]
