"""The PDF engines as page sources: PDFium (the default) and pdfplumber, each giving every page's
characters, ruling lines, fills and picture in one shape; the page chain reads them alike.

`open_pdf` opens a file with the engine the options ask for, refusing a file that is damaged or
protected by a password in one line; each page's drawing cost is counted (guard.py) before the
engine draws it, so that a page drawing a form ten million times is passed over first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planparse.errors import UnreadableInputError
from planparse.options import ReadOptions
from planparse.readers.pages.page import SourcePage
from planparse.readers.pages.source import PageSource
from planparse.readers.pdf.guard import PageCosts

__all__ = ["open_pdf"]


def damaged_pdf(path: Path, error: BaseException) -> UnreadableInputError:
    cause = error.args[0] if error.args else error
    message = str(cause) or cause.__class__.__name__
    if any(word in f"{cause.__class__.__name__} {message}".lower() for word in ("password", "encrypt")):
        return UnreadableInputError(f"{path.name}: the PDF is protected by a password; "
                                    "save an unprotected copy and try again")
    return UnreadableInputError(f"{path.name}: the PDF is damaged ({message[:80]}); "
                                "export the plan to PDF again")


class _Costs:
    """Each page's drawing cost, counted from the content streams when first asked for."""

    def __init__(self, path: Path, limit: int) -> None:
        self.path, self.limit = path, limit
        self.costs: PageCosts | None = None

    def count(self, index: int) -> int:
        if self.costs is None:
            self.costs = PageCosts(self.path, self.limit)
        return self.costs.count(index)

    def close(self) -> None:
        if self.costs is not None:
            self.costs.close()


class PdfiumSource:
    """A PDF's pages as PDFium draws them."""

    kind = "pdf"

    def __init__(self, path: Path, options: ReadOptions) -> None:
        from planparse.readers.pdf.pdfium import PdfiumDocument, PdfiumError

        self.name = path.name
        try:
            self.document = PdfiumDocument(path)
        except PdfiumError as error:
            raise damaged_pdf(path, error) from error
        self.costs = _Costs(path, options.limits.max_drawings_per_page)

    def __len__(self) -> int:
        return len(self.document)

    def title(self) -> str | None:
        return self.document.title()

    def drawings(self, index: int) -> int:
        return self.costs.count(index)

    def page(self, index: int) -> SourcePage:
        return self.document.page(index)

    def scan_resolution(self, index: int) -> float | None:
        return self.document.scan_resolution(index)

    def picture(self, index: int, dpi: float) -> tuple[Any, float]:
        return self.document.picture(index, dpi)

    def close(self) -> None:
        self.costs.close()
        self.document.close()


def open_pdf(path: Path, options: ReadOptions) -> PageSource:
    """The PDF as a page source of the engine `options.pdf_engine` names."""
    if options.pdf_engine == "pdfplumber":
        from planparse.readers.pdf.plumber import PlumberSource

        return PlumberSource(path, options)
    return PdfiumSource(path, options)
