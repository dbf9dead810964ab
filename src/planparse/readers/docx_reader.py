"""Word (.docx) reader: body paragraphs and tables, in order, as the neutral layout."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from planparse.errors import UnreadableInputError
from planparse.layout import Block, Cell, Layout, Paragraph, Row, Table, TextStyle
from planparse.model import Location, PlanWarning, SourceFormat
from planparse.options import Limits, ReadOptions
from planparse.own_formats import GENERATED_TAG
from planparse.readers.docx_numbering import NumberingCounter
from planparse.readers.docx_text import RunStyle, StyleLookup, clean_text, paragraph_runs, safe_int, w
from planparse.readers.zip_guard import ZIP_ERRORS, check_zip

_HEADING_NAME = re.compile(r"^(?:heading|overskrift|berschrift|titre)\s*(\d)$", re.IGNORECASE)
_TITLE_NAMES = {"title", "tittel"}
# Block containers whose content belongs to the body as if they were not there.
_TRANSPARENT = {w("sdt"), w("sdtContent"), w("customXml"), w("ins"), w("moveTo"), w("smartTag")}


class _DocxContext:
    def __init__(self, document: docx.document.Document, limits: Limits, name: str) -> None:
        styles_root = document.styles.element if document.styles is not None else None
        self.styles = StyleLookup(styles_root)
        self.run_style = RunStyle(self.styles)
        try:
            numbering_root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering_root = None
        self.numbering = NumberingCounter(numbering_root, limits.max_list_start)
        self.block_index = 0
        self.table_index = 0
        self.limits = limits
        self.name = name
        self.warnings: list[PlanWarning] = []


def _style_id(p: etree._Element, ctx: _DocxContext) -> str | None:
    style = p.find(f"{w('pPr')}/{w('pStyle')}")
    if style is not None:
        value: str | None = style.get(w("val"))
        return value
    return ctx.styles.default_paragraph_style


def _heading_level(p: etree._Element, style_id: str | None, ctx: _DocxContext) -> tuple[int | None, bool]:
    """The heading level from the style's name or outline level, and whether it is a title style."""
    if style_id is None:
        return None, False
    name = ctx.styles.name(style_id).strip()
    if name.lower() in _TITLE_NAMES:
        return None, True
    match = _HEADING_NAME.match(name)
    if match:
        return int(match.group(1)), False
    direct = p.find(f"{w('pPr')}/{w('outlineLvl')}")
    if direct is not None:
        value = safe_int(direct.get(w("val")), 9)
        return (value + 1 if value < 9 else None), False
    return ctx.styles.outline_level(style_id), False


def _list_label(p: etree._Element, style_id: str | None, ctx: _DocxContext) -> tuple[str | None, int | None]:
    num_pr = p.find(f"{w('pPr')}/{w('numPr')}")
    found: tuple[str, int] | None = None
    if num_pr is not None:
        num_id = num_pr.find(w("numId"))
        ilvl = num_pr.find(w("ilvl"))
        if num_id is not None:
            found = (num_id.get(w("val"), "0"), safe_int(ilvl.get(w("val")), 0) if ilvl is not None else 0)
    elif style_id is not None:
        found = ctx.styles.numbering(style_id)
    if found is None:
        return None, None
    return ctx.numbering.next_label(*found), found[1]


def read_paragraph(p: etree._Element, ctx: _DocxContext, location: Location) -> Paragraph:
    style_id = _style_id(p, ctx)
    facts = paragraph_runs(p, ctx.run_style, style_id)
    lines = tuple(clean_text(line) for line in facts.text.split("\n"))
    lines = tuple(line for line in lines if line)
    heading_level, is_title = _heading_level(p, style_id, ctx)
    label, level = _list_label(p, style_id, ctx)
    visible = facts.visible_chars
    style = TextStyle(
        bold=visible > 0 and facts.bold_chars == visible,
        italic=visible > 0 and facts.italic_chars == visible,
        size=max(facts.sizes) if facts.sizes else None,
        style_name=ctx.styles.name(style_id) if style_id else None,
        heading_level=heading_level,
        is_title=is_title,
        list_label=label,
        list_level=level,
        font=facts.fonts[0] if facts.fonts else None,
    )
    return Paragraph(
        text=" ".join(lines),
        style=style,
        location=location,
        lines=lines,
        soft_breaks=tuple(False for _ in lines[1:]),
    )


