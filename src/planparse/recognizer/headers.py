"""Finding a measure table's header row: its year columns, measure column and responsible column."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from planparse.layout import Row, Table
from planparse.model import PeriodKind
from planparse.recognizer.periods import PeriodSpec, read_period_label
from planparse.vocabulary import Vocabulary

# How many rows from the top of a table the header may start at (a title row may come first).
HEADER_SEARCH_ROWS = 3


@dataclass(frozen=True)
class TableHeader:
    """Which grid column holds what; `row_index` is the header row's index in the table."""

    row_index: int
    measure: int
    periods: dict[str, int]  # period label -> column, in column order
    responsible: int | None
    extra: dict[str, int] = field(default_factory=dict)  # header name -> column
    names: tuple[str, ...] = ()
    specs: tuple[PeriodSpec, ...] = ()  # what each period label means, in column order
    timing: int | None = None  # a column saying when in words (Frist, Tidsplan)
    goal: int | None = None  # a column naming each measure's goal
    area: int | None = None  # a column naming each measure's area
    label: int | None = None  # a column of measure IDs (Nr.)
    guessed: tuple[tuple[int, str, str], ...] = ()  # (column, label as read, year taken) told by the run
    first_row: int | None = None  # where a header wrapped over two rows starts ("20" over "25")

    @property
    def top(self) -> int:
        """The index of the header's first row."""
        return self.row_index if self.first_row is None else self.first_row

    @property
    def years(self) -> dict[int, int]:
        """Year -> column, for the period columns that are years."""
        return {spec.year: self.periods[spec.label] for spec in self.specs
                if spec.kind is PeriodKind.YEAR and spec.year is not None}

    def used_columns(self) -> set[int]:
        named = (self.responsible, self.timing, self.goal, self.area, self.label)
        return {self.measure, *self.periods.values(), *self.extra.values(), *(c for c in named if c is not None)}

    @property
    def columns(self) -> list[str]:
        """The names of the columns a goal's own table keeps, in order, merged columns once: the goal,
        area and ID columns are not among them (the plan's structure and each measure's label hold them)."""
        dropped = {self.goal, self.area, self.label}
        return [self.names[c] for c in sorted(self.used_columns() - dropped)]


def read_year(text: str, vocabulary: Vocabulary) -> int | None:
    """A year header, also when a narrow cell wrapped it ("202" over "2") or names it ("År 2025")."""
    spec = read_period_label(text, vocabulary.year_words)
    return spec.year if spec is not None and spec.kind is PeriodKind.YEAR else None


def distinct_columns(row: Row) -> list[int]:
    """Grid columns of a row, each horizontally merged cell once (at its first column)."""
    out: list[int] = []
    for index, cell in enumerate(row.cells):
        if index > 0 and cell.merged and cell.location == row.cells[index - 1].location:
            continue
        out.append(index)
    return out


def _periods(row: Row, columns: Sequence[int], above: Sequence[Row], vocabulary: Vocabulary
             ) -> list[tuple[PeriodSpec, int]]:
    """The period columns of a header row, each label once; an undated label ("Q1") under a year
    cell spanning it ("2025" over "Q1 … Q4") takes that year into its label."""
    found: list[tuple[PeriodSpec, int]] = []
    labels: set[str] = set()
    for column in columns:
        spec = read_period_label(row.cells[column].text, vocabulary.year_words)
        if spec is None and vocabulary.is_period_header(row.cells[column].text):
            spec = PeriodSpec(" ".join(row.cells[column].text.split()), PeriodKind.NAMED, 0, None)
        if spec is None:
            continue
        if spec.year is None and above:
            year = read_year(above[-1].cells[column].text, vocabulary) if column < len(above[-1].cells) else None
            if year is not None:
                spec = PeriodSpec(f"{spec.label} {year}", spec.kind, spec.number, year)
        if spec.label not in labels:
            labels.add(spec.label)
            found.append((spec, column))
    return found


