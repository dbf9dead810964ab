"""A small document description (headings, paragraphs, lists, tables, page breaks) rendered two ways:
as a Word file through python-docx, and as an HTML page for a browser to print to PDF.

The test plans of every shape are described once in this form, so the DOCX (and LibreOffice's PDF
of it) and the browser's PDF show the same content, made by different producers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt


@dataclass
class Title:
    text: str
    size: float = 22


@dataclass
class Para:
    text: str
    bold: bool = False
    size: float | None = None


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Bullets:
    """A list; `marker` is "word" (Word's own bullets), "numbered" (Word's own numbering), a glyph typed
    in front of each item (in the PDF from the browser; Word's own bullets in the DOCX), or "" for none."""

    items: list[str]
    marker: str = "word"
    browser_glyph: str = "•"  # what the browser's PDF shows for "word" bullets (a symbol font's glyph)


@dataclass
class Grid:
    """A table; `merge_down` columns have a cell merged over the rows that repeat its text."""

    header: list[str]
    rows: list[list[str]]
    merge_down: list[int] = field(default_factory=list)
    widths_cm: list[float] = field(default_factory=list)


@dataclass
class PageBreak:
    pass


Element = Title | Para | Heading | Bullets | Grid | PageBreak


# Word.

def _cell_text(cell: Any, text: str, bold: bool = False) -> None:
    cell.text = ""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = Pt(9.5)


def _merge_runs(table: Any, grid: Grid) -> None:
    for column in grid.merge_down:
        start = 0
        for index in range(1, len(grid.rows) + 1):
            same = index < len(grid.rows) and grid.rows[index][column] == grid.rows[start][column]
            if not same:
                if index - start > 1:
                    top = table.cell(start + 1, column)
                    merged = top.merge(table.cell(index, column))
                    _cell_text(merged, grid.rows[start][column])
                start = index


def _widths(document: Any, grid: Grid) -> list[float]:
    """Column widths: as given, or a wide first text column and narrow mark columns across the page."""
    if grid.widths_cm:
        return grid.widths_cm
    section = document.sections[-1]
    text_width = (section.page_width - section.left_margin - section.right_margin) / 360000
    lengths = [max(len(row[c]) for row in [grid.header, *grid.rows]) for c in range(len(grid.header))]
    narrow = [min(max(length, 3) * 0.22 + 0.5, 3.5) for length in lengths]
    wide = max(range(len(lengths)), key=lambda c: lengths[c])
    narrow[wide] = max(text_width - (sum(narrow) - narrow[wide]), 4.0)
    return narrow


def _repeat_header(row: Any) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _grid_docx(document: Any, grid: Grid) -> None:
    table = document.add_table(rows=1 + len(grid.rows), cols=len(grid.header))
    table.style = "Table Grid"
    for index, name in enumerate(grid.header):
        _cell_text(table.cell(0, index), name, bold=True)
    _repeat_header(table.rows[0])
    for r, row in enumerate(grid.rows, start=1):
        for c, text in enumerate(row):
            _cell_text(table.cell(r, c), text)
    _merge_runs(table, grid)
    table.autofit = False
    for index, width in enumerate(_widths(document, grid)):
        table.columns[index].width = Cm(width)
        for row in table.rows:
            row.cells[index].width = Cm(width)
    document.add_paragraph()


def _glyph_paragraph(document: Any, glyph: str, text: str) -> None:
    paragraph = document.add_paragraph(f"{glyph} {text}" if glyph else text)
    paragraph.paragraph_format.left_indent = Cm(0.6)
    if glyph:
        paragraph.paragraph_format.first_line_indent = Cm(-0.6)


def to_docx(elements: list[Element], title: str, landscape: bool = False) -> Any:
    document = Document()
    document.core_properties.title = title
    document.styles["Normal"].font.name = "Carlito"
    document.styles["Normal"].font.size = Pt(11)
    if landscape:
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for element in elements:
        if isinstance(element, Title):
            run = document.add_paragraph(style="Title").add_run(element.text)
            run.font.size = Pt(element.size)
        elif isinstance(element, Heading):
            document.add_heading(element.text, level=element.level)
        elif isinstance(element, Para):
            run = document.add_paragraph().add_run(element.text)
            run.bold = element.bold
            if element.size:
                run.font.size = Pt(element.size)
        elif isinstance(element, Bullets):
            style = {"word": "List Bullet", "numbered": "List Number"}.get(element.marker)
            for item in element.items:
                if style is not None:
                    document.add_paragraph(item, style=style)
                else:
                    _glyph_paragraph(document, element.marker, item)
        elif isinstance(element, Grid):
            _grid_docx(document, element)
        elif isinstance(element, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _restart_numbered_lists(document)
    return document


def _restart_numbered_lists(document: Any) -> None:
    """Each numbered list starts again at 1, as a writer's separate lists do."""
    body = document.element.body
    numbering = document.part.numbering_part.element
    style_num = None
    previous_numbered = False
    for paragraph in body.iterchildren(qn("w:p")):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        numbered = style is not None and style.get(qn("w:val")) == "ListNumber"
        if numbered and not previous_numbered:
            style_num = _new_num(numbering)
        if numbered and style_num is not None:
            p_pr = paragraph.find(qn("w:pPr"))
            num_pr = OxmlElement("w:numPr")
            level, num = OxmlElement("w:ilvl"), OxmlElement("w:numId")
            level.set(qn("w:val"), "0")
            num.set(qn("w:val"), style_num)
            num_pr.append(level)
            num_pr.append(num)
            p_pr.append(num_pr)
        previous_numbered = numbered


def _new_num(numbering: Any) -> str:
    """A new list instance of the decimal list the List Number style uses, restarting at 1."""
    nums = numbering.findall(qn("w:num"))
    decimal = next(a for a in numbering.findall(qn("w:abstractNum"))
                   if a.find(f"{qn('w:lvl')}/{qn('w:numFmt')}").get(qn("w:val")) == "decimal")
    new_id = str(max(int(n.get(qn("w:numId"))) for n in nums) + 1)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), new_id)
    abstract = OxmlElement("w:abstractNumId")
    abstract.set(qn("w:val"), decimal.get(qn("w:abstractNumId")))
    num.append(abstract)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.append(override)
    numbering.append(num)
    return new_id


