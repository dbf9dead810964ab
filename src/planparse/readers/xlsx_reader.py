"""planparse's own workbook read back as a plan, edits included: measures from the Tiltak sheet as
the user left them, the rest (notes, sections, warnings, numbers) from the hidden sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from pydantic import BaseModel, ValidationError

from planparse.errors import UnreadableInputError
from planparse.language import LABELS
from planparse.model import (
    Area,
    FollowUp,
    Goal,
    Location,
    Measure,
    Period,
    Plan,
    PlanWarning,
    Source,
    SourceFormat,
    StatedAt,
    Timing,
    year_period,
)
from planparse.options import ReadOptions
from planparse.own_formats import DATA_SHEET, HIDDEN_COLUMN, ROWS_SHEET
from planparse.readers.zip_guard import ZIP_ERRORS, check_zip
from planparse.recognizer import read_mark, read_timing
from planparse.vocabulary import Vocabulary


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
             hidden: _HiddenFacts, vocabulary: Vocabulary) -> Measure:
    paragraphs = [p.strip() for p in values.get("measure", "").split("\n") if p.strip()]
    responsible = [r.strip() for r in values.get("responsible", "").split("\n") if r.strip()]
    as_written = hidden.responsible_as_written
    if as_written is not None and len(as_written) != len(responsible):
        as_written = None  # the roles were edited: what they were written as no longer applies
    follow = FollowUp(status=values.get("status") or None, comment=values.get("comment") or None,
                      updated=values.get("updated") or None)
    return Measure(
        text=" ".join(paragraphs),
        label=values.get("label") or None,
        paragraphs=paragraphs,
        schedule={label: read_mark(values.get(label, ""), vocabulary) for label in periods},
        timing=_timing(values.get("timing", ""), hidden.timing, span),
        responsible=responsible,
        responsible_as_written=as_written,
        responsible_stated=hidden.responsible_stated if responsible else StatedAt.MEASURE,
        extra={name: values.get(name, "") for name in extras},
        follow_up=follow if follow != FollowUp() else None,
        location=hidden.location,
    )


class _HiddenFacts(BaseModel):
    location: Location = Location()
    responsible_as_written: list[str] | None = None
    responsible_stated: StatedAt = StatedAt.MEASURE
    timing: Timing | None = None


def _facts(text: str | None) -> _HiddenFacts:
    try:
        return _HiddenFacts.model_validate_json(text or "{}")
    except ValidationError:
        return _HiddenFacts()  # an edited hidden cell: what it held is lost, the row is not


# Each column of the measures sheet by what it holds, whatever the language it was written in.
_COLUMN_KEYS = ("measure_id", "area_number", "area", "goal_number", "goal", "label", "measure", "timing", "years",
                "responsible", "source", "status", "comment", "updated")
_KEY_OF = {getattr(names, key): key for names in LABELS.values() for key in _COLUMN_KEYS}
_KEY_OF[HIDDEN_COLUMN] = "hidden"  # the hidden column of workbooks written before the rows sheet


def _find(items: list[Any], match: Any) -> Any:
    return next((item for item in items if match(item)), None)


def _measures_sheet(workbook: Any, path: Path) -> Any:
    for names in LABELS.values():
        if names.measures_sheet in workbook.sheetnames:
            return workbook[names.measures_sheet]
    raise UnreadableInputError(f"{path.name}: no sheet of measures; give a workbook that "
                               "'planparse convert --to xlsx' wrote")


def _hidden_rows(workbook: Any) -> dict[str, str]:
    if ROWS_SHEET not in workbook.sheetnames:
        return {}
    return {_text(row[0]): _text(row[1]) for row in workbook[ROWS_SHEET].iter_rows(values_only=True)
            if row and len(row) > 1 and row[0]}


def read_plan_xlsx(path: Path, options: ReadOptions) -> Plan:
    check_zip(path, options.limits)
    vocabulary = options.vocabulary
    try:
        workbook = load_workbook(path, read_only=False, data_only=True)
    except (InvalidFileException, KeyError, *ZIP_ERRORS) as error:
        raise UnreadableInputError(f"{path.name}: the workbook cannot be read ({error.__class__.__name__}); "
                                   "save it again as .xlsx") from error
    sheet = _measures_sheet(workbook, path)
    rows = list(sheet.iter_rows(values_only=True))
    unsaved = _unsaved_formulas(path, sheet.title, rows)
    header = [_text(v) for v in rows[0]] if rows else []
    names = [_KEY_OF.get(name, name) for name in header]
    if "measure" not in names:
        raise UnreadableInputError(f"{path.name}: the sheet '{sheet.title}' has no column of measures")
    skeleton = _skeleton(workbook, path)
    if skeleton is not None:
        periods = [label for label in skeleton.period_labels() if label in names]
    else:
        periods = [name for name in names if name.isdigit() and len(name) == 4]
    extras = [name for name in names if name and name not in _KEY_OF.values() and name not in periods]
    span = skeleton.period if skeleton is not None else None
    hidden_rows = _hidden_rows(workbook)
    areas: list[Area] = []
    for row in rows[1:]:
        values = {name: _text(value) for name, value in zip(names, row, strict=False) if name}
        if not any(values.get(key) for key in ("measure", "goal", "area")):
            continue
        area = _find(areas, lambda a, v=values: a.title == v.get("area", ""))
        if area is None:
            known = skeleton and _find(skeleton.areas, lambda a, v=values: a.title == v.get("area", ""))
            area = known.model_copy(update={"goals": []}) if known else Area(
                title=values.get("area", ""), number=values.get("area_number") or None)
            areas.append(area)
        goal = _find(area.goals, lambda g, v=values: g.text == v.get("goal", ""))
        if goal is None:
            known_goal = skeleton and _find(skeleton.goals(), lambda g, v=values: g.text == v.get("goal", ""))
            goal = known_goal.model_copy(update={"measures": []}) if known_goal else Goal(
                text=values.get("goal", ""), number=values.get("goal_number") or None)
            area.goals.append(goal)
        hidden = _facts(values.get("hidden") or hidden_rows.get(values.get("measure_id", "")))
        goal.measures.append(_measure(values, periods, extras, span, hidden, vocabulary))
    source = Source(file_name=path.name, format=SourceFormat.XLSX, sha256="")
    if skeleton is None:
        title = workbook.properties.title or path.stem
        years = [int(label) for label in periods]
        return Plan(title=title, years=years, periods=[year_period(y) for y in years], areas=areas, source=source,
                    warnings=unsaved)
    # validated again, so each measure's years follow its marks as edited
    plan = Plan.model_validate(skeleton.model_copy(update={"areas": _with_tableless_goals(areas, skeleton)}))
    plan.warnings.extend(unsaved)
    return plan


def _unsaved_formulas(path: Path, title: str, values: list[tuple[Any, ...]]) -> list[PlanWarning]:
    """A warning for each formula of the measures sheet whose value the workbook did not save (a tool
    that writes formulas without working them out): the cell reads as empty."""
    formulas = load_workbook(path, read_only=True, data_only=False)
    try:
        warnings = []
        for number, row in enumerate(formulas[title].iter_rows(values_only=True)):
            for column, value in enumerate(row):
                saved = values[number][column] if number < len(values) and column < len(values[number]) else None
                if isinstance(value, str) and value.startswith("=") and saved is None:
                    warnings.append(PlanWarning(
                        code="xlsx-formula-unsaved", location=Location(table=1, row=number + 1, column=column + 1),
                        message=f"the cell {get_column_letter(column + 1)}{number + 1} of '{title}' holds the formula "
                                f"{value[:40]!r} with no saved value, so it reads as empty; open the workbook in "
                                "Excel or LibreOffice and save it, so the value is kept"))
        return warnings
    finally:
        formulas.close()


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
