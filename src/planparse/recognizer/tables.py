"""Turning the rows of a measure table into measures: text, schedule, roles and further columns."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from planparse.layout import Cell, Paragraph, Row, RowBoundary, Table
from planparse.model import Location, MarkKind, Measure, PlanWarning, Timing
from planparse.recognizer.headers import TableHeader, distinct_columns, is_repeated_header
from planparse.recognizer.marks import read_mark
from planparse.recognizer.roles import continues_role, split_roles
from planparse.recognizer.text import join_wrapped, paragraph_text
from planparse.vocabulary import Vocabulary


@dataclass
class GoalRow:
    """A row inside a measure table that names a goal (merged across the table, or bold alone), or
    the first row of a goal named in a goal column; `area` is the area an area column names."""

    text: str
    location: Location
    measures: list[Measure] = field(default_factory=list)
    area: str | None = None


@dataclass
class TableReading:
    measures: list[Measure] = field(default_factory=list)  # the measures before any goal row
    goal_rows: list[GoalRow] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # text above the header row

    def add(self, measure: Measure) -> None:
        (self.goal_rows[-1].measures if self.goal_rows else self.measures).append(measure)

    def last(self) -> list[Measure]:
        return self.goal_rows[-1].measures if self.goal_rows else self.measures


def _cell(row: Row, column: int | None) -> Cell | None:
    if column is None or column >= len(row.cells):
        return None
    return row.cells[column]


def _cell_text(cell: Cell | None, vocabulary: Vocabulary) -> str:
    if cell is None:
        return ""
    return " ".join(t for t in (paragraph_text(p, vocabulary) for p in cell.paragraphs) if t)


def _is_empty(row: Row) -> bool:
    return not any(cell.text for cell in row.cells)


def _row_location(row: Row, cell: Cell | None) -> Location:
    """A measure's location (or a spot's in its row): its row, and the page and box of its measure cell
    (or of the cell) where known."""
    if cell is not None and cell.location.bbox is not None:
        return row.location.model_copy(update={"page": cell.location.page, "bbox": cell.location.bbox})
    return row.location


def _stacked(cell: Cell | None, vocabulary: Vocabulary) -> tuple[str, str]:
    """A cell holding two things stacked (an area over the measure's number): all lines but the last,
    and the last line."""
    lines = [line.strip() for p in (cell.paragraphs if cell else ()) for line in p.line_texts() if line.strip()]
    if len(lines) < 2:
        return "", lines[0] if lines else ""
    rest = lines[0]
    for line in lines[1:-1]:
        rest = join_wrapped(rest, line, vocabulary)
    return rest, lines[-1]


def measure_from_row(row: Row, header: TableHeader, vocabulary: Vocabulary
                     ) -> tuple[Measure, list[PlanWarning]]:
    warnings: list[PlanWarning] = []
    measure_cell = _cell(row, header.measure)
    paragraphs = [t for t in (paragraph_text(p, vocabulary) for p in
                              (measure_cell.paragraphs if measure_cell else ())) if t]
    schedule = {}
    for label, column in header.periods.items():
        cell = _cell(row, column)
        mark = read_mark(cell.text if cell else "", vocabulary)
        schedule[label] = mark
        if cell is not None and _stacked_marks(cell, vocabulary):
            warnings.append(PlanWarning(
                code="marks-stacked", location=row.location,
                message=f"the column {label} holds marks one above the other ({cell.text!r}): the row may be "
                        f"two measures read as one"))
        if mark.kind is MarkKind.UNKNOWN:
            where = cell.location if cell else row.location
            what = f"year {label}" if label.isdigit() else f"period {label!r}"
            warnings.append(PlanWarning(
                code="unknown-mark",
                message=f"{what} holds {mark.raw!r}, which is not a known mark; kept as written",
                location=where,
            ))
    responsible_cell = _cell(row, header.responsible)
    responsible = split_roles(responsible_cell.paragraphs, vocabulary) if responsible_cell else []
    extra = {name: _cell_text(_cell(row, column), vocabulary) for name, column in header.extra.items()}
    timing_text = _cell_text(_cell(row, header.timing), vocabulary) if header.timing is not None else ""
    label = _cell_text(_cell(row, header.label), vocabulary) if header.label is not None else ""
    if header.label is not None and header.label == header.area:
        label = _stacked(_cell(row, header.label), vocabulary)[1]
    measure = Measure(
        text=" ".join(paragraphs),
        label=label or None,
        paragraphs=paragraphs,
        schedule=schedule,
        # read as words now, understood once the plan's period is known (recognizer.timing)
        timing=Timing(text=timing_text, label=header.names[header.timing], understood=False)
        if header.timing is not None and timing_text else None,
        responsible=responsible,
        extra=extra,
        location=_row_location(row, measure_cell),
    )
    if not measure.text:
        warnings.append(PlanWarning(code="measure-without-text",
                                    message="a measure row has marks or roles but no measure text",
                                    location=row.location))
    return measure, warnings


def _stacked_marks(cell: Cell, vocabulary: Vocabulary) -> bool:
    """Whether a period cell holds two marks on lines of their own: a row of one mark a period, read
    with the row under it (a scan's rows run together where the room between them was read small)."""
    lines = [line for paragraph in cell.paragraphs for line in paragraph.line_texts() if line.strip()]
    return len(lines) > 1 and sum(read_mark(line, vocabulary).is_marked for line in lines) > 1


def _is_rest_of_previous(row: Row, measure: Measure) -> bool:
    """Whether a row the reader was unsure of is the rest of the measure above.

    A measure's marks stand on its first line; a row without marks after a page break is the part
    the break cut off. A row guessed from spacing without marks is a further paragraph of the row
    above when it lacks either a measure text or roles.
    """
    if row.boundary is RowBoundary.CERTAIN or any(mark.is_marked for mark in measure.schedule.values()):
        return False
    if row.boundary is RowBoundary.PAGE_BREAK:
        return True
    return not measure.text or not measure.responsible


def _joined(previous: Measure, rest: Measure, row: Row, vocabulary: Vocabulary) -> Measure:
    paragraphs = list(previous.paragraphs)
    if rest.paragraphs:
        if row.boundary is RowBoundary.PAGE_BREAK and paragraphs:
            # The break cut a paragraph: its first line goes on with the last paragraph.
            paragraphs[-1] = join_wrapped(paragraphs[-1], rest.paragraphs[0], vocabulary)
            paragraphs.extend(rest.paragraphs[1:])
        else:
            paragraphs.extend(rest.paragraphs)
    responsible = list(previous.responsible)
    for role in rest.responsible:
        if responsible and row.boundary is RowBoundary.PAGE_BREAK and continues_role(responsible[-1], role, vocabulary):
            responsible[-1] = join_wrapped(responsible[-1], role, vocabulary)
        elif role not in responsible:
            responsible.append(role)
    extra = {name: " ".join(v for v in (value, rest.extra.get(name, "")) if v)
             for name, value in previous.extra.items()}
    timing = previous.timing
    if rest.timing is not None:
        text = " ".join(t.text for t in (previous.timing, rest.timing) if t is not None)
        timing = rest.timing.model_copy(update={"text": text})
    return previous.model_copy(update={"text": " ".join(paragraphs), "paragraphs": paragraphs,
                                       "responsible": responsible, "extra": extra, "timing": timing})


def _is_header_part(row: Row, header_row: Row, header: TableHeader) -> bool:
    """Whether a row above the header row belongs to a two-row header: each of its filled cells is
    merged down into the header row, or stands over year columns only ("Tidsplan" over the years)."""
    year_columns = set(header.periods.values())
    filled = [index for index in distinct_columns(row) if row.cells[index].text]
    if not filled:
        return False
    for index in filled:
        cell = row.cells[index]
        below = header_row.cells[index] if index < len(header_row.cells) else None
        spans = {i for i, other in enumerate(row.cells) if other.location == cell.location}
        if not ((below is not None and below.merged and below.location == cell.location) or spans <= year_columns):
            return False
    return True


def _after_repeated_header(row: Row, header_row: Row) -> Row | None:
    """What a repeated header row holds beyond the header's own words, as a row of its own.

    Some producers draw the repeated header and the rest of a row cut by the page break in
    one ruled cell; that rest is the tail of the measure above, not to be dropped.
    """
    cells = []
    for index, cell in enumerate(row.cells):
        name = header_row.cells[index].text if index < len(header_row.cells) else ""
        paragraphs = list(cell.paragraphs)
        while paragraphs and name and name.startswith(paragraphs[0].text):
            name = name[len(paragraphs[0].text):].strip()
            paragraphs.pop(0)
        cells.append(replace(cell, paragraphs=tuple(paragraphs)))
    rest = replace(row, cells=tuple(cells), is_header=False, boundary=RowBoundary.PAGE_BREAK)
    return None if _is_empty(rest) else rest


def read_measure_table(table: Table, header: TableHeader, vocabulary: Vocabulary
                       ) -> TableReading:
    """Every measure row below the header; empty rows and repeated header rows are passed over,
    and rows that are the rest of the row above (cut by a page break) are joined to it."""
    reading = TableReading()
    for row in table.rows[:header.top]:
        if _is_header_part(row, table.rows[header.top], header):
            continue
        texts = list(dict.fromkeys(cell.text for cell in row.cells if cell.text))
        if texts:
            reading.notes.append(" | ".join(texts))
            reading.warnings.append(PlanWarning(code="text-above-header", location=row.location,
                                                message="text above the table's header row was kept as a note"))
    header_row = table.rows[header.row_index]
    for column, written, label in header.guessed:
        reading.warnings.append(PlanWarning(
            code="period-guessed", location=_row_location(header_row, _cell(header_row, column)),
            message=f"the column heading {written!r} is no period as read; taken as {label}, "
                    f"the year the columns beside it count to"))
    unplaced = _unlabelled_mark_columns(table, header, vocabulary)
    for row in table.rows[header.row_index + 1:]:
        if is_repeated_header(row, header, vocabulary):
            rest = _after_repeated_header(row, header_row)
            if rest is None:
                continue
            row = rest
        if _is_empty(row):
            continue
        detail = _detail(row, header, vocabulary)
        if detail is not None and reading.last():
            measures = reading.last()
            extra = {**measures[-1].extra, detail[0]: " ".join(t for t in (measures[-1].extra.get(detail[0]),
                                                                             detail[1]) if t)}
            measures[-1] = measures[-1].model_copy(update={"extra": extra})
            continue
        goal_text = goal_row_text(row, header, vocabulary)
        if goal_text is not None:
            reading.goal_rows.append(GoalRow(goal_text, row.location))
            continue
        named = _named_goal(row, header, reading, vocabulary)
        if named is not None:
            reading.goal_rows.append(named)
        measure, warnings = measure_from_row(row, header, vocabulary)
        warnings.extend(_unplaced_marks(row, header, unplaced, vocabulary))
        measures = reading.last()
        if measures and _is_rest_of_previous(row, measure):
            measures[-1] = _joined(measures[-1], measure, row, vocabulary)
            continue
        reading.add(measure)
        reading.warnings.extend(warnings)
    return reading


def _unlabelled_mark_columns(table: Table, header: TableHeader, vocabulary: Vocabulary) -> dict[str, int]:
    """The table's further columns that hold marks under a heading of no words ("20 20", "2●" where a
    scan's year labels were read broken): periods the header could not name, whose marks are kept
    under the column's heading but belong to no period."""
    found: dict[str, int] = {}
    for name, column in header.extra.items():
        heading = header.names[column] if column < len(header.names) else ""
        if any(ch.isalpha() for ch in heading):
            continue
        cells = [row.cells[column].text for row in table.rows[header.row_index + 1:]
                 if column < len(row.cells) and row.cells[column].text]
        marks = sum(read_mark(text, vocabulary).is_marked for text in cells)
        if marks and marks * 2 >= len(cells):
            found[name] = column
    return found


def _unplaced_marks(row: Row, header: TableHeader, columns: dict[str, int], vocabulary: Vocabulary
                    ) -> list[PlanWarning]:
    """A warning for each mark of the row in a column no period was read for."""
    out = []
    for name, column in columns.items():
        cell = _cell(row, column)
        if cell is not None and read_mark(cell.text, vocabulary).is_marked:
            out.append(PlanWarning(
                code="mark-without-period", location=_row_location(row, cell),
                message=f"a mark {cell.text!r} stands in the column headed {name!r}, which was read as no "
                        f"period; the mark is kept under that heading, not in the plan's periods"))
    return out


# A detail row's label ("Beschreibung", "Sachstand 2017 / 2018") is at most this long.
DETAIL_LABEL_MAX = 80


def _detail(row: Row, header: TableHeader, vocabulary: Vocabulary) -> tuple[str, str] | None:
    """A row of a measure card below the measure's own row: a label, then one cell across the measure's
    column and all after it ("Sachstand 2017 / 2018 | Kein neuer Sachstand"); its label and text."""
    columns = distinct_columns(row)
    if len(columns) != 2 or not columns[0] < header.measure <= columns[1]:
        return None
    named = [c for c in (header.responsible, header.timing, header.goal, *header.periods.values()) if c is not None]
    if any(c < columns[1] for c in named):
        return None  # the first cell covers a column of its own (a role merged over a sliver): a measure row
    label_cell, value_cell = row.cells[columns[0]], row.cells[columns[1]]
    if any(cell.location != value_cell.location for cell in row.cells[columns[1]:]):
        return None
    label = _cell_text(label_cell, vocabulary)
    if not label or len(label) > DETAIL_LABEL_MAX or not value_cell.text:
        return None
    return label, _cell_text(value_cell, vocabulary)


def _named_goal(row: Row, header: TableHeader, reading: TableReading, vocabulary: Vocabulary) -> GoalRow | None:
    """A new goal (or area) where a goal or area column names one unlike the row above; a cell merged
    down from the row above, or left empty under it, or repeating its text, goes on with that goal."""
    if header.goal is None and header.area is None:
        return None
    current = reading.goal_rows[-1] if reading.goal_rows else None
    goal_cell, area_cell = _cell(row, header.goal), _cell(row, header.area)
    goal_text = _cell_text(goal_cell, vocabulary)
    area_text = (_stacked(area_cell, vocabulary)[0] if header.label is not None and header.label == header.area
                 else _cell_text(area_cell, vocabulary)) or (current.area if current else None)
    new_area = header.area is not None and area_text and (current is None or area_text != current.area)
    new_goal = goal_text and (current is None or goal_text != current.text)
    if not (new_area or new_goal):
        return None
    if not goal_text:
        goal_text = "" if new_area else (current.text if current else "")
    return GoalRow(goal_text, goal_cell.location if goal_cell else row.location, area=area_text or None)


def opens_with_goal_row(table: Table | Paragraph, header: TableHeader,
                        vocabulary: Vocabulary) -> bool:
    """Whether the table's first row under its header names a goal (goals kept inside the table)."""
    if not isinstance(table, Table):
        return False
    if header.goal is not None:
        return True
    for row in table.rows[header.row_index + 1:]:
        if not _is_empty(row):
            return goal_row_text(row, header, vocabulary) is not None
    return False


def goal_row_text(row: Row, header: TableHeader, vocabulary: Vocabulary) -> str | None:
    """The goal a row names: one cell merged across the whole row, or bold text in the measure
    column with nothing in the other columns. None for a measure row."""
    filled = [index for index in distinct_columns(row) if row.cells[index].text]
    if len(distinct_columns(row)) == 1 and filled:
        return _cell_text(row.cells[filled[0]], vocabulary)
    measure_cell = _cell(row, header.measure)
    if filled == [header.measure] and measure_cell is not None and all(
            p.style.bold for p in measure_cell.paragraphs if p.text):
        return _cell_text(measure_cell, vocabulary)
    return None
