"""Pages read from part of an image put back where they stand on it: two pages scanned side by side on
one image go through the chain as two pages, one after the other, each in its own coordinates, and
their blocks are then placed on the image, under its page number, so that a box points at the
image the user has."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from planparse.layout import Block, Cell, Paragraph, Row, Table
from planparse.model import Location, PlanWarning
from planparse.readers.pages.page import PageText

# a page of the chain: the page number of the image it was read from, and its left edge on it (points)
Where = dict[int, tuple[int, float]]


def numbered_in_order(pages: Sequence[PageText]) -> tuple[list[PageText], Where]:
    """The pages numbered one after another for the chain (an image holding two pages gives two), and
    where each stands; the pages as they are where each image held one."""
    if len({page.number for page in pages}) == len(pages) and not any(page.left for page in pages):
        return list(pages), {}
    where = {order: (page.number, page.left) for order, page in enumerate(pages, start=1)}
    return [replace(page, number=order) for order, page in enumerate(pages, start=1)], where


def placed(blocks: Sequence[Block], where: Where) -> list[Block]:
    """Blocks of pages numbered for the chain, placed on the images they were read from."""
    if not where:
        return list(blocks)
    return [_table(block, where) if isinstance(block, Table) else _paragraph(block, where) for block in blocks]


def placed_box(page: int, box: tuple[float, float, float, float], where: Where
               ) -> tuple[int, tuple[float, float, float, float]]:
    """A box on a page of the chain, on the image it was read from."""
    number, left = where.get(page, (page, 0.0))
    return number, (box[0] + left, box[1], box[2] + left, box[3])


def moved_warning(warning: PlanWarning, dx: float, dy: float = 0.0) -> PlanWarning:
    """A warning of a part of an image read on its own (a picture among a page's text, the right one of
    two pages), its box moved by (dx, dy) points to where that part stands on the page."""
    box = warning.location.bbox
    if box is None:
        return warning
    moved = (round(box[0] + dx, 1), round(box[1] + dy, 1), round(box[2] + dx, 1), round(box[3] + dy, 1))
    return warning.model_copy(update={"location": warning.location.model_copy(update={"bbox": moved})})


def _location(location: Location, where: Where) -> Location:
    if location.page is None or location.page not in where:
        return location
    number, box = location.page, location.bbox
    if box is not None:
        number, box = placed_box(location.page, box, where)
    else:
        number = where[location.page][0]
    return location.model_copy(update={"page": number, "bbox": box})


def _paragraph(paragraph: Paragraph, where: Where) -> Paragraph:
    return replace(paragraph, location=_location(paragraph.location, where))


def _cell(cell: Cell, where: Where) -> Cell:
    return replace(cell, paragraphs=tuple(_paragraph(p, where) for p in cell.paragraphs),
                   location=_location(cell.location, where))


def _row(row: Row, where: Where) -> Row:
    return replace(row, cells=tuple(_cell(cell, where) for cell in row.cells), location=_location(row.location, where))


def _table(table: Table, where: Where) -> Table:
    return replace(table, rows=tuple(_row(row, where) for row in table.rows), location=_location(table.location, where))
