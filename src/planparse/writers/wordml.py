"""WordprocessingML written as text and parsed once: a large plan's tables and index are thousands of
paragraphs, which python-docx's element API builds a hundred times slower than lxml parses them.
The elements are those python-docx would make (the same runs, paragraph styles by id, cell widths)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

# Characters XML 1.0 cannot hold (the control characters but tab and line ends, lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile(r"(\t|\r|\n)")


def run(text: str, bold: bool = False) -> str:
    """A run of text, a tab as <w:tab/> and a line end as <w:br/>, as python-docx writes a run's text."""
    parts = ["<w:rPr><w:b/></w:rPr>"] if bold else []
    for piece in _BREAKS.split(_NOT_XML.sub("", text)):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if piece.strip() != piece else ""
            parts.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return f"<w:r>{''.join(parts)}</w:r>"


def paragraph(text: str, style_id: str | None = None, bold: bool = False, centre: bool = False) -> str:
    """A paragraph of one run, in the paragraph style with this id."""
    properties = (f"<w:pStyle w:val={quoteattr(style_id)}/>" if style_id else "") + \
                 ('<w:jc w:val="center"/>' if centre else "")
    return f"<w:p>{f'<w:pPr>{properties}</w:pPr>' if properties else ''}{run(text, bold) if text else '<w:r/>'}</w:p>"


def cell(texts: Sequence[str], width_twips: int, style_id: str, bold: bool = False, centre: bool = False,
         shade: str | None = None) -> str:
    """A table cell of fixed width holding one paragraph per text (one empty paragraph for none)."""
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>' if shade else ""
    paragraphs = "".join(paragraph(text, style_id, bold, centre) for text in (texts or [""]))
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width_twips}"/>{shading}</w:tcPr>{paragraphs}</w:tc>'


def generated(content: str, tag: str) -> str:
    """Content (a cell, paragraphs) in a content control with this tag: generated, not the plan's own,
    so a reader that knows the tag passes over it."""
    return f"<w:sdt><w:sdtPr><w:tag w:val={quoteattr(tag)}/></w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def row(cells: Iterable[str], header: bool = False) -> str:
    """A table row that is never split over two pages; a header row is repeated on every page."""
    return f"<w:tr><w:trPr>{'<w:tblHeader/>' if header else ''}<w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>"


def table(rows: Iterable[str], widths_twips: Sequence[int], style_id: str | None) -> Any:
    """A centred table of fixed column widths, as an element."""
    style = f"<w:tblStyle w:val={quoteattr(style_id)}/>" if style_id else ""
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths_twips)
    return parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr>{style}<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" '
        'w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>'
        f'<w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')


def elements(fragment: str) -> list[Any]:
    """The block elements (paragraphs, tables) written in `fragment`."""
    return list(parse_xml(f"<w:body {nsdecls('w')}>{fragment}</w:body>"))


def append_to_body(document: Any, element: Any) -> None:
    """The element at the end of the document's body, before its closing section properties."""
    body = document.element.body
    section = body.find(qn("w:sectPr"))
    if section is not None:
        section.addprevious(element)
    else:
        body.append(element)