def _paragraph_mark_deleted(p: etree._Element) -> bool:
    return p.find(f"{w('pPr')}/{w('rPr')}/{w('del')}") is not None


def _merge(first: Paragraph, second: Paragraph) -> Paragraph:
    """Join a paragraph whose mark was deleted in tracked changes with the one after it."""
    if not first.lines:
        return second
    lines = (*first.lines[:-1], clean_text(first.lines[-1] + " " + (second.lines[0] if second.lines else "")),
             *second.lines[1:])
    return Paragraph(" ".join(lines), first.style, first.location, lines, tuple(False for _ in lines[1:]))


def _is_generated(sdt: etree._Element) -> bool:
    """A content control holding generated text: a table of contents, or planparse's own index."""
    properties = sdt.find(w("sdtPr"))
    if properties is None:
        return False
    tag = properties.find(w("tag"))
    if tag is not None and tag.get(w("val"), "").startswith(GENERATED_TAG):
        return True
    gallery = properties.find(f"{w('docPartObj')}/{w('docPartGallery')}")
    return gallery is not None and gallery.get(w("val"), "") == "Table of Contents"


def _children(container: etree._Element, tags: tuple[str, ...]) -> list[etree._Element]:
    """Children of a container with the given tags, in order, looking through content controls
    (but not into generated ones)."""
    out: list[etree._Element] = []
    for child in container:
        if child.tag in tags:
            out.append(child)
        elif child.tag in _TRANSPARENT and not (child.tag == w("sdt") and _is_generated(child)):
            out.extend(_children(child, tags))
    return out


def _block_children(container: etree._Element) -> list[etree._Element]:
    return _children(container, (w("p"), w("tbl")))


def _cell_paragraphs(tc: etree._Element, ctx: _DocxContext, location: Location) -> tuple[Paragraph, ...]:
    items: list[tuple[etree._Element | None, Paragraph]] = []
    for child in _block_children(tc):
        if child.tag == w("tbl"):
            # A table inside a cell: its text is kept as the cell's further paragraphs.
            for row in _table_rows(child, ctx, location.table or 0):
                items.extend((None, p) for cell in row.cells if not cell.merged for p in cell.paragraphs)
        else:
            items.append((child, read_paragraph(child, ctx, location)))
    return tuple(p for p in _join_deleted_marks(items) if isinstance(p, Paragraph))


def _join_deleted_marks(items: Sequence[tuple[etree._Element | None, Block]]) -> list[Block]:
    """Blocks in order, each paragraph whose mark a tracked change deleted joined to the next."""
    out: list[Block] = []
    pending: Paragraph | None = None
    for element, block in items:
        if isinstance(block, Paragraph) and element is not None:
            if pending is not None:
                block = _merge(pending, block)
                pending = None
            if _paragraph_mark_deleted(element):
                pending = block
                continue
        out.append(block)
    if pending is not None:
        out.append(pending)
    return out


def _row_deleted(tr: etree._Element) -> bool:
    return tr.find(f"{w('trPr')}/{w('del')}") is not None


def _int_prop(parent: etree._Element | None, path: str, default: int) -> int:
    if parent is None:
        return default
    el = parent.find(path)
    try:
        return int(el.get(w("val"), "")) if el is not None else default
    except ValueError:
        return default


