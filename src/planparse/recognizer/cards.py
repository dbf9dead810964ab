"""Measure cards as tables of fields: each row a label and its value ("Titel | …", "Federführung | …",
"Sachstand 07/2024 | …"), a card's title row opening each measure, its further rows the measure's
responsible, timing and further fields, and a grid of periods inside the card ("2025 | 2026 | … "
over the amounts) its schedule. Cards run on over page breaks; headings between them name areas."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from planparse.layout import Block, Cell, Paragraph, Row, Table
from planparse.model import Goal, Location, Measure, PlanWarning, Timing
from planparse.recognizer.headers import distinct_columns
from planparse.recognizer.marks import read_mark
from planparse.recognizer.periods import read_period_label
from planparse.recognizer.roles import split_roles
from planparse.recognizer.text import join_wrapped, paragraph_text, split_number
from planparse.vocabulary import Vocabulary

if TYPE_CHECKING:
    from planparse.recognizer.structure import Signature, Structure

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


def _body_and_title(blocks: Sequence[Block], vocabulary: Vocabulary
                    ) -> tuple[dict[int, Paragraph], Signature | None, set[int]]:
    """A document's paragraphs with text by index, the look of its body text, and its title's paragraphs."""
    from planparse.recognizer.structure import most_common, signature, title_blocks

    paragraphs = {i: b for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text.strip()}
    body = most_common([signature(p) for p in paragraphs.values()], [len(p.text) for p in paragraphs.values()])
    return paragraphs, body, set(title_blocks(blocks, vocabulary))


def build_card_structure(blocks: Sequence[Block], vocabulary: Vocabulary) -> Structure | None:
    """The plan of a document of measure cards: areas from the headings above the cards."""
    from planparse.recognizer.structure import Chunk, Structure, outranks, signature, title_text

    paragraphs, body, title_indices = _body_and_title(blocks, vocabulary)

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


# Cards whose fields are stacked in their cells: a row of cells each holding a label over its value
# ("Projektträger / KLENKO" | "Akteure / …" | "Zeitrahmen / 2021 – 2030"), under a band of header
# rows holding the measure's title, its code ("AW1") and its area with a label ("Handlungsfeld …").
# At least this many such cards make a document of them.
MIN_STACKED_CARDS = 3
_CODE = re.compile(r"^[A-ZÆØÅÄÖÜ][A-Za-zæøåäöü]{0,4}\s?\d{1,3}[a-z]?$")


def _stacked(cell: Cell) -> tuple[str, list[Paragraph]] | None:
    """A cell holding a field: its first paragraph a short label, the others its value."""
    paragraphs = [p for p in cell.paragraphs if p.text.strip()]
    if len(paragraphs) < 2 or len(paragraphs[0].text) > LABEL_MAX // 2:
        return None
    label = paragraphs[0].text.strip().rstrip(":").strip()
    return (label, paragraphs[1:]) if label and not label[0].isdigit() else None


def _distinct(row: Row) -> list[Cell]:
    return [row.cells[c] for c in distinct_columns(row)]


def _stacked_row(row: Row) -> bool:
    return any(_stacked(cell) is not None for cell in _distinct(row))


def _band(table: Table) -> list[Row]:
    """The header rows a card opens with: its filled rows before the first row of fields."""
    rows = []
    for row in table.rows:
        if _stacked_row(row):
            break
        if any(cell.text.strip() for cell in row.cells):
            rows.append(row)
    return rows if len(rows) < len(table.rows) else []


def _band_pieces(band: Sequence[Row], vocabulary: Vocabulary) -> list[tuple[str, Location]]:
    """The texts of a card's header band, a column's lines joined top to bottom, each text once."""
    columns: dict[int, list[tuple[str, Location]]] = {}
    for row in band:
        for column in distinct_columns(row):
            cell = row.cells[column]
            text = _text(cell, vocabulary).strip()
            lines = columns.setdefault(column, [])
            if text and (not lines or lines[-1][0] != text):
                lines.append((text, cell.location))
    pieces: list[tuple[str, Location]] = []
    for column in sorted(columns):
        lines = columns[column]
        if lines:
            text = " ".join(line for line, _ in lines)
            if text not in {piece for piece, _ in pieces}:
                pieces.append((text, lines[0][1]))
    return pieces


def _labelled(text: str, labels: frozenset[str]) -> str | None:
    """The rest of a text that opens with one of `labels` ("Handlungsfeld Mobilität" -> "Mobilität")."""
    lowered = text.casefold()
    for label in sorted(labels, key=len, reverse=True):
        if lowered.startswith(label) and (len(text) == len(label) or not text[len(label)].isalnum()):
            return text[len(label):].strip(" :–-") or None
    return None


def read_stacked_cards(blocks: Sequence[Block], vocabulary: Vocabulary) -> list[tuple[str | None, Measure, set[int]]]:
    """Each stacked card's area (from its band's labelled text), measure and the tables it took; a card
    goes on over the tables after it (a page break) until the next card's band."""
    cards: list[tuple[str | None, Measure, set[int]]] = []
    card: _Card | None = None
    area: str | None = None
    used: set[int] = set()
    stated = False
    responsible_taken = False

    def close() -> None:
        if card is not None and stated:
            cards.append((area, card.measure(vocabulary), used))

    for index, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        band = _band(block)
        if band:
            pieces = _band_pieces(band, vocabulary)
            areas = [(rest, loc) for text, loc in pieces if (rest := _labelled(text, vocabulary.area_labels))]
            codes = [text for text, _ in pieces if _CODE.match(text)]
            titles = [(text, loc) for text, loc in pieces if not _CODE.match(text)
                      and _labelled(text, vocabulary.area_labels) is None]
            title = max(titles, key=lambda piece: len(piece[0]))[0] if titles else ""
            # a band names the card (its area or code) or is a short title; the rest of a description
            # cut by a page break (long, or going on in lower case) is not a card's band
            if titles and (areas or codes or (len(title) <= LABEL_MAX * 2 and not title[:1].islower())):
                close()
                text, location = max(titles, key=lambda piece: len(piece[0]))
                card = _Card(text, location)
                if codes:
                    card.extra["ID"] = codes[0]
                area = areas[0][0] if areas else None
                used, stated, responsible_taken = {index}, False, False
        if card is None:
            continue
        rows = block.rows[len(band):] if band else block.rows
        if not band and not any(_stacked_row(row) for row in rows):
            continue
        used.add(index)
        for row in rows:
            for cell in _distinct(row):
                field_ = _stacked(cell)
                if field_ is None:
                    continue
                label, paragraphs = field_
                value = " ".join(t for t in (paragraph_text(p, vocabulary) for p in paragraphs) if t)
                if vocabulary.is_responsible_header(label) and not responsible_taken:
                    card.responsible = split_roles(paragraphs, vocabulary)
                    responsible_taken = stated = True
                elif vocabulary.is_timing_header(label) and card.timing is None:
                    card.timing, stated = value, True
                else:
                    card.extra[label] = " ".join(v for v in (card.extra.get(label), value) if v)
    close()
    return cards if len(cards) >= MIN_STACKED_CARDS else []


