"""The page chain step by step, on small pages built by hand: characters with boxes, a few ruling lines
and filled shapes, no files. Each test holds one rule of one step (text, glyphs, bullets, cells and
ruled grids, unruled tables, paragraphs, running heads, the layout built across pages, the settings)."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from planparse.layout import Paragraph, RowBoundary, Table
from planparse.model import Location, PlanWarning
from planparse.options import Limits
from planparse.readers import pages as pages_package
from planparse.readers.paged import _layer_levelled, is_scanned, page_text, picture_regions
from planparse.readers.pages import settings as settings_module
from planparse.readers.pages.build import banners, edge_beside, pages_to_blocks, right_edge
from planparse.readers.pages.bullets import BULLET, drawn_bullets
from planparse.readers.pages.cells import cluster_indexes
from planparse.readers.pages.furniture import furniture_lines
from planparse.readers.pages.glyphs import drawn_sign
from planparse.readers.pages.page import Fill, PageText, SourcePage
from planparse.readers.pages.paragraphs import bbox_of, lines_to_paragraphs
from planparse.readers.pages.ruled import Grid, edges_to_grids, grid_rows
from planparse.readers.pages.settings import SETTINGS, ChainSettings
from planparse.readers.pages.text import (
    TextLine,
    Word,
    chars_to_words,
    dedupe_chars,
    join_words,
    layer_chars_fitted,
    words_to_lines,
)
from planparse.readers.pages.unruled import (
    Columns,
    UnruledTable,
    grow_table,
    header_columns,
    table_rows,
    vertical_alignment,
)

SIZE = 10.0
FONT = "Helvetica"
BOLD = "Helvetica-Bold"


# --- building pages by hand


def chars(text: str, x0: float, top: float, size: float = SIZE, font: str = FONT,
          advance: float | None = None) -> list[dict[str, Any]]:
    """A run of characters in pdfplumber's dict shape, each `advance` wide (half the size by default),
    a space drawn as a character of its own."""
    step = size / 2 if advance is None else advance
    out = []
    for index, char in enumerate(text):
        x = x0 + index * step
        out.append({"text": char, "x0": x, "x1": x + step, "top": top, "bottom": top + size, "size": size,
                    "fontname": font, "upright": True})
    return out


def word(text: str, x0: float, top: float, size: float = SIZE, font: str = FONT) -> Word:
    """A word whose letters are each half its size wide."""
    return Word(text, x0, x0 + len(text) * size / 2, top, top + size, size, font)


def words(text: str, x0: float, top: float, size: float = SIZE, font: str = FONT) -> list[Word]:
    """The words of `text` set from x0, a space (0.3 of the size) between each two."""
    out: list[Word] = []
    x = x0
    for part in text.split():
        out.append(word(part, x, top, size, font))
        x = out[-1].x1 + 0.3 * size
    return out


def line(text: str, x0: float, top: float, size: float = SIZE, font: str = FONT) -> TextLine:
    return TextLine(tuple(words(text, x0, top, size, font)))


def ocr_line(text: str, top: float, size: float = SIZE, font: str = BOLD) -> TextLine:
    """A line as OCR reads it: its words carry a confidence (their size and weight measured from ink)."""
    return TextLine(tuple(dataclasses.replace(w, confidence=95.0) for w in words(text, 50, top, size, font)))


def cells_line(top: float, *cells: tuple[float, str], size: float = SIZE, font: str = FONT) -> TextLine:
    """A line of a table: each cell's text set from its x."""
    return TextLine(tuple(w for x0, text in cells for w in words(text, x0, top, size, font)))


def hline(x0: float, x1: float, y: float) -> dict[str, Any]:
    return {"orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0}


def vline(x: float, top: float, bottom: float) -> dict[str, Any]:
    return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top}


def rect_edges(x0: float, top: float, x1: float, bottom: float) -> list[dict[str, Any]]:
    """The four sides of a drawn rectangle, as the PDF engines give a rectangle path's segments."""
    return [hline(x0, x1, top), hline(x0, x1, bottom), vline(x0, top, bottom), vline(x1, top, bottom)]


def ruled(xs: list[float], ys: list[float]) -> list[dict[str, Any]]:
    """A full grid of ruling lines: a level line at each y, an upright one at each x."""
    return ([hline(xs[0], xs[-1], y) for y in ys] + [vline(x, ys[0], ys[-1]) for x in xs])


# --- characters → words → lines


def test_characters_close_together_are_one_word_and_a_wider_gap_starts_another() -> None:
    close = chars("Plan", 50, 100)
    apart = chars("Mål", close[-1]["x1"] + 1.0, 100)  # 1 point: within the 1.5 of x tolerance
    far = chars("Tid", apart[-1]["x1"] + 2.0, 100)  # 2 points: a new word, though no space is drawn
    found = chars_to_words(close + apart + far)
    assert [w.text for w in found] == ["PlanMål", "Tid"]
    assert found[0].x0 == 50 and found[0].x1 == apart[-1]["x1"]


def test_a_drawn_space_parts_words() -> None:
    found = chars_to_words(chars("ny plan", 50, 100))
    assert [w.text for w in found] == ["ny", "plan"]
    assert join_words(found) == "ny plan"


def test_a_font_change_splits_a_word_but_its_text_stays_whole() -> None:
    bold = chars("Hoved", 50, 100, font=BOLD)
    plain = chars("mål", bold[-1]["x1"], 100)
    found = chars_to_words(bold + plain)
    assert [(w.text, w.bold) for w in found] == [("Hoved", True), ("mål", False)]
    (only,) = words_to_lines(found)
    assert only.text == "Hovedmål"  # no gap between the parts: no space
    assert not only.bold  # a line is bold only where all its text is


def test_a_size_change_splits_a_word() -> None:
    found = chars_to_words(chars("CO", 50, 100) + chars("2", 60, 104, size=6))
    assert [(w.text, w.size) for w in found] == [("CO", 10.0), ("2", 6.0)]


def test_a_superscript_stands_on_its_line_and_the_next_line_below_does_not() -> None:
    body = words("Utslipp av CO", 50, 100)
    raised = word("2", body[-1].x1, 99, size=6)  # middle 102, the line's 105: within 0.35 of the size
    below = words("neste linje", 50, 114)
    lines = words_to_lines([*below, raised, *body])
    assert [li.text for li in lines] == ["Utslipp av CO2", "neste linje"]
    assert lines[0].size == 10.0 and lines[0].top == 99


def test_characters_further_apart_in_height_than_the_tolerance_are_two_lines() -> None:
    found = chars_to_words(chars("ab", 50, 100) + chars("cd", 60, 103))  # 3 points apart, beyond 2.5
    assert [w.text for w in found] == ["ab", "cd"]
    found = chars_to_words(chars("ab", 50, 100) + chars("cd", 60, 102))  # 2 points: one line, one word
    assert [w.text for w in found] == ["abcd"]


def test_words_are_put_in_lines_top_to_bottom_and_left_to_right() -> None:
    first, second = words("første linje", 50, 100), words("andre linje", 50, 114)
    lines = words_to_lines([second[1], first[1], second[0], first[0]])
    assert [li.text for li in lines] == ["første linje", "andre linje"]


def test_characters_drawn_twice_are_kept_once() -> None:
    text = chars("Mål", 50, 100)
    shadow = [{**c, "x0": c["x0"] + 0.2, "x1": c["x1"] + 0.2} for c in text]  # fake bold: drawn again, offset
    assert dedupe_chars(text + shadow) == text
    assert [w.text for w in chars_to_words(dedupe_chars(text + shadow))] == ["Mål"]


def test_ligatures_are_spelled_out_and_soft_hyphens_dropped() -> None:
    found = chars_to_words(chars("ﬁnans\u00adplan", 50, 100))
    assert [w.text for w in found] == ["finansplan"]


def test_a_space_an_italic_letter_leans_over_still_parts_the_words() -> None:
    italic = "Helvetica-Oblique"
    first = chars("of", 50, 100, font=italic)
    space = {**chars(" ", first[-1]["x1"], 100, font=italic)[0]}
    space["x1"] = space["x0"] + 2.5
    after = chars("the", space["x0"] + 1.0, 100, font=italic)  # leans back over most of the space
    found = chars_to_words([*first, space, *after])
    assert [(w.text, w.spaced) for w in found] == [("of", False), ("the", True)]
    assert join_words(found) == "of the"
    upright = chars_to_words([{**c, "fontname": FONT} for c in [*first, space, *after]])
    assert join_words(upright) == "ofthe"  # upright letters that close: the engines disagree on the space


