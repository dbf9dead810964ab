"""planparse's own workbook read back as a plan, edits included: measures from the Tiltak sheet as
the user left them, the rest (notes, sections, warnings, numbers) from the hidden sheet."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from pydantic import BaseModel, ValidationError

from planparse.errors import UnreadableInputError
from planparse.model import Area, Goal, Location, Measure, Plan, Source, SourceFormat
from planparse.recognizer.marks import read_mark
from planparse.writers.rows import (
    AREA,
    AREA_NUMBER,
    GOAL,
    GOAL_NUMBER,
    MEASURE,
    RESPONSIBLE,
    SOURCE,
)
from planparse.writers.xlsx_writer import DATA_SHEET, HIDDEN_COLUMN, MEASURES_SHEET

_KNOWN = {AREA, AREA_NUMBER, GOAL, GOAL_NUMBER, MEASURE, RESPONSIBLE, SOURCE, HIDDEN_COLUMN}


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _skeleton(workbook: Any, path: Path) -> Plan | None:
    if DATA_SHEET not in workbook.sheetnames:
        return None
    text = "".join(_text(row[0]) for row in workbook[DATA_SHEET].iter_rows(values_only=True) if row and row[0])
    try:
        return Plan.model_validate_json(text)
    except ValidationError as error:
        raise UnreadableInputError(f"{path.name}: the workbook's hidden '{DATA_SHEET}' sheet is damaged; "
                                   "delete that sheet to read the Tiltak sheet alone") from error


def _measure(values: dict[str, str], years: list[int], extras: list[str]) -> Measure:
    paragraphs = [p.strip() for p in values.get(MEASURE, "").split("\n") if p.strip()]
    responsible = [r.strip() for r in values.get(RESPONSIBLE, "").split("\n") if r.strip()]
    hidden = _HiddenFacts.model_validate_json(values.get(HIDDEN_COLUMN) or "{}")
    as_written = hidden.responsible_as_written
    if as_written is not None and len(as_written) != len(responsible):
        as_written = None  # the roles were edited: what they were written as no longer applies
    return Measure(
        text=" ".join(paragraphs),
        paragraphs=paragraphs,
        schedule={year: read_mark(values.get(str(year), "")) for year in years},
        responsible=responsible,
        responsible_as_written=as_written,
        extra={name: values.get(name, "") for name in extras},
        location=hidden.location,
    )


class _HiddenFacts(BaseModel):
    location: Location = Location()
    responsible_as_written: list[str] | None = None


def _find(items: list[Any], match: Any) -> Any:
    return next((item for item in items if match(item)), None)


def read_plan_xlsx(path: Path) -> Plan:
    try:
        workbook = load_workbook(path, read_only=False, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise UnreadableInputError(f"{path.name}: the workbook cannot be read ({error.__class__.__name__}); "
                                   "save it again as .xlsx") from error
    if MEASURES_SHEET not in workbook.sheetnames:
        raise UnreadableInputError(f"{path.name}: no '{MEASURES_SHEET}' sheet; give a workbook that "
                                   "'planparse convert --to xlsx' wrote")
    rows = list(workbook[MEASURES_SHEET].iter_rows(values_only=True))
    if not rows or MEASURE not in [_text(v) for v in rows[0]]:
        raise UnreadableInputError(f"{path.name}: the '{MEASURES_SHEET}' sheet has no '{MEASURE}' column")
    names = [_text(v) for v in rows[0]]
    years = [int(name) for name in names if name.isdigit() and len(name) == 4]
    extras = [name for name in names if name and name not in _KNOWN and not name.isdigit()]
    skeleton = _skeleton(workbook, path)
    areas: list[Area] = []
    for row in rows[1:]:
        values = {name: _text(value) for name, value in zip(names, row, strict=False) if name}
        if not any(values.get(key) for key in (MEASURE, GOAL, AREA)):
            continue
        area = _find(areas, lambda a, v=values: a.title == v.get(AREA, ""))
        if area is None:
            known = skeleton and _find(skeleton.areas, lambda a, v=values: a.title == v.get(AREA, ""))
            area = known.model_copy(update={"goals": []}) if known else Area(
                title=values.get(AREA, ""), number=values.get(AREA_NUMBER) or None)
            areas.append(area)
        goal = _find(area.goals, lambda g, v=values: g.text == v.get(GOAL, ""))
        if goal is None:
            known_goal = skeleton and _find(skeleton.goals(), lambda g, v=values: g.text == v.get(GOAL, ""))
            goal = known_goal.model_copy(update={"measures": []}) if known_goal else Goal(
                text=values.get(GOAL, ""), number=values.get(GOAL_NUMBER) or None)
            area.goals.append(goal)
        goal.measures.append(_measure(values, years, extras))
    source = Source(file_name=path.name, format=SourceFormat.XLSX, sha256="")
    if skeleton is None:
        title = workbook.properties.title or path.stem
        return Plan(title=title, years=years, areas=areas, source=source)
    return skeleton.model_copy(update={"areas": _with_tableless_goals(areas, skeleton), "years": years})


def _with_tableless_goals(areas: list[Area], skeleton: Plan) -> list[Area]:
    """Goals that had no measures (so no rows) put back where they stood in the plan."""
    for known in skeleton.areas:
        area = _find(areas, lambda a, k=known: a.title == k.title)
        if area is None:
            continue
        for index, goal in enumerate(known.goals):
            if not goal.measures and not any(g.text == goal.text for g in area.goals):
                area.goals.insert(min(index, len(area.goals)), goal)
    return areas
