"""Measure cards as tables of fields: each row a label and its value ("Titel | …", "Federführung | …",
"Sachstand 07/2024 | …"), a card's title row opening each measure, its further rows the measure's
responsible, timing and further fields, and a grid of periods inside the card ("2025 | 2026 | … "
over the amounts) its schedule. Cards run on over page breaks; headings between them name areas."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planparse.layout import Block, Cell, Paragraph, Row, Table
from planparse.model import Goal, Location, Measure, PlanWarning, Timing
from planparse.recognizer.headers import distinct_columns
from planparse.recognizer.marks import read_mark
from planparse.recognizer.periods import read_period_label
from planparse.recognizer.roles import split_roles
from planparse.recognizer.text import join_wrapped, paragraph_text
from planparse.vocabulary import Vocabulary

if TYPE_CHECKING:
    from planparse.recognizer.structure import Structure

# A field's label is short.
LABEL_MAX = 60
# Share of a table's filled rows that must be label and value for it to be a table of fields.
FIELD_ROWS_SHARE = 0.5
# At least this many cards make a document of cards.
MIN_CARDS = 2


def _text(cell: Cell | None, vocabulary: Vocabulary) -> str:
    if cell is None:
        return ""
    return " ".join(t for t in (paragraph_text(p, vocabulary) for p in cell.paragraphs) if t)


def _filled(row: Row) -> list[int]:
    return [c for c in distinct_columns(row) if row.cells[c].text]


def _is_field_row(row: Row) -> bool:
    filled = _filled(row)
    return len(filled) == 2 and len(row.cells[filled[0]].text) <= LABEL_MAX and filled[0] == distinct_columns(row)[0]


def is_field_table(table: Table) -> bool:
    rows = [row for row in table.rows if any(cell.text for cell in row.cells)]
    return bool(rows) and sum(_is_field_row(row) for row in rows) >= FIELD_ROWS_SHARE * len(rows)


def _rows(block: Block) -> tuple[Row, ...]:
    return block.rows if isinstance(block, Table) else ()


def _opens_card(row: Row, vocabulary: Vocabulary) -> bool:
    filled = _filled(row)
    return _is_field_row(row) and vocabulary.is_measure_header(row.cells[filled[0]].text)


@dataclass
class _Card:
    """A measure being read from its card's rows."""

    title: str
    location: Location
    responsible: list[str] = field(default_factory=list)
    timing: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    schedule: dict[str, list[str]] = field(default_factory=dict)
    periods: dict[int, str] = field(default_factory=dict)  # column -> period label of the card's grid
    last: str | None = None  # the label of the field a continued row goes on with

    def measure(self, vocabulary: Vocabulary) -> Measure:
        schedule = {label: read_mark(" / ".join(values), vocabulary) for label, values in self.schedule.items()}
        return Measure(text=self.title, paragraphs=[self.title], responsible=self.responsible,
                       timing=Timing(text=self.timing, understood=False) if self.timing else None,
                       extra=self.extra, schedule=schedule, location=self.location)


def _period_row(row: Row, vocabulary: Vocabulary) -> dict[int, str]:
    """The period grid's header inside a card: the columns from the first period label on."""
    columns = distinct_columns(row)
    labelled = [c for c in columns if read_period_label(row.cells[c].text, vocabulary.year_words) is not None]
    if len(labelled) < 2:
        return {}
    return {c: row.cells[c].text for c in columns if c >= labelled[0] and row.cells[c].text}


