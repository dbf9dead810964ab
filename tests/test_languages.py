"""Outputs for the people who use them: in the plan's language, a report an office would send, a
workbook to follow the plan up, a CSV that opens in columns, and `show`, `check` and errors as
the issue that asked for them found them wanting."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from conftest import PLANS, SAMPLE_DOCX

from planparse import parse, write
from planparse.check import ProblemKind, check_plan
from planparse.cli import cli
from planparse.language import Language, counted, detect_language, labels
from planparse.model import Coverage
from planparse.show import render_plan

PLANS_BY_LANGUAGE = {Language.BOKMAL: SAMPLE_DOCX, Language.ENGLISH: PLANS / "english-2025-2026.docx",
                     Language.NYNORSK: PLANS / "nynorsk-2024-2028.docx"}
OTHER_WORDS = {  # words of the other languages' labels that must not show up in one language's outputs
    Language.BOKMAL: ["Ansvarleg", "Responsible", "Action", "Overview", "foreløpig"],
    Language.NYNORSK: ["Ansvarlig", "Ansvarlige", "Responsible", "Oversikt", "Kilde", "foreløpig"],
    Language.ENGLISH: ["Ansvarlig", "Tiltak", "Oversikt", "Område", "Kilde", "foreløpig"],
}


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planparse", *map(str, args)], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("language", list(PLANS_BY_LANGUAGE), ids=lambda language: language.value)
def test_each_plan_is_read_in_its_language(language: Language) -> None:
    assert parse(PLANS_BY_LANGUAGE[language]).language is language


def test_language_from_words() -> None:
    assert detect_language(["Elevane skal lære meir, og dei skal ikkje vere åleine."]) is Language.NYNORSK
    assert detect_language(["Elevene skal lære mer, og de skal ikke være alene."]) is Language.BOKMAL
    assert detect_language(["The students will learn more, and they are not alone."]) is Language.ENGLISH


def _workbook_words(path: Path) -> str:
    workbook = openpyxl.load_workbook(path)
    words = list(workbook.sheetnames)
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "visible":
            words.extend(str(c.value) for c in sheet[1] if c.value)
            words.extend(str(row[0]) for row in sheet.iter_rows(values_only=True) if row and row[0])
    return "\n".join(words)


@pytest.mark.parametrize("language", list(PLANS_BY_LANGUAGE), ids=lambda language: language.value)
def test_workbook_report_and_csv_are_in_the_plans_language(language: Language, tmp_path: Path) -> None:
    plan = parse(PLANS_BY_LANGUAGE[language])
    names = labels(language)
    for suffix in ("xlsx", "docx", "csv"):
        write(plan, tmp_path / f"plan.{suffix}")
    workbook = _workbook_words(tmp_path / "plan.xlsx")
    report = "\n".join(p.text for p in docx.Document(str(tmp_path / "plan.docx")).paragraphs)
    with zipfile.ZipFile(tmp_path / "plan.docx") as archive:
        report += archive.read("word/document.xml").decode("utf-8")
    table = (tmp_path / "plan.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert names.measures_sheet in workbook and names.responsible in workbook and names.role_index in report
    assert names.legend in report and names.measure_id in table
    for word in OTHER_WORDS[language]:
        if word in (names.measures_sheet, names.responsible, names.measure, names.source, names.area):
            continue
        assert word not in workbook.split("\n"), word
        assert f">{word}<" not in report and f"{word}:" not in report, word
    assert f"{names.tentative}" not in "((x))"  # the legend no longer prints "((x))"
    assert "((x))" not in report


def test_lang_chooses_another_language(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["convert", str(SAMPLE_DOCX), "--to", "xlsx,csv", "--lang", "en", "-o",
                                      str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Actions" in openpyxl.load_workbook(tmp_path / "handlingsplan-2022-2024.xlsx").sheetnames
    header = (tmp_path / "handlingsplan-2022-2024.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("ID,Area no.,Area,")  # English: commas


def test_counts_say_one_and_many_right() -> None:
    english = labels(Language.ENGLISH).plan_facts
    assert counted(english, areas=1, goals=1, measures=1) == "1 area, 1 goal, 1 action"
    assert counted(english, areas=2, goals=3, measures=0) == "2 areas, 3 goals, 0 actions"
    result = run("convert", SAMPLE_DOCX, "-o", Path("/tmp") / "planparse-counted")
    assert "(4 areas, 23 goals, 84 measures, 0 warnings)" in result.stdout


# The report.

def test_the_report_is_an_a4_document_in_its_language_with_page_numbers_and_contents(tmp_path: Path) -> None:
    write(parse(PLANS_BY_LANGUAGE[Language.NYNORSK]), tmp_path / "rapport.docx")
    document = docx.Document(str(tmp_path / "rapport.docx"))
    section = document.sections[0]
    assert round(min(section.page_width, section.page_height).cm, 1) == 21.0
    assert round(max(section.page_width, section.page_height).cm, 1) == 29.7
    properties = document.core_properties
    assert properties.language == "nn-NO" and "python-docx" not in (properties.comments or "")
    assert properties.author != "python-docx" and properties.created.year >= 2025
    with zipfile.ZipFile(tmp_path / "rapport.docx") as archive:
        styles = archive.read("word/styles.xml").decode()
        body = archive.read("word/document.xml").decode()
        footers = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("word/footer"))
    assert 'w:lang w:val="nn-NO"' in styles
    assert "PAGE" in footers and "TOC" in body and "Innhald" in body
    assert body.count("<w:cantSplit/>") >= len(parse(tmp_path / "rapport.docx").measures())


def test_the_role_index_names_what_the_report_shows(tmp_path: Path) -> None:
    plan = parse(SAMPLE_DOCX)
    write(plan, tmp_path / "rapport.docx")
    with zipfile.ZipFile(tmp_path / "rapport.docx") as archive:  # the index stands in a content control
        text = archive.read("word/document.xml").decode("utf-8")
    first = plan.measures()[0]
    assert f"{first.id} {first.text} (Mål: «{plan.goals()[0].text[:20]}" in text
    assert "(mål 1.1;" not in text  # goal numbers the report never shows


# The workbook as a follow-up tool.

def test_follow_up_typed_into_the_workbook_survives_conversion(tmp_path: Path) -> None:
    write(parse(SAMPLE_DOCX), tmp_path / "plan.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    sheet = workbook["Tiltak"]
    header = [c.value for c in sheet[1]]
    sheet.cell(2, header.index("Oppfølging") + 1).value = "Pågår"
    sheet.cell(2, header.index("Kommentar (oppfølging)") + 1).value = "Søknad sendt i mars"
    sheet.cell(2, header.index("Sist oppdatert") + 1).value = "2026-03-14"
    workbook.save(tmp_path / "redigert.xlsx")
    result = CliRunner().invoke(cli, ["convert", str(tmp_path / "redigert.xlsx"), "--to", "json", "-o",
                                      str(tmp_path / "ut")])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "ut" / "redigert.json").read_text(encoding="utf-8"))
    first = data["areas"][0]["goals"][0]["measures"][0]
    assert first["follow_up"] == {"status": "Pågår", "comment": "Søknad sendt i mars", "updated": "2026-03-14"}
    assert first["id"] == "1.1.1"


def test_the_workbook_has_ids_a_drop_down_a_chart_and_provenance_outside_the_table(tmp_path: Path) -> None:
    write(parse(SAMPLE_DOCX), tmp_path / "plan.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    sheet = workbook["Tiltak"]
    header = [c.value for c in sheet[1]]
    assert header[0] == "ID" and sheet.cell(2, 1).value == "1.1.1" and sheet.cell(85, 1).value.count(".") == 2
    table = sheet.tables["Tiltak"]
    assert table.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}85"
    assert "_planparse" not in header  # nothing hidden inside the Excel table
    assert workbook["_planparse_rader"].sheet_state == "hidden"
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1 == '"Ikke startet,Pågår,Fullført,Utsatt"'
    assert sheet.cell(1, 1).font.name == "Calibri" and sheet.cell(1, 1).font.bold
    assert len(workbook["Oversikt"]._charts) == 1


def test_row_heights_fit_the_area_column(tmp_path: Path) -> None:
    plan = parse(SAMPLE_DOCX)
    plan.areas[0].title = "Et område med et svært langt navn som må brytes over flere linjer i sin kolonne"
    goal = plan.areas[0].goals[0]
    goal.text = "Kort mål"
    goal.measures[0] = goal.measures[0].model_copy(update={"text": "Kort", "paragraphs": ["Kort"],
                                                           "responsible": ["Leder"]})
    write(plan, tmp_path / "plan.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "plan.xlsx")["Tiltak"]
    assert sheet.row_dimensions[2].height >= 15 * 3  # the area's three lines, though all else takes one


# CSV, show, check, errors.

def test_the_csv_opens_in_columns_in_a_norwegian_spreadsheet(tmp_path: Path) -> None:
    write(parse(SAMPLE_DOCX), tmp_path / "plan.csv")
    raw = (tmp_path / "plan.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert len(rows[0]) > 8 and all(len(row) == len(rows[0]) for row in rows)
    result = CliRunner().invoke(cli, ["convert", str(SAMPLE_DOCX), "--to", "csv", "--delimiter", ",", "-o",
                                      str(tmp_path / "komma")])
    assert result.exit_code == 0 and (tmp_path / "komma" / "handlingsplan-2022-2024.csv").read_text(
        encoding="utf-8-sig").startswith("ID,Områdenr.,")


def test_show_gives_whole_texts_when_piped_and_filters() -> None:
    long = next(m.text for m in parse(SAMPLE_DOCX).measures() if len(m.text) > 120)
    piped = run("show", SAMPLE_DOCX)
    assert piped.returncode == 0 and long in piped.stdout
    narrow = run("show", SAMPLE_DOCX, "--width", "80")
    assert long not in narrow.stdout and max(len(line) for line in narrow.stdout.splitlines()) <= 80 + 20
    by_area = run("show", SAMPLE_DOCX, "--area", "utdanning")
    assert "Utdanning" in by_area.stdout and "\nForskning\n" not in by_area.stdout
    plan = parse(SAMPLE_DOCX)
    text = render_plan(plan, None, role="Kommunikasjon")
    shown = [line for line in text.splitlines() if line.startswith("    • ")]
    assert shown and all("Kommunikasjon" in line for line in shown)


def test_a_caption_row_is_no_problem() -> None:
    plan = parse(PLANS / "fakultetet-2024-2026.docx")  # a title row merged across a table above its header
    assert "text-above-header" in {w.code for w in plan.warnings}
    assert ProblemKind.READING not in {p.kind for p in check_plan(plan)}


@pytest.mark.parametrize("text", ['measure_headers = "Gjøremål"', "vocabulary = 5", "ikke = toml =",
                                  '[aliases]\n"Leder" = "Leiar"'])
def test_a_bad_vocabulary_or_alias_file_is_one_line_and_exit_2(tmp_path: Path, text: str) -> None:
    path = tmp_path / "ord.toml"
    path.write_text(text, encoding="utf-8")
    for option in ("--vocabulary", "--aliases"):
        result = run("check", SAMPLE_DOCX, option, path)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.startswith("planparse: ") and result.stderr.count("\n") == 1


def test_coverage_is_never_above_all() -> None:
    assert Coverage(read_characters=3041, placed_characters=3041).share == 1.0
    for path in [SAMPLE_DOCX, *PLANS.glob("*.docx")]:
        coverage = parse(path).coverage
        assert coverage is not None and coverage.placed_characters <= coverage.read_characters


def test_diff_json_calls_the_marks_schedule_as_plan_json_does(tmp_path: Path) -> None:
    result = run("diff", "--json", SAMPLE_DOCX, PLANS.parent / "diff" / "handlingsplan-2022-2024-revidert.docx")
    changes = json.loads(result.stdout)
    assert changes and all("years" not in (c.get("new") or c.get("old")) for c in changes)
    assert all("schedule" in (c.get("new") or c.get("old")) and (c.get("new") or c.get("old"))["id"]
               for c in changes)


def test_the_changes_workbook_is_in_the_plans_language(tmp_path: Path) -> None:
    result = run("diff", SAMPLE_DOCX, PLANS.parent / "diff" / "handlingsplan-2022-2024-revidert.docx", "-o",
                 tmp_path / "endringer.xlsx")
    assert result.returncode == 1
    workbook = openpyxl.load_workbook(tmp_path / "endringer.xlsx")
    assert "Omformulert" in workbook.sheetnames
    assert [c.value for c in workbook["Nye"][1]][:3] == ["Område", "Mål", "Tiltak (før)"]


def test_the_changes_workbook_says_what_changed_in_the_plans_language(tmp_path: Path) -> None:
    revised = PLANS.parent / "diff" / "handlingsplan-2022-2024-revidert.docx"
    run("diff", SAMPLE_DOCX, revised, "-o", tmp_path / "endringer.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "endringer.xlsx")
    details = [row[4] for sheet in workbook.worksheets for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert details and all(" was " not in d and "no one" not in d and "tentative" not in d for d in details)
    assert any(d.startswith(("var «", "under «", "var under «")) or "→" in d for d in details)


def test_the_command_line_counts_one_as_one(tmp_path: Path) -> None:
    plan = parse(SAMPLE_DOCX)
    plan.areas = plan.areas[:1]
    plan.areas[0].goals = plan.areas[0].goals[:1]
    write(plan, tmp_path / "en.json")
    result = run("convert", tmp_path / "en.json", "--to", "csv", "-o", tmp_path)
    assert "(1 area, 1 goal, 5 measures, 0 warnings)" in result.stdout
