"""Excel workbook to follow a plan up: Tiltak (one row per measure, an Excel table), Ansvarlige,
Oversikt and Om planen, styled as a careful person would; no cell ever becomes a formula."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from planparse.model import Location, MarkKind, Measure, Plan, PlanWarning
from planparse.own_formats import (
    ABOUT_SHEET,
    DATA_SHEET,
    HIDDEN_COLUMN,
    MEASURES_SHEET,
    OVERVIEW_SHEET,
    RESPONSIBLE,
    ROLES_SHEET,
)
from planparse.writers.atomic import atomic_path
from planparse.writers.rows import FlatColumns, measure_rows

CHUNK = 30_000  # characters per cell of the hidden sheet (a cell holds at most 32,767)

HEADER_FILL = PatternFill("solid", start_color="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
MARK_FILLS = {
    MarkKind.PLANNED: PatternFill("solid", start_color="C6EFCE"),
    MarkKind.TENTATIVE: PatternFill("solid", start_color="FFEB9C"),
    MarkKind.UNKNOWN: PatternFill("solid", start_color="F8CBAD"),
}
THIN = Side(style="thin", color="BFBFBF")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTRED = Alignment(horizontal="center", vertical="top")
WIDTHS = {"Områdenr.": 12, "Område": 22, "Målnr.": 9, "Mål": 42, "Tiltak": 60, RESPONSIBLE: 28, "Kilde": 16}


class SafeWriter:
    """Puts text into cells as text: never a formula, never a character a workbook cannot hold."""

    def __init__(self) -> None:
        self.warnings: list[PlanWarning] = []

    def put(self, sheet: Worksheet, row: int, column: int, value: str | int | None,
            where: Location | None = None) -> Cell:
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, str):
            cleaned = ILLEGAL_CHARACTERS_RE.sub("", value)
            if cleaned != value:
                self.warnings.append(PlanWarning(
                    code="xlsx-removed-characters", location=where or Location(),
                    message=f"control characters a workbook cannot hold were removed from {cleaned[:40]!r}"))
            cell.value = cleaned
            cell.data_type = "s"  # text stays text, even when it starts with "="
            if cleaned[:1] in ("=", "+", "-", "@"):
                cell.quotePrefix = True
        else:
            cell.value = value
        return cell


def style_header(sheet: Worksheet, columns: int) -> None:
    for column in range(1, columns + 1):
        cell = sheet.cell(row=1, column=column)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 30
    _fit_rows(sheet)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def _fit_rows(sheet: Worksheet) -> None:
    """Row heights from the wrapped text, so every line shows (not every program sizes rows itself)."""
    widths = {letter: dimension.width or 10 for letter, dimension in sheet.column_dimensions.items()}
    for row in sheet.iter_rows(min_row=2):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value:
                continue
            if sheet.column_dimensions[cell.column_letter].hidden:
                continue
            per_line = max(1, int(widths.get(cell.column_letter, 10) * 1.3))
            count = sum(max(1, -(-len(part) // per_line)) for part in cell.value.split("\n"))
            lines = max(lines, count)
        sheet.row_dimensions[row[0].row].height = 14.5 * lines + 2


def _measures_sheet(sheet: Worksheet, plan: Plan, writer: SafeWriter) -> None:
    columns = FlatColumns.of(plan)
    names = [*columns.header(), HIDDEN_COLUMN]
    for column, name in enumerate(names, start=1):
        writer.put(sheet, 1, column, name)
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = WIDTHS.get(name, 7 if name.isdigit() else 20)
    year_columns = {label: names.index(label) + 1 for label in plan.period_labels()}
    for index, row in enumerate(measure_rows(plan), start=2):
        location = row.measure.location
        hidden = row.measure.model_dump_json(include={"location", "responsible_as_written", "responsible_stated",
                                                      "timing"}, exclude_none=True)
        values = [*columns.values(row, "\n", "\n"), hidden]
        for column, value in enumerate(values, start=1):
            cell = writer.put(sheet, index, column, value, location)
            cell.alignment = WRAP_TOP
            cell.border = Border(bottom=THIN)
        for year, column in year_columns.items():
            cell = sheet.cell(row=index, column=column)
            cell.alignment = CENTRED
            mark = row.measure.mark(year)
            if mark is not None and mark.kind in MARK_FILLS:
                cell.fill = MARK_FILLS[mark.kind]
    sheet.column_dimensions[get_column_letter(len(names))].hidden = True
    style_header(sheet, len(names))
    last = max(2, len(plan.measures()) + 1)
    table = Table(displayName="Tiltak", ref=f"A1:{get_column_letter(len(names))}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    sheet.add_table(table)


def _time_columns(plan: Plan) -> list[str]:
    """The columns the summary sheets count by: the plan's periods, or its years where it has none."""
    return plan.period_labels() or [str(year) for year in plan.years]


def _marked_in(measure: Measure, columns: list[str]) -> list[tuple[str, MarkKind]]:
    """The summary columns a measure is marked in, with how: by its marks, or by the years its timing touches."""
    marked = [(label, mark.kind) for label, mark in measure.schedule.items() if mark.is_marked and label in columns]
    if not marked and measure.timing is not None:
        marked = [(str(year), MarkKind.PLANNED) for year in measure.marked_years() if str(year) in columns]
    return marked


