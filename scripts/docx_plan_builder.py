"""Build a Word action plan from a plan in reference form (title, years, areas → goals → measures).

Used by the scripts that make the sample and the test plans; the layout choices that differ
between real plans (numbered headings, header names, role separators, merged cells, widths)
are options, so each test plan differs from the sample the way other plans do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt

Reference = dict[str, Any]


@dataclass
class BuildOptions:
    measure_header: str = "Tiltak"
    responsible_header: str = "Ansvarlig"
    number_headings: bool = False
    goal_style: str = "bold"  # "bold" paragraph or a style name such as "Heading 2"
    roles_as: str = "paragraphs"  # "paragraphs", "comma" or "breaks"
    widths_cm: tuple[float, float, float] = (8.5, 1.3, 4.2)  # measure, each year, responsible
    merge_equal_responsible: bool = False
    repeat_header: bool = True
    extra_columns: list[str] = field(default_factory=list)
    extra_width_cm: float = 2.5
    empty_row_after_first_table: bool = False
    landscape: bool = False
    title_size: float = 16
    spacer_after_table: bool = True
    blank_role_paragraph: dict[str, int] = field(default_factory=dict)  # measure text -> index
    goals_in_table: bool = False  # one table per area, each goal a bold row merged across the table


def _set_repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def _set_cant_split(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def _write_cell(cell: Any, paragraphs: list[str], bold: bool = False, center: bool = False) -> None:
    cell.text = ""
    first = cell.paragraphs[0]
    for index, text in enumerate(paragraphs or [""]):
        paragraph = first if index == 0 else cell.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = bold
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _write_lines(cell: Any, lines: list[str]) -> None:
    """One paragraph with a line break between lines."""
    cell.text = ""
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if index < len(lines) - 1:
            run.add_break()


def _roles_cell(cell: Any, roles: list[str], options: BuildOptions, blank_at: int | None) -> None:
    if options.roles_as == "comma":
        _write_cell(cell, [", ".join(roles)] if roles else [])
    elif options.roles_as == "breaks":
        _write_lines(cell, roles)
    else:
        paragraphs = list(roles)
        if blank_at is not None:
            paragraphs.insert(blank_at, "")
        _write_cell(cell, paragraphs)


def _merge_down(table: Any, column: int, start: int, end: int) -> None:
    if end > start:
        top = table.cell(start, column)
        kept = top.text
        merged = top.merge(table.cell(end, column))
        # python-docx appends the texts of merged cells; keep the first cell's content only.
        for paragraph in merged.paragraphs[1:]:
            if not paragraph.text or paragraph.text in kept:
                paragraph._p.getparent().remove(paragraph._p)


def _fill_measure_row(cells: Any, measure: Reference, years: list[int], options: BuildOptions) -> None:
    _write_cell(cells[0], measure.get("paragraphs") or [measure["text"]])
    for offset, year in enumerate(years, start=1):
        _write_cell(cells[offset], [measure["marks"].get(str(year), "")], center=True)
    for offset, name in enumerate(options.extra_columns, start=1 + len(years)):
        _write_cell(cells[offset], [measure.get("extra", {}).get(name, "")])
    _roles_cell(cells[-1], measure["responsible"], options, options.blank_role_paragraph.get(measure["text"]))


def add_area_table(document: Any, years: list[int], goals: list[tuple[str, list[Reference]]],
                   options: BuildOptions) -> None:
    """One table for an area: under the header, each goal a bold row merged across, then its measures."""
    headers = [options.measure_header, *[str(y) for y in years], *options.extra_columns,
               options.responsible_header]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for index, text in enumerate(headers):
        _write_cell(table.rows[0].cells[index], [text], bold=True, center=0 < index <= len(years))
    if options.repeat_header:
        _set_repeat_header(table.rows[0])
    for goal_text, measures in goals:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        _write_cell(merged, [goal_text], bold=True)
        for measure in measures:
            _fill_measure_row(table.add_row().cells, measure, years, options)
    measure_w, year_w, responsible_w = options.widths_cm
    widths = [measure_w, *[year_w] * len(years), *[options.extra_width_cm] * len(options.extra_columns),
              responsible_w]
    for index, width in enumerate(widths):
        table.columns[index].width = Cm(width)


def add_measure_table(document: Any, years: list[int], measures: list[Reference], options: BuildOptions,
                      with_empty_row: bool = False) -> None:
    headers = [options.measure_header, *[str(y) for y in years], *options.extra_columns,
               options.responsible_header]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    measure_w, year_w, responsible_w = options.widths_cm
    widths = [measure_w, *[year_w] * len(years), *[options.extra_width_cm] * len(options.extra_columns),
              responsible_w]
    for index, text in enumerate(headers):
        _write_cell(table.rows[0].cells[index], [text], bold=True, center=0 < index <= len(years))
    if options.repeat_header:
        _set_repeat_header(table.rows[0])
    for measure in measures:
        _fill_measure_row(table.add_row().cells, measure, years, options)
    if with_empty_row:
        table.add_row()
    for index, width in enumerate(widths):
        table.columns[index].width = Cm(width)  # the grid, which LibreOffice follows
        for row in table.rows:
            row.cells[index].width = Cm(width)
    if options.merge_equal_responsible:
        column = len(headers) - 1
        start = 1
        for index in range(2, len(measures) + 2):
            same = index <= len(measures) and measures[index - 1]["responsible"] == measures[start - 1]["responsible"]
            if not same:
                _merge_down(table, column, start, index - 1)
                start = index


def _heading(document: Any, text: str, level: int) -> None:
    document.add_heading(text, level=level)


def _goal(document: Any, text: str, options: BuildOptions) -> None:
    if options.goal_style == "bold":
        document.add_paragraph().add_run(text).bold = True
    else:
        document.add_paragraph(text, style=options.goal_style)


def build_document(plan: Reference, options: BuildOptions) -> Any:
    document = Document()
    section = document.sections[0]
    if options.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(2.2)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    title = document.add_paragraph()
    title_run = title.add_run(plan["title"])
    title_run.bold = True
    title_run.font.size = Pt(options.title_size)
    intro = plan.get("introduction")
    if intro:
        _heading(document, intro["heading"], 1)
        for text in intro.get("paragraphs") or [intro["text"]]:
            document.add_paragraph(text)
    first_table = True
    for area_number, area in enumerate(plan["areas"], start=1):
        area_title = f"{area_number} {area['title']}" if options.number_headings else area["title"]
        _heading(document, area_title, 1)
        if options.goals_in_table:
            add_area_table(document, plan["years"], [
                (f"{area_number}.{n} {g['text']}" if options.number_headings else g["text"], g["measures"])
                for n, g in enumerate(area["goals"], start=1)], options)
            document.add_paragraph()
            continue
        for goal_number, goal in enumerate(area["goals"], start=1):
            goal_text = f"{area_number}.{goal_number} {goal['text']}" if options.number_headings else goal["text"]
            _goal(document, goal_text, options)
            for note in goal.get("notes_before", []):
                document.add_paragraph(note)
            if goal["measures"]:
                add_measure_table(document, plan["years"], goal["measures"], options,
                                  with_empty_row=first_table and options.empty_row_after_first_table)
                first_table = False
            for note in goal.get("notes", []):
                document.add_paragraph(note)
            if options.spacer_after_table:
                document.add_paragraph()
    return document