def test_segments_part_a_line_at_gaps_as_wide_as_a_column() -> None:
    row = cells_line(100, (50, "Tiltak en"), (200, "Kommunen"), (300, "2024"))
    assert [" ".join(w.text for w in seg) for seg in row.segments()] == ["Tiltak en", "Kommunen", "2024"]
    assert len(line("a whole sentence of words", 50, 100).segments()) == 1


def test_bold_is_told_from_the_font_name() -> None:
    assert word("x", 0, 0, font="Arial-BoldMT").bold
    assert word("x", 0, 0, font="Calibri,Bold").bold
    assert word("x", 0, 0, font="ABCDEF+Arial-Black").bold
    assert not word("x", 0, 0, font="ArialMT").bold
    assert not word("x", 0, 0, font="Bodoni").bold


def test_a_lines_size_and_weight_come_from_its_text_not_its_bullet() -> None:
    bullet = word("•", 50, 98, size=14, font="Symbol")
    text = words("tekst her", 60, 100)
    li = TextLine((bullet, *text))
    assert li.size == 10.0 and li.font == FONT and li.top == 100


# --- symbol fonts


def test_a_symbol_font_character_is_read_as_the_sign_it_draws() -> None:
    assert drawn_sign(word("Ø", 50, 100, font="Wingdings")).text == "➢"
    assert drawn_sign(word("ü", 50, 100, font="ABCDEF+Wingdings-Regular")).text == "✓"
    assert drawn_sign(word("Q", 50, 100, font="ZapfDingbats")).text == "•"  # one not listed: a bullet
    assert drawn_sign(word("o", 50, 100, font="CourierNewPSMT")).text == "◦"  # Word's second-level bullet
    assert drawn_sign(word("Ø", 50, 100)).text == "Ø"  # a letter in a text font stays a letter
    assert drawn_sign(word("Øl", 50, 100, font="Wingdings")).text == "Øl"  # only a lone character is a sign


# --- bullets drawn as shapes


def test_a_small_dot_left_of_a_line_is_its_bullet() -> None:
    text = words("Første punkt", 60, 100)
    (bullet,) = drawn_bullets(text, [Fill(50, 103, 54, 107)], [])
    assert bullet.text == BULLET and bullet.x0 == 50 and bullet.top == text[0].top
    assert words_to_lines([*text, bullet])[0].text == "• Første punkt"


def test_shapes_that_are_no_bullets_are_passed_over() -> None:
    text = words("Første punkt", 60, 100)
    assert drawn_bullets(text, [Fill(50, 103, 54, 107, grey=0.98)], []) == []  # white: a background
    assert drawn_bullets(text, [Fill(45, 104, 54, 106)], []) == []  # a dash-like bar, not a dot
    assert drawn_bullets(text, [Fill(42, 96, 56, 110)], []) == []  # larger than a letter
    assert drawn_bullets(text, [Fill(30, 103, 34, 107)], []) == []  # too far from the text
    assert drawn_bullets(text, [Fill(50, 120, 54, 124)], []) == []  # under the line, not on it
    inside = [word("se", 10, 100), word("ikonet", 25, 100), word("her", 64, 100)]  # "ikonet" ends at 55
    icon = [Fill(57, 103, 61, 107)]
    assert drawn_bullets(inside, icon, []) == []  # an icon in running text: a word stands right before it
    assert len(drawn_bullets(inside[2:], icon, [])) == 1  # with nothing before it, the same dot is a bullet


def test_a_small_picture_left_of_a_line_is_its_bullet_too() -> None:
    text = words("Punkt med bilde", 60, 100)
    assert [w.text for w in drawn_bullets(text, [], [(49.0, 102.0, 55.0, 108.0)])] == [BULLET]


# --- ruling lines → cells → grids

XS = [50.0, 150.0, 250.0, 350.0]
YS = [100.0, 120.0, 140.0]


def grid_shape(grid: Grid) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Each cell's rows and columns, top to bottom and left to right."""
    return sorted((cell.rows, cell.columns) for cell in grid.cells)


SIX_CELLS = [((r, r + 1), (c, c + 1)) for r in range(2) for c in range(3)]


def test_cluster_indexes_chain_values_each_near_the_next() -> None:
    assert cluster_indexes([10.0, 11.5, 13.0, 20.0, 20.5], 2.0) == {10.0: 0, 11.5: 0, 13.0: 0, 20.0: 1, 20.5: 1}


def test_ruling_lines_make_a_grid_of_two_rows_and_three_columns() -> None:
    (grid,) = edges_to_grids(ruled(XS, YS))
    assert grid.xs == tuple(XS) and grid.ys == tuple(YS)
    assert grid_shape(grid) == SIX_CELLS
    assert grid.bbox == (50.0, 100.0, 350.0, 140.0)


def test_lines_that_almost_meet_are_joined_within_the_snap() -> None:
    edges = [hline(50, 350, y) for y in YS]
    # upright lines drawn a little beside where they should be and stopping short of the lines they meet
    edges += [vline(x + (1.0 if i % 2 else -1.0), 102, 138) for i, x in enumerate(XS)]
    (grid,) = edges_to_grids(edges)
    assert grid_shape(grid) == SIX_CELLS
    assert len(grid.xs) == 4


def test_lines_stopping_further_short_than_the_snap_make_no_cells_there() -> None:
    edges = [hline(50, 350, y) for y in YS] + [vline(x, 100, 135) for x in XS]  # 5 points short of the bottom
    (grid,) = edges_to_grids(edges)
    assert grid.ys == (100.0, 120.0)  # the bottom row is not closed
    assert len(grid.cells) == 3


def test_a_line_broken_by_a_small_gap_is_one_line() -> None:
    edges = [e for e in ruled(XS, YS) if not (e["orientation"] == "h" and e["top"] == 120)]
    edges += [hline(50, 190, 120), hline(192, 350, 120)]  # the middle line drawn in two pieces, 2 points apart
    (grid,) = edges_to_grids(edges)
    assert grid_shape(grid) == SIX_CELLS


def test_a_line_broken_by_a_wide_gap_leaves_a_cell_spanning_the_rows() -> None:
    edges = [e for e in ruled(XS, YS) if not (e["orientation"] == "h" and e["top"] == 120)]
    edges += [hline(50, 180, 120), hline(220, 350, 120)]  # broken across the middle column
    (grid,) = edges_to_grids(edges)
    assert ((0, 2), (1, 2)) in grid_shape(grid)  # the middle column's cell runs down both rows
    assert len(grid.cells) == 5


def test_filled_rectangles_side_by_side_are_the_cells_of_a_grid() -> None:
    # a table drawn as shaded boxes with thin white gaps between them, no ruling lines
    edges = [e for top, bottom in ((100, 119), (121, 140)) for x0, x1 in ((50, 149), (151, 249), (251, 350))
             for e in rect_edges(x0, top, x1, bottom)]
    (grid,) = edges_to_grids(edges)
    assert grid_shape(grid) == SIX_CELLS


def test_a_cell_spanning_two_columns() -> None:
    edges = [hline(50, 350, y) for y in YS] + [vline(50, 100, 140), vline(350, 100, 140), vline(250, 100, 140)]
    edges.append(vline(150, 120, 140))  # the first two columns are one cell in the first row
    (grid,) = edges_to_grids(edges)
    assert sorted(grid_shape(grid)) == [((0, 1), (0, 2)), ((0, 1), (2, 3)),
                                        ((1, 2), (0, 1)), ((1, 2), (1, 2)), ((1, 2), (2, 3))]
    rows = grid_rows(grid, [*words("Felles overskrift", 60, 105), word("Tid", 260, 105),
                            word("a", 60, 125), word("b", 160, 125), word("c", 260, 125)], page=1)
    assert [row.texts() for row in rows] == [["Felles overskrift", "Felles overskrift", "Tid"], ["a", "b", "c"]]
    assert [cell.merged for cell in rows[0].cells] == [False, True, False]


