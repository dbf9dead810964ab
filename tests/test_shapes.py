"""Plans of every shape read fully right, as Word files and as PDFs from two producers (LibreOffice's
export and a browser's print), against truth written from the data that built them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import PLANS, load_json
from reference_form import differences

from planparse import parse
from planparse.model import Plan, StatedAt

SHAPES = PLANS / "shapes"
SHAPE_FILES = sorted(p for p in SHAPES.iterdir() if p.suffix in (".docx", ".pdf"))


def truth_path(path: Path) -> Path:
    return SHAPES / f"{path.stem.removesuffix('-chromium')}.truth.json"


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


def test_every_shape_has_a_word_file_and_two_pdfs() -> None:
    truths = sorted(SHAPES.glob("*.truth.json"))
    assert len(truths) >= 7
    for truth in truths:
        name = truth.name.removesuffix(".truth.json")
        assert {p.name for p in SHAPE_FILES if truth_path(p) == truth} == {
            f"{name}.docx", f"{name}.pdf", f"{name}-chromium.pdf"}


@pytest.mark.parametrize("path", SHAPE_FILES, ids=lambda p: p.name)
def test_shape_plan_reads_as_its_truth(path: Path) -> None:
    expected = load_json(truth_path(path))
    expected["warnings"] = sorted(expected["warnings"])
    assert differences(shape_form(parse(path)), expected) == []
