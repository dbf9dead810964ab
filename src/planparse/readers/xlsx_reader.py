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
from planparse.model import (
    Area,
    Goal,
    Location,
    Measure,
    Period,
    Plan,
    Source,
    SourceFormat,
    StatedAt,
    Timing,
    year_period,
)
from planparse.options import ReadOptions
from planparse.own_formats import (
    AREA,
    AREA_NUMBER,
    DATA_SHEET,
    GOAL,
    GOAL_NUMBER,
    HIDDEN_COLUMN,
    LABEL,
    MEASURE,
    MEASURES_SHEET,
    RESPONSIBLE,
    SOURCE,
    TIMING,
    YEARS,
)
from planparse.readers.zip_guard import check_zip
from planparse.recognizer.marks import read_mark
from planparse.recognizer.periods import read_timing
from planparse.recognizer.vocabulary import Vocabulary

_KNOWN = {AREA, AREA_NUMBER, GOAL, GOAL_NUMBER, MEASURE, RESPONSIBLE, SOURCE, HIDDEN_COLUMN, LABEL, TIMING, YEARS}


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


def _timing(text: str, hidden: Timing | None, span: Period | None) -> Timing | None:
    """The timing as the sheet has it: as it was read, or read again where the user changed it."""
    if not text:
        return None
    if hidden is not None and hidden.text == text:
        return hidden
    return read_timing(text, span, hidden.label if hidden else None)


def _measure(values: dict[str, str], periods: list[str], extras: list[str], span: Period | None,
             vocabulary: Vocabulary) -> Measure:
    paragraphs = [p.strip() for p in values.get(MEASURE, "").split("\n") if p.strip()]
    responsible = [r.strip() for r in values.get(RESPONSIBLE, "").split("\n") if r.strip()]
    try:
        hidden = _HiddenFacts.model_validate_json(values.get(HIDDEN_COLUMN) or "{}")
    except ValidationError:
        hidden = _HiddenFacts()  # an edited hidden cell: what it held is lost, the row is not
    as_written = hidden.responsible_as_written
    if as_written is not None and len(as_written) != len(responsible):
        as_written = None  # the roles were edited: what they were written as no longer applies
    return Measure(
        text=" ".join(paragraphs),
        label=values.get(LABEL) or None,
        paragraphs=paragraphs,
        schedule={label: read_mark(values.get(label, ""), vocabulary) for label in periods},
        timing=_timing(values.get(TIMING, ""), hidden.timing, span),
        responsible=responsible,
        responsible_as_written=as_written,
        responsible_stated=hidden.responsible_stated if responsible else StatedAt.MEASURE,
        extra={name: values.get(name, "") for name in extras},
        location=hidden.location,
    )


class _HiddenFacts(BaseModel):
    location: Location = Location()
    responsible_as_written: list[str] | None = None
    responsible_stated: StatedAt = StatedAt.MEASURE
    timing: Timing | None = None


def _find(items: list[Any], match: Any) -> Any:
    return next((item for item in items if match(item)), None)


def read_plan_xlsx(path: Path, options: ReadOptions) -> Plan:
    check_zip(path, options.limits)
    vocabulary = options.vocabulary
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
    skeleton = _skeleton(workbook, path)
    if skeleton is not None:
        periods = [label for label in skeleton.period_labels() if label in names]
    else:
        periods = [name for name in names if name.isdigit() and len(name) == 4]
    extras = [name for name in names if name and name not in _KNOWN and name not in periods]
    span = skeleton.period if skeleton is not None else None
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
        goal.measures.append(_measure(values, periods, extras, span, vocabulary))
    source = Source(file_name=path.name, format=SourceFormat.XLSX, sha256="")
    if skeleton is None:
        title = workbook.properties.title or path.stem
        years = [int(label) for label in periods]
        return Plan(title=title, years=years, periods=[year_period(y) for y in years], areas=areas, source=source)
    # validated again, so each measure's years follow its marks as edited
    return Plan.model_validate(skeleton.model_copy(update={"areas": _with_tableless_goals(areas, skeleton)}))


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