def test_a_grid_s_words_fill_its_cells_and_a_cell_s_lines_make_its_paragraph() -> None:
    (grid,) = edges_to_grids(ruled([50, 150, 250, 350], [100, 120, 150]))
    placed = [word("Tiltak", 55, 104), word("Ansvar", 155, 104), word("Tid", 255, 104),
              *words("Lage ny", 55, 124), *words("plan", 55, 136), word("Rådmann", 155, 124), word("2025", 255, 124)]
    rows = grid_rows(grid, placed, page=3)
    assert [row.texts() for row in rows] == [["Tiltak", "Ansvar", "Tid"], ["Lage ny plan", "Rådmann", "2025"]]
    assert rows[1].cells[0].paragraphs[0].lines == ("Lage ny", "plan")
    assert rows[1].cells[0].location == Location(page=3, bbox=(50.0, 120.0, 150.0, 150.0))


def test_short_edges_are_marks_not_ruling() -> None:
    edges = [*ruled(XS, YS), hline(60, 63, 110), vline(70, 105, 108)]  # 3-point dashes inside a cell
    (grid,) = edges_to_grids(edges)
    assert grid_shape(grid) == SIX_CELLS
    dashes = [hline(50 + 5 * i, 53 + 5 * i, y) for i in range(60) for y in YS]
    assert edges_to_grids(dashes + [vline(x, 100, 140) for x in XS]) == []  # a dashed grid's dashes are no lines


def test_a_single_box_or_a_single_column_is_no_grid() -> None:
    assert edges_to_grids(rect_edges(50, 100, 350, 140)) == []
    assert edges_to_grids(ruled([50.0, 350.0], YS)) == []  # one column of stripes: read as text


def test_two_grids_apart_on_a_page_are_two_grids_top_to_bottom() -> None:
    lower = ruled(XS, [300.0, 320.0, 340.0])
    grids = edges_to_grids(lower + ruled(XS, YS))
    assert [grid.ys[0] for grid in grids] == [100.0, 300.0]


# --- unruled tables

HEADER = ((50.0, "Tiltak"), (200.0, "Ansvar"), (320.0, "Frist"))


def header(top: float = 100.0) -> TextLine:
    return cells_line(top, *HEADER, font=BOLD)


def table_lines() -> list[TextLine]:
    """A header, a row whose first cell wraps onto a second line, a second row after a gap, and text
    under the table after a wider one."""
    return [header(),
            cells_line(116, (50, "Lage ny plan"), (200, "Rådmann"), (320, "2025")),
            cells_line(128, (50, "for skolen")),
            cells_line(146, (50, "Bygge skole"), (200, "Teknisk"), (320, "2026")),
            line("Tekst under tabellen.", 50, 200)]


def test_a_header_in_three_columns_gives_the_gutters_between_them() -> None:
    columns = header_columns(header())
    assert columns is not None
    assert columns.gutters == ((80.0, 200.0), (230.0, 320.0))  # "Tiltak" ends at 80, "Ansvar" at 230
    assert [columns.column_of(w) for w in header().words] == [0, 1, 2]
    assert header_columns(cells_line(100, (50, "Tiltak"), (200, "Ansvar"))) is None  # two columns: no table


def test_header_cells_may_stand_closer_than_body_columns() -> None:
    close = cells_line(100, (50, "Mål"), (73, "Tiltak"), (113, "Ansvar"))  # 8 points apart
    assert len(close.segments()) == 1  # as body text: one run
    columns = header_columns(close)
    assert columns is not None and len(columns.gutters) == 2


def test_columns_narrow_to_the_lines_they_take_and_refuse_a_line_crossing_a_gutter() -> None:
    columns = header_columns(header())
    assert columns is not None
    taken = columns.taking(cells_line(116, (50, "Lage ny plan"), (190, "Rådmann")))
    assert taken is not None and taken.gutters == ((106.0, 190.0), (230.0, 320.0))
    # a sentence's words narrow a gutter to the space between two of them; a word across it closes it
    sentence = columns.taking(line("en setning som går tvers over spaltene", 50, 116))
    assert sentence is not None and sentence.gutters[0] == (185.0, 188.0)
    assert columns.taking(TextLine((word("Kommuneplanensamfunnsdelen", 70, 116),))) is None


def test_an_unruled_table_grows_down_to_the_text_under_it() -> None:
    lines = table_lines()
    columns = header_columns(lines[0])
    assert columns is not None
    table, end = grow_table(lines, 0, columns, has_header=True)
    assert end == 4 and table.lines == lines[:4]


def test_rows_are_cut_at_gaps_and_a_wrapped_cell_stays_with_its_row() -> None:
    lines = table_lines()
    columns = header_columns(lines[0])
    assert columns is not None
    table, _ = grow_table(lines, 0, columns, has_header=True)
    rows = table_rows(table, page=2)
    assert [row.texts() for row in rows] == [["Tiltak", "Ansvar", "Frist"],
                                             ["Lage ny plan for skolen", "Rådmann", "2025"],
                                             ["Bygge skole", "Teknisk", "2026"]]
    assert [row.is_header for row in rows] == [True, False, False]
    # rows told by spacing alone may be one row: only the header's boundary is certain
    assert [row.boundary for row in rows] == [RowBoundary.CERTAIN, RowBoundary.INFERRED, RowBoundary.INFERRED]
    assert rows[1].cells[0].paragraphs[0].lines == ("Lage ny plan", "for skolen")


def test_a_further_line_of_one_cell_after_a_gap_joins_the_row_above_in_a_top_aligned_table() -> None:
    lines = [header(),
             cells_line(116, (50, "Lage ny plan"), (200, "Rådmann"), (320, "2025")),
             cells_line(134, (50, "Og en ny del.")),  # a gap wider than a row's: a band of its own
             cells_line(152, (50, "Bygge skole"), (200, "Teknisk"), (320, "2026"))]
    columns = header_columns(lines[0])
    assert columns is not None
    table, _ = grow_table(lines, 0, columns, has_header=True)
    assert len(table.lines) == 4
    rows = table_rows(table, page=1)
    assert [row.texts()[0] for row in rows] == ["Tiltak", "Lage ny plan Og en ny del.", "Bygge skole"]


def test_a_row_starts_where_a_silent_column_speaks_again_with_no_gap() -> None:
    lines = [header(),
             cells_line(116, (50, "Lage ny"), (200, "Rådmann"), (320, "2025")),
             cells_line(128, (50, "plan")),
             cells_line(140, (50, "Bygge skole"), (200, "Teknisk"), (320, "2026"))]  # set as close as a wrap
    columns = header_columns(lines[0])
    assert columns is not None
    table, _ = grow_table(lines, 0, columns, has_header=True)
    assert [row.texts() for row in table_rows(table, page=1)][1:] == [["Lage ny plan", "Rådmann", "2025"],
                                                                       ["Bygge skole", "Teknisk", "2026"]]


def test_a_heading_or_a_line_left_of_the_table_under_it_ends_it() -> None:
    lines = [*table_lines()[:4], line("Neste kapittel", 50, 164, size=14, font=BOLD)]
    columns = header_columns(lines[0])
    assert columns is not None
    _, end = grow_table(lines, 0, columns, has_header=True)
    assert end == 4
    under = [*table_lines()[:4], line("En lang setning som krysser begge spaltene", 60, 160)]
    assert grow_table(under, 0, columns, has_header=True)[1] == 5  # set in the table's first column: a row
    under = [*table_lines()[:4], line("En lang setning som krysser begge spaltene", 45, 160)]
    assert grow_table(under, 0, columns, has_header=True)[1] == 4  # left of every cell: text under it


# --- lines → paragraphs


def locate(group: Sequence[TextLine]) -> Location:
    return Location(page=1, bbox=bbox_of(group))


def paragraphs(lines: Sequence[TextLine], edge: float | None = None, body: float | None = None) -> list[Paragraph]:
    """The lines' paragraphs, the text's right edge just right of its widest line unless given."""
    right = max(li.x1 for li in lines) + 2.0 if edge is None else edge
    return lines_to_paragraphs(lines, right, locate, body)


FULL = "Kommunen skal lage en plan for hvordan tjenestene"  # a line as wide as the text


def test_a_full_line_and_the_line_under_it_are_one_paragraph() -> None:
    (only,) = paragraphs([line(FULL, 50, 100), line("Dette gjelder alle.", 50, 112)])
    assert only.text == FULL + " Dette gjelder alle."
    assert only.lines == (FULL, "Dette gjelder alle.") and only.soft_breaks == (True,)
    assert only.location == Location(page=1, bbox=(50.0, 100.0, line(FULL, 50, 100).x1, 122.0))