def _read_row(card: _Card, row: Row, vocabulary: Vocabulary) -> None:
    periods = _period_row(row, vocabulary)
    if periods:
        card.periods = periods
        return
    if card.periods and len({row.cells[c].location.model_dump_json() for c in card.periods
                              if c < len(row.cells) and row.cells[c].text}) >= 2:
        for column, label in card.periods.items():
            value = row.cells[column].text.strip() if column < len(row.cells) else ""
            if value and value not in ("-", "–"):
                card.schedule.setdefault(label, []).append(value)
        return
    filled = _filled(row)
    if not filled:
        return
    if len(filled) == 1:  # a value whose label stands in the row above (a card cut by a page break)
        if card.last is not None:
            card.extra[card.last] = join_wrapped(card.extra.get(card.last, ""), _text(row.cells[filled[0]],
                                                                                        vocabulary), vocabulary)
        return
    label, cell = row.cells[filled[0]].text.strip(), row.cells[filled[1]]
    value = _text(cell, vocabulary)
    card.periods = {}
    if vocabulary.is_responsible_header(label):
        card.responsible.extend(role for role in split_roles(cell.paragraphs, vocabulary)
                                if role not in card.responsible)
    elif vocabulary.is_timing_header(label):
        card.timing = value
    else:
        card.extra[label] = " ".join(v for v in (card.extra.get(label), value) if v)
    card.last = label


@dataclass
class CardReading:
    """The cards of a document: each card's measure, with the heading it stands under."""

    areas: list[tuple[Paragraph | None, list[Measure]]] = field(default_factory=list)
    tables: set[int] = field(default_factory=set)


def read_cards(blocks: Sequence[Block], vocabulary: Vocabulary, is_heading: Callable[[int], bool]
               ) -> CardReading | None:
    """The measures of a document's tables of fields, by the headings they stand under; None where it
    has fewer than two cards."""
    tables = {i for i, b in enumerate(blocks) if isinstance(b, Table) and is_field_table(b)}
    count = sum(1 for i in tables for row in _rows(blocks[i]) if _opens_card(row, vocabulary))
    if count < MIN_CARDS:
        return None
    reading = CardReading(tables=tables)
    heading: Paragraph | None = None
    measures: list[Measure] = []
    card: _Card | None = None
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            if is_heading(index):
                if card is not None:
                    measures.append(card.measure(vocabulary))
                    card = None
                if measures:
                    reading.areas.append((heading, measures))
                heading, measures = block, []
            continue
        if index not in tables and (card is None or not any(_is_field_row(row) for row in block.rows)):
            continue  # (a table of a card cut by a page break goes on with that card)
        reading.tables.add(index)
        for row in block.rows:
            if _opens_card(row, vocabulary):
                if card is not None:
                    measures.append(card.measure(vocabulary))
                filled = _filled(row)
                title_cell = row.cells[filled[1]]
                card = _Card(_text(title_cell, vocabulary), title_cell.location)
            elif card is not None:
                _read_row(card, row, vocabulary)
    if card is not None:
        measures.append(card.measure(vocabulary))
    if measures:
        reading.areas.append((heading, measures))
    return reading


def build_card_structure(blocks: Sequence[Block], vocabulary: Vocabulary) -> Structure | None:
    """The plan of a document of measure cards: areas from the headings above the cards."""
    from planparse.recognizer.structure import (
        Chunk,
        Structure,
        most_common,
        outranks,
        signature,
        title_blocks,
        title_text,
    )

    paragraphs = {i: b for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text.strip()}
    body = most_common([signature(p) for p in paragraphs.values()], [len(p.text) for p in paragraphs.values()])
    title_indices = set(title_blocks(blocks, vocabulary))

    def is_heading(index: int) -> bool:
        paragraph = paragraphs.get(index)
        return (paragraph is not None and body is not None and index not in title_indices
                and len(paragraph.text) <= LABEL_MAX * 2 and outranks(signature(paragraph), body))

    reading = read_cards(blocks, vocabulary, is_heading)
    if reading is None:
        return None
    chunks: list[Chunk] = [Chunk(heading=None)]
    warnings: list[PlanWarning] = []
    for heading, measures in reading.areas:
        chunks.append(Chunk(heading=heading, goals=[Goal(text="", measures=measures)]))
    used = reading.tables | {i for i in paragraphs if is_heading(i)} | title_indices
    for index, block in enumerate(blocks):
        if index not in used and isinstance(block, Paragraph) and block.text.strip():
            chunks[0].notes.append(paragraph_text(block, vocabulary))
    return Structure(title=title_text(blocks, sorted(title_indices), vocabulary), chunks=chunks, warnings=warnings)
