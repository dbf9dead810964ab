"""Outputs people use: the workbook, the Word report, CSV, and round trips back into planparse."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import PLANS, SAMPLE_DOCX
from reference_form import differences, without_provenance

from planparse import own_formats, parse, write
from planparse.errors import OutputError
from planparse.model import Area, Goal, MarkKind, Measure, Plan, YearMark


@pytest.fixture(scope="module")
def sample_plan() -> Plan:
    return parse(SAMPLE_DOCX)


@pytest.fixture(scope="module")
def written(sample_plan: Plan, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("outputs")
    paths = {fmt: folder / f"plan.{fmt}" for fmt in ("json", "xlsx", "docx", "csv")}
    for path in paths.values():
        assert write(sample_plan, path) == []
    return paths


def _tiny_plan(text: str) -> Plan:
    measure = Measure(text=text, paragraphs=[text], schedule={2030: YearMark(raw="x", kind=MarkKind.PLANNED)},
                      responsible=["=cmd|' /C calc'!A0", "Leder"])
    return Plan(title="Handlingsplan for Testen 2030 – 2030", years=[2030],
                areas=[Area(title="Område", goals=[Goal(text="Mål", measures=[measure],
                                                        columns=["Tiltak", "2030", "Ansvarlig"])])])


def test_workbook_has_every_measure_with_its_marks(sample_plan: Plan, written: dict[str, Path]) -> None:
    workbook = openpyxl.load_workbook(written["xlsx"])
    assert workbook.sheetnames[:4] == ["Tiltak", "Ansvarlige", "Oversikt", "Om planen"]
    sheet = workbook["Tiltak"]
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 84
    for row, measure in zip(rows, sample_plan.measures(), strict=True):
        values = dict(zip(header, row, strict=True))
        assert values["Tiltak"].replace("\n", " ") == measure.text
        for year in (2022, 2023, 2024):
            assert (values[str(year)] or "") == measure.schedule[str(year)].raw
        assert values["Ansvarlig"].split("\n") == measure.responsible
    assert "Tiltak" in sheet.tables and sheet.tables["Tiltak"].ref == f"A1:{sheet.cell(1, len(header)).column_letter}85"
    assert sheet.freeze_panes == "A2"
    assert workbook.properties.title == sample_plan.title


def test_workbook_colours_year_cells_by_what_they_hold(written: dict[str, Path]) -> None:
    """By conditional formatting, so a mark typed later colours itself and a deleted one loses its colour."""
    sheet = openpyxl.load_workbook(written["xlsx"])["Tiltak"]
    header = [c.value for c in sheet[1]]
    letter = openpyxl.utils.get_column_letter(header.index("2024") + 1)
    rules = {str(rng.sqref): [(r.formula[0], r.dxf.fill.fgColor.rgb if r.dxf and r.dxf.fill else None)
                              for r in rule_list] for rng, rule_list in sheet.conditional_formatting._cf_rules.items()}
    colours = rules[f"{letter}2:{letter}85"]
    assert [colour[-6:] for _, colour in colours] == ["C6EFCE", "FFEB9C", "F8CBAD"]
    assert f'UPPER(TRIM({letter}2))="X"' in colours[0][0] and f'LEFT(TRIM({letter}2),1)="("' in colours[1][0]
    assert all(sheet.cell(row, header.index("2024") + 1).fill.fill_type is None for row in range(2, 86))
    assert sheet.cell(2, header.index("2024") + 1).alignment.horizontal == "center"


def test_roles_and_overview_sheets(sample_plan: Plan, written: dict[str, Path]) -> None:
    workbook = openpyxl.load_workbook(written["xlsx"])
    roles = {row[0]: row for row in workbook["Ansvarlige"].iter_rows(min_row=2, values_only=True)}
    assert roles["Forskergruppeleder for mobbing"][1] == 2
    assert "Lede SpedAims singel-case prosjekt" in roles["Forskergruppeleder for mobbing"][4]
    overview = list(workbook["Oversikt"].iter_rows(min_row=2, values_only=True))
    assert overview[-1][0] == "Sum" and overview[-1][2] == 84
    assert [row[0] for row in overview[:-1]] == [a.title for a in sample_plan.areas]


def test_no_cell_ever_becomes_a_formula(tmp_path: Path) -> None:
    target = tmp_path / "farlig.xlsx"
    warnings = write(_tiny_plan('=HYPERLINK("http://127.0.0.1","x")'), target)
    assert warnings == []
    workbook = openpyxl.load_workbook(target)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)
    values = [c.value for row in workbook["Tiltak"].iter_rows() for c in row]
    assert '=HYPERLINK("http://127.0.0.1","x")' in values
    with zipfile.ZipFile(target) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert all(b"<f>" not in archive.read(name) for name in sheets)


def test_control_characters_never_reach_a_workbook(tmp_path: Path) -> None:
    """The model holds no control characters; text put in without validation (a measure copied without
    it, a note appended to a goal) is cleaned before any writer sees it, non-characters too."""
    assert _tiny_plan("Tiltak\x07 med \x1b[31mbjelle").measures()[0].text == "Tiltak med [31mbjelle"
    plan = _tiny_plan("Tiltak")
    goal = plan.areas[0].goals[0]
    goal.measures[0] = goal.measures[0].model_copy(update={"text": "Tiltak\x07 med bjelle\ufffe",
                                                           "paragraphs": ["Tiltak\x07 med bjelle"]})
    goal.notes.append("Merk\x0b: \uffffgjelder alle\x01")
    for name in ("kontroll.xlsx", "kontroll.docx", "kontroll.csv", "kontroll.json"):
        write(plan, tmp_path / name)  # the Word writer refused such text before
    values = [c.value for row in openpyxl.load_workbook(tmp_path / "kontroll.xlsx")["Tiltak"].iter_rows() for c in row]
    assert "Tiltak med bjelle" in values
    report = "\n".join(p.text for p in docx.Document(str(tmp_path / "kontroll.docx")).paragraphs)
    assert "Merk: gjelder alle" in report
    for name in ("kontroll.csv", "kontroll.json"):
        text = (tmp_path / name).read_text(encoding="utf-8-sig")
        assert "\x07" not in text and "\ufffe" not in text and "Tiltak med bjelle" in text


def test_headers_are_guarded_and_the_workbook_table_names_each_column_once(tmp_path: Path) -> None:
    """A column named like a formula is no formula in the CSV's header; a period named like another
    column, or an empty one, still gives the workbook's table unique, non-empty column names."""
    from planparse.writers.xlsx_writer import table_names

    assert table_names(["Tiltak", "2025", "Tiltak", "", "tiltak"]) == ["Tiltak", "2025", "Tiltak (2)", "(4)",
                                                                        "tiltak (3)"]
    plan = _tiny_plan("Tiltak")
    plan.areas[0].goals[0].measures[0].extra['=HYPERLINK("http://x","y")'] = "verdi"
    write(plan, tmp_path / "farlig.csv")
    header = (tmp_path / "farlig.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "'=HYPERLINK" in header


def test_json_to_xlsx_to_json_is_the_same_plan(sample_plan: Plan, written: dict[str, Path], tmp_path: Path) -> None:
    from_json = parse(written["json"])
    assert from_json == sample_plan
    write(from_json, tmp_path / "fra-json.xlsx")
    assert parse(tmp_path / "fra-json.xlsx") == sample_plan


def test_report_read_back_gives_the_plan_written(sample_plan: Plan, written: dict[str, Path]) -> None:
    assert differences(without_provenance(parse(written["docx"])), without_provenance(sample_plan)) == []


@pytest.mark.parametrize("name", ["instituttet-2025-2027", "fakultetet-2024-2026"])
def test_report_of_other_plans_reads_back(name: str, tmp_path: Path) -> None:
    plan = parse(PLANS / f"{name}.docx")
    write(plan, tmp_path / "rapport.docx")
    assert differences(without_provenance(parse(tmp_path / "rapport.docx")), without_provenance(plan)) == []


def test_xlsx_to_docx_to_plan_is_the_same_plan(sample_plan: Plan, written: dict[str, Path], tmp_path: Path) -> None:
    write(parse(written["xlsx"]), tmp_path / "fra-arbeidsbok.docx")
    assert differences(without_provenance(parse(tmp_path / "fra-arbeidsbok.docx")),
                       without_provenance(sample_plan)) == []


def test_edited_workbook_gives_the_edited_report(written: dict[str, Path], tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(written["xlsx"])
    sheet = workbook["Tiltak"]
    header = [c.value for c in sheet[1]]
    sheet.cell(2, header.index("Tiltak") + 1).value = "Et nytt tiltak skrevet i regnearket"
    sheet.cell(2, header.index("2023") + 1).value = None
    sheet.cell(2, header.index("Ansvarlig") + 1).value = "Senterleder\nKommunikasjon"
    workbook.save(tmp_path / "redigert.xlsx")
    write(parse(tmp_path / "redigert.xlsx"), tmp_path / "rapport.docx")
    first = parse(tmp_path / "rapport.docx").measures()[0]
    assert first.text == "Et nytt tiltak skrevet i regnearket"
    assert first.marked_years() == [2022, 2024]
    assert first.responsible == ["Senterleder", "Kommunikasjon"]


def test_a_formula_with_no_saved_value_is_a_warning_where_it_stands(written: dict[str, Path], tmp_path: Path) -> None:
    """openpyxl saves formulas without working them out, as some tools do: the cell reads as empty,
    and the plan says so with the cell's place."""
    workbook = openpyxl.load_workbook(written["xlsx"])
    sheet = workbook["Tiltak"]
    column = [c.value for c in sheet[1]].index("Tiltak") + 1
    sheet.cell(3, column).value = '=CONCAT("Tiltak ", "fra formel")'
    workbook.save(tmp_path / "formel.xlsx")
    plan = parse(tmp_path / "formel.xlsx")
    unsaved = [w for w in plan.warnings if w.code == "xlsx-formula-unsaved"]
    assert len(unsaved) == 1 and f"{openpyxl.utils.get_column_letter(column)}3" in unsaved[0].message
    assert not [w for w in parse(written["xlsx"]).warnings if w.code == "xlsx-formula-unsaved"]


def test_report_repeats_header_rows_and_colours_marks(written: dict[str, Path]) -> None:
    document = docx.Document(str(written["docx"]))
    assert len(document.tables) == 23
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
    assert document.paragraphs[0].style.name == "Title"
    assert any(p.style.name == "Heading 1" and p.text == "Forskning" for p in document.paragraphs)
    shading = document.tables[0].rows[1].cells[1]._tc.tcPr.xml
    assert "C6EFCE" in shading


def test_report_has_an_index_per_responsible_role(written: dict[str, Path]) -> None:
    xml = docx.Document(str(written["docx"])).element.body.xml
    assert "Tiltak per ansvarlig" in xml and "Forskergruppeleder for mobbing" in xml


def test_wide_tables_turn_the_report_landscape(tmp_path: Path) -> None:
    years = [2030, 2031, 2032, 2033, 2034, 2035]
    measure = Measure(text="Tiltak", paragraphs=["Tiltak"], responsible=["Leder"],
                      schedule={y: YearMark(raw="x", kind=MarkKind.PLANNED) for y in years},
                      extra={"Status": "Pågår", "Kostnad": "10"})
    goal = Goal(text="Mål", measures=[measure],
                columns=["Tiltak", *map(str, years), "Status", "Kostnad", "Ansvarlig"])
    plan = Plan(title="Handlingsplan 2030 – 2035", years=years, areas=[Area(title="Område", goals=[goal])])
    write(plan, tmp_path / "bred.docx")
    section = docx.Document(str(tmp_path / "bred.docx")).sections[0]
    assert section.page_width > section.page_height
    assert parse(tmp_path / "bred.docx").measures()[0].extra == {"Status": "Pågår", "Kostnad": "10"}


def test_template_gives_its_styles_header_and_footer(sample_plan: Plan, tmp_path: Path) -> None:
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Læringsmiljøsenteret – intern"
    template.sections[0].footer.paragraphs[0].text = "Bunntekst fra malen"
    template.styles["Heading 1"].font.size = docx.shared.Pt(22)
    template.add_paragraph("Denne teksten i malen skal ikke med i rapporten.")
    template.save(str(tmp_path / "mal.docx"))
    write(sample_plan, tmp_path / "rapport.docx", template=tmp_path / "mal.docx")
    report = docx.Document(str(tmp_path / "rapport.docx"))
    assert report.sections[0].header.paragraphs[0].text == "Læringsmiljøsenteret – intern"
    assert report.sections[0].footer.paragraphs[0].text == "Bunntekst fra malen"
    assert report.styles["Heading 1"].font.size == docx.shared.Pt(22)
    assert "skal ikke med" not in report.element.body.xml
    assert len(parse(tmp_path / "rapport.docx").measures()) == 84


def test_csv_has_a_bom_one_row_per_measure_and_no_formulas(written: dict[str, Path], tmp_path: Path) -> None:
    raw = written["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))  # a Norwegian plan: semicolons
    assert len(rows) == 85 and rows[0][:6] == ["ID", "Områdenr.", "Område", "Målnr.", "Mål", "Tiltak"]
    assert rows[1][0] == "1.1.1" and any("Læringsmiljøkonferansen" in row[5] for row in rows)
    write(_tiny_plan("=1+1"), tmp_path / "farlig.csv", delimiter=",")
    rows = list(csv.reader((tmp_path / "farlig.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1][5] == "'=1+1" and rows[1][-2].startswith("'=cmd")


def test_a_failed_write_leaves_nothing_behind(sample_plan: Plan, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_save(self: object, filename: object) -> None:
        Path(str(filename)).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(OutputError):
        write(sample_plan, tmp_path / "plan.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_workbook_without_hidden_sheet_still_reads(written: dict[str, Path], tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(written["xlsx"])
    del workbook[own_formats.DATA_SHEET]
    workbook.save(tmp_path / "uten.xlsx")
    plan = parse(tmp_path / "uten.xlsx")
    assert len(plan.measures()) == 84 and len(plan.areas) == 4 and plan.years == [2022, 2023, 2024]


def test_workbook_limits_are_met_with_a_warning_or_refused_in_one_line(tmp_path: Path) -> None:
    """A text over a cell's 32,767 characters is cut, with a warning; a plan wider than a sheet's
    16,384 columns is refused with one line saying what to write instead, and nothing is left."""
    long = "Tiltak " + "x" * 40_000
    warnings = write(_tiny_plan(long), tmp_path / "lang.xlsx")
    assert warnings and {w.code for w in warnings} == {"xlsx-text-shortened"}
    values = [c.value for row in openpyxl.load_workbook(tmp_path / "lang.xlsx")["Tiltak"].iter_rows() for c in row]
    assert any(isinstance(v, str) and len(v) == 32_767 and v.endswith("…") for v in values)
    plan = _tiny_plan("Tiltak")
    plan.areas[0].goals[0].measures[0].extra.update({f"Felt {n}": "x" for n in range(17_000)})
    with pytest.raises(OutputError, match="more than the 16,384 a workbook holds"):
        write(plan, tmp_path / "bred.xlsx")
    assert list(tmp_path.glob("bred*")) == []


def test_a_goal_wider_than_a_word_table_gets_its_periods_in_one_column_with_a_warning(tmp_path: Path) -> None:
    plan = _tiny_plan("Tiltak")
    measure = plan.areas[0].goals[0].measures[0]
    plan.areas[0].goals[0].columns = []
    marked, empty = YearMark(raw="x", kind=MarkKind.PLANNED), YearMark(raw="", kind=MarkKind.NONE)
    measure.schedule = {f"Uke {n}": marked if n % 2 else empty for n in range(1, 101)}
    warnings = write(plan, tmp_path / "uker.docx")
    assert [w.code for w in warnings] == ["docx-columns-folded"]
    tables = docx.Document(str(tmp_path / "uker.docx")).tables
    widest = max(len(table.columns) for table in tables)
    assert widest <= 63
    texts = [cell.text for table in tables for row in table.rows for cell in row.cells]
    assert any(text.startswith("Uke 1: x; Uke 3: x") for text in texts)


def test_a_text_longer_than_a_report_holds_is_cut_with_a_warning(tmp_path: Path) -> None:
    warnings = write(_tiny_plan("Tiltak " + "x" * 11_000_000), tmp_path / "stor.docx")
    assert [w.code for w in warnings] == ["docx-text-shortened"]
    text = "\n".join(cell.text for table in docx.Document(str(tmp_path / "stor.docx")).tables
                     for row in table.rows for cell in row.cells)
    assert "Tiltak xxx" in text and "…" in text
