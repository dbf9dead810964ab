"""Turning the rows of a measure table into measures: text, schedule, roles and further columns."""

from __future__ import annotations

from dataclasses import dataclass, field

from planparse.layout import Cell, Row, Table
from planparse.model import Location, MarkKind, Measure, PlanWarning
from planparse.recognizer.headers import TableHeader, is_repeated_header
from planparse.recognizer.marks import read_mark
from planparse.recognizer.roles import split_roles
from planparse.recognizer.text import paragraph_text
from planparse.recognizer.vocabulary import DEFAULT_VOCABULARY, Vocabulary


@dataclass
class TableReading:
    measures: list[Measure] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)


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
    """A measure's location: its row, and the page and box of its measure cell where known."""
    if cell is not None and cell.location.bbox is not None:
        return cell.location.model_copy(update={"column": None})
    return row.location


def measure_from_row(row: Row, header: TableHeader, vocabulary: Vocabulary = DEFAULT_VOCABULARY
                     ) -> tuple[Measure, list[PlanWarning]]:
    warnings: list[PlanWarning] = []
    measure_cell = _cell(row, header.measure)
    paragraphs = [t for t in (paragraph_text(p, vocabulary) for p in
                              (measure_cell.paragraphs if measure_cell else ())) if t]
    schedule = {}
    for year, column in header.years.items():
        cell = _cell(row, column)
        mark = read_mark(cell.text if cell else "", vocabulary)
        schedule[year] = mark
        if mark.kind is MarkKind.UNKNOWN:
            where = cell.location if cell else row.location
            warnings.append(PlanWarning(
                code="unknown-mark",
                message=f"year {year} holds {mark.raw!r}, which is not a known mark; kept as written",
                location=where,
            ))
    responsible_cell = _cell(row, header.responsible)
    responsible = split_roles(responsible_cell.paragraphs, vocabulary) if responsible_cell else []
    extra = {name: _cell_text(_cell(row, column), vocabulary) for name, column in header.extra.items()}
    measure = Measure(
        text=" ".join(paragraphs),
        paragraphs=paragraphs,
        schedule=schedule,
        responsible=responsible,
        extra=extra,
        location=_row_location(row, measure_cell),
    )
    if not measure.text:
        warnings.append(PlanWarning(code="measure-without-text",
                                    message="a measure row has marks or roles but no measure text",
                                    location=row.location))
    return measure, warnings


def read_measure_table(table: Table, header: TableHeader, vocabulary: Vocabulary = DEFAULT_VOCABULARY
                       ) -> TableReading:
    """Every measure row below the header; empty rows and repeated header rows are passed over."""
    reading = TableReading()
    for row in table.rows[header.row_index + 1:]:
        if _is_empty(row) or is_repeated_header(row, header):
            continue
        measure, warnings = measure_from_row(row, header, vocabulary)
        reading.measures.append(measure)
        reading.warnings.extend(warnings)
    return reading
