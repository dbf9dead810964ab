"""Pages into the neutral layout: running heads left out, each page's ruled grids and unruled tables
found, the lines between them made paragraphs, blocks put in reading order, and a table that a page
break cut joined to its start on the page before."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from planparse.layout import Block, Paragraph, RowBoundary, Table
from planparse.model import Location
from planparse.readers.pages.furniture import furniture_lines
from planparse.readers.pages.page import PageText
from planparse.readers.pages.paragraphs import bbox_of, line_pitch, lines_to_paragraphs, opens_section
from planparse.readers.pages.ruled import Grid, grid_rows
from planparse.readers.pages.settings import SETTINGS
from planparse.readers.pages.text import TextLine, Word, words_to_lines
from planparse.readers.pages.unruled import Columns, UnruledTable, grow_table, header_columns, looks_foreign, table_rows

Placed = tuple[float, Block]  # a block with its top on the page, for putting the page in reading order


@dataclass
class OpenTable:
    """The unruled table a page ended in, for the next page to go on with."""

    table: UnruledTable

    def taking(self, line: TextLine) -> tuple[Columns | None, bool]:
        """The columns to go on with at `line` (the first on a new page), and whether it is a header."""
        columns = self.table.columns
        if line.text == columns.header:
            return columns.taking(line), True
        if looks_foreign(self.table, line):
            return None, False
        return columns.taking(line), False


def body_size(pages: Sequence[PageText]) -> float | None:
    """The size of the document's body text: the size most of its characters are in."""
    counts: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            counts[round(line.size * 2) / 2] += len(line.text)
    return counts.most_common(1)[0][0] if counts else None


def _local_edges(lines: Sequence[TextLine], edge: float) -> dict[int, float]:
    """Each line's text block's right edge: where the full lines near it, starting at its left edge, end
    (a block narrower than the page's widest text, beside a table or in a box), never beyond `edge`."""
    local: dict[int, float] = {}
    window = SETTINGS.edge_window
    for index, line in enumerate(lines):
        near = [other.x1 for other in lines[max(0, index - window):index + window + 1]
                if len(other.words) >= SETTINGS.full_line_words and abs(other.x0 - line.x0) <= 2 * other.size]
        local[id(line)] = min(edge, max(near)) if near else edge
    return local


def edge_beside(page: PageText, edge: float, lines: Sequence[TextLine] = ()) -> Callable[[TextLine], float]:
    """A line's right edge: its text block's, or the left of a picture standing right of the line, closer."""
    least = SETTINGS.min_picture
    pictures = [box for box in page.images if box[2] - box[0] >= least and box[3] - box[1] >= least]
    local = _local_edges(lines, edge)

    def edge_at(line: TextLine) -> float:
        beside = [box[0] for box in pictures
                  if box[0] >= line.x1 - 1 and box[1] < line.bottom and box[3] > line.top]
        return min([local.get(id(line), edge), *beside])

    return edge_at


def right_edge(lines: Sequence[TextLine], page: PageText) -> float:
    """Where the page's full lines end: the right edge of its text, for telling a full line."""
    full = sorted(line.x1 for line in lines if len(line.words) >= SETTINGS.full_line_words)
    if not full:
        return page.width - 0.1 * page.width
    return full[int(SETTINGS.right_edge_share * (len(full) - 1))]


@dataclass(frozen=True)
class Typography:
    """What the whole document tells of its type: its body text's size and each size's line pitch."""

    body_size: float | None = None
    pitch: dict[float, float] | None = None


def typography(pages: Sequence[PageText]) -> Typography:
    return Typography(body_size(pages), line_pitch(page.lines for page in pages))


def paragraphs_of(lines: Sequence[TextLine], edge: float, page: PageText, types: Typography) -> list[Placed]:
    """Lines into paragraphs, each with its top."""
    paragraphs = lines_to_paragraphs(lines, edge, lambda group: Location(page=page.number, bbox=bbox_of(group)),
                                     types.body_size, edge_beside(page, edge, lines), types.pitch)
    return [(p.location.bbox[1] if p.location.bbox else 0.0, p) for p in paragraphs]


def ruled_tables(page: PageText, grid_words: list[list[Word]]) -> list[Placed]:
    """The page's ruled grids as tables, each with the words inside it."""
    return [(grid.bbox[1], Table(tuple(grid_rows(grid, words, page.number)),
                                 Location(page=page.number, bbox=grid.bbox)))
            for grid, words in zip(page.grids, grid_words, strict=True)]