def build_stacked_card_structure(blocks: Sequence[Block], vocabulary: Vocabulary) -> Structure | None:
    """The plan of a document of stacked cards: an area per card's labelled area (else the heading
    above), its cards' measures in document order; None where it has fewer than MIN_STACKED_CARDS."""
    from planparse.recognizer.structure import Chunk, Structure, title_blocks, title_text

    cards = read_stacked_cards(blocks, vocabulary)
    if not cards:
        return None
    title_indices = set(title_blocks(blocks, vocabulary))
    chunks: list[Chunk] = [Chunk(heading=None)]
    by_area: dict[str, Chunk] = {}
    taken: set[int] = set()
    for area, measure, tables in cards:
        taken |= tables
        name = area or ""
        if name not in by_area:
            heading = Paragraph(text=name, location=measure.location) if name else None
            by_area[name] = Chunk(heading=heading, goals=[Goal(text="", measures=[])])
            chunks.append(by_area[name])
        by_area[name].goals[0].measures.append(measure)
    for index, block in enumerate(blocks):
        if index not in taken and index not in title_indices and isinstance(block, Paragraph) and block.text.strip():
            chunks[0].notes.append(paragraph_text(block, vocabulary))
    return Structure(title=title_text(blocks, sorted(title_indices), vocabulary), chunks=chunks, warnings=[])


