"""Tables whose columns are areas (an eco-plan's "Tema: Livsstil & Hälsa | Tema: Djur & Natur | …"),
read column by column: each column's labelled cells name its area and goals, its list items are the
measures; tables stacked one under the other with the same columns are one table."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planparse.layout import Block, Cell, Paragraph, Table
from planparse.model import Goal, Location, Measure, PlanWarning
from planparse.recognizer.inline import split_inline
from planparse.recognizer.items import item_marker
from planparse.recognizer.text import paragraph_text
from planparse.vocabulary import Vocabulary

if TYPE_CHECKING:
    from planparse.recognizer.structure import Structure

# A column holding list items in at least this many columns makes a table of area columns.
MIN_COLUMNS = 2
# Points: columns of stacked tables whose middles lie this close are one column.
SAME_COLUMN = 12.0


@dataclass(frozen=True)
class Labelled:
    """A heading with a label: "Tema: Djur & Natur" is the area "Djur & Natur"; "Utvecklingsområde 2:
    Skräpis" the goal "Skräpis", number 2."""

    level: str  # "area" or "goal"
    label: str
    number: str | None
    value: str


_LABELLED = re.compile(r"^\s*(?P<label>[^\W\d][\w &/.-]{0,40}?)(?:\s+(?P<number>\d+(?:\.\d+)*[a-z]?))?\s*:\s*"
                       r"(?P<value>.*)$", re.DOTALL)


def labelled(text: str, vocabulary: Vocabulary) -> Labelled | None:
    """The level and value of a labelled heading, when its label is one the vocabulary knows as an
    area's or a goal's."""
    match = _LABELLED.match(text)
    if match is None:
        return None
    label = " ".join(match.group("label").split()).casefold()
    value = " ".join(match.group("value").split())
    for level, labels in (("area", vocabulary.area_labels), ("goal", vocabulary.goal_labels)):
        if label in labels:
            return Labelled(level, match.group("label").strip(), match.group("number"), value)
    return None


@dataclass
class AreaColumn:
    """One column of a table of area columns: its cells top to bottom, across stacked tables, each
    with whether it is a cell merged from the column before (its labels count, its items not again)."""

    middle: float | None
    cells: list[tuple[Cell, bool]] = field(default_factory=list)


def _is_item(paragraph: Paragraph, vocabulary: Vocabulary) -> str | None:

    marked = item_marker(paragraph, paragraph_text(paragraph, vocabulary))
    return marked[1] if marked else None


def _cell_key(cell: Cell) -> tuple[object, ...]:
    location = cell.location
    return (location.page, location.bbox, location.table, location.row, location.column, cell.text)


def _grid_columns(table: Table) -> list[list[tuple[Cell, bool]]]:
    """The table's cells by grid column, top to bottom, a cell merged down the grid once; a cell
    merged across from the column before is marked as such. Columns holding no cell of their own
    (the slivers a layout's grid leaves) are left out."""
    columns: dict[int, list[tuple[Cell, bool]]] = {}
    above: dict[int, tuple[object, ...]] = {}
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            key = _cell_key(cell)
            if above.get(index) == key:
                continue  # merged down: read once
            above[index] = key
            across = index > 0 and cell.merged and _cell_key(row.cells[index - 1]) == key
            columns.setdefault(index, []).append((cell, across))
    return [columns[i] for i in sorted(columns) if any(cell.text and not across for cell, across in columns[i])]


def _middle(cells: Sequence[tuple[Cell, bool]]) -> float | None:
    boxes = [cell.location.bbox for cell, across in cells if cell.location.bbox and not across]
    return (boxes[0][0] + boxes[0][2]) / 2 if boxes else None


def _columns_of(tables: Sequence[Table]) -> tuple[list[AreaColumn], int]:
    """The area columns of tables stacked one under the other, matched by where they stand (PDF) or by
    their order (Word), and how many of the tables, from the first, hold them: a table whose columns do
    not match those above it is not of the stack (a scan's words read from a picture under the table)."""
    columns: list[AreaColumn] = []
    for count, table in enumerate(tables):
        cells = _grid_columns(table)
        if not columns:
            columns = [AreaColumn(_middle(column), list(column)) for column in cells]
            continue
        if len(cells) != len(columns) or any(
                column.middle is not None and (middle := _middle(found)) is not None
                and abs(column.middle - middle) > SAME_COLUMN for column, found in zip(columns, cells, strict=True)):
            return columns, count
        for column, found in zip(columns, cells, strict=True):
            column.cells.extend(found)
    return columns, len(tables)


def _holds_items(column: AreaColumn, vocabulary: Vocabulary) -> bool:
    return any(_is_item(p, vocabulary) for cell, across in column.cells if not across for p in cell.paragraphs)


