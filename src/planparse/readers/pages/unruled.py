"""Tables without ruling lines: columns from the header row's words, rows from gaps and alignment.

A table starts at a line whose words stand in three or more columns (its header). Between each two
header columns lies a gutter that no word of the table crosses; the table goes on down the page
while lines keep to the gutters, and ends at a line that crosses one, at a lone line after a wide
gap, or at a line that looks like a heading. Its lines are then cut into rows where the gap between
lines widens, or where a column that had fallen silent starts again (a new top-aligned row).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from planparse.layout import Cell, Row, RowBoundary
from planparse.model import BBox, Location
from planparse.readers.pages.paragraphs import bbox_of, lines_to_paragraphs
from planparse.readers.pages.settings import SETTINGS
from planparse.readers.pages.text import TextLine, Word, words_to_lines


@dataclass(frozen=True)
class Columns:
    """Column layout of an unruled table: the free gutter between each two columns."""

    gutters: tuple[tuple[float, float], ...]
    header: str

    @functools.cached_property
    def boundaries(self) -> list[float]:
        return [(lo + hi) / 2 for lo, hi in self.gutters]

    def column_of(self, word: Word) -> int:
        """How many boundaries lie left of the word's middle (the gutters run left to right)."""
        return bisect.bisect_left(self.boundaries, word.center_x)

    def taking(self, line: TextLine) -> Columns | None:
        """The columns narrowed to let `line` in, or None when a word of it crosses a gutter."""
        gutters = list(self.gutters)
        for word in line.words:
            for index, (lo, hi) in enumerate(gutters):
                if word.x1 <= lo or word.x0 >= hi:
                    continue
                if word.center_x < (lo + hi) / 2:
                    lo = max(lo, word.x1)
                else:
                    hi = min(hi, word.x0)
                if hi - lo < 0.5:
                    return None
                gutters[index] = (lo, hi)
        return replace(self, gutters=tuple(gutters))


def header_columns(line: TextLine) -> Columns | None:
    segments = line.segments(SETTINGS.header_gap)
    if len(segments) < SETTINGS.min_columns:
        return None
    gutters = tuple((a[-1].x1, b[0].x0) for a, b in itertools.pairwise(segments))
    return Columns(gutters, line.text)


@dataclass
class UnruledTable:
    columns: Columns
    lines: list[TextLine] = field(default_factory=list)
    has_header: bool = True
    spanning: set[int] = field(default_factory=set)  # indices of lines that run across the columns


def _step_unit(line: TextLine) -> float:
    return SETTINGS.line_step * line.size


def _body(table: UnruledTable) -> list[TextLine]:
    return table.lines[1:] if table.has_header else table.lines


def _mostly_plain(body: Sequence[TextLine]) -> bool:
    return sum(li.bold for li in body) * 2 < len(body)


def looks_foreign(table: UnruledTable, line: TextLine) -> bool:
    """Whether a lone line differs from the table's body text as a heading or goal does."""
    body = _body(table)
    if len(line.segments()) > 1 or not body:
        return False
    body_size = statistics.median(li.size for li in body)
    return abs(line.size - body_size) > SETTINGS.foreign_size or (line.bold and _mostly_plain(body))


def _sized_as_body(table: UnruledTable, line: TextLine) -> bool:
    body = _body(table)
    return not body or abs(line.size - statistics.median(li.size for li in body)) <= SETTINGS.foreign_size


def _ends_table(table: UnruledTable, line: TextLine) -> bool:
    previous = table.lines[-1]
    if line.text == table.columns.header:
        return True  # the header again: a new table begins
    lone = len(line.segments()) == 1
    if lone and line.top - previous.bottom > SETTINGS.end_gap * _step_unit(line):
        return True
    if lone and line.x0 < min(li.x0 for li in table.lines) - SETTINGS.left_of_table:
        return True  # starts left of every cell: body text under the table, not a row of it
    if lone and len(table.lines) >= SETTINGS.min_rhythm_lines:
        gaps = [below.top - above.bottom for above, below in itertools.pairwise(table.lines)]
        gap = line.top - previous.bottom
        if gap > SETTINGS.row_gap * line.size and gap > 2 * max(gaps):
            return True  # a lone line after a wider gap than any in a table set close: what follows it
    return looks_foreign(table, line)


def grow_table(lines: Sequence[TextLine], start: int, columns: Columns, has_header: bool,
               ruled: Sequence[BBox] = ()) -> tuple[UnruledTable, int]:
    """The table that starts at lines[start], and the index of the first line after it. It does not run
    on across a ruled table (`ruled`: their boxes) standing between two of its lines: the lines above a
    ruled table and those under it are not one table's rows, however their words line up."""
    table = UnruledTable(columns, [lines[start]], has_header)
    index = start + 1
    while index < len(lines):
        line = lines[index]
        previous = table.lines[-1]
        if any(previous.bottom <= top and bottom <= line.top and x0 < max(line.x1, previous.x1)
               and min(line.x0, previous.x0) < x1 for x0, top, x1, bottom in ruled):
            break
        taken = table.columns.taking(line)
        if taken is None or _ends_table(table, line):
            spanning = _spanning_run(table, lines, index)
            if not spanning:
                break
            table.spanning.update(range(len(table.lines), len(table.lines) + spanning))
            table.lines.extend(lines[index:index + spanning])
            index += spanning
            continue
        table.columns = taken
        table.lines.append(line)
        index += 1
    return table, index