# Cards whose fields stand inline, label and value on one line ("Zeitraum: ab 2011", "Möglicher Akteur /
# Initiator: Stadt"), under a title line that opens with the measure's code ("Ü 2 Klimaschutzfonds …"):
# measure sheets, often ruled boxes with a rating column beside them, often pictures read by OCR, whose
# rules may be found only in part; so the card is read from its lines and where they stand, not its grid.
MIN_INLINE_CARDS = 3
_CODED_TITLE = re.compile(
    r"^(?P<code>[A-ZÆØÅÄÖÜ]{1,2}\s?\d{1,2}[a-z]?(?:\s?/\s?[A-ZÆØÅÄÖÜ]{1,2}\s?\d{1,2})?)\s+(?P<title>[„\"(]?[A-ZÆØÅÄÖÜ][\w-]*[a-zæøåäöüß]{2}.*\S)$")
_INLINE_FIELD = re.compile(r"^(?P<label>[^:]{2,60}?)\s*:\s*(?P<value>.*)$")
# A second field on the same line: a capitalised label and its colon after the first field's value.
_SECOND_LABEL = re.compile(r"\s(?=[A-ZÆØÅÄÖÜ][^:,;.]{2,60}:\s)")
# A title's second line starts this close under its first (in its lines' heights).
TITLE_WRAP_GAP = 0.9
# Pieces of one title line side by side (a cell border found where there is none) stand this close
# (in the line's heights); a rating column's text beside the title stands further off.
TITLE_PIECE_GAP = 2.0
# The units after a title looked through for the rest of its line and its second line (a rating
# column's many small pieces may stand between them in reading order).
TITLE_SEARCH = 150
# A title stands in this left share of its page's text.
TITLE_LEFT = 0.3
# A field's value goes on over the next line where the value so far ends in one of these.
_OPEN_END = (",", "-", "–", "/", "+")


@dataclass(frozen=True)
class _Unit:
    """A paragraph of the document, in the body or in a table's cell, with the block it stands in."""

    index: int
    paragraph: Paragraph

    @property
    def box(self) -> tuple[float, float, float, float] | None:
        return self.paragraph.location.bbox

    @property
    def page(self) -> int | None:
        return self.paragraph.location.page


def _units(blocks: Sequence[Block]) -> list[_Unit]:
    """Every paragraph in document order; a table's in the order its lines stand on the page where the
    reader placed them, so that a card cut into cells (or not) reads the same."""
    units: list[_Unit] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            units.append(_Unit(index, block))
            continue
        inside = [_Unit(index, p) for row in block.rows for cell in row.cells if not cell.merged
                  for p in cell.paragraphs if p.text.strip()]
        if all(u.box is not None for u in inside):
            inside.sort(key=lambda u: (u.box[1], u.box[0]) if u.box else (0.0, 0.0))
        units.extend(inside)
    return units


def _field(text: str, vocabulary: Vocabulary) -> tuple[str, int, str, str] | None:
    """An inline field's kind ("responsible", "timing" or "other"), how plainly its label says so (2: the
    label or a part of it between slashes is the word, 1: its last word is, "Weitere Akteure"), its label
    and its value."""
    found = _INLINE_FIELD.match(text.strip())
    if found is None or found.group("label")[:1].isdigit():
        return None
    label, value = found.group("label").strip(), found.group("value").strip(" .,;")
    whole = [label, *(part.strip() for part in label.split("/"))]
    last = [name.split()[-1] for name in whole if name.split()]
    for kind, said in (("responsible", vocabulary.is_responsible_header), ("timing", vocabulary.is_timing_header)):
        if any(said(name) for name in whole):
            return kind, 2, label, value
        if any(said(name) for name in last):
            return kind, 1, label, value
    return "other", 0, label, value


def _title_parts(units: Sequence[_Unit], start: int) -> tuple[str, set[int]]:
    """A coded title's text, with the pieces of its line beside it and its wrapped lines under it (down
    to the card's first field)."""
    first = units[start]
    text, taken = first.paragraph.text.strip(), {start}
    if first.box is None:
        return text, taken
    x0, top, x1, bottom = first.box
    height = max(bottom - top, 1.0)
    near = [(offset, unit) for offset, unit in enumerate(units[start + 1:start + TITLE_SEARCH], start + 1)
            if unit.page == first.page and unit.box is not None
            and not _CODED_TITLE.match(unit.paragraph.text.strip())]
    floor = min((unit.box[1] for _, unit in near if unit.box and unit.box[1] > bottom - height / 4
                 and _INLINE_FIELD.match(unit.paragraph.text.strip())), default=float("inf"))
    indent: float | None = None
    lines = [(top, x1)]  # each line of the title taken: its top and where it ends on the right
    for offset, unit in sorted(near, key=lambda item: (item[1].box or (0.0, 0.0))[1::-1]):
        assert unit.box is not None
        u0, utop, u1, ubottom = unit.box
        if utop >= floor or _INLINE_FIELD.match(unit.paragraph.text.strip()) or all(
                _noise(token) for token in unit.paragraph.text.split()):
            continue
        beside = any(abs(utop - line_top) < height / 2 and 0 <= u0 - right < TITLE_PIECE_GAP * height
                     for line_top, right in lines)
        under = (0 <= utop - bottom + height / 4 < TITLE_WRAP_GAP * height and x0 - 2 <= u0 < x1
                 and (indent is None or abs(u0 - indent) < height))
        if beside or under:
            text = f"{text} {unit.paragraph.text.strip()}"
            taken.add(offset)
            x1 = max(x1, u1)
            lines.append((utop, u1))
            if under:
                bottom, indent = ubottom, u0 if indent is None else indent
    return text, taken


