"""Render a plan in reference form to PDF with reportlab (a report library), as other producers lay plans out.

Options cover what differs between real PDF plans: ruling lines or none, header rows repeated on each
page, rows allowed to split over a page break, landscape, running header and footer with page numbers,
column widths and fonts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

Reference = dict[str, Any]


@dataclass
class PdfOptions:
    ruled: bool = False
    stripes: bool = False  # shaded header and alternating row backgrounds, no lines
    horizontal_rules: bool = False  # a line under each row, none between columns
    landscape: bool = True
    repeat_header: bool = True
    split_rows: bool = False
    widths_cm: tuple[float, float, float] = (12.0, 1.6, 4.0)
    measure_header: str = "Tiltak"
    responsible_header: str = "Ansvarlig"
    running_header: str | None = None
    page_numbers: bool = True
    font: str = "Helvetica"
    bold_font: str = "Helvetica-Bold"
    size: float = 10
    number_headings: bool = False
    extra_columns: list[str] = field(default_factory=list)
    valign: str = "TOP"
    year_header_break: bool = False  # "202" over "5", as in a cell too narrow for the year
    goals_in_table: bool = False  # one table per area, each goal a bold row spanning the table


def _register_fonts(options: PdfOptions) -> None:
    """TrueType fonts (DejaVu Sans) for marks such as ✓ and ● that the standard PDF fonts lack."""
    if options.font.startswith("DejaVu"):
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        folder = Path("/usr/share/fonts/truetype/dejavu")
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(folder / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(folder / "DejaVuSans-Bold.ttf")))


def _styles(options: PdfOptions) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=options.font, fontSize=options.size, leading=options.size * 1.25)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=options.bold_font, fontSize=18, leading=22,
                                spaceAfter=14),
        "h1": ParagraphStyle("h1", parent=body, fontName=options.bold_font, fontSize=14, leading=18,
                             spaceBefore=12, spaceAfter=6),
        "goal": ParagraphStyle("goal", parent=body, fontName=options.bold_font, spaceBefore=8, spaceAfter=6),
        "body": body,
        "cell": body,
        "head": ParagraphStyle("head", parent=body, fontName=options.bold_font),
        "mark": ParagraphStyle("mark", parent=body, alignment=TA_CENTER),
        "markhead": ParagraphStyle("markhead", parent=body, fontName=options.bold_font, alignment=TA_CENTER),
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _measure_table(years: list[int], measures: list[Reference], options: PdfOptions,
                   styles: dict[str, ParagraphStyle], goal_rows: dict[int, str] | None = None) -> Table:
    head = [Paragraph(options.measure_header, styles["head"]),
            *[Paragraph(f"{str(y)[:3]}<br/>{str(y)[3:]}" if options.year_header_break else str(y),
                        styles["markhead"]) for y in years],
            *[Paragraph(name, styles["head"]) for name in options.extra_columns],
            Paragraph(options.responsible_header, styles["head"])]
    rows: list[list[Any]] = [head]
    spans: list[int] = []
    for index, measure in enumerate(measures):
        if goal_rows and index in goal_rows:
            spans.append(len(rows))
            rows.append([Paragraph(_escape(goal_rows[index]), styles["head"])] + [""] * (len(head) - 1))
        paragraphs = measure.get("paragraphs") or [measure["text"]]
        measure_cell = [Paragraph(_escape(p), styles["cell"]) for p in paragraphs]
        if len(measure_cell) > 1:
            spaced: list[Any] = []
            for item in measure_cell:
                spaced.extend([item, Spacer(1, options.size * 0.6)])
            measure_cell = spaced[:-1]
        marks = [Paragraph(_escape(measure["marks"].get(str(y), "")), styles["mark"]) for y in years]
        extras = [Paragraph(_escape(measure.get("extra", {}).get(name, "")), styles["cell"])
                  for name in options.extra_columns]
        roles = Paragraph("<br/>".join(_escape(r) for r in measure["responsible"]), styles["cell"])
        rows.append([measure_cell, *marks, *extras, roles])
    measure_w, year_w, responsible_w = options.widths_cm
    widths = [measure_w * cm, *[year_w * cm] * len(years), *[2.5 * cm] * len(options.extra_columns),
              responsible_w * cm]
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), options.valign),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    commands.extend(("SPAN", (0, row), (-1, row)) for row in spans)
    if options.ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    if options.stripes:
        commands.extend([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1F4E78")),
                         ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                         ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#DDEBF7")])])
    if options.horizontal_rules:
        commands.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.grey))
    return Table(rows, colWidths=widths, repeatRows=1 if options.repeat_header else 0,
                 splitInRow=1 if options.split_rows else 0, style=TableStyle(commands), hAlign="LEFT")


def build_pdf(plan: Reference, target: Path, options: PdfOptions) -> None:
    _register_fonts(options)
    styles = _styles(options)
    pagesize = landscape(A4) if options.landscape else A4
    story: list[Any] = [Paragraph(_escape(plan["title"]), styles["title"])]
    intro = plan.get("introduction")
    if intro:
        story.append(Paragraph(_escape(intro["heading"]), styles["h1"]))
        story.append(Paragraph(_escape(intro["text"]), styles["body"]))
    for area_number, area in enumerate(plan["areas"], start=1):
        title = f"{area_number} {area['title']}" if options.number_headings else area["title"]
        area_heading = Paragraph(_escape(title), styles["h1"])
        if options.goals_in_table:
            measures: list[Reference] = []
            goal_rows: dict[int, str] = {}
            for goal in area["goals"]:
                goal_rows[len(measures)] = goal["text"]
                measures.extend(goal["measures"])
            story.extend([area_heading, _measure_table(plan["years"], measures, options, styles, goal_rows),
                          Spacer(1, 10)])
            continue
        for goal_number, goal in enumerate(area["goals"], start=1):
            text = f"{area_number}.{goal_number} {goal['text']}" if options.number_headings else goal["text"]
            goal_paragraph = Paragraph(_escape(text), styles["goal"])
            table = _measure_table(plan["years"], goal["measures"], options, styles)
            lead = [area_heading, goal_paragraph] if goal_number == 1 else [goal_paragraph]
            story.append(KeepTogether(lead))
            if goal["measures"]:
                story.append(table)
            story.extend(Paragraph(_escape(note), styles["body"]) for note in goal.get("notes", []))
            story.append(Spacer(1, 10))

    def decorate(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(options.font, 8)
        width, height = pagesize
        if options.running_header:
            canvas.drawString(2 * cm, height - 1.2 * cm, options.running_header)
        if options.page_numbers:
            canvas.drawRightString(width - 2 * cm, 1.0 * cm, f"Side {document.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(str(target), pagesize=pagesize, leftMargin=2 * cm, rightMargin=2 * cm,
                                 topMargin=2 * cm, bottomMargin=2 * cm, title=plan["title"],
                                 author="planparse samples", invariant=1)
    document.build(story, onFirstPage=decorate, onLaterPages=decorate)