def _spanning_run(table: UnruledTable, lines: Sequence[TextLine], index: int) -> int:
    """How many lines from `index` run across the table as one row (a goal kept inside the table):
    a few lone lines after which the table's rows go on; 0 when the table has ended there."""
    previous = table.lines[-1]
    if lines[index].top - previous.bottom > SETTINGS.end_gap * _step_unit(lines[index]):
        return 0
    for count in range(1, SETTINGS.max_spanning_lines + 1):
        lone = lines[index + count - 1] if index + count - 1 < len(lines) else None
        if index + count >= len(lines) or lone is None or len(lone.segments()) > 1 or not _sized_as_body(table, lone):
            return 0  # a lone line in a larger type is a heading above the next table, not a row
        following = lines[index + count]
        bold_row = following.bold and _mostly_plain(_body(table))  # the header of another table
        if (len(following.segments()) > 1 and following.text != table.columns.header and not bold_row
                and table.columns.taking(following) is not None and not looks_foreign(table, following)):
            return count
    return 0


def _overlaps(a: TextLine, b: TextLine) -> bool:
    return a.top < b.bottom and b.top < a.bottom


def _bands(table: UnruledTable) -> list[list[TextLine]]:
    """Rows of lines. A row starts after white space wider than the space between wrapped lines,
    or where a column speaks again after falling silent (the first line of a top-aligned row),
    unless the silent line only sat between the lines of a vertically centred cell."""
    lines = table.lines
    bands: list[list[TextLine]] = [[lines[0]]]
    last_line_of: dict[int, int] = {column: 0 for column in _columns_of(table, lines[0])}
    band_bottom = lines[0].bottom
    for index, line in enumerate(lines[1:], start=1):
        used = _columns_of(table, line)
        previous = lines[index - 1]
        resumed = any(c in last_line_of and last_line_of[c] < index - 1
                      and not _overlaps(previous, lines[last_line_of[c]]) for c in used)
        spans = index in table.spanning
        if (line.top - band_bottom > SETTINGS.row_gap * line.size or (resumed and len(used) > 1)
                or spans != (index - 1 in table.spanning) or _new_entries(table, previous, line)):
            bands.append([])
            last_line_of = {}
            band_bottom = line.bottom
        bands[-1].append(line)
        band_bottom = max(band_bottom, line.bottom)
        for column in used:
            last_line_of[column] = index
    return bands


def _in_columns(table: UnruledTable, line: TextLine) -> dict[int, list[Word]]:
    words: dict[int, list[Word]] = {}
    for word in line.words:
        words.setdefault(table.columns.column_of(word), []).append(word)
    return words


def _new_entries(table: UnruledTable, previous: TextLine, line: TextLine) -> bool:
    """Whether a line starts a row of its own right under the one before, with no gap: the header's
    bold giving way to the body's, or every column of it starting a new entry (a capital or a digit)
    under entries of the line before that ended whole (a table of one-line rows, set close)."""
    if previous.bold and not any(word.bold for word in line.text_words):
        return True
    above, here = _in_columns(table, previous), _in_columns(table, line)
    if len(here) < 2 or not set(here) <= set(above):
        return False
    for column, words in here.items():
        first, last = words[0].text, above[column][-1].text
        opened = sum(w.text.count("(") - w.text.count(")") for w in above[column]) > 0
        leading = column == min(here)  # the row's first cell starts with a word, the others may with a date
        if (not (first[:1].isupper() or (first[:1].isdigit() and not leading)) or opened
                or last.endswith(("-", ",", "/", "&", "+"))):
            return False
    return True


def _columns_of(table: UnruledTable, line: TextLine) -> set[int]:
    return {table.columns.column_of(word) for word in line.words}


def _column_extents(table: UnruledTable, band: Sequence[TextLine]) -> dict[int, tuple[float, float]]:
    extents: dict[int, tuple[float, float]] = {}
    for line in band:
        for word in line.words:
            column = table.columns.column_of(word)
            top, bottom = extents.get(column, (word.top, word.bottom))
            extents[column] = (min(top, word.top), max(bottom, word.bottom))
    return extents