def unruled_table(table: UnruledTable, page: int) -> Placed:
    bbox = bbox_of(table.lines)
    return bbox[1], Table(tuple(table_rows(table, page)), Location(page=page, bbox=bbox))


def _columns_at(line: TextLine, carry: OpenTable | None) -> tuple[Columns | None, bool]:
    """The columns an unruled table starting at `line` has, and whether `line` is its header: those of
    the table the page before ended in (`carry`, given for the page's first line), or the line's own."""
    columns, has_header = carry.taking(line) if carry is not None else (None, True)
    if columns is None:
        columns = header_columns(line)
    return columns, has_header


def unruled_and_text(lines: list[TextLine], page: PageText, carry: OpenTable | None, ruled: list[Placed],
                     types: Typography) -> tuple[list[Placed], OpenTable | None]:
    """The unruled tables and the paragraphs among the lines outside ruled grids, and the unruled table
    the page ends in (which the next page may go on with)."""
    edge = right_edge(lines, page)
    blocks: list[Placed] = []
    pending: list[TextLine] = []
    open_table: OpenTable | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        first = index == 0 and not any(top < line.top for top, _ in ruled)
        columns, has_header = _columns_at(line, carry if first else None)
        if columns is None:
            pending.append(line)
            open_table = None
            index += 1
            continue
        table, end = grow_table(lines, index, columns, has_header,
                                [b.location.bbox for _, b in ruled if b.location.bbox is not None])
        if len(table.lines) == 1 and has_header and end < len(lines):
            # One line with wide gaps and other text under it is a spaced-out line, not a table;
            # at the foot of a page it may be a header whose rows follow on the next page.
            pending.append(line)
            index += 1
            continue
        if not has_header and end < len(lines) and opens_section(table.lines):
            # the page before ended in a table, and this one opens with a numbered heading ("2. Förnybar
            # energi") and text: the heading of what follows, not the rest of the table's last row
            pending.append(line)
            index += 1
            continue
        index = end
        blocks.extend(paragraphs_of(pending, edge, page, types))
        pending = []
        blocks.append(unruled_table(table, page.number))
        open_table = OpenTable(table)
    blocks.extend(paragraphs_of(pending, edge, page, types))
    return blocks, open_table


def page_blocks(page: PageText, grid_words: list[list[Word]], lines: list[TextLine], carry: OpenTable | None,
                types: Typography = Typography()) -> tuple[list[Placed], OpenTable | None]:
    """Blocks of one page with their top, and the unruled table the page ends in, if any.

    `grid_words` holds the words inside each ruled grid of the page, `lines` the lines outside them."""
    ruled = ruled_tables(page, grid_words)
    others, open_table = unruled_and_text(lines, page, carry, ruled, types)
    blocks = adjacent_tables_joined(sorted([*ruled, *others], key=lambda item: item[0]))
    ends_in_table = bool(blocks) and isinstance(blocks[-1][1], Table)
    return blocks, open_table if ends_in_table else None


def adjacent_tables_joined(blocks: list[Placed]) -> list[Placed]:
    """Tables one right under the other with the same columns are one table drawn in parts."""
    out: list[Placed] = []
    for top, block in blocks:
        if out and isinstance(block, Table) and isinstance(out[-1][1], Table) and same_columns(out[-1][1], block):
            previous = out[-1][1]
            bbox = None
            if previous.location.bbox and block.location.bbox:
                a, b = previous.location.bbox, block.location.bbox
                bbox = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
            location = previous.location.model_copy(update={"bbox": bbox})
            out[-1] = (out[-1][0], Table(previous.rows + block.rows, location))
            continue
        out.append((top, block))
    return out


def _column_spans(table: Table) -> list[tuple[float, float]]:
    row = table.rows[0]
    return [(c.location.bbox[0], c.location.bbox[2]) if c.location.bbox else (0.0, 0.0) for c in row.cells]


def same_columns(previous: Table, table: Table) -> bool:
    """Whether two tables have the same columns (within a few points), or start at the same x."""
    if not previous.rows or not table.rows:
        return False
    before, after = _column_spans(previous), _column_spans(table)
    if len(before) != len(after):
        return False
    near = SETTINGS.same_columns
    return all(abs(a[0] - b[0]) <= near and abs(a[1] - b[1]) <= near for a, b in zip(before, after, strict=True)) or (
        previous.location.bbox is not None and table.location.bbox is not None
        and abs(previous.location.bbox[0] - table.location.bbox[0]) <= near)