def _roles_sheet(sheet: Worksheet, plan: Plan, writer: SafeWriter) -> None:
    by_role: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    totals: dict[str, int] = defaultdict(int)
    columns = _time_columns(plan)
    for measure in plan.measures():
        for role in measure.responsible:
            totals[role] += 1
            for label, kind in _marked_in(measure, columns):
                suffix = " (foreløpig)" if kind is MarkKind.TENTATIVE else ""
                by_role[role][label].append(f"• {measure.text}{suffix}")
    names = [RESPONSIBLE, "Antall tiltak", *columns]
    for column, name in enumerate(names, start=1):
        writer.put(sheet, 1, column, name)
        sheet.column_dimensions[get_column_letter(column)].width = 50 if column > 2 else (28 if column == 1 else 12)
    for index, role in enumerate(sorted(totals, key=str.casefold), start=2):
        writer.put(sheet, index, 1, role).alignment = WRAP_TOP
        writer.put(sheet, index, 2, totals[role]).alignment = CENTRED
        for number, label in enumerate(columns, start=3):
            writer.put(sheet, index, number, "\n".join(by_role[role][label])).alignment = WRAP_TOP
    style_header(sheet, len(names))
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(2, len(totals) + 1)}"


def _overview_sheet(sheet: Worksheet, plan: Plan, writer: SafeWriter) -> None:
    columns = _time_columns(plan)
    names = ["Område", "Mål", "Tiltak", *columns]
    for column, name in enumerate(names, start=1):
        writer.put(sheet, 1, column, name)
        sheet.column_dimensions[get_column_letter(column)].width = 45 if column == 1 else 10
    totals = [0] * (len(names) - 1)
    for index, area in enumerate(plan.areas, start=2):
        measures = [m for goal in area.goals for m in goal.measures]
        counts = [len(area.goals), len(measures),
                  *[sum(1 for m in measures if label in dict(_marked_in(m, columns))) for label in columns]]
        title = f"{area.number} {area.title}" if area.number else area.title
        writer.put(sheet, index, 1, title).alignment = WRAP_TOP
        for column, count in enumerate(counts, start=2):
            writer.put(sheet, index, column, count).alignment = CENTRED
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    total_row = len(plan.areas) + 2
    writer.put(sheet, total_row, 1, "Sum").font = Font(bold=True)
    for column, count in enumerate(totals, start=2):
        cell = writer.put(sheet, total_row, column, count)
        cell.font = Font(bold=True)
        cell.alignment = CENTRED
    style_header(sheet, len(names))


def _about_sheet(sheet: Worksheet, plan: Plan, writer: SafeWriter) -> None:
    facts = [
        ("Tittel", plan.title),
        ("Organisasjon", plan.organisation or ""),
        ("Periode", f"{plan.period.start}–{plan.period.end}" if plan.period else ""),
        ("Perioder", ", ".join(plan.period_labels()) or ", ".join(str(y) for y in plan.years)),
        ("Innledning", "\n".join(plan.introduction.paragraphs) if plan.introduction else ""),
        ("Kilde", plan.source.file_name if plan.source else ""),
        ("Advarsler", "\n".join(w.describe() for w in plan.warnings)),
        ("Fargekoder", "Grønn: planlagt (x). Gul: foreløpig ((x)). Oransje: ukjent merke."),
    ]
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 100
    for index, (name, value) in enumerate(facts, start=1):
        writer.put(sheet, index, 1, name).font = Font(bold=True)
        writer.put(sheet, index, 2, value).alignment = WRAP_TOP


def _data_sheet(sheet: Worksheet, plan: Plan, writer: SafeWriter) -> None:
    """The plan without its measures (which the Tiltak sheet holds), for reading the workbook back."""
    skeleton = plan.model_copy(deep=True)
    for goal in skeleton.goals():
        goal.measures = []
    text = skeleton.model_dump_json()
    for index in range(0, max(1, len(text)), CHUNK):
        writer.put(sheet, index // CHUNK + 1, 1, text[index:index + CHUNK])
    sheet.sheet_state = "hidden"


def plan_workbook(plan: Plan) -> tuple[Workbook, list[PlanWarning]]:
    writer = SafeWriter()
    workbook = Workbook()
    measures = workbook.active
    measures.title = MEASURES_SHEET
    _measures_sheet(measures, plan, writer)
    _roles_sheet(workbook.create_sheet(ROLES_SHEET), plan, writer)
    _overview_sheet(workbook.create_sheet(OVERVIEW_SHEET), plan, writer)
    _about_sheet(workbook.create_sheet(ABOUT_SHEET), plan, writer)
    _data_sheet(workbook.create_sheet(DATA_SHEET), plan, writer)
    properties = workbook.properties
    properties.title = ILLEGAL_CHARACTERS_RE.sub("", plan.title)
    properties.subject = ILLEGAL_CHARACTERS_RE.sub("", plan.organisation or "")
    properties.creator = "planparse"
    properties.description = "Tiltak i handlingsplanen, ett per rad, med år og ansvarlige."
    properties.keywords = "handlingsplan, tiltak"
    return workbook, writer.warnings


def write_xlsx(plan: Plan, target: Path) -> list[PlanWarning]:
    workbook, warnings = plan_workbook(plan)
    with atomic_path(target) as temporary:
        workbook.save(temporary)
    return warnings


__all__ = ["write_xlsx"]