# A token read beside a field's value that is no word: a rating column's dots and ticks read as
# letters ("o0oe", "Ss S"), letters and digits mixed ("z2ouo"), signs ("{0}", "u}"), words of a rotated
# label glued together ("GeringeKostenAufwandbzw."), a long number. A time's "Q3", "uke 3" or "15.mars" is
# none of these.
_NOISE_SIGNS = re.compile(r"[^\w.,\-–/()„“\"'&+%]")
LONG_NUMBER = 5  # digits: a number this long beside a name or a time is no part of it
_GLUED = re.compile(r"[a-zæøåäöüß][A-ZÆØÅÄÖÜ]")


def _mixed(token: str) -> bool:
    """Letters and digits mixed as no word or code is: after a small letter ("s2", "z2ouo"), back and
    forth ("a1b2"), or with a capital inside ("SssSäa55"); not "Q3", "H2", "15.mars", "E85"."""
    kinds = [char.isdigit() for char in token if char.isalnum()]
    if not (any(kinds) and not all(kinds)):
        return False
    changes = sum(a != b for a, b in itertools.pairwise(kinds))
    return token[0].islower() or changes >= 2 or _GLUED.search(token) is not None


def _noise(token: str) -> bool:
    glued = len(_GLUED.findall(token))
    return bool(_NOISE_SIGNS.search(token) or _mixed(token) or (len(token) == 1 and token.isalpha())
                or set(token.casefold()) <= set("oe0.,:;®©") or (len(token) == 2 and token[0].casefold() == token[1])
                or glued >= 2 or (glued and len(token) >= 16) or (token.isdigit() and len(token) >= LONG_NUMBER))


def _without_noise(value: str) -> tuple[str, str]:
    """A field's value without the noise read before and after it, and that noise."""
    tokens = value.split()
    start, end = 0, len(tokens)
    while start < end - 1 and _noise(tokens[start]) and tokens[start] not in "„\"(":
        start += 1
    end = next((index for index in range(start + 1, end) if _noise(tokens[index])  # (or a lone digit after a
                or (tokens[index].isdigit() and len(tokens[index]) == 1  # number: "ab 2013 5", not "uke 3")
                    and tokens[index - 1][-1:].isdigit())), end)
    while start < end - 1 and _noise(tokens[start]) and tokens[start] not in "„\"(":
        start += 1
    return " ".join(tokens[start:end]), " ".join(tokens[:start] + tokens[end:])


# Conjunctions between the actors a card's responsible field names ("Stadtwerke Münster und Universität").
_AND = re.compile(r"\s(?:und|og|and|och|samt)\s(?![^()]*\))")


def _fields_of(text: str) -> list[str]:
    """A line's fields, each as a line of its own ("Zeitraum: ab 2010 Aufwand (€): 30.000" is two)."""
    pieces = []
    while (found := _INLINE_FIELD.match(text)) and (after := _SECOND_LABEL.search(text, found.start("value"))):
        pieces.append(text[:after.start()])
        text = text[after.end():]
    return [*pieces, text]


def _roles(value: str, vocabulary: Vocabulary) -> list[str]:
    """The actors a responsible field names; none where it says none ("-")."""
    return [role for part in _AND.split(value) for role in split_roles([Paragraph(text=part)], vocabulary)
            if role.strip("-–— ")]