def joined_across_pages(previous: Table, table: Table) -> Table:
    """A table the page break cut, whole again: the first body row after the break may be the rest of
    the row above it."""
    rows = list(table.rows)
    header_texts = previous.rows[0].texts()
    first_body = next((i for i, row in enumerate(rows) if not row.is_header and row.texts() != header_texts), None)
    if first_body is not None:
        rows[first_body] = replace(rows[first_body], boundary=RowBoundary.PAGE_BREAK)
    return Table(previous.rows + tuple(rows), previous.location)


def numbered(blocks: list[Block]) -> list[Block]:
    """Tables numbered in document order, rows numbered within each table."""
    out: list[Block] = []
    count = 0
    for block in blocks:
        if isinstance(block, Table):
            count += 1
            rows = tuple(replace(row, location=row.location.model_copy(update={"table": count, "row": number}))
                         for number, row in enumerate(block.rows, start=1))
            block = Table(rows, block.location.model_copy(update={"table": count}))
        out.append(block)
    return out


def _first_row_text(grid: Grid, words: Sequence[Word]) -> str:
    inside = [w for w in words if grid.holds(w) and w.center_y < grid.ys[1]]
    return " ".join(w.text for w in sorted(inside, key=lambda w: (w.top, w.x0)))


def banners(pages: Sequence[PageText]) -> set[str]:
    """The first rows of boxes drawn at the top of page after page (a report's running banner with the
    page's own title under it): a running head drawn as a ruled grid, not a table."""
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({text for grid in page.grids if grid.bbox[1] < SETTINGS.banner_zone * page.height
                       and len(grid.ys) <= SETTINGS.banner_rows + 1 and (text := _first_row_text(grid, page.words))})
    needed = max(3, (len(pages) + 1) // 2)
    return {text for text, count in counts.items() if count >= needed}


def split_words(page: PageText, furniture: set[int], banner: frozenset[str] | set[str] = frozenset()
                ) -> tuple[list[Grid], list[list[Word]], list[TextLine]]:
    """The ruled grids of the page that are tables, the words inside each, and the lines outside them;
    running heads left out (a running banner's first row too, its other rows read as the page's text)."""
    left_out = {id(word) for index in furniture for word in page.lines[index].words}
    grids: list[Grid] = []
    for grid in page.grids:
        if len(grid.ys) <= SETTINGS.banner_rows + 1 and _first_row_text(grid, page.words) in banner:
            left_out.update(id(w) for w in page.words if grid.holds(w) and w.center_y < grid.ys[1])
        else:
            grids.append(grid)
    if not grids:
        return [], [], words_to_lines(w for w in page.words if id(w) not in left_out) if left_out else [
            line for index, line in enumerate(page.lines) if index not in furniture]
    grid_words: list[list[Word]] = [[] for _ in grids]
    body: list[Word] = []
    for word in page.words:
        if id(word) in left_out:
            continue
        holder = next((i for i, grid in enumerate(grids) if grid.holds(word)), None)
        (body if holder is None else grid_words[holder]).append(word)
    return grids, grid_words, words_to_lines(body)


def pages_to_blocks(pages: Sequence[PageText]) -> list[Block]:
    """Every page's blocks in reading order, a table that runs on over a page break joined whole."""
    furniture = furniture_lines([(p.height, p.lines) for p in pages])
    types = typography(pages)
    blocks: list[Block] = []
    carry: OpenTable | None = None
    banner = banners(pages)
    for page_index, page in enumerate(pages):
        grids, grid_words, lines = split_words(page, {i for p, i in furniture if p == page_index}, banner)
        placed, carry = page_blocks(replace(page, grids=grids), grid_words, lines, carry, types)
        for position, (_, block) in enumerate(placed):
            if (position == 0 and isinstance(block, Table) and blocks and isinstance(blocks[-1], Table)
                    and same_columns(blocks[-1], block)):
                previous = blocks.pop()
                assert isinstance(previous, Table)
                block = joined_across_pages(previous, block)
            blocks.append(block)
    return numbered(blocks)


__all__ = ["OpenTable", "Paragraph", "pages_to_blocks"]