def vertical_alignment(table: UnruledTable, bands: Sequence[Sequence[TextLine]]) -> str:
    """How the table's cells sit in their rows: "top", "middle" or "bottom", by the rows that show it."""
    votes = {"top": 0, "middle": 0, "bottom": 0}
    for band in bands:
        extents = list(_column_extents(table, band).values())
        if len(extents) < 2:
            continue
        tolerance = SETTINGS.alignment * band[0].size
        spreads = {
            "top": _spread([top for top, _ in extents]),
            "bottom": _spread([bottom for _, bottom in extents]),
            "middle": _spread([(top + bottom) / 2 for top, bottom in extents]),
        }
        fitting = [name for name, spread in spreads.items() if spread <= tolerance]
        if len(fitting) == 1:
            votes[fitting[0]] += 1
    return max(votes, key=lambda name: (votes[name], name == "top"))


def _spread(values: Sequence[float]) -> float:
    return max(values) - min(values)


def _gap(above: Sequence[TextLine], below: Sequence[TextLine]) -> float:
    return min(li.top for li in below) - max(li.bottom for li in above)


def _spans(table: UnruledTable, band: Sequence[TextLine]) -> bool:
    return bool(band) and any(table.lines[i] is band[0] for i in table.spanning)


def attach_lone_bands(table: UnruledTable, bands: list[list[TextLine]]) -> list[list[TextLine]]:
    """Bands with text in one column only (a further paragraph of one cell) joined to their row:
    the row above in top-aligned tables, below in bottom-aligned ones, the nearer when centred."""
    alignment = vertical_alignment(table, [b for b in bands if not _spans(table, b)])
    lone = [len(_column_extents(table, band)) == 1 and not _spans(table, band) for band in bands]
    if not any(lone) or all(lone):
        return bands
    out: list[list[TextLine]] = []
    pending: list[TextLine] = []  # lone bands waiting for the row below
    for index, band in enumerate(bands):
        if _spans(table, band):  # a row across the table: lone bands do not join it
            if pending:
                out.append(pending)
            out.append(band)
            pending = []
            continue
        if not lone[index]:
            out.append(pending + band)
            pending = []
            continue
        has_above = bool(out) and not pending and not _spans(table, out[-1])
        has_below = any(not flag for flag in lone[index + 1:])
        if alignment == "top":
            goes_up = has_above
            if not has_above:  # first on a page: the rest of a row the page break cut
                out.append(band)
                continue
        elif alignment == "bottom":
            goes_up = has_above and not has_below
        else:
            goes_up = has_above and (not has_below or _gap(out[-1], band) <= _gap(band, bands[index + 1]))
        if goes_up:
            out[-1] = out[-1] + band
        else:
            pending = pending + band
    if pending:
        out.append(pending)
    return out


def _spanning_row(band: Sequence[TextLine], count: int, page: int) -> Row:
    """A row whose one cell runs across every column, as a merged cell does."""
    box = bbox_of(band)
    paragraphs = lines_to_paragraphs(list(band), box[2], lambda group: Location(page=page, bbox=bbox_of(group)))
    cell = Cell(tuple(paragraphs), Location(page=page, bbox=box))
    merged = Cell(cell.paragraphs, cell.location, merged=True)
    return Row((cell, *[merged] * (count - 1)), Location(page=page, bbox=box))


def table_rows(table: UnruledTable, page: int) -> list[Row]:
    """The table's rows; each body row after the first may be the rest of the one above."""
    count = len(table.columns.gutters) + 1
    right_edges = [0.0] * count
    for line in table.lines:
        for word in line.words:
            column = table.columns.column_of(word)
            right_edges[column] = max(right_edges[column], word.x1)
    boundaries = table.columns.boundaries
    rows = []
    bands = _bands(table)
    head = bands[:1] if table.has_header else []  # nothing joins the header row
    for number, band in enumerate([*head, *attach_lone_bands(table, bands[len(head):])]):
        if _spans(table, band):
            rows.append(_spanning_row(band, count, page))
            continue
        cells = []
        by_column: list[list[Word]] = [[] for _ in range(count)]
        for line in band:
            for word in line.words:
                by_column[table.columns.column_of(word)].append(word)
        for column, words in enumerate(by_column):
            left = boundaries[column - 1] if column else min(li.x0 for li in table.lines)
            right = boundaries[column] if column < count - 1 else right_edges[column]
            box = (round(left, 2), round(min(li.top for li in band), 2), round(right, 2),
                   round(max(li.bottom for li in band), 2))
            paragraphs = lines_to_paragraphs(words_to_lines(words), right_edges[column],
                                             lambda group: Location(page=page, bbox=bbox_of(group)))
            cells.append(Cell(tuple(paragraphs), Location(page=page, bbox=box)))
        is_header = table.has_header and number == 0
        boundary = RowBoundary.CERTAIN if is_header or number == 0 else RowBoundary.INFERRED
        rows.append(Row(tuple(cells), Location(page=page, bbox=bbox_of(band)), is_header=is_header,
                        boundary=boundary))
    return rows
