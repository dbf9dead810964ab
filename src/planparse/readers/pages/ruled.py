"""Ruled tables: drawn lines and rectangles → cell grid → cells filled with the words inside them."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from planparse.layout import Cell, Paragraph, Row
from planparse.model import BBox, Location
from planparse.readers.pages.cells import cells, edge_tuples, intersections, merge_edges, tables
from planparse.readers.pages.paragraphs import bbox_of, lines_to_paragraphs
from planparse.readers.pages.settings import SETTINGS
from planparse.readers.pages.text import Word, words_to_lines


@dataclass(frozen=True)
class GridCell:
    bbox: BBox
    rows: tuple[int, int]  # first row, one past the last
    columns: tuple[int, int]


@dataclass(frozen=True)
class Grid:
    """A ruled table: its column and row boundaries and its cells."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    cells: tuple[GridCell, ...]

    @property
    def bbox(self) -> BBox:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def holds(self, word: Word) -> bool:
        return self.contains(word.center_x, word.center_y)

    def contains(self, x: float, y: float) -> bool:
        x0, top, x1, bottom = self.bbox
        return x0 <= x <= x1 and top <= y <= bottom


def _cluster(values: Sequence[float], tolerance: float | None = None) -> list[float]:
    tolerance = SETTINGS.boundary_cluster if tolerance is None else tolerance
    out: list[float] = []
    for value in sorted(values):
        if out and value - out[-1] <= tolerance:
            continue
        out.append(value)
    return out


def _index(boundaries: Sequence[float], value: float) -> int:
    return min(range(len(boundaries)), key=lambda i: abs(boundaries[i] - value))


def edges_to_grids(edges: Sequence[dict[str, Any]]) -> list[Grid]:
    """Cell grids from a page's drawn edges."""
    edges = [e for e in edges if (e.get("orientation") == "h" and e["width"] >= SETTINGS.min_edge)
             or (e.get("orientation") == "v" and e["height"] >= SETTINGS.min_edge)]
    if not edges or len(edges) > SETTINGS.max_edges:
        return []
    merged = merge_edges(edge_tuples(edges), SETTINGS.snap, SETTINGS.snap)
    grids = []
    for table_cells in tables(cells(intersections(merged, SETTINGS.snap))):
        if len(table_cells) < 2:
            continue
        xs = _cluster([c[0] for c in table_cells] + [c[2] for c in table_cells])
        ys = _cluster([c[1] for c in table_cells] + [c[3] for c in table_cells])
        if len(xs) < 3:
            continue  # one column: a box or shaded stripes, not a ruled table; its text is read unruled
        grid_cells = tuple(
            GridCell(
                bbox=tuple(round(float(v), 2) for v in c),  # type: ignore[arg-type]
                rows=(_index(ys, c[1]), _index(ys, c[3])),
                columns=(_index(xs, c[0]), _index(xs, c[2])),
            )
            for c in table_cells
        )
        grids.append(Grid(tuple(xs), tuple(ys), grid_cells))
    return grids


def _cell_paragraphs(words: Sequence[Word], cell: GridCell, page: int) -> tuple[Paragraph, ...]:
    if not words:
        return ()
    lines = words_to_lines(words)
    padding = max(1.0, min(line.x0 for line in lines) - cell.bbox[0])
    return tuple(lines_to_paragraphs(lines, cell.bbox[2] - padding,
                                     lambda group: Location(page=page, bbox=bbox_of(group))))


def _owners(grid: Grid) -> dict[tuple[int, int], GridCell]:
    owners: dict[tuple[int, int], GridCell] = {}
    for cell in grid.cells:
        for r in range(*cell.rows):
            for c in range(*cell.columns):
                owners.setdefault((r, c), cell)
    return owners


def grid_rows(grid: Grid, words: Sequence[Word], page: int) -> list[Row]:
    """The grid's rows with each merged cell repeated in every slot it covers."""
    owners = _owners(grid)
    by_cell: dict[GridCell, list[Word]] = {cell: [] for cell in grid.cells}
    for word in words:
        r = bisect.bisect_right(grid.ys, word.center_y) - 1
        c = bisect.bisect_right(grid.xs, word.center_x) - 1
        owner = owners.get((r, c))
        if owner is not None:
            by_cell[owner].append(word)
    filled = {cell: Cell(_cell_paragraphs(by_cell[cell], cell, page), Location(page=page, bbox=cell.bbox))
              for cell in grid.cells}
    rows = []
    for r in range(len(grid.ys) - 1):
        slots: list[Cell] = []
        for c in range(len(grid.xs) - 1):
            owner = owners.get((r, c))
            if owner is None:
                slots.append(Cell((), Location(page=page)))
                continue
            origin = (r, c) == (owner.rows[0], owner.columns[0])
            content = filled[owner]
            slots.append(content if origin else Cell(content.paragraphs, content.location, merged=True))
        bbox = (grid.xs[0], grid.ys[r], grid.xs[-1], grid.ys[r + 1])
        rows.append(Row(tuple(slots), Location(page=page, bbox=bbox)))
    return rows
