"""Plans of every shape read fully right, as Word files and as PDFs from two producers (LibreOffice's
export, and a browser's print with and without ruling lines), against truth written from the data
that built them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import PLANS, load_json
from reference_form import differences, without_provenance

from planparse import parse, write
from planparse.check import ProblemKind, check_plan
from planparse.cli import cli
from planparse.diff import ChangeKind, diff_plans
from planparse.model import Plan, StatedAt
from planparse.recognizer.periods import read_timing
from planparse.show import render_plan

SHAPES = PLANS / "shapes"
SHAPE_FILES = sorted(p for p in SHAPES.iterdir() if p.suffix in (".docx", ".pdf"))


def truth_path(path: Path) -> Path:
    return SHAPES / f"{path.stem.removesuffix('-uten-linjer').removesuffix('-chromium')}.truth.json"


def shape_form(plan: Plan) -> dict[str, Any]:
    """The fields the shape truths hold: periods by label, timing with the years it touches, where
    responsibility was stated, and the warning codes."""
    areas = []
    for area in plan.areas:
        goals = []
        for goal in area.goals:
            measures = []
            for measure in goal.measures:
                item: dict[str, Any] = {"text": measure.text,
                                        "marks": {label: m.raw for label, m in measure.schedule.items() if m.raw},
                                        "responsible": measure.responsible}
                if measure.responsible_stated is not StatedAt.MEASURE:
                    item["responsible_stated"] = measure.responsible_stated.value
                if measure.label:
                    item["label"] = measure.label
                if measure.timing is not None:
                    item["timing"] = {"text": measure.timing.text, "years": measure.timing.years}
                measures.append(item)
            goals.append({"text": goal.text, "responsible": goal.responsible, "measures": measures})
        areas.append({"title": area.title, "responsible": area.responsible, "goals": goals})
    return {"title": plan.title, "organisation": plan.organisation, "shapes": [s.value for s in plan.shapes],
            "periods": plan.period_labels(), "areas": areas,
            "warnings": sorted({w.code for w in plan.warnings})}


def test_every_shape_has_a_word_file_and_pdfs_from_two_producers() -> None:
    truths = sorted(SHAPES.glob("*.truth.json"))
    assert len(truths) >= 7
    for truth in truths:
        name = truth.name.removesuffix(".truth.json")
        assert {p.name for p in SHAPE_FILES if truth_path(p) == truth} == {
            f"{name}.docx", f"{name}.pdf", f"{name}-chromium.pdf", f"{name}-chromium-uten-linjer.pdf"}


@pytest.mark.parametrize("path", SHAPE_FILES, ids=lambda p: p.name)
def test_shape_plan_reads_as_its_truth(path: Path) -> None:
    expected = load_json(truth_path(path))
    expected["warnings"] = sorted(expected["warnings"])
    assert differences(shape_form(parse(path)), expected) == []


WORD_SHAPES = sorted(SHAPES.glob("*.docx"))


@pytest.mark.parametrize("path", WORD_SHAPES, ids=lambda p: p.stem)
@pytest.mark.parametrize("suffix", ["json", "xlsx"])
def test_shape_plan_round_trips_through_json_and_workbook(path: Path, suffix: str, tmp_path: Path) -> None:
    plan = parse(path)
    target = tmp_path / f"plan.{suffix}"
    write(plan, target)
    assert differences(without_provenance(parse(target)), without_provenance(plan)) == []


@pytest.mark.parametrize("name", ["trafikk-2026-2029", "nordbygda-2025-2027", "solstua-2025-26"])
def test_report_of_a_shape_plan_reads_back(name: str, tmp_path: Path) -> None:
    """Period columns, a timing column and responsibility stated once come back from the report."""
    plan = parse(SHAPES / f"{name}.docx")
    write(plan, tmp_path / "rapport.docx")
    again = without_provenance(parse(tmp_path / "rapport.docx"))
    expected = without_provenance(plan)
    for data in (again, expected):
        data.pop("shapes")
    assert differences(again, expected) == []


def test_workbook_columns_follow_the_periods_and_the_timing(tmp_path: Path) -> None:
    write(parse(SHAPES / "nordbygda-2025-2027.docx"), tmp_path / "halvar.xlsx")
    header = [c.value for c in next(openpyxl.load_workbook(tmp_path / "halvar.xlsx")["Tiltak"].iter_rows(max_row=1))]
    assert header[header.index("Tiltak") + 1:header.index("Tiltak") + 5] == ["H25", "V26", "H26", "V27"]
    write(parse(SHAPES / "trafikk-2026-2029.docx"), tmp_path / "frist.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "frist.xlsx")["Tiltak"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(max_row=5)]
    header = rows[0]
    assert {"Nr.", "Tidsplan", "År", "Status"} <= set(header)
    first = dict(zip(header, rows[1], strict=False))
    assert (first["Nr."], first["Tidsplan"], first["År"]) == ("1.1.1", "1. mars 2026", "2026")
    loepende = dict(zip(header, rows[4], strict=False))
    assert (loepende["Tidsplan"], loepende["År"]) == ("Løpende", "2026, 2027, 2028, 2029")


def test_check_flags_timing_it_cannot_read_and_timing_outside_the_period() -> None:
    plan = parse(SHAPES / "trafikk-2026-2029.docx")
    problems = check_plan(plan)
    assert [p.kind for p in problems].count(ProblemKind.UNKNOWN_TIMING) == 1
    assert ProblemKind.OUTSIDE_PERIOD not in [p.kind for p in problems]
    assert ProblemKind.READING not in [p.kind for p in problems]  # a summary table is no problem
    measure = plan.measures()[0]
    late = measure.model_copy(update={"timing": measure.timing.model_copy(update={"text": "2031", "years": [2031]})})
    plan.areas[0].goals[0].measures[0] = late
    assert any(p.kind is ProblemKind.OUTSIDE_PERIOD and "2031" in p.message for p in check_plan(plan))


def test_diff_reports_a_changed_deadline_as_a_schedule_change() -> None:
    old = parse(SHAPES / "trafikk-2026-2029.docx")
    new = old.model_copy(deep=True)
    measure = new.areas[0].goals[0].measures[1]
    new.areas[0].goals[0].measures[1] = measure.model_copy(
        update={"timing": read_timing("Vår 2027", old.period, "Frist")})
    changes = diff_plans(old, new)
    assert [(c.kind, c.detail) for c in changes] == [(ChangeKind.RESCHEDULED, "Høst 2026 → Vår 2027")]


def test_show_and_convert_name_the_shape(tmp_path: Path) -> None:
    text = render_plan(parse(SHAPES / "harbour-2026.pdf"), width=160)
    assert "period-columns, goal-column, area-column" in text and " Q1 " in text and "2 areas, 3 goals" in text
    result = CliRunner().invoke(cli, ["convert", "-v", str(SHAPES / "mobbing-2025-2027.docx"), "-o", str(tmp_path)])
    assert result.exit_code == 0 and "shape: timing-column, responsible-once, lists" in result.output
