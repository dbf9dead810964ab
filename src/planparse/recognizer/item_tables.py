"""Tables whose rows are headed by a name or a time and whose cells hold lists ("Måned | Mål |
Innhold" with bullets, "Aktivitet | Mål | Innhold/metode", a year's calendar "MÅNED | BARN |
FORESATTE"): each item a measure. The row's heading is its area (and its timing, where it names a
time); in a calendar without a measure column, each column is an area and the row's time the timing."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from planparse.layout import Cell, Paragraph, Row, Table
from planparse.model import Goal, Location, Measure, Timing
from planparse.recognizer.headers import distinct_columns
from planparse.recognizer.items import item_marker
from planparse.recognizer.periods import names_time, read_period_label
from planparse.recognizer.roles import split_roles
from planparse.recognizer.text import join_wrapped, paragraph_text
from planparse.vocabulary import Vocabulary

# A row heading is short: a name ("Levering"), a month ("AUGUST").
ROW_HEADING_MAX = 50
# Share of the body rows whose first cell must be such a heading.
ROW_HEADING_SHARE = 0.7
# Share of the rows whose measure cell must hold two list items or more, for a table whose measure column
# is named to be read item by item.
ITEM_ROWS_SHARE = 0.3
_DASH_ITEM = ("-", "–", "—")


def cell_items(cell: Cell | None, vocabulary: Vocabulary) -> list[tuple[str, Paragraph]]:
    """A cell's list items, their marks left out: paragraphs opening with a bullet, a dash or a number,
    or with the same odd letter as another (a symbol font's bullet read as "Ø"). [] when it has none."""
    return split_cell(cell, vocabulary)[1]


def split_cell(cell: Cell | None, vocabulary: Vocabulary) -> tuple[str, list[tuple[str, Paragraph]]]:
    """A cell's text before its first list item, and its list items (see `cell_items`)."""

    if cell is None:
        return "", []
    paragraphs = [p for p in cell.paragraphs if p.text.strip()]
    texts = [paragraph_text(p, vocabulary) for p in paragraphs]
    firsts = [text.split(" ", 1)[0] for text in texts]
    shared = {first for first in firsts if len(first) == 1 and not first.isascii() and firsts.count(first) >= 2}
    items: list[tuple[str, Paragraph]] = []
    lead: list[str] = []
    for paragraph, text, first in zip(paragraphs, texts, firsts, strict=True):
        marked = item_marker(paragraph, text)
        if first in shared and " " in text:
            items.append((text.split(" ", 1)[1].strip(), paragraph))
        elif marked is not None:
            items.append((marked[1], paragraph))
        elif items:  # a paragraph without a mark after items: the rest of the item above
            items[-1] = (join_wrapped(items[-1][0], text, vocabulary), items[-1][1])
        else:
            lead.append(text)
    return " ".join(lead), items


def _entries(cell: Cell | None, vocabulary: Vocabulary) -> list[tuple[str, Paragraph]]:
    """A calendar cell's entries: its items, or else its paragraphs, each split where a line opens
    with a dash ("-Tilvenning", "- DUGNAD uke 37")."""
    if cell is None:
        return []
    items = cell_items(cell, vocabulary)
    if items:  # the paragraphs before the first item are entries of their own ("Juleaktiviteter.")
        first = items[0][1]
        before = list(itertools.takewhile(lambda p: p is not first, cell.paragraphs))
        return [(paragraph_text(p, vocabulary), p) for p in before if p.text.strip()] + items
    entries: list[tuple[str, Paragraph]] = []
    for paragraph in cell.paragraphs:
        current = ""
        for line in paragraph.line_texts():
            line = line.strip()
            if not line:
                continue
            if line.startswith(_DASH_ITEM):
                if current:
                    entries.append((current, paragraph))
                current = line.lstrip("-–— ").strip()
            else:
                current = join_wrapped(current, line, vocabulary) if current else line
        if current:
            entries.append((current, paragraph))
    return entries


def _wordy(text: str) -> bool:
    """Whether a text says something in words: two words of letters or more, not a figure."""
    return sum(1 for word in text.split() if sum(char.isalpha() for char in word) >= 2) >= 2


def _text(cell: Cell | None, vocabulary: Vocabulary) -> str:
    if cell is None:
        return ""
    return " ".join(t for t in (paragraph_text(p, vocabulary) for p in cell.paragraphs) if t)


@dataclass
class _Columns:
    heading: int | None
    measure: int | None
    goal: int | None = None
    responsible: int | None = None
    timing: int | None = None
    extra: dict[str, int] = field(default_factory=dict)
    areas: dict[str, int] = field(default_factory=dict)  # a calendar's columns, by the area each names


def _header_row(table: Table) -> int | None:
    for index, row in enumerate(table.rows[:3]):
        if sum(1 for c in distinct_columns(row) if row.cells[c].text) >= 2:
            return index
    return None


def _cell(row: Row, column: int | None) -> Cell | None:
    return row.cells[column] if column is not None and column < len(row.cells) else None


def _is_row_heading(cell: Cell | None, vocabulary: Vocabulary) -> bool:
    if cell is None or not cell.text:
        return False
    return len(cell.text) <= ROW_HEADING_MAX and not cell_items(cell, vocabulary)


def _roles(table: Table, header: int, vocabulary: Vocabulary) -> _Columns | None:
    row = table.rows[header]
    columns = distinct_columns(row)
    names = {c: _text(row.cells[c], vocabulary) for c in columns}
    if any(read_period_label(names[c], vocabulary.year_words) for c in columns[1:]):
        return None  # period columns: a measure table of its own kind
    body = [r for r in table.rows[header + 1:] if any(cell.text for cell in r.cells)]
    if not body:
        return None
    first = columns[0]
    headed = [r for r in body if (c := _cell(r, first)) is not None and c.text]
    short = bool(headed) and sum(_is_row_heading(_cell(r, first), vocabulary) for r in headed) >= (
        ROW_HEADING_SHARE * len(headed))
    timed = bool(headed) and sum(names_time(_text(_cell(r, first), vocabulary)) for r in headed) >= (
        ROW_HEADING_SHARE * len(headed))
    # the first column heads the rows where it is named as no other column is, or names times
    named = bool(names[first]) and not vocabulary.is_goal_header(names[first]) \
        and not vocabulary.is_responsible_header(names[first])
    heading = first if short and (named or timed) else None
    if heading is None:
        return None
    roles = _Columns(heading, None)
    for column in columns[1:]:
        name = names[column]
        if vocabulary.is_measure_header(name) and roles.measure is None:
            roles.measure = column
        elif vocabulary.is_goal_header(name) and roles.goal is None:
            roles.goal = column
        elif vocabulary.is_responsible_header(name) and roles.responsible is None:
            roles.responsible = column
        elif vocabulary.is_timing_header(name) and roles.timing is None:
            roles.timing = column
        elif name:
            roles.extra[name] = column
    if roles.measure is None:
        if len(roles.extra) < 2 or not timed or len(headed) < 2 or any(len(name) > ROW_HEADING_MAX
                                                                          for name in roles.extra):
            return None  # a calendar: rows headed by times, each column named as an area is
        filled = [cell.text for r in body for c in roles.extra.values() if (cell := _cell(r, c)) and cell.text]
        if sum(_wordy(text) for text in filled) * 2 < len(filled):
            return None  # figures by month (a report's table), not what happens then
        roles.areas, roles.extra = roles.extra, {}
        return roles
    itemised = sum(len(cell_items(_cell(r, roles.measure), vocabulary)) >= 2 for r in body)
    named_first = vocabulary.is_measure_header(names[first])
    if itemised < ITEM_ROWS_SHARE * len(body) and not named_first and not vocabulary.is_timing_header(names[first]):
        return None
    return roles


@dataclass
class ItemTable:
    """What a table of item cells holds: its areas in order, each with its goals and their measures."""

    areas: list[tuple[str, Location, list[Goal]]] = field(default_factory=list)

    def area(self, name: str, location: Location, anywhere: bool = False) -> list[Goal]:
        """The goals of the area of this name: the last area's, or (`anywhere`: a calendar's column, met
        again in each month's row) any earlier one's; a new area's otherwise."""
        if self.areas and self.areas[-1][0] == name:
            return self.areas[-1][2]
        for existing in self.areas:
            if existing[0] == name and (anywhere or not name):
                return existing[2]
        self.areas.append((name, location, []))
        return self.areas[-1][2]


def _measure(text: str, paragraph: Paragraph, timing: str, roles: list[str]) -> Measure:
    return Measure(text=text, paragraphs=[text], responsible=roles, location=paragraph.location,
                   timing=Timing(text=timing, understood=False) if timing else None)


# Share of a grid's filled cells that must be headed lists ("AUGUST" over its items) for each cell to be read so.
HEADED_CELLS_SHARE = 0.6


def read_headed_cells(table: Table, vocabulary: Vocabulary) -> ItemTable | None:
    """A grid whose every cell is a heading over a list (a year's months in boxes, "AUGUST" over what
    happens then): each cell an area of its own, its items the measures, in reading order."""
    seen: set[tuple[object, ...]] = set()
    cells: list[Cell] = []
    for row in table.rows:
        for cell in row.cells:
            key = (cell.location.page, cell.location.bbox, cell.location.table, cell.location.row,
                   cell.location.column, cell.text)
            if cell.text and key not in seen:
                seen.add(key)
                cells.append(cell)
    headed = [(cell, *split_cell(cell, vocabulary)) for cell in cells]
    good = [(cell, lead, items) for cell, lead, items in headed
            if lead and len(lead) <= ROW_HEADING_MAX and items and not lead.rstrip().endswith((":", "?"))]
    if len(good) < 2 or len(good) < HEADED_CELLS_SHARE * len(cells):
        return None
    reading = ItemTable()
    for cell, lead, items in good:
        timing = lead if names_time(lead) else ""
        goals = reading.area(lead, cell.location)
        goals.append(Goal(text="", location=cell.location))
        goals[-1].measures.extend(_measure(text, p, timing, []) for text, p in items)
    return reading


def read_item_table(table: Table, vocabulary: Vocabulary) -> ItemTable | None:
    """The areas, goals and measures of a table of item cells; None for any other table."""
    header = _header_row(table)
    if header is None:
        return read_headed_cells(table, vocabulary)
    roles = _roles(table, header, vocabulary)
    if roles is None:
        return read_headed_cells(table, vocabulary)
    header_texts = [cell.text for cell in table.rows[header].cells]
    reading = ItemTable()
    heading, heading_location = "", Location()
    last: Measure | None = None
    for row in table.rows[header + 1:]:
        if [cell.text for cell in row.cells] == header_texts or not any(cell.text for cell in row.cells):
            continue
        cell = _cell(row, roles.heading)
        if cell is not None and cell.text and not cell.merged:
            heading, heading_location = _text(cell, vocabulary), cell.location
        elif cell is not None and cell.text:
            heading = _text(cell, vocabulary)
        if roles.areas:
            timing = heading if names_time(heading) else ""
            for name, column in roles.areas.items():
                goals = reading.area(name, heading_location, anywhere=True)
                if not goals:
                    goals.append(Goal(text="", location=heading_location))
                goals[-1].measures.extend(_measure(text, p, timing, []) for text, p in
                                          _entries(_cell(row, column), vocabulary))
            continue
        goals = reading.area(heading, heading_location)
        goal_items = [text for text, _ in cell_items(_cell(row, roles.goal), vocabulary)]
        goal_text = "; ".join(goal_items) if goal_items else _text(_cell(row, roles.goal), vocabulary)
        if not goals or (goal_text and goals[-1].text != goal_text):
            goal_cell = _cell(row, roles.goal)
            goals.append(Goal(text=goal_text, location=goal_cell.location if goal_cell else heading_location))
        responsible_cell = _cell(row, roles.responsible)
        responsible = split_roles(responsible_cell.paragraphs, vocabulary) if responsible_cell else []
        timing = _text(_cell(row, roles.timing), vocabulary)
        measure_cell = _cell(row, roles.measure)
        lead, items = split_cell(measure_cell, vocabulary)
        cut = last is not None and not (cell and cell.text) and bool(lead) and (
            lead[:1].islower() or not last.text.rstrip().endswith((".", "!", "?")))
        if cut and last is not None:
            # a row a page break cut: its first words are the rest of the last item above
            owner = next(g for g in reversed(goals) if g.measures and g.measures[-1] is last)
            last = owner.measures[-1] = last.model_copy(update={"text": join_wrapped(last.text, lead, vocabulary),
                                                                 "paragraphs": [join_wrapped(last.text, lead,
                                                                                             vocabulary)]})
        elif lead and items:
            goals[-1].notes.append(lead)
        if not items and measure_cell is not None and measure_cell.text and not cut:
            items = [(_text(measure_cell, vocabulary), measure_cell.paragraphs[0])]
        for text, paragraph in items:
            measure = _measure(text, paragraph, timing, responsible)
            measure.extra.update({name: _text(_cell(row, column), vocabulary) for name, column in roles.extra.items()})
            goals[-1].measures.append(measure)
            last = measure
    if not any(goal.measures for _, _, goals in reading.areas for goal in goals):
        return None
    return reading


def item_tables(blocks: Sequence[object], vocabulary: Vocabulary) -> dict[int, ItemTable]:
    """The tables of item cells among the blocks, by block index."""
    found: dict[int, ItemTable] = {}
    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            reading = read_item_table(block, vocabulary)
            if reading is not None:
                found[index] = reading
    return found
