"""A plan diff as a workbook: one sheet a change kind, one row a change."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from planparse.diff import Change, ChangeKind, MeasureRef, detail_in
from planparse.language import Labels, Language, labels
from planparse.model import PlanWarning
from planparse.writers.atomic import atomic_path
from planparse.writers.rows import describe_location
from planparse.writers.xlsx_writer import SafeWriter, style_header

WIDTHS = (22, 40, 50, 50, 50, 28, 14, 14)


def _values(change: Change, names: Labels) -> list[str]:
    current: MeasureRef | None = change.new or change.old
    assert current is not None
    return [
        current.area, current.goal,
        change.old.text if change.old else "", change.new.text if change.new else "",
        detail_in(change, names), "\n".join(current.responsible),
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
