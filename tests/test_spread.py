"""Two pages side by side on one scanned image: told from one page, read as two, and a landscape page
of one page left whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from conftest import PLANS, SAMPLES
from reference_form import differences, reference_form
from scans import other_scanned_pages, scanned_pages, side_by_side

from planparse.api import parse
from planparse.readers.ocr.spread import gutter

DPI = 150


def _pdf(images: list[Any], target: Path) -> Path:
    images[0].save(target, save_all=True, append_images=images[1:], resolution=DPI)
    return target


def _grey(image: Any) -> Any:
    return np.asarray(image.convert("L"))


def test_two_pages_on_one_image_read_as_the_plan_of_the_pages_scanned_one_by_one(tmp_path: Path) -> None:
    left, right = scanned_pages(PLANS / "kommunen-2026-2028.pdf", DPI, seed=1)
    one_by_one = parse(_pdf([left, right], tmp_path / "sider.pdf"))
    spread = parse(_pdf([side_by_side(left, right)], tmp_path / "oppslag.pdf"))
    assert differences(reference_form(spread), reference_form(one_by_one)) == []
    said = [w for w in spread.warnings if w.code == "two-pages"]
    assert len(said) == 1 and said[0].location.page == 1
    # each measure where it stands on the image: the right page's boxes right of the left page's width
    boxes = [m.location.bbox for m in spread.measures()]
    pages = [m.location.page for m in one_by_one.measures()]
    assert all(box is not None for box in boxes)
    assert [box[0] >= left.width * 72 / DPI for box in boxes if box] == [page == 2 for page in pages]
    assert {m.location.page for m in spread.measures()} == {1}


def test_landscape_pages_with_a_table_across_the_middle_are_not_split() -> None:
    """Their tables' ruling lines, their headings and their text cross the middle: one page each, ruled
    or unruled, drawn or scanned."""
    ruled = scanned_pages(PLANS / "fakultetet-2024-2026-midtstilt.pdf", DPI, seed=1)[0]
    unruled = other_scanned_pages(SAMPLES / "handlingsplan-2022-2024-unruled.pdf", DPI, 7, "jpeg", (1, 2))
    for page in (ruled, *unruled):
        assert page.width > page.height
        assert gutter(_grey(page), DPI) is None
    # the same landscape pages two to an image, as a booklet of them opened on the glass, are split
    found = gutter(_grey(side_by_side(unruled[0], unruled[1])), DPI)
    assert found is not None and found.sure and abs(found.at - unruled[0].width) <= 0.1 * DPI


def _page(width: float, height: float, blocks: list[tuple[float, float, float, float]]) -> Any:
    """A page image (inches) with lines of "text" (dark bars a line high) filling each block."""
    pixels = np.full((round(height * DPI), round(width * DPI)), 250, np.uint8)
    for x0, top, x1, bottom in blocks:
        for y in np.arange(top, bottom, 0.2):
            pixels[round(y * DPI):round((y + 0.1) * DPI), round(x0 * DPI):round(x1 * DPI)] = 30
    return pixels


def test_two_text_columns_under_one_heading_are_one_page_and_a_bare_wide_band_two() -> None:
    columns = [(1.0, 1.5, 5.4, 7.5), (5.8, 1.5, 10.2, 7.5)]  # a landscape letter page, its columns 0.4" apart
    assert gutter(_page(11.0, 8.5, [(1.0, 0.8, 10.2, 1.0), *columns]), DPI) is None  # a heading across
    assert gutter(_page(11.0, 8.5, columns), DPI) is None  # none: as close as a table's columns
    # two tall blocks of text 0.8" apart, no shadow between: it may be two pages, not surely
    narrow = gutter(_page(11.0, 8.5, [(1.0, 1.0, 5.1, 7.5), (5.9, 1.0, 10.0, 7.5)]), DPI)
    assert narrow is not None and not narrow.sure
    # two portrait pages printed side by side, each with its own margins: 1.6" of paper between them
    two = gutter(_page(17.0, 11.0, [(1.0, 1.0, 7.7, 10.0), (9.3, 1.0, 16.0, 10.0)]), DPI)
    assert two is not None and two.sure and abs(two.at - 8.5 * DPI) <= 0.05 * DPI
    # one portrait page is not looked at, however blank its middle
    assert gutter(_page(8.5, 11.0, [(1.0, 1.0, 3.0, 10.0), (5.5, 1.0, 7.5, 10.0)]), DPI) is None


def test_the_halves_go_through_the_chain_as_pages_of_their_own_and_come_out_placed_on_the_image() -> None:
    from planparse.layout import Cell, Paragraph, Row, Table
    from planparse.model import Location
    from planparse.readers.pages.page import PageText
    from planparse.readers.pages.placed import numbered_in_order, placed

    one = [PageText(1, 600.0, 800.0, [], [], []), PageText(2, 600.0, 800.0, [], [], [])]
    assert numbered_in_order(one) == (one, {})  # an image a page: as they are
    halves = [PageText(1, 300.0, 400.0, [], [], []), PageText(1, 300.0, 400.0, [], [], [], left=310.0),
              PageText(2, 600.0, 800.0, [], [], [])]
    chain, where = numbered_in_order(halves)
    assert [page.number for page in chain] == [1, 2, 3] and where == {1: (1, 0.0), 2: (1, 310.0), 3: (2, 0.0)}
    at = Location(page=2, bbox=(10.0, 20.0, 110.0, 40.0))
    cell = Cell((Paragraph("Rektor", location=at),), at)
    blocks = placed([Paragraph("Mål", location=Location(page=1, bbox=(5.0, 5.0, 50.0, 15.0))),
                     Table((Row((cell,), at),), at), Paragraph("Side 2", location=Location(page=3))], where)
    moved = Location(page=1, bbox=(320.0, 20.0, 420.0, 40.0))
    assert blocks[0].location == Location(page=1, bbox=(5.0, 5.0, 50.0, 15.0))
    table = blocks[1]
    assert isinstance(table, Table) and table.location == table.rows[0].location == moved
    assert table.rows[0].cells[0].location == table.rows[0].cells[0].paragraphs[0].location == moved
    assert blocks[2].location == Location(page=2)