def test_a_short_line_ends_its_paragraph_unless_the_sentence_goes_on() -> None:
    short = line("Kort linje.", 50, 100)
    assert len(paragraphs([short, line("Neste avsnitt her.", 50, 112)], edge=300)) == 2
    assert len(paragraphs([line("Kort linje", 50, 100), line("som fortsetter her.", 50, 112)], edge=300)) == 1
    assert len(paragraphs([line("Kultur,", 50, 100), line("Idrett og fritid", 50, 112)], edge=300)) == 1


def test_sizes_read_by_ocr_are_one_over_the_document_as_over_each_page() -> None:
    """Sizes told from ink are measured page by page: a body measured 13.6 on one page and 13.0 on the
    next is one size (it ranked above the other page's headings); a heading a fifth larger stays apart,
    and a page drawn as text keeps its sizes."""
    from planparse.readers.paged import _sizes_as_one

    def page(number: int, *sized: tuple[str, float], ocr: bool = True) -> PageText:
        found = [w for index, (text, size) in enumerate(sized) for w in words(text, 50, 100 + 30 * index, size)]
        return PageText(number, 600, 800, found, words_to_lines(found), [], ocr=ocr)

    pages = [page(1, ("Direkt", 13.0), ("Ett barn får inte", 13.0), ("Ändamål", 16.0)),
             page(2, ("Vi arbetar med", 13.6), ("Vi delar in", 13.6)), page(3, ("Tekst", 13.6), ocr=False)]
    out = _sizes_as_one(pages)
    sizes = [sorted({w.size for w in p.words}) for p in out]
    assert sizes[0][0] == sizes[1][0] == sizes[1][-1] and sizes[0][-1] == 16.0 and sizes[2] == [13.6]
    assert [line.text for line in out[1].lines] == ["Vi arbetar med", "Vi delar in"]


def test_a_full_line_read_by_ocr_goes_on_in_a_line_measured_bolder_where_its_sentence_does() -> None:
    """OCR's weight of a line is measured from its ink: a long bold line blurred can measure regular
    and its short last line bold. The line under a full one goes on where it starts in lower case; a
    line given bold by the file (not measured), or one starting a sentence, does not."""
    def read(text: str, top: float, font: str) -> TextLine:
        return TextLine(tuple(dataclasses.replace(w, confidence=95.0) for w in words(text, 50, top, font=font)))

    assert len(paragraphs([read(FULL, 100, FONT), read("merittering.", 112, BOLD)])) == 1
    assert len(paragraphs([read(FULL + ".", 100, FONT), read("Neste mål her.", 112, BOLD)])) == 2
    assert len(paragraphs([line(FULL, 50, 100), line("merittering.", 50, 112, font=BOLD)])) == 2
    assert len(paragraphs([read("Kort linje", 100, FONT), read("som fortsetter.", 112, BOLD)], edge=400)) == 2


def test_a_full_line_read_by_ocr_goes_on_in_a_line_measured_smaller_where_its_sentence_does() -> None:
    """OCR's size of a line is measured from its ink: a photographed page's bold heading measured 13.5 and
    11.4 points on its two lines. The line under a full one goes on where it starts in lower case; a
    line sized by the file, one starting a sentence, or one of a heading's size apart (1.3 ×) does not."""
    read = ocr_line
    assert len(paragraphs([read(FULL, 100, 12.0), read("nasjonalt.", 114, 10.0)])) == 1
    assert len(paragraphs([read(FULL + ".", 100, 12.0), read("Neste mål her.", 114, 10.0)])) == 2
    assert len(paragraphs([line(FULL, 50, 100, 12.0, BOLD), line("nasjonalt.", 50, 114, 10.0, BOLD)])) == 2
    assert len(paragraphs([read(FULL, 100, 13.0), read("nasjonalt.", 116, 10.0)])) == 2


def test_a_wide_step_between_lines_starts_a_paragraph() -> None:
    assert len(paragraphs([line(FULL, 50, 100), line("Dette gjelder alle.", 50, 114)])) == 1
    assert len(paragraphs([line(FULL, 50, 100), line("Dette gjelder alle.", 50, 116)])) == 2  # beyond 1.5 sizes


def test_a_line_starting_elsewhere_starts_a_paragraph() -> None:
    assert len(paragraphs([line(FULL, 50, 100), line("Dette gjelder alle.", 90, 112)])) == 2


def test_a_heading_is_told_by_its_weight_and_by_its_size() -> None:
    body = [line(FULL, 50, 120), line("Dette gjelder alle.", 50, 132)]
    bold = paragraphs([line("Mål for arbeidet med planen i kommunen", 50, 100, font=BOLD), *body])
    assert [(p.text[:6], p.style.bold) for p in bold] == [("Mål fo", True), ("Kommun", False)]
    big = paragraphs([line("Mål for planen", 50, 102, size=14), *body])
    assert [(p.text[:6], p.style.size) for p in big] == [("Mål fo", 14.0), ("Kommun", 10.0)]
    # a full bold line ends its paragraph though the plain line under it goes on in lower case
    full = paragraphs([line(FULL, 50, 100, font=BOLD), line("og dette gjelder alle.", 50, 112)])
    assert [p.style.bold for p in full] == [True, False]
    assert len(paragraphs([line(FULL, 50, 100), line("og dette gjelder alle.", 50, 112)])) == 1


def test_a_heading_wrapped_over_two_lines_is_one_heading() -> None:
    heading = [line("Utdanning og", 50, 100, size=16, font=BOLD), line("Kompetanse", 50, 120, size=16, font=BOLD)]
    assert len(paragraphs(heading, edge=400)) == 2  # no body size known: a short line is a paragraph's end
    (only,) = paragraphs(heading, edge=400, body=10.0)
    assert only.text == "Utdanning og Kompetanse"
    ended = [line("Utdanning.", 50, 100, size=16, font=BOLD), line("Kompetanse", 50, 120, size=16, font=BOLD)]
    assert len(paragraphs(ended, edge=400, body=10.0)) == 2  # a heading ending a sentence is whole


def test_each_bulleted_line_opens_a_list_item_and_its_wrapped_line_hangs_under_its_text() -> None:
    items = [TextLine((word("•", 50, 100), *words(FULL, 60, 100))),
             line("og mer tekst", 60, 112),  # at the text's indent: the item goes on
             TextLine((word("•", 50, 124), *words("Andre punkt", 60, 124)))]
    found = paragraphs(items)
    assert [p.text for p in found] == [f"• {FULL} og mer tekst", "• Andre punkt"]


def test_dashes_and_numbers_open_items_in_a_list_of_them() -> None:
    dashed = [line(f"- {FULL}", 50, 100), line(f"- {FULL}", 50, 112)]
    assert len(paragraphs(dashed)) == 2
    numbered = [line(f"1. {FULL}", 50, 100), line(f"2. {FULL}", 50, 112)]
    assert len(paragraphs(numbered)) == 2
    hyphen = [line(FULL, 50, 100), line(f"- {FULL}", 50, 112)]  # a dash after plain text: the line goes on
    assert len(paragraphs(hyphen)) == 1


def test_a_list_item_marked_by_a_drawn_dot_is_a_paragraph_of_its_own() -> None:
    placed = [*words(FULL, 60, 100), *words(FULL, 60, 112)]
    assert len(paragraphs(words_to_lines(placed))) == 1  # without the dots: one paragraph
    dots = [Fill(50, 103, 54, 107), Fill(50, 115, 54, 119)]
    with_dots = [*placed, *drawn_bullets(placed, dots, [])]
    found = paragraphs(words_to_lines(with_dots))
    assert [p.text for p in found] == [f"• {FULL}", f"• {FULL}"]


def test_paragraphs_set_a_little_further_apart_than_their_lines_are_told_apart() -> None:
    lines = [line(FULL, 50, 100), line(FULL, 50, 112), line("Nytt avsnitt her.", 50, 126)]  # steps 12 and 14
    assert [len(p.lines) for p in paragraphs(lines)] == [2, 1]
    lower = [*lines[:2], line("nytt avsnitt her.", 50, 126)]  # a small letter: the sentence goes on
    assert [len(p.lines) for p in paragraphs(lower)] == [3]


