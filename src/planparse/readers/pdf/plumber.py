"""pdfplumber's (pdfminer's) view of a PDF as a page source: its characters and edges as they are, its
filled shapes from its rectangles and curves, and a page's picture drawn by pdfplumber (PDFium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planparse.options import ReadOptions
from planparse.readers.pages.page import Fill, SourcePage
from planparse.readers.pdf.guard import drawing_count

# As PDFium's page source: thinner filled shapes are ruling lines, and more of them is a drawing.
MIN_FILL = 1.0
MAX_FILLS = 5000
MAX_IMAGES = 500


def _grey(colour: Any) -> float | None:
    """A pdfminer colour's grey level (0 black … 1 white); None for a pattern or what is not a colour."""
    if isinstance(colour, (int, float)):
        return float(colour)
    if not isinstance(colour, (tuple, list)) or not all(isinstance(v, (int, float)) for v in colour):
        return None
    if len(colour) == 1:
        return float(colour[0])
    if len(colour) == 3:
        red, green, blue = (float(v) for v in colour)
        return 0.299 * red + 0.587 * green + 0.114 * blue
    if len(colour) == 4:  # CMYK, as PDFium turns it into RGB
        cyan, magenta, yellow, black = (float(v) for v in colour)
        red, green, blue = ((1 - c) * (1 - black) for c in (cyan, magenta, yellow))
        return 0.299 * red + 0.587 * green + 0.114 * blue
    return None


def page_fills(page: Any) -> list[Fill]:
    fills: list[Fill] = []
    for shape in [*page.rects, *page.curves]:
        if not shape.get("fill") or shape["x1"] - shape["x0"] < MIN_FILL or shape["bottom"] - shape["top"] < MIN_FILL:
            continue
        grey = _grey(shape.get("non_stroking_color"))
        fills.append(Fill(float(shape["x0"]), float(shape["top"]), float(shape["x1"]), float(shape["bottom"]),
                          round(grey if grey is not None else 0.0, 3)))
        if len(fills) > MAX_FILLS:
            return []
    return fills


class PlumberSource:
    """A PDF's pages as pdfplumber reads them."""

    kind = "pdf"

    def __init__(self, path: Path, options: ReadOptions) -> None:
        import pdfplumber  # only for this engine: PDFium's needs none of it
        from pdfminer.psparser import PSException
        from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

        from planparse.readers.pdf import damaged_pdf

        self.name, self.path = path.name, path
        self.limit = options.limits.max_drawings_per_page
        self._drawer: Any = None
        try:
            self.pdf = pdfplumber.open(path)
            self.count = len(self.pdf.pages)
            value = self.pdf.metadata.get("Title")
        except (PdfminerException, MalformedPDFException, PSException) as error:
            raise damaged_pdf(path, error) from error
        self._title = value.strip() if isinstance(value, str) and value.strip() else None

    def __len__(self) -> int:
        return self.count

    def title(self) -> str | None:
        return self._title

    def drawings(self, index: int) -> int:
        return drawing_count(self.pdf.pages[index].page_obj, self.limit)

    def page(self, index: int) -> SourcePage:
        page = self.pdf.pages[index]
        try:
            images = [(float(i["x0"]), float(i["top"]), float(i["x1"]), float(i["bottom"])) for i in page.images]
            # pdfminer's characters do not say whether they are drawn invisible: PDFium tells a searchable
            # scan's text layer, as the PDFium source does, so both engines read such a page alike
            hidden = bool(page.chars and images) and self._pictures().hidden_text(index)
            return SourcePage(float(page.width), float(page.height), page.chars, page.edges, page_fills(page),
                              images if len(images) <= MAX_IMAGES else [], hidden_text=hidden)
        finally:
            page.close()  # the page's objects are not needed again: keep memory flat

    def _pictures(self) -> Any:
        """The page's pictures are drawn by PDFium, as the PDFium source draws them: a scan's resolution
        and picture are the same whichever engine reads the text, so OCR reads the same words."""
        from planparse.readers.pdf.pdfium import PdfiumDocument

        if self._drawer is None:
            self._drawer = PdfiumDocument(self.path)
        return self._drawer

    def scan_resolution(self, index: int) -> float | None:
        resolution: float | None = self._pictures().scan_resolution(index)
        return resolution

    def picture(self, index: int, dpi: float) -> tuple[Any, float]:
        image, resolution = self._pictures().picture(index, dpi)
        return image, float(resolution)

    def close(self) -> None:
        self.pdf.close()
        if self._drawer is not None:
            self._drawer.close()