def _labels_area(column: AreaColumn, vocabulary: Vocabulary) -> bool:
    return any((found := labelled(cell.text, vocabulary)) is not None and found.level == "area"
               for cell, _ in column.cells[:2])


def stacked_tables(blocks: Sequence[Block], skip: set[int]) -> list[list[int]]:
    """Runs of tables one right after the other (nothing between), as block indices."""
    runs: list[list[int]] = []
    for index, block in enumerate(blocks):
        if not isinstance(block, Table) or index in skip:
            continue
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


@dataclass
class ColumnReading:
    """What a table of area columns holds: its areas in order (a name, its goals), by block index."""

    blocks: list[int]
    areas: list[tuple[str, Location, list[Goal]]]


def read_area_columns(tables: Sequence[Table], indices: list[int], vocabulary: Vocabulary) -> ColumnReading | None:
    """The areas, goals and measures of stacked tables whose columns are areas: two or more columns
    that hold list items, each named as an area by a labelled cell ("Tema: …"). None otherwise."""
    columns, count = _columns_of(tables)
    if count < len(tables) or len(columns) < MIN_COLUMNS:
        return None
    useful = [column for column in columns if _holds_items(column, vocabulary)]
    if len(useful) < MIN_COLUMNS or not all(_labels_area(column, vocabulary) for column in useful):
        return None
    areas: list[tuple[str, Location, list[Goal]]] = []
    for column in useful:
        area_name, area_location, goals = _read_column(column, vocabulary)
        existing = next((a for a in areas if a[0] == area_name), None)
        if existing is not None:
            existing[2].extend(goals)
        else:
            areas.append((area_name, area_location, goals))
    return ColumnReading(indices, areas)


def _read_column(column: AreaColumn, vocabulary: Vocabulary) -> tuple[str, Location, list[Goal]]:
    area_name, area_location = "", Location()
    goals: list[Goal] = []
    goal: Goal | None = None
    named_next = False  # an area's label stood alone: its value is the next paragraph
    for cell, across in column.cells:
        for paragraph in cell.paragraphs:
            text = paragraph_text(paragraph, vocabulary)
            if not text:
                continue
            item = _is_item(paragraph, vocabulary)
            found = labelled(text, vocabulary) if item is None else None
            if named_next and item is None and found is None:
                area_name, named_next = text, False
                continue
            if across and (found is None or found.level != "area"):
                continue  # read in the column it starts in; only the area it names spans this one too
            if found is not None and found.level == "area":
                area_name, area_location = found.value, paragraph.location
                named_next = not found.value
            elif found is not None:
                goal = Goal(text=found.value, number=found.number, location=paragraph.location)
                goals.append(goal)
            elif item is not None:
                if goal is None:
                    goal = Goal(text="", location=paragraph.location)
                    goals.append(goal)
                inline = split_inline(item, vocabulary)
                goal.measures.append(Measure(text=inline.text, label=inline.label, paragraphs=[inline.text],
                                             responsible=inline.roles, location=paragraph.location))
            elif goal is not None and not goal.measures and not text.endswith(":") and not goal.text:
                goal.text = text
            elif goal is not None:
                goal.notes.append(text)
    return area_name, area_location, goals


def build_column_structure(blocks: Sequence[Block], vocabulary: Vocabulary) -> Structure | None:
    """The plan of a document whose measures stand in tables of area columns; None when it has none.
    Paragraphs outside the tables are notes of the part they stand in."""
    from planparse.recognizer.structure import Chunk, Structure, place_other_table, title_blocks, title_text

    readings: dict[int, ColumnReading] = {}
    for run in stacked_tables(blocks, set()):
        while run:  # the tables from the first on whose columns match, then those after them
            tables = [block for block in (blocks[i] for i in run) if isinstance(block, Table)]
            count = _columns_of(tables)[1]
            reading = read_area_columns(tables[:count], run[:count], vocabulary)
            if reading is not None:
                readings[run[0]] = reading
            run = run[max(count, 1):]
    if not readings:
        return None
    title_indices = title_blocks(blocks, vocabulary)
    chunks: list[Chunk] = [Chunk(heading=None)]
    warnings: list[PlanWarning] = []
    taken = {index for reading in readings.values() for index in reading.blocks}
    for index, block in enumerate(blocks):
        if index in readings:
            for name, location, goals in readings[index].areas:
                chunks.append(Chunk(heading=Paragraph(text=name, location=location), goals=goals))
        elif index in taken or index in title_indices:
            continue
        elif isinstance(block, Table):
            place_other_table(chunks[-1], None, block, warnings)
        elif block.text.strip():
            chunks[-1].notes.append(paragraph_text(block, vocabulary))
    return Structure(title=title_text(blocks, title_indices, vocabulary), chunks=chunks, warnings=warnings)
