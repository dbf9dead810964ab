"""Excel workbook to follow a plan up, in the plan's language: the measures (one row each, an Excel
table with follow-up columns), who is responsible for what, an overview with a chart, and what the
plan is; styled as a careful person would; no cell ever becomes a formula."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from planparse.errors import OutputError
from planparse.language import Labels, Language, labels
from planparse.model import Location, MarkKind, Measure, Plan, PlanWarning
from planparse.own_formats import DATA_SHEET, ROWS_SHEET
from planparse.writers.atomic import atomic_path
from planparse.writers.rows import FlatColumns, measure_rows

CHUNK = 30_000  # characters per cell of the hidden sheet (a cell holds at most 32,767)
FONT = "Calibri"
HEADER_FILL = PatternFill("solid", start_color="1F4E78")
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF", size=11)
BODY_FONT = Font(name=FONT, size=11)
BOLD_FONT = Font(name=FONT, bold=True)
MARK_COLOURS = {MarkKind.PLANNED: "C6EFCE", MarkKind.TENTATIVE: "FFEB9C", MarkKind.UNKNOWN: "F8CBAD"}
PLANNED_MARKS = ("X", "×", "✓", "✔", "•", "●")
THIN = Side(style="thin", color="BFBFBF")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTRED = Alignment(horizontal="center", vertical="top", wrap_text=True)


BOTTOM_RULE = Border(bottom=THIN)
# Where a workbook keeps each kind of style, and the key of a cell's style array that points into it.
_STYLE_PLACES = {"font": ("_fonts", "fontId"), "alignment": ("_alignments", "alignmentId"),
                 "border": ("_borders", "borderId"), "fill": ("_fills", "fillId")}


# What a workbook holds: characters in a cell, columns in a sheet.
CELL_CHARACTERS = 32_767
SHEET_COLUMNS = 16_384


class SafeWriter:
    """Puts text into cells as text: never a formula, never a character a workbook cannot hold; and
    styles cells by each style's index in the workbook, looked up once (openpyxl looks a style up by
    hashing it at every assignment, which costs seconds over the cells of a large plan)."""

    def __init__(self) -> None:
        self.warnings: list[PlanWarning] = []
        self._indexes: dict[tuple[int, int], tuple[object, int]] = {}
        self._cut: set[int] = set()  # the texts cut to fit a cell, said once each

    def style(self, cell: Cell, **styles: object) -> Cell:
        """The cell given these styles (font=, alignment=, border=, fill=), each by its index."""
        workbook = cell.parent.parent
        if not cell._style:
            cell._style = StyleArray()
        for name, value in styles.items():
            collection, key = _STYLE_PLACES[name]
            known = self._indexes.get((id(workbook), id(value)))
            if known is None:  # the object is kept with its index, so that its id is not reused
                known = self._indexes[(id(workbook), id(value))] = (value, getattr(workbook, collection).add(value))
            setattr(cell._style, key, known[1])
        return cell

    def put(self, sheet: Worksheet, row: int, column: int, value: str | int | None,
            where: Location | None = None, **styles: object) -> Cell:
        """The value put in the cell, in the body font unless `styles` says otherwise."""
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, str):
            cleaned = ILLEGAL_CHARACTERS_RE.sub("", value)
            if cleaned != value:
                self.warnings.append(PlanWarning(
                    code="xlsx-removed-characters", location=where or Location(),
                    message=f"control characters a workbook cannot hold were removed from {cleaned[:40]!r}"))
            if len(cleaned) > CELL_CHARACTERS:
                if hash(cleaned) not in self._cut:  # said once for a text, however many cells show it
                    self._cut.add(hash(cleaned))
                    self.warnings.append(PlanWarning(
                        code="xlsx-text-shortened", location=where or Location(),
                        message=f"a text of {len(cleaned):,} characters was cut to the {CELL_CHARACTERS:,} a "
                                f"workbook's cell holds: {cleaned[:40]!r}…; the JSON output has it whole"))
                cleaned = cleaned[:CELL_CHARACTERS - 1] + "…"
            cell.value = cleaned
            cell.data_type = "s"  # text stays text, even when it starts with "="
            if cleaned[:1] in ("=", "+", "-", "@"):
                cell.quotePrefix = True
        else:
            cell.value = value
        return self.style(cell, **({"font": BODY_FONT} | styles))


def style_header(sheet: Worksheet, columns: int) -> None:
    for column in range(1, columns + 1):
        cell = sheet.cell(row=1, column=column)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 30
    fit_rows(sheet)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def fit_rows(sheet: Worksheet) -> None:
    """Row heights from the wrapped text of every visible column, so every line shows (not every
    program sizes rows itself)."""
    dimensions = sheet.column_dimensions
    hidden = {letter for letter, dimension in dimensions.items() if dimension.hidden}
    # characters a line of each column holds, by column number; None for a hidden column
    per_line: dict[int, int | None] = {}
    for number in range(1, sheet.max_column + 1):
        letter = get_column_letter(number)
        width = dimensions[letter].width if letter in dimensions else None
        per_line[number] = None if letter in hidden else max(1, int((width or 10) * 1.3))
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        lines = 1
        for column, value in enumerate(row, start=1):
            fits = per_line[column]
            if not isinstance(value, str) or not value or fits is None:
                continue
            lines = max(lines, sum(max(1, -(-len(part) // fits)) for part in value.split("\n")))
        sheet.row_dimensions[number].height = 14.5 * lines + 2


def _widths(names: Labels, columns: list[str]) -> dict[str, float]:
    fixed = {names.measure_id: 8, names.area_number: 9, names.area: 24, names.goal_number: 8, names.goal: 40,
             names.label: 8, names.measure: 58, names.timing: 18, names.years: 12, names.responsible: 28,
             names.status: 14, names.comment: 36, names.updated: 14, names.source: 14}
    return {name: fixed.get(name, 7 if len(name) <= 7 else 18) for name in columns}


def _mark_rules(sheet: Worksheet, column: int, last_row: int) -> None:
    """Period cells coloured by what they hold, by formula: a mark typed later colours itself."""
    letter = get_column_letter(column)
    cells = f"{letter}2:{letter}{last_row}"
    value = f"TRIM({letter}2)"
    planned = "OR(" + ",".join(f'UPPER({value})="{mark}"' for mark in PLANNED_MARKS) + ")"
    tentative = f'OR(LEFT({value},1)="(",LEFT({value},1)="[",RIGHT({value},1)="?")'
    for formula, kind in ((planned, MarkKind.PLANNED), (tentative, MarkKind.TENTATIVE),
                          (f"LEN({value})>0", MarkKind.UNKNOWN)):
        fill = PatternFill("solid", start_color=MARK_COLOURS[kind], end_color=MARK_COLOURS[kind])
        sheet.conditional_formatting.add(cells, FormulaRule(formula=[formula], fill=fill, stopIfTrue=True))


def table_names(header: list[str]) -> list[str]:
    """The header as a workbook's table may name its columns: each name once and none empty (a table
    with two columns of one name, or one without a name, is a damaged file to Excel)."""
    names: list[str] = []
    taken: set[str] = set()
    for number, name in enumerate(header, start=1):
        base = " ".join(name.split()) or f"({number})"
        shown, count = base, 1
        while shown.casefold() in taken:
            count += 1
            shown = f"{base} ({count})"
        taken.add(shown.casefold())
        names.append(shown)
    return names


def _measures_sheet(sheet: Worksheet, plan: Plan, names: Labels, writer: SafeWriter) -> None:
    columns = FlatColumns.of(plan, names, follow_up=True)
    header = columns.header()
    widths = _widths(names, header)
    for column, (name, shown) in enumerate(zip(header, table_names(header), strict=True), start=1):
        writer.put(sheet, 1, column, shown)
        sheet.column_dimensions[get_column_letter(column)].width = widths[name]
    rows = measure_rows(plan)
    for index, row in enumerate(rows, start=2):
        for column, value in enumerate(columns.values(row, "\n", "\n"), start=1):
            writer.put(sheet, index, column, value, row.measure.location, alignment=WRAP_TOP, border=BOTTOM_RULE)
    last = max(2, len(rows) + 1)
    for label in plan.period_labels():
        column = header.index(label) + 1
        for index in range(2, last + 1):
            writer.style(sheet.cell(row=index, column=column), alignment=CENTRED)
        _mark_rules(sheet, column, last)
    status = header.index(names.status) + 1
    choices = DataValidation(type="list", formula1='"' + ",".join(names.statuses) + '"', allow_blank=True,
                             showErrorMessage=False)
    choices.add(f"{get_column_letter(status)}2:{get_column_letter(status)}{max(last, 1000)}")
    sheet.add_data_validation(choices)
    style_header(sheet, len(header))
    table = Table(displayName="Tiltak", ref=f"A1:{get_column_letter(len(header))}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    sheet.add_table(table)


def _rows_sheet(sheet: Worksheet, plan: Plan, writer: SafeWriter) -> None:
    """What a row of the measures sheet does not show (where it was read, roles as written, timing
    as read), by the row's ID: kept out of the Excel table, so Power Query sees only the plan."""
    for index, measure in enumerate(plan.measures(), start=1):
        facts = measure.model_dump(mode="json", include={"location", "responsible_as_written", "responsible_stated",
                                                         "timing"}, exclude_none=True)
        writer.put(sheet, index, 1, measure.id or "")
        writer.put(sheet, index, 2, json.dumps(facts, ensure_ascii=False))
    sheet.sheet_state = "hidden"


