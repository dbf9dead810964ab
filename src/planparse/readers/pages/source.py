"""The shape every page source takes (docling's page backend): a PDF engine (PDFium, pdfplumber) or a
file of page images gives each page's characters, ruling lines and fills, a picture of the page, and
what its pictures tell of a scan; the chain after it does not know which source it read."""

from __future__ import annotations

from typing import Any, Protocol

from planparse.readers.pages.page import SourcePage


class PageSource(Protocol):
    """A document's pages, one at a time. Errors a damaged page causes are raised by the call that met
    them; the reader turns them into that page's warning."""

    name: str  # the file's name, for messages
    kind: str  # "pdf" or "image": what the libraries reading it report damage of

    def __len__(self) -> int: ...

    def title(self) -> str | None:
        """The title the file's properties give, if any."""
        ...

    def drawings(self, index: int) -> int:
        """How many things the page would draw, counted before anything draws it (0 when not known)."""
        ...

    def page(self, index: int) -> SourcePage:
        """The page's size, characters, edges and fills."""
        ...

    def scan_resolution(self, index: int) -> float | None:
        """The resolution (dots per inch) a scanned page was made at: the largest picture's; None when
        the page shows no picture."""
        ...

    def picture(self, index: int, dpi: float) -> tuple[Any, float]:
        """The page as a grey PIL image, drawn at about `dpi` (a page image file gives its own), with
        the resolution it has."""
        ...

    def close(self) -> None: ...