def header_from_row(row: Row, row_index: int, vocabulary: Vocabulary,
                    above: Sequence[Row] = (), below: Sequence[Row] = ()) -> TableHeader | None:
    """The header this row makes, or None when it is not a measure table's header; `above` and
    `below` are the table's other rows, for two-row headers and for columns with unknown names.

    A measure table has period columns (two or more, or one beside a measure or responsible
    column), or a measure column named as such beside a timing, responsible or goal column."""
    texts = [cell.text for cell in row.cells]
    written = [_column_name(texts, above, column) for column in range(len(row.cells))]
    names = _split_compound_names(row, written, below)
    columns = distinct_columns(row) if names == written else _columns_under(row, below)

    def named(test: Callable[[str], bool], exclude: Sequence[int | None] = ()) -> int | None:
        found = next((c for c in columns if c not in exclude and test(names[c])), None)
        if found is None:  # "Handlungsfeld / Nr.": a column holding two things stacked, named by the first
            found = next((c for c in columns if c not in exclude and "/" in names[c]
                          and test(names[c].split("/")[0])), None)
        return found

    measure = named(vocabulary.is_measure_header)
    responsible = named(vocabulary.is_responsible_header, (measure,))
    periods = [(spec, c) for spec, c in _periods(row, columns, above, vocabulary) if c not in (measure, responsible)]
    periods, guessed = _years_in_run(periods, columns, names, (measure, responsible), vocabulary)
    timing = named(vocabulary.is_timing_header, (measure, responsible)) if not periods else None
    goal = named(vocabulary.is_goal_header, (measure, responsible, timing))
    area = named(vocabulary.is_area_header, (measure, responsible, timing, goal))
    if len(periods) < 2 and measure is None and responsible is None:
        return None
    if not periods and (measure is None or (timing is None and responsible is None and goal is None)):
        return None
    period_columns = {c for _, c in periods}
    if measure is None:
        # No known name: the measure column is the wordiest column left of the periods (not a "Nr." column).
        candidates = [c for c in columns if c < min(period_columns) and c not in (goal, area)]
        if not candidates:
            return None
        measure = max(candidates, key=lambda c: (sum(len(r.cells[c].text) for r in below if c < len(r.cells)), -c))
    taken = {measure, responsible, timing, goal, area, *period_columns}
    label = next((c for c in columns if c not in taken and vocabulary.is_id_header(names[c])), None)
    if label is None and area is not None and vocabulary.is_id_header(names[area].split("/")[-1]):
        label = area  # the area and the measure's number stacked in one cell: the number on its last line
    extra: dict[str, int] = {}
    for column in columns:
        if column in taken or column == label:
            continue
        extra[names[column] or f"Kolonne {column + 1}"] = column
    return TableHeader(row_index, measure, {spec.label: c for spec, c in periods}, responsible, extra, tuple(names),
                       tuple(spec for spec, _ in periods), timing, goal, area, label, guessed)


# A label misread in a run of year columns ("202●" between 2027 and nothing, "2020" between 2026 and
# 2028) is the run's year where at least this many of its four characters are that year's.
YEAR_LIKE = 3


def _year_like(text: str, year: int) -> bool:
    written = "".join(text.split())
    return len(written) == 4 and sum(a == b for a, b in zip(written, str(year), strict=True)) >= YEAR_LIKE


def _years_in_run(periods: list[tuple[PeriodSpec, int]], columns: Sequence[int], names: Sequence[str],
                  named: Sequence[int | None], vocabulary: Vocabulary
                  ) -> tuple[list[tuple[PeriodSpec, int]], tuple[tuple[int, str, str], ...]]:
    """The period columns with a year column whose label was misread (a scan's "202●", "2020" among
    2025–2028) given the year its neighbours count to, and what was so told.

    Two year columns or more, one year apart column by column, make a run; a column in the run, or
    next to either end of it, whose label is all but one character that column's year takes it. A
    plan's own labels, read right, are never changed: a label outside the run's count is not like it."""
    years = {c: spec.year for spec, c in periods if spec.kind is PeriodKind.YEAR and spec.year is not None}
    position = {c: i for i, c in enumerate(columns)}
    starts = Counter(year - position[c] for c, year in years.items() if c in position)
    if not starts:
        return periods, ()
    start, count = starts.most_common(1)[0]
    if count < 2:
        return periods, ()
    run = [position[c] for c, year in years.items() if c in position and year - position[c] == start]
    by_column = dict((c, spec) for spec, c in periods)
    guessed: list[tuple[int, str, str]] = []
    for index in range(max(min(run) - 1, 0), min(max(run) + 2, len(columns))):
        column = columns[index]
        year = start + index
        if column in named or years.get(column) == year or not _year_like(names[column], year):
            continue
        spec = read_period_label(str(year), vocabulary.year_words)
        if spec is None or any(s.label == spec.label for s in by_column.values()):
            continue
        by_column[column] = spec
        guessed.append((column, " ".join(names[column].split()), spec.label))
    if not guessed:
        return periods, ()
    return [(by_column[c], c) for c in sorted(by_column)], tuple(guessed)