def _time_columns(plan: Plan) -> list[str]:
    """The columns the summary sheets count by: the plan's periods, or its years where it has none."""
    return plan.period_labels() or [str(year) for year in plan.years]


def _marked_in(measure: Measure, columns: list[str]) -> list[tuple[str, MarkKind]]:
    """The summary columns a measure is marked in, with how: by its marks, or by the years its timing touches."""
    marked = [(label, mark.kind) for label, mark in measure.schedule.items() if mark.is_marked and label in columns]
    if not marked and measure.timing is not None:
        marked = [(str(year), MarkKind.PLANNED) for year in measure.marked_years() if str(year) in columns]
    return marked


def _roles_sheet(sheet: Worksheet, plan: Plan, names: Labels, writer: SafeWriter) -> None:
    by_role: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    totals: dict[str, int] = defaultdict(int)
    columns = _time_columns(plan)
    for measure in plan.measures():
        for role in measure.responsible:
            totals[role] += 1
            for label, kind in _marked_in(measure, columns):
                suffix = f" ({names.tentative})" if kind is MarkKind.TENTATIVE else ""
                by_role[role][label].append(f"• {measure.text}{suffix}")
    header = [names.responsible, names.count, *columns]
    for column, name in enumerate(header, start=1):
        writer.put(sheet, 1, column, name)
        sheet.column_dimensions[get_column_letter(column)].width = 50 if column > 2 else (28 if column == 1 else 12)
    for index, role in enumerate(sorted(totals, key=str.casefold), start=2):
        writer.put(sheet, index, 1, role, alignment=WRAP_TOP)
        writer.put(sheet, index, 2, totals[role], alignment=CENTRED)
        for number, label in enumerate(columns, start=3):
            writer.put(sheet, index, number, "\n".join(by_role[role][label]), alignment=WRAP_TOP)
    style_header(sheet, len(header))
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(2, len(totals) + 1)}"