def test_lines_in_another_size_are_another_paragraph() -> None:
    assert len(paragraphs([line(FULL, 50, 100), line("Dette gjelder alle.", 50, 112, size=10.5)])) == 1
    assert len(paragraphs([line(FULL, 50, 100), line("Dette gjelder alle.", 50, 112, size=11)])) == 2


# --- running heads and page numbers

HEIGHT = 842.0  # an A4 page: its top and bottom 9 % are where running heads stand


def page_lines(*lines: TextLine) -> tuple[float, list[TextLine]]:
    return HEIGHT, list(lines)


def test_a_header_and_a_footer_on_every_page_are_left_out_and_the_body_kept() -> None:
    pages = [page_lines(line("Handlingsplan for kultur", 50, 30),
                        line(f"Tekst på side {n}", 50, 200),
                        line("Kommunen AS", 50, 800))
             for n in range(1, 4)]
    assert furniture_lines(pages) == {(p, i) for p in range(3) for i in (0, 2)}


def test_a_head_differing_only_in_its_digits_is_the_same_running_head() -> None:
    pages = [page_lines(line(f"Handlingsplan kapittel {n}", 50, 30), line("Tekst", 50, 200)) for n in range(1, 5)]
    assert furniture_lines(pages) == {(p, 0) for p in range(4)}


def test_a_page_number_is_left_out_even_on_one_page() -> None:
    for number in ("7", "Side 7", "Side 7 av 12", "- 7 -", "7 / 12", "Page 7 of 12"):
        pages = [page_lines(line("Tekst", 50, 200), line(number, 280, 800))]
        assert furniture_lines(pages) == {(0, 1)}, number
    # a page number stands a little higher than running heads may (under a letterhead's logo)
    assert furniture_lines([page_lines(line("Tekst", 50, 200), line("7", 280, 750))]) == {(0, 1)}
    assert furniture_lines([page_lines(line("Tekst", 50, 200), line("7", 280, 700))]) == set()  # in the body


def test_lines_that_do_not_repeat_or_stand_in_the_body_are_no_running_heads() -> None:
    pages = [page_lines(line("Forord" if n == 0 else "Tekst", 50, 30), line("Kommunen AS", 50, 400))
             for n in range(4)]
    found = furniture_lines(pages)
    assert (0, 0) not in found  # at the top of one page of four only
    assert not any(index == 1 for _, index in found)  # repeated, but in the middle of the page


def test_a_table_header_repeated_at_the_top_of_each_page_is_not_a_running_head() -> None:
    head = (50.0, "Tiltak"), (200.0, "Ansvar"), (320.0, "Frist")
    with_rows = [page_lines(cells_line(30, *head), cells_line(50, (50, measure), (200, "Rådmann"), (320, "2025")),
                            line("Tekst", 50, 200)) for measure in ("Plan", "Skole", "Vei")]
    assert furniture_lines(with_rows) == set()
    banner = [page_lines(cells_line(30, *head), line("Tekst", 50, 200)) for _ in range(3)]  # nothing under it
    assert furniture_lines(banner) == {(p, 0) for p in range(3)}


# --- the layout built across pages


def page(number: int, placed: Sequence[Word], edges: Sequence[dict[str, Any]] = ()) -> PageText:
    return PageText(number, 595.0, HEIGHT, list(placed), words_to_lines(placed), edges_to_grids(edges))


def grid_words(ys: Sequence[float], xs: Sequence[float], rows: Sequence[Sequence[str]]) -> list[Word]:
    """The rows' texts set in the cells of a grid with those lines."""
    return [w for r, texts in enumerate(rows) for c, text in enumerate(texts)
            for w in words(text, xs[c] + 5, ys[r] + 5)]


def kinds(blocks: Sequence[object]) -> list[str]:
    return [type(block).__name__ for block in blocks]


def two_pages(second_xs: Sequence[float]) -> list[PageText]:
    """A ruled table at the foot of the first page and one in `second_xs` columns at the head of the next."""
    first_ys, second_ys = [640.0, 660.0, 680.0], [100.0, 120.0, 140.0]
    first = page(1, [*words("Innledning til planen.", 50, 200),
                     *grid_words(first_ys, XS, [["Tiltak", "Ansvar", "Frist"], ["Plan", "Rådmann", "2025"]])],
                 ruled(XS, first_ys))
    rows = [["Skole", "Teknisk", "2026"], ["Vei", "Teknisk", "2027"]]
    second = page(2, [*grid_words(second_ys, second_xs, [row[:len(second_xs) - 1] for row in rows]),
                      *words("Avslutning.", 50, 300)],
                  ruled(list(second_xs), second_ys))
    return [first, second]


def test_a_table_the_page_break_cut_is_joined_to_its_first_part() -> None:
    blocks = pages_to_blocks(two_pages(XS))
    assert kinds(blocks) == ["Paragraph", "Table", "Paragraph"]
    table = blocks[1]
    assert isinstance(table, Table)
    assert [row.texts() for row in table.rows] == [["Tiltak", "Ansvar", "Frist"], ["Plan", "Rådmann", "2025"],
                                                   ["Skole", "Teknisk", "2026"], ["Vei", "Teknisk", "2027"]]
    assert [row.boundary for row in table.rows] == [RowBoundary.CERTAIN, RowBoundary.CERTAIN,
                                                    RowBoundary.PAGE_BREAK, RowBoundary.CERTAIN]
    assert [(row.location.page, row.location.table, row.location.row) for row in table.rows] == [
        (1, 1, 1), (1, 1, 2), (2, 1, 3), (2, 1, 4)]


def test_tables_in_other_columns_on_the_next_page_stay_two_tables() -> None:
    assert kinds(pages_to_blocks(two_pages([50.0, 200.0, 350.0]))) == ["Paragraph", "Table", "Table", "Paragraph"]
    shifted = pages_to_blocks(two_pages([x + 60 for x in XS]))  # as many columns, all further right
    assert kinds(shifted) == ["Paragraph", "Table", "Table", "Paragraph"]
    assert [block.location.table for block in shifted if isinstance(block, Table)] == [1, 2]


def test_an_unruled_table_at_the_foot_of_a_page_goes_on_at_the_head_of_the_next() -> None:
    first = page(1, [*words("Innledning til planen.", 50, 200),
                     *header(700).words,
                     *cells_line(716, (50, "Lage ny plan"), (200, "Rådmann"), (320, "2025")).words])
    second = page(2, [*cells_line(100, (50, "Bygge skole"), (200, "Teknisk"), (320, "2026")).words,
                      *words("Avslutning.", 50, 300)])
    blocks = pages_to_blocks([first, second])
    assert kinds(blocks) == ["Paragraph", "Table", "Paragraph"]
    table = blocks[1]
    assert isinstance(table, Table)
    assert [row.texts()[0] for row in table.rows] == ["Tiltak", "Lage ny plan", "Bygge skole"]
    assert table.rows[2].boundary is RowBoundary.PAGE_BREAK


def test_running_heads_are_left_out_of_the_layout() -> None:
    pages = [page(n, [*words("Handlingsplan for kultur", 50, 30), *words(f"Tekst på side {n}.", 50, 200),
                      *words(str(n), 290, 800)]) for n in (1, 2, 3)]
    blocks = pages_to_blocks(pages)
    assert [block.text for block in blocks if isinstance(block, Paragraph)] == [
        "Tekst på side 1.", "Tekst på side 2.", "Tekst på side 3."]
    # and on pages with a ruled table, whose words are parted from the text around it
    ys = [300.0, 320.0, 340.0]
    pages = [page(n, [*words("Handlingsplan for kultur", 50, 30), *words(f"Tekst på side {n}.", 50, 200),
                      *grid_words(ys, XS, [["a", "b", "c"], ["d", "e", "f"]]), *words(str(n), 290, 800)],
                  ruled(XS, ys)) for n in (1, 2, 3)]
    blocks = pages_to_blocks(pages)
    assert [block.text for block in blocks if isinstance(block, Paragraph)] == [
        "Tekst på side 1.", "Tekst på side 2.", "Tekst på side 3."]
    assert kinds(blocks) == ["Paragraph", "Table"] * 3