def _split_compound_names(row: Row, names: list[str], below: Sequence[Row]) -> list[str]:
    """Names of a header cell that spans as many columns as it names things ("Titel / Zuständigkeit"
    over a title and a responsible column) given each to its column, where the row below parts them."""
    out = list(names)
    next_row = next((r for r in below if any(cell.text for cell in r.cells)), None)
    if next_row is None:
        return out
    for start in distinct_columns(row):
        span = [i for i in range(start, len(row.cells)) if row.cells[i].location == row.cells[start].location
                and (i == start or row.cells[i].merged)]
        parts = [part.strip() for part in names[start].split("/") if part.strip()]
        if len(span) < 2 or len(parts) != len(span) or any(i >= len(next_row.cells) for i in span):
            continue
        below_cells = [next_row.cells[i] for i in span]
        if any(a.location == b.location for a, b in itertools.pairwise(below_cells)):
            continue
        for index, part in zip(span, parts, strict=True):
            out[index] = part
    return out


def _columns_under(row: Row, below: Sequence[Row]) -> list[int]:
    """The distinct columns of the first filled row under a header whose compound cells were parted."""
    next_row = next((r for r in below if any(cell.text for cell in r.cells)), row)
    columns = distinct_columns(next_row)
    return columns if len(next_row.cells) == len(row.cells) else distinct_columns(row)


def _column_name(texts: Sequence[str], above: Sequence[Row], column: int) -> str:
    """A column's name: its header cell, or the cell above when the header spans two rows."""
    if texts[column]:
        return texts[column]
    for row in reversed(above):
        if column < len(row.cells) and row.cells[column].text:
            return row.cells[column].text
    return ""


def _wrapped_header(table: Table, index: int, header: TableHeader | None, vocabulary: Vocabulary
                    ) -> TableHeader | None:
    """The header a row makes with the row under it, where its labels wrapped into that row as rows
    of their own ("20" over "2 5", as a scan's narrow year columns are read): the joined labels name
    more periods than the row alone, and the row under holds nothing but the rests of labels (nothing
    in the measure, responsible, timing, goal or area column, nothing under an empty cell)."""
    if index + 1 >= len(table.rows):
        return None
    row, rest = table.rows[index], table.rows[index + 1]
    if len(rest.cells) != len(row.cells) or not any(cell.text for cell in rest.cells):
        return None
    cells = tuple(replace(cell, paragraphs=cell.paragraphs + under.paragraphs)
                  for cell, under in zip(row.cells, rest.cells, strict=True))
    joined = replace(row, cells=cells, location=rest.location)
    wrapped = header_from_row(joined, index + 1, vocabulary, table.rows[:index], table.rows[index + 2:])
    if wrapped is None or len(wrapped.periods) < max(2, len(header.periods) + 1 if header else 0):
        return None
    named = {wrapped.measure, wrapped.responsible, wrapped.timing, wrapped.goal, wrapped.area}
    if any(cell.text and (column in named or not row.cells[column].text) for column, cell in enumerate(rest.cells)):
        return None  # the row under is a row of the table's own (a measure, a goal), not labels' rests
    return replace(wrapped, first_row=index)


def find_header(table: Table, vocabulary: Vocabulary) -> TableHeader | None:
    """The table's header row: the first near the top that makes a header, or one below it that has
    the period columns it lacks ("Tidsplan" over the years of a two-row header); a header whose
    labels wrapped into the row under it is read with that row."""
    found: list[TableHeader] = []
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        header = header_from_row(row, index, vocabulary, table.rows[:index], table.rows[index + 1:])
        header = _wrapped_header(table, index, header, vocabulary) or header
        if header is not None:
            found.append(header)
    if not found:
        return None
    return next((h for h in found if h.periods), found[0]) if not found[0].periods else found[0]


def is_repeated_header(row: Row, header: TableHeader, vocabulary: Vocabulary) -> bool:
    """A row that repeats the header (a header row printed again on the next page)."""
    texts = [cell.text for cell in row.cells]
    if header.periods:
        return all(_same_label(texts[c], spec, vocabulary) for spec in header.specs
                   if (c := header.periods[spec.label]) < len(texts))
    named = [c for c in (header.measure, header.responsible, header.timing, header.goal) if c is not None]
    return all(c < len(texts) and texts[c] == header.names[c] for c in named)


def _same_label(text: str, spec: PeriodSpec, vocabulary: Vocabulary) -> bool:
    found = read_period_label(text, vocabulary.year_words)
    return found is not None and (found.label == spec.label or (found.kind, found.number, found.year) == (
        spec.kind, spec.number, spec.year) or spec.label.startswith(found.label + " "))