def _overview_sheet(sheet: Worksheet, plan: Plan, names: Labels, writer: SafeWriter) -> None:
    columns = _time_columns(plan)
    header = [names.area, names.goals, names.measures_sheet, *columns]
    for column, name in enumerate(header, start=1):
        writer.put(sheet, 1, column, name)
        sheet.column_dimensions[get_column_letter(column)].width = 45 if column == 1 else 11
    totals = [0] * (len(header) - 1)
    for index, area in enumerate(plan.areas, start=2):
        measures = [m for goal in area.goals for m in goal.measures]
        marked = Counter(label for m in measures for label, _ in _marked_in(m, columns))  # each measure once
        counts = [len(area.goals), len(measures), *[marked[label] for label in columns]]
        writer.put(sheet, index, 1, f"{area.number} {area.title}" if area.number else area.title, alignment=WRAP_TOP)
        for column, count in enumerate(counts, start=2):
            writer.put(sheet, index, column, count, alignment=CENTRED)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    total_row = len(plan.areas) + 2
    writer.put(sheet, total_row, 1, names.sum, font=BOLD_FONT)
    for column, count in enumerate(totals, start=2):
        writer.put(sheet, total_row, column, count, font=BOLD_FONT, alignment=CENTRED)
    style_header(sheet, len(header))
    if columns and plan.areas:
        chart = BarChart()
        chart.type = "col"
        chart.title = names.measures_per
        chart.y_axis.title = names.measures_sheet
        data = Reference(sheet, min_col=4, max_col=3 + len(columns), min_row=1, max_row=len(plan.areas) + 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=len(plan.areas) + 1))
        chart.height, chart.width = 9, 18
        sheet.add_chart(chart, f"A{total_row + 3}")


