"""Finding a measure table's header row: its year columns, measure column and responsible column."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from planparse.layout import Row, Table
from planparse.recognizer.vocabulary import DEFAULT_VOCABULARY, Vocabulary

_YEAR = re.compile(r"^(?:19|20)\d\d$")
# How many rows from the top of a table the header may start at (a title row may come first).
HEADER_SEARCH_ROWS = 3


@dataclass(frozen=True)
class TableHeader:
    """Which grid column holds what; `row_index` is the header row's index in the table."""

    row_index: int
    measure: int
    years: dict[int, int]  # year -> column
    responsible: int | None
    extra: dict[str, int] = field(default_factory=dict)  # header name -> column
    names: tuple[str, ...] = ()

    @property
    def columns(self) -> list[str]:
        """The header's column names in order, merged columns once."""
        used = sorted({self.measure, *self.years.values(), *self.extra.values()}
                      | ({self.responsible} if self.responsible is not None else set()))
        return [self.names[c] for c in used]


_YEAR_WORD = re.compile(r"^(?:år|year|aar)", re.IGNORECASE)


def read_year(text: str) -> int | None:
    """A year header, also when a narrow cell wrapped it ("202" over "2") or names it ("År 2025")."""
    compact = _YEAR_WORD.sub("", re.sub(r"\s+", "", text)).rstrip("*:.")
    return int(compact) if _YEAR.match(compact) else None


def distinct_columns(row: Row) -> list[int]:
    """Grid columns of a row, each horizontally merged cell once (at its first column)."""
    out: list[int] = []
    for index, cell in enumerate(row.cells):
        if index > 0 and cell.merged and cell.location == row.cells[index - 1].location:
            continue
        out.append(index)
    return out


def header_from_row(row: Row, row_index: int, vocabulary: Vocabulary = DEFAULT_VOCABULARY,
                    above: Sequence[Row] = (), below: Sequence[Row] = ()) -> TableHeader | None:
    """The header this row makes, or None when it is not a measure table's header; `above` and
    `below` are the table's other rows, for two-row headers and for columns with unknown names."""
    columns = distinct_columns(row)
    texts = [cell.text for cell in row.cells]
    years = {}
    for column in columns:
        year = read_year(texts[column])
        if year is not None and year not in years:
            years[year] = column
    if not years:
        return None
    names = [_column_name(texts, above, column) for column in range(len(row.cells))]
    measure = next((c for c in columns if vocabulary.is_measure_header(names[c])), None)
    responsible = next((c for c in columns if vocabulary.is_responsible_header(names[c])), None)
    if len(years) < 2 and measure is None and responsible is None:
        return None
    year_columns = set(years.values())
    if measure is None:
        # No known name: the measure column is the wordiest column left of the years (not a "Nr." column).
        candidates = [c for c in columns if c < min(year_columns)]
        if not candidates:
            return None
        measure = max(candidates, key=lambda c: (sum(len(r.cells[c].text) for r in below if c < len(r.cells)), -c))
    extra: dict[str, int] = {}
    for column in columns:
        if column in year_columns or column in (measure, responsible):
            continue
        name = names[column] or f"Kolonne {column + 1}"
        extra[name] = column
    return TableHeader(row_index, measure, dict(sorted(years.items())), responsible, extra, tuple(names))


def _column_name(texts: Sequence[str], above: Sequence[Row], column: int) -> str:
    """A column's name: its header cell, or the cell above when the header spans two rows."""
    if texts[column]:
        return texts[column]
    for row in reversed(above):
        if column < len(row.cells) and row.cells[column].text:
            return row.cells[column].text
    return ""


def find_header(table: Table, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> TableHeader | None:
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        header = header_from_row(row, index, vocabulary, table.rows[:index], table.rows[index + 1:])
        if header is not None:
            return header
    return None


def is_repeated_header(row: Row, header: TableHeader) -> bool:
    """A row that repeats the header (a header row printed again on the next page)."""
    texts = [cell.text for cell in row.cells]
    return all(read_year(texts[c]) == year for year, c in header.years.items() if c < len(texts))