def _table_rows(tbl: etree._Element, ctx: _DocxContext, table_index: int) -> list[Row]:
    """The table as a grid: each merged cell repeated in every slot it covers."""
    rows: list[Row] = []
    previous: dict[int, Cell] = {}
    row_number = 0
    limit = ctx.limits.max_grid_columns
    trs = _children(tbl, (w("tr"),))
    if len(trs) > ctx.limits.max_table_rows:
        raise UnreadableInputError(f"{ctx.name}: table {table_index} has {len(trs):,} rows, more than the limit of "
                                   f"{ctx.limits.max_table_rows:,}; the file is damaged or not a plan")
    for tr in trs:
        if _row_deleted(tr):
            continue
        row_number += 1
        tr_pr = tr.find(w("trPr"))
        is_header = tr_pr is not None and tr_pr.find(w("tblHeader")) is not None
        column = min(max(0, _int_prop(tr_pr, w("gridBefore"), 0)), limit)
        cells: list[Cell] = [Cell((), Location(table=table_index, row=row_number, column=c + 1)) for c in range(column)]
        current: dict[int, Cell] = {}
        for tc in _children(tr, (w("tc"),)):
            tc_pr = tc.find(w("tcPr"))
            span = max(1, _int_prop(tc_pr, w("gridSpan"), 1))
            if column + span > limit:  # wider than a page can hold: the grid is damaged
                ctx.warnings.append(PlanWarning(
                    code="grid-too-wide", location=Location(table=table_index, row=row_number),
                    message=f"a row spans {column + span:,} columns, more than the limit of {limit}; cut there"))
                span = limit - column
                if span <= 0:
                    break
            v_merge = tc_pr.find(w("vMerge")) if tc_pr is not None else None
            continues = v_merge is not None and v_merge.get(w("val"), "continue") == "continue"
            location = Location(table=table_index, row=row_number, column=column + 1)
            if continues and column in previous:
                origin = previous[column]
                cell = Cell(origin.paragraphs, origin.location, merged=True)
            else:
                cell = Cell(_cell_paragraphs(tc, ctx, location), location)
            for offset in range(span):
                slot = cell if offset == 0 else Cell(cell.paragraphs, cell.location, merged=True)
                cells.append(slot)
                current[column + offset] = cell
            column += span
        previous = current
        rows.append(Row(tuple(cells), Location(table=table_index, row=row_number), is_header=is_header))
    return rows


def open_docx(path: Path) -> docx.document.Document:
    try:
        return docx.Document(str(path))
    except etree.XMLSyntaxError as error:
        if "memory" in str(error).lower() or str(error).strip() == "unknown error":
            # libxml2 says no more than this when it cannot get the memory for a huge part
            raise MemoryError(f"{path.name}: parsing its XML ran out of memory") from error
        raise UnreadableInputError(
            f"{path.name}: the Word file is damaged or not a .docx (XMLSyntaxError); "
            "open and save it again in Word or LibreOffice") from error
    except (PackageNotFoundError, KeyError, *ZIP_ERRORS) as error:
        raise UnreadableInputError(
            f"{path.name}: the Word file is damaged or not a .docx ({error.__class__.__name__}); "
            "open and save it again in Word or LibreOffice"
        ) from error


def read_docx(path: Path, options: ReadOptions) -> Layout:
    """Read a .docx file into the neutral layout, body order kept, tracked changes accepted."""
    check_zip(path, options.limits)
    document = open_docx(path)
    if document.element.body is None:
        raise UnreadableInputError(f"{path.name}: the Word file has no body; open and save it again in Word "
                                   "or LibreOffice")
    ctx = _DocxContext(document, options.limits, path.name)
    items: list[tuple[etree._Element | None, Block]] = []
    for index, element in enumerate(_block_children(document.element.body), start=1):
        if element.tag == w("tbl"):
            ctx.table_index += 1
            rows = _table_rows(element, ctx, ctx.table_index)
            items.append((element, Table(tuple(rows), Location(block=index, table=ctx.table_index))))
        else:
            items.append((element, read_paragraph(element, ctx, Location(block=index))))
    blocks = _join_deleted_marks(items)
    return Layout(blocks=blocks, source_format=SourceFormat.DOCX,
                  warnings=[*ctx.warnings, *_unread_text(document.element.body)], title=_core_title(document))


def _core_title(document: docx.document.Document) -> str | None:
    """The title in the file's properties; a damaged properties part is no reason not to read the plan."""
    try:
        return (document.core_properties.title or "").strip() or None
    except (KeyError, ValueError, AttributeError, etree.XMLSyntaxError):
        return None


def _unread_text(body: etree._Element) -> list[PlanWarning]:
    """Warnings for text the reader leaves out: text boxes and shapes, footnotes and endnotes."""
    warnings = []
    boxes = [box for box in body.iter(w("txbxContent")) if "".join(box.itertext()).strip()]
    if boxes:
        sample = " ".join("".join(boxes[0].itertext()).split())[:60]
        warnings.append(PlanWarning(code="text-box-not-read", message=(
            f"{len(boxes)} text box(es) or shape(s) with text were not read (first: «{sample}»)")))
    notes = len(list(body.iter(w("footnoteReference")))) + len(list(body.iter(w("endnoteReference"))))
    if notes:
        warnings.append(PlanWarning(code="footnotes-not-read",
                                    message=f"{notes} footnote(s) or endnote(s) were not read"))
    return warnings