def test_tables_right_under_each_other_in_the_same_columns_are_one_table() -> None:
    upper, lower = [100.0, 120.0, 140.0], [150.0, 170.0, 190.0]
    placed = [*grid_words(upper, XS, [["Tiltak", "Ansvar", "Frist"], ["Plan", "Rådmann", "2025"]]),
              *grid_words(lower, XS, [["Skole", "Teknisk", "2026"], ["Vei", "Teknisk", "2027"]])]
    (table,) = pages_to_blocks([page(1, placed, ruled(XS, upper) + ruled(XS, lower))])
    assert isinstance(table, Table) and len(table.rows) == 4
    other = [50.0, 200.0, 350.0]
    placed = [*grid_words(upper, XS, [["Tiltak", "Ansvar", "Frist"], ["Plan", "Rådmann", "2025"]]),
              *grid_words(lower, other, [["Skole", "2026"], ["Vei", "2027"]])]
    assert kinds(pages_to_blocks([page(1, placed, ruled(XS, upper) + ruled(other, lower))])) == ["Table", "Table"]


def test_reading_order_puts_blocks_by_their_top() -> None:
    ys = [300.0, 320.0, 340.0]
    placed = [*words("Under tabellen.", 50, 400), *grid_words(ys, XS, [["a", "b", "c"], ["d", "e", "f"]]),
              *words("Over tabellen.", 50, 200)]
    blocks = pages_to_blocks([page(1, placed, ruled(XS, ys))])
    assert kinds(blocks) == ["Paragraph", "Table", "Paragraph"]
    assert isinstance(blocks[0], Paragraph) and blocks[0].text == "Over tabellen."


# --- the settings: every tolerance explained, and used

UNIT = re.compile(r"^(points|font sizes|of a letter's width|degrees"
                  r"|share of (?:a|the) page's (?:width|height|area)|of the text's own line pitch"
                  r"|of the body text's size|share of a drawn space's width|width to height"
                  r"|line steps|lines|times the smaller size)\b[:\s]*(?P<reason>.*)$")
COUNTED = re.compile(r"\b(edges|columns|rows|lines|words|characters)\b")


def tolerance_comments() -> dict[str, tuple[str, str]]:
    """Each field of the settings record with its type and the comment written above it (a field right
    under another shares that one's comment)."""
    found: dict[str, tuple[str, str]] = {}
    comment: list[str] = []
    after_field = False
    for raw in Path(settings_module.__file__).read_text(encoding="utf-8").splitlines():
        text = raw.strip()
        if text.startswith("# ---"):
            comment, after_field = [], False
        elif text.startswith("#"):
            if after_field:
                comment, after_field = [], False
            comment.append(text.lstrip("# "))
        elif field := re.match(r"(\w+): (float|int) = ", text):
            found[field[1]] = (field[2], " ".join(comment))
            after_field = True
    return found


def test_every_tolerance_has_a_unit_and_a_reason() -> None:
    comments = tolerance_comments()
    assert set(comments) == {field.name for field in dataclasses.fields(ChainSettings)}
    unexplained = []
    for name, (kind, comment) in comments.items():
        if kind == "float":  # a length, a share or a ratio: its unit first, then what it decides
            unit = UNIT.match(comment)
            if unit is None or len(unit["reason"].split()) < 3:
                unexplained.append(f"{name}: {comment!r}")
        elif not COUNTED.search(comment) or len(comment.split()) < 6:  # a count: of what, and why
            unexplained.append(f"{name}: {comment!r}")
    assert unexplained == []


def chain_modules() -> list[ModuleType]:
    """Every module of the chain that reads the settings record (each holds its own name for it)."""
    for found in pkgutil.iter_modules(pages_package.__path__, pages_package.__name__ + "."):
        importlib.import_module(found.name)
    return [module for name, module in sorted(sys.modules.items())
            if name.startswith("planparse.") and getattr(module, "SETTINGS", None) is SETTINGS]


def test_the_chain_s_modules_read_the_one_settings_record() -> None:
    assert {module.__name__.rsplit(".", 1)[-1] for module in chain_modules()} >= {
        "text", "bullets", "ruled", "unruled", "paragraphs", "furniture", "build", "settings", "paged"}


# Module-level numbers in the chain's modules that are no tolerance: a lookup's granularity, a margin for
# rounding, what OCR is given and judged by (OCR's own, not the chain's), and how many pages are read
# by OCR at once (the reader's threads, not what a page is taken to hold).
NOT_TOLERANCES = {"planparse.readers.pages.bullets": {"BAND"}, "planparse.readers.pages.cells": {"NEAR"},
                  "planparse.readers.paged": {"OCR_DPI", "SCAN_DPI", "PICTURE_WORDS_MIN", "PICTURE_CONFIDENCE_MIN",
                                              "PICTURE_WORDY_SHARE", "OWN_LINES", "AHEAD_PER_JOB", "PAGE_JOB_MB"}}


def is_number(value: object) -> bool:
    """A number, or a tuple of numbers (a range)."""
    if isinstance(value, tuple):
        return bool(value) and all(is_number(part) for part in value)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def test_no_tolerance_is_left_outside_the_settings_record() -> None:
    chain_modules()  # every module of the chain imported
    modules = [module for name, module in sorted(sys.modules.items()) if name == "planparse.readers.paged"
               or (name.startswith(pages_package.__name__ + ".") and module is not settings_module)]
    assert len(modules) >= 10
    stray = {f"{module.__name__}.{name}" for module in modules for name, value in vars(module).items()
             if is_number(value) and not name.startswith("__") and name not in NOT_TOLERANCES.get(module.__name__, ())}
    assert stray == set()


def outcome_with(monkeypatch: pytest.MonkeyPatch, step: Callable[[], object], name: str, value: float) -> object:
    """What `step` gives with one tolerance of the chain's settings changed (in every module reading them)."""
    changes: dict[str, Any] = {name: value}
    with monkeypatch.context() as patch:
        changed = dataclasses.replace(SETTINGS, **changes)
        for module in chain_modules():
            patch.setattr(module, "SETTINGS", changed)
        return step()


def word_count(*runs: list[dict[str, Any]]) -> int:
    return len(chars_to_words([char for run in runs for char in run]))


def paragraph_count(lines: Sequence[TextLine], edge: float | None = None) -> int:
    return len(paragraphs(lines, edge))


def header_cols() -> Columns:
    columns = header_columns(header())
    assert columns is not None
    return columns


def grown(lines: Sequence[TextLine]) -> int:
    """How many lines the unruled table starting at the first of them takes."""
    columns = header_columns(lines[0])
    assert columns is not None
    return len(grow_table(lines, 0, columns, has_header=True)[0].lines)


def body_rows(*lines: TextLine) -> int:
    return len(table_rows(grow_table([header(), *lines], 0, header_cols(), has_header=True)[0], page=1))


def head(*lines: TextLine) -> int:
    """How many lines of a page's head are running heads, the same head on three pages."""
    return len(furniture_lines([page_lines(*lines) for _ in range(3)])) // 3


def ocr_footers(*texts: str) -> int:
    """How many of pages' footers read by OCR (one a page, each with a logo's strokes read as letters
    beside it or not) are running footers."""
    def ocr_line(text: str) -> TextLine:
        return TextLine(tuple(dataclasses.replace(w, confidence=90.0) for w in words(text, 50, 800)))

    return len(furniture_lines([page_lines(line("Tekst", 50, 200), ocr_line(text)) for text in texts]))


def alignment_of(*lines: TextLine) -> str:
    table = UnruledTable(header_cols(), [header(), *lines])
    return vertical_alignment(table, [list(lines)])


def bullets_beside(shape: Fill) -> int:
    """How many drawn bullets a shape makes left of a line of text (its middle at 105, its first word at 60)."""
    return len(drawn_bullets(words("Første punkt", 60, 100), [shape], []))


def italic_after_space(room: float) -> str:
    """Two italic words, a drawn space 2.5 points wide between them, the second starting `room` points
    into the space (leaning back over the rest of it)."""
    italic = "Helvetica-Oblique"
    first = chars("of", 50, 100, font=italic)
    space = {**chars(" ", first[-1]["x1"], 100, font=italic)[0]}
    space["x1"] = space["x0"] + 2.5
    return join_words(chars_to_words([*first, space, *chars("the", space["x0"] + room, 100, font=italic)]))


def edge_of_first(*lines: TextLine, images: Sequence[tuple[float, float, float, float]] = ()) -> float:
    """The right edge of the first line's text block, the page's text reaching to 500 points."""
    return edge_beside(dataclasses.replace(page(1, []), images=list(images)), 500.0, lines)(lines[0])