@dataclass
class _InlineCard:
    """A card being read from its lines: the card, how plainly the label of the responsible taken said
    so, the field waiting for its value on the next line, and the noise dropped from values."""

    card: _Card
    stated: bool = False
    plainness: int = 0
    responsible_label: str = ""
    open_field: tuple[str, str] | None = None  # kind and label of the field the next line may go on with
    waiting: bool = False  # the open field's value is on the next line ("Möglicher Akteur / Initiator:")
    at: tuple[float, float, float, float] | None = None  # where the open field's last line stands
    noise: list[str] = field(default_factory=list)

    def take(self, kind: str, plain: int, label: str, value: str, vocabulary: Vocabulary) -> None:
        card = self.card
        if kind != "other":  # (the other fields are kept as read)
            value, noise = _without_noise(value)
            if noise:
                self.noise.append(f"«{noise}» beside «{label}: {value}»")
        if kind == "responsible" and (not card.responsible or plain > self.plainness):
            if card.responsible:  # ("Weitere Akteure", read first, are participants)
                card.extra[self.responsible_label] = ", ".join(card.responsible)
            card.responsible = _roles(value, vocabulary)
            self.stated = self.stated or bool(value)
            self.plainness, self.responsible_label = plain, label
        elif kind == "timing" and card.timing is None:
            card.timing, self.stated = value or None, self.stated or bool(value)
        else:
            kind = "other"
            card.extra[label] = " ".join(v for v in (card.extra.get(label), value) if v)
        self.open_field, self.waiting = (kind, label), not value and kind != "other"

    def under(self, box: tuple[float, float, float, float] | None) -> bool:
        """Whether a line stands where the open field's value would go on: the next line down, starting
        under it (not a column's text beside it, nor a line read out of order)."""
        if self.at is None or box is None:
            return True
        x0, top, x1, bottom = self.at
        height = min(bottom - top, box[3] - box[1]) or 1.0
        return bottom - height / 2 <= box[1] <= bottom + height and x0 - height <= box[0] < x1

    def line(self, text: str, vocabulary: Vocabulary, box: tuple[float, float, float, float] | None = None) -> None:
        """A line of the card that is no field: a waiting field's value, a wrapped value, or text."""
        card, open_field = self.card, self.open_field
        tokens = text.split()
        if sum(map(_noise, tokens)) * 2 >= len(tokens):  # a rating column's marks read as letters
            card.extra["Text"] = " ".join(v for v in (card.extra.get("Text"), text) if v)
            return
        if self.waiting and open_field is not None and self.under(box):
            self.at = box
            self.take(open_field[0], self.plainness if open_field[0] == "responsible" else 0,
                      open_field[1], text, vocabulary)
            return
        if open_field is not None and open_field[0] == "responsible" and card.responsible and self.under(box) and (
                card.responsible[-1].endswith(_OPEN_END) or text[:1].islower()
                or card.responsible[-1].split()[-1].casefold() in vocabulary.continuation_words):
            joined = join_wrapped(card.responsible[-1], text, vocabulary)
            card.responsible = [*card.responsible[:-1], *_roles(joined, vocabulary)]
            self.at = box
            return
        label = open_field[1] if open_field is not None and open_field[0] == "other" else "Text"
        card.extra[label] = " ".join(v for v in (card.extra.get(label), text) if v)


def read_inline_cards(units: Sequence[_Unit], vocabulary: Vocabulary, is_heading: Callable[[_Unit], bool]
                      ) -> list[tuple[Paragraph | None, Measure, set[int], list[str]]]:
    """Each inline card's heading above it, measure, the blocks it took and the noise dropped from its
    values; empty where the document has fewer than MIN_INLINE_CARDS cards stating a responsible or a
    timing."""
    cards: list[tuple[Paragraph | None, Measure, set[int], list[str]]] = []
    heading: Paragraph | None = None
    reading: _InlineCard | None = None
    spans: dict[int | None, tuple[float, float]] = {}  # each page's text from its left to its right
    for unit in units:
        if unit.box is not None:
            left, right = spans.get(unit.page, (unit.box[0], unit.box[2]))
            spans[unit.page] = (min(left, unit.box[0]), max(right, unit.box[2]))

    def at_left(unit: _Unit) -> bool:  # a title opens its card on the left, not in a column beside it
        if unit.box is None or unit.page not in spans:
            return True
        left, right = spans[unit.page]
        return unit.box[0] <= left + TITLE_LEFT * (right - left)
    used: set[int] = set()
    skip: set[int] = set()

    def close() -> None:
        if reading is not None and reading.stated:
            cards.append((heading, reading.card.measure(vocabulary), used, reading.noise))

    for position, unit in enumerate(units):
        if position in skip:
            continue
        text = unit.paragraph.text.strip()
        if is_heading(unit):
            close()
            words, taken = _title_parts(units, position)  # (a heading cut into cells of a page's header)
            skip |= taken
            reading = None
            heading = replace(unit.paragraph, text=words, lines=(words,), soft_breaks=())
            continue
        titled = _CODED_TITLE.match(text)
        if titled and at_left(unit):
            close()
            title, taken = _title_parts(units, position)
            skip |= taken
            code = titled.group("code")
            title_words = title[len(code):].split()
            while len(title_words) > 1 and _noise(title_words[-1]):
                title_words.pop()
            reading = _InlineCard(_Card(" ".join(title_words), unit.paragraph.location))
            reading.card.extra["ID"] = code
            used = {unit.index}
            continue
        if reading is None:
            continue
        used.add(unit.index)
        pieces = _fields_of(text)
        for piece in pieces:  # each field of the line read as a line of its own
            found = _field(piece, vocabulary)
            if found is None:
                reading.line(piece, vocabulary, unit.box)
            else:
                reading.at = unit.box
                reading.take(*found, vocabulary)
    close()
    return cards if len(cards) >= MIN_INLINE_CARDS else []


