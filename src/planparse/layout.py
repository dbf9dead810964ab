"""The neutral layout: what a reader saw in a file, in reading order, knowing nothing about plans."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from planparse.model import Location, PlanWarning, SourceFormat


@dataclass(frozen=True)
class TextStyle:
    """Style facts of a paragraph; None where the format does not say."""

    bold: bool = False
    italic: bool = False
    size: float | None = None
    style_name: str | None = None
    heading_level: int | None = None
    is_title: bool = False
    list_label: str | None = None
    list_level: int | None = None
    font: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text or a heading.

    `lines` are the paragraph's lines where the file separates them (Word line breaks,
    PDF visual lines); `soft_breaks[i]` is True when the break after line i is a layout
    wrap rather than one the author made.
    """

    text: str
    style: TextStyle = field(default_factory=TextStyle)
    location: Location = field(default_factory=Location)
    lines: tuple[str, ...] = ()
    soft_breaks: tuple[bool, ...] = ()

    def line_texts(self) -> tuple[str, ...]:
        return self.lines or (self.text,)


@dataclass(frozen=True)
class Cell:
    """One grid cell; a merged cell appears in every grid slot it covers, with `merged` set."""

    paragraphs: tuple[Paragraph, ...]
    location: Location = field(default_factory=Location)
    merged: bool = False

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.paragraphs if p.text).strip()


class RowBoundary(Enum):
    """How sure the reader is that a row starts where it says."""

    CERTAIN = "certain"  # the file says so (a Word row, a ruled line)
    INFERRED = "inferred"  # guessed from spacing: it may be a further paragraph of the row above
    PAGE_BREAK = "page-break"  # first row after a page break: it may be the rest of a row the break cut


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    location: Location = field(default_factory=Location)
    is_header: bool = False
    boundary: RowBoundary = RowBoundary.CERTAIN

    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    location: Location = field(default_factory=Location)


Block = Paragraph | Table


@dataclass
class Layout:
    """A document as a reader saw it: blocks in reading order plus what the reader noticed."""

    blocks: list[Block]
    source_format: SourceFormat
    pages: int | None = None
    warnings: list[PlanWarning] = field(default_factory=list)
    title: str | None = None  # the title the file's properties give, if any
    # words read by OCR: page, box (points) and confidence (0-100), for each measure to carry how sure
    # the reading of its row was
    confidences: list[tuple[int, tuple[float, float, float, float], float]] = field(default_factory=list)