def banner_count(ys: Sequence[float]) -> int:
    """How many running banners three pages show, each with a grid ruled at `ys` at its top whose first
    row says the same on every page."""
    rows = [["Rapport", "Kultur", "2024"], *(["a", "b", "c"] for _ in ys[2:])]
    return len(banners([page(n, grid_words(ys, XS, rows), ruled(XS, list(ys))) for n in (1, 2, 3)]))


def with_picture(picture: tuple[float, float, float, float], text: list[dict[str, Any]]) -> SourcePage:
    """An A4 page showing one picture, with `text` drawn on it."""
    return SourcePage(595.0, HEIGHT, text, [], images=[picture])


UNDER = table_lines()[:4]  # a table: its header, a row with a wrapped cell, a second row
SHORT = line("Kort linje.", 50, 100)
GRID_WORDS = [["Tiltak", "Ansvar", "Frist"], ["Plan", "Rådmann", "2025"]]

# Each tolerance: a value to change it to, a step that uses it, and what the step gives before and after.
def stretched_layer(space_at: float, space_width: float = 4.0) -> list[dict[str, Any]]:
    """"og x" as a one-width OCR layer draws it: each glyph 4 points wide, the space after "og" too."""
    def char(text: str, x0: float, x1: float) -> dict[str, Any]:
        return {"text": text, "x0": x0, "x1": x1, "top": 10.0, "bottom": 20.0, "size": 10.0, "fontname": "G"}

    return [char("o", 0, 4), char("g", 4, 8), char(" ", space_at, space_at + space_width), char("x", 15, 19)]


def turned_layer(*turns: float) -> SourcePage:
    """A scan's page whose layer's characters are turned so many degrees each."""
    return SourcePage(595.0, HEIGHT, [{**c, "turn": turn} for c, turn in zip(chars("abcd", 50, 100), turns,
                                                                             strict=True)], [], hidden_text=True)


USED: dict[str, tuple[float, Callable[[], object], object, object]] = {
    "char_gap_x": (2.5, lambda: word_count(chars("Plan", 50, 100), chars("Mål", 72, 100)), 2, 1),
    "char_gap_y": (3.5, lambda: word_count(chars("ab", 50, 100), chars("cd", 60, 103)), 2, 1),
    "column_gap": (2.0, lambda: len(cells_line(100, (50, "Tiltak"), (95, "Ansvar"), (140, "Frist")).segments()), 3, 1),
    "min_column_gap": (5.0, lambda: len(TextLine((word("a", 50, 100, 4), word("b", 57.5, 100, 4))).segments()), 1, 2),
    "space_gap": (0.05, lambda: join_words([word("a", 50, 100), word("b", 56, 100)]), "ab", "a b"),
    "same_line": (0.2, lambda: len(words_to_lines([*words("CO", 50, 100), word("2", 60, 99, 6)])), 1, 2),
    "layer_adjacent": (0.1, lambda: [c["x1"] for c in layer_chars_fitted(stretched_layer(8.3))][1], 12.3, 8),
    "layer_same_width": (0.05, lambda: [c["x1"] for c in layer_chars_fitted(stretched_layer(8, 4.3))][1], 12.3, 8),
    "min_layer_skew": (1.5, lambda: _layer_levelled(turned_layer(1.0, 1.0, 1.0, 1.0))[1], 1.0, 0.0),
    "max_layer_skew": (0.5, lambda: _layer_levelled(turned_layer(1.0, 1.0, 1.0, 1.0))[1], 1.0, 0.0),
    "layer_skew_spread": (1.0, lambda: len(_layer_levelled(turned_layer(1.0, 1.0, 1.0, 2.5))[0]), 4, 3),
    "space_room": (0.45, lambda: italic_after_space(1.0), "of the", "ofthe"),
    "bullet_size": (1.1, lambda: bullets_beside(Fill(48, 99.75, 58.5, 110.25)), 0, 1),  # 10.5 points of 10
    "min_bullet_size": (1.0, lambda: bullets_beside(Fill(56, 104.3, 57.4, 105.7)), 0, 1),  # 1.4 points
    "max_bullet_size": (3.5, lambda: bullets_beside(Fill(50, 103, 54, 107)), 1, 0),  # 4 points
    "bullet_aspect_min": (0.4, lambda: bullets_beside(Fill(52, 100.5, 56, 109.5)), 0, 1),  # 4 wide, 9 high
    "bullet_aspect_max": (2.5, lambda: bullets_beside(Fill(47, 103, 56, 107)), 0, 1),  # 9 wide, 4 high
    "bullet_gap": (2.7, lambda: bullets_beside(Fill(30, 103, 34, 107)), 0, 1),  # 26 points short of the word
    "bullet_same_line": (0.8, lambda: bullets_beside(Fill(50, 110, 54, 114)), 0, 1),  # 7 points under its middle
    "paragraph_step": (1.7, lambda: paragraph_count([line(FULL, 50, 100), line("Dette.", 50, 116)]), 2, 1),
    "pitch_room": (1.0, lambda: paragraph_count([line(FULL, 50, 100), line(FULL, 50, 114), line(FULL, 50, 128),
                                                 line("og dette.", 50, 144)]), 1, 2),
    "max_paragraph_step": (2.2, lambda: paragraph_count([line(FULL, 50, 100), line(FULL, 50, 118),
                                                         line(FULL, 50, 136), line("og dette.", 50, 156.5)]), 2, 1),
    "space_width": (1.0, lambda: paragraph_count([SHORT, line("Neste linje.", 50, 112)], edge=SHORT.x1 + 36), 2, 1),
    "right_margin": (1.0, lambda: paragraph_count([SHORT, line("Neste linje.", 50, 112)], edge=SHORT.x1 + 36), 2, 1),
    "same_size": (0.3, lambda: paragraph_count([line(FULL, 50, 100), line("Dette.", 50, 112, size=10.5)]), 1, 2),
    "measured_size": (1.1, lambda: paragraph_count([ocr_line(FULL, 100, 12.0), ocr_line("nasjonalt.", 114, 10.0)]),
                      1, 2),
    "indent": (1.0, lambda: paragraph_count([line(FULL, 50, 100), line("Dette.", 62, 112)]), 1, 2),
    "hang": (0.1, lambda: paragraph_count([TextLine((word("•", 50, 100), *words(FULL, 70, 100))),
                                           line("og mer.", 72, 112)]), 1, 2),
    "extra_step": (0.2, lambda: paragraph_count([line(FULL, 50, 100), line(FULL, 50, 112), line(FULL, 50, 124),
                                                 line("Nytt avsnitt.", 50, 137.5)]), 2, 1),
    "right_edge_share": (0.5, lambda: right_edge([line(FULL + " mer" * (n % 2), 50, 100 + 12 * n) for n in range(4)],
                                                 page(1, [])), 299.0, 281.0),
    "full_line_words": (3, lambda: right_edge([line("tre ord her", 50, 100)], page(1, [])), 535.5, 101.0),
    "edge_window": (7, lambda: edge_of_first(*(line("Kort", 50, 100 + 12 * n) for n in range(7)),
                                             line(FULL, 50, 184)), 500.0, line(FULL, 50, 184).x1),
    "min_picture": (19.0, lambda: edge_of_first(SHORT, images=[(300.0, 95.0, 319.5, 115.0)]), 500.0, 300.0),
    "heading_size": (1.3, lambda: len(paragraphs([line("Utdanning og", 50, 100, size=12.5, font=BOLD),
                                                  line("Kompetanse", 50, 116, size=12.5, font=BOLD)],
                                                 edge=400, body=10.0)), 1, 2),
    "snap": (1.0, lambda: len(edges_to_grids([hline(50, 350, y) for y in YS]
                                             + [vline(x, 100, 138) for x in XS])[0].cells), 6, 3),
    "min_edge": (2.0, lambda: len(edges_to_grids([hline(50 + 5 * i, 53 + 5 * i, y) for i in range(60) for y in YS]
                                                 + [vline(x, 100, 140) for x in XS])), 0, 1),
    "max_edges": (5, lambda: len(edges_to_grids(ruled(XS, YS))), 1, 0),
    "boundary_cluster": (5.0, lambda: len(edges_to_grids(ruled([50, 150, 154, 250], YS))[0].xs), 4, 3),
    "min_columns": (4, lambda: header_columns(header()) is not None, True, False),
    "header_gap": (1.0, lambda: header_columns(cells_line(100, (50, "Mål"), (73, "Tiltak"), (113, "Ansvar")))
                   is not None, True, False),
    "row_gap": (1.0, lambda: body_rows(cells_line(116, (50, "lage plan"), (200, "rådmann"), (320, "2025")),
                                       cells_line(132, (50, "bygge skole"), (200, "teknisk"), (320, "2026"))), 3, 2),
    "min_rhythm_lines": (4, lambda: grown([header(), cells_line(114, (50, "Plan"), (200, "Rådmann"), (320, "2025")),
                                           cells_line(128, (50, "Skole"), (200, "Teknisk"), (320, "2026")),
                                           line("tekst", 50, 148)]), 3, 4),
    "end_gap": (0.5, lambda: grown([*UNDER, line("tekst", 50, 166)]), 5, 4),
    "line_step": (0.3, lambda: grown([*UNDER, line("tekst", 50, 166)]), 5, 4),
    "max_spanning_lines": (1, lambda: grown([*UNDER, line("Et mål over hele tabellen", 40, 160),
                                             line("og en linje til", 40, 172),
                                             cells_line(190, (50, "Vei"), (200, "Teknisk"), (320, "2027"))]), 7, 4),
    "alignment": (1.5, lambda: alignment_of(cells_line(116, (50, "Lage")),
                                            cells_line(128, (50, "plan"), (200, "Rådmann"))), "bottom", "top"),
    "foreign_size": (3.0, lambda: grown([*UNDER, line("tekst", 50, 160, size=12)]), 4, 5),
    "left_of_table": (6.0, lambda: grown([*UNDER, line("tekst", 45, 160)]), 4, 5),
    "same_columns": (12.0, lambda: len(pages_to_blocks(two_pages([x + 10 for x in XS]))), 4, 3),
    "edge_zone": (0.12, lambda: head(line("Handlingsplan for kultur", 50, 80), line("Tekst", 50, 200)), 0, 1),
    "core_word": (5, lambda: ocr_footers("bå DKRR Årshjul", "Se DKRR Årshjul 5", "DKRR Årshjul 6"), 3, 0),
    "page_number_zone": (0.2, lambda: head(line("Tekst", 50, 200), line("7", 280, 700)), 0, 1),
    "banner_zone": (0.14, lambda: banner_count([120.0, 140.0]), 1, 0),  # 0.14 of the page is 117.9 points
    "banner_rows": (1, lambda: banner_count([100.0, 120.0, 140.0]), 1, 0),
    "picture_cover": (0.14, lambda: len(picture_regions(with_picture((50.0, 150.0, 320.0, 420.0),
                                                                     chars("Tekst", 50, 100)))), 0, 1),
    "scan_text_inside": (21, lambda: len(picture_regions(with_picture((50.0, 150.0, 450.0, 550.0),
                                                                      chars("x" * 21, 60, 200)))), 0, 1),
    "scan_cover": (0.38, lambda: is_scanned(with_picture((0.0, 100.0, 595.0, 428.0), chars("Tekst", 50, 50))),
                   False, True),  # 0.39 of the page
}


