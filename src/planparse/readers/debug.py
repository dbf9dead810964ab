"""A picture of what the page chain saw on one page, for the day a document reads wrong (pdfplumber's
visual debugging is the model): the page drawn, and over it its words, the bullets it found, its drawn
fills and pictures, its ruled cells, and the blocks it made: paragraphs (headings thicker), tables and
their rows, running heads struck through."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from planparse.errors import UsageError
from planparse.layout import Paragraph, Table
from planparse.model import SourceFormat
from planparse.options import ReadOptions
from planparse.readers import input_format
from planparse.readers.pages.settings import SETTINGS
from planparse.readers.pages.source import PageSource

DPI = 100  # a page about 850 pixels wide: its words' boxes still apart
# Colours (RGB) of what is drawn, each kind its own.
WORD, BULLET, FILL, PICTURE, CELL = (150, 150, 150), (220, 0, 180), (255, 140, 0), (0, 160, 0), (220, 0, 0)
PARAGRAPH, HEADING, TABLE, ROW, FURNITURE = (30, 90, 220), (0, 40, 160), (130, 0, 200), (180, 120, 230), (90, 90, 90)


def _source(path: Path, options: ReadOptions) -> PageSource:
    entry = input_format(path)
    if entry.format is SourceFormat.PDF:
        from planparse.readers.pdf import open_pdf

        return open_pdf(path, options)
    if entry.format is SourceFormat.IMAGE:
        from planparse.readers.ocr.images import open_images

        return open_images(path, options)
    raise UsageError(f"{path.name}: a picture of the page chain is drawn for PDF files and page images only")


def debug_picture(path: Path, page_number: int, options: ReadOptions, dpi: float = DPI) -> bytes:
    """The page (1-based) as PNG with what the chain saw drawn over it."""
    from PIL import ImageDraw

    from planparse.readers.paged import blocks_of, read_pages
    from planparse.readers.pages.build import body_size
    from planparse.readers.pages.furniture import furniture_lines
    from planparse.readers.pages.paragraphs import BULLETS

    source = _source(path, options)
    try:
        pages = read_pages(source, options, [])
        count = len(source)
        if not 1 <= page_number <= count:
            raise UsageError(f"{path.name} has {count} pages; give --page from 1 to {count}")
        picture, resolution = source.picture(page_number - 1, dpi)
        source_page = source.page(page_number - 1)
    finally:
        source.close()
    # the page's reading: two where its image held two pages side by side (each placed on the whole image)
    shown = [index for index, read in enumerate(pages) if read.number == page_number]
    blocks = [b for b in blocks_of(pages) if b.location.page == page_number]
    furniture = [(pages[p].left, pages[p].lines[line])
                 for p, line in furniture_lines([(p.height, p.lines) for p in pages]) if p in shown]
    body = body_size(pages) or 0.0
    if any(pages[index].ocr for index in shown):  # a photographed page was read cut from its table and
        # straightened: drawn so too
        from planparse.readers.ocr.session import as_scanned

        picture = as_scanned(picture, resolution, page_number, [])
    image = picture.convert("RGB")
    scale = resolution / 72
    draw = ImageDraw.Draw(image, "RGBA")

    def box(bbox: Any, colour: tuple[int, int, int], width: int = 1, fill: int = 0) -> None:
        x0, top, x1, bottom = (value * scale for value in bbox)
        draw.rectangle((x0, top, max(x1, x0 + 1), max(bottom, top + 1)), outline=(*colour, 255), width=width,
                       fill=(*colour, fill) if fill else None)

    for fill in source_page.fills:
        box((fill.x0, fill.top, fill.x1, fill.bottom), FILL)
    for picture_box in source_page.images:
        box(picture_box, PICTURE, 2)
    for left, grid in ((pages[index].left, grid) for index in shown for grid in pages[index].grids):
        for cell in grid.cells:
            box((cell.bbox[0] + left, cell.bbox[1], cell.bbox[2] + left, cell.bbox[3]), CELL)
    for left, word in ((pages[index].left, word) for index in shown for word in pages[index].words):
        bullet = word.text in BULLETS or 0xE000 <= ord(word.text[0]) <= 0xF8FF
        box((word.x0 + left, word.top, word.x1 + left, word.bottom), BULLET if bullet else WORD,
            fill=90 if bullet else 0)
    for left, line in furniture:
        y = (line.top + line.bottom) / 2 * scale
        draw.line(((line.x0 + left) * scale, y, (line.x1 + left) * scale, y), fill=(*FURNITURE, 255), width=2)
    for block in blocks:
        if block.location.bbox is None:
            continue
        if isinstance(block, Table):
            box(block.location.bbox, TABLE, 3)
            for row in block.rows:
                if row.location.bbox is not None:
                    box(row.location.bbox, ROW)
        elif isinstance(block, Paragraph):
            heading = bool(block.style.size and body and block.style.size >= SETTINGS.heading_size * body)
            box(block.location.bbox, HEADING if heading else PARAGRAPH, 3 if heading else 1)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


LEGEND = ("grey: words; magenta: bullets; orange: fills; green: pictures; red: ruled cells; blue: paragraphs "
          "(thick: headings); purple: tables (thin: their rows); struck through: running heads")