# HTML for a browser's print.

_CSS = """
@page { size: A4 __ORIENT__; margin: 2cm; @bottom-center { content: counter(page); font: 9pt sans-serif; } }
body { font: 11pt 'Liberation Sans', 'DejaVu Sans', sans-serif; }
h1.title { font-size: 22pt; } h1 { font-size: 16pt; } h2 { font-size: 13pt; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 1em; font-size: 9.5pt; }
th, td { border: 0.8px solid #555; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #dde4ee; } thead { display: table-header-group; } tr { break-inside: avoid; }
ul, ol { margin: 0.3em 0 0.8em; } li { margin: 0.15em 0; }
ul.glyph { list-style: none; padding-left: 1.2em; } ul.glyph li { text-indent: -1.2em; }
ul.none { list-style: none; padding-left: 0; }
.break { break-after: page; }
"""


def _cells_html(grid: Grid) -> list[str]:
    out = []
    spans: dict[tuple[int, int], int] = {}
    hidden: set[tuple[int, int]] = set()
    for column in grid.merge_down:
        start = 0
        for index in range(1, len(grid.rows) + 1):
            if index == len(grid.rows) or grid.rows[index][column] != grid.rows[start][column]:
                spans[(start, column)] = index - start
                hidden.update((r, column) for r in range(start + 1, index))
                start = index
    for r, row in enumerate(grid.rows):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in hidden:
                continue
            span = spans.get((r, c), 1)
            attribute = f" rowspan='{span}'" if span > 1 else ""
            cells.append(f"<td{attribute}>{'<br>'.join(escape(line) for line in text.split(chr(10)))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return out


_UNRULED = """
th, td { border: none; } th { background: none; border-bottom: 1px solid #333; }
"""


def to_html(elements: list[Element], title: str, landscape: bool = False, ruled: bool = True) -> str:
    """The page; `ruled=False` draws no lines but one under the header row, as many web pages do."""
    css = _CSS.replace("__ORIENT__", "landscape" if landscape else "portrait") + ("" if ruled else _UNRULED)
    parts = [f"<!doctype html><html lang='no'><head><meta charset='utf-8'><title>{escape(title)}</title>"
             f"<style>{css}</style></head><body>"]
    for element in elements:
        if isinstance(element, Title):
            parts.append(f"<h1 class='title'>{escape(element.text)}</h1>")
        elif isinstance(element, Heading):
            level = min(element.level, 3)
            parts.append(f"<h{level}>{escape(element.text)}</h{level}>")
        elif isinstance(element, Para):
            style = f" style='font-size:{element.size}pt'" if element.size else ""
            text = f"<b>{escape(element.text)}</b>" if element.bold else escape(element.text)
            parts.append(f"<p{style}>{text}</p>")
        elif isinstance(element, Bullets):
            items = element.items
            if element.marker == "numbered":
                parts.append("<ol>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ol>")
            elif element.marker == "":
                parts.append("<ul class='none'>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
            else:
                glyph = element.browser_glyph if element.marker == "word" else element.marker
                parts.append("<ul class='glyph'>" + "".join(f"<li>{escape(glyph)}&nbsp;&nbsp;{escape(i)}</li>"
                                                             for i in items) + "</ul>")
        elif isinstance(element, Grid):
            head = "".join(f"<th>{escape(name)}</th>" for name in element.header)
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>" + "".join(_cells_html(element))
                         + "</tbody></table>")
        elif isinstance(element, PageBreak):
            parts.append("<div class='break'></div>")
    parts.append("</body></html>")
    return "\n".join(parts)
