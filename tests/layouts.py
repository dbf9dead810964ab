"""Hand-built layouts for recognizer tests: no files needed."""

from __future__ import annotations

from collections.abc import Sequence

from planparse.layout import Cell, Layout, Paragraph, Row, Table, TextStyle
from planparse.model import Location, SourceFormat

BODY = TextStyle(size=11)
BOLD = TextStyle(bold=True, size=11)
HEADING1 = TextStyle(bold=True, size=14, heading_level=1, style_name="Heading 1")
TITLE = TextStyle(bold=True, size=16)


def para(text: str, style: TextStyle = BODY, lines: Sequence[str] = (), soft: Sequence[bool] = ()) -> Paragraph:
    return Paragraph(text=text, style=style, lines=tuple(lines), soft_breaks=tuple(soft))


def cell(*paragraphs: str, merged: bool = False, column: int = 0) -> Cell:
    return Cell(tuple(para(p) for p in paragraphs), Location(column=column), merged=merged)


def row(*texts: str | Cell, header: bool = False, number: int = 0) -> Row:
    cells = tuple(t if isinstance(t, Cell) else cell(*(t.split("\n") if t else ()), column=i)
                  for i, t in enumerate(texts))
    return Row(cells, Location(row=number), is_header=header)


def table(*rows: Row, index: int = 1) -> Table:
    return Table(tuple(rows), Location(table=index))


def layout(*blocks: Paragraph | Table) -> Layout:
    return Layout(blocks=list(blocks), source_format=SourceFormat.DOCX)