def _numbered(paragraph: Paragraph) -> bool:
    """Whether a paragraph is a numbered section's heading ("7.2.3 Gewerbe") or styled as a heading."""
    number, _ = split_number(paragraph.text)
    return paragraph.style.heading_level is not None or (number is not None and "." in number.strip(". "))


def build_inline_card_structure(blocks: Sequence[Block], vocabulary: Vocabulary) -> Structure | None:
    """The plan of a document of inline cards: an area per heading above cards, its cards' measures in
    document order; None where it has fewer than MIN_INLINE_CARDS."""
    from planparse.recognizer.structure import Chunk, Structure, outranks, signature, title_text

    _, body, title_indices = _body_and_title(blocks, vocabulary)

    def outranking(paragraph: Paragraph) -> bool:
        return (body is not None and len(paragraph.text) <= LABEL_MAX * 2
                and not paragraph.text.rstrip().endswith((".", ":")) and paragraph.text.strip()[:1] not in "-–•"
                and _CODED_TITLE.match(paragraph.text.strip()) is None
                and _INLINE_FIELD.match(paragraph.text.strip()) is None and outranks(signature(paragraph), body))

    units = _units(blocks)
    candidates = {id(u) for u in units if u.index not in title_indices and outranking(u.paragraph)
                  and (isinstance(blocks[u.index], Paragraph) or _numbered(u.paragraph))}
    # where some headings are numbered or styled as headings, those are the sections the cards stand
    # in; the others are lines of the cards' own text standing out (a sheet's bold lead-in, read by OCR)
    sections = {id(u) for u in units if id(u) in candidates and _numbered(u.paragraph)}
    headings = sections or candidates
    cards = read_inline_cards(units, vocabulary, lambda unit: id(unit) in headings)
    if not cards:
        return None
    chunks: list[Chunk] = [Chunk(heading=None)]
    taken: set[int] = set()
    last: Paragraph | None = None
    warnings: list[PlanWarning] = []
    seen: dict[str, Location] = {}
    for heading, measure, blocks_taken, noise in cards:
        taken |= blocks_taken
        if noise:
            warnings.append(PlanWarning(code="card-field-noise", location=measure.location,
                                        message=f"left out as no words, read beside a field of «{measure.text}»: "
                                                f"{'; '.join(noise)}; check the card on the page"))
        if heading is not last or len(chunks) == 1:
            chunks.append(Chunk(heading=heading, goals=[Goal(text="", measures=[])]))
            last = heading
        chunks[-1].goals[0].measures.append(measure)
        code = measure.extra.get("ID", "")
        if code in seen:
            warnings.append(PlanWarning(code="card-repeated", location=measure.location,
                                        message=f"a second card numbered «{code}» ({seen[code].describe()} has the "
                                                "first): an example or a copy; check which one the plan means"))
        seen.setdefault(code, measure.location)
    for index, block in enumerate(blocks):
        if index not in taken and index not in title_indices and isinstance(block, Paragraph) and block.text.strip():
            chunks[0].notes.append(paragraph_text(block, vocabulary))
    return Structure(title=title_text(blocks, sorted(title_indices), vocabulary), chunks=chunks, warnings=warnings)
