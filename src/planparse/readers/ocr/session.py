"""The OCR of one document: Tesseract looked for once, and the language chosen on the first page read
(Norwegian, bokmål or nynorsk, or English), since one language model reads better than two together."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planparse.budget import allow_more_time
from planparse.language import Language, detect_language
from planparse.model import PlanWarning
from planparse.options import ReadOptions
from planparse.readers.ocr.tesseract import require_tesseract
from planparse.readers.pages.page import PageText
from planparse.readers.pages.text import words_to_lines

if TYPE_CHECKING:  # the image libraries are imported when a page is read by OCR, not for every PDF
    from planparse.readers.ocr.page import OcrPage

FIRST_TRY = "nor"  # most plans planparse reads are Norwegian


class OcrSession:
    def __init__(self) -> None:
        self.languages: str | None = None

    def read(self, image: Any, dpi: float, number: int, what: str, warnings: list[PlanWarning]) -> OcrPage:
        from planparse.readers.ocr.page import read_page

        installed = require_tesseract(what)
        if self.languages is not None:
            return read_page(image, dpi, number, self.languages, warnings)
        first = FIRST_TRY if FIRST_TRY in installed else "+".join(sorted(installed)) or "eng"
        found: list[PlanWarning] = []
        page = read_page(image, dpi, number, first, found)
        language = detect_language(w.text for w in page.words)
        self.languages = "eng" if language is Language.ENGLISH and "eng" in installed else first
        if self.languages != first:
            found = []
            page = read_page(image, dpi, number, self.languages, found)
        warnings.extend(found)
        return page


def ocr_page_text(image: Any, dpi: float, number: int, what: str, options: ReadOptions,
                  warnings: list[PlanWarning], session: OcrSession) -> PageText:
    """A page image read by OCR, as a page of text: the same words, lines and grids a PDF page gives,
    so that the chain after does not know the difference. `session` carries the language chosen on
    the first page."""
    allow_more_time(options.limits.ocr_seconds_per_page)
    page = session.read(image, dpi, number, what, warnings)
    return PageText(number, page.width, page.height, page.words, words_to_lines(page.words), page.grids, ocr=True)
