"""One page as every page source gives it to the chain: words with their boxes and fonts, lines, ruled
grids and filled shapes, whether a PDF engine drew it or OCR read it from a picture."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planparse.model import BBox
from planparse.readers.pages.ruled import Grid
from planparse.readers.pages.text import TextLine, Word


@dataclass(frozen=True)
class Fill:
    """A filled shape the page draws (a bullet drawn as a dot, a Gantt bar, a shaded cell): its box in
    points from the page's top left, and its fill's grey level (0 black … 1 white)."""

    x0: float
    top: float
    x1: float
    bottom: float
    grey: float = 0.0

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class SourcePage:
    """What a page source hands over for one page: its viewed size (points), its characters in
    pdfplumber's dict shape, its level and upright drawn edges, its filled shapes and its pictures."""

    width: float
    height: float
    chars: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    fills: list[Fill] = field(default_factory=list)
    images: list[BBox] = field(default_factory=list)  # where the page shows pictures
    hidden_text: bool = False  # its characters are an invisible layer over a picture (a searchable scan)


@dataclass
class PageText:
    """A page after its characters became words and lines (or OCR read them), with its ruled grids."""

    number: int
    width: float
    height: float
    words: list[Word]
    lines: list[TextLine]
    grids: list[Grid]
    fills: list[Fill] = field(default_factory=list)
    images: list[BBox] = field(default_factory=list)
    ocr: bool = False  # read from the page's image
    # points: where the page's left edge stands on the image it was read from (the right one of two
    # pages scanned side by side on one image); its words are in its own coordinates
    left: float = 0.0

    @classmethod
    def empty(cls, number: int) -> PageText:
        """A page passed over (too complex, unreadable): no text, said in a warning elsewhere."""
        return cls(number, 0.0, 0.0, [], [], [])