def test_every_tolerance_is_tried() -> None:
    assert set(USED) == {field.name for field in dataclasses.fields(ChainSettings)}


@pytest.mark.parametrize("name", sorted(USED))
def test_changing_a_tolerance_changes_what_its_step_gives(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    value, step, before, after = USED[name]
    assert step() == before
    assert outcome_with(monkeypatch, step, name, value) == after
    assert step() == before  # and the settings are back


# --- a page as a page source hands it over


def test_a_source_page_becomes_words_lines_grids_and_drawn_bullets() -> None:
    ys = [300.0, 320.0, 340.0]
    grid_chars = [c for r, texts in enumerate([["Tiltak", "Ansvar", "Frist"], ["Plan", "Rådmann", "2025"]])
                  for col, text in enumerate(texts) for c in chars(text, XS[col] + 5, ys[r] + 5)]
    sideways = [{**c, "upright": False} for c in chars("Utkast", 20, 400)]  # text set on its side: left out
    source = SourcePage(595.0, HEIGHT,
                        [*chars("Ø", 50, 100, font="Wingdings"), *chars(" Første punkt", 55, 100),
                         *chars("Andre punkt", 60, 112), *grid_chars, *sideways],
                        ruled(XS, ys), fills=[Fill(50, 115, 54, 119)])
    warnings: list[PlanWarning] = []
    text = page_text(4, source, Limits(), warnings)
    assert (text.number, text.width, text.height, warnings) == (4, 595.0, HEIGHT, [])
    assert [li.text for li in text.lines] == ["➢ Første punkt", "• Andre punkt", "Tiltak Ansvar Frist",
                                              "Plan Rådmann 2025"]
    (grid,) = text.grids
    assert grid.xs == tuple(XS) and grid.ys == tuple(ys)
    assert text.fills == [Fill(50, 115, 54, 119)]


def test_a_page_of_more_characters_than_the_limit_is_passed_over_with_a_warning() -> None:
    source = SourcePage(595.0, HEIGHT, chars("Tekst", 50, 100), ruled(XS, YS))
    warnings: list[PlanWarning] = []
    text = page_text(2, source, Limits(max_chars_per_page=4), warnings)
    assert text.words == [] and text.grids == []  # no words: its lines are not looked for tables either
    assert [(w.code, w.location.page) for w in warnings] == [("page-too-dense", 2)]


def test_a_one_width_ocr_layers_words_end_where_their_ink_does() -> None:
    """Tesseract's text layer stretches a word and the space after it over the word's ink, all glyphs
    one width: the last letter is made to end where that space ends; a space of another width (a layer
    fitted another way, or text) leaves the letters as they are."""
    def char(text: str, x0: float, x1: float) -> dict[str, Any]:
        return {"text": text, "x0": x0, "x1": x1, "top": 10.0, "bottom": 20.0, "size": 10.0, "fontname": "G"}

    stretched = [char("o", 0, 4), char("g", 4, 8), char(" ", 8, 12), char("x", 15, 19)]
    assert [c["x1"] for c in layer_chars_fitted(stretched)] == [4, 12, 12, 19]
    fitted = [char("o", 0, 4), char("g", 4, 8), char(" ", 8, 10.5), char("x", 15, 19)]
    assert [c["x1"] for c in layer_chars_fitted(fitted)] == [4, 8, 10.5, 19]
    apart = [char("o", 0, 4), char("g", 4, 8), char(" ", 9, 13), char("x", 15, 19)]
    assert [c["x1"] for c in layer_chars_fitted(apart)] == [4, 8, 13, 19]


def test_a_skewed_layers_characters_are_turned_back_level_about_the_page_middle() -> None:
    """A line of a layer turned 2 degrees (rising to the right as seen) comes level: its characters'
    middles at one height, and the page's middle stays where it is."""
    import math

    rise = math.tan(math.radians(2.0))
    line = [{"text": t, "x0": x, "x1": x + 5, "top": 395 - (x - 297.5) * rise, "bottom": 405 - (x - 297.5) * rise,
             "size": 10.0, "fontname": "G", "turn": 2.0} for t, x in zip("abcdef", range(100, 500, 70), strict=False)]
    levelled, turn = _layer_levelled(SourcePage(595.0, 800.0, line, [], hidden_text=True))
    assert turn == 2.0 and all(c["upright"] for c in levelled)
    middles = [(c["top"] + c["bottom"]) / 2 for c in levelled]
    assert max(middles) - min(middles) < 0.5  # level (turned 2 degrees, they spread 13 points)


def test_an_unruled_table_does_not_run_on_across_a_ruled_table_between_its_lines() -> None:
    """Lines above a ruled table and lines under it are not one unruled table's rows, however their
    words line up (a scan's title over a table, and words read from a picture under it); beside the
    lines, a ruled table does not stop it."""
    lines = [header(),
             cells_line(116, (50, "Lage ny plan"), (200, "Rådmann"), (320, "2025")),
             cells_line(400, (50, "Bygge skole"), (200, "Teknisk"), (320, "2026"))]
    columns = header_columns(lines[0])
    assert columns is not None
    assert len(grow_table(lines, 0, columns, has_header=True)[0].lines) == 3
    assert len(grow_table(lines, 0, columns, has_header=True, ruled=[(40, 150, 500, 380)])[0].lines) == 2
    assert len(grow_table(lines, 0, columns, has_header=True, ruled=[(600, 150, 800, 380)])[0].lines) == 3
