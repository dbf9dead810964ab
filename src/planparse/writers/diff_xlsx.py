"""A plan diff as a workbook: one sheet a change kind, one row a change."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from planparse.diff import Change, ChangeKind, MeasureRef
from planparse.language import Labels, Language, labels
from planparse.model import PlanWarning
from planparse.writers.atomic import atomic_path
from planparse.writers.rows import describe_location
from planparse.writers.xlsx_writer import SafeWriter, style_header

WIDTHS = (22, 40, 50, 50, 50, 28, 14, 14)


def _when(measure: MeasureRef, names: Labels) -> str:
    marked = [f"{label}" + (f" ({names.tentative})" if raw.startswith(("(", "[")) else "")
              for label, raw in measure.schedule.items()]
    if measure.timing:
        marked.append(measure.timing)
    return ", ".join(marked) or names.no_year


def _detail(change: Change, names: Labels) -> str:
    """What changed, in the workbook's language (the change's own detail is for the terminal)."""
    under, was_under, source, to, was = names.change_words
    old, new = change.old, change.new
    if change.kind is ChangeKind.ADDED and new:
        return f"{under} «{new.goal}»; {_when(new, names)}"
    if change.kind is ChangeKind.REMOVED and old:
        return f"{was_under} «{old.goal}»"
    if change.kind is ChangeKind.MOVED and old and new:
        return f"{source} «{old.goal}» {to} «{new.goal}»"
    if change.kind is ChangeKind.REWORDED and old:
        return f"{was} «{old.text}»"
    if change.kind is ChangeKind.RESCHEDULED and old and new:
        return f"{_when(old, names)} → {_when(new, names)}"
    if old and new:
        return f"{', '.join(old.responsible) or names.no_one} → {', '.join(new.responsible) or names.no_one}"
    return change.detail


def _values(change: Change, names: Labels) -> list[str]:
    current: MeasureRef | None = change.new or change.old
    assert current is not None
    return [
        current.area, current.goal,
        change.old.text if change.old else "", change.new.text if change.new else "",
        _detail(change, names), "\n".join(current.responsible),
        describe_location(change.old.location, names) if change.old else "",
        describe_location(change.new.location, names) if change.new else "",
    ]


def write_diff_xlsx(changes: list[Change], target: Path, language: Language = Language.BOKMAL) -> list[PlanWarning]:
    """The changes, one sheet a kind of change, in `language` (the new plan's)."""
    names = labels(language)
    writer = SafeWriter()
    workbook = Workbook()
    workbook.remove(workbook.active)
    for kind in ChangeKind:
        sheet = workbook.create_sheet(names.changes[kind.value])
        for column, (title, width) in enumerate(zip(names.change_columns, WIDTHS, strict=True), start=1):
            writer.put(sheet, 1, column, title)
            sheet.column_dimensions[get_column_letter(column)].width = width
        for row, change in enumerate((c for c in changes if c.kind is kind), start=2):
            for column, value in enumerate(_values(change, names), start=1):
                writer.put(sheet, row, column, value).alignment = Alignment(wrap_text=True, vertical="top")
        style_header(sheet, len(WIDTHS))
    workbook.properties.title = names.changes["reworded"]
    workbook.properties.creator = "planparse"
    with atomic_path(target) as temporary:
        workbook.save(temporary)
    return writer.warnings