def _about_sheet(sheet: Worksheet, plan: Plan, names: Labels, writer: SafeWriter) -> None:
    facts = [
        (names.title, plan.title),
        (names.organisation, plan.organisation or ""),
        (names.period, f"{plan.period.start}–{plan.period.end}" if plan.period else ""),
        (names.periods, ", ".join(plan.period_labels()) or ", ".join(str(y) for y in plan.years)),
        (names.introduction, "\n".join(plan.introduction.paragraphs) if plan.introduction else ""),
        (names.source, plan.source.file_name if plan.source else ""),
        (names.warnings, "\n".join(w.describe() for w in plan.warnings)),
        (names.colours, names.colours_text),
    ]
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 100
    for index, (name, value) in enumerate(facts, start=1):
        writer.put(sheet, index, 1, name, font=BOLD_FONT)
        writer.put(sheet, index, 2, value, alignment=WRAP_TOP)
    fit_rows(sheet)


def _data_sheet(sheet: Worksheet, plan: Plan, writer: SafeWriter) -> None:
    """The plan without its measures (which the measures sheet holds), for reading the workbook back."""
    skeleton = plan.model_copy(update={"areas": [area.model_copy(update={"goals": [
        goal.model_copy(update={"measures": []}) for goal in area.goals]}) for area in plan.areas]})
    text = skeleton.model_dump_json()
    for index in range(0, max(1, len(text)), CHUNK):
        writer.put(sheet, index // CHUNK + 1, 1, text[index:index + CHUNK])
    sheet.sheet_state = "hidden"


def plan_workbook(plan: Plan, language: Language | None = None) -> tuple[Workbook, list[PlanWarning]]:
    names = labels(language or plan.written_in())
    writer = SafeWriter()
    workbook = Workbook()
    measures = workbook.active
    measures.title = names.measures_sheet
    _measures_sheet(measures, plan, names, writer)
    _roles_sheet(workbook.create_sheet(names.roles_sheet), plan, names, writer)
    _overview_sheet(workbook.create_sheet(names.overview_sheet), plan, names, writer)
    _about_sheet(workbook.create_sheet(names.about_sheet), plan, names, writer)
    _rows_sheet(workbook.create_sheet(ROWS_SHEET), plan, writer)
    _data_sheet(workbook.create_sheet(DATA_SHEET), plan, writer)
    properties = workbook.properties
    properties.title = ILLEGAL_CHARACTERS_RE.sub("", plan.title)
    properties.subject = ILLEGAL_CHARACTERS_RE.sub("", plan.organisation or "")
    properties.creator = "planparse"
    properties.language = (language or plan.written_in()).locale
    properties.keywords = names.measures_sheet
    return workbook, writer.warnings


def write_xlsx(plan: Plan, target: Path, language: Language | None = None) -> list[PlanWarning]:
    columns = len(FlatColumns.of(plan, labels(language or plan.written_in()), follow_up=True).header())
    if columns > SHEET_COLUMNS:
        raise OutputError(f"{target.name}: the plan needs {columns:,} columns (a period or a field each), more "
                          f"than the {SHEET_COLUMNS:,} a workbook holds; write it as json or csv")
    workbook, warnings = plan_workbook(plan, language)
    with atomic_path(target) as temporary:
        workbook.save(temporary)
    return warnings


__all__ = ["SafeWriter", "fit_rows", "plan_workbook", "style_header", "write_xlsx"]
