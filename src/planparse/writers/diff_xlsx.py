"""A plan diff as a workbook: one sheet a change kind, one row a change."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from planparse.diff import Change, ChangeKind, MeasureRef
from planparse.model import PlanWarning
from planparse.writers.atomic import atomic_path
from planparse.writers.rows import describe_location
from planparse.writers.xlsx_writer import SafeWriter, style_header

SHEET_NAMES = {
    ChangeKind.ADDED: "Nye",
    ChangeKind.REMOVED: "Fjernet",
    ChangeKind.MOVED: "Flyttet",
    ChangeKind.REWORDED: "Omformulert",
    ChangeKind.RESCHEDULED: "Endret tidsplan",
    ChangeKind.RESPONSIBLE: "Endret ansvar",
}
COLUMNS = [("Område", 22), ("Mål", 40), ("Tiltak (før)", 50), ("Tiltak (nå)", 50), ("Endring", 50),
           ("Ansvarlig (nå)", 28), ("Kilde (før)", 14), ("Kilde (nå)", 14)]


def _values(change: Change) -> list[str]:
    current: MeasureRef | None = change.new or change.old
    assert current is not None
    return [
        current.area, current.goal,
        change.old.text if change.old else "", change.new.text if change.new else "",
        change.detail, "\n".join(current.responsible),
        describe_location(change.old.location) if change.old else "",
        describe_location(change.new.location) if change.new else "",
    ]


def write_diff_xlsx(changes: list[Change], target: Path) -> list[PlanWarning]:
    writer = SafeWriter()
    workbook = Workbook()
    workbook.remove(workbook.active)
    for kind, name in SHEET_NAMES.items():
        sheet = workbook.create_sheet(name)
        for column, (title, width) in enumerate(COLUMNS, start=1):
            writer.put(sheet, 1, column, title)
            sheet.column_dimensions[get_column_letter(column)].width = width
        for row, change in enumerate((c for c in changes if c.kind is kind), start=2):
            for column, value in enumerate(_values(change), start=1):
                writer.put(sheet, row, column, value).alignment = Alignment(wrap_text=True, vertical="top")
        style_header(sheet, len(COLUMNS))
    workbook.properties.title = "Endringer i handlingsplanen"
    workbook.properties.creator = "planparse"
    with atomic_path(target) as temporary:
        workbook.save(temporary)
    return writer.warnings
